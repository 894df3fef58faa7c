using PdfSharp;

namespace UnionOffice.Common.Pdf;

/// <summary>
/// PDFsharp from 6.5 is dual-licensed, AGPL-3.0-only or commercial (up to 6.2 it was MIT), and refuses to compose
/// anything until the application states which license it uses. That is the owner's decision, not the code's: the
/// setting <c>Pdf:License</c> is either <c>AGPL</c> (the product is then offered under the AGPL's terms, source included,
/// to everyone who uses it over the network) or a commercial license key from empira. Unset, PDF output is refused with
/// a clear message and the Excel exports still work.
/// </summary>
public static class PdfLicense
{
    public static readonly Error Unavailable = new("PDF_UNAVAILABLE",
        "Máy chủ chưa được cấu hình giấy phép thư viện tạo PDF (Pdf:License), nên chưa xuất được tệp PDF. Hãy tải bản Excel (.xlsx) hoặc báo quản trị hệ thống.", 503);

    private static volatile bool chosen;

    /// <summary>Called once at start with the setting; an invalid key fails the start, as it should.</summary>
    public static void Configure(string? setting)
    {
        var s = (setting ?? "").Trim();
        if (s.Length == 0) return;
        if (s.Equals("AGPL", StringComparison.OrdinalIgnoreCase)) PdfSharpLicense.SetAgplLicense();
        else PdfSharpLicense.LoadLicense(s);
        chosen = true;
    }

    public static void Require()
    {
        if (!chosen) throw new DomainException(Unavailable);
    }
}
