using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

// SHA-1 here only names things — an OCSP CertID (RFC 5019 §2.1.1 asks for SHA-1, and every responder knows it) and a
// responder's key (ResponderID byKey, RFC 6960 §4.2.1) — it protects nothing; signatures are checked with SHA-2 only.
#pragma warning disable CA5350

namespace UnionOffice.Pdf.Signing.Revocation;

/// <summary>What an OCSP responder said about one certificate.</summary>
internal enum OcspCertStatus { Good, Revoked, Unknown }

/// <summary>
/// OCSP (RFC 6960): the request for one certificate, and the reading of a response — a BasicOCSPResponse signed by the
/// certificate's issuer or by a responder the issuer delegated (a certificate it issued with id-kp-OCSPSigning), naming
/// the certificate by issuer name hash, issuer key hash and serial.
/// </summary>
public static class OcspMessages
{
    private const string BasicResponse = "1.3.6.1.5.5.7.48.1.1";
    private const string Nonce = "1.3.6.1.5.5.7.48.1.2";
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>An unsigned OCSPRequest for the certificate (CertID with SHA-1, as every responder understands), with a nonce.</summary>
    public static byte[] Request(X509Certificate2 certificate, X509Certificate2 issuer, byte[] nonce)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence()) // OCSPRequest
        using (w.PushSequence()) // TBSRequest
        {
            using (w.PushSequence()) // requestList
            using (w.PushSequence()) // Request
                WriteCertId(w, certificate, issuer);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
            using (w.PushSequence())
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(Nonce);
                var inner = new AsnWriter(AsnEncodingRules.DER);
                inner.WriteOctetString(nonce);
                w.WriteOctetString(inner.Encode());
            }
        }
        return w.Encode();
    }

    private static void WriteCertId(AsnWriter w, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using (w.PushSequence())
        {
            CmsOids.WriteAlgorithm(w, CmsOids.Sha1, nullParameters: true);
            w.WriteOctetString(SHA1.HashData(issuer.SubjectName.RawData));
            w.WriteOctetString(SHA1.HashData(SignedStructure.SubjectPublicKeyBits(issuer)));
            w.WriteInteger(certificate.SerialNumberBytes.Span); // as the certificate encodes it
        }
    }

    /// <summary>The answer about <paramref name="certificate"/> in a DER OCSPResponse, if the response is well-formed,
    /// successful, signed by the issuer or its delegated responder, and names the certificate; null otherwise.</summary>
    internal static OcspAnswer? Read(ReadOnlyMemory<byte> der, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var response = outer.ReadSequence();
            if (outer.HasData) return null;
            if (response.ReadEnumeratedBytes().Span is not [0]) return null; // successful
            var bytes = response.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            if (bytes.ReadObjectIdentifier() != BasicResponse) return null;
            var basic = new AsnReader(bytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
            var tbs = basic.ReadEncodedValue();
            var algorithm = basic.ReadSequence().ReadObjectIdentifier();
            var signature = basic.ReadBitString(out _);
            var embedded = new List<X509Certificate2>();
            if (basic.HasData)
            {
                var certs = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                while (certs.HasData) embedded.Add(X509CertificateLoader.LoadCertificate(certs.ReadEncodedValue().Span));
            }

            var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) data.ReadEncodedValue();
            var responderId = data.ReadEncodedValue();
            var producedAt = data.ReadGeneralizedTime();
            var signer = Responder(responderId, embedded, issuer);
            if (signer is null || !SignedStructure.Verifies(tbs.Span, algorithm, signature, signer)) return null;

            var responses = data.ReadSequence();
            while (responses.HasData)
            {
                var single = responses.ReadSequence();
                if (!Names(single.ReadSequence(), certificate, issuer))
                    continue;
                var statusTag = single.PeekTag();
                OcspCertStatus status;
                DateTimeOffset? revokedAt = null;
                if (statusTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) { single.ReadNull(statusTag); status = OcspCertStatus.Good; }
                else if (statusTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                {
                    var info = single.ReadSequence(statusTag);
                    revokedAt = info.ReadGeneralizedTime();
                    status = OcspCertStatus.Revoked;
                }
                else { single.ReadEncodedValue(); status = OcspCertStatus.Unknown; }
                var thisUpdate = single.ReadGeneralizedTime();
                DateTimeOffset? nextUpdate = null;
                if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                    nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadGeneralizedTime();
                return new OcspAnswer(status, producedAt, thisUpdate, nextUpdate, revokedAt);
            }
            return null;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The certificate that signed the response: the issuer itself, or one it issued for OCSP signing.</summary>
    private static X509Certificate2? Responder(ReadOnlyMemory<byte> responderId, List<X509Certificate2> embedded, X509Certificate2 issuer)
    {
        var reader = new AsnReader(responderId, AsnEncodingRules.DER);
        var tag = reader.PeekTag();
        Func<X509Certificate2, bool> matches;
        if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
        {
            var name = reader.ReadSequence(tag).ReadEncodedValue().ToArray();
            matches = c => c.SubjectName.RawData.AsSpan().SequenceEqual(name);
        }
        else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2, true)))
        {
            var keyHash = reader.ReadSequence(tag).ReadOctetString();
            matches = c => SHA1.HashData(SignedStructure.SubjectPublicKeyBits(c)).AsSpan().SequenceEqual(keyHash);
        }
        else return null;

        if (matches(issuer)) return issuer;
        return embedded.FirstOrDefault(c => matches(c) && SignedStructure.IssuedBy(c, issuer)
            && c.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == OcspSigning)));
    }

    /// <summary>The CertID names this certificate of this issuer (SHA-1 or SHA-2 hashes).</summary>
    private static bool Names(AsnReader certId, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var hashOid = certId.ReadSequence().ReadObjectIdentifier();
        HashAlgorithmName? hash = hashOid == CmsOids.Sha1 ? HashAlgorithmName.SHA1 : CmsOids.HashOf(hashOid);
        if (hash is not { } h) return false;
        var nameHash = certId.ReadOctetString();
        var keyHash = certId.ReadOctetString();
        var serial = certId.ReadIntegerBytes();
        return nameHash.AsSpan().SequenceEqual(CryptographicOperations.HashData(h, issuer.SubjectName.RawData))
            && keyHash.AsSpan().SequenceEqual(CryptographicOperations.HashData(h, SignedStructure.SubjectPublicKeyBits(issuer)))
            && serial.Span.SequenceEqual(certificate.SerialNumberBytes.Span);
    }
}

/// <summary>One OCSP answer that holds: the status, when the response was made, the period it speaks for, and when revoked.</summary>
internal sealed record OcspAnswer(OcspCertStatus Status, DateTimeOffset ProducedAt, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate, DateTimeOffset? RevokedAt);
