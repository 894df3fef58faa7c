using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// An RFC 3161 time-stamping authority on loopback, for tests: reads application/timestamp-query, answers
/// application/timestamp-reply with a token signed by a test TSA certificate (EKU timeStamping, critical) carrying
/// ESSCertIDv2. Its clock is fixed, and it can be told to misbehave.
/// </summary>
public sealed class LocalTsa : IAsyncDisposable
{
    public enum Behaviour { Grant, Reject, WrongNonce, WrongImprint, ServerError }

    private readonly IssuedCertificate _tsa;
    private LoopbackHttp _http = null!;
    private long _serial = 0x5000;

    private LocalTsa(IssuedCertificate tsa, DateTimeOffset time)
    {
        _tsa = tsa;
        Time = time;
    }

    /// <summary>The genTime of every token (a fixed clock).</summary>
    public DateTimeOffset Time { get; set; }
    public Behaviour Mode { get; set; } = Behaviour.Grant;
    public Uri Uri => new(_http.BaseUri, "tsa");
    public X509Certificate2 Certificate => _tsa.Certificate;
    /// <summary>Every token handed out, in order.</summary>
    public ConcurrentQueue<byte[]> Issued { get; } = new();
    public int Requests => _requests;
    private int _requests;

    public static async Task<LocalTsa> StartAsync(IssuedCertificate tsaCertificate, DateTimeOffset time)
    {
        var tsa = new LocalTsa(tsaCertificate, time);
        tsa._http = await LoopbackHttp.StartAsync(tsa.HandleAsync);
        return tsa;
    }

    public HttpTimestampAuthority Client(HttpClient http) => new(http, Uri);

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Method != "POST" || context.Request.ContentType != "application/timestamp-query")
        {
            context.Response.StatusCode = 415;
            return;
        }
        if (Mode == Behaviour.ServerError)
        {
            context.Response.StatusCode = 500;
            return;
        }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (!Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var request, out _))
        {
            context.Response.StatusCode = 400;
            return;
        }
        var reply = Mode == Behaviour.Reject ? Rejection() : Grant(request);
        context.Response.ContentType = "application/timestamp-reply";
        await context.Response.Body.WriteAsync(reply);
    }

    private static byte[] Rejection()
    {
        // PKIStatusInfo { status rejection(2), failInfo badAlg }.
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteInteger(2);
            w.WriteBitString([0x80], unusedBitCount: 7);
        }
        return w.Encode();
    }

    private byte[] Grant(Rfc3161TimestampRequest request)
    {
        var hash = request.GetMessageHash().ToArray();
        if (Mode == Behaviour.WrongImprint) hash[0] ^= 0xFF;
        var nonce = request.GetNonce()?.ToArray();
        if (Mode == Behaviour.WrongNonce && nonce is not null) nonce[^1] ^= 0x01;
        var serial = new System.Numerics.BigInteger(Interlocked.Increment(ref _serial)).ToByteArray(isUnsigned: false, isBigEndian: true);
        var info = new Rfc3161TimestampTokenInfo(new Oid("1.3.6.1.4.1.99999.1.1"), request.HashAlgorithmId, hash, serial, Time,
            accuracyInMicroseconds: 1_000_000, isOrdering: false, nonce: nonce);

        var cms = new SignedCms(new ContentInfo(new Oid(CmsOidsForTests.TstInfo), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _tsa.Certificate)
        {
            DigestAlgorithm = new Oid(CmsOidsForTests.Sha256),
            IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(CmsOidsForTests.SigningCertificateV2, CmsOidsForTests.SigningCertificateV2Value(_tsa.Certificate)));
        cms.ComputeSignature(signer);
        var token = cms.Encode();
        Issued.Enqueue(token);

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence()) w.WriteInteger(0); // granted
            w.WriteEncodedValue(token);
        }
        return w.Encode();
    }

    public ValueTask DisposeAsync() => _http.DisposeAsync();
}

internal static class CmsOidsForTests
{
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    public const string SignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    public const string SigningTime = "1.2.840.113549.1.9.5";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    /// <summary>RFC 5035, written here independently of the product's writer: { { { certHash, issuerSerial } } }.</summary>
    public static byte[] SigningCertificateV2Value(X509Certificate2 cert)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(cert.RawData));
            using (w.PushSequence())
            {
                using (w.PushSequence())
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true)))
                    w.WriteEncodedValue(cert.IssuerName.RawData);
                w.WriteInteger(cert.SerialNumberBytes.Span);
            }
        }
        return w.Encode();
    }
}
