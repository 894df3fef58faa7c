using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing.Revocation;

namespace UnionOffice.Pdf.Signing;

/// <summary>One signature of a document, checked: structure, integrity of its revision, certificate, time.</summary>
public sealed record PdfSignatureReport(PdfSignatureInfo Signature, SignatureCheck? Check, bool IsValid, string Summary);

/// <summary>Every signature of a document and whether anything was changed after the last one.</summary>
public sealed record PdfVerificationReport(IReadOnlyList<PdfSignatureReport> Signatures, bool ModifiedAfterLastSignature, string Summary)
{
    /// <summary>
    /// Changes made after a certification signature that its DocMDP permission does not allow (page content rewritten
    /// or added, new annotations or non-signature fields under P=2, anything under P=1), even when a later approval
    /// signature covers them.
    /// </summary>
    public IReadOnlyList<string> DisallowedChanges { get; init; } = [];

    public bool AllValid => Signatures.Count > 0 && Signatures.All(s => s.IsValid) && !ModifiedAfterLastSignature && DisallowedChanges.Count == 0;

    /// <summary>The document keeps CRLs or OCSP answers for its signatures (a /DSS, PAdES B-LT).</summary>
    public bool HasValidationData { get; init; }

    /// <summary>Every signature (not counting document time-stamps) had its revocation settled from the kept data.</summary>
    public bool LongTermValidationComplete => Signatures.Where(s => s.Check is { IsDocumentTimestamp: false }).All(s => s.Check!.RevocationFromDocument)
        && Signatures.Any(s => s.Check is { IsDocumentTimestamp: false });

    /// <summary>The time of the last valid document time-stamp (PAdES B-LTA), if any.</summary>
    public DateTimeOffset? ArchiveTimestamp => Signatures.LastOrDefault(s => s.Check is { IsDocumentTimestamp: true } && s.IsValid)?.Check!.TimestampTime;
}

