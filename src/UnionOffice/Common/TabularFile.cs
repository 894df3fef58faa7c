using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace UnionOffice.Common;

/// <summary>Reads the rows of an uploaded CSV (UTF-8, comma or semicolon) or Excel (.xlsx, first sheet) file by header name.</summary>
public static class TabularFile
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public sealed record Row(int Number, IReadOnlyDictionary<string, string> Cells)
    {
        public string? this[string column] => Cells.TryGetValue(column.ToLowerInvariant(), out var v) && v.Length > 0 ? v : null;
    }

    public static async Task<List<Row>> ReadAsync(Stream stream, string fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(stream, buffer, ct);
        buffer.Position = 0;
        try
        {
            return fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(buffer) : ReadCsv(buffer);
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidDataException or OpenXmlPackageException or FormatException or IOException)
        {
            throw new DomainException(FileUnreadable);
        }
    }

    /// <summary>An uploaded file (API or page form): present, within the size limit, readable.</summary>
    public static async Task<List<Row>> ReadUploadAsync(Microsoft.AspNetCore.Http.IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) throw new DomainException(FileMissing);
        if (file.Length > MaxBytes) throw new DomainException(FileTooLarge);
        await using var s = file.OpenReadStream();
        return await ReadAsync(s, file.FileName, ct);
    }

    public static readonly Error FileMissing = new("FILE_MISSING", "Chưa chọn tệp để nhập.");
    public static readonly Error FileUnreadable = new("FILE_UNREADABLE", "Không đọc được tệp. Hãy dùng tệp CSV (UTF-8) hoặc Excel (.xlsx) có dòng tiêu đề.");
    public static readonly Error FileTooLarge = new("FILE_TOO_LARGE", $"Tệp quá lớn (tối đa {MaxBytes / 1024 / 1024} MB).", 413);
    public static readonly Error FileEmpty = new("FILE_EMPTY", "Tệp không có dòng dữ liệu nào.");

    private static async Task CopyBoundedAsync(Stream from, Stream to, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int n;
        while ((n = await from.ReadAsync(chunk, ct)) > 0)
        {
            total += n;
            if (total > MaxBytes) throw new DomainException(FileTooLarge);
            await to.WriteAsync(chunk.AsMemory(0, n), ct);
        }
    }

    private static List<Row> ReadCsv(Stream s)
    {
        using var reader = new StreamReader(s, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        var firstLine = text.Split('\n')[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = Csv.Parse(text, separator);
        if (records.Count == 0) throw new DomainException(FileEmpty);
        var headers = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var rows = new List<Row>();
        foreach (var (line, fields) in records.Skip(1))
        {
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < headers.Length; i++) cells[headers[i]] = i < fields.Length ? fields[i].Trim() : "";
            if (cells.Values.All(v => v.Length == 0)) continue;
            rows.Add(new Row(line, cells));
        }
        return rows;
    }

    private static List<Row> ReadXlsx(Stream s)
    {
        using var doc = SpreadsheetDocument.Open(s, false);
        var wb = doc.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var sheet = wb.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
        var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var rows = new List<Row>();
        string[]? headers = null;
        foreach (var r in part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>())
        {
            var values = new Dictionary<int, string>();
            foreach (var c in r.Elements<Cell>())
            {
                var col = ColumnIndex(c.CellReference?.Value ?? "A");
                var raw = c.CellValue?.Text ?? c.InlineString?.InnerText ?? "";
                values[col] = (c.DataType?.Value == CellValues.SharedString && int.TryParse(raw, out var idx) && idx < shared.Length ? shared[idx] : raw).Trim();
            }
            if (headers is null)
            {
                headers = new string[values.Count == 0 ? 0 : values.Keys.Max() + 1];
                foreach (var (k, v) in values) headers[k] = v.ToLowerInvariant();
                continue;
            }
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < headers.Length; i++)
                if (!string.IsNullOrEmpty(headers[i])) cells[headers[i]] = values.GetValueOrDefault(i, "");
            if (cells.Values.All(v => v.Length == 0)) continue;
            rows.Add(new Row((int)(r.RowIndex?.Value ?? (uint)(rows.Count + 2)), cells));
        }
        if (headers is null) throw new DomainException(FileEmpty);
        return rows;
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.TakeWhile(char.IsAsciiLetter)) n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return n - 1;
    }
}
