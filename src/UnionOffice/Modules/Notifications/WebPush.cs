using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Notifications;

/// <summary>Section "Push": notifications sent to people's browsers and phones as Web Push messages.</summary>
public sealed class PushOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Who runs the installation (VAPID "sub", RFC 8292): push services write there when something is wrong.</summary>
    public string Subject { get; set; } = "mailto:unionoffice@localhost";
    /// <summary>A fixed VAPID key pair (base64url); empty: the installation makes one on first use and keeps it in the database.</summary>
    public string? PublicKey { get; set; }
    public string? PrivateKey { get; set; }
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxDevicesPerPerson { get; set; } = 10;
    /// <summary>
    /// Where messages may be sent: the push services of the browsers people use. A subscription names a URL the server will
    /// post to, so it is accepted only under one of these prefixes ("https://*.notify.windows.com/" takes any host under
    /// that domain); anything else would let a person make the server call an address of their choosing.
    /// </summary>
    public string[]? AllowedEndpoints { get; set; }

    public static readonly string[] KnownPushServices =
    [
        "https://fcm.googleapis.com/",                // Chrome, Chromium-based browsers, Android
        "https://updates.push.services.mozilla.com/", // Firefox
        "https://web.push.apple.com/",                // Safari, and iOS/iPadOS 16.4+ apps added to the home screen
        "https://*.notify.windows.com/",              // Edge
    ];

    public IReadOnlyList<string> Endpoints => AllowedEndpoints is { Length: > 0 } a ? a : KnownPushServices;

    public bool Allows(Uri u)
    {
        if (!u.IsAbsoluteUri || u.UserInfo.Length > 0 || u.Fragment.Length > 0) return false;
        foreach (var entry in Endpoints)
        {
            var e = entry.Trim();
            var schemeEnd = e.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd <= 0) continue;
            var rest = e[(schemeEnd + 3)..];
            var slash = rest.IndexOf('/');
            var (host, path) = slash < 0 ? (rest, "/") : (rest[..slash], rest[slash..]);
            if (!u.Scheme.Equals(e[..schemeEnd], StringComparison.OrdinalIgnoreCase)) continue;
            var authority = u.IsDefaultPort ? u.IdnHost : $"{u.IdnHost}:{u.Port}";
            var hostMatches = host.StartsWith("*.", StringComparison.Ordinal)
                ? authority.EndsWith(host[1..], StringComparison.OrdinalIgnoreCase) && authority.Length > host.Length - 1
                : authority.Equals(host, StringComparison.OrdinalIgnoreCase);
            if (hostMatches && u.AbsolutePath.StartsWith(path, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}

public static class PushErrors
{
    public static readonly Error Disabled = new("PUSH_DISABLED", "Hệ thống chưa bật thông báo đẩy.", 409);
    public static readonly Error EndpointRefused = new("PUSH_ENDPOINT_REFUSED",
        "Dịch vụ thông báo đẩy của trình duyệt này không nằm trong danh sách được phép. Vui lòng dùng Chrome, Edge, Firefox hoặc Safari, hoặc báo quản trị hệ thống.", 422);
    public static readonly Error KeysInvalid = new("PUSH_KEYS_INVALID",
        "Khóa mã hóa do trình duyệt gửi không hợp lệ. Vui lòng tắt rồi bật lại thông báo trên thiết bị này.", 400);
    public static readonly Error DeviceNotFound = new("PUSH_DEVICE_NOT_FOUND", "Không tìm thấy thiết bị nhận thông báo này.", 404);
    public static Error SendFailed(string why) => new("PUSH_SEND_FAILED", $"Chưa gửi được thông báo thử đến thiết bị: {why}", 502);
}

public sealed record PushKeysBody(string? P256dh, string? Auth);

/// <summary>What a browser's <c>PushSubscription.toJSON()</c> gives, and a name the person may give the device.</summary>
public sealed record PushSubscribeRequest(string? Endpoint, double? ExpirationTime, PushKeysBody? Keys, string? Name);

public sealed record PushDeviceDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastSentAt, string? LastError);

/// <summary>The installation's VAPID keys: from the settings, or made once and kept (encrypted) in the database.</summary>
public sealed class VapidKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<PushOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Public, string Private)? _keys;
    private IDataProtector Protector => protection.CreateProtector("UnionOffice.Push.Vapid");

    public async Task<(string Public, string Private)> GetAsync(CancellationToken ct)
    {
        if (_keys is { } k) return k;
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.PublicKey) && !string.IsNullOrWhiteSpace(o.PrivateKey)) return (_keys = (o.PublicKey.Trim(), o.PrivateKey.Trim())).Value;
        await _gate.WaitAsync(ct);
        try
        {
            if (_keys is { } again) return again;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.PushKeys.AsNoTracking().FirstOrDefaultAsync(x => x.Id == 1, ct);
            if (row is null)
            {
                using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var p = ec.ExportParameters(includePrivateParameters: true);
                var made = new PushKey(Base64Url.Encode([0x04, .. p.Q.X!, .. p.Q.Y!]), Protector.Protect(Base64Url.Encode(p.D!)), time.GetUtcNow());
                db.PushKeys.Add(made);
                try
                {
                    await db.SaveChangesAsync(ct);
                    row = made;
                }
                catch (DbUpdateException)
                {
                    // Another node made them first: theirs are the installation's.
                    db.ChangeTracker.Clear();
                    row = await db.PushKeys.AsNoTracking().FirstAsync(x => x.Id == 1, ct);
                }
            }
            return (_keys = (row.PublicKey, Protector.Unprotect(row.PrivateKey))).Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>The keys and tokens of Web Push in base64url (RFC 4648 §5), by the platform's codec.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>The bytes of a short base64url text (a key, a secret); null for anything else.</summary>
    public static byte[]? TryDecode(string? s)
    {
        if (string.IsNullOrWhiteSpace(s) || s.Length > 200) return null;
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(s.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The person's devices that receive their notifications: added from the browser, listed and removed on the profile page.</summary>
public sealed class PushDevices(AppDbContext db, CurrentUser current, Auditor audit, IOptions<PushOptions> options, TimeProvider time)
{
    public async Task<Guid> SubscribeAsync(PushSubscribeRequest r, string? userAgent, CancellationToken ct)
    {
        if (!options.Value.Enabled) throw new DomainException(PushErrors.Disabled);
        var user = await current.RequireUserAsync(ct);
        var endpoint = (r.Endpoint ?? "").Trim();
        if (endpoint.Length is 0 or > 1000 || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !options.Value.Allows(uri))
            throw new DomainException(PushErrors.EndpointRefused);
        var key = Base64Url.TryDecode(r.Keys?.P256dh);
        var secret = Base64Url.TryDecode(r.Keys?.Auth);
        if (key is null || secret is not { Length: 16 } || !IsP256Point(key)) throw new DomainException(PushErrors.KeysInvalid);
        var name = (r.Name ?? "").Trim() is { Length: > 0 and <= 100 } given ? given : DeviceName(userAgent);
        var now = time.GetUtcNow();
        var device = await db.PushDevices.FirstOrDefaultAsync(d => d.Endpoint == endpoint, ct);
        if (device is null)
        {
            device = new PushDevice(user.Id, endpoint, Base64Url.Encode(key), Base64Url.Encode(secret), name, now);
            db.PushDevices.Add(device);
            // A person's tenth device and on: the one that has gone longest without a message makes room.
            var mine = await db.PushDevices.Where(d => d.UserId == user.Id).OrderBy(d => d.LastSentAt ?? d.CreatedAt).ToListAsync(ct);
            foreach (var old in mine.Take(Math.Max(0, mine.Count + 1 - Math.Max(1, options.Value.MaxDevicesPerPerson)))) db.PushDevices.Remove(old);
        }
        else device.Renew(user.Id, Base64Url.Encode(key), Base64Url.Encode(secret), name, now);
        audit.Record(AuditActions.PushDeviceAdded, user.HomeOrganizationId, "user", user.Id.ToString(), new { device = name }, actor: user);
        await db.SaveChangesAsync(ct);
        return device.Id;
    }

    public async Task<List<PushDeviceDto>> MineAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        return await db.PushDevices.AsNoTracking().Where(d => d.UserId == me).OrderByDescending(d => d.CreatedAt)
            .Select(d => new PushDeviceDto(d.Id, d.Name, d.CreatedAt, d.LastSentAt, d.LastError)).ToListAsync(ct);
    }

    public async Task RemoveAsync(Guid id, CancellationToken ct)
    {
        var user = await current.RequireUserAsync(ct);
        var device = await db.PushDevices.FirstOrDefaultAsync(d => d.Id == id && d.UserId == user.Id, ct) ?? throw new DomainException(PushErrors.DeviceNotFound);
        db.PushDevices.Remove(device);
        audit.Record(AuditActions.PushDeviceRemoved, user.HomeOrganizationId, "user", user.Id.ToString(), new { device = device.Name }, actor: user);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An uncompressed point on P-256, as RFC 8291 requires of the browser's key.</summary>
    internal static bool IsP256Point(byte[] key)
    {
        if (key.Length != 65 || key[0] != 0x04) return false;
        try
        {
            using var ec = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = key[1..33], Y = key[33..] } });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>"Chrome trên Android" from the browser's User-Agent; the person may rename it.</summary>
    public static string DeviceName(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : ua.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : ua.Contains("CocCoc", StringComparison.Ordinal) ? "Cốc Cốc"
            : ua.Contains("Chrome/", StringComparison.Ordinal) || ua.Contains("Chromium/", StringComparison.Ordinal) ? "Chrome"
            : ua.Contains("Safari/", StringComparison.Ordinal) ? "Safari" : "Trình duyệt";
        var system = ua.Contains("Android", StringComparison.Ordinal) ? "Android"
            : ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
            : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : ua.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
            : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux" : null;
        return system is null ? browser : $"{browser} trên {system}";
    }
}

public sealed record PushRun(int Sent, int Failed, int Removed);

/// <summary>
/// Sends each new notification to the person's devices as a Web Push message: encrypted for the browser (RFC 8291,
/// aes128gcm), signed with the installation's VAPID key (RFC 8292), posted to the browser's push service (RFC 8030).
/// Each notification is claimed by a conditional update first, so two nodes never push it twice; a device the push
/// service says is gone (404, 410) is forgotten. Only notifications newer than the device are sent, and only the last
/// day's: turning a phone on does not replay the week. The message says what the notification says and where to go —
/// nothing else of the document; the full page needs the person's session.
/// </summary>
public sealed class PushSender(AppDbContext db, VapidKeys keys, IHttpClientFactory http, IOptions<PushOptions> options, TimeProvider time, ILogger<PushSender> log)
{
    public const string HttpClientName = "web-push";
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(1);

    public async Task<PushRun> RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return new PushRun(0, 0, 0);
        var since = time.GetUtcNow() - TimeToLive;
        // From the devices (few) to each holder's notifications by the (UserId, CreatedAt) index.
        var rows = await (from d in db.PushDevices.AsNoTracking()
                          join n in db.Notifications.AsNoTracking() on d.UserId equals n.UserId
                          where n.PushedAt == null && n.CreatedAt > since && n.CreatedAt >= d.CreatedAt
                          orderby n.CreatedAt
                          select new { n.Id, n.UserId, n.Kind, n.Title, n.Link, n.CreatedAt }).Take(1000).ToListAsync(ct);
        int sent = 0, failed = 0, removed = 0;
        foreach (var n in rows.DistinctBy(r => r.Id))
        {
            var now = time.GetUtcNow();
            var claimed = await db.Notifications.Where(x => x.Id == n.Id && x.PushedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PushedAt, now), ct);
            if (claimed == 0) continue;
            var devices = await db.PushDevices.Where(d => d.UserId == n.UserId && d.CreatedAt <= n.CreatedAt).ToListAsync(ct);
            var message = Message(n.Kind, n.Title, n.Link, n.Id.ToString());
            foreach (var d in devices)
            {
                switch (await DeliverAsync(d, message, ct))
                {
                    case Outcome.Sent: sent++; break;
                    case Outcome.Gone: removed++; break;
                    default: failed++; break;
                }
            }
            await db.SaveChangesAsync(ct);
        }
        return new PushRun(sent, failed, removed);
    }

    /// <summary>"Gửi thử" from the profile page: a message to one of the person's own devices, now.</summary>
    public async Task SendTestAsync(Guid userId, Guid deviceId, CancellationToken ct)
    {
        if (!options.Value.Enabled) throw new DomainException(PushErrors.Disabled);
        var device = await db.PushDevices.FirstOrDefaultAsync(d => d.Id == deviceId && d.UserId == userId, ct) ?? throw new DomainException(PushErrors.DeviceNotFound);
        var outcome = await DeliverAsync(device, Message("test", "Thông báo thử: thiết bị này đã nhận được thông báo của Văn phòng điện tử.", "/notifications", $"test-{Guid.NewGuid():N}"), ct);
        var error = device.LastError;
        await db.SaveChangesAsync(ct);
        if (outcome == Outcome.Gone) throw new DomainException(PushErrors.SendFailed("trình duyệt đã hủy đăng ký nhận thông báo; thiết bị đã được gỡ khỏi danh sách."));
        if (outcome == Outcome.Failed) throw new DomainException(PushErrors.SendFailed(error ?? "dịch vụ thông báo đẩy không nhận."));
    }

    /// <summary>The heading a phone shows above the notification's text, by the kind of news.</summary>
    public static string Heading(string kind) => kind switch
    {
        NotificationKinds.Chased => "Đôn đốc",
        NotificationKinds.DueSoon => "Sắp đến hạn",
        NotificationKinds.Overdue => "Quá hạn",
        NotificationKinds.Assigned or NotificationKinds.Reassigned or "dossier-assigned" => "Việc mới được giao",
        NotificationKinds.DocumentArrived => "Văn bản mới đến",
        NotificationKinds.DraftToReview or NotificationKinds.DraftReturned or NotificationKinds.CommentAsked => "Văn bản đi",
        NotificationKinds.MeetingInvited or NotificationKinds.MeetingAnswered or NotificationKinds.MeetingMaterial => "Cuộc họp",
        NotificationKinds.ScheduleProposed or NotificationKinds.SchedulePublished or NotificationKinds.ScheduleChanged
            or NotificationKinds.BookingAsked or NotificationKinds.BookingDecided => "Lịch công tác",
        _ => "Văn phòng điện tử",
    };

    private static PushContent Message(string kind, string title, string? link, string tag) => new(
        JsonSerializer.SerializeToUtf8Bytes(new { title = Heading(kind), body = title, link = link ?? "/notifications", tag, kind }),
        kind is NotificationKinds.Chased or NotificationKinds.Overdue or NotificationKinds.DueSoon ? "high"
            : kind == NotificationKinds.WeeklySummary ? "low" : "normal");

    private sealed record PushContent(byte[] Payload, string Urgency);

    private enum Outcome { Sent, Failed, Gone }

    private async Task<Outcome> DeliverAsync(PushDevice d, PushContent message, CancellationToken ct)
    {
        // The settings may have narrowed since the device subscribed: nothing goes where they no longer allow.
        if (!Uri.TryCreate(d.Endpoint, UriKind.Absolute, out var uri) || !options.Value.Allows(uri))
        {
            d.Failed("địa chỉ dịch vụ thông báo đẩy không còn được phép.");
            return Outcome.Failed;
        }
        var vapid = await keys.GetAsync(ct);
        try
        {
            using var request = WebPushRequest.Create(uri, Base64Url.TryDecode(d.P256dh)!, Base64Url.TryDecode(d.Auth)!, message.Payload,
                (int)TimeToLive.TotalSeconds, message.Urgency, vapid, options.Value.Subject, time.GetUtcNow());
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                d.Sent(time.GetUtcNow());
                return Outcome.Sent;
            }
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                db.PushDevices.Remove(d);
                return Outcome.Gone;
            }
            log.LogWarning("Push to device {Device} refused: {Status}", d.Id, (int)response.StatusCode);
            d.Failed($"dịch vụ thông báo đẩy trả lời {(int)response.StatusCode}.");
            return Outcome.Failed;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Push to device {Device} failed", d.Id);
            d.Failed("không kết nối được dịch vụ thông báo đẩy.");
            return Outcome.Failed;
        }
    }
}

