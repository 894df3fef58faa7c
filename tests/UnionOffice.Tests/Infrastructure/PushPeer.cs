using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using UnionOffice.Tests.Signing;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>
/// A push service on loopback, speaking the Web Push protocol as the browsers' services do (RFC 8030): it hands out
/// subscriptions (an endpoint, and the keys a browser would make), takes <c>POST /push/{id}</c> with a TTL, checks the
/// application server's VAPID signature (RFC 8292: ES256 JWT, audience = this origin, expiry within a day, a contact) and
/// — in the browser's place — decrypts the aes128gcm payload (RFC 8291, RFC 8188) with the subscription's private key
/// and secret. What it took is kept for the test, with anything it refused and why. Written from the RFCs, not from the
/// library the product uses, so the two are checked against each other.
/// </summary>
public sealed class PushPeer : IAsyncDisposable
{
    private readonly LoopbackHttp _http;
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new();

    private PushPeer(LoopbackHttp http) => _http = http;

    public Uri BaseUri => _http.BaseUri;
    public ConcurrentQueue<Received> Messages { get; } = new();
    public ConcurrentQueue<string> Refusals { get; } = new();
    /// <summary>A status to answer for a subscription instead of taking the message (410: the browser unsubscribed).</summary>
    public ConcurrentDictionary<string, int> AnswerWith { get; } = new();

    public sealed record Subscription(string Id, string Endpoint, ECDiffieHellman Key, byte[] PublicKey, byte[] Auth, string? ApplicationServerKey)
    {
        public string P256dh => B64(PublicKey);
        public string AuthSecret => B64(Auth);
        /// <summary>What a browser's PushSubscription.toJSON() gives.</summary>
        public object Json => new { endpoint = Endpoint, expirationTime = (double?)null, keys = new { p256dh = P256dh, auth = AuthSecret } };
    }

    public sealed record Received(string SubscriptionId, string Payload, int Ttl, string? Urgency, string Subject, string VapidKey)
    {
        public JsonElement Json => JsonDocument.Parse(Payload).RootElement;
    }

    public static async Task<PushPeer> StartAsync()
    {
        PushPeer? peer = null;
        var http = await LoopbackHttp.StartAsync(ctx => peer!.HandleAsync(ctx));
        peer = new PushPeer(http);
        return peer;
    }

    /// <summary>A new subscription as a browser would make it; with the application server key, the service accepts only messages signed by it.</summary>
    public Subscription Subscribe(string? applicationServerKey = null)
    {
        var id = Guid.NewGuid().ToString("N");
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(false);
        var s = new Subscription(id, new Uri(BaseUri, $"push/{id}").ToString(), key, [0x04, .. p.Q.X!, .. p.Q.Y!], RandomNumberGenerator.GetBytes(16), applicationServerKey);
        _subscriptions[id] = s;
        return s;
    }

