using System.Security.Cryptography;
using System.Text;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// What a certification signature (DocMDP, ISO 32000-1 §12.8.2.2) allows the revisions after it to change, checked by
/// comparing the document as certified with the document as it is now: P=1 nothing; P=2 filling in form fields and
/// signing (existing widgets may get new values and appearances — an empty signature field the certification made, signed
/// later, is one; new widgets must be signature fields, as a later signature added its own before such fields were
/// made, and documents signed that way stay acceptable); P=3 also
/// annotations. In every case the pages themselves — their number, content streams, resources and everything they
/// reach — must be as certified: a later revision that rewrote or added page content while an approval signature
/// covers it is still a document the head never signed, and the report says so.
/// </summary>
internal static class CertificationCheck
{
    private const int MaxNodes = 200_000;

    /// <summary>The changes not allowed after the certification, in words for the user; empty when there are none.</summary>
    public static List<string> DisallowedChanges(byte[] pdf, PdfSignatureInfo certification)
    {
        var problems = new List<string>();
        var permission = certification.CertifyPermission ?? 2;
        var length = certification.RevisionLength;
        if (length <= 0 || length >= pdf.Length) return problems;
        if (permission == 1)
        {
            // Validation data (a /DSS) may still be added (ETSI EN 319 142-1 §5.4): it changes nothing the signer saw.
            if (!PdfDss.OnlyValidationDataAfter(pdf, length)) problems.Add("chữ ký chứng thực không cho phép bất kỳ thay đổi nào, nhưng tài liệu đã được cập nhật sau đó");
            return problems;
        }
        var before = PdfFile.Parse(pdf[..(int)length]);
        var after = PdfFile.Parse(pdf);
        var (pagesBefore, pagesAfter) = (before.Pages(), after.Pages());
        if (pagesBefore.Count != pagesAfter.Count)
            problems.Add($"số trang đổi từ {pagesBefore.Count} thành {pagesAfter.Count}");
        for (var i = 0; i < Math.Min(pagesBefore.Count, pagesAfter.Count); i++)
        {
            if (!Fingerprint(before, pagesBefore[i].Page, "Annots", "Parent").SequenceEqual(Fingerprint(after, pagesAfter[i].Page, "Annots", "Parent")))
                problems.Add($"nội dung trang {i + 1} bị thay đổi (luồng nội dung hoặc tài nguyên của trang)");
            if (permission == 2) CompareAnnotations(before, pagesBefore[i].Page, after, pagesAfter[i].Page, i + 1, problems);
        }
        return problems;
    }

    private static void CompareAnnotations(PdfFile before, PdfDictionary pageBefore, PdfFile after, PdfDictionary pageAfter, int page, List<string> problems)
    {
        static List<PdfObject> Annots(PdfFile f, PdfDictionary p) => (f.Resolve(p["Annots"]) as PdfArray)?.Items ?? [];
        var old = Annots(before, pageBefore).OfType<PdfRef>().Select(r => r.Number).ToHashSet();
        var now = Annots(after, pageAfter);
        foreach (var a in now)
        {
            var d = after.Dict(a);
            var isWidget = d?["Subtype"] is PdfName { Value: "Widget" };
            if (a is PdfRef r && old.Remove(r.Number))
            {
                // An existing annotation: a widget may be filled in or signed; anything else must stay as it was.
                if (!isWidget && !Fingerprint(before, before.Dict(r) ?? new PdfDictionary(), "P").SequenceEqual(Fingerprint(after, d ?? new PdfDictionary(), "P")))
                    problems.Add($"trang {page}: một chú thích (annotation) bị sửa");
                continue;
            }
            if (!isWidget || FieldType(after, d!) != "Sig")
                problems.Add($"trang {page}: thêm {(isWidget ? "trường biểu mẫu mới không phải chữ ký" : "chú thích (annotation) mới")}");
        }
        if (old.Count > 0) problems.Add($"trang {page}: {old.Count} chú thích hoặc trường biểu mẫu bị xóa");
    }

    /// <summary>The field type of a widget, inherited from its parent fields when it is a kid.</summary>
    private static string? FieldType(PdfFile file, PdfDictionary widget)
    {
        var d = widget;
        for (var i = 0; d is not null && i < 16; i++, d = file.Dict(d["Parent"]))
            if (d["FT"] is PdfName ft) return ft.Value;
        return null;
    }

    /// <summary>A SHA-256 over the object and everything it reaches (streams by their bytes), top-level <paramref name="skip"/> keys left out.</summary>
    internal static byte[] Fingerprint(PdfFile file, PdfDictionary root, params string[] skip)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var visited = new HashSet<int>();
        var nodes = 0;
        void Add(string s) => hash.AppendData(Encoding.UTF8.GetBytes(s));
        void Walk(PdfObject? o, bool top)
        {
            if (++nodes > MaxNodes) throw new PdfFormatException("Trang PDF quá phức tạp để so sánh.");
            switch (o)
            {
                case PdfRef r:
                    if (!visited.Add(r.Number)) { Add($"@{r.Number};"); return; }
                    Add($"#{r.Number}:");
                    Walk(file.Get(r.Number), false);
                    return;
                case PdfDictionary d:
                    Add("<<");
                    foreach (var (k, v) in d.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        if (top && skip.Contains(k)) continue;
                        Add($"/{k} ");
                        Walk(v, false);
                    }
                    Add(">>");
                    return;
                case PdfArray a:
                    Add("[");
                    foreach (var i in a.Items) Walk(i, false);
                    Add("]");
                    return;
                case PdfStream s:
                    Walk(s.Dictionary, false);
                    Add($"stream{s.Raw.Length}:");
                    hash.AppendData(s.Raw);
                    return;
                default:
                    Add(o?.ToString() ?? "null");
                    Add(";");
                    return;
            }
        }
        Walk(root, true);
        return hash.GetHashAndReset();
    }
}
