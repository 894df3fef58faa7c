using UnionOffice.Common;
using UnionOffice.Common.Pdf;
using UnionOffice.Common.Xlsx;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Unit;

public sealed class PrintedTableWriterTests
{

    private static readonly PrintedColumn[] Columns = [new("Số đến", 6, true), new("Trích yếu nội dung văn bản", 40), new("Ngày đến", 12, true)];

    private static PrintedTable Table(int rows, string subject, bool portrait = false, bool section = false) => new(
        "LĐLĐ tỉnh Nghệ An", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", ["Năm 2026"], Columns,
        Enumerable.Range(1, rows).Select(i => new PrintedRow([(long)i, $"{subject} {i}", new DateOnly(2026, 3, 5)]))
            .Concat(section ? [new PrintedRow(["Một dòng tiêu đề mục trải hết bề ngang của bảng"], Strong: true, Span: true)] : []), Portrait: portrait,
        SheetName: "Sổ: văn bản đến [2026] có tên dài quá ba mươi mốt ký tự");

    [Fact]
    public void Pdf_IsA4Landscape_EmbedsLiberationSerif_RepeatsTheHeader_AndNumbersPages()
    {
        var pdf = PdfTableWriter.ToBytes(Table(120, "Kế hoạch tổ chức Tháng Công nhân năm 2026 – đợt"));
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var info = ExportReader.PdfInfo(pdf);
        Assert.Matches(@"Page size:\s+84[12](\.\d+)? x 595(\.\d+)? pts \(A4\)", info);
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages > 1, info);
        var fonts = ExportReader.PdfFonts(pdf);
        var faces = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(faces);
        Assert.All(faces, f => Assert.Matches(@"[A-Z]{6}\+LiberationSerif-\w+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", f)); // embedded as a subset (tagged name), with a Unicode map
        var text = ExportReader.PdfText(pdf);
        Assert.Contains("LĐLĐ TỈNH NGHỆ AN SỔ ĐĂNG KÝ VĂN BẢN ĐẾN Năm 2026", text);
        Assert.Equal(pages, CountOf(text, "Trích yếu nội dung văn bản"));
        Assert.Contains($"Trang 1/{pages}", text);
        Assert.Contains($"Trang {pages}/{pages}", text);
        Assert.Contains("Kế hoạch tổ chức Tháng Công nhân năm 2026 – đợt 120", text);
        Assert.Contains("05/03/2026", text);
    }

    [Fact]
    public void Pdf_CarriesARowTallerThanAPageOver_WithoutLosingText()
    {
        var words = string.Join(' ', Enumerable.Range(1, 900).Select(i => $"từ{i}"));
        var pdf = PdfTableWriter.ToBytes(Table(2, words, portrait: true));
        Assert.Matches(@"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)", ExportReader.PdfInfo(pdf));
        var text = ExportReader.PdfText(pdf);
        Assert.Contains("từ1 từ2 từ3", text);
        Assert.Contains("từ899 từ900 2", text);
        Assert.Equal(2, CountOf(text, "từ900 "));
    }

    [Fact]
    public void Xlsx_HasTitleBlock_Header_ColumnNumbers_NumbersAsNumbers_AndDatesAsText()
    {
        var bytes = XlsxWriter.ToBytes(Table(3, "Công văn về việc đôn đốc", section: true));
        var rows = ExportReader.XlsxRows(bytes);
        Assert.Equal("LĐLĐ TỈNH NGHỆ AN", rows[0][0]);
        Assert.Equal("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", rows[1][0]);
        Assert.Equal("Năm 2026", rows[2][0]);
        Assert.Empty(rows[3]);
        Assert.Equal(["Số đến", "Trích yếu nội dung văn bản", "Ngày đến"], rows[4]);
        Assert.Equal(["(1)", "(2)", "(3)"], rows[5]);
        Assert.Equal(["1", "Công văn về việc đôn đốc 1", "05/03/2026"], rows[6]);
        Assert.Equal(["Một dòng tiêu đề mục trải hết bề ngang của bảng", "", ""], rows[9]);
        Assert.Equal(10, rows.Count);
        Assert.True(ExportReader.XlsxIsNumber(bytes, "A7"));
        Assert.False(ExportReader.XlsxIsNumber(bytes, "C7"));
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single();
        Assert.Equal("Sổ văn bản đến 2026 có tên dài", sheet.Name!.Value);
        var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)doc.WorkbookPart.GetPartById(sheet.Id!);
        Assert.Equal(["A1:C1", "A2:C2", "A3:C3", "A10:C10"], part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>().Select(m => m.Reference!.Value!));
        var validator = new DocumentFormat.OpenXml.Validation.OpenXmlValidator();
        Assert.Empty(validator.Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}"));
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
