using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// Signed requests between installations: each carries who sends (<c>X-UO-From</c>, the installation's name), the
/// message id, its kind, the time and the body's SHA-256, and <c>X-UO-Signature</c> = hex HMAC-SHA256 over those five
/// lines under the secret the two installations share. The receiver checks the signature, the time (within
/// Exchange:ClockSkew) and the body's hash; the message id makes a replay or retry a duplicate it stores once.
/// </summary>
public static class PeerSignature
{
    public const string From = "X-UO-From", MessageId = "X-UO-Message-Id", Kind = "X-UO-Kind", Timestamp = "X-UO-Timestamp",
        ContentSha256 = "X-UO-Content-SHA256", Signature = "X-UO-Signature";

    public static string Compute(string secret, string from, Guid messageId, string kind, long timestamp, string sha256)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{from}\n{messageId:D}\n{kind}\n{timestamp}\n{sha256.ToLowerInvariant()}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
    }

    public static bool Verify(string secret, string from, Guid messageId, string kind, long timestamp, string sha256, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(secret, from, messageId, kind, timestamp, sha256));
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

/// <summary>
/// Delivers to another UnionOffice installation: POST {Endpoint}/api/exchange/v1/messages with the edXML as the body
/// (streamed from the spool) and the signed headers. 2xx: taken (a duplicate too — the peer already has it). 4xx: the
/// peer refuses these bytes for good (its reason kept). 5xx, time-outs, refused connections: tried again later.
/// </summary>
public sealed class PeerTransport(HttpClient http, PeerOptions peer, string installationId, TimeProvider time) : IExchangeTransport
{
    public const string Path = "api/exchange/v1/messages";

    public string Name => ExchangeDirectory.PeerPrefix + peer.Name;

    public async Task<TransportReceipt> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var kind = message.Kind == ExchangeMessageKind.Status ? "status" : "document";
        var ts = time.GetUtcNow().ToUnixTimeSeconds();
        await using var body = await message.OpenContent(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(peer.Endpoint.TrimEnd('/') + "/"), Path))
        {
            Content = new StreamContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
        request.Content.Headers.ContentLength = message.Length;
        request.Headers.Add(PeerSignature.From, installationId);
        request.Headers.Add(PeerSignature.MessageId, message.MessageId.ToString("D"));
        request.Headers.Add(PeerSignature.Kind, kind);
        request.Headers.Add(PeerSignature.Timestamp, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(PeerSignature.ContentSha256, message.Sha256Hex);
        request.Headers.Add(PeerSignature.Signature, PeerSignature.Compute(peer.Secret, installationId, message.MessageId, kind, ts, message.Sha256Hex));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ExchangeTransportException($"Không kết nối được hệ thống {peer.Name} ({peer.Endpoint}): {e.Message}", transient: true, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ExchangeTransportException($"Hệ thống {peer.Name} không phản hồi kịp.", transient: true, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode) return new TransportReceipt(message.MessageId.ToString("D"));
            var reason = ReasonOf(text);
            var transient = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                // A clock gone astray or a secret changed on one side is fixed by an operator, then the same bytes go through.
                || response.StatusCode == HttpStatusCode.Unauthorized;
            throw new ExchangeTransportException($"Hệ thống {peer.Name} trả lời {(int)response.StatusCode}: {reason}", transient);
        }
    }

    private static string ReasonOf(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("message", out var m) && m.GetString() is { } s) return s;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return body.Length > 300 ? body[..300] : body;
    }
}
