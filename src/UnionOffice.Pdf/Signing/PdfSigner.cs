using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// One signature. <paramref name="CertifyPermission"/> makes it a certification signature (DocMDP): 1 no change
/// allowed, 2 filling in forms and signing (what a head's signature needs so the clerk can still add the number, the
/// date and the organ's signature), 3 also annotations. Null: an approval signature.
/// </summary>
public sealed record PdfSignatureOptions(
    string FieldName, DateTimeOffset SigningTime, string? Reason = null, string? Location = null, string? SignerName = null,
    int? CertifyPermission = null, SignatureAppearance? Appearance = null, int ReservedBytes = 32 * 1024)
{
    /// <summary>
    /// Empty text fields added in the same revision as this signature: with a certification (P=2) they are what the
    /// clerk may fill later — the number and the date of a document the head signs before it has them.
    /// </summary>
    public IReadOnlyList<PdfTextField> FormFields { get; init; } = [];

    /// <summary>
    /// Values for existing text fields (field name → text), written in the same revision as this signature, so the
    /// signature covers them: the clerk's number and date go in with the organ's approval signature.
    /// </summary>
    public IReadOnlyDictionary<string, string> FillFields { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Empty signature fields added in the same revision as this signature: with a certification (P=2), the place of a
    /// later approval signature — the organ's, over the head's — which then signs into its field instead of adding one.
    /// </summary>
    public IReadOnlyList<PdfSignatureField> EmptySignatureFields { get; init; } = [];

    /// <summary>
    /// A document time-stamp (ISO 32000-2 §12.8.5, PAdES B-LTA) instead of a signature: /Type /DocTimeStamp, /SubFilter
    /// /ETSI.RFC3161, and the /Contents is an RFC 3161 time-stamp token over the byte range's digest. No name, reason or
    /// claimed time: the token's time is the time.
    /// </summary>
    public bool DocumentTimestamp { get; init; }
}

/// <summary>
/// Signs a PDF as PAdES (SubFilter ETSI.CAdES.detached) by an incremental update, so earlier signatures keep their
/// byte ranges and stay valid (ISO 32000-1 §12.8, ETSI EN 319 142-1): the empty signature field named
/// <see cref="PdfSignatureOptions.FieldName"/> gets the signature when the document has one (its widget gets the value,
/// the appearance and the appearance's place; no widget is added), else a signature field (merged with its widget) is
/// added to the AcroForm and to the page; its value is a signature dictionary whose /Contents is reserved; the file is written,
/// the byte range around /Contents is fixed, its SHA-256 is handed to <c>createCms</c> (which builds the CMS, asking
/// whatever holds the key — a local key, a token, a remote service — to sign) and the CMS is written into the hole.
/// </summary>
public static class PdfSigner
{
    private const string ByteRangePlaceholder = "/ByteRange [0 9999999999 9999999999 9999999999]";

    public static async Task<byte[]> SignAsync(byte[] pdf, PdfSignatureOptions o, Func<byte[], CancellationToken, Task<byte[]>> createCms, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(createCms);
        var prepared = Prepare(pdf, o);
        return prepared.Embed(await createCms(prepared.ContentDigest, ct));
    }

    /// <summary>
    /// The first half of a deferred signature: the document laid out with its signature field, appearance and byte
    /// range, the /Contents left as a hole of zeros, and the SHA-256 of the byte range — what a key held elsewhere (a
    /// token on the signer's computer, a remote signing service) signs through the CMS's signed attributes. Nothing
    /// about it changes afterwards except the hole, so it may be kept (the bytes are enough: <see cref="PreparedPdfSignature.Restore"/>)
    /// and completed later by <see cref="PreparedPdfSignature.Embed"/>.
    /// </summary>
    public static PreparedPdfSignature Prepare(byte[] pdf, PdfSignatureOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var file = PdfFile.Parse(pdf);
        var update = new PdfIncrementalUpdate(file);
        var form = new FormUpdate(file, update);
        // An empty signature field of that name is signed into; any other field of that name refuses the signature.
        var empty = form.EmptySignatureField(o.FieldName);
        if (file.Dict(form.Catalog["Perms"])?["DocMDP"] is not null && o.CertifyPermission is not null)
            throw new PdfFormatException("Tài liệu đã được chứng thực (DocMDP); chỉ được ký phê duyệt thêm.");
        if (empty is { PageIndex: { } fieldPage } && o.Appearance is { } shown && shown.PageIndex != fieldPage)
            throw new PdfFormatException($"Trường chữ ký \"{o.FieldName}\" ở trang {fieldPage + 1}, không phải trang {shown.PageIndex + 1}.");
        var pageIndex = empty?.PageIndex ?? o.Appearance?.PageIndex ?? 0;
        var pageRef = form.PageRef(pageIndex);

        // The signature dictionary, written with fixed-width placeholders patched after the file is laid out.
        var contentsHex = new string('0', o.ReservedBytes * 2);
        if (o.DocumentTimestamp && (o.CertifyPermission is not null || o.Appearance is not null || o.FormFields.Count > 0 || o.FillFields.Count > 0 || o.EmptySignatureFields.Count > 0))
            throw new ArgumentException("A document time-stamp is invisible and changes nothing else.", nameof(o));
        var sig = new StringBuilder(o.DocumentTimestamp ? "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 " : "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ");
        sig.Append(ByteRangePlaceholder).Append(" /Contents <").Append(contentsHex).Append('>');
        if (!o.DocumentTimestamp) sig.Append(" /M ").Append(PdfComposer.Text(PdfComposer.PdfDate(o.SigningTime)));
        if (o.Reason is { } reason && !o.DocumentTimestamp) sig.Append(" /Reason ").Append(PdfComposer.Text(reason));
        if (o.Location is { } location) sig.Append(" /Location ").Append(PdfComposer.Text(location));
        if (o.SignerName is { } name) sig.Append(" /Name ").Append(PdfComposer.Text(name));
        if (o.CertifyPermission is { } p)
        {
            if (p is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(o), "DocMDP permission is 1, 2 or 3.");
            sig.Append(CultureInfo.InvariantCulture, $" /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P {p} /V /1.2 >> >>]");
        }
        sig.Append(" >>");
        var sigRef = update.Add(sig.ToString());

        // The widget: visible with an appearance, or a zero rectangle (an invisible signature) — an existing empty
        // field keeps its own rectangle when no appearance is given.
        string? rect = null, ap = null;
        if (o.Appearance is { } a)
        {
            var (left, top) = form.Origin(pageIndex);
            var (llx, lly) = (left + a.X, top - a.Y - a.Height);
            var (apRef, e) = a.Write(update);
            rect = Rect(llx + e.X, lly + e.Y, llx + e.Right, lly + e.Top);
            ap = $"<< /N {apRef} 0 R >>";
        }
        if (empty is not null)
            form.SignInto(empty, pageIndex, sigRef, rect, ap);
        else
        {
            form.ClaimName(o.FieldName);
            var fieldRef = update.Add($"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T {PdfComposer.Text(o.FieldName)} /V {sigRef} 0 R /P {pageRef} /Rect {rect ?? "[0 0 0 0]"}{(ap is null ? "" : $" /AP {ap}")} >>");
            form.AddWidget(pageIndex, fieldRef);
        }
        foreach (var f in o.EmptySignatureFields)
        {
            form.ClaimName(f.Name);
            if (f.Width <= 0 || f.Height <= 0) throw new PdfFormatException($"Trường chữ ký \"{f.Name}\" có kích thước không hợp lệ.");
            var (left, top) = form.Origin(f.PageIndex);
            var (llx, lly) = (left + f.X, top - f.Y - f.Height);
            // An empty appearance: nothing shows until it is signed (and a widget should have one, ISO 32000-2 §12.5.5).
            var blank = update.Stream([], compress: false, $"/Type /XObject /Subtype /Form /BBox [0 0 {PdfComposer.N(f.Width)} {PdfComposer.N(f.Height)}] /Resources << >> ");
            var widget = update.Add($"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T {PdfComposer.Text(f.Name)} /P {form.PageRef(f.PageIndex)} " +
                $"/Rect {Rect(llx, lly, llx + f.Width, lly + f.Height)} /AP << /N {blank} 0 R >> >>");
            form.AddWidget(f.PageIndex, widget);
        }
        form.AddTextFields(o.FormFields);
        form.FillTextFields(o.FillFields);
        form.AcroForm.Entries["SigFlags"] = new PdfNumber("3");
        if (o.CertifyPermission is not null)
        {
            var perms = file.Dict(form.Catalog["Perms"])?.Copy() ?? new PdfDictionary();
            perms.Entries["DocMDP"] = new PdfRef(sigRef, 0);
            form.Catalog.Entries["Perms"] = perms;
        }
        form.Commit();

        var signed = update.Save();
        var (start, end) = ContentsHole(signed, contentsHex.Length);
        var range = string.Create(CultureInfo.InvariantCulture, $"/ByteRange [0 {start} {end} {signed.Length - end}]");
        var at = Locate(signed, Encoding.ASCII.GetBytes(ByteRangePlaceholder), start - 2000);
        Encoding.ASCII.GetBytes(range.PadRight(ByteRangePlaceholder.Length)).CopyTo(signed, at);

        return new PreparedPdfSignature(signed, start, end);
    }

    /// <summary>
    /// Where the empty signature field of that name is, in the page's top-left coordinates (as <see cref="SignatureAppearance"/>
    /// takes them); null when the document has no such empty field. A signature made into it with an appearance of exactly
    /// this box leaves the field where it was certified.
    /// </summary>
    public static PdfSignatureField? EmptyField(byte[] pdf, string name)
    {
        var file = PdfFile.Parse(pdf);
        var form = new FormUpdate(file, new PdfIncrementalUpdate(file));
        if (form.EmptySignatureField(name) is not { PageIndex: { } page } empty) return null;
        var rect = (file.Resolve(file.Dict(empty.Widget)!["Rect"]) as PdfArray)?.Items.Select(i => (file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray();
        if (rect is not { Length: 4 }) return null;
        var (left, top) = form.Origin(page);
        double llx = Math.Min(rect[0], rect[2]), lly = Math.Min(rect[1], rect[3]), urx = Math.Max(rect[0], rect[2]), ury = Math.Max(rect[1], rect[3]);
        return new PdfSignatureField(name, page, llx - left, top - ury, urx - llx, ury - lly);
    }

    /// <summary>
    /// A widget's rectangle as written: a signature widget's and the empty field prepared for it are written alike, so a
    /// signature whose appearance lands exactly on its field leaves the field's /Rect as it was.
    /// </summary>
    private static string Rect(double llx, double lly, double urx, double ury) =>
        string.Create(CultureInfo.InvariantCulture, $"[{llx:0.##} {lly:0.##} {urx:0.##} {ury:0.##}]");

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

    internal static string DecodeText(byte[] b) =>
        b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF ? Encoding.BigEndianUnicode.GetString(b, 2, b.Length - 2) : Encoding.Latin1.GetString(b);
}

/// <summary>
/// A PDF laid out for one signature whose /Contents is still a hole of hex zeros between <see cref="HoleStart"/> (the
/// '&lt;') and <see cref="HoleEnd"/> (just after the '&gt;'); <see cref="ContentDigest"/> is the SHA-256 of everything
/// else, the byte range the CMS's message-digest attribute names.
/// </summary>
public sealed class PreparedPdfSignature
{
    internal PreparedPdfSignature(byte[] pdf, int holeStart, int holeEnd)
    {
        Pdf = pdf;
        HoleStart = holeStart;
        HoleEnd = holeEnd;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(pdf, 0, holeStart);
        sha.AppendData(pdf, holeEnd, pdf.Length - holeEnd);
        ContentDigest = sha.GetHashAndReset();
    }

    public byte[] Pdf { get; }
    public int HoleStart { get; }
    public int HoleEnd { get; }
    public byte[] ContentDigest { get; }

    /// <summary>Bytes reserved for the CMS.</summary>
    public int Capacity => (HoleEnd - HoleStart - 2) / 2;

    /// <summary>
    /// A prepared PDF read back from where it was kept: its last /Contents must still be an unfilled hole and its
    /// /ByteRange must be the one around it; the digest is computed again from the bytes, so a kept copy that changed
    /// gives another digest (and the signature made for the first one is refused).
    /// </summary>
    public static PreparedPdfSignature Restore(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var marker = Encoding.ASCII.GetBytes("/Contents <" + new string('0', 64));
        var at = pdf.AsSpan().LastIndexOf(marker);
        if (at < 0) throw new PdfFormatException("Tệp chuẩn bị ký không còn chỗ dành cho chữ ký.");
        var start = at + "/Contents ".Length;
        var end = start + 1;
        while (end < pdf.Length && pdf[end] == (byte)'0') end++;
        if (end >= pdf.Length || pdf[end] != (byte)'>') throw new PdfFormatException("Chỗ dành cho chữ ký trong tệp chuẩn bị ký bị hỏng.");
        end++;
        var range = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"/ByteRange [0 {start} {end} {pdf.Length - end}]"));
        if (pdf.AsSpan(Math.Max(0, start - 4000), Math.Min(4000, start)).IndexOf(range) < 0)
            throw new PdfFormatException("Phạm vi ký (/ByteRange) của tệp chuẩn bị ký không khớp với tệp.");
        return new PreparedPdfSignature(pdf, start, end);
    }

    /// <summary>The second half: the CMS (DER) written into the hole; a new array, the prepared one is left as it was.</summary>
    public byte[] Embed(byte[] cms)
    {
        ArgumentNullException.ThrowIfNull(cms);
        if (cms.Length > Capacity)
            throw new InvalidOperationException($"The CMS ({cms.Length} bytes) does not fit the {Capacity} bytes reserved for it.");
        var signed = (byte[])Pdf.Clone();
        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed, HoleStart + 1);
        return signed;
    }
}
