using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// Writes the CMS signature that goes into a PDF's /Contents for SubFilter ETSI.CAdES.detached (PAdES, ETSI EN 319 142-1;
/// CAdES baseline ETSI EN 319 122-1): level B-B, and B-T when a time-stamping authority is given.
/// <para>
/// ContentInfo(SignedData v1): digestAlgorithms {sha256}; encapContentInfo id-data without content (detached: the
/// content is the PDF's byte ranges); certificates = signer + chain; one SignerInfo v1 (issuerAndSerialNumber) whose
/// signed attributes are content-type, message-digest and signing-certificate-v2 — and no signing-time, since PAdES
/// puts the claimed time in the signature dictionary's /M. B-T adds the TSA's token over the signature value as the
/// unsigned attribute signature-time-stamp.
/// </para>
/// The key is never needed here: the digest of the signed attributes goes to <see cref="ISignatureProvider"/>.
/// </summary>
/// <param name="SignedAttributes">The DER SET OF the signed attributes.</param>
/// <param name="Digest">SHA-256 of <paramref name="SignedAttributes"/>: what the key signs.</param>
public sealed record CadesToBeSigned(byte[] SignedAttributes, byte[] Digest);

public static class CadesSignature
{
    /// <param name="contentDigestSha256">SHA-256 of the signed content (for a PDF, of its /ByteRange).</param>
    /// <param name="signer">Holds the key; may be remote.</param>
    /// <param name="tsa">For B-T; null for B-B.</param>
    /// <returns>The DER of the ContentInfo.</returns>
    public static async Task<byte[]> CreateAsync(byte[] contentDigestSha256, ISignatureProvider signer, ITimestampAuthority? tsa, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var certificate = signer.Certificate ?? throw new ArgumentException("Thiếu chứng thư của người ký.", nameof(signer));
        var toBeSigned = ToBeSigned(contentDigestSha256, certificate);
        var signature = await signer.SignDigestAsync(toBeSigned.Digest, ct);
        return await CompleteAsync(toBeSigned, certificate, signer.Chain, signature, tsa, ct);
    }

    /// <summary>
    /// The first half of a deferred signature: the signed attributes for this content and this signer's certificate,
    /// and their SHA-256 — the 32 bytes a token, an HSM or a remote service signs. Deterministic (DER): the same content
    /// digest and certificate give the same bytes again, so nothing of it needs keeping between the halves.
    /// </summary>
    public static CadesToBeSigned ToBeSigned(byte[] contentDigestSha256, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(contentDigestSha256);
        ArgumentNullException.ThrowIfNull(certificate);
        if (contentDigestSha256.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException("Cần giá trị băm SHA-256 (32 byte) của nội dung được ký.", nameof(contentDigestSha256));
        if (CmsOids.KeyKindOf(certificate) == CmsKeyKind.Unsupported) throw new NotSupportedException("Chỉ hỗ trợ chứng thư có khóa RSA hoặc ECDSA.");
        var attributes = SignedAttributes(contentDigestSha256, certificate);
        return new CadesToBeSigned(attributes, SHA256.HashData(attributes));
    }

    /// <summary>
    /// The second half: the raw signature over <see cref="CadesToBeSigned.Digest"/> (RSA PKCS#1 v1.5, or ECDSA as DER
    /// SEQUENCE{r,s}; a bare r‖s is accepted and re-encoded) is checked against the certificate's public key — a token
    /// or a remote service may answer with another key's signature or garbage, found now and not by a reader — then
    /// time-stamped when a TSA is given (B-T) and written as the CMS.
    /// </summary>
    public static async Task<byte[]> CompleteAsync(CadesToBeSigned toBeSigned, X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? chain, byte[] signature,
        ITimestampAuthority? tsa, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(toBeSigned);
        ArgumentNullException.ThrowIfNull(certificate);
        var kind = CmsOids.KeyKindOf(certificate);
        if (kind == CmsKeyKind.Unsupported) throw new NotSupportedException("Chỉ hỗ trợ chứng thư có khóa RSA hoặc ECDSA.");
        if (signature is null || signature.Length == 0) throw new CryptographicException("Bên ký không trả về chữ ký.");
        if (kind == CmsKeyKind.Ecdsa) signature = EcdsaToDer(certificate, toBeSigned.Digest, signature);
        if (!SignatureMatches(certificate, kind, toBeSigned.Digest, signature))
            throw new CryptographicException("Chữ ký trả về không khớp với khóa công khai trong chứng thư của người ký.");

        byte[]? token = null;
        if (tsa is not null)
        {
            var imprint = SHA256.HashData(signature);
            token = await tsa.GetTimestampTokenAsync(imprint, ct);
            if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out var consumed) || consumed != token.Length
                || !decoded.TokenInfo.HashAlgorithmId.Value!.Equals(CmsOids.Sha256, StringComparison.Ordinal)
                || !decoded.TokenInfo.GetMessageHash().Span.SequenceEqual(imprint))
                throw new TimestampException("Dấu thời gian nhận được không phải cho chữ ký này.");
        }

