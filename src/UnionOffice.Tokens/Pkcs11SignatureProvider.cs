using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tokens;

/// <summary>
/// A key on a PKCS#11 device attached to this process — an organ's HSM or token on the server — as a
/// <see cref="ISignatureProvider"/>: the PIN given for this use (the clerk's), a login per signature.
/// </summary>
public sealed class Pkcs11SignatureProvider(Pkcs11Module module, TokenCertificate certificate, string pin, IReadOnlyList<X509Certificate2>? chain = null)
    : ISignatureProvider
{
    public X509Certificate2 Certificate => certificate.Certificate;

    public IReadOnlyList<X509Certificate2> Chain { get; } = chain ?? [];

    public Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // A device call blocks (an HSM over the network, a token's reader): off the request's thread.
        return Task.Run(() => module.Sign(certificate, pin, [sha256Digest])[0], ct);
    }
}
