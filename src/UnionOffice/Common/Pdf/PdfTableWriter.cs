using UnionOffice.Pdf;

namespace UnionOffice.Common.Pdf;

/// <summary>
/// Composes a <see cref="PrintedTable"/> as a PDF in the shape of the NĐ30 Phụ lục IV templates: A4 (landscape unless the
/// table asks for portrait), the title block on the first page, the header row (and the "(1) (2) …" row) repeated on
/// every page, cell text wrapped inside bordered cells, a row taller than a page carried over, and "Trang x/y" at the foot.
/// Text is Liberation Serif embedded with a Unicode map (UnionOffice.Pdf), so Vietnamese prints and can be searched and copied.
/// </summary>
public static class PdfTableWriter
{
    public const string ContentType = "application/pdf";
    private const double Pad = 3, Mm = 72 / 25.4, Leading = 1.15;

    public static byte[] ToBytes(PrintedTable table, DateTimeOffset? createdAt = null)
    {
        using var ms = new MemoryStream();
        Write(table, ms, createdAt);
        return ms.ToArray();
    }

    public static void Write(PrintedTable table, Stream output, DateTimeOffset? createdAt = null)
    {
        if (table.Columns.Count == 0) throw new ArgumentException("A table needs columns.", nameof(table));
        var doc = new PdfComposer { Title = table.Title, Creator = "UnionOffice", CreatedAt = createdAt ?? DateTimeOffset.UtcNow };
        new Composer(doc, table).Compose();
        doc.Save(output);
    }

    /// <summary>The table on new pages of a document being composed (a form's annex after its text): "Trang x/y" counts its own pages.</summary>
    public static void Append(PrintedTable table, PdfComposer doc)
    {
        if (table.Columns.Count == 0) throw new ArgumentException("A table needs columns.", nameof(table));
        new Composer(doc, table).Compose();
    }

    private sealed record Face(TrueTypeFont Font, double Size)
    {
        public double Height => Size * Leading;
    }

    private sealed class Composer(PdfComposer doc, PrintedTable table)
    {
        private readonly Face _body = new(StandardFonts.Serif(), table.Portrait ? 12 : 10);
        private readonly Face _bold = new(StandardFonts.Serif(bold: true), table.Portrait ? 12 : 10);
        private readonly Face _title = new(StandardFonts.Serif(bold: true), 14);
        private readonly Face _organ = new(StandardFonts.Serif(bold: true), 12);
        private readonly Face _line = new(StandardFonts.Serif(), 12);
        // NĐ30 Phụ lục I margins: wider on the bound (left) side.
        private readonly double _left = (table.Portrait ? 30 : 25) * Mm, _right = 15 * Mm, _top = 20 * Mm, _bottom = 20 * Mm;
        private double[] _columnWidths = [];
        private PdfPage? _page;
        private double _y;
        private int _rowsOnPage;
        private readonly int _firstPage = doc.Pages.Count;

        private double Bottom => _page!.Height - _bottom;

        public void Compose()
        {
            NewPage(header: false);
            var width = _page!.Width - _left - _right;
            var total = table.Columns.Sum(c => Math.Max(c.Width, 1));
            _columnWidths = table.Columns.Select(c => Math.Max(c.Width, 1) / total * width).ToArray();

            Centered(table.OrganName.ToUpper(Formats.Vi), _organ, width);
            _y += 4;
            Centered(table.Title, _title, width);
            foreach (var l in table.Lines) Centered(l, _line, width);
            _y += 10;
            Header();
            foreach (var row in table.Rows) Row(row);
            Number();
        }

        private void NewPage(bool header)
        {
            _page = table.Portrait ? doc.AddPage() : doc.AddPage(PdfComposer.A4Height, PdfComposer.A4Width);
            _y = _top;
            _rowsOnPage = 0;
            if (header) Header();
        }

        /// <summary>Text whose line box starts at <paramref name="top"/> (the baseline sits one ascent below).</summary>
        private void Draw(double x, double top, string text, Face f) =>
            _page!.Text(x, top + f.Font.Ascent * f.Size / 1000, text, f.Font, f.Size);

        private void Centered(string text, Face font, double width)
        {
            foreach (var line in Wrap(text, font, width))
            {
                Draw(_left + (width - PdfComposer.Measure(line, font.Font, font.Size)) / 2, _y, line, font);
                _y += font.Height;
            }
        }

        private void Header()
        {
            var titles = table.Columns.Select((c, i) => Wrap(c.Title, _bold, _columnWidths[i] - 2 * Pad)).ToList();
            var height = titles.Max(t => t.Count) * _bold.Height + 2 * Pad;
            Cells(titles, _columnWidths, _bold, height, _ => true, middle: true);
            if (table.NumberColumns)
                Cells(table.Columns.Select((_, i) => new List<string> { $"({i + 1})" }).ToList(), _columnWidths, _body, _body.Height + 2 * Pad, _ => true, middle: true);
        }

        private void Row(PrintedRow row)
        {
            var font = row.Strong ? _bold : _body;
            var lh = font.Height;
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

        private void Cells(List<List<string>> cells, double[] widths, Face font, double height, Func<int, bool> centered, bool middle)
        {
            var x = _left;
            for (var i = 0; i < cells.Count; i++)
            {
                var w = widths[i];
                _page!.Rectangle(x, _y, w, height, stroke: PdfColor.Black);
                var y = _y + Pad + (middle ? (height - 2 * Pad - cells[i].Count * font.Height) / 2 : 0);
                foreach (var line in cells[i])
                {
                    var lx = centered(i) ? x + (w - PdfComposer.Measure(line, font.Font, font.Size)) / 2 : x + Pad;
                    Draw(lx, y, line, font);
                    y += font.Height;
                }
                x += w;
            }
            _y += height;
        }

        private void Number()
        {
            var count = doc.Pages.Count - _firstPage;
            for (var i = 0; i < count; i++)
            {
                var page = doc.Pages[_firstPage + i];
                page.TextCentered(page.Width / 2, page.Height - _bottom / 2, $"Trang {i + 1}/{count}", _body.Font, _body.Size);
            }
        }

        /// <summary>Greedy word wrap by measured widths; explicit line breaks kept; a word wider than the cell is cut.</summary>
        private static List<string> Wrap(string text, Face font, double width) =>
            PdfComposer.Wrap(PrintedTable.Clean(text), font.Font, font.Size, width);
    }
}