/// <summary>
/// One Web Push request (RFC 8030 §5): the payload encrypted for the browser (RFC 8291 — ECDH with the browser's key and
/// a fresh key of our own, HKDF with its auth secret — in the aes128gcm coding of RFC 8188, one record), the TTL and
/// urgency, and a VAPID authorization (RFC 8292): an ES256 JWT for the push service's origin (its port included when not
/// the default, as an origin is written), with the installation's public key.
/// </summary>
public static class WebPushRequest
{
    /// <summary>The record size announced; a message is one record, so its payload is at most this less the header, padding delimiter and tag.</summary>
    public const int RecordSize = 4096;
    public const int MaxPayload = RecordSize - 86 - 17;

    public static HttpRequestMessage Create(Uri endpoint, byte[] browserKey, byte[] authSecret, byte[] payload, int ttl, string urgency,
        (string Public, string Private) vapid, string subject, DateTimeOffset now)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encrypt(payload, browserKey, authSecret)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentEncoding.Add("aes128gcm");
        request.Headers.Add("TTL", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Urgency", urgency);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("vapid", $"t={Jwt(endpoint, vapid, subject, now)}, k={vapid.Public}");
        return request;
    }

    internal static string Jwt(Uri endpoint, (string Public, string Private) vapid, string subject, DateTimeOffset now)
    {
        var header = Base64Url.Encode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}"u8);
        var claims = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(new
        {
            aud = endpoint.GetLeftPart(UriPartial.Authority),
            exp = now.AddHours(12).ToUnixTimeSeconds(),
            sub = subject,
        }));
        var q = Base64Url.TryDecode(vapid.Public)!;
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = q[1..33], Y = q[33..] },
            D = Base64Url.TryDecode(vapid.Private),
        });
        var signature = key.SignData(System.Text.Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{claims}.{Base64Url.Encode(signature)}";
    }

    internal static byte[] Encrypt(byte[] payload, byte[] browserKey, byte[] authSecret)
    {
        if (payload.Length > MaxPayload) throw new ArgumentException($"A push message holds at most {MaxPayload} bytes.", nameof(payload));
        using var browser = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = browserKey[1..33], Y = browserKey[33..] } });
        using var ours = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = ours.ExportParameters(false);
        byte[] ourKey = [0x04, .. p.Q.X!, .. p.Q.Y!];
        var shared = ours.DeriveRawSecretAgreement(browser.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. browserKey, .. ourKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, authSecret, keyInfo);
        var salt = RandomNumberGenerator.GetBytes(16);
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());
        byte[] record = [.. payload, 0x02]; // the last record's delimiter, no padding
        var body = new byte[16 + 4 + 1 + ourKey.Length + record.Length + 16];
        salt.CopyTo(body, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(16, 4), RecordSize);
        body[20] = (byte)ourKey.Length;
        ourKey.CopyTo(body, 21);
        var at = 21 + ourKey.Length;
        using (var gcm = new AesGcm(cek, 16)) gcm.Encrypt(nonce, record, body.AsSpan(at, record.Length), body.AsSpan(at + record.Length, 16));
        return body;
    }
}

