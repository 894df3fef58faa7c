using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Outgoing;

/// <summary>What the signer's block shows (NĐ30 Phụ lục I: authority, title, image, name).</summary>
public sealed record SignerBlock(string? Authority, string Position, string FullName, byte[]? SignatureImage);

/// <summary>
/// The two signatures of an outgoing document (NĐ30 Điều 13, 15, Phụ lục I). The head certifies the approved text
/// (DocMDP P=2: only form filling and further signatures allowed afterwards); the clerk then adds the number and the
/// date and the organ's signature in one incremental update, which leaves the head's revision — and so its signature —
/// untouched. The organ's signature goes into an empty signature field the head's revision already has, so the clerk's
/// revision only fills in and signs, what P=2 allows to the letter (a new signature widget would be an added annotation
/// for strict validators). Both are PAdES (B-T when a time-stamping service is configured).
/// </summary>
public sealed class OutgoingPdf(PdfSigning signing, NumberLineLocator locator)
{
    public const string HeadField = "ChuKyLanhDao";
    public const string OrganField = "ChuKyCoQuan";

    /// <summary>
    /// The head's certification: the signer's block (authority, title, signature image, name, signing time) on the last
    /// page, and the empty number and date fields of NĐ30 Phụ lục I (ô 3, ô 4) on the first, in the certified revision;
    /// with them the organ's empty signature field (<see cref="OrganField"/>) where the seal will go — a round seal of the
    /// default 36 mm over the left third of the head's signature image (<see cref="SignatureAppearance.SealField"/>).
    /// </summary>
    public async Task<byte[]> CertifyByHeadAsync(byte[] pdf, ISignatureProvider signer, SignerBlock block, DateTimeOffset now, CancellationToken ct) =>
        await SignAsync(pdf, await HeadSignatureAsync(pdf, block, now, ct), signer, ct);

    /// <summary>The head's certification as <see cref="CertifyByHeadAsync"/> makes it, for a key held elsewhere to sign (two halves).</summary>
    public async Task<PdfSignatureOptions> HeadSignatureAsync(byte[] pdf, SignerBlock block, DateTimeOffset now, CancellationToken ct)
    {
        var titles = new List<string>();
        if (block.Authority is { Length: > 0 } a) titles.Add(a);
        titles.Add(block.Position.ToUpperInvariant());
        // The signature block of NĐ30 Phụ lục I II.7: authority and title, the signature image, the name — bold, 13 pt. The
        // signing time is the signature's own (its /M and time-stamp, shown by every reader), not a line on the page.
        var box = HeadBox(pdf, [block.FullName]) with { SignatureImage = Image(block.SignatureImage), TitleLines = titles };
        var o = new PdfSignatureOptions(HeadField, now, Reason: "Phê duyệt và ký ban hành", Location: "Việt Nam", SignerName: block.FullName,
            CertifyPermission: 2, Appearance: box);
        var (numberField, dateField) = await locator.LocateAsync(pdf, ct);
        return o with { FormFields = [numberField, dateField], EmptySignatureFields = [SignatureAppearance.SealField(OrganField, box)] };
    }

    /// <summary>
    /// The clerk's step in one revision: the number and the date filled into the certified fields, and the organ's
    /// signature in its field — shown as its seal over the left third of the head's signature (NĐ30 Phụ lục I II.8a), or,
    /// when the organ has no seal image, as a framed text box (the organ, the time) in the seal's place, the field's own
    /// rectangle, so the widget stays as certified. A document certified before the field was made (signed, not yet
    /// issued) gets the organ's signature in a new field, at the same place.
    /// </summary>
    public async Task<byte[]> NumberAndSealAsync(byte[] headSigned, ISignatureProvider organ, string organName, byte[]? sealPng, byte[]? headImage, int headTitleLines,
        string numberAndNotation, string placeAndDate, DateTimeOffset now, CancellationToken ct)
    {
        var seal = Image(sealPng);
        // The organ's field as the head certified it (read from the document, so the widget stays exactly as certified,
        // whatever the layout of the head's block was then); a document certified before the field existed: the head's
        // box laid out again — same image, as many lines — so the seal lands over the left third of the signature image.
        SignatureAppearance appearance;
        if (ReadField(headSigned) is { } field)
            appearance = seal is not null
                ? new SignatureAppearance(field.PageIndex, field.X, field.Y, field.Width, field.Height, []) { SealImage = seal }
                : new SignatureAppearance(field.PageIndex, field.X, field.Y, field.Width, field.Height, [organName, SigningTime(now)]);
        else
        {
            var head = HeadBox(headSigned, [string.Empty]) with
            {
                TitleLines = Enumerable.Repeat(string.Empty, headTitleLines).ToList(), SignatureImage = Image(headImage),
            };
            var place = SignatureAppearance.SealField(OrganField, head);
            appearance = seal is not null
                ? SignatureAppearance.SealOver(head, seal)
                : new SignatureAppearance(place.PageIndex, place.X, place.Y, place.Width, place.Height, [organName, SigningTime(now)]);
        }
        var o = new PdfSignatureOptions(OrganField, now, Reason: $"Phát hành văn bản số {numberAndNotation}", Location: "Việt Nam", SignerName: organName,
            Appearance: appearance)
        { FillFields = new Dictionary<string, string> { [NumberField] = $"Số: {numberAndNotation}", [DateField] = placeAndDate } };
        return await SignAsync(headSigned, o, organ, ct);
    }

