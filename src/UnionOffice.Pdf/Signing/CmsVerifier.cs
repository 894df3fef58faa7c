using System.Buffers;
using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing.Revocation;

namespace UnionOffice.Pdf.Signing;

/// <summary>What the signer's certificate chain says, at the verification time.</summary>
public enum ChainStatus
{
    /// <summary>Chains to a trust anchor, valid at the time, not revoked (or revocation not asked).</summary>
    Trusted,
    /// <summary>Does not chain to any trust anchor (unknown or self-made CA), or the chain itself is broken.</summary>
    Untrusted,
    /// <summary>Outside its validity period at the verification time (expired, or not yet valid).</summary>
    Expired,
    /// <summary>On its issuer's revocation list.</summary>
    Revoked,
    /// <summary>Revocation was asked for but could not be learnt (CRL/OCSP unreachable or missing).</summary>
    RevocationUnknown,
}

/// <summary>The outcome of checking one CMS signature; every message is Vietnamese, for the person looking at it.</summary>
public sealed record SignatureCheck
{
    /// <summary>The content is what was signed, and the signature over it is by the embedded signer certificate's key.</summary>
    public required bool IntegrityOk { get; init; }
    /// <summary>Why integrity failed; null when it holds.</summary>
    public string? IntegrityProblem { get; init; }
    public X509Certificate2? SignerCertificate { get; init; }
    /// <summary>The signer certificate's CN.</summary>
    public string? SignerName { get; init; }
    /// <summary>The signer certificate's O, if any.</summary>
    public string? SignerOrganization { get; init; }
    /// <summary>The signed signing-certificate-v2 attribute is present and names this certificate (hash, issuer, serial).</summary>
    public bool SigningCertificateV2Ok { get; init; }
    public ChainStatus ChainStatus { get; init; }
    public required string ChainMessage { get; init; }
    /// <summary>The time in the signature time-stamp (B-T) whose own signature and imprint hold; null when there is none
    /// or it does not hold. Used as verification time only when <see cref="TimestampOk"/>.</summary>
    public DateTimeOffset? TimestampTime { get; init; }
    /// <summary>Null: no time-stamp. True: its signature and imprint hold and its TSA chains to a trust anchor.
    /// False: otherwise (<see cref="TimestampTime"/> tells whether only the trust is missing).</summary>
    public bool? TimestampOk { get; init; }
    public X509Certificate2? TimestampAuthorityCertificate { get; init; }
    /// <summary>The TSA's certificate chains to one of the trust anchors.</summary>
    public bool TimestampAuthorityTrusted { get; init; }
    /// <summary>The moment the chain was judged at: the trusted time-stamp's, else the claimed one, else now.</summary>
    public DateTimeOffset VerificationTime { get; init; }
    /// <summary>One line a user can read.</summary>
    public required string Summary { get; init; }
    /// <summary>The revocation of every certificate of the chain was judged from the CRLs and OCSP answers kept in the
    /// document (PAdES B-LT), not asked of the CA's servers.</summary>
    public bool RevocationFromDocument { get; init; }
    /// <summary>A document time-stamp (PAdES B-LTA), not a person's or an organ's signature.</summary>
    public bool IsDocumentTimestamp { get; init; }

    /// <summary>All of it holds.</summary>
    public bool IsValid => IntegrityOk && SigningCertificateV2Ok && ChainStatus == ChainStatus.Trusted && TimestampOk != false;
}

