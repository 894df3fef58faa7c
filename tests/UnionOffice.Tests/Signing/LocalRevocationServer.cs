using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// A CA's revocation services on loopback, for tests: its CRL by GET at <see cref="CrlUri"/> and an OCSP responder
/// (RFC 6960, POST application/ocsp-request) at <see cref="OcspUri"/>, answering from the test CA's revocations with
/// responses signed by the CA's root key, on a clock of its own. It can be told to misbehave or be stopped.
/// The CA is created by <see cref="StartAsync"/> with both addresses written into the certificates it issues.
/// </summary>
public sealed class LocalRevocationServer : IAsyncDisposable
{
    public enum Behaviour { Answer, Unauthorized, BadSignature, ServerError, Huge }

    private const string Nonce = "1.3.6.1.5.5.7.48.1.2";
    private LoopbackHttp? _http;
    private int _crlRequests, _ocspRequests;

    private LocalRevocationServer(DateTimeOffset clock) => Clock = clock;

    public TestCertificateAuthority Ca { get; private set; } = null!;
    /// <summary>producedAt / thisUpdate of OCSP answers and thisUpdate of the CRL.</summary>
    public DateTimeOffset Clock { get; set; }
    public Behaviour Mode { get; set; } = Behaviour.Answer;
    public Uri CrlUri => new(_baseUri, "ca.crl");
    public Uri OcspUri => new(_baseUri, "ocsp");
    public int CrlRequests => _crlRequests;
    public int OcspRequests => _ocspRequests;
    /// <summary>The last OCSP request as received.</summary>
    public byte[]? LastOcspRequest { get; private set; }
    private Uri _baseUri = null!;

    /// <param name="caNow">The test CA's reference moment (validity windows count from it).</param>
    /// <param name="crl">Name the CRL in the certificates; <paramref name="ocsp"/> the responder.</param>
    public static async Task<LocalRevocationServer> StartAsync(DateTimeOffset caNow, DateTimeOffset clock, bool crl = true, bool ocsp = true, string name = "CA có dịch vụ thu hồi (test)")
    {
        var server = new LocalRevocationServer(clock);
        server._http = await LoopbackHttp.StartAsync(server.HandleAsync);
        server._baseUri = server._http.BaseUri;
        server.Ca = TestCertificateAuthority.Create(caNow, name, crlUri: crl ? server.CrlUri : null, ocspUri: ocsp ? server.OcspUri : null);
        return server;
    }

    /// <summary>Stops answering (the CA's servers gone, years later); addresses stay as they were.</summary>
    public async Task StopAsync()
    {
        if (_http is null) return;
        await _http.DisposeAsync();
        _http = null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (Mode == Behaviour.ServerError)
        {
            context.Response.StatusCode = 500;
            return;
        }
        if (Mode == Behaviour.Huge)
        {
            // Far more than any CRL or OCSP answer: a reader must stop, not swallow it.
            var block = new byte[1024 * 1024];
            for (var i = 0; i < 40; i++) await context.Response.Body.WriteAsync(block);
            return;
        }
        if (context.Request.Method == "GET" && context.Request.Path == "/ca.crl")
        {
            Interlocked.Increment(ref _crlRequests);
            context.Response.ContentType = "application/pkix-crl";
            await context.Response.Body.WriteAsync(Ca.CreateCrl(Clock));
            return;
        }
        if (context.Request.Method == "POST" && context.Request.Path == "/ocsp" && context.Request.ContentType == "application/ocsp-request")
        {
            Interlocked.Increment(ref _ocspRequests);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            LastOcspRequest = body.ToArray();
            context.Response.ContentType = "application/ocsp-response";
            await context.Response.Body.WriteAsync(Mode == Behaviour.Unauthorized ? Status(6) : Answer(LastOcspRequest));
            return;
        }
        context.Response.StatusCode = 404;
    }

    /// <summary>An OCSPResponse with only a status (6: unauthorized).</summary>
    private static byte[] Status(int status)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence()) w.WriteEnumeratedValue((OcspResponseStatus)status);
        return w.Encode();
    }

    private enum OcspResponseStatus { Successful = 0, Unauthorized = 6 }

    /// <summary>A BasicOCSPResponse for the request's first CertID, written independently of the product's reader.</summary>
    private byte[] Answer(byte[] request)
    {
        var tbsRequest = new AsnReader(request, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        if (tbsRequest.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) tbsRequest.ReadEncodedValue();
        var first = tbsRequest.ReadSequence().ReadSequence();
        var certIdDer = first.PeekEncodedValue().ToArray();
        var certId = first.ReadSequence();
        certId.ReadSequence();
        certId.ReadOctetString();
        certId.ReadOctetString();
        var serial = certId.ReadIntegerBytes().ToArray();
        byte[]? nonce = null;
        if (tbsRequest.HasData && tbsRequest.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
        {
            var extensions = tbsRequest.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2)).ReadSequence();
            while (extensions.HasData)
            {
                var e = extensions.ReadSequence();
                if (e.ReadObjectIdentifier() == Nonce) nonce = e.ReadOctetString();
            }
        }

        var revoked = Ca.RevocationOf(serial);
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true))) // byKey: the SHA-1 of the key, as RFC 6960 §4.2.1 says
#pragma warning disable CA5350
                tbs.WriteOctetString(SHA1.HashData(Ca.Root.PublicKey.EncodedKeyValue.RawData));
#pragma warning restore CA5350
            tbs.WriteGeneralizedTime(Clock, omitFractionalSeconds: true);
            using (tbs.PushSequence())
            using (tbs.PushSequence())
            {
                tbs.WriteEncodedValue(certIdDer);
                if (revoked is { } r)
                {
                    using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                        tbs.WriteGeneralizedTime(r.When, omitFractionalSeconds: true);
                }
                else tbs.WriteNull(new Asn1Tag(TagClass.ContextSpecific, 0));
                tbs.WriteGeneralizedTime(Clock, omitFractionalSeconds: true);
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    tbs.WriteGeneralizedTime(Clock.AddDays(7), omitFractionalSeconds: true);
            }
            if (nonce is not null)
            {
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                using (tbs.PushSequence())
                using (tbs.PushSequence())
                {
                    tbs.WriteObjectIdentifier(Nonce);
                    tbs.WriteOctetString(nonce);
                }
            }
        }
        var tbsBytes = tbs.Encode();
        using var rsa = Ca.Root.GetRSAPrivateKey()!;
        var signature = rsa.SignData(tbsBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (Mode == Behaviour.BadSignature) signature[^1] ^= 0x01;

        var basic = new AsnWriter(AsnEncodingRules.DER);
        using (basic.PushSequence())
        {
            basic.WriteEncodedValue(tbsBytes);
            using (basic.PushSequence())
            {
                basic.WriteObjectIdentifier("1.2.840.113549.1.1.11");
                basic.WriteNull();
            }
            basic.WriteBitString(signature);
        }
        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            response.WriteEnumeratedValue(OcspResponseStatus.Successful);
            using (response.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (response.PushSequence())
            {
                response.WriteObjectIdentifier("1.3.6.1.5.5.7.48.1.1");
                response.WriteOctetString(basic.Encode());
            }
        }
        return response.Encode();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Ca?.Dispose();
    }
}
