using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>A signature as found in a PDF: where it is, what it covers, and its CMS.</summary>
public sealed record PdfSignatureInfo(
    string FieldName, string? SubFilter, long[] ByteRange, byte[] Cms, DateTimeOffset? SigningTime, string? Reason, string? SignerName,
    int? CertifyPermission, bool CoversWholeFile, string? StructureProblem)
{
    /// <summary>The length of the revision the signature covers (the file as it was when signed).</summary>
    public long RevisionLength => ByteRange.Length == 4 ? ByteRange[2] + ByteRange[3] : 0;
}

/// <summary>
/// Finds the signatures of a PDF (signature fields of the AcroForm, with their /V dictionaries) and checks the structure
/// each one relies on: a byte range that starts at 0 and leaves out exactly the /Contents string, within the file.
/// The cryptographic checks (digest, CMS signature, certificate chain) are separate.
/// </summary>
public static class PdfSignatures
{
    private static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);

    public static List<PdfSignatureInfo> Read(byte[] pdf)
    {
        var file = PdfFile.Parse(pdf);
        var result = new List<PdfSignatureInfo>();
        var fields = (file.Resolve(file.Dict(file.Catalog["AcroForm"])?["Fields"]) as PdfArray)?.Items ?? [];
        var queue = new Queue<(PdfObject Field, string Prefix, int Depth)>(fields.Select(f => (f, "", 0)));
        while (queue.Count > 0)
        {
            var (f, prefix, depth) = queue.Dequeue();
            var d = file.Dict(f);
            if (d is null || depth > 16) continue;
            var name = d["T"] is PdfString t ? PdfSigner.DecodeText(t.Bytes) : "";
            var full = prefix.Length == 0 ? name : $"{prefix}.{name}";
            foreach (var kid in (file.Resolve(d["Kids"]) as PdfArray)?.Items ?? []) queue.Enqueue((kid, full, depth + 1));
            if (d["FT"] is not PdfName { Value: "Sig" } || file.Dict(d["V"]) is not { } v) continue;
            result.Add(Describe(pdf, file, full, v));
        }
        return result.OrderBy(s => s.RevisionLength).ToList();
    }

    /// <summary>The bytes the signature covers, concatenated (for a CMS check with detached content).</summary>
    public static byte[] SignedBytes(byte[] pdf, long[] byteRange)
    {
        using var ms = new MemoryStream();
        for (var i = 0; i + 1 < byteRange.Length; i += 2) ms.Write(pdf, (int)byteRange[i], (int)byteRange[i + 1]);
        return ms.ToArray();
    }

    private static PdfSignatureInfo Describe(byte[] pdf, PdfFile file, string name, PdfDictionary v)
    {
        var range = (file.Resolve(v["ByteRange"]) as PdfArray)?.Items.Select(i => (file.Resolve(i) as PdfNumber)?.Integer ?? -1).ToArray() ?? [];
        var cms = (file.Resolve(v["Contents"]) as PdfString)?.Bytes ?? [];
        string? problem = null;
        if (range.Length != 4 || range[0] != 0 || range.Any(x => x < 0) || range[1] > range[2] || range[2] + range[3] > pdf.Length)
            problem = "Vùng ký (ByteRange) không hợp lệ.";
        else
        {
            // The hole must be exactly the hex string of /Contents: "<" at range[1], ">" just before range[2].
            var (holeStart, holeEnd) = (range[1], range[2]);
            if (pdf[holeStart] != '<' || pdf[holeEnd - 1] != '>' || pdf.AsSpan((int)holeStart + 1, (int)(holeEnd - holeStart - 2)).ContainsAnyExcept(HexDigits))
                problem = "Vùng ký không khớp với chữ ký số trong tệp.";
        }
        // Trailing zeros of the reserved space are not part of the DER.
        cms = TrimDer(cms);
        var m = (file.Resolve(v["M"]) as PdfString)?.Bytes;
        var perm = (file.Resolve(v["Reference"]) as PdfArray)?.Items.Select(file.Dict)
            .Select(r => file.Dict(r?["TransformParams"])?["P"] as PdfNumber).FirstOrDefault(p => p is not null);
        return new PdfSignatureInfo(name, (file.Resolve(v["SubFilter"]) as PdfName)?.Value, range, cms,
            m is null ? null : ParseDate(PdfSigner.DecodeText(m)),
            (file.Resolve(v["Reason"]) as PdfString)?.Bytes is { } r ? PdfSigner.DecodeText(r) : null,
            (file.Resolve(v["Name"]) as PdfString)?.Bytes is { } n ? PdfSigner.DecodeText(n) : null,
            perm is null ? null : (int)perm.Integer,
            range.Length == 4 && range[2] + range[3] == pdf.Length, problem);
    }

    private static byte[] TrimDer(byte[] b)
    {
        // DER SEQUENCE: 0x30, then the length; anything after the encoded length is padding.
        if (b.Length < 2 || b[0] != 0x30) return b;
        int len, head;
        if (b[1] < 0x80) (len, head) = (b[1], 2);
        else
        {
            var n = b[1] & 0x7F;
            if (n is 0 or > 4 || b.Length < 2 + n) return b;
            len = 0;
            for (var i = 0; i < n; i++) len = (len << 8) | b[2 + i];
            head = 2 + n;
        }
        return head + len <= b.Length ? b[..(head + len)] : b;
    }

    /// <summary>PDF date "D:YYYYMMDDHHmmSS+HH'mm'" (ISO 32000-1 §7.9.4).</summary>
    internal static DateTimeOffset? ParseDate(string s)
    {
        if (s.StartsWith("D:", StringComparison.Ordinal)) s = s[2..];
        if (s.Length < 14 || !s[..14].All(char.IsAsciiDigit)) return null;
        var offset = TimeSpan.Zero;
        if (s.Length >= 17 && s[14] is '+' or '-' && int.TryParse(s.AsSpan(15, 2), out var h))
        {
            var min = s.Length >= 20 && int.TryParse(s.AsSpan(18, 2), out var mm) ? mm : 0;
            offset = new TimeSpan(h, min, 0) * (s[14] == '-' ? -1 : 1);
        }
        try
        {
            return new DateTimeOffset(int.Parse(s[..4]), int.Parse(s[4..6]), int.Parse(s[6..8]), int.Parse(s[8..10]), int.Parse(s[10..12]), int.Parse(s[12..14]), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
