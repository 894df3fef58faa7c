using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Organizations;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Signing;

/// <summary>Settings of section "Signing".</summary>
public sealed class SigningOptions
{
    /// <summary>PEM or DER files of the roots signatures must chain to (the government CA's, public CAs').</summary>
    public List<string> TrustAnchorFiles { get; set; } = [];
    /// <summary>Trust the built-in test CA (demo and tests). Never in production: certificates it issues prove nothing.</summary>
    public bool TrustTestCertificates { get; set; }
    /// <summary>RFC 3161 time-stamping service for PAdES B-T; none gives B-B.</summary>
    public string? TimestampUrl { get; set; }
    /// <summary>Wrong PINs in a row before a certificate is refused for a while.</summary>
    public int MaxWrongPins { get; set; } = 5;
    public TimeSpan WrongPinLockout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>
    /// Ask the CRL/OCSP named in a signer's certificate whether it was revoked when checking a signed PDF (issue, arrival,
    /// an incoming file). Unreachable or absent: the signature is reported "revocation unknown", not valid. Off in
    /// development: the demo's test CA publishes no revocation list.
    /// </summary>
    public bool CheckRevocation { get; set; } = true;
    /// <summary>How long a prepared signature (USB token, remote service) waits for the signature before it must be prepared again.</summary>
    public TimeSpan PreparedSignatureLifetime { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>
    /// A personal certificate that names an organisation (O) must name one of the organs the person works in. Off only
    /// where a CA writes something else there.
    /// </summary>
    public bool CheckCertificateOrgan { get; set; } = true;
    /// <summary>
    /// Where the pages find the signing agent on the person's own computer (USB tokens): a loopback address, allowed to
    /// the pages' scripts by the content security policy and nothing else.
    /// </summary>
    public string AgentUrl { get; set; } = "http://127.0.0.1:51888";
    /// <summary>
    /// The PKCS#11 library of an HSM or token attached to the server (the maker's .so; /usr/lib/softhsm/libsofthsm2.so for
    /// SoftHSM2): organs whose key is kept there sign at issue with it, the clerk giving its PIN. Empty: none.
    /// </summary>
    public string? Pkcs11Library { get; set; }
    /// <summary>
    /// Keep with every issued document the CRLs and OCSP answers of its signatures (PAdES B-LT), and seal the signed PDFs
    /// of archive packages with a document time-stamp (B-LTA, needs Signing:TimestampUrl): they stay verifiable after the
    /// certificates expire and the CA's servers are gone.
    /// </summary>
    public bool LongTermValidation { get; set; } = true;
}

/// <param name="Holder">Where the key is: ServerPkcs12, Token, Remote, Hsm.</param>
public sealed record CertificateDto(Guid Id, string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool IsTest,
    bool HasImage, string? OrganizationCode, DateTimeOffset ImportedAt, string Holder, string Thumbprint);

/// <param name="Certificate">The certificate, DER in base64 (or PEM), as the token gives it.</param>
/// <param name="Chain">Intermediate certificates the same way (the root is the installation's to trust, not taken from here).</param>
public sealed record ExternalCertificateRequest(string? Certificate, List<string>? Chain);

/// <param name="UserId">The person's identifier at the remote signing service (CCCD, passport or tax number).</param>
/// <param name="Serial">Which of the person's certificates there (hex serial); none: the first usable one issued to them.</param>
public sealed record RemoteCertificateRequest(string? UserId, string? Serial);

/// <param name="KeyReference">The key in the server's HSM, as listed (token serial / key id).</param>
public sealed record HsmCertificateRequest(string? OrganizationCode, string? KeyReference);

/// <param name="OfThisOrgan">Issued to the organ asked about (its name, abbreviations spelled out).</param>
public sealed record HsmCertificateDto(string KeyReference, string TokenLabel, string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    string Thumbprint, bool OfThisOrgan);

public static class SigningErrors
{
    public static readonly Error WrongPin = new("PIN_WRONG", "Mã PIN (mật khẩu) của chứng thư số không đúng.", 422);
    public static readonly Error PinLocked = new("PIN_LOCKED", "Đã nhập sai mã PIN quá số lần cho phép; chứng thư số tạm khóa, thử lại sau ít phút.", 429);
    public static readonly Error NotPkcs12 = new("CERT_FILE_INVALID", "Tệp không phải chứng thư số dạng PKCS#12 (.p12, .pfx) hoặc đã hỏng.", 422);
    public static readonly Error NoKey = new("CERT_NO_KEY", "Tệp chứng thư số không chứa khóa bí mật để ký.", 422);
    public static readonly Error Expired = new("CERT_EXPIRED", "Chứng thư số đã hết hạn hoặc chưa có hiệu lực.", 422);
    public static Error Untrusted(string why) => new("CERT_UNTRUSTED", $"Chứng thư số không được tin cậy: {why}", 422);
    public static readonly Error None = new("CERT_MISSING", "Chưa có chứng thư số để ký. Nhập chứng thư số (tệp .p12/.pfx) ở trang Chữ ký số.", 409);
    public static readonly Error NotFound = new("CERT_NOT_FOUND", "Không tìm thấy chứng thư số.", 404);
    public static readonly Error ImageInvalid = new("SIGNATURE_IMAGE_INVALID", "Ảnh chữ ký/con dấu phải là tệp PNG.", 415);
}

/// <summary>
/// Personal and organ certificates: import (PKCS#12, checked and kept encrypted), listing, and unlocking with the PIN
/// to sign. A person's certificate is used by that person only; an organ's by its clerks. Wrong PINs are counted per
/// certificate (on this node) and lock it for a while after too many.
/// </summary>
public sealed class Certificates(AppDbContext db, AccessPolicy access, CurrentUser current, IDataProtectionProvider protection, IFileStore store,
    TrustAnchors anchors, Auditor audit, TimeProvider time, PinThrottle throttle, DeferredSigning deferred, ServerKeys serverKeys,
    Remote.IRemoteSigningService remote)
{
    public const string ProtectorPurpose = "UnionOffice.Signing.Pkcs12";
    private readonly IDataProtector _protector = protection.CreateProtector(ProtectorPurpose);

    public async Task<CertificateDto> ImportAsync(string? organizationCode, Stream pkcs12, string? password, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        Guid? orgId = null;
        if (!string.IsNullOrWhiteSpace(organizationCode))
        {
            var org = await ManagedOrganAsync(organizationCode, ct);
            orgId = org.Id;
        }
        byte[] bytes;
        using (var ms = new MemoryStream())
        {
            await pkcs12.CopyToAsync(ms, ct);
            if (ms.Length > 64 * 1024) throw new DomainException(SigningErrors.NotPkcs12);
            bytes = ms.ToArray();
        }
        var provider = Open(bytes, password);
        var cert = provider.Certificate;
        var now = time.GetUtcNow();
        if (cert.NotAfter.ToUniversalTime() < now.UtcDateTime || cert.NotBefore.ToUniversalTime() > now.UtcDateTime) throw new DomainException(SigningErrors.Expired);
        var (trusted, isTest, why) = await anchors.ChainAsync(cert, provider.Chain, now, ct);
        if (!trusted) throw new DomainException(SigningErrors.Untrusted(why));
        var entity = new SigningCertificate(orgId is null ? me.Id : null, orgId, cert.Subject, cert.Issuer, cert.Thumbprint, cert.SerialNumber,
            cert.NotBefore.ToUniversalTime(), cert.NotAfter.ToUniversalTime(), _protector.Protect(bytes), isTest, me.Id, now);
        await ReplaceAsync(entity, me.Id, orgId, ct);
        audit.Record("signing.certificate.imported", orgId ?? me.HomeOrganizationId, "certificate", entity.Id.ToString(),
            new { subject = cert.Subject, issuer = cert.Issuer, cert.Thumbprint, isTest });
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entity, ct);
    }

