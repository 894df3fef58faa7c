using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing;

internal enum CmsKeyKind { Unsupported, Rsa, Ecdsa }

/// <summary>Object identifiers and small DER pieces shared by the CMS writer and verifier.</summary>
internal static class CmsOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string SigningTime = "1.2.840.113549.1.9.5";
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    public const string SignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    public const string TimeStampingPurpose = "1.3.6.1.5.5.7.3.8";
    public const string CommonName = "2.5.4.3";
    public const string Organization = "2.5.4.10";

    public static CmsKeyKind KeyKindOf(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value switch
    {
        RsaEncryption => CmsKeyKind.Rsa,
        EcPublicKey => CmsKeyKind.Ecdsa,
        _ => CmsKeyKind.Unsupported,
    };

    /// <summary>The hash named by a digest algorithm OID; null for one this code does not accept (SHA-1, MD5, …).</summary>
    public static HashAlgorithmName? HashOf(string? oid) => oid switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>The certificate's serialNumber exactly as encoded in it (an INTEGER TLV), read from the TBSCertificate.</summary>
    public static ReadOnlyMemory<byte> EncodedSerial(X509Certificate2 certificate)
    {
        var tbs = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) tbs.ReadEncodedValue();
        return tbs.ReadEncodedValue();
    }

    /// <summary>AlgorithmIdentifier without parameters (RFC 5754 for SHA-2, RFC 5758 for ECDSA).</summary>
    public static void WriteAlgorithm(AsnWriter w, string oid, bool nullParameters = false)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
            if (nullParameters) w.WriteNull();
        }
    }
}
