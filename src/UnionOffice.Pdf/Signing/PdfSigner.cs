using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>Where and how a signature shows on the page (points from the top-left corner of the page).</summary>
public sealed record SignatureAppearance(int PageIndex, double X, double Y, double Width, double Height, IReadOnlyList<string> Lines);

/// <summary>
/// One signature. <paramref name="CertifyPermission"/> makes it a certification signature (DocMDP): 1 no change
/// allowed, 2 filling in forms and signing (what a head's signature needs so the clerk can still add the number, the
/// date and the organ's signature), 3 also annotations. Null: an approval signature.
/// </summary>
public sealed record PdfSignatureOptions(
    string FieldName, DateTimeOffset SigningTime, string? Reason = null, string? Location = null, string? SignerName = null,
    int? CertifyPermission = null, SignatureAppearance? Appearance = null, int ReservedBytes = 32 * 1024);

/// <summary>
/// Signs a PDF as PAdES (SubFilter ETSI.CAdES.detached) by an incremental update, so earlier signatures keep their
/// byte ranges and stay valid (ISO 32000-1 §12.8, ETSI EN 319 142-1): a signature field (merged with its widget) is
/// added to the AcroForm and to the page, with a signature dictionary whose /Contents is reserved; the file is written,
/// the byte range around /Contents is fixed, its SHA-256 is handed to <c>createCms</c> (which builds the CMS, asking
/// whatever holds the key — a local key, a token, a remote service — to sign) and the CMS is written into the hole.
/// </summary>
public static class PdfSigner
{
    private const string ByteRangePlaceholder = "/ByteRange [0 9999999999 9999999999 9999999999]";

