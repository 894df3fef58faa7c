using UnionOffice.Pdf;

namespace UnionOffice.OcrAccuracy.Corpus;

/// <summary>
/// Typesets a <see cref="CorpusDocument"/> as an A4 PDF following the layout of NĐ30 Phụ lục I (Mục IV): margins
/// 20/20/30/15 mm; organ name top-left (upper organ regular, issuing organ bold, a short rule below), "Số: …" centred
/// under it; national motto top-right (12 pt bold, slogan 13 pt bold with a rule), place and date italic on the
/// number's line; type name 14 pt bold and trích yếu 14 pt bold centred with a rule, or for a công văn "V/v …" 12 pt
/// under the number; body 14 pt justified with a 1 cm first-line indent; signature block right, "Nơi nhận" left.
/// Font: Liberation Serif (metric twin of the Times New Roman the decree asks for).
/// </summary>
public static class DocumentComposer
{
    private const double Mm = 72 / 25.4;
    private const double Left = 30 * Mm, Right = 15 * Mm, Top = 20 * Mm, Bottom = 20 * Mm;
    private static readonly double PageWidth = 210 * Mm, PageHeight = 297 * Mm;
    private static readonly double ContentWidth = PageWidth - Left - Right;
    private static readonly double LeftCell = ContentWidth * 0.42;
    private static readonly double RightCell = ContentWidth - LeftCell;

    public static byte[] Compose(CorpusDocument d)
    {
        var pdf = new PdfComposer { Title = $"{d.TypeName} {d.CodeNumber}/{d.CodeNotation}" };
        var w = new Writer(pdf);
        w.Header(d);
        w.Body(d);
        w.Signature(d);
        return pdf.ToArray();
    }

    /// <summary>A face at a size (UnionOffice.Pdf's embedded Liberation Serif).</summary>
    private sealed record XFont(TrueTypeFont Face, double Size);

    private sealed class Writer
    {
        private readonly PdfComposer _pdf;
        private PdfPage _g = null!;
        private double _y;

        public Writer(PdfComposer pdf)
        {
            _pdf = pdf;
            NewPage();
        }

        private static XFont Font(double size, bool bold = false, bool italic = false) => new(StandardFonts.Serif(bold, italic), size);

        private void NewPage()
        {
            _g = _pdf.AddPage();
            _y = Top;
        }

        private static double Width(string s, XFont f) => PdfComposer.Measure(s, f.Face, f.Size);

        private void Draw(string s, XFont f, double x, double baseline) => _g.Text(x, baseline, s, f.Face, f.Size);

        private static double LineHeight(XFont f, double spacing = 1.15) => f.Size * spacing;

        /// <summary>Draws one line centred on <paramref name="centre"/> with its top at <paramref name="top"/>; returns its width.</summary>
        private double Centred(string s, XFont f, double centre, double top)
        {
            var width = Width(s, f);
            Draw(s, f, centre - width / 2, top + f.Size * 0.9);
            return width;
        }

        private void Rule(double centre, double y, double length) =>
            _g.Line(centre - length / 2, y, centre + length / 2, y, 0.6);

        /// <summary>A header line that does not fit its cell is split in two where the halves are most even, as clerks do.</summary>
        private List<string> Balanced(string s, XFont f, double max)
        {
            if (Width(s, f) <= max) return [s];
            var words = s.Split(' ');
            var best = (Cost: double.MaxValue, Lines: new List<string> { s });
            for (var i = 1; i < words.Length; i++)
            {
                var a = string.Join(' ', words[..i]);
                var b = string.Join(' ', words[i..]);
                var cost = Math.Max(Width(a, f), Width(b, f));
                if (cost < best.Cost) best = (cost, [a, b]);
            }
            return best.Lines;
        }

        /// <summary>Centred text as a typist sets it: two even lines when two are enough, no word left alone on the last.</summary>
        private List<string> Centred2(string s, XFont f, double max)
        {
            var lines = Wrap(s, f, max);
            return lines.Count == 2 && Balanced(s, f, max) is { Count: 2 } even ? even : lines;
        }

