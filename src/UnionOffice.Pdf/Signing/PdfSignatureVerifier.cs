using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>One signature of a document, checked: structure, integrity of its revision, certificate, time.</summary>
public sealed record PdfSignatureReport(PdfSignatureInfo Signature, SignatureCheck? Check, bool IsValid, string Summary);

/// <summary>Every signature of a document and whether anything was changed after the last one.</summary>
public sealed record PdfVerificationReport(IReadOnlyList<PdfSignatureReport> Signatures, bool ModifiedAfterLastSignature, string Summary)
{
    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid) && !ModifiedAfterLastSignature;
}

/// <summary>
/// Checks the signatures of a PDF for a person to read: each revision's integrity (its byte range and the CMS over it),
/// the signer's certificate chain to the configured trust anchors at the signing time (a trusted time-stamp's, else
/// the claimed one), revocation when asked and reachable ("unknown" otherwise), and changes after the last signature.
/// </summary>
public static class PdfSignatureVerifier
{
    public static PdfVerificationReport Verify(byte[] pdf, IReadOnlyCollection<X509Certificate2> trustAnchors, bool checkRevocation = false)
    {
        List<PdfSignatureInfo> found;
        try
        {
            found = PdfSignatures.Read(pdf);
        }
        catch (PdfFormatException e)
        {
            return new PdfVerificationReport([], false, $"Không kiểm tra được chữ ký: {e.Message}");
        }
        if (found.Count == 0) return new PdfVerificationReport([], false, "Tài liệu không có chữ ký số.");
        var reports = new List<PdfSignatureReport>();
        foreach (var s in found)
        {
            if (s.StructureProblem is { } problem)
            {
                reports.Add(new PdfSignatureReport(s, null, false, $"Chữ ký \"{s.FieldName}\": {problem}"));
                continue;
            }
            if (s.SubFilter is not ("ETSI.CAdES.detached" or "adbe.pkcs7.detached"))
            {
                reports.Add(new PdfSignatureReport(s, null, false, $"Chữ ký \"{s.FieldName}\": kiểu chữ ký {s.SubFilter} chưa được hỗ trợ."));
                continue;
            }
            var ranges = new[] { (s.ByteRange[0], s.ByteRange[1]), (s.ByteRange[2], s.ByteRange[3]) };
            var check = CmsVerifier.Verify(s.Cms, CmsVerifier.Ranges(pdf, ranges), trustAnchors, s.SigningTime, checkRevocation);
            reports.Add(new PdfSignatureReport(s, check, check.IsValid, $"Chữ ký \"{s.FieldName}\": {check.Summary}"));
        }
        var last = found[^1];
        var modified = !last.CoversWholeFile;
        var valid = reports.Count(r => r.IsValid);
        var summary = (valid == reports.Count ? $"Cả {reports.Count} chữ ký hợp lệ." : $"{reports.Count - valid}/{reports.Count} chữ ký không hợp lệ.")
            + (modified ? " Tài liệu đã bị thay đổi sau chữ ký cuối cùng." : " Không có thay đổi sau chữ ký cuối cùng.");
        return new PdfVerificationReport(reports, modified, summary);
    }
}
