using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Outgoing;

/// <summary>What the signer's block shows (NĐ30 Phụ lục I: authority, title, image, name).</summary>
public sealed record SignerBlock(string? Authority, string Position, string FullName, byte[]? SignatureImage);

/// <summary>
/// The two signatures of an outgoing document (NĐ30 Điều 13, 15, Phụ lục I). The head certifies the approved text
/// (DocMDP P=2: only form filling and further signatures allowed afterwards); the clerk then adds the number and the
/// date and the organ's signature in one incremental update, which leaves the head's revision — and so its signature —
/// untouched. Both are PAdES (B-T when a time-stamping service is configured).
/// </summary>
public sealed class OutgoingPdf(IOptions<SigningOptions> options, IHttpClientFactory http)
{
    public const string HeadField = "ChuKyLanhDao";
    public const string OrganField = "ChuKyCoQuan";

    public async Task<byte[]> CertifyByHeadAsync(byte[] pdf, ISignatureProvider signer, SignerBlock block, DateTimeOffset now, CancellationToken ct)
    {
        var (pageIndex, pageHeight) = LastPage(pdf);
        var lines = new List<string>();
        if (block.Authority is { Length: > 0 } a) lines.Add(a);
        lines.Add(block.Position.ToUpperInvariant());
        lines.Add($"Ký số: {block.FullName}");
        lines.Add($"Thời gian ký: {Formats.DateTime(now)}");
        var appearance = new SignatureAppearance(pageIndex, 330, pageHeight - 230, 220, 80, lines);
        var o = new PdfSignatureOptions(HeadField, now, Reason: "Phê duyệt và ký ban hành", Location: "Việt Nam", SignerName: block.FullName,
            CertifyPermission: 2, Appearance: appearance);
        return await SignAsync(pdf, o, signer, ct);
    }

    public async Task<byte[]> NumberAndSealAsync(byte[] headSigned, ISignatureProvider organ, string organName, string numberAndNotation,
        string placeAndDate, DateTimeOffset now, CancellationToken ct)
    {
        var lines = new List<string> { $"Số: {numberAndNotation}", placeAndDate, organName, $"Ký số văn thư: {Formats.DateTime(now)}" };
        var appearance = new SignatureAppearance(0, 40, 40, 240, 70, lines);
        var o = new PdfSignatureOptions(OrganField, now, Reason: $"Phát hành văn bản số {numberAndNotation}", Location: "Việt Nam", SignerName: organName,
            Appearance: appearance);
        return await SignAsync(headSigned, o, organ, ct);
    }

    private async Task<byte[]> SignAsync(byte[] pdf, PdfSignatureOptions o, ISignatureProvider signer, CancellationToken ct)
    {
        ITimestampAuthority? tsa = options.Value.TimestampUrl is { Length: > 0 } url ? new HttpTimestampAuthority(http.CreateClient("tsa"), new Uri(url)) : null;
        try
        {
            return await PdfSigner.SignAsync(pdf, o, (digest, c) => CadesSignature.CreateAsync(digest, signer, tsa, c), ct);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không ký được tệp PDF: {e.Message}", 422));
        }
        catch (TimestampException e)
        {
            throw new DomainException(new Error("TIMESTAMP_FAILED", $"Không lấy được dấu thời gian: {e.Message}", 502));
        }
    }

    private static (int Index, double Height) LastPage(byte[] pdf)
    {
        try
        {
            var file = PdfFile.Parse(pdf);
            var pages = file.Pages();
            if (pages.Count == 0) throw new DomainException(new Error("PDF_INVALID", "Tệp PDF không có trang nào.", 422));
            var box = (file.Resolve(pages[^1].Page["MediaBox"]) as PdfArray)?.Items.Select(i => (file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray();
            return (pages.Count - 1, box is { Length: 4 } ? box[3] - box[1] : Pdf.PdfComposer.A4Height);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không đọc được tệp PDF: {e.Message}", 422));
        }
    }
}