        private List<string> Wrap(string s, XFont f, double max, double firstIndent = 0)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && Width(candidate, f) > max - (lines.Count == 0 ? firstIndent : 0))
                {
                    lines.Add(current);
                    current = word;
                }
                else current = candidate;
            }
            if (current.Length > 0) lines.Add(current);
            return lines;
        }

        public void Header(CorpusDocument d)
        {
            var leftCentre = Left + LeftCell / 2;
            var rightCentre = Left + LeftCell + RightCell / 2;
            // Left: organ names.
            var y = Top;
            var regular = Font(12.5);
            var bold = Font(12.5, bold: true);
            foreach (var line in d.ParentLines.SelectMany(l => Balanced(l, regular, LeftCell - 4)))
            {
                Centred(line, regular, leftCentre, y);
                y += LineHeight(regular, 1.1);
            }
            double lastWidth = 0;
            foreach (var line in d.IssuerLines.SelectMany(l => Balanced(l, bold, LeftCell - 4)))
            {
                lastWidth = Centred(line, bold, leftCentre, y);
                y += LineHeight(bold, 1.1);
            }
            Rule(leftCentre, y + 4, lastWidth * 0.4);
            var leftBottom = y + 8;

            // Right: national motto and slogan.
            var ry = Top;
            Centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Font(12, bold: true), rightCentre, ry);
            ry += LineHeight(Font(12), 1.1);
            var sloganWidth = Centred("Độc lập - Tự do - Hạnh phúc", Font(13, bold: true), rightCentre, ry);
            ry += LineHeight(Font(13), 1.1);
            Rule(rightCentre, ry + 4, sloganWidth);
            var rightBottom = ry + 8;

            // Number (left) and place-date (right) on one line.
            var lineTop = Math.Max(leftBottom, rightBottom) + 4;
            Centred(d.NumberLine, Font(13), leftCentre, lineTop);
            Centred(d.PlaceDateLine, Font(13, italic: true), rightCentre, lineTop);
            _y = lineTop + LineHeight(Font(13));

            if (d.IsCongVan)
            {
                _y += 6;
                foreach (var line in Centred2(d.Subject, Font(12), LeftCell - 10))
                {
                    Centred(line, Font(12), leftCentre, _y);
                    _y += LineHeight(Font(12), 1.05);
                }
            }
            if (d.Urgency is { } urgency)
            {
                _y += 6;
                var f = Font(13, bold: true);
                var width = Width(urgency, f) + 14;
                _g.Rectangle(leftCentre - width / 2, _y - 2, width, f.Size + 8, stroke: PdfColor.Black, lineWidth: 0.8);
                Centred(urgency, f, leftCentre, _y + 2);
                _y += f.Size + 10;
            }
            _y += 14;

            if (d.IsCongVan)
            {
                var f = Font(14);
                var label = "Kính gửi: ";
                var x = Left + ContentWidth * 0.18;
                Draw(label, f, x, _y + f.Size * 0.9);
                var indent = x + Width(label, f);
                foreach (var a in d.Addressees)
                {
                    var prefix = d.Addressees.Count > 1 ? "- " : "";
                    Draw(prefix + a, f, indent, _y + f.Size * 0.9);
                    _y += LineHeight(f);
                }
                _y += 8;
            }
            else
            {
                var typeFont = Font(14, bold: true);
                Centred(d.TypeName.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN")), typeFont, Left + ContentWidth / 2, _y);
                _y += LineHeight(typeFont);
                double width = 0;
                foreach (var line in Centred2(d.Subject, typeFont, ContentWidth * 0.85))
                {
                    width = Math.Max(width, Centred(line, typeFont, Left + ContentWidth / 2, _y));
                    _y += LineHeight(typeFont);
                }
                Rule(Left + ContentWidth / 2, _y + 6, Math.Min(width, ContentWidth * 0.85) * 0.4);
                _y += 20;
            }
        }

        public void Body(CorpusDocument d)
        {
            foreach (var p in d.Body)
            {
                if (p.StartsWith('\u0001'))
                {
                    var f = Font(14, bold: true);
                    foreach (var line in Balanced(p[1..], f, ContentWidth))
                    {
                        Ensure(LineHeight(f));
                        Centred(line, f, Left + ContentWidth / 2, _y);
                        _y += LineHeight(f);
                    }
                    _y += 6;
                    continue;
                }
                var italic = p.StartsWith('\u0002');
                Paragraph(italic ? p[1..] : p, Font(14, italic: italic));
            }
        }

        private void Paragraph(string text, XFont f)
        {
            const double indent = 10 * Mm;
            var lines = Wrap(text, f, ContentWidth, indent);
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(LineHeight(f, 1.25));
                var x = Left + (i == 0 ? indent : 0);
                var words = lines[i].Split(' ');
                var last = i == lines.Count - 1;
                if (last || words.Length == 1)
                    Draw(lines[i], f, x, _y + f.Size * 0.9);
                else
                {
                    // Justified: the spare width shared between the gaps.
                    var available = ContentWidth - (i == 0 ? indent : 0);
                    var gap = (available - words.Sum(word => Width(word, f))) / (words.Length - 1);
                    foreach (var word in words)
                    {
                        Draw(word, f, x, _y + f.Size * 0.9);
                        x += Width(word, f) + gap;
                    }
                }
                _y += LineHeight(f, 1.25);
            }
            _y += 6;
        }

        private void Ensure(double height)
        {
            if (_y + height > PageHeight - Bottom) NewPage();
        }

        public void Signature(CorpusDocument d)
        {
            var right = Left + ContentWidth * 0.62;
            var centre = right + (ContentWidth - ContentWidth * 0.62) / 2;
            Ensure(150);
            _y += 10;
            var top = _y;
            var bold = Font(13.5, bold: true);
            foreach (var line in new[] { d.SignerAuthority, d.SignerTitle }.Where(l => l.Length > 0))
            {
                Centred(line, bold, centre, _y);
                _y += LineHeight(bold);
            }
            _y += 70;
            Centred(d.SignerName, Font(14, bold: true), centre, _y);

            var ly = top;
            Draw("Nơi nhận:", Font(12, bold: true, italic: true), Left, ly + 12 * 0.9);
            ly += LineHeight(Font(12));
            foreach (var r in d.Recipients)
            {
                Draw("- " + r, Font(11), Left, ly + 11 * 0.9);
                ly += LineHeight(Font(11));
            }
        }

    }
}
