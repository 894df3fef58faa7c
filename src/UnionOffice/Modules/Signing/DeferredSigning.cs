using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Signing;

/// <summary>What the page or a client is handed to get a prepared signature made: the digest and whose key must sign it.</summary>
/// <param name="Digest">Base64 of the 32 bytes (SHA-256 of the CMS's signed attributes) the key signs — raw, not wrapped.</param>
/// <param name="CertificateThumbprint">SHA-1 thumbprint (hex) of the certificate that must sign.</param>
/// <param name="Description">What is being signed, for the person to see where they confirm it.</param>
public sealed record PreparedSignatureDto(Guid Id, string Digest, string DigestAlgorithm, string CertificateThumbprint, DateTimeOffset ExpiresAt,
    string Description, string Holder, string? RemoteTransactionId = null);

/// <param name="Signature">Base64 of the raw signature over the digest: RSA PKCS#1 v1.5, or ECDSA (DER or r‖s).</param>
public sealed record CompleteSignatureRequest(Guid PendingId, string? Signature);

public static class DeferredSigningErrors
{
    public static readonly Error NotFound = new("SIGNING_SESSION_NOT_FOUND", "Không tìm thấy phiên ký này (hoặc không phải của bạn).", 404);
    public static Error Expired(TimeSpan lifetime) =>
        new("SIGNING_SESSION_EXPIRED", $"Phiên ký đã hết hạn (quá {(int)lifetime.TotalMinutes} phút kể từ khi chuẩn bị); văn bản chưa được ký — hãy ký lại.", 410);
    public static Error Failed(string why) => new("SIGNING_SESSION_FAILED", $"Phiên ký này đã không thành công: {why} Hãy ký lại.", 409);
    public static readonly Error SessionMissing = new("SIGNING_SESSION_MISSING", "Thiếu mã phiên ký (pendingId) do bước chuẩn bị ký trả về.", 400);
    public static readonly Error SignatureMissing = new("SIGNATURE_MISSING", "Thiếu chữ ký (giá trị base64) do thiết bị ký trả về.", 400);
    public static readonly Error SignatureMismatch = new("SIGNATURE_MISMATCH",
        "Chữ ký nhận được không khớp với chứng thư số đã chọn (ký bằng khóa khác, hoặc dữ liệu ký đã bị thay đổi); văn bản chưa được ký.", 422);
    public static readonly Error SubjectChanged = new("SIGNING_SUBJECT_CHANGED", "Văn bản đã thay đổi sau khi chuẩn bị ký; văn bản chưa được ký — hãy ký lại.", 409);
    public static readonly Error Revoked = new("CERT_REVOKED", "Chứng thư số đã bị tổ chức cấp thu hồi; không dùng để ký được.", 422);
    public static readonly Error RevocationUnknown = new("CERT_REVOCATION_UNKNOWN",
        "Chưa kiểm tra được chứng thư số có bị thu hồi hay không (không truy cập được danh sách thu hồi/OCSP của tổ chức cấp); thử lại sau.", 503);
    public static Error NotTheHolder(string? onCertificate, string account) =>
        new("CERT_NOT_YOURS", $"Chứng thư số cấp cho “{onCertificate}”, không phải cho “{account}” — người ký phải dùng chứng thư số của chính mình.", 422);
    public static Error OtherOrgan(string? onCertificate) =>
        new("CERT_OTHER_ORGAN", $"Chứng thư số ghi cơ quan “{onCertificate}”, không phải cơ quan nơi bạn công tác trong hệ thống.", 422);
    public static readonly Error CertificateInvalid = new("CERT_INVALID", "Dữ liệu chứng thư số không đọc được (cần chứng thư X.509 dạng DER, mã hóa base64).", 422);
    public static readonly Error RemoteRefused = new("REMOTE_REFUSED", "Người ký đã từ chối ký trên ứng dụng điện thoại; văn bản chưa được ký.", 409);
    public static Error RemoteFailed(string why) => new("REMOTE_FAILED", $"Dịch vụ ký số từ xa không ký được: {why}", 502);
    public static readonly Error KeyOnServer = new("CERT_KEY_ON_SERVER", "Chứng thư số của bạn lưu trên hệ thống: hãy ký bằng mã PIN.", 409);
    public static readonly Error KeyElsewhere = new("CERT_KEY_ELSEWHERE",
        "Chứng thư số của bạn ở trên USB token hoặc dịch vụ ký số từ xa, không ở trên hệ thống: hãy ký bằng USB token (phần mềm ký số trên máy tính) hoặc xác nhận trên điện thoại.", 409);
}

