using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>Reads exported files with outside tools: the Open XML SDK for .xlsx, poppler's pdftotext/pdfinfo/pdffonts for PDF.</summary>
public static class ExportReader
{
    /// <summary>The first sheet's rows, each as the text of its cells by column (A = 0); shared or inline strings.</summary>
    public static List<string[]> XlsxRows(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(ms, false);
        var wb = doc.WorkbookPart!;
        var sheet = wb.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var rows = new List<string[]>();
        foreach (var r in part.Worksheet.Descendants<Row>())
        {
            var cells = r.Elements<Cell>().ToList();
            var values = new string[cells.Count == 0 ? 0 : cells.Max(c => Column(c.CellReference!.Value!)) + 1];
            Array.Fill(values, "");
            foreach (var c in cells)
            {
                var raw = c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
                values[Column(c.CellReference!.Value!)] = c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)] : raw;
            }
            while (rows.Count < (int)r.RowIndex!.Value - 1) rows.Add([]);
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>Whether the cell at the reference holds a number (not text).</summary>
    public static bool XlsxIsNumber(byte[] bytes, string reference)
    {
        using var ms = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(ms, false);
        var wb = doc.WorkbookPart!;
        var part = (WorksheetPart)wb.GetPartById(wb.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var cell = part.Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);
        return cell.DataType is null && cell.CellValue is not null;
    }

    /// <summary>The text of a PDF in content-stream order (pdftotext -raw), whitespace collapsed to single spaces.</summary>
    public static string PdfText(byte[] pdf) => Collapse(Run("pdftotext", pdf, "-raw -enc UTF-8 {0} -"));

    public static string PdfInfo(byte[] pdf) => Run("pdfinfo", pdf, "{0}");

    public static string PdfFonts(byte[] pdf) => Run("pdffonts", pdf, "{0}");

    public static string Collapse(string s) => string.Join(' ', s.Split([' ', '\n', '\r', '\t', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static string Run(string tool, byte[] pdf, string args)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uo-export-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var p = Process.Start(new ProcessStartInfo($"/usr/bin/{tool}", string.Format(System.Globalization.CultureInfo.InvariantCulture, args, path))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8,
            })!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{tool} failed ({p.ExitCode}): {error}");
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Column(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter)) n = n * 26 + (ch - 'A' + 1);
        return n - 1;
    }
}
