using System.Globalization;
using System.Text;

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
        catch (PackageLimitException e) when (!e.Damaged)
        {
            throw new DomainException(ZipPackage.Unsafe(e.Message));
        }
        catch (Exception e) when (e is DecoderFallbackException or InvalidDataException or System.Xml.XmlException or FormatException or IOException)
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

    private const string SheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    /// <summary>Excel's own limits: 16,384 columns (XFD), 32,767 characters in a cell; an import needs no more rows than this.</summary>
    private const int MaxColumns = 16_384, MaxCellChars = 32_767, MaxRows = 100_000;

    /// <summary>
    /// The first sheet's rows. The package is proven within <see cref="PackageLimits.Xlsx"/> first, then each part is read
    /// as a stream of XML nodes with bounded values (never a document tree in memory), columns and rows capped at Excel's
    /// own limits: a crafted file cannot make the server allocate more than the limits allow.
    /// </summary>
    private static List<Row> ReadXlsx(Stream s)
    {
        using var zip = ZipPackage.OpenVerified(s, PackageLimits.Xlsx);
        var sheetRel = FirstSheetRelationship(zip) ?? throw new InvalidDataException("no sheet");
        var targets = Relationships(zip, "xl/_rels/workbook.xml.rels");
        var sheetPath = targets.TryGetValue(sheetRel, out var t) ? PartPath("xl/", t) : throw new InvalidDataException("no sheet part");
        var shared = SharedStrings(zip, targets.Values.Select(v => PartPath("xl/", v)).FirstOrDefault(p => p.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase)));
        var entry = zip.GetEntry(sheetPath) ?? throw new InvalidDataException("no sheet part");
        using var xml = Xml(entry);
        var rows = new List<Row>();
        string[]? headers = null;
        Dictionary<int, string>? values = null;
        var rowNumber = 0;
        int column = 0;
        string? type = null;
        StringBuilder? cell = null; // the cell being read: its text runs appended, at most MaxCellChars
        while (xml.Read())
        {
            if (xml.NamespaceURI != SheetNs) continue;
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "row")
            {
                rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
                values = [];
                if (xml.IsEmptyElement) values = null;
                continue;
            }
            if (values is null) continue;
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "c")
            {
                column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : values.Count == 0 ? 0 : values.Keys.Max() + 1;
                if (column is < 0 or >= MaxColumns) throw new InvalidDataException("column out of range");
                type = xml.GetAttribute("t");
                cell = xml.IsEmptyElement ? null : new StringBuilder();
                continue;
            }
            if (cell is not null && xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName is "v" or "t" && !xml.IsEmptyElement)
            {
                cell.Append(BoundedText(xml));
                if (cell.Length > MaxCellChars) throw new InvalidDataException("cell too long");
                continue;
            }
            if (cell is not null && xml.NodeType == System.Xml.XmlNodeType.EndElement && xml.LocalName == "c")
            {
                var raw = cell.ToString();
                values[column] = type == "s" && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var idx) && idx < shared.Count ? shared[idx] : raw;
                cell = null;
                continue;
            }
            if (xml.NodeType == System.Xml.XmlNodeType.EndElement && xml.LocalName == "row")
            {
                var cells = values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
                values = null;
                if (headers is null)
                {
                    headers = new string[cells.Count == 0 ? 0 : cells.Keys.Max() + 1];
                    foreach (var (k, v) in cells) headers[k] = v.ToLowerInvariant();
                    continue;
                }
                var named = new Dictionary<string, string>();
                for (var i = 0; i < headers.Length; i++)
                    if (!string.IsNullOrEmpty(headers[i])) named[headers[i]] = cells.GetValueOrDefault(i, "");
                if (named.Values.All(v => v.Length == 0)) continue;
                if (rows.Count >= MaxRows) throw new DomainException(TooManyRows);
                rows.Add(new Row(rowNumber, named));
            }
        }
        if (headers is null) throw new DomainException(FileEmpty);
        return rows;
    }

    public static readonly Error TooManyRows = new("FILE_TOO_MANY_ROWS", $"Tệp có quá nhiều dòng (tối đa {MaxRows:N0} dòng mỗi lần nhập).", 413);

    private static System.Xml.XmlReader Xml(System.IO.Compression.ZipArchiveEntry entry) =>
        System.Xml.XmlReader.Create(entry.Open(), new System.Xml.XmlReaderSettings
        {
            DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, CloseInput = true,
        });

    /// <summary>The text of the current element, at most <see cref="MaxCellChars"/> characters, read in chunks.</summary>
    private static string BoundedText(System.Xml.XmlReader xml)
    {
        var text = new StringBuilder();
        var chunk = new char[4096];
        var depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType is not (System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.SignificantWhitespace or System.Xml.XmlNodeType.Whitespace)) continue;
            int n;
            while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                if (text.Length + n > MaxCellChars) throw new InvalidDataException("cell too long");
                text.Append(chunk, 0, n);
            }
        }
        return text.ToString();
    }

    private static string? FirstSheetRelationship(System.IO.Compression.ZipArchive zip)
    {
        var workbook = zip.GetEntry("xl/workbook.xml") ?? throw new InvalidDataException("no workbook");
        using var xml = Xml(workbook);
        while (xml.Read())
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.NamespaceURI == SheetNs && xml.LocalName == "sheet")
                return xml.GetAttribute("id", RelNs);
        return null;
    }

    private static Dictionary<string, string> Relationships(System.IO.Compression.ZipArchive zip, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (zip.GetEntry(path) is not { } entry) return result;
        using var xml = Xml(entry);
        while (xml.Read())
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
            {
                if (result.Count >= 10_000) throw new InvalidDataException("too many relationships");
                result[id] = target;
            }
        return result;
    }

    /// <summary>A relationship's target as a part name: relative to <paramref name="folder"/>, or absolute ("/xl/…").</summary>
    private static string PartPath(string folder, string target) => target.StartsWith('/') ? target[1..] : folder + target;

    private static List<string> SharedStrings(System.IO.Compression.ZipArchive zip, string? path)
    {
        var strings = new List<string>();
        if (path is null || zip.GetEntry(path) is not { } entry) return strings;
        using var xml = Xml(entry);
        StringBuilder? item = null;
        while (xml.Read())
        {
            if (xml.NamespaceURI != SheetNs) continue;
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "si")
            {
                item = new StringBuilder();
                if (xml.IsEmptyElement) { strings.Add(""); item = null; }
            }
            else if (item is not null && xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "t" && !xml.IsEmptyElement)
            {
                item.Append(BoundedText(xml));
                if (item.Length > MaxCellChars) throw new InvalidDataException("shared string too long");
            }
            else if (item is not null && xml.NodeType == System.Xml.XmlNodeType.EndElement && xml.LocalName == "si")
            {
                strings.Add(item.ToString());
                item = null;
            }
        }
        return strings;
    }

    /// <summary>"A1" → 0, "XFD9" → 16,383; anything past XFD (or four letters) is out of range (-1 or ≥ 16,384).</summary>
    private static int ColumnIndex(string reference)
    {
        var letters = reference.TakeWhile(char.IsAsciiLetter).Take(4).ToList();
        if (letters.Count > 3) return MaxColumns;
        var n = 0;
        foreach (var ch in letters) n = n * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        return n - 1;
    }
}
