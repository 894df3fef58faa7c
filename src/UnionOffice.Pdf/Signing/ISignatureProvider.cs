using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// Whoever holds the signing key. It is handed a SHA-256 digest and gives back the raw signature, so a remote signing
/// service, a USB token or an HSM can sign without the private key ever reaching UnionOffice.
/// </summary>
public interface ISignatureProvider
{
    /// <summary>The signer's certificate (public part).</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>Intermediate certificates to embed (may be empty).</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Signs a SHA-256 digest; returns the raw signature (RSA PKCS#1 v1.5, or ECDSA as DER SEQUENCE{r,s}).</summary>
    Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct);
}
