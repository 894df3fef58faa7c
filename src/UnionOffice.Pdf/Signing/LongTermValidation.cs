using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing.Revocation;

namespace UnionOffice.Pdf.Signing;

/// <summary>What was gathered for a document's signatures, and for whom nothing could be had.</summary>
/// <param name="Missing">The certificates (their CN) no CRL or OCSP answer could be had for.</param>
public sealed record CollectedValidationMaterial(ValidationMaterial Material, IReadOnlyList<string> Missing);

/// <summary>
/// Long-term validation of a signed PDF (PAdES B-LT and B-LTA, ETSI EN 319 142-1): gathering, for every signature and
/// time-stamp in it, the certificates of its chain to a trust anchor and a CRL or OCSP answer for each certificate that is
/// not the anchor, asked of the CA's own servers; writing them into the document's security store; and sealing
/// everything with a document time-stamp, which a later verifier can trust for as long as the time-stamping authority's
/// certificate holds — and which can be renewed by another before then.
/// </summary>
public static class LongTermValidation
{
    /// <summary>
    /// The material for every signature and time-stamp of the document. Only chains that reach one of the anchors are
    /// followed (nothing is fetched for a certificate nobody vouches for); OCSP first where the certificate names a
    /// responder, its CRL otherwise or when the responder does not answer usably. Answers are checked (the issuer's
    /// signature, the certificate named) before they are kept.
    /// </summary>
    /// <param name="alsoFor">A certificate about to sign the document, then its intermediates: its material is
    /// gathered as well, before the signature — so it need not be fetched while the register is locked for the number.</param>
    /// <param name="already">Material gathered before: what it settles is not asked again.</param>
    public static async Task<CollectedValidationMaterial> CollectAsync(byte[] pdf, IReadOnlyCollection<X509Certificate2> anchors, IRevocationSource source, CancellationToken ct,
        IEnumerable<X509Certificate2>? alsoFor = null, ValidationMaterial? already = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(source);
        var present = PdfDss.Read(pdf);
        if (already is not null) present = present.Union(already);
        var pool = present.CertificateCollection();
        var endEntities = new List<X509Certificate2>();
        if (alsoFor is not null)
        {
            var signers = alsoFor.ToList();
            pool.AddRange(signers.ToArray());
            if (signers.Count > 0) endEntities.Add(signers[0]);
        }
        foreach (var s in PdfSignatures.Read(pdf).Where(s => s.StructureProblem is null))
        {
            if (s.SubFilter == "ETSI.RFC3161") AddToken(s.Cms, pool, endEntities);
            else AddSignature(s.Cms, pool, endEntities);
        }

        var certificates = new List<byte[]>();
        var crls = new List<byte[]>();
        var ocsps = new List<byte[]>();
        var missing = new List<string>();
        var fetchedCrls = new Dictionary<Uri, byte[]?>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endEntity in endEntities)
        {
            var chain = ChainOf(endEntity, pool, anchors);
            if (chain is null) continue;
            foreach (var c in chain) certificates.Add(c.RawData);
            for (var i = 0; i + 1 < chain.Count; i++)
            {
                var (certificate, issuer) = (chain[i], chain[i + 1]);
                if (!done.Add(certificate.Thumbprint)) continue;
                if (RevocationEvidence.Evaluate(present, certificate, issuer, DateTimeOffset.UtcNow, momentProven: false) != EmbeddedRevocationStatus.None) continue;
                if (await OcspAsync(certificate, issuer, source, ct) is { } ocsp)
                {
                    ocsps.Add(ocsp);
                    continue;
                }
                var found = false;
                foreach (var uri in HttpRevocationSource.CrlAddresses(certificate))
                {
                    if (!fetchedCrls.TryGetValue(uri, out var crl)) fetchedCrls[uri] = crl = await source.CrlAsync(uri, ct);
                    if (crl is null || !RevocationEvidence.Speaks(crl, isOcsp: false, certificate, issuer)) continue;
                    crls.Add(crl);
                    found = true;
                    break;
                }
                if (!found) missing.Add(CmsVerifier.SubjectNames(certificate).Name ?? certificate.Subject);
            }
        }
        var material = new ValidationMaterial(ValidationMaterial.Distinct(certificates, []), ValidationMaterial.Distinct(crls, []), ValidationMaterial.Distinct(ocsps, []));
        return new CollectedValidationMaterial(material, missing.Distinct().ToList());
    }

    /// <summary>
    /// PAdES B-LTA: a document time-stamp (ETSI.RFC3161) over the whole document as it is, its validation data included,
    /// added in an incremental update as an invisible signature field.
    /// </summary>
    public static async Task<byte[]> AddDocumentTimestampAsync(byte[] pdf, ITimestampAuthority tsa, string fieldName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tsa);
        var prepared = PdfSigner.Prepare(pdf, new PdfSignatureOptions(fieldName, DateTimeOffset.UtcNow, ReservedBytes: 16 * 1024) { DocumentTimestamp = true });
        return prepared.Embed(await tsa.GetTimestampTokenAsync(prepared.ContentDigest, ct));
    }

    /// <summary>A name for a new document time-stamp field, not yet taken in the document.</summary>
    public static string NextTimestampFieldName(byte[] pdf)
    {
        var taken = PdfSignatures.Read(pdf).Select(s => s.FieldName).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; ; i++)
            if (!taken.Contains($"DauThoiGianLuuTru{i}")) return $"DauThoiGianLuuTru{i}";
    }

    private static async Task<byte[]?> OcspAsync(X509Certificate2 certificate, X509Certificate2 issuer, IRevocationSource source, CancellationToken ct)
    {
        foreach (var uri in HttpRevocationSource.OcspAddresses(certificate))
        {
            var answer = await source.OcspAsync(uri, OcspMessages.Request(certificate, issuer, RandomNumberGenerator.GetBytes(16)), ct);
            if (answer is not null && RevocationEvidence.Speaks(answer, isOcsp: true, certificate, issuer)) return answer;
        }
        return null;
    }

    /// <summary>The chain from the certificate to an anchor (anchor last), whatever the time; null when it reaches none.</summary>
    private static List<X509Certificate2>? ChainOf(X509Certificate2 certificate, X509Certificate2Collection pool, IReadOnlyCollection<X509Certificate2> anchors)
    {
        using var chain = CmsVerifier.Chain(anchors, pool, DateTimeOffset.UtcNow, checkRevocation: false);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreNotTimeNested | X509VerificationFlags.IgnoreWrongUsage;
        if (!chain.Build(certificate)) return null;
        return chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();
    }

    private static void AddSignature(byte[] der, X509Certificate2Collection pool, List<X509Certificate2> endEntities)
    {
        var cms = new SignedCms();
        SignerInfo info;
        X509Certificate2 signer;
        try
        {
            cms.Decode(der);
            pool.AddRange(cms.Certificates);
            if (cms.SignerInfos.Count == 0 || cms.SignerInfos[0] is not { Certificate: { } s } first) return;
            (info, signer) = (first, s);
        }
        catch (CryptographicException)
        {
            return; // damaged: nothing to vouch for
        }
        endEntities.Add(signer);
        foreach (var attribute in info.UnsignedAttributes)
            if (attribute.Oid.Value == CmsOids.SignatureTimeStampToken && attribute.Values.Count > 0)
                AddToken(attribute.Values[0].RawData, pool, endEntities);
    }

    private static void AddToken(byte[] der, X509Certificate2Collection pool, List<X509Certificate2> endEntities)
    {
        if (!Rfc3161TimestampToken.TryDecode(der, out var token, out _)) return;
        try
        {
            var cms = token.AsSignedCms();
            pool.AddRange(cms.Certificates);
            if (cms.SignerInfos.Count > 0 && cms.SignerInfos[0].Certificate is { } tsa) endEntities.Add(tsa);
        }
        catch (CryptographicException)
        {
            // A damaged token vouches for nothing.
        }
    }
}
