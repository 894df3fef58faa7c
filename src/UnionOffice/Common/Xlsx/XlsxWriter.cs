using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOffice.Common.Xlsx;

/// <summary>
/// Writes a <see cref="PrintedTable"/> as one worksheet: the title block merged across the columns, a bold bordered
/// header row (repeated on every printed page), wrapped text, numbers as numbers and dates as text dd/MM/yyyy (so Excel
/// neither reformats them nor shifts them by a time zone). Rows are written one at a time with <see cref="OpenXmlWriter"/>
/// and inline strings, so a whole year's register never sits in memory as a document tree. A4, landscape unless portrait,
/// fitted to the page width, Times New Roman as NĐ30 prescribes.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Indexes into the style sheet below.
    private const uint TitleStyle = 1, OrganStyle = 2, LineStyle = 3, HeaderStyle = 4, TextStyle = 5, CenteredStyle = 6,
        StrongTextStyle = 7, StrongCenteredStyle = 8;

    public static void Write(PrintedTable table, Stream output)
    {
        var n = table.Columns.Count;
        if (n == 0) throw new ArgumentException("A table needs columns.", nameof(table));
        var sheetName = SheetName(table.SheetName ?? table.Title);
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Styles();
        var ws = wb.AddNewPart<WorksheetPart>();

        var title = new List<(string Text, uint Style)> { (table.OrganName.ToUpper(Formats.Vi), OrganStyle), (table.Title, TitleStyle) };
        title.AddRange(table.Lines.Select(l => (l, LineStyle)));
        var headerRow = (uint)title.Count + 2; // one blank row between the title block and the table
        var lastHeaderRow = table.NumberColumns ? headerRow + 1 : headerRow;

        using (var w = OpenXmlWriter.Create(ws))
        {
            w.WriteStartElement(new Worksheet());
            w.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            w.WriteElement(new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = lastHeaderRow, TopLeftCell = $"A{lastHeaderRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }));
            w.WriteElement(new Columns(table.Columns.Select((c, i) => new Column
            {
                Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true,
            })));
            w.WriteStartElement(new SheetData());
            for (var i = 0; i < title.Count; i++)
                w.WriteElement(RowOf((uint)(i + 1), [Text(1, (uint)(i + 1), title[i].Text, title[i].Style)]));
            w.WriteElement(RowOf(headerRow, table.Columns.Select((c, i) => Text(i + 1, headerRow, c.Title, HeaderStyle))));
            if (table.NumberColumns)
                w.WriteElement(RowOf(headerRow + 1, table.Columns.Select((_, i) => Text(i + 1, headerRow + 1, $"({i + 1})", CenteredStyle))));
            var r = lastHeaderRow;
            var merged = Enumerable.Range(1, title.Count).Select(i => $"A{i}:{ColumnName(n)}{i}").ToList();
            foreach (var row in table.Rows)
            {
                r++;
                var index = r;
                if (row.Span && n > 1) merged.Add($"A{index}:{ColumnName(n)}{index}");
                w.WriteElement(RowOf(index, table.Columns.Select((c, i) =>
                {
                    var style = (c.Centered, row.Strong) switch
                    {
                        (true, true) => StrongCenteredStyle,
                        (true, false) => CenteredStyle,
                        (false, true) => StrongTextStyle,
                        _ => TextStyle,
                    };
                    return Value(i + 1, index, i < row.Cells.Count && (i == 0 || !row.Span) ? row.Cells[i] : null, style);
                })));
            }
            w.WriteEndElement(); // sheetData
            w.WriteElement(new MergeCells(merged.Select(m => new MergeCell { Reference = m })) { Count = (uint)merged.Count });
            w.WriteElement(new PageMargins { Left = 0.8, Right = 0.6, Top = 0.8, Bottom = 0.8, Header = 0.3, Footer = 0.3 });
            w.WriteElement(new PageSetup
            {
                PaperSize = 9, // A4
                Orientation = table.Portrait ? OrientationValues.Portrait : OrientationValues.Landscape,
                FitToWidth = 1, FitToHeight = 0,
            });
            w.WriteElement(new HeaderFooter(new OddFooter("&CTrang &P/&N")));
            w.WriteEndElement(); // worksheet
        }

        wb.Workbook = new Workbook(
            new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = sheetName }),
            new DefinedNames(new DefinedName($"'{sheetName.Replace("'", "''", StringComparison.Ordinal)}'!${headerRow}:${lastHeaderRow}")
            {
                Name = "_xlnm.Print_Titles", LocalSheetId = 0,
            }));
    }

    public static byte[] ToBytes(PrintedTable table)
    {
        using var ms = new MemoryStream();
        Write(table, ms);
        return ms.ToArray();
    }

    private static Row RowOf(uint index, IEnumerable<Cell> cells) => new(cells) { RowIndex = index };

    private static Cell Value(int column, uint row, object? value, uint style) => value switch
    {
        int or long or short or uint => new Cell
        {
            CellReference = $"{ColumnName(column)}{row}", StyleIndex = style,
            CellValue = new CellValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)),
        },
        _ => Text(column, row, PrintedTable.Text(value), style),
    };

    private static Cell Text(int column, uint row, string text, uint style)
    {
        var cell = new Cell { CellReference = $"{ColumnName(column)}{row}", StyleIndex = style };
        if (text.Length == 0) return cell;
        text = PrintedTable.Clean(text);
        if (text.Length > 32767) text = text[..32767]; // Excel's limit for one cell
        cell.DataType = CellValues.InlineString;
        cell.InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return cell;
    }

    public static string ColumnName(int column)
    {
        var name = "";
        for (var c = column; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name;
    }

    /// <summary>Excel's rules for sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\') && !char.IsControl(c)).ToArray()).Trim('\'', ' ');
        if (clean.Length > 31) clean = clean[..31].TrimEnd();
        return clean.Length == 0 ? "Sheet1" : clean;
    }

    private static Stylesheet Styles()
    {
        static Font F(double size, bool bold) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "Times New Roman" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "Times New Roman" });
        static Border Thin() => new(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        static CellFormat X(uint font, uint border, HorizontalAlignmentValues h, VerticalAlignmentValues v) => new(
            new Alignment { Horizontal = h, Vertical = v, WrapText = true })
        {
            FontId = font, FillId = 0, BorderId = border, FormatId = 0, ApplyFont = true, ApplyBorder = border != 0, ApplyAlignment = true,
        };
        var left = HorizontalAlignmentValues.Left;
        var center = HorizontalAlignmentValues.Center;
        var top = VerticalAlignmentValues.Top;
        return new Stylesheet(
            new Fonts(F(12, false), F(12, true), F(14, true)) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), Thin()) { Count = 2 },
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                X(2, 0, center, VerticalAlignmentValues.Center),   // TitleStyle
                X(1, 0, center, VerticalAlignmentValues.Center),   // OrganStyle
                X(0, 0, center, VerticalAlignmentValues.Center),   // LineStyle
                X(1, 1, center, VerticalAlignmentValues.Center),   // HeaderStyle
                X(0, 1, left, top),                                // TextStyle
                X(0, 1, center, top),                              // CenteredStyle
                X(1, 1, left, top),                                // StrongTextStyle
                X(1, 1, center, top)) { Count = 9 },               // StrongCenteredStyle
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}
