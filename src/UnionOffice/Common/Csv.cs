using System.Text;

namespace UnionOffice.Common;

/// <summary>RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside; comma or semicolon separated.</summary>
public static class Csv
{
    public static List<(int Line, string[] Fields)> Parse(string text, char separator)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        int line = 1, recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            if (c == '"' && field.Length == 0) inQuotes = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (c is '\r' && i + 1 < text.Length && text[i + 1] == '\n') { }
            else if (c is '\n' or '\r')
            {
                fields.Add(field.ToString()); field.Clear();
                records.Add((recordLine, fields.ToArray())); fields.Clear();
                line++; recordLine = line;
            }
            else field.Append(c);
        }
        if (inQuotes) throw new FormatException($"Unterminated quoted field starting on line {recordLine}.");
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add((recordLine, fields.ToArray())); }
        return records;
    }

    /// <summary>
    /// One field: quoted when it holds a separator, quote or line break; a leading =, +, - or @ is prefixed with ' so
    /// that spreadsheet programs show it as text instead of running it as a formula (CSV injection).
    /// </summary>
    public static string Escape(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@') v = "'" + v;
        return v.IndexOfAny([',', ';', '"', '\n', '\r']) >= 0 ? $"\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : v;
    }

    public static string Write(IEnumerable<IEnumerable<string?>> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows) sb.Append(string.Join(',', row.Select(Escape))).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>A CSV file: UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese right.</summary>
    public static byte[] File(IEnumerable<IEnumerable<string?>> rows) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(rows))];
}
