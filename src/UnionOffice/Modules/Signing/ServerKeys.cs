using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tokens;

namespace UnionOffice.Modules.Signing;

/// <summary>
/// Keys on a PKCS#11 device attached to the server — an HSM, or an organ's token in the server's reader
/// (<see cref="SigningOptions.Pkcs11Library"/>): what it holds, whether a PIN opens it, and a signer for the organ's
/// signature at issue. The key never leaves the device. Every device error becomes a Vietnamese one.
/// </summary>
public sealed class ServerKeys(IOptions<SigningOptions> options)
{
    public static readonly Error NotConfigured = new("HSM_NOT_CONFIGURED",
        "Máy chủ chưa được cấu hình thiết bị ký số (HSM): quản trị hệ thống đặt Signing:Pkcs11Library.", 409);

    public static Error Unavailable(string why) => new("HSM_UNAVAILABLE", $"Thiết bị ký số (HSM) của máy chủ không dùng được lúc này: {why}", 503);

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Pkcs11Library);

    public List<TokenCertificate> Certificates() => Device(m => m.Certificates());

    /// <summary>The key a certificate was registered with, still on the device and still beside the same certificate.</summary>
    public TokenCertificate Find(string keyReference, string thumbprint) =>
        Certificates().FirstOrDefault(k => k.Id == keyReference && string.Equals(k.Certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainException(Unavailable("không còn thấy khóa của chứng thư số này trên thiết bị."));

    public void CheckPin(TokenCertificate key, string pin) => Device(m =>
    {
        m.CheckPin(key, pin);
        return 0;
    });

    public ISignatureProvider Signer(TokenCertificate key, string pin, string? chainPem)
    {
        var module = Device(m => m);
        var chain = new List<X509Certificate2>();
        if (!string.IsNullOrEmpty(chainPem))
        {
            var all = new X509Certificate2Collection();
            all.ImportFromPem(chainPem);
            chain.AddRange(all);
        }
        return new DeviceErrors(new Pkcs11SignatureProvider(module, key, pin, chain));
    }

    /// <summary>
    /// Whether the certificate is issued to the organ itself: its common name is the organ's name. A person's certificate
    /// names the organ too, as its organisation (O), and is not the organ's seal.
    /// </summary>
    public static bool Names(X509Certificate2 certificate, string organName)
    {
        var (name, _) = CmsVerifier.SubjectNames(certificate);
        return name is not null && VietnameseText.FoldOrganName(name) == VietnameseText.FoldOrganName(organName);
    }

    private T Device<T>(Func<Pkcs11Module, T> use)
    {
        if (!Configured) throw new DomainException(NotConfigured);
        try
        {
            return use(Pkcs11Module.Open(options.Value.Pkcs11Library!));
        }
        catch (TokenException e)
        {
            throw Translate(e);
        }
    }

    private static DomainException Translate(TokenException e) => new(e.Problem switch
    {
        TokenProblem.WrongPin => SigningErrors.WrongPin,
        TokenProblem.PinLocked => SigningErrors.PinLocked,
        _ => Unavailable(e.Message),
    });

    /// <summary>A device error while signing (the HSM went away between the PIN check and the signature) said in Vietnamese.</summary>
    private sealed class DeviceErrors(ISignatureProvider inner) : ISignatureProvider
    {
        public X509Certificate2 Certificate => inner.Certificate;
        public IReadOnlyList<X509Certificate2> Chain => inner.Chain;

        public async Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct)
        {
            try
            {
                return await inner.SignDigestAsync(sha256Digest, ct);
            }
            catch (TokenException e)
            {
                throw Translate(e);
            }
        }
    }
}