/// <summary>
/// Checks a detached CMS signature (PAdES ETSI.CAdES.detached or adbe.pkcs7.detached with signed attributes): the
/// content's digest against message-digest, the signature over the signed attributes against the signer certificate,
/// signing-certificate-v2, the signature time-stamp if any, and the signer's chain to the given trust anchors at the
/// time-stamp's time (or the claimed time). Damaged input gives a failed check, not an exception.
/// </summary>
public static class CmsVerifier
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static SignatureCheck Verify(byte[] cmsDer, byte[] signedContent, IReadOnlyCollection<X509Certificate2> trustAnchors, DateTimeOffset? at, bool checkRevocation,
        ValidationMaterial? embedded = null)
    {
        ArgumentNullException.ThrowIfNull(signedContent);
        return Verify(cmsDer, new ReadOnlySequence<byte>(signedContent), trustAnchors, at, checkRevocation, embedded);
    }

    /// <param name="cmsDer">The ContentInfo (for a PDF: /Contents without its zero padding; trailing zeros are tolerated).</param>
    /// <param name="signedContent">The signed bytes, e.g. a PDF's two /ByteRange pieces (see <see cref="Ranges"/>).</param>
    /// <param name="trustAnchors">Root certificates to trust; nothing else is (no system store).</param>
    /// <param name="at">The claimed signing time (a PDF's /M), used when there is no valid time-stamp; null: now.</param>
    /// <param name="checkRevocation">Fetch CRLs/OCSP named in the certificates; when they cannot be had the status is
    /// <see cref="ChainStatus.RevocationUnknown"/>, not a failure.</param>
    /// <param name="embedded">Certificates, CRLs and OCSP answers kept with the document (its /DSS): the chain may be built
    /// with them, and a revocation they settle for every certificate of the chain is not asked of the network.</param>
    public static SignatureCheck Verify(byte[] cmsDer, ReadOnlySequence<byte> signedContent, IReadOnlyCollection<X509Certificate2> trustAnchors, DateTimeOffset? at, bool checkRevocation,
        ValidationMaterial? embedded = null)
    {
        ArgumentNullException.ThrowIfNull(cmsDer);
        ArgumentNullException.ThrowIfNull(trustAnchors);

        ParsedSignature parsed;
        SignedCms cms;
        X509Certificate2Collection bundled;
        SignerInfo signerInfo;
        X509Certificate2? certificate;
        try
        {
            parsed = Parse(cmsDer);
            cms = new SignedCms();
            cms.Decode(cmsDer.AsSpan(0, parsed.Length));
            if (cms.SignerInfos.Count == 0) return Failed("không có người ký nào trong dữ liệu chữ ký", at);
            signerInfo = cms.SignerInfos[0];
            // The certificates are read lazily: a damaged one throws only when asked for, so they are asked for here.
            bundled = cms.Certificates;
            certificate = signerInfo.Certificate;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or InvalidDataException)
        {
            return Failed("dữ liệu chữ ký hỏng, không đọc được", at);
        }
        if (certificate is null) return Failed("dữ liệu chữ ký không kèm chứng thư của người ký", at);
        var (name, organization) = Names(certificate);

        string? problem;
        try
        {
            problem = CheckIntegrity(parsed, certificate, signedContent);
        }
        catch (AsnContentException)
        {
            problem = "dữ liệu chữ ký hỏng, không đọc được";
        }
        var v2Ok = SigningCertificateV2Matches(parsed, certificate);

        // The time-stamp first: its time is when the chain is judged — but only a time-stamp whose TSA chains to a
        // trust anchor, or anyone could back-date an expired certificate with a home-made token.
        bool? timestampOk = null;
        DateTimeOffset? timestampTime = null;
        X509Certificate2? tsaCertificate = null;
        var tsaTrusted = false;
        if (parsed.UnsignedAttributes.TryGetValue(CmsOids.SignatureTimeStampToken, out var tokens) && tokens.Count > 0)
        {
            timestampOk = false;
            if (Rfc3161TimestampToken.TryDecode(tokens[0], out var token, out _)
                && CmsOids.HashOf(token.TokenInfo.HashAlgorithmId.Value) is not null
                && token.VerifySignatureForData(parsed.Signature, out var tsaCert))
            {
                timestampTime = token.TokenInfo.Timestamp;
                tsaCertificate = tsaCert;
                tsaTrusted = TokenCertificates(token) is { } tokenCertificates
                    && JudgeChain(tsaCert, tokenCertificates, trustAnchors, token.TokenInfo.Timestamp, momentProven: true, embedded, checkRevocation: false).Status == ChainStatus.Trusted;
                timestampOk = tsaTrusted;
            }
        }

        var verificationTime = (timestampOk == true ? timestampTime : null) ?? at ?? DateTimeOffset.UtcNow;
        var (status, fromDocument) = JudgeChain(certificate, bundled, trustAnchors, verificationTime, timestampOk == true, embedded, checkRevocation);

        var check = new SignatureCheck
        {
            IntegrityOk = problem is null,
            IntegrityProblem = problem,
            SignerCertificate = certificate,
            SignerName = name,
            SignerOrganization = organization,
            SigningCertificateV2Ok = v2Ok,
            ChainStatus = status,
            ChainMessage = Describe(status),
            TimestampTime = timestampTime,
            TimestampOk = timestampOk,
            TimestampAuthorityCertificate = tsaCertificate,
            TimestampAuthorityTrusted = tsaTrusted,
            VerificationTime = verificationTime,
            RevocationFromDocument = fromDocument,
            Summary = "",
        };
        return check with { Summary = Summarize(check, at) };
    }

    /// <summary>
    /// A document time-stamp (/SubFilter /ETSI.RFC3161): the token's imprint is the digest of the covered bytes, its
    /// signature holds, and its authority's chain is judged at <paramref name="judgedAt"/> — the time of the next document
    /// time-stamp that covers this one, else now: the last one must still be trusted today, which is why an archive
    /// renews it before its authority's certificate ends.
    /// </summary>
    public static SignatureCheck VerifyDocumentTimestamp(byte[] tokenDer, ReadOnlySequence<byte> signedContent, IReadOnlyCollection<X509Certificate2> trustAnchors,
        DateTimeOffset judgedAt, ValidationMaterial? embedded = null)
    {
        ArgumentNullException.ThrowIfNull(tokenDer);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        if (!Rfc3161TimestampToken.TryDecode(tokenDer, out var token, out _))
            return Failed("dấu thời gian của tài liệu hỏng, không đọc được", judgedAt) with { IsDocumentTimestamp = true };
        if (CmsOids.HashOf(token.TokenInfo.HashAlgorithmId.Value) is not { } hash)
            return Failed("thuật toán băm của dấu thời gian không được hỗ trợ", judgedAt) with { IsDocumentTimestamp = true };
        using var hasher = IncrementalHash.CreateHash(hash);
        foreach (var piece in signedContent) hasher.AppendData(piece.Span);
        var digest = hasher.GetHashAndReset();
        if (!token.TokenInfo.GetMessageHash().Span.SequenceEqual(digest))
            return Failed("tài liệu đã bị thay đổi sau khi được đóng dấu thời gian", judgedAt) with { IsDocumentTimestamp = true };
        if (!token.VerifySignatureForHash(digest, hash, out var tsaCertificate, null) || tsaCertificate is null)
            return Failed("chữ ký của tổ chức cấp dấu thời gian không khớp", judgedAt) with { IsDocumentTimestamp = true };

        var time = token.TokenInfo.Timestamp;
        if (TokenCertificates(token) is not { } tokenCertificates)
            return Failed("dấu thời gian của tài liệu hỏng, không đọc được", judgedAt) with { IsDocumentTimestamp = true };
        var (status, fromDocument) = JudgeChain(tsaCertificate, tokenCertificates, trustAnchors, judgedAt, momentProven: false, embedded, checkRevocation: false);
        var (name, organization) = Names(tsaCertificate);
        var summary = status == ChainStatus.Trusted
            ? $"Dấu thời gian lưu trữ hợp lệ: {name} xác nhận tài liệu (kể cả các chữ ký và dữ liệu xác thực trước đó) đã có như hiện nay lúc {Local(time)}."
            : status == ChainStatus.Expired
                ? $"Dấu thời gian lưu trữ của {name} lúc {Local(time)} đúng với tài liệu, nhưng chứng thư của tổ chức cấp dấu thời gian đã hết hạn: cần đóng dấu thời gian lưu trữ mới."
                : $"Dấu thời gian lưu trữ của {name} lúc {Local(time)} đúng với tài liệu, nhưng {Fragment(status).Replace("người ký", "tổ chức cấp dấu thời gian", StringComparison.Ordinal)}.";
        return new SignatureCheck
        {
            IntegrityOk = true,
            SignerCertificate = tsaCertificate,
            SignerName = name,
            SignerOrganization = organization,
            SigningCertificateV2Ok = true, // the token's own ESSCertID binds its signer (checked by VerifySignatureForHash)
            ChainStatus = status,
            ChainMessage = Describe(status),
            TimestampTime = time,
            TimestampOk = status == ChainStatus.Trusted,
            TimestampAuthorityCertificate = tsaCertificate,
            TimestampAuthorityTrusted = status == ChainStatus.Trusted,
            VerificationTime = judgedAt,
            RevocationFromDocument = fromDocument,
            IsDocumentTimestamp = true,
            Summary = summary,
        };
    }

    /// <summary>
    /// The certificate's chain at <paramref name="at"/>: built through the given and the embedded certificates; when it holds
    /// and the embedded material has revocation data, each certificate below the anchor is judged from it; whatever it does
    /// not settle is asked of the network when <paramref name="checkRevocation"/> (as before the material existed).
    /// </summary>
    private static (ChainStatus Status, bool FromDocument) JudgeChain(X509Certificate2 certificate, X509Certificate2Collection given, IReadOnlyCollection<X509Certificate2> anchors,
        DateTimeOffset at, bool momentProven, ValidationMaterial? embedded, bool checkRevocation)
    {
        var extra = new X509Certificate2Collection();
        extra.AddRange(given);
        if (embedded is not null) extra.AddRange(embedded.CertificateCollection());
        if (embedded is not { HasRevocationData: true })
            return (Build(certificate, extra, anchors, at, checkRevocation), false);

        ChainStatus status;
        var settled = true;
        using (var chain = Chain(anchors, extra, at, checkRevocation: false))
        {
            status = Classify(chain.Build(certificate), chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status));
            if (status == ChainStatus.Trusted)
            {
                for (var i = 0; i + 1 < chain.ChainElements.Count; i++)
                {
                    var said = RevocationEvidence.Evaluate(embedded, chain.ChainElements[i].Certificate, chain.ChainElements[i + 1].Certificate, at, momentProven);
                    if (said == EmbeddedRevocationStatus.Revoked)
                    {
                        status = ChainStatus.Revoked;
                        break;
                    }
                    settled &= said == EmbeddedRevocationStatus.Good;
                }
            }
            DisposeElements(chain, certificate);
        }
        if (status != ChainStatus.Trusted || settled) return (status, status == ChainStatus.Trusted);
        return (checkRevocation ? Build(certificate, extra, anchors, at, checkRevocation: true) : status, false);
    }

    private static ChainStatus Build(X509Certificate2 certificate, X509Certificate2Collection extra, IReadOnlyCollection<X509Certificate2> anchors, DateTimeOffset at, bool checkRevocation)
    {
        using var chain = Chain(anchors, extra, at, checkRevocation);
        var built = chain.Build(certificate);
        var status = Classify(built, chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (a, s) => a | s.Status));
        DisposeElements(chain, certificate);
        return status;
    }

    /// <summary>
    /// A certificate on its own, before it signs: whether it chains to an anchor at <paramref name="at"/> through the
    /// given intermediates, is within its validity, and — when asked — is not revoked (its CRL or OCSP fetched).
    /// </summary>
    public static ChainStatus CheckCertificate(X509Certificate2 certificate, IEnumerable<X509Certificate2> intermediates,
        IReadOnlyCollection<X509Certificate2> trustAnchors, DateTimeOffset at, bool checkRevocation)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extra = new X509Certificate2Collection();
        foreach (var c in intermediates) extra.Add(c);
        return Build(certificate, extra, trustAnchors, at, checkRevocation);
    }

    /// <summary>The certificate's subject CN and O, as the signer's name and organisation.</summary>
    public static (string? Name, string? Organization) SubjectNames(X509Certificate2 certificate) => Names(certificate);

    /// <summary>The Vietnamese sentence for a chain status.</summary>
    public static string Describe(ChainStatus status) => status switch
    {
        ChainStatus.Trusted => "Chứng thư của người ký do tổ chức chứng thực tin cậy cấp và còn hiệu lực tại thời điểm ký.",
        ChainStatus.Untrusted => "Chứng thư của người ký không do tổ chức chứng thực tin cậy nào cấp.",
        ChainStatus.Expired => "Chứng thư của người ký đã hết hạn (hoặc chưa có hiệu lực) tại thời điểm ký.",
        ChainStatus.Revoked => "Chứng thư của người ký đã bị thu hồi.",
        ChainStatus.RevocationUnknown => "Không kiểm tra được chứng thư của người ký có bị thu hồi hay không (không liên lạc được máy chủ danh sách thu hồi).",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The pieces of a file that a signature covers (a PDF's /ByteRange), as one sequence without copying.</summary>
    public static ReadOnlySequence<byte> Ranges(ReadOnlyMemory<byte> file, IEnumerable<(long Start, long Length)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Segment? first = null, last = null;
        foreach (var (start, length) in ranges)
        {
            if (start < 0 || length < 0 || start + length > file.Length) throw new ArgumentOutOfRangeException(nameof(ranges), "Vùng ký nằm ngoài tệp.");
            if (length == 0) continue;
            var piece = file.Slice((int)start, (int)length);
            if (last is null) first = last = new Segment(piece, 0);
            else last = last.Append(piece);
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private static SignatureCheck Failed(string problem, DateTimeOffset? at) => new()
    {
        IntegrityOk = false,
        IntegrityProblem = problem,
        ChainStatus = ChainStatus.Untrusted,
        ChainMessage = "Không xác định được người ký.",
        VerificationTime = at ?? DateTimeOffset.UtcNow,
        Summary = $"Chữ ký KHÔNG hợp lệ: {problem}.",
    };

    private static string? CheckIntegrity(ParsedSignature parsed, X509Certificate2 certificate, ReadOnlySequence<byte> content)
    {
        if (CmsOids.HashOf(parsed.DigestAlgorithm) is not { } hash) return "thuật toán băm của chữ ký không được hỗ trợ";
        using var hasher = IncrementalHash.CreateHash(hash);
        foreach (var piece in content) hasher.AppendData(piece.Span);
        var actual = hasher.GetHashAndReset();

        if (parsed.SignedAttributes is null)
        {
            // No signed attributes (allowed by CMS, not by CAdES): the signature is over the content's digest itself,
            // so a mismatch cannot tell a changed content from a wrong signature.
            if (parsed.ContentType != CmsOids.Data) return "loại nội dung được ký không được hỗ trợ";
            return SignatureHolds(parsed, certificate, hash, actual) ? null : "nội dung đã bị thay đổi sau khi ký hoặc chữ ký không khớp với chứng thư";
        }
        if (!parsed.Attributes.TryGetValue(CmsOids.MessageDigest, out var digests) || digests.Count != 1)
            return "chữ ký thiếu giá trị băm của nội dung (message-digest)";
        if (!parsed.Attributes.TryGetValue(CmsOids.ContentType, out var types) || types.Count != 1
            || AsnDecoder.ReadObjectIdentifier(types[0].Span, AsnEncodingRules.BER, out _) != parsed.ContentType)
            return "loại nội dung được ký (content-type) không khớp";

        var claimed = AsnDecoder.ReadOctetString(digests[0].Span, AsnEncodingRules.BER, out _);
        if (!CryptographicOperations.FixedTimeEquals(actual, claimed)) return "nội dung đã bị thay đổi sau khi ký";

        var signedAttributesDigest = CryptographicOperations.HashData(hash, parsed.SignedAttributes);
        if (!SignatureHolds(parsed, certificate, hash, signedAttributesDigest)) return "chữ ký số không khớp với chứng thư của người ký";
        return null;
    }

    /// <summary>The signature value over <paramref name="digest"/> (made with <paramref name="digestHash"/>) holds for the certificate's key.</summary>
    private static bool SignatureHolds(ParsedSignature parsed, X509Certificate2 certificate, HashAlgorithmName digestHash, byte[] digest)
    {
        try
        {
            switch (CmsOids.KeyKindOf(certificate))
            {
                case CmsKeyKind.Rsa:
                    HashAlgorithmName? rsaHash = parsed.SignatureAlgorithm switch
                    {
                        CmsOids.RsaEncryption => digestHash,
                        CmsOids.Sha256WithRsa => HashAlgorithmName.SHA256,
                        CmsOids.Sha384WithRsa => HashAlgorithmName.SHA384,
                        CmsOids.Sha512WithRsa => HashAlgorithmName.SHA512,
                        _ => null,
                    };
                    if (rsaHash != digestHash) return false;
                    using (var rsa = certificate.GetRSAPublicKey()!)
                        return rsa.VerifyHash(digest, parsed.Signature, digestHash, RSASignaturePadding.Pkcs1);
                case CmsKeyKind.Ecdsa:
                    HashAlgorithmName? ecHash = parsed.SignatureAlgorithm switch
                    {
                        CmsOids.EcPublicKey => digestHash,
                        CmsOids.EcdsaWithSha256 => HashAlgorithmName.SHA256,
                        CmsOids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
                        CmsOids.EcdsaWithSha512 => HashAlgorithmName.SHA512,
                        _ => null,
                    };
                    if (ecHash != digestHash) return false;
                    using (var ec = certificate.GetECDsaPublicKey()!)
                        return ec.VerifyHash(digest, parsed.Signature, DSASignatureFormat.Rfc3279DerSequence);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>ESSCertIDv2 (the first one) names this certificate: its hash and, when present, its issuer and serial.</summary>
    private static bool SigningCertificateV2Matches(ParsedSignature parsed, X509Certificate2 certificate)
    {
        if (!parsed.Attributes.TryGetValue(CmsOids.SigningCertificateV2, out var values) || values.Count != 1) return false;
        try
        {
            var certs = new AsnReader(values[0], AsnEncodingRules.BER).ReadSequence().ReadSequence();
            var id = certs.ReadSequence();
            var hashOid = CmsOids.Sha256;
            if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence)) hashOid = id.ReadSequence().ReadObjectIdentifier();
            if (CmsOids.HashOf(hashOid) is not { } hash) return false;
            var certHash = id.ReadOctetString();
            if (!CryptographicOperations.FixedTimeEquals(certHash, CryptographicOperations.HashData(hash, certificate.RawData))) return false;
            if (!id.HasData) return true;
            var issuerSerial = id.ReadSequence();
            var names = issuerSerial.ReadSequence();
            var directoryName = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4)).ReadEncodedValue();
            if (names.HasData) return false;
            if (!new X500DistinguishedName(directoryName.Span).RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)) return false;
            var serial = issuerSerial.ReadIntegerBytes();
            return serial.Span.SequenceEqual(certificate.SerialNumberBytes.Span);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The certificates a time-stamp token carries; null when one of them is damaged.</summary>
    private static X509Certificate2Collection? TokenCertificates(Rfc3161TimestampToken token)
    {
        try
        {
            return token.AsSignedCms().Certificates;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A chain policy trusting only the anchors, judging at the given time, no certificate downloads.</summary>
    internal static X509Chain Chain(IReadOnlyCollection<X509Certificate2> anchors, X509Certificate2Collection extra, DateTimeOffset at, bool checkRevocation)
    {
        var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var a in anchors) policy.CustomTrustStore.Add(a);
        policy.ExtraStore.AddRange(extra);
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        policy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        policy.UrlRetrievalTimeout = TimeSpan.FromSeconds(15);
        policy.DisableCertificateDownloads = true;
        return chain;
    }

    /// <summary>Frees the chain's certificate copies, never one the caller handed in or gets back.</summary>
    private static void DisposeElements(X509Chain chain, X509Certificate2 keep)
    {
        foreach (var element in chain.ChainElements)
        {
            var c = element.Certificate;
            var given = ReferenceEquals(c, keep)
                || chain.ChainPolicy.CustomTrustStore.Cast<X509Certificate2>().Any(a => ReferenceEquals(a, c))
                || chain.ChainPolicy.ExtraStore.Cast<X509Certificate2>().Any(a => ReferenceEquals(a, c));
            if (!given) c.Dispose();
        }
    }

    private static ChainStatus Classify(bool built, X509ChainStatusFlags flags)
    {
        if (flags.HasFlag(X509ChainStatusFlags.Revoked)) return ChainStatus.Revoked;
        const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain
            | X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.InvalidBasicConstraints | X509ChainStatusFlags.Cyclic
            | X509ChainStatusFlags.InvalidExtension | X509ChainStatusFlags.InvalidNameConstraints | X509ChainStatusFlags.HasNotSupportedNameConstraint
            | X509ChainStatusFlags.HasNotDefinedNameConstraint | X509ChainStatusFlags.HasNotPermittedNameConstraint
            | X509ChainStatusFlags.HasExcludedNameConstraint | X509ChainStatusFlags.InvalidPolicyConstraints
            | X509ChainStatusFlags.NoIssuanceChainPolicy | X509ChainStatusFlags.ExplicitDistrust | X509ChainStatusFlags.HasNotSupportedCriticalExtension
            | X509ChainStatusFlags.NotValidForUsage;
        if ((flags & untrusted) != 0) return ChainStatus.Untrusted;
        if ((flags & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0) return ChainStatus.Expired;
        if ((flags & (X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation)) != 0) return ChainStatus.RevocationUnknown;
        return built && flags == X509ChainStatusFlags.NoError ? ChainStatus.Trusted : ChainStatus.Untrusted;
    }

    private static (string? Name, string? Organization) Names(X509Certificate2 certificate)
    {
        string? cn = null, o = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            switch (rdn.GetSingleElementType().Value)
            {
                case CmsOids.CommonName: cn = rdn.GetSingleElementValue(); break;
                case CmsOids.Organization: o = rdn.GetSingleElementValue(); break;
            }
        }
        return (cn ?? certificate.GetNameInfo(X509NameType.SimpleName, false), o);
    }

    private static string Summarize(SignatureCheck check, DateTimeOffset? claimed)
    {
        if (!check.IntegrityOk) return $"Chữ ký KHÔNG hợp lệ: {check.IntegrityProblem}.";
        var who = check.SignerOrganization is { Length: > 0 } org && org != check.SignerName ? $"{check.SignerName} ({org})" : check.SignerName;
        var when = check.TimestampOk == true && check.TimestampTime is { } ts ? $" lúc {Local(ts)} (theo dấu thời gian)"
            : claimed is { } c ? $" lúc {Local(c)} (thời điểm khai báo, không có dấu thời gian)" : "";
        var warnings = new List<string>();
        if (check.ChainStatus != ChainStatus.Trusted) warnings.Add(Fragment(check.ChainStatus));
        if (!check.SigningCertificateV2Ok) warnings.Add("chữ ký không gắn chặt với chứng thư (thiếu hoặc sai thuộc tính signing-certificate-v2)");
        if (check.TimestampOk == false)
            warnings.Add(check.TimestampTime is null ? "dấu thời gian kèm theo không hợp lệ" : "dấu thời gian kèm theo không do tổ chức cấp dấu thời gian tin cậy cấp");
        return warnings.Count == 0
            ? $"Chữ ký hợp lệ: {who} đã ký{when}; nội dung không bị thay đổi sau khi ký và chứng thư được tin cậy"
              + (check.RevocationFromDocument ? " (tình trạng thu hồi theo dữ liệu xác thực lưu kèm tài liệu)." : ".")
            : $"Nội dung không bị thay đổi sau khi {who} ký{when}, nhưng {string.Join("; ", warnings)}.";
    }

    private static string Fragment(ChainStatus status) => status switch
    {
        ChainStatus.Untrusted => "chứng thư của người ký không do tổ chức chứng thực tin cậy cấp",
        ChainStatus.Expired => "chứng thư của người ký đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký",
        ChainStatus.Revoked => "chứng thư của người ký đã bị thu hồi",
        ChainStatus.RevocationUnknown => "chưa kiểm tra được tình trạng thu hồi của chứng thư",
        _ => "",
    };

    private static string Local(DateTimeOffset t) => t.ToOffset(VietnamOffset).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture) + " (giờ Việt Nam)";

    private sealed record ParsedSignature(
        int Length,
        string ContentType,
        string DigestAlgorithm,
        byte[]? SignedAttributes,
        string SignatureAlgorithm,
        byte[] Signature,
        Dictionary<string, List<ReadOnlyMemory<byte>>> Attributes,
        Dictionary<string, List<ReadOnlyMemory<byte>>> UnsignedAttributes);

    /// <summary>
    /// The first SignerInfo's raw pieces, read with BER rules (outer layers are often BER): the signed attributes exactly
    /// as encoded, re-tagged as SET (what was signed), the algorithms and the signature value.
    /// </summary>
    private static ParsedSignature Parse(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER);
        var length = outer.PeekEncodedValue().Length;
        var contentInfo = outer.ReadSequence();
        if (outer.HasData && der.AsSpan(length).ContainsAnyExcept((byte)0)) throw new InvalidDataException("trailing data");
        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedData) throw new InvalidDataException("not SignedData");
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadEncodedValue(); // digestAlgorithms
        var encap = signedData.ReadSequence();
        var contentType = encap.ReadObjectIdentifier();
        if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) signedData.ReadEncodedValue();
        if (signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1))) signedData.ReadEncodedValue();
        var signerInfos = signedData.ReadSetOf();
        var si = signerInfos.ReadSequence();
        si.ReadInteger();
        si.ReadEncodedValue(); // sid
        var digestAlgorithm = si.ReadSequence().ReadObjectIdentifier();
        byte[]? signedAttributes = null;
        var attributes = new Dictionary<string, List<ReadOnlyMemory<byte>>>(StringComparer.Ordinal);
        if (si.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            signedAttributes = si.ReadEncodedValue().ToArray();
            signedAttributes[0] = 0x31;
            ReadAttributes(new AsnReader(signedAttributes, AsnEncodingRules.BER).ReadSetOf(), attributes);
        }
        var signatureAlgorithm = si.ReadSequence().ReadObjectIdentifier();
        var signature = si.ReadOctetString();
        var unsigned = new Dictionary<string, List<ReadOnlyMemory<byte>>>(StringComparer.Ordinal);
        if (si.HasData && si.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            ReadAttributes(si.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 1)), unsigned);
        return new ParsedSignature(length, contentType, digestAlgorithm, signedAttributes, signatureAlgorithm, signature, attributes, unsigned);
    }

    private static void ReadAttributes(AsnReader set, Dictionary<string, List<ReadOnlyMemory<byte>>> into)
    {
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            if (!into.TryGetValue(oid, out var list)) into[oid] = list = [];
            while (values.HasData) list.Add(values.ReadEncodedValue());
        }
    }
}