    /// <summary>
    /// A person's certificate whose key stays on their USB token: only the public certificate (and the intermediates) is
    /// kept, after the checks of <see cref="DeferredSigning.CheckHolderAsync"/> — trusted, in time, not revoked, issued to
    /// this person. It becomes the one the person signs with (earlier ones stay for the record, their image carried over).
    /// </summary>
    public async Task<CertificateDto> RegisterTokenAsync(ExternalCertificateRequest r, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var certificate = Parse(r.Certificate);
        var chain = (r.Chain ?? []).Take(5).Select(Parse).Where(c => !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)).ToList();
        var isTest = await deferred.CheckHolderAsync(certificate, chain, me, ct);
        var now = time.GetUtcNow();
        var pem = chain.Count == 0 ? null : string.Join('\n', chain.Select(c => c.ExportCertificatePem()));
        var entity = SigningCertificate.External(me.Id, null, certificate, pem, KeyHolder.Token, null, isTest, me.Id, now);
        await ReplaceAsync(entity, me.Id, null, ct);
        audit.Record("signing.certificate.registered", me.HomeOrganizationId, "certificate", entity.Id.ToString(),
            new { subject = certificate.Subject, issuer = certificate.Issuer, certificate.Thumbprint, holder = nameof(KeyHolder.Token), isTest });
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entity, ct);
    }

    /// <summary>
    /// A person's certificate kept by the remote signing service: the service is asked which certificates it holds for
    /// the person's identifier there (the CCCD number), and the first usable one issued to this person (the checks of
    /// <see cref="DeferredSigning.CheckHolderAsync"/>) becomes the one they sign with, confirming on the phone.
    /// </summary>
    public async Task<CertificateDto> RegisterRemoteAsync(RemoteCertificateRequest r, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var userId = (r.UserId ?? "").Trim();
        if (userId.Length is < 6 or > 40 || !userId.All(char.IsAsciiLetterOrDigit))
            throw new DomainException(new Error("REMOTE_USER_INVALID", "Mã định danh với dịch vụ ký số từ xa (số CCCD, hộ chiếu hoặc mã số thuế) chỉ gồm chữ và số, từ 6 đến 40 ký tự.", 422));
        IReadOnlyList<Remote.RemoteCertificate> found;
        try
        {
            found = await remote.CertificatesAsync(userId, ct);
        }
        catch (Remote.RemoteSigningException e)
        {
            throw new DomainException(DeferredSigningErrors.RemoteFailed(e.Message));
        }
        var candidates = found.Where(c => c.Usable && (string.IsNullOrWhiteSpace(r.Serial) || string.Equals(c.Serial, r.Serial.Trim(), StringComparison.OrdinalIgnoreCase))).ToList();
        if (candidates.Count == 0)
            throw new DomainException(new Error("REMOTE_CERT_NOT_FOUND", $"Dịch vụ {remote.ProviderName} không có chứng thư số nào dùng được cho mã định danh này.", 404));
        DomainException? refusal = null;
        foreach (var c in candidates)
        {
            bool isTest;
            try
            {
                isTest = await deferred.CheckHolderAsync(c.Certificate, c.Chain, me, ct);
            }
            catch (DomainException e)
            {
                refusal ??= e;
                continue;
            }
            var now = time.GetUtcNow();
            var pem = c.Chain.Count == 0 ? null : string.Join('\n', c.Chain.Select(x => x.ExportCertificatePem()));
            var entity = SigningCertificate.External(me.Id, null, c.Certificate, pem, KeyHolder.Remote, $"{userId}/{c.Serial}", isTest, me.Id, now);
            await ReplaceAsync(entity, me.Id, null, ct);
            audit.Record("signing.certificate.registered", me.HomeOrganizationId, "certificate", entity.Id.ToString(),
                new { subject = c.Certificate.Subject, issuer = c.Certificate.Issuer, c.Certificate.Thumbprint, holder = nameof(KeyHolder.Remote), provider = remote.ProviderName, isTest });
            await db.SaveChangesAsync(ct);
            return await DtoAsync(entity, ct);
        }
        throw refusal!;
    }

    /// <summary>The newest certificate replaces the owner's earlier ones for signing (they stay for the record, the image carried over).</summary>
    private async Task ReplaceAsync(SigningCertificate entity, Guid? userId, Guid? orgId, CancellationToken ct)
    {
        var earlier = await db.SigningCertificates.Where(c => c.IsActive && (orgId == null ? c.UserId == userId : c.OrganizationId == orgId)).ToListAsync(ct);
        foreach (var e in earlier) { e.Deactivate(); entity.SetImage(entity.ImageSha256 ?? e.ImageSha256); }
        db.SigningCertificates.Add(entity);
    }

    private static X509Certificate2 Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64 * 1024) throw new DomainException(DeferredSigningErrors.CertificateInvalid);
        try
        {
            return text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new DomainException(DeferredSigningErrors.CertificateInvalid);
        }
    }

    /// <summary>Sets the image shown in the signature: the person's handwritten signature, or the organ's seal (PNG).</summary>
    public async Task<CertificateDto> SetImageAsync(Guid certificateId, Stream png, CancellationToken ct)
    {
        var cert = await ManageableAsync(certificateId, ct);
        var content = await store.PutAsync(png, "image.png", ct);
        if (content.ContentType != "image/png") throw new DomainException(SigningErrors.ImageInvalid);
        cert.SetImage(content.Sha256);
        audit.Record("signing.image.set", cert.OrganizationId, "certificate", cert.Id.ToString(), new { content.Sha256 });
        await db.SaveChangesAsync(ct);
        return await DtoAsync(cert, ct);
    }

    public async Task<List<CertificateDto>> MineAsync(CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var clerkOrgs = (await current.GrantsAsync(ct)).Where(g => g.Role == Accounts.Role.Clerk).Select(g => g.OrganizationId).ToList();
        var certs = await db.SigningCertificates.AsNoTracking()
            .Where(c => c.IsActive && (c.UserId == me.Id || (c.OrganizationId != null && clerkOrgs.Contains(c.OrganizationId.Value))))
            .OrderByDescending(c => c.ImportedAt).ToListAsync(ct);
        var result = new List<CertificateDto>();
        foreach (var c in certs) result.Add(await DtoAsync(c, ct));
        return result;
    }

    /// <summary>The person's own active certificate, wherever its key is.</summary>
    public async Task<SigningCertificate> PersonalAsync(Guid userId, CancellationToken ct) =>
        await db.SigningCertificates.AsNoTracking().Where(c => c.UserId == userId && c.IsActive).OrderByDescending(c => c.ImportedAt).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(SigningErrors.None);

    /// <summary>The person's own active certificate, unlocked with the PIN (a key kept here as PKCS#12).</summary>
    public async Task<(SigningCertificate Entity, LocalKeySignatureProvider Signer)> UnlockPersonalAsync(Guid userId, string? pin, CancellationToken ct)
    {
        var cert = await PersonalAsync(userId, ct);
        if (cert.Holder != KeyHolder.ServerPkcs12) throw new DomainException(DeferredSigningErrors.KeyElsewhere);
        return (cert, Unlock(cert, pin));
    }

    /// <summary>The organ's active certificate, unlocked with its PIN (asked of the clerk).</summary>
    public async Task<(SigningCertificate Entity, ISignatureProvider Signer)> UnlockOrganAsync(Guid organizationId, string? pin, CancellationToken ct)
    {
        var cert = await db.SigningCertificates.AsNoTracking().Where(c => c.OrganizationId == organizationId && c.IsActive).OrderByDescending(c => c.ImportedAt).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(new Error("ORGAN_CERT_MISSING", "Cơ quan chưa có chứng thư số để ký số văn thư (con dấu). Văn thư nhập chứng thư số của cơ quan ở trang Chữ ký số.", 409));
        return cert.Holder switch
        {
            KeyHolder.ServerPkcs12 => (cert, Unlock(cert, pin)),
            KeyHolder.Hsm => (cert, UnlockHsm(cert, pin)),
            _ => throw new DomainException(DeferredSigningErrors.KeyElsewhere),
        };
    }

    public async Task<byte[]?> ImageAsync(SigningCertificate cert, CancellationToken ct)
    {
        return cert.ImageSha256 is null ? null : await store.ReadAllBytesAsync(cert.ImageSha256, ct);
    }

    /// <summary>The organ's key in the server's HSM, opened with the PIN the clerk gave (checked now, counted like a file's PIN).</summary>
    private ISignatureProvider UnlockHsm(SigningCertificate cert, string? pin)
    {
        if (throttle.IsLocked(cert.Id)) throw new DomainException(SigningErrors.PinLocked);
        var now = time.GetUtcNow();
        if (cert.NotAfter < now || cert.NotBefore > now) throw new DomainException(SigningErrors.Expired);
        if (string.IsNullOrEmpty(pin)) throw new DomainException(SigningErrors.WrongPin);
        var key = serverKeys.Find(cert.KeyReference!, cert.Thumbprint);
        try
        {
            serverKeys.CheckPin(key, pin);
            throttle.Succeeded(cert.Id);
        }
        catch (DomainException e) when (e.Error == SigningErrors.WrongPin)
        {
            throttle.Failed(cert.Id);
            audit.Record("signing.pin.wrong", cert.OrganizationId, "certificate", cert.Id.ToString(), succeeded: false);
            throw;
        }
        return serverKeys.Signer(key, pin, cert.ChainPem);
    }

    /// <summary>
    /// The organ's certificate whose key is in the server's HSM (<see cref="SigningOptions.Pkcs11Library"/>), chosen by the
    /// organ's clerk or administrator from what the HSM holds: issued to this organ, trusted, in time, not revoked. It
    /// becomes the one the organ signs with at issue.
    /// </summary>
    public async Task<CertificateDto> RegisterHsmAsync(HsmCertificateRequest r, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var org = await ManagedOrganAsync(r.OrganizationCode, ct);
        var key = serverKeys.Certificates().FirstOrDefault(k => k.Id == r.KeyReference) ?? throw new DomainException(SigningErrors.NotFound);
        var certificate = key.Certificate;
        if (!ServerKeys.Names(certificate, org.Name)) throw new DomainException(DeferredSigningErrors.OtherOrgan(certificate.GetNameInfo(X509NameType.SimpleName, false)));
        await deferred.CheckUsableAsync(certificate, [], ct);
        var now = time.GetUtcNow();
        var isTest = (await anchors.ChainAsync(certificate, [], now, ct)).IsTest;
        var entity = SigningCertificate.External(null, org.Id, certificate, null, KeyHolder.Hsm, key.Id, isTest, me.Id, now);
        await ReplaceAsync(entity, null, org.Id, ct);
        audit.Record("signing.certificate.registered", org.Id, "certificate", entity.Id.ToString(),
            new { subject = certificate.Subject, issuer = certificate.Issuer, certificate.Thumbprint, holder = nameof(KeyHolder.Hsm), key = key.Id, isTest });
        await db.SaveChangesAsync(ct);
        return await DtoAsync(entity, ct);
    }

    /// <summary>What the server's HSM holds, for the organ's clerk or administrator to choose from; those issued to the organ first.</summary>
    public async Task<List<HsmCertificateDto>> HsmCertificatesAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await ManagedOrganAsync(organizationCode, ct);
        return [.. serverKeys.Certificates()
            .Select(k => new HsmCertificateDto(k.Id, k.TokenLabel, k.Certificate.Subject, k.Certificate.Issuer, k.Certificate.NotBefore.ToUniversalTime(),
                k.Certificate.NotAfter.ToUniversalTime(), k.Certificate.Thumbprint, ServerKeys.Names(k.Certificate, org.Name)))
            .OrderByDescending(d => d.OfThisOrgan).ThenBy(d => d.Subject, StringComparer.Ordinal)];
    }

    private LocalKeySignatureProvider Unlock(SigningCertificate cert, string? pin)
    {
        if (throttle.IsLocked(cert.Id)) throw new DomainException(SigningErrors.PinLocked);
        var now = time.GetUtcNow();
        if (cert.NotAfter < now || cert.NotBefore > now) throw new DomainException(SigningErrors.Expired);
        byte[] bytes;
        try
        {
            bytes = _protector.Unprotect(cert.ProtectedPkcs12);
        }
        catch (CryptographicException)
        {
            throw new DomainException(new Error("CERT_KEYS_CHANGED", "Không mở được chứng thư số đã lưu (khóa bảo vệ dữ liệu của hệ thống đã đổi). Nhập lại chứng thư số.", 409));
        }
        try
        {
            var signer = Open(bytes, pin);
            throttle.Succeeded(cert.Id);
            return signer;
        }
        catch (DomainException e) when (e.Error == SigningErrors.WrongPin)
        {
            throttle.Failed(cert.Id);
            audit.Record("signing.pin.wrong", cert.OrganizationId, "certificate", cert.Id.ToString(), succeeded: false);
            throw;
        }
    }

    /// <summary>
    /// Opens a PKCS#12: not one at all, a wrong password and no key are told apart. The structure is checked first
    /// (cheap); the password is then checked once, by the loader itself — its MAC verification and the key's decryption
    /// are the deliberately slow part (PBKDF2), so it is not run a second time beforehand.
    /// </summary>
    private static LocalKeySignatureProvider Open(byte[] bytes, string? password)
    {
        try
        {
            Pkcs12Info.Decode(bytes, out var consumed);
            if (consumed != bytes.Length) throw new DomainException(SigningErrors.NotPkcs12);
        }
        catch (CryptographicException)
        {
            throw new DomainException(SigningErrors.NotPkcs12);
        }
        try
        {
            return LocalKeySignatureProvider.FromPkcs12(bytes, password ?? "");
        }
        catch (CryptographicException e) when (e.Message.Contains("khóa bí mật", StringComparison.Ordinal))
        {
            throw new DomainException(SigningErrors.NoKey);
        }
        catch (CryptographicException)
        {
            // A well-formed PKCS#12 whose MAC or bags do not open with the password: the wrong PIN.
            throw new DomainException(SigningErrors.WrongPin);
        }
        catch (ArgumentException)
        {
            throw new DomainException(SigningErrors.NoKey);
        }
    }

    /// <summary>An organ whose certificates the caller manages: its clerk or its administrator; anyone else is refused.</summary>
    private async Task<Organization> ManagedOrganAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (await access.ClerkGrantAsync(org.Id, ct) is null && !await access.CanAdministerAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        return org;
    }

    private async Task<SigningCertificate> ManageableAsync(Guid id, CancellationToken ct)
    {
        var cert = await db.SigningCertificates.FirstOrDefaultAsync(c => c.Id == id && c.IsActive, ct) ?? throw new DomainException(SigningErrors.NotFound);
        if (cert.UserId is { } owner && owner == current.UserId) return cert;
        if (cert.OrganizationId is { } org && (await access.ClerkGrantAsync(org, ct) is not null || await access.CanAdministerAsync(org, ct))) return cert;
        throw new DomainException(SigningErrors.NotFound);
    }

    private async Task<CertificateDto> DtoAsync(SigningCertificate c, CancellationToken ct)
    {
        var code = c.OrganizationId is { } o ? await db.Organizations.Where(x => x.Id == o).Select(x => x.Code).FirstOrDefaultAsync(ct) : null;
        return new CertificateDto(c.Id, c.Subject, c.Issuer, c.NotBefore, c.NotAfter, c.IsTest, c.ImageSha256 is not null, code, c.ImportedAt, c.Holder.ToString(), c.Thumbprint);
    }
}

