using System.Globalization;
using System.Text;

namespace UnionOffice.Common;

/// <summary>A column of a register or form: its title as printed, its width in characters (Excel's unit; the PDF uses the
/// widths as proportions) and whether its values are centred (numbers, dates).</summary>
public sealed record PrintedColumn(string Title, double Width, bool Centered = false);

/// <summary>One row; cells are text, whole numbers, dates (printed dd/MM/yyyy, Vietnam time) or null. Strong rows are bold;
/// a spanning row prints its first cell across the whole width (the headings of a form's sections).</summary>
public sealed record PrintedRow(IReadOnlyList<object?> Cells, bool Strong = false, bool Span = false);

/// <summary>
/// What a register or form looks like on paper (NĐ30 Phụ lục IV): the title block of its first page (organ, name of the
/// register or form, year, range of numbers…), the header row, optionally the row of column numbers "(1) (2) …" as the
/// templates print it, and the rows. <see cref="Xlsx.XlsxWriter"/> and <see cref="Pdf.PdfTableWriter"/> write the same model.
/// </summary>
public sealed record PrintedTable(
    string OrganName,
    string Title,
    IReadOnlyList<string> Lines,
    IReadOnlyList<PrintedColumn> Columns,
    IEnumerable<PrintedRow> Rows,
    bool NumberColumns = true,
    bool Portrait = false,
    string? SheetName = null)
{
    /// <summary>The text of a cell as printed: dates dd/MM/yyyy, numbers without grouping, control characters dropped.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => Clean(s),
        DateOnly d => Formats.Date(d),
        DateTimeOffset t => Formats.Date(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Clean(value.ToString() ?? ""),
    };

    /// <summary>Characters XML 1.0 cannot carry (and a PDF would draw as boxes) go; line breaks stay.</summary>
    public static string Clean(string s)
    {
        if (!s.Any(c => char.IsControl(c) && c != '\n' || char.IsSurrogate(c))) return s;
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c).Append(s[++i]); continue; }
            if (char.IsSurrogate(c)) continue;
            if (c == '\t') { sb.Append(' '); continue; }
            if (char.IsControl(c) && c != '\n') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
