using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing.Revocation;

/// <summary>
/// The pattern every X.509 structure signs with — SEQUENCE { tbs, signatureAlgorithm, signature BIT STRING } — for a CRL,
/// an OCSP response or a certificate: whether the signature over the to-be-signed bytes holds for a given certificate's key.
/// RSA PKCS#1 v1.5 and ECDSA with SHA-256/384/512; anything else does not hold (SHA-1 and MD5 are not accepted).
/// </summary>
internal static class SignedStructure
{
    public static bool Verifies(ReadOnlySpan<byte> tbs, string algorithm, ReadOnlySpan<byte> signature, X509Certificate2 signer)
    {
        try
        {
            switch (algorithm)
            {
                case CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa:
                    using (var rsa = signer.GetRSAPublicKey())
                        return rsa is not null && rsa.VerifyData(tbs, signature, RsaHash(algorithm), RSASignaturePadding.Pkcs1);
                case CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512:
                    using (var ec = signer.GetECDsaPublicKey())
                        return ec is not null && ec.VerifyData(tbs, signature, EcHash(algorithm), DSASignatureFormat.Rfc3279DerSequence);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A certificate is signed by the key of <paramref name="issuer"/> (its name as the issuer's subject as well).</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)) return false;
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            return Verifies(tbs.Span, algorithm, signature, issuer);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>UTCTime or GeneralizedTime, whichever comes (RFC 5280 Time).</summary>
    public static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();

    /// <summary>The bytes of the subjectPublicKey BIT STRING (what an OCSP CertID's issuerKeyHash is taken over).</summary>
    public static byte[] SubjectPublicKeyBits(X509Certificate2 certificate) => certificate.PublicKey.EncodedKeyValue.RawData;

    private static HashAlgorithmName RsaHash(string oid) => oid switch
    {
        CmsOids.Sha384WithRsa => HashAlgorithmName.SHA384,
        CmsOids.Sha512WithRsa => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static HashAlgorithmName EcHash(string oid) => oid switch
    {
        CmsOids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
        CmsOids.EcdsaWithSha512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