/// <summary>Wrong PINs per certificate on this node; a lock lasts Signing:WrongPinLockout.</summary>
public sealed class PinThrottle(IOptions<SigningOptions> options, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (int Count, DateTimeOffset Last)> _failures = new();

    public bool IsLocked(Guid id) =>
        _failures.TryGetValue(id, out var f) && f.Count >= options.Value.MaxWrongPins && time.GetUtcNow() - f.Last < options.Value.WrongPinLockout;

    public void Failed(Guid id) => _failures.AddOrUpdate(id, _ => (1, time.GetUtcNow()),
        (_, f) => (time.GetUtcNow() - f.Last >= options.Value.WrongPinLockout ? 1 : f.Count + 1, time.GetUtcNow()));

    public void Succeeded(Guid id) => _failures.TryRemove(id, out _);
}

/// <summary>
/// The roots signatures are checked against: files named in Signing:TrustAnchorFiles, roots added to the database by
/// a system administrator, and the test CA's roots only when Signing:TrustTestCertificates is on.
/// </summary>
public sealed class TrustAnchors(AppDbContext db, IOptions<SigningOptions> options, IWebHostEnvironment env)
{
    public async Task<List<X509Certificate2>> AllAsync(CancellationToken ct)
    {
        var result = new List<X509Certificate2>();
        foreach (var f in options.Value.TrustAnchorFiles)
        {
            var path = Path.GetFullPath(f, env.ContentRootPath);
            var text = await File.ReadAllBytesAsync(path, ct);
            result.Add(text.AsSpan().StartsWith("-----BEGIN"u8)
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(text))
                : X509CertificateLoader.LoadCertificate(text));
        }
        var trustTest = options.Value.TrustTestCertificates;
        var stored = await db.TrustAnchors.AsNoTracking().Where(a => trustTest || !a.IsTest).Select(a => a.Certificate).ToListAsync(ct);
        result.AddRange(stored.Select(X509CertificateLoader.LoadCertificate));
        return result;
    }

    /// <summary>
    /// The signatures of a PDF checked against these anchors, with revocation as configured: the one verification of the
    /// product (issue, electronic arrival, incoming files).
    /// </summary>
    public async Task<Pdf.Signing.PdfVerificationReport> VerifyPdfAsync(byte[] pdf, CancellationToken ct) =>
        Pdf.Signing.PdfSignatureVerifier.Verify(pdf, await AllAsync(ct), options.Value.CheckRevocation);

    /// <summary>Whether the certificate chains to a trusted root now; and whether that root is a test root.</summary>
    public async Task<(bool Trusted, bool IsTest, string Why)> ChainAsync(X509Certificate2 cert, IEnumerable<X509Certificate2> extra, DateTimeOffset at, CancellationToken ct)
    {
        var roots = await AllAsync(ct);
        if (roots.Count == 0) return (false, false, "hệ thống chưa cấu hình chứng thư gốc tin cậy (Signing:TrustAnchorFiles).");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(extra.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (!chain.Build(cert))
            return (false, false, string.Join(" ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct()) is { Length: > 0 } w ? w : "không dựng được chuỗi đến chứng thư gốc tin cậy.");
        var root = chain.ChainElements[^1].Certificate;
        var isTest = await db.TrustAnchors.AnyAsync(a => a.IsTest && a.Certificate == root.RawData, ct);
        return (true, isTest, "");
    }
}
