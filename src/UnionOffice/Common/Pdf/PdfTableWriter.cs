using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace UnionOffice.Common.Pdf;

/// <summary>
/// Composes a <see cref="PrintedTable"/> as a PDF in the shape of the NĐ30 Phụ lục IV templates: A4 (landscape unless the
/// table asks for portrait), the title block on the first page, the header row (and the "(1) (2) …" row) repeated on
/// every page, cell text wrapped inside bordered cells, a row taller than a page carried over, and "Trang x/y" at the foot.
/// Text is Liberation Serif embedded with Unicode encoding, so Vietnamese prints and can be searched and copied.
/// </summary>
public static class PdfTableWriter
{
    public const string ContentType = "application/pdf";
    private const double Pad = 3, Mm = 72 / 25.4;

    public static byte[] ToBytes(PrintedTable table)
    {
        using var ms = new MemoryStream();
        Write(table, ms);
        return ms.ToArray();
    }

    public static void Write(PrintedTable table, Stream output)
    {
        if (table.Columns.Count == 0) throw new ArgumentException("A table needs columns.", nameof(table));
        PdfLicense.Require();
        PdfFonts.EnsureInstalled();
        using var doc = new PdfDocument();
        doc.Info.Title = table.Title;
        doc.Info.Creator = "UnionOffice";
        new Composer(doc, table).Compose();
        doc.Save(output, false);
    }

    private sealed class Composer(PdfDocument doc, PrintedTable table)
    {
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
        private readonly XFont _body = new(PdfFonts.Family, table.Portrait ? 12 : 10, XFontStyleEx.Regular, Unicode);
        private readonly XFont _bold = new(PdfFonts.Family, table.Portrait ? 12 : 10, XFontStyleEx.Bold, Unicode);
        private readonly XFont _title = new(PdfFonts.Family, 14, XFontStyleEx.Bold, Unicode);
        private readonly XFont _organ = new(PdfFonts.Family, 12, XFontStyleEx.Bold, Unicode);
        private readonly XFont _line = new(PdfFonts.Family, 12, XFontStyleEx.Regular, Unicode);
        private readonly XPen _pen = new(XColors.Black, 0.5);
        private readonly Dictionary<(XFont, string), double> _widths = [];
        // NĐ30 Phụ lục I margins: wider on the bound (left) side.
        private readonly double _left = (table.Portrait ? 30 : 25) * Mm, _right = 15 * Mm, _top = 20 * Mm, _bottom = 20 * Mm;
        private double[] _columnWidths = [];
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;
        private int _rowsOnPage;

        private double PageWidth => _page!.Width.Point;
        private double PageHeight => _page!.Height.Point;
        private double Bottom => PageHeight - _bottom;

        public void Compose()
        {
            NewPage(header: false);
            var width = PageWidth - _left - _right;
            var total = table.Columns.Sum(c => Math.Max(c.Width, 1));
            _columnWidths = table.Columns.Select(c => Math.Max(c.Width, 1) / total * width).ToArray();

            Centered(table.OrganName.ToUpper(Formats.Vi), _organ, width);
            _y += 4;
            Centered(table.Title, _title, width);
            foreach (var l in table.Lines) Centered(l, _line, width);
            _y += 10;
            Header();
            foreach (var row in table.Rows) Row(row);
            _gfx!.Dispose();
            Number();
        }

        private void NewPage(bool header)
        {
            _gfx?.Dispose();
            _page = doc.AddPage();
            _page.Size = PageSize.A4;
            _page.Orientation = table.Portrait ? PageOrientation.Portrait : PageOrientation.Landscape;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = _top;
            _rowsOnPage = 0;
            if (header) Header();
        }

        private void Centered(string text, XFont font, double width)
        {
            foreach (var line in Wrap(text, font, width))
            {
                _gfx!.DrawString(line, font, XBrushes.Black, new XPoint(_left + (width - Measure(line, font)) / 2, _y), XStringFormats.TopLeft);
                _y += font.GetHeight();
            }
        }

