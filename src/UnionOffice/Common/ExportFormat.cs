using System.Globalization;
using UnionOffice.Common.Pdf;
using UnionOffice.Common.Xlsx;

namespace UnionOffice.Common;

public enum ExportFormat
{
    Xlsx,
    Pdf,
}

/// <summary>A printed table ready to send: its bytes, content type and (Vietnamese) file name.</summary>
public sealed record ExportedFile(byte[] Content, string ContentType, string FileName);

/// <summary>The file formats registers and forms are exported in, and the checks of an export's query.</summary>
public static class Export
{
    public static ExportFormat ParseFormat(string? value, ExportFormat fallback)
    {
        var v = (value ?? "").Trim().ToLowerInvariant();
        return v switch
        {
            "" => fallback,
            "xlsx" or "excel" => ExportFormat.Xlsx,
            "pdf" => ExportFormat.Pdf,
            _ => throw new DomainException(FormatInvalid(value!)),
        };
    }

    /// <summary>A date of the query: ISO yyyy-MM-dd as the API uses everywhere, or dd/MM/yyyy as people write it.</summary>
    public static DateOnly? ParseDate(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (TryParseDate(value, out var d)) return d;
        throw new DomainException(new Error("EXPORT_DATE_INVALID", $"{field} \"{Short(value)}\" không hợp lệ: nhập theo dạng yyyy-MM-dd hoặc dd/MM/yyyy."));
    }

    /// <summary>ISO yyyy-MM-dd, or dd/MM/yyyy (d/M/yyyy) as people write it: the one reading of a typed date.</summary>
    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact((value ?? "").Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>As <see cref="ParseDate"/>, for a date the form cannot go without.</summary>
    public static DateOnly RequireDate(string? value, string field) =>
        ParseDate(value, field) ?? throw new DomainException(new Error("DATE_REQUIRED", $"Nhập {field.ToLowerInvariant()} (dạng ngày/tháng/năm, ví dụ 25/12/2026)."));

    public static ExportedFile Render(PrintedTable table, ExportFormat format, string baseName) => format switch
    {
        ExportFormat.Pdf => new(PdfTableWriter.ToBytes(table), PdfTableWriter.ContentType, baseName + ".pdf"),
        _ => new(XlsxWriter.ToBytes(table), XlsxWriter.ContentType, baseName + ".xlsx"),
    };

    public static Error FormatInvalid(string value) =>
        new("EXPORT_FORMAT_INVALID", $"Định dạng \"{Short(value)}\" không được hỗ trợ: chọn xlsx (Excel) hoặc pdf.");

    private static string Short(string v) => v.Length <= 20 ? v : v[..20] + "…";
}
