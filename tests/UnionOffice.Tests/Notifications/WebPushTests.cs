using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Notifications;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Notifications;

/// <summary>The application with a push service on loopback it is allowed to send to (as it is to the browsers' own).</summary>
public interface IPushFixture
{
    PushPeer Peer { get; }
}

public sealed class SqlitePushFixture : SqliteAppFixture, IPushFixture
{
    public PushPeer Peer { get; private set; } = default!;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Push:AllowedEndpoints:0", new Uri(Peer.BaseUri, "push/").ToString())];

    public override async Task InitializeAsync()
    {
        Peer = await PushPeer.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peer.DisposeAsync();
    }
}

public sealed class PostgresPushFixture : PostgresAppFixture, IPushFixture
{
    public PushPeer Peer { get; private set; } = default!;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Push:AllowedEndpoints:0", new Uri(Peer.BaseUri, "push/").ToString())];

    public override async Task InitializeAsync()
    {
        Peer = await PushPeer.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peer.DisposeAsync();
    }
}

/// <summary>
/// Notifications as Web Push messages (issue 22 §10): a person's device subscribes, new notifications reach it encrypted
/// for that browser and signed with the installation's VAPID key — checked by a push service written from the RFCs —
/// once, whichever node runs the sender; the push service's "gone" forgets the device; a subscription naming an address
/// that is not a push service is refused (the server would post to it); a person's devices are theirs alone.
/// </summary>
public abstract class WebPushTests<TFixture>(TFixture app) where TFixture : AppFixture, IPushFixture
{
    private PushPeer Peer => app.Peer;

    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    private async Task<string> KeyAsync(HttpClient c) => (await (await c.GetAsync("/api/v1/push/key")).JsonAsync(HttpStatusCode.OK)).Str("publicKey");

    private async Task<(PushPeer.Subscription Sub, string DeviceId)> SubscribeAsync(string userName)
    {
        using var c = await app.ClientAsAsync(userName);
        var sub = Peer.Subscribe(await KeyAsync(c));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/push/devices") { Content = JsonContent(sub.Json) };
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");
        var r = await (await c.SendAsync(request)).JsonAsync(HttpStatusCode.OK);
        return (sub, r.Str("id"));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>The clerk registers a document and presents it to the head: the head is notified.</summary>
    private async Task<string> PresentAsync(string subject)
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Sở Nội vụ tỉnh Nghệ An", codeNumber = $"{Random.Shared.Next(1000, 99999)}", codeNotation = "SNV-VP",
            issuedDate = Day(-1), typeName = "Công văn", subject, urgency = "Normal",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await clerk.PostJsonAsync($"/api/v1/incoming/{id}/present", new { headUserName = "pstoan.ldld" })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<PushRun> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PushSender>().RunAsync(default);
    }