/// <summary>
/// Checks the signatures of a PDF for a person to read: each revision's integrity (its byte range and the CMS over it),
/// the signer's certificate chain to the configured trust anchors at the signing time (a trusted time-stamp's, else
/// the claimed one), revocation from the CRLs and OCSP answers kept in the document when they settle it, else when asked
/// and reachable ("unknown" otherwise), document time-stamps, and changes after the last signature — additions to the
/// document security store alone are not changes.
/// </summary>
public static class PdfSignatureVerifier
{
    public static PdfVerificationReport Verify(byte[] pdf, IReadOnlyCollection<X509Certificate2> trustAnchors, bool checkRevocation = false)
    {
        List<PdfSignatureInfo> found;
        ValidationMaterial embedded;
        try
        {
            found = PdfSignatures.Read(pdf);
            embedded = PdfDss.Read(pdf);
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
            var ranges = new[] { (s.ByteRange[0], s.ByteRange[1]), (s.ByteRange[2], s.ByteRange[3]) };
            if (s.SubFilter == "ETSI.RFC3161")
            {
                // Judged when the next document time-stamp sealed it, or now when it is the last.
                var judgedAt = found.Skip(found.IndexOf(s) + 1).Where(n => n.SubFilter == "ETSI.RFC3161" && n.StructureProblem is null)
                    .Select(n => TokenTime(n.Cms)).FirstOrDefault(t => t is not null) ?? DateTimeOffset.UtcNow;
                var stamp = CmsVerifier.VerifyDocumentTimestamp(s.Cms, CmsVerifier.Ranges(pdf, ranges), trustAnchors, judgedAt, embedded);
                reports.Add(new PdfSignatureReport(s, stamp, stamp.IsValid, stamp.Summary));
                continue;
            }
            if (s.SubFilter is not ("ETSI.CAdES.detached" or "adbe.pkcs7.detached"))
            {
                reports.Add(new PdfSignatureReport(s, null, false, $"Chữ ký \"{s.FieldName}\": kiểu chữ ký {s.SubFilter} chưa được hỗ trợ."));
                continue;
            }
            var check = CmsVerifier.Verify(s.Cms, CmsVerifier.Ranges(pdf, ranges), trustAnchors, s.SigningTime, checkRevocation, embedded);
            reports.Add(new PdfSignatureReport(s, check, check.IsValid, $"Chữ ký \"{s.FieldName}\": {check.Summary}"));
        }
        var disallowed = new List<string>();
        for (var i = 0; i < reports.Count; i++)
        {
            if (found[i].CertifyPermission is null || found[i].StructureProblem is not null) continue;
            List<string> changes;
            try
            {
                changes = CertificationCheck.DisallowedChanges(pdf, found[i]);
            }
            catch (PdfFormatException e)
            {
                changes = [$"không đọc được phiên bản đã chứng thực ({e.Message})"];
            }
            if (changes.Count == 0) continue;
            disallowed.AddRange(changes);
            // The certification's own bytes still verify (IsValid stays about the signature), but its summary and the
            // report say what was changed, and the document as a whole is not valid (AllValid).
            reports[i] = reports[i] with
            {
                Summary = $"{reports[i].Summary} Nhưng sau khi chứng thực, tài liệu đã bị thay đổi theo cách chữ ký chứng thực không cho phép: {string.Join("; ", changes)}.",
            };
        }
        var last = found[^1];
        var modified = !last.CoversWholeFile && !PdfDss.OnlyValidationDataAfter(pdf, last.RevisionLength);
        var valid = reports.Count(r => r.IsValid);
        // Say what is wrong with the invalid ones in a word, so a one-line summary (an arrival's) tells revoked from unknown from broken.
        var why = reports.Where(r => !r.IsValid).Select(r => r.Check switch
        {
            { IntegrityOk: false } or null => "nội dung hoặc chữ ký bị sai",
            { ChainStatus: ChainStatus.Revoked } => "chứng thư đã bị thu hồi",
            { ChainStatus: ChainStatus.RevocationUnknown } => "chưa kiểm tra được tình trạng thu hồi chứng thư",
            { ChainStatus: ChainStatus.Untrusted } => "chứng thư không được tin cậy",
            { IsDocumentTimestamp: true, ChainStatus: ChainStatus.Expired } => "dấu thời gian lưu trữ cần được gia hạn",
            { ChainStatus: ChainStatus.Expired } => "chứng thư hết hạn khi ký",
            _ => "không xác minh được",
        }).Distinct().ToList();
        var summary = (valid == reports.Count ? $"Cả {reports.Count} chữ ký hợp lệ." : $"{reports.Count - valid}/{reports.Count} chữ ký không hợp lệ ({string.Join("; ", why)}).")
            + (modified ? " Tài liệu đã bị thay đổi sau chữ ký cuối cùng." : " Không có thay đổi sau chữ ký cuối cùng.")
            + (disallowed.Count > 0 ? $" Có thay đổi không được chữ ký chứng thực cho phép: {string.Join("; ", disallowed)}." : "");
        var report = new PdfVerificationReport(reports, modified, summary) { DisallowedChanges = disallowed, HasValidationData = embedded.HasRevocationData };
        if (report.LongTermValidationComplete)
            report = report with { Summary = summary + (report.ArchiveTimestamp is { } archived
                ? $" Tài liệu lưu kèm dữ liệu xác thực lâu dài và dấu thời gian lưu trữ lúc {archived.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm 'ngày' dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}."
                : " Tài liệu lưu kèm dữ liệu xác thực lâu dài (kiểm tra được cả khi chứng thư đã hết hạn).") };
        return report;
    }

    private static DateTimeOffset? TokenTime(byte[] token) =>
        System.Security.Cryptography.Pkcs.Rfc3161TimestampToken.TryDecode(token, out var t, out _) ? t.TokenInfo.Timestamp : null;
}
