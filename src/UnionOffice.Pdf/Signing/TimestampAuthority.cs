using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace UnionOffice.Pdf.Signing;

/// <summary>An RFC 3161 time-stamping authority: given a SHA-256 message imprint, returns a TimeStampToken.</summary>
public interface ITimestampAuthority
{
    /// <summary>The DER of a TimeStampToken (a CMS ContentInfo with SignedData over a TSTInfo) for the imprint.</summary>
    Task<byte[]> GetTimestampTokenAsync(byte[] messageImprintSha256, CancellationToken ct);
}

/// <summary>Refused or unreadable answer from a time-stamping authority.</summary>
public sealed class TimestampException : Exception
{
    public TimestampException() { }
    public TimestampException(string message) : base(message) { }
    public TimestampException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// RFC 3161 over HTTP: POSTs an application/timestamp-query (SHA-256 imprint, a fresh nonce, certReq) and checks the
/// application/timestamp-reply — granted, same imprint, same nonce, TSA certificate included and its signature
/// on the token valid — before handing the token back byte for byte as the TSA wrote it.
/// </summary>
public sealed class HttpTimestampAuthority : ITimestampAuthority
{
    /// <summary>An answer larger than this is not a timestamp reply.</summary>
    public const int MaxResponseBytes = 256 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _uri;

    public HttpTimestampAuthority(HttpClient http, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(uri);
        _http = http;
        _uri = uri;
    }

    public Uri Uri => _uri;

    public async Task<byte[]> GetTimestampTokenAsync(byte[] messageImprintSha256, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messageImprintSha256);
        if (messageImprintSha256.Length != SHA256.HashSizeInBytes) throw new ArgumentException("Cần một giá trị băm SHA-256 (32 byte).", nameof(messageImprintSha256));
        var nonce = RandomNumberGenerator.GetBytes(16);
        nonce[0] &= 0x7F; // a positive INTEGER
        nonce[0] |= 0x01; // and minimal (no leading zero byte)
        var request = Rfc3161TimestampRequest.CreateFromHash(messageImprintSha256, HashAlgorithmName.SHA256, requestedPolicyId: null, nonce: nonce, requestSignerCertificates: true);

        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/timestamp-reply"));
        byte[] reply;
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
                throw new TimestampException($"Máy chủ cấp dấu thời gian trả lời HTTP {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
                throw new TimestampException("Câu trả lời của máy chủ cấp dấu thời gian quá lớn.");
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            reply = await ReadBoundedAsync(stream, ct);
        }
        catch (HttpRequestException e)
        {
            throw new TimestampException($"Không kết nối được máy chủ cấp dấu thời gian: {e.Message}", e);
        }

        try
        {
            // Checks the status, the imprint, the nonce, that the TSA's certificate came along (certReq) and the
            // token's own signature by that certificate (including its critical timeStamping EKU).
            request.ProcessResponse(reply, out var consumed);
            if (consumed != reply.Length) throw new TimestampException("Câu trả lời dấu thời gian có dữ liệu thừa.");
            return RawToken(reply);
        }
        catch (CryptographicException e)
        {
            throw new TimestampException($"Máy chủ không cấp dấu thời gian hợp lệ: {e.Message}", e);
        }
    }

    /// <summary>TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }.</summary>
    private static byte[] RawToken(byte[] reply)
    {
        var resp = new AsnReader(reply, AsnEncodingRules.BER).ReadSequence();
        resp.ReadEncodedValue();
        return resp.ReadEncodedValue().ToArray();
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxResponseBytes) throw new TimestampException("Câu trả lời của máy chủ cấp dấu thời gian quá lớn.");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