        private void Header()
        {
            var titles = table.Columns.Select((c, i) => Wrap(c.Title, _bold, _columnWidths[i] - 2 * Pad)).ToList();
            var height = titles.Max(t => t.Count) * _bold.GetHeight() + 2 * Pad;
            Cells(titles, _columnWidths, _bold, height, _ => true, middle: true);
            if (table.NumberColumns)
                Cells(table.Columns.Select((_, i) => new List<string> { $"({i + 1})" }).ToList(), _columnWidths, _body, _body.GetHeight() + 2 * Pad, _ => true, middle: true);
        }

        private void Row(PrintedRow row)
        {
            var font = row.Strong ? _bold : _body;
            var lh = font.GetHeight();
            var widths = row.Span ? [_columnWidths.Sum()] : _columnWidths;
            var lines = widths.Select((w, i) => Wrap(PrintedTable.Text(i < row.Cells.Count ? row.Cells[i] : null), font, w - 2 * Pad)).ToList();
            while (true)
            {
                var remaining = Math.Max(1, lines.Max(l => l.Count));
                var fits = (int)Math.Floor((Bottom - _y - 2 * Pad) / lh);
                // A row starts on the next page rather than being cut; only a row longer than a whole page is carried over.
                if (fits < remaining && _rowsOnPage > 0)
                {
                    NewPage(header: true);
                    continue;
                }
                var take = Math.Min(remaining, Math.Max(fits, 1));
                Cells(lines.Select(l => l.Take(take).ToList()).ToList(), widths, font, take * lh + 2 * Pad, i => !row.Span && table.Columns[i].Centered, middle: false);
                _rowsOnPage++;
                if (take >= remaining) return;
                lines = lines.Select(l => l.Skip(take).ToList()).ToList();
                NewPage(header: true);
            }
        }

        private void Cells(List<List<string>> cells, double[] widths, XFont font, double height, Func<int, bool> centered, bool middle)
        {
            var x = _left;
            var lh = font.GetHeight();
            for (var i = 0; i < cells.Count; i++)
            {
                var w = widths[i];
                _gfx!.DrawRectangle(_pen, x, _y, w, height);
                var y = _y + Pad + (middle ? (height - 2 * Pad - cells[i].Count * lh) / 2 : 0);
                foreach (var line in cells[i])
                {
                    var lx = centered(i) ? x + (w - Measure(line, font)) / 2 : x + Pad;
                    _gfx.DrawString(line, font, XBrushes.Black, new XPoint(lx, y), XStringFormats.TopLeft);
                    y += lh;
                }
                x += w;
            }
            _y += height;
        }

        private void Number()
        {
            var count = doc.PageCount;
            var font = _body;
            for (var i = 0; i < count; i++)
            {
                var page = doc.Pages[i];
                using var g = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var text = $"Trang {i + 1}/{count}";
                var w = g.MeasureString(text, font).Width;
                g.DrawString(text, font, XBrushes.Black, new XPoint((page.Width.Point - w) / 2, page.Height.Point - _bottom / 2 - font.GetHeight() / 2), XStringFormats.TopLeft);
            }
        }

        private double Measure(string text, XFont font)
        {
            if (text.Length == 0) return 0;
            if (_widths.TryGetValue((font, text), out var w)) return w;
            w = _gfx!.MeasureString(text, font).Width;
            if (text.Length <= 40) _widths[(font, text)] = w;
            return w;
        }

        /// <summary>Greedy word wrap by measured widths; explicit line breaks kept; a word wider than the cell is cut.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var result = new List<string>();
            var space = Measure(" ", font);
            foreach (var paragraph in PrintedTable.Clean(text).Split('\n'))
            {
                var line = "";
                var lineWidth = 0.0;
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var ww = Measure(word, font);
                    if (line.Length > 0 && lineWidth + space + ww <= width)
                    {
                        line += " " + word;
                        lineWidth += space + ww;
                        continue;
                    }
                    if (line.Length > 0) result.Add(line);
                    (line, lineWidth) = (word, ww);
                    while (lineWidth > width && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && Measure(line[..cut], font) > width) cut--;
                        if (char.IsHighSurrogate(line[cut - 1])) cut--;
                        result.Add(line[..cut]);
                        line = line[cut..];
                        lineWidth = Measure(line, font);
                    }
                }
                result.Add(line);
            }
            return result;
        }
    }
}