    /// <summary>A phụ lục in its own file: the organ's signature only, noting the document it goes with (NĐ30 Phụ lục I).</summary>
    public Task<byte[]> SealAppendixAsync(byte[] pdf, ISignatureProvider organ, string organName, string numberAndNotation, DateTimeOffset now,
        CancellationToken ct) =>
        SealInTopMarginAsync(pdf, organ, organName, 200, $"Kèm theo văn bản số {numberAndNotation}", $"Phụ lục kèm theo văn bản số {numberAndNotation}", now, ct);

    /// <summary>
    /// The scan of a paper the head signed by hand (numbered, dated, stamped), authenticated by the organ's digital
    /// signature (NĐ30 Điều 18.6, 25.1c): an approval signature whose box says what it is, in the top margin of the
    /// first page as on an appendix. The scan must be a PDF (as scanners write it); it is read and signed as any other.
    /// </summary>
    public Task<byte[]> AuthenticateScanAsync(byte[] scan, ISignatureProvider organ, string organName, string numberAndNotation, DateTimeOffset now,
        CancellationToken ct) =>
        SealInTopMarginAsync(scan, organ, organName, 230, $"Số hóa từ bản giấy văn bản số {numberAndNotation}",
            $"Xác thực bản số hóa từ bản giấy có chữ ký tay, văn bản số {numberAndNotation}", now, ct);

    /// <summary>The organ's approval signature in a box of this width at the top right of the first page: what it is, the organ, the time.</summary>
    private Task<byte[]> SealInTopMarginAsync(byte[] pdf, ISignatureProvider organ, string organName, double width, string what, string reason, DateTimeOffset now,
        CancellationToken ct)
    {
        var appearance = new SignatureAppearance(0, Nd30Layout.RightColumnX + Nd30Layout.RightColumnWidth - width, 12, width, 40, [what, organName, SigningTime(now)]);
        var o = new PdfSignatureOptions(OrganField, now, Reason: reason, Location: "Việt Nam", SignerName: organName, Appearance: appearance);
        return SignAsync(pdf, o, organ, ct);
    }

    public const string NumberField = "SoKyHieu";

    /// <summary>The signing time as NĐ30 Phụ lục I II.8b writes it: date, hours, minutes, seconds and Việt Nam's offset, ISO 8601.</summary>
    public static string SigningTime(DateTimeOffset now) =>
        "Thời gian ký: " + now.ToOffset(Formats.VietnamOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static PdfSignatureField? ReadField(byte[] pdf)
    {
        try
        {
            return PdfSigner.EmptyField(pdf, OrganField);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không đọc được tệp PDF: {e.Message}", 422));
        }
    }
    public const string DateField = "NgayBanHanh";

    /// <summary>Where the head's block sits: the right column of the last page, in its lower part (where the signer's block ends a page).</summary>
    private static SignatureAppearance HeadBox(byte[] pdf, IReadOnlyList<string> lines)
    {
        var (pageIndex, pageHeight) = LastPage(pdf);
        const double width = 220, height = 130;
        return new SignatureAppearance(pageIndex, Nd30Layout.RightColumnX + (Nd30Layout.RightColumnWidth - width) / 2, pageHeight - 260, width, height, lines)
        {
            SignatureBlock = true,
        };
    }

    private static RasterImage? Image(byte[]? png)
    {
        if (png is null) return null;
        try
        {
            return RasterImage.FromPng(png);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("SIGNATURE_IMAGE_INVALID", $"Ảnh chữ ký/con dấu không dùng được: {e.Message}", 422));
        }
    }

    private Task<byte[]> SignAsync(byte[] pdf, PdfSignatureOptions o, ISignatureProvider signer, CancellationToken ct) => signing.SignAsync(pdf, o, signer, ct);

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
