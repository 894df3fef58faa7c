using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing.Revocation;

/// <summary>
/// What a verifier needs besides the document to judge its signatures years later, when the CA's servers may be gone:
/// the certificates of the chains, and CRLs or OCSP responses about each certificate that is not a root (DER each). A
/// PDF keeps it in its Document Security Store (<see cref="PdfDss"/>, PAdES B-LT).
/// </summary>
public sealed record ValidationMaterial(IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> Crls, IReadOnlyList<byte[]> OcspResponses)
{
    public static readonly ValidationMaterial Empty = new([], [], []);

    public bool IsEmpty => Certificates.Count == 0 && Crls.Count == 0 && OcspResponses.Count == 0;

    /// <summary>At least one CRL or OCSP response.</summary>
    public bool HasRevocationData => Crls.Count > 0 || OcspResponses.Count > 0;

    /// <summary>This and <paramref name="more"/> together, each item once.</summary>
    public ValidationMaterial Union(ValidationMaterial more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new ValidationMaterial(Distinct(Certificates, more.Certificates), Distinct(Crls, more.Crls), Distinct(OcspResponses, more.OcspResponses));
    }

    /// <summary>The certificates that parse.</summary>
    public X509Certificate2Collection CertificateCollection()
    {
        var result = new X509Certificate2Collection();
        foreach (var der in Certificates)
        {
            try
            {
                result.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                // Not a certificate: nothing to build a chain with.
            }
        }
        return result;
    }

    internal static IReadOnlyList<byte[]> Distinct(IEnumerable<byte[]> first, IEnumerable<byte[]> second)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return first.Concat(second).Where(b => seen.Add(Convert.ToHexString(SHA256.HashData(b)))).ToList();
    }
}

/// <summary>What the embedded material says about one certificate at one moment.</summary>
public enum EmbeddedRevocationStatus
{
    /// <summary>No CRL or OCSP response in the material speaks for the certificate at that moment.</summary>
    None,
    /// <summary>Not revoked at that moment, by a CRL or OCSP response of its issuer current then or made after.</summary>
    Good,
    /// <summary>Revoked at or before that moment (or at all, when the moment is only claimed, not proven by a time-stamp).</summary>
    Revoked,
}

/// <summary>
/// Judges a certificate's revocation from CRLs and OCSP responses alone — no network — as a long-term verifier must: an
/// answer counts only when its issuer's key (or a responder the issuer delegated) signed it and it speaks for the moment
/// asked: made after it, or current at it (thisUpdate ≤ moment ≤ nextUpdate). A revocation after a moment proven by a
/// trusted time-stamp leaves a signature made before it valid (ETSI EN 319 102-1); with only a claimed moment, any
/// revocation counts.
/// </summary>
public static class RevocationEvidence
{
    public static EmbeddedRevocationStatus Evaluate(ValidationMaterial material, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset at, bool momentProven)
    {
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        var good = false;
        foreach (var der in material.OcspResponses)
        {
            if (OcspMessages.Read(der, certificate, issuer) is not { } answer || !Covers(answer.ThisUpdate, answer.NextUpdate, at)) continue;
            switch (answer.Status)
            {
                case OcspCertStatus.Revoked when !momentProven || answer.RevokedAt is not { } when || when <= at:
                    return EmbeddedRevocationStatus.Revoked;
                case OcspCertStatus.Revoked or OcspCertStatus.Good:
                    good = true;
                    break;
            }
        }
        foreach (var der in material.Crls)
        {
            if (CertificateRevocationList.TryParse(der) is not { } crl || !Covers(crl.ThisUpdate, crl.NextUpdate, at) || !crl.IsFrom(issuer)) continue;
            if (crl.Find(certificate) is { } revoked && (!momentProven || revoked.When <= at)) return EmbeddedRevocationStatus.Revoked;
            good = true;
        }
        return good ? EmbeddedRevocationStatus.Good : EmbeddedRevocationStatus.None;
    }

    /// <summary>Speaks for the moment: issued after it, or current at it.</summary>
    private static bool Covers(DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, DateTimeOffset at) =>
        thisUpdate >= at || (nextUpdate is { } next && thisUpdate <= at && at <= next);

    /// <summary>A CRL or OCSP response (DER) that says something usable about the certificate, from its issuer.</summary>
    internal static bool Speaks(byte[] der, bool isOcsp, X509Certificate2 certificate, X509Certificate2 issuer) => isOcsp
        ? OcspMessages.Read(der, certificate, issuer) is { Status: not OcspCertStatus.Unknown }
        : CertificateRevocationList.TryParse(der) is { } crl && crl.IsFrom(issuer);
}