    public static async Task<byte[]> SignAsync(byte[] pdf, PdfSignatureOptions o, Func<byte[], CancellationToken, Task<byte[]>> createCms, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(createCms);
        var file = PdfFile.Parse(pdf);
        var pages = file.Pages();
        if (pages.Count == 0) throw new PdfFormatException("Tệp PDF không có trang nào để ký.");
        var catalog = file.Catalog.Copy();
        var acroForm = file.Dict(catalog["AcroForm"])?.Copy() ?? new PdfDictionary();
        var fields = (file.Resolve(acroForm["Fields"]) as PdfArray)?.Items.ToList() ?? [];
        if (fields.Select(f => file.Dict(f)?["T"]).OfType<PdfString>().Any(t => Encoding.UTF8.GetString(t.Bytes) == o.FieldName || DecodeText(t.Bytes) == o.FieldName))
            throw new PdfFormatException($"Tài liệu đã có trường chữ ký \"{o.FieldName}\".");
        if (file.Dict(catalog["Perms"])?["DocMDP"] is not null && o.CertifyPermission is not null)
            throw new PdfFormatException("Tài liệu đã được chứng thực (DocMDP); chỉ được ký phê duyệt thêm.");

        var update = new PdfIncrementalUpdate(file);
        var pageIndex = o.Appearance?.PageIndex ?? 0;
        if (pageIndex < 0 || pageIndex >= pages.Count) throw new PdfFormatException($"Trang {pageIndex + 1} không có trong tài liệu.");
        var (pageRef, page) = pages[pageIndex];

        // The signature dictionary, written with fixed-width placeholders patched after the file is laid out.
        var contentsHex = new string('0', o.ReservedBytes * 2);
        var sig = new StringBuilder("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ");
        sig.Append(ByteRangePlaceholder).Append(" /Contents <").Append(contentsHex).Append('>');
        sig.Append(" /M ").Append(PdfComposer.Text(PdfComposer.PdfDate(o.SigningTime)));
        if (o.Reason is { } reason) sig.Append(" /Reason ").Append(PdfComposer.Text(reason));
        if (o.Location is { } location) sig.Append(" /Location ").Append(PdfComposer.Text(location));
        if (o.SignerName is { } name) sig.Append(" /Name ").Append(PdfComposer.Text(name));
        if (o.CertifyPermission is { } p)
        {
            if (p is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(o), "DocMDP permission is 1, 2 or 3.");
            sig.Append(CultureInfo.InvariantCulture, $" /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P {p} /V /1.2 >> >>]");
        }
        sig.Append(" >>");
        var sigRef = update.Add(sig.ToString());

        // The widget: visible with an appearance, or a zero rectangle (an invisible signature).
        var rect = "[0 0 0 0]";
        var ap = "";
        if (o.Appearance is { } a)
        {
            var box = MediaBox(file, page);
            var (llx, ury) = (box[0] + a.X, box[3] - a.Y);
            rect = string.Create(CultureInfo.InvariantCulture, $"[{llx:0.##} {ury - a.Height:0.##} {llx + a.Width:0.##} {ury:0.##}]");
            ap = $" /AP << /N {Appearance(update, a)} 0 R >>";
        }
        var fieldRef = update.Add($"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T {PdfComposer.Text(o.FieldName)} /V {sigRef} 0 R /P {pageRef} /Rect {rect}{ap} >>");

        var annots = (file.Resolve(file.Dict(pageRef)!["Annots"]) as PdfArray)?.Items.ToList() ?? [];
        annots.Add(new PdfRef(fieldRef, 0));
        var newPage = file.Dict(pageRef)!.Copy();
        newPage.Entries["Annots"] = new PdfArray(annots);
        update.Replace(pageRef, newPage);

        fields.Add(new PdfRef(fieldRef, 0));
        acroForm.Entries["Fields"] = new PdfArray(fields);
        acroForm.Entries["SigFlags"] = new PdfNumber("3");
        var acroRef = catalog["AcroForm"] as PdfRef;
        if (acroRef is not null) update.Replace(acroRef, acroForm);
        else catalog.Entries["AcroForm"] = acroForm;
        if (o.CertifyPermission is not null)
        {
            var perms = file.Dict(catalog["Perms"])?.Copy() ?? new PdfDictionary();
            perms.Entries["DocMDP"] = new PdfRef(sigRef, 0);
            catalog.Entries["Perms"] = perms;
        }
        update.Replace((PdfRef)file.Trailer["Root"]!, catalog);

        var signed = update.Save();
        var (start, end) = ContentsHole(signed, contentsHex.Length);
        var range = string.Create(CultureInfo.InvariantCulture, $"/ByteRange [0 {start} {end} {signed.Length - end}]");
        var at = Locate(signed, Encoding.ASCII.GetBytes(ByteRangePlaceholder), start - 2000);
        Encoding.ASCII.GetBytes(range.PadRight(ByteRangePlaceholder.Length)).CopyTo(signed, at);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(signed, 0, start);
        sha.AppendData(signed, end, signed.Length - end);
        var cms = await createCms(sha.GetHashAndReset(), ct);
        if (cms.Length * 2 > contentsHex.Length)
            throw new InvalidOperationException($"The CMS ({cms.Length} bytes) does not fit the {o.ReservedBytes} bytes reserved for it.");
        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed, start + 1);
        return signed;
    }

    /// <summary>Offsets of the '&lt;' and just after the '&gt;' of the reserved /Contents (the hole the byte range leaves out).</summary>
    private static (int Start, int End) ContentsHole(byte[] file, int hexLength)
    {
        var marker = Encoding.ASCII.GetBytes("/Contents <" + new string('0', 64));
        var at = file.AsSpan().LastIndexOf(marker);
        if (at < 0) throw new InvalidOperationException("Reserved /Contents not found.");
        var start = at + "/Contents ".Length;
        return (start, start + hexLength + 2);
    }

    private static int Locate(byte[] file, byte[] what, int from)
    {
        var at = file.AsSpan(Math.Max(0, from)).IndexOf(what);
        if (at < 0) throw new InvalidOperationException("Reserved /ByteRange not found.");
        return at + Math.Max(0, from);
    }

    private static double[] MediaBox(PdfFile file, PdfDictionary page) =>
        ((file.Resolve(page["CropBox"]) ?? file.Resolve(page["MediaBox"])) as PdfArray)?.Items
            .Select(i => (file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray() is { Length: 4 } b ? b : [0, 0, PdfComposer.A4Width, PdfComposer.A4Height];

    /// <summary>A form XObject with the signature's lines of text (images of the signature and seal come with the outgoing flow).</summary>
    private static int Appearance(PdfIncrementalUpdate update, SignatureAppearance a)
    {
        var font = new PdfComposer.FontUse(StandardFonts.Serif(), "SigF");
        var size = Math.Min(10, Math.Max(6, a.Height / Math.Max(1, a.Lines.Count) / 1.3));
        var ops = new StringBuilder("q 0.1 0.2 0.6 RG 0.8 w ");
        ops.Append(CultureInfo.InvariantCulture, $"0.4 0.4 {a.Width - 0.8:0.##} {a.Height - 0.8:0.##} re S 0 0 0.55 rg ");
        var y = a.Height - size * 1.2;
        foreach (var line in a.Lines)
        {
            ops.Append(CultureInfo.InvariantCulture, $"BT /SigF {size:0.##} Tf 4 {y:0.##} Td <{PdfComposer.Encode(font, line)}> Tj ET ");
            y -= size * 1.3;
        }
        ops.Append('Q');
        var fontRef = PdfComposer.WriteFont(update, font);
        return update.Stream(Encoding.ASCII.GetBytes(ops.ToString()), compress: true,
            string.Create(CultureInfo.InvariantCulture, $"/Type /XObject /Subtype /Form /BBox [0 0 {a.Width:0.##} {a.Height:0.##}] /Resources << /Font << /SigF {fontRef} 0 R >> >> "));
    }

    internal static string DecodeText(byte[] b) =>
        b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF ? Encoding.BigEndianUnicode.GetString(b, 2, b.Length - 2) : Encoding.Latin1.GetString(b);
}