/// <summary>
/// Signatures whose key is not here (ADR 0016): a USB token on the signer's computer, a remote signing service, and —
/// through the same two halves — anything else that signs a digest. <see cref="PrepareAsync"/> lays the document out,
/// keeps it with the digest to sign (<see cref="PendingSignature"/>, so a restart or another node can finish it) and
/// hands out the digest; <see cref="CompleteAsync"/> takes the raw signature back, checks it against the prepared digest
/// and the expected certificate (trusted, in time, not revoked), makes the CAdES (B-T with the configured TSA) and
/// embeds it. Who may sign what stays the calling module's to decide, before and after.
/// </summary>
public sealed class DeferredSigning(AppDbContext db, TrustAnchors anchors, PdfSigning signing, IOptions<SigningOptions> options, TimeProvider time,
    Remote.IRemoteSigningService remote)
{
    public TimeSpan Lifetime => options.Value.PreparedSignatureLifetime;

    /// <summary>The certificate of a key held elsewhere, with the intermediates to embed.</summary>
    public static (X509Certificate2 Certificate, List<X509Certificate2> Chain) Open(SigningCertificate cert)
    {
        if (cert.PublicCertificate is not { Length: > 0 } der) throw new DomainException(DeferredSigningErrors.KeyOnServer);
        var certificate = X509CertificateLoader.LoadCertificate(der);
        var chain = new List<X509Certificate2>();
        if (cert.ChainPem is { Length: > 0 } pem)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            chain.AddRange(collection);
        }
        return (certificate, chain);
    }

    /// <summary>
    /// Whether this certificate may sign for this person now (NĐ30 Điều 32.3, issue 16 §8): in its validity, chaining to a
    /// trusted root, not revoked when revocation is checked, issued to this person's name (with or without diacritics,
    /// any case) and, when it names an organisation, to one of the organs the person works in. True for a test root.
    /// </summary>
    public async Task<bool> CheckHolderAsync(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, AppUser person, CancellationToken ct)
    {
        await CheckUsableAsync(certificate, chain, ct);
        var (name, organization) = CmsVerifier.SubjectNames(certificate);
        if (name is null || VietnameseText.Fold(name) != VietnameseText.Fold(person.FullName))
            throw new DomainException(DeferredSigningErrors.NotTheHolder(name, person.FullName));
        if (options.Value.CheckCertificateOrgan && organization is { Length: > 0 })
        {
            var organs = await (from o in db.Organizations.AsNoTracking()
                                where o.Id == person.HomeOrganizationId || db.RoleAssignments.Any(r => r.UserId == person.Id && r.OrganizationId == o.Id)
                                select o.Name).ToListAsync(ct);
            if (!organs.Any(o => VietnameseText.FoldOrganName(o) == VietnameseText.FoldOrganName(organization)))
                throw new DomainException(DeferredSigningErrors.OtherOrgan(organization));
        }
        return (await anchors.ChainAsync(certificate, chain, time.GetUtcNow(), ct)).IsTest;
    }

    /// <summary>In its validity, trusted, and not revoked (when Signing:CheckRevocation is on): asked at registration, preparation and completion.</summary>
    public async Task CheckUsableAsync(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            throw new DomainException(SigningErrors.Expired);
        if (certificate.PublicKey.Oid.Value is not ("1.2.840.113549.1.1.1" or "1.2.840.10045.2.1")) throw new DomainException(SigningErrors.Untrusted("chỉ hỗ trợ khóa RSA hoặc ECDSA."));
        var roots = await anchors.AllAsync(ct);
        if (roots.Count == 0) throw new DomainException(SigningErrors.Untrusted("hệ thống chưa cấu hình chứng thư gốc tin cậy (Signing:TrustAnchorFiles)."));
        var status = CmsVerifier.CheckCertificate(certificate, chain, roots, now, options.Value.CheckRevocation);
        switch (status)
        {
            case ChainStatus.Trusted: return;
            case ChainStatus.Revoked: throw new DomainException(DeferredSigningErrors.Revoked);
            case ChainStatus.RevocationUnknown: throw new DomainException(DeferredSigningErrors.RevocationUnknown);
            case ChainStatus.Expired: throw new DomainException(SigningErrors.Expired);
            default:
                var (trusted, _, why) = await anchors.ChainAsync(certificate, chain, now, ct);
                throw new DomainException(SigningErrors.Untrusted(trusted ? CmsVerifier.Describe(status) : why));
        }
    }

    /// <summary>
    /// The first half: the document laid out for <paramref name="cert"/>'s signature and kept (added to the context, saved
    /// by the caller with its own changes) with the digest to sign. <paramref name="details"/> is what the caller needs
    /// again at completion.
    /// </summary>
    public async Task<PendingSignature> PrepareAsync(string purpose, Guid subjectId, int subjectVersion, Guid userId, SigningCertificate cert, byte[] pdf,
        PdfSignatureOptions o, string details, Guid? batchId, CancellationToken ct)
    {
        var (certificate, chain) = Open(cert);
        using var _ = certificate;
        await CheckUsableAsync(certificate, chain, ct);
        PreparedPdfSignature prepared;
        try
        {
            prepared = PdfSigner.Prepare(pdf, o);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không ký được tệp PDF: {e.Message}", 422));
        }
        var toBeSigned = CadesSignature.ToBeSigned(prepared.ContentDigest, certificate);
        var now = time.GetUtcNow();
        // Whatever this person left unfinished and expired goes now: the table holds only live sessions and the record of finished ones.
        await db.PendingSignatures.Where(p => p.UserId == userId && p.State == PendingSignatureState.Waiting && p.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var pending = new PendingSignature(purpose, subjectId, subjectVersion, userId, cert.Id, prepared.Pdf, toBeSigned.Digest, details, now, now + Lifetime, batchId);
        db.PendingSignatures.Add(pending);
        return pending;
    }

    public static PreparedSignatureDto Dto(PendingSignature p, SigningCertificate cert, string description) =>
        new(p.Id, Convert.ToBase64String(p.Digest), "SHA-256", cert.Thumbprint, p.ExpiresAt, description, cert.Holder.ToString(), p.RemoteTransactionId);

    /// <summary>The person's own waiting session for this purpose and subject, tracked; refused as not found otherwise.</summary>
    public async Task<PendingSignature> MineAsync(Guid pendingId, string purpose, Guid subjectId, Guid userId, CancellationToken ct) =>
        await db.PendingSignatures.FirstOrDefaultAsync(p => p.Id == pendingId && p.Purpose == purpose && p.SubjectId == subjectId && p.UserId == userId, ct)
            ?? throw new DomainException(DeferredSigningErrors.NotFound);

    /// <summary>
    /// The second half: the raw signature checked and embedded; the signed PDF back with the certificate that made it.
    /// A session expired, finished or failed is refused (the caller handles "completed" as a repeat); a signature that
    /// does not match ends the session as failed, so the same digest is never offered twice. Nothing is saved here.
    /// </summary>
    public async Task<(byte[] SignedPdf, SigningCertificate Certificate)> CompleteAsync(PendingSignature pending, string? signatureBase64, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (pending.State == PendingSignatureState.Failed) throw new DomainException(DeferredSigningErrors.Failed(pending.Error ?? ""));
        if (pending.State != PendingSignatureState.Waiting) throw new DomainException(DeferredSigningErrors.NotFound);
        if (pending.IsExpired(now))
        {
            await FailAsync(pending, "hết hạn trước khi có chữ ký.", ct);
            throw new DomainException(DeferredSigningErrors.Expired(Lifetime));
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64 ?? "");
        }
        catch (FormatException)
        {
            throw new DomainException(DeferredSigningErrors.SignatureMissing);
        }
        if (signature.Length is 0 or > 2048) throw new DomainException(DeferredSigningErrors.SignatureMissing);
        var cert = await db.SigningCertificates.AsNoTracking().FirstAsync(c => c.Id == pending.CertificateId, ct);
        var (certificate, chain) = Open(cert);
        using var _ = certificate;
        await CheckUsableAsync(certificate, chain, ct);
        var prepared = PreparedPdfSignature.Restore(pending.PreparedPdf);
        var toBeSigned = CadesSignature.ToBeSigned(prepared.ContentDigest, certificate);
        if (!CryptographicOperations.FixedTimeEquals(toBeSigned.Digest, pending.Digest))
        {
            await FailAsync(pending, "dữ liệu chuẩn bị ký đã bị thay đổi.", ct);
            throw new DomainException(DeferredSigningErrors.SignatureMismatch);
        }
        byte[] cms;
        try
        {
            cms = await CadesSignature.CompleteAsync(toBeSigned, certificate, chain, signature, signing.TimestampAuthority(), ct);
        }
        catch (CryptographicException)
        {
            await FailAsync(pending, "chữ ký không khớp với chứng thư số.", ct);
            throw new DomainException(DeferredSigningErrors.SignatureMismatch);
        }
        catch (TimestampException e)
        {
            throw new DomainException(new Error("TIMESTAMP_FAILED", $"Không lấy được dấu thời gian: {e.Message}", 502));
        }
        return (prepared.Embed(cms), cert);
    }

    /// <summary>
    /// For a certificate kept by a remote signing service: the prepared digest sent to the service under the session's
    /// id, for the person to confirm on the phone (the caller saves the session with the service's transaction).
    /// </summary>
    public async Task SendToServiceAsync(IReadOnlyList<PendingSignature> pendings, SigningCertificate cert, string description, CancellationToken ct)
    {
        var (userId, serial) = RemoteKey(cert);
        // One document: the session's id; a batch: the batch's, each document under its session's id — one confirmation for all.
        var transaction = (pendings.Count == 1 ? pendings[0].Id : pendings[0].BatchId ?? pendings[0].Id).ToString("N");
        try
        {
            var started = await remote.StartAsync(new Remote.RemoteSignRequest(userId, serial, transaction, description,
                [.. pendings.Select(p => (p.Id.ToString("N"), p.Digest))]), ct);
            foreach (var p in pendings) p.SentToService(started.TransactionId);
        }
        catch (Remote.RemoteSigningException e)
        {
            throw new DomainException(DeferredSigningErrors.RemoteFailed(e.Message));
        }
    }

    /// <summary>
    /// What the remote service says of the session: null while the person has not confirmed; the signature (base64)
    /// once confirmed and still in time. Refused, expired (ours or the service's) and failed end the session as failed —
    /// a confirmation after our expiry signs nothing.
    /// </summary>
    public async Task<string?> SignatureFromServiceAsync(PendingSignature pending, CancellationToken ct)
    {
        if (pending.State != PendingSignatureState.Waiting || pending.RemoteTransactionId is null) return null;
        if (pending.IsExpired(time.GetUtcNow()))
        {
            await FailAsync(pending, "hết hạn trước khi người ký xác nhận.", ct);
            throw new DomainException(DeferredSigningErrors.Expired(Lifetime));
        }
        Remote.RemoteStatus status;
        try
        {
            status = await remote.StatusAsync(pending.RemoteTransactionId, ct);
        }
        catch (Remote.RemoteSigningException e)
        {
            throw new DomainException(DeferredSigningErrors.RemoteFailed(e.Message));
        }
        switch (status.State)
        {
            case Remote.RemoteState.Waiting:
                return null;
            case Remote.RemoteState.Confirmed:
                var signature = status.Signatures.TryGetValue(pending.Id.ToString("N"), out var mine) ? mine
                    : status.Signatures.Count == 1 ? status.Signatures.Values.Single() : null;
                if (signature is null)
                {
                    await FailAsync(pending, "dịch vụ ký số từ xa không trả về chữ ký của văn bản này.", ct);
                    throw new DomainException(DeferredSigningErrors.RemoteFailed("không có chữ ký của văn bản này trong câu trả lời."));
                }
                return Convert.ToBase64String(signature);
            case Remote.RemoteState.Refused:
                await FailAsync(pending, "người ký đã từ chối trên điện thoại.", ct);
                throw new DomainException(DeferredSigningErrors.RemoteRefused);
            case Remote.RemoteState.Expired:
                await FailAsync(pending, "hết thời gian xác nhận trên điện thoại.", ct);
                throw new DomainException(DeferredSigningErrors.Expired(Lifetime));
            default:
                await FailAsync(pending, status.Message ?? "dịch vụ ký số từ xa báo lỗi.", ct);
                throw new DomainException(DeferredSigningErrors.RemoteFailed(status.Message ?? ""));
        }
    }

    /// <summary>The person's account at the service and the certificate's serial there, as registered ("user/serial").</summary>
    public static (string UserId, string Serial) RemoteKey(SigningCertificate cert)
    {
        var parts = (cert.KeyReference ?? "").Split('/', 2);
        if (cert.Holder != KeyHolder.Remote || parts.Length != 2) throw new DomainException(DeferredSigningErrors.KeyElsewhere);
        return (parts[0], parts[1]);
    }

    /// <summary>Ends the session as failed at once, in its own save (the caller's transaction, if any, is the caller's).</summary>
    public async Task FailAsync(PendingSignature pending, string why, CancellationToken ct)
    {
        pending.Fail(why, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