    [Fact]
    public async Task ANewNotification_ReachesThePersonsDevice_EncryptedAndSigned_Once()
    {
        await RunAsync(); // what earlier tests of the class left
        var before = await PresentAsync("Báo cáo trước khi bật thông báo");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var (sub, _) = await SubscribeAsync("pstoan.ldld");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var id = await PresentAsync("V/v rà soát đoàn viên công đoàn cơ sở năm 2027");

        var run = await RunAsync();
        Assert.True(Peer.Refusals.IsEmpty, string.Join("\n", Peer.Refusals));
        var got = Assert.Single(Peer.MessagesFor(sub)); // only what came after the device subscribed
        Assert.Equal("Việc mới được giao", got.Json.Str("title"));
        Assert.Contains("trình xin ý kiến chỉ đạo: V/v rà soát đoàn viên công đoàn cơ sở năm 2027", got.Json.Str("body"), StringComparison.Ordinal);
        Assert.Equal($"/incoming/{id}", got.Json.Str("link"));
        Assert.DoesNotContain(before, got.Payload, StringComparison.Ordinal);
        Assert.Equal(86400, got.Ttl);
        Assert.Equal("normal", got.Urgency);
        Assert.StartsWith("mailto:", got.Subject, StringComparison.Ordinal);
        Assert.True(run.Sent >= 1);

        // Run again, and by two nodes at once: nothing is sent twice.
        await PresentAsync("Văn bản thứ hai");
        await Task.WhenAll(RunAsync(), RunAsync(), RunAsync());
        Assert.Equal(2, Peer.MessagesFor(sub).Length);
        await RunAsync();
        Assert.Equal(2, Peer.MessagesFor(sub).Length);

        // The device's list says when the last message went out.
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var mine = (await (await head.GetAsync("/api/v1/push/devices")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var device = Assert.Single(mine);
        Assert.Equal("Chrome trên Android", device.Str("name"));
        Assert.NotEqual(JsonValueKind.Null, device.GetProperty("lastSentAt").ValueKind);
    }

    [Fact]
    public async Task TheKeyPair_IsMadeOnce_AndItsPrivateHalfIsNotKeptInTheClear()
    {
        using var c = await app.ClientAsAsync("nvan.ldld");
        var key = await KeyAsync(c);
        Assert.Equal(key, await KeyAsync(await app.ClientAsAsync("lthoa.tld")));
        var row = await app.WithDbAsync(db => db.PushKeys.SingleAsync());
        Assert.Equal(key, row.PublicKey);
        Assert.Equal(65, Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.True(row.PrivateKey.Length > 100, "the private key is kept as a data-protection payload, not as its 43 characters");
    }

    [Fact]
    public async Task ADevice_ThePushServiceSaysIsGone_IsForgotten_AndARefusal_IsShownOnIt()
    {
        var (gone, goneId) = await SubscribeAsync("ntphuong.ldld");
        var (refusing, refusingId) = await SubscribeAsync("ntphuong.ldld");
        Peer.AnswerWith[gone.Id] = 410;
        Peer.AnswerWith[refusing.Id] = 500;
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.WithDbAsync(async db =>
        {
            var who = await db.Users.Where(u => u.UserName == "ntphuong.ldld").Select(u => u.Id).SingleAsync();
            db.Notifications.Add(new Notification(who, NotificationKinds.Chased, "Đôn đốc: báo cáo quý IV", "/incoming", app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var run = await RunAsync();
        Assert.True(run.Removed >= 1 && run.Failed >= 1);
        var devices = await app.WithDbAsync(db => db.PushDevices.Where(d => d.Id == Guid.Parse(goneId) || d.Id == Guid.Parse(refusingId)).ToListAsync());
        var kept = Assert.Single(devices);
        Assert.Equal(Guid.Parse(refusingId), kept.Id);
        Assert.Contains("500", kept.LastError, StringComparison.Ordinal);

        // The person sees it on the profile page, tries again by "Gửi thử" and is told in Vietnamese; then removes it.
        using var page = await UiSession.LoginAsync(app, "ntphuong.ldld");
        var html = await (await page.Client.GetAsync("/account/profile")).Content.ReadAsStringAsync();
        Assert.Contains("Lần gửi gần nhất không thành công: dịch vụ thông báo đẩy trả lời 500.", html, StringComparison.Ordinal);
        var tried = await page.SubmitAsync("/account/profile", $"push-test-{refusingId}", []);
        Assert.Contains("Chưa gửi được thông báo thử đến thiết bị: dịch vụ thông báo đẩy trả lời 500.", await tried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Peer.AnswerWith.TryRemove(refusing.Id, out _);
        var ok = await page.SubmitAsync("/account/profile", $"push-test-{refusingId}", []);
        Assert.Contains("Đã gửi thông báo thử", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var test = Peer.MessagesFor(refusing).Last();
        Assert.Equal("test", test.Json.Str("kind"));
        var removed = await page.SubmitAsync("/account/profile", $"push-remove-{refusingId}", []);
        Assert.Contains("Đã gỡ thiết bị", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.PushDevices.AnyAsync(d => d.Id == Guid.Parse(refusingId))));
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "account.push.removed" && a.ActorUserName == "ntphuong.ldld").CountAsync());
        Assert.Equal(1, audit);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "PUSH_ENDPOINT_REFUSED")]
    [InlineData("https://fcm.googleapis.com.attacker.example/fcm/send/x", "PUSH_ENDPOINT_REFUSED")]
    [InlineData("https://attacker@fcm.googleapis.com/fcm/send/x", "PUSH_ENDPOINT_REFUSED")]
    [InlineData("http://127.0.0.1:5432/", "PUSH_ENDPOINT_REFUSED")]
    [InlineData("file:///etc/passwd", "PUSH_ENDPOINT_REFUSED")]
    [InlineData("", "PUSH_ENDPOINT_REFUSED")]
    public async Task Subscribing_AnAddressThatIsNotAPushService_IsRefused_AndNothingIsKept(string endpoint, string code)
    {
        using var c = await app.ClientAsAsync("dvduc.ldld");
        var sub = Peer.Subscribe();
        var e = await (await c.PostAsync("/api/v1/push/devices", JsonContent(new { endpoint, keys = new { p256dh = sub.P256dh, auth = sub.AuthSecret } })))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("không nằm trong danh sách được phép", e.Str("message"), StringComparison.Ordinal);
        Assert.Empty((await (await c.GetAsync("/api/v1/push/devices")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Subscribing_WithKeysABrowserWouldNotMake_IsRefusedInVietnamese()
    {
        using var c = await app.ClientAsAsync("dvduc.ldld");
        var sub = Peer.Subscribe();
        var offCurve = "BA" + new string('A', 85); // 0x04 then zeros: not a point of P-256
        foreach (var keys in new object[]
                 {
                     new { p256dh = offCurve, auth = sub.AuthSecret },
                     new { p256dh = sub.P256dh, auth = "c2hvcnQ" },
                     new { p256dh = "không phải base64", auth = sub.AuthSecret },
                     new { p256dh = sub.P256dh[..40], auth = sub.AuthSecret },
                 })
        {
            var e = await (await c.PostAsync("/api/v1/push/devices", JsonContent(new { endpoint = sub.Endpoint, keys }))).ErrorAsync(HttpStatusCode.BadRequest, "PUSH_KEYS_INVALID");
            Assert.Contains("Khóa mã hóa", e.Str("message"), StringComparison.Ordinal);
        }
        Assert.Empty((await (await c.GetAsync("/api/v1/push/devices")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task ADevice_IsItsHoldersAlone_AndTheEndpointsNeedASession()
    {
        var (_, id) = await SubscribeAsync("ptngoc.ldld");
        using var other = await app.ClientAsAsync("cthanh.ldld"); // her department head
        Assert.Empty((await (await other.GetAsync("/api/v1/push/devices")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        await (await other.DeleteAsync($"/api/v1/push/devices/{id}")).ErrorAsync(HttpStatusCode.NotFound, "PUSH_DEVICE_NOT_FOUND");
        await (await other.PostJsonAsync($"/api/v1/push/devices/{id}/test")).ErrorAsync(HttpStatusCode.NotFound, "PUSH_DEVICE_NOT_FOUND");
        using var admin = await app.ClientAsAsync("nqtri.tld"); // nor the system's administrator
        await (await admin.DeleteAsync($"/api/v1/push/devices/{id}")).ErrorAsync(HttpStatusCode.NotFound, "PUSH_DEVICE_NOT_FOUND");
        Assert.True(await app.WithDbAsync(db => db.PushDevices.AnyAsync(d => d.Id == Guid.Parse(id))));

        using var anonymous = app.NewClient();
        await (await anonymous.GetAsync("/api/v1/push/key")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await (await anonymous.PostAsync("/api/v1/push/devices", JsonContent(Peer.Subscribe().Json))).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        using var noSession = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var r = await noSession.PostAsync("/account/push/devices", JsonContent(Peer.Subscribe().Json));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("/account/login", r.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The page's own endpoints, with the session: the holder removes it.
        using var page = await UiSession.LoginAsync(app, "ptngoc.ldld");
        var html = new HtmlParser().ParseDocument(await (await page.Client.GetAsync("/account/profile")).Content.ReadAsStringAsync());
        Assert.Contains("Chrome trên Android", html.QuerySelector("#push-devices")!.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(html.QuerySelector("[data-push]")!.GetAttribute("data-push-key")));
        Assert.Equal(HttpStatusCode.NoContent, (await page.Client.DeleteAsync($"/account/push/devices/{id}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.PushDevices.AnyAsync(d => d.Id == Guid.Parse(id))));
    }
}

public sealed class WebPushTestsSqlite(SqlitePushFixture f) : WebPushTests<SqlitePushFixture>(f), IClassFixture<SqlitePushFixture>;
public sealed class WebPushTestsPostgres(PostgresPushFixture f) : WebPushTests<PostgresPushFixture>(f), IClassFixture<PostgresPushFixture>;

public class PushAddressTests
{
    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc:def", true)]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/gAAA", true)]
    [InlineData("https://web.push.apple.com/QGuQyavXutnMH", true)]
    [InlineData("https://wns2-by3p.notify.windows.com/w/?token=x", true)]
    [InlineData("https://notify.windows.com/w/", false)]
    [InlineData("http://fcm.googleapis.com/fcm/send/abc", false)]
    [InlineData("https://fcm.googleapis.com:8443/fcm/send/abc", false)]
    [InlineData("https://evil-fcm.googleapis.com.example/x", false)]
    [InlineData("https://x@web.push.apple.com/a", false)]
    [InlineData("https://web.push.apple.com/a#f", false)]
    public void OnlyThePushServicesOfTheBrowsers_AreAllowedByDefault(string url, bool allowed) =>
        Assert.Equal(allowed, new PushOptions().Allows(new Uri(url)));

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge trên Windows")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari trên iOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox trên Linux")]
    [InlineData(null, "Trình duyệt")]
    public void ADevice_IsNamedByItsBrowserAndSystem(string? userAgent, string name) => Assert.Equal(name, PushDevices.DeviceName(userAgent));
}