        return Encode(certificate, chain ?? [], kind, toBeSigned.SignedAttributes, signature, token);
    }

    /// <summary>
    /// PKCS#11 tokens sign ECDSA as r‖s (each half the key's size); CMS wants DER SEQUENCE{r,s}. Which one was sent is
    /// decided by verifying it as r‖s, not by its first byte: one r‖s signature in 256 begins with 0x30 like a DER
    /// SEQUENCE — it was taken for DER, refused when it was right, and a wrong one reached the DER reader, whose error
    /// answered 500 (an intermittent failure of the deferred-signing test).
    /// </summary>
    private static byte[] EcdsaToDer(X509Certificate2 certificate, byte[] digest, byte[] raw)
    {
        using var ec = certificate.GetECDsaPublicKey()!;
        var half = (ec.KeySize + 7) / 8;
        if (raw.Length != 2 * half || !ec.VerifyHash(digest, raw, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) return raw;
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteIntegerUnsigned(raw.AsSpan(0, half));
            w.WriteIntegerUnsigned(raw.AsSpan(half));
        }
        return w.Encode();
    }

    /// <summary>The signed attributes as a DER SET OF (tag 0x31), sorted: what the signature is computed over.</summary>
    internal static byte[] SignedAttributes(byte[] contentDigest, X509Certificate2 certificate)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSetOf())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(CmsOids.ContentType);
                using (w.PushSetOf()) w.WriteObjectIdentifier(CmsOids.Data);
            }
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(CmsOids.MessageDigest);
                using (w.PushSetOf()) w.WriteOctetString(contentDigest);
            }
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(CmsOids.SigningCertificateV2);
                using (w.PushSetOf()) WriteSigningCertificateV2(w, certificate);
            }
        }
        return w.Encode();
    }

    /// <summary>
    /// RFC 5035: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with one ESSCertIDv2 for the
    /// signer: hashAlgorithm left out (DEFAULT sha256), certHash = SHA-256 of the certificate, issuerSerial =
    /// { issuer GeneralNames { [4] directoryName }, serialNumber }.
    /// </summary>
    internal static void WriteSigningCertificateV2(AsnWriter w, X509Certificate2 certificate)
    {
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (w.PushSequence())
            {
                using (w.PushSequence())
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                    w.WriteEncodedValue(certificate.IssuerName.RawData);
                w.WriteEncodedValue(CmsOids.EncodedSerial(certificate).Span);
            }
        }
    }

    private static bool SignatureMatches(X509Certificate2 certificate, CmsKeyKind kind, byte[] digest, byte[] signature)
    {
        try
        {
            if (kind == CmsKeyKind.Rsa)
            {
                using var rsa = certificate.GetRSAPublicKey()!;
                return rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            using var ec = certificate.GetECDsaPublicKey()!;
            return ec.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return false; // not a signature at all (bytes that are not DER, say): no match
        }
    }

    private static byte[] Encode(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, CmsKeyKind kind,
        byte[] signedAttributes, byte[] signature, byte[]? token)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(CmsOids.SignedData);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (w.PushSequence())
            {
                w.WriteInteger(1);
                using (w.PushSetOf()) CmsOids.WriteAlgorithm(w, CmsOids.Sha256);
                using (w.PushSequence()) w.WriteObjectIdentifier(CmsOids.Data);
                using (w.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var c in (IEnumerable<X509Certificate2>)[certificate, .. chain ?? []])
                        if (seen.Add(Convert.ToHexString(c.RawData))) w.WriteEncodedValue(c.RawData);
                }
                using (w.PushSetOf())
                using (w.PushSequence())
                {
                    w.WriteInteger(1);
                    using (w.PushSequence())
                    {
                        w.WriteEncodedValue(certificate.IssuerName.RawData);
                        w.WriteEncodedValue(CmsOids.EncodedSerial(certificate).Span);
                    }
                    CmsOids.WriteAlgorithm(w, CmsOids.Sha256);
                    // The same bytes that were signed, with the [0] IMPLICIT tag in place of SET.
                    var tagged = (byte[])signedAttributes.Clone();
                    tagged[0] = 0xA0;
                    w.WriteEncodedValue(tagged);
                    if (kind == CmsKeyKind.Rsa) CmsOids.WriteAlgorithm(w, CmsOids.RsaEncryption, nullParameters: true);
                    else CmsOids.WriteAlgorithm(w, CmsOids.EcdsaWithSha256);
                    w.WriteOctetString(signature);
                    if (token is not null)
                    {
                        using (w.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                        using (w.PushSequence())
                        {
                            w.WriteObjectIdentifier(CmsOids.SignatureTimeStampToken);
                            using (w.PushSetOf()) w.WriteEncodedValue(token);
                        }
                    }
                }
            }
        }
        return w.Encode();
    }
}