public sealed class PushJob(IServiceScopeFactory scopes, IOptions<PushOptions> options, TimeProvider time, ILogger<PushJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PushSender>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Push run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class PushEndpoints
{
    public static IServiceCollection AddPush(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PushOptions>(config.GetSection("Push"));
        services.AddSingleton<VapidKeys>().AddScoped<PushDevices>().AddScoped<PushSender>();
        // No redirects: a push service answers, it does not send the server elsewhere.
        services.AddHttpClient(PushSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        if (config.GetValue("Push:Enabled", true) && config.GetValue("Push:RunJob", true)) services.AddHostedService<PushJob>();
        return services;
    }

    /// <summary>
    /// The same operations for the pages' script (session cookie, under /account/push) and for an app using the API (bearer
    /// token, under /api/v1/push). Each acts on the caller's own devices only.
    /// </summary>
    public static void MapPushEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        Map(app.MapGroup("/account/push").RequireAuthorization().WithApiErrors().ExcludeFromDescription());
        Map(api.MapGroup("/push").WithTags("Thông báo"));
    }

    private static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/key", async (VapidKeys keys, IOptions<PushOptions> o, CancellationToken ct) =>
            o.Value.Enabled ? Results.Ok(new { publicKey = (await keys.GetAsync(ct)).Public }) : Api.Problem(PushErrors.Disabled))
            .WithSummary("Khóa công khai VAPID của hệ thống, để trình duyệt đăng ký nhận thông báo đẩy.");
        g.MapGet("/devices", async (PushDevices d, CancellationToken ct) => Results.Ok(await d.MineAsync(ct)))
            .WithSummary("Các thiết bị nhận thông báo đẩy của người đang đăng nhập.");
        g.MapPost("/devices", async (PushSubscribeRequest body, PushDevices d, HttpContext http, CancellationToken ct) =>
            Results.Ok(new { id = await d.SubscribeAsync(body, http.Request.Headers.UserAgent.ToString(), ct) }))
            .WithSummary("Đăng ký thiết bị nhận thông báo đẩy (PushSubscription của trình duyệt).");
        g.MapDelete("/devices/{id:guid}", async (Guid id, PushDevices d, CancellationToken ct) =>
        {
            await d.RemoveAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Gỡ một thiết bị của mình.");
        g.MapPost("/devices/{id:guid}/test", async (Guid id, PushSender s, CurrentUser current, CancellationToken ct) =>
        {
            await s.SendTestAsync(current.UserId ?? throw new DomainException(Error.Unauthenticated), id, ct);
            return Results.NoContent();
        }).WithSummary("Gửi thử một thông báo đến thiết bị của mình.");
    }
}