    public Received[] MessagesFor(Subscription s) => Messages.Where(m => m.SubscriptionId == s.Id).ToArray();

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!path.StartsWith("/push/", StringComparison.Ordinal) || !_subscriptions.TryGetValue(path[6..], out var sub))
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        if (ctx.Request.Method != "POST")
        {
            ctx.Response.StatusCode = 405;
            return;
        }
        if (AnswerWith.TryGetValue(sub.Id, out var status))
        {
            ctx.Response.StatusCode = status;
            return;
        }
        var refusal = await TakeAsync(ctx, sub);
        if (refusal is not null)
        {
            Refusals.Enqueue(refusal.Value.Why);
            ctx.Response.StatusCode = refusal.Value.Status;
            await ctx.Response.WriteAsync(refusal.Value.Why);
            return;
        }
        ctx.Response.StatusCode = 201;
        ctx.Response.Headers.Location = new Uri(BaseUri, $"message/{Guid.NewGuid():N}").ToString();
    }

    private async Task<(int Status, string Why)?> TakeAsync(HttpContext ctx, Subscription sub)
    {
        if (!int.TryParse(ctx.Request.Headers["TTL"], out var ttl) || ttl < 0) return (400, "TTL header missing");
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("vapid ", StringComparison.Ordinal)) return (401, "no vapid authorization");
        var parameters = auth[6..].Split(',').Select(p => p.Trim().Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parameters.TryGetValue("t", out var jwt) || !parameters.TryGetValue("k", out var k)) return (401, "vapid t or k missing");
        var origin = BaseUri.GetLeftPart(UriPartial.Authority);
        if (VerifyJwt(jwt, k, origin) is { } bad) return (403, bad);
        if (sub.ApplicationServerKey is { } expected && expected != k) return (403, "signed by another application server key");
        if (ctx.Request.Headers.ContentEncoding.ToString() != "aes128gcm") return (415, "content encoding is not aes128gcm");
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        if (body.Length > 4096) return (413, "payload over 4096 octets");
        string payload;
        try
        {
            payload = Decrypt(body.ToArray(), sub);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidDataException)
        {
            return (400, "payload does not decrypt: " + e.Message);
        }
        Messages.Enqueue(new Received(sub.Id, payload, ttl, ctx.Request.Headers["Urgency"].FirstOrDefault(),
            JsonDocument.Parse(FromB64(jwt.Split('.')[1])).RootElement.GetProperty("sub").GetString()!, k));
        return null;
    }

    /// <summary>RFC 8292 §2: an ES256-signed JWT whose audience is this push service's origin, expiring within a day, with a contact.</summary>
    private static string? VerifyJwt(string jwt, string k, string origin)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return "token is not a JWT";
        using var header = JsonDocument.Parse(FromB64(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "ES256") return "token not ES256";
        var key = FromB64(k);
        if (key.Length != 65 || key[0] != 4) return "k is not an uncompressed P-256 key";
        using var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..] } });
        if (!ec.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromB64(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            return "token signature does not verify with k";
        using var claims = JsonDocument.Parse(FromB64(parts[1]));
        var c = claims.RootElement;
        if (c.GetProperty("aud").GetString() != origin) return $"audience {c.GetProperty("aud").GetString()} is not {origin}";
        var exp = DateTimeOffset.FromUnixTimeSeconds(c.GetProperty("exp").GetInt64());
        if (exp < DateTimeOffset.UtcNow || exp > DateTimeOffset.UtcNow.AddHours(24)) return "expiry not within 24 hours";
        var subject = c.TryGetProperty("sub", out var s) ? s.GetString() ?? "" : "";
        if (!subject.StartsWith("mailto:", StringComparison.Ordinal) && !subject.StartsWith("https:", StringComparison.Ordinal)) return "no contact (sub)";
        return null;
    }

    /// <summary>RFC 8291 §3.4 key derivation and RFC 8188 aes128gcm, one record (all a Web Push message may hold).</summary>
    private static string Decrypt(byte[] body, Subscription sub)
    {
        if (body.Length < 21) throw new InvalidDataException("too short for the aes128gcm header");
        var salt = body[..16];
        var rs = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idlen = body[20];
        if (idlen != 65) throw new InvalidDataException("keyid is not the sender's 65-octet public key");
        var senderKey = body[21..86];
        var record = body[86..];
        if (rs < 18 || record.Length > rs) throw new InvalidDataException("more than one record");
        using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] } });
        var ecdh = sub.Key.DeriveRawSecretAgreement(sender.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. sub.PublicKey, .. senderKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdh, 32, sub.Auth, keyInfo);
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());
        var plain = new byte[record.Length - 16];
        using (var gcm = new AesGcm(cek, 16)) gcm.Decrypt(nonce, record[..^16], record[^16..], plain);
        var end = Array.FindLastIndex(plain, b => b != 0);
        if (end < 0 || plain[end] != 2) throw new InvalidDataException("no last-record delimiter");
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    private static string B64(byte[] b) => System.Buffers.Text.Base64Url.EncodeToString(b);

    private static byte[] FromB64(string s) => System.Buffers.Text.Base64Url.DecodeFromChars(s);

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        foreach (var s in _subscriptions.Values) s.Key.Dispose();
    }
}
