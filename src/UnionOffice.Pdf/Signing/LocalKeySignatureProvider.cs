using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// Signs with a private key held in this process: a certificate with its key (RSA, or ECDSA on P-256/P-384/P-521),
/// typically loaded from a PKCS#12 file. For servers that keep an organ's key themselves, for demos and for tests;
/// a person's own key stays on their token and signs through another <see cref="ISignatureProvider"/>.
/// </summary>
public sealed class LocalKeySignatureProvider : ISignatureProvider
{
    public LocalKeySignatureProvider(X509Certificate2 certificate, IEnumerable<X509Certificate2>? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("Chứng thư không kèm khóa bí mật.", nameof(certificate));
        if (CmsOids.KeyKindOf(certificate) == CmsKeyKind.Unsupported)
            throw new ArgumentException("Chỉ hỗ trợ khóa RSA hoặc ECDSA.", nameof(certificate));
        Certificate = certificate;
        Chain = chain?.ToArray() ?? [];
    }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>
    /// Loads a PKCS#12 (.p12/.pfx) file: the certificate that has a private key signs; the other certificates, except
    /// self-signed roots (which a verifier must already trust, not take from the signature), are embedded as the chain.
    /// </summary>
    public static LocalKeySignatureProvider FromPkcs12(byte[] pkcs12, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        var signer = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CryptographicException("Tệp PKCS#12 không chứa khóa bí mật.");
        var chain = all.Where(c => !ReferenceEquals(c, signer) && !c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData));
        return new LocalKeySignatureProvider(signer, chain);
    }

    public Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sha256Digest);
        if (sha256Digest.Length != SHA256.HashSizeInBytes) throw new ArgumentException("Cần một giá trị băm SHA-256 (32 byte).", nameof(sha256Digest));
        ct.ThrowIfCancellationRequested();
        switch (CmsOids.KeyKindOf(Certificate))
        {
            case CmsKeyKind.Rsa:
                using (var rsa = Certificate.GetRSAPrivateKey()!)
                    return Task.FromResult(rsa.SignHash(sha256Digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            default:
                using (var ec = Certificate.GetECDsaPrivateKey()!)
                    return Task.FromResult(ec.SignHash(sha256Digest, DSASignatureFormat.Rfc3279DerSequence));
        }
    }
}
