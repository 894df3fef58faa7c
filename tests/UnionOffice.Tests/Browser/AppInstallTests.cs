using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOffice.Modules.Notifications;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>The application in Chromium with a push service on loopback that it may send to.</summary>
public sealed class PushBrowserFixture : BrowserFixture
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
/// The installable app (issue 22 §10): Chromium finds it installable (manifest, icons, service worker); a notification
/// made by the work reaches the installed app as a push message — sent by the server to the push service on loopback,
/// which checks the VAPID signature and decrypts it as the browser would, then hands it to the app's service worker
/// through the browser's own push delivery — and the device shows it; with the network gone, a page shows the app's
/// offline page in Vietnamese instead of the browser's error.
/// </summary>
public sealed class AppInstallTests(PushBrowserFixture app) : IClassFixture<PushBrowserFixture>
{
    [Fact]
    public async Task TheAppInstalls_APushMessageReachesIt_AndWithoutNetworkItSaysSo()
    {
        // A profile on disk, as a person's browser has (an incognito window cannot install apps).
        await using var context = await app.PersistentContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 412, Height = 915 }, IsMobile = true, HasTouch = true });
        await context.GrantPermissionsAsync(["notifications"], new() { Origin = app.BaseUrl });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "pstoan.ldld");
        Assert.Equal("activated", await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).active.state"));

        // Installable, as Chromium judges it.
        var cdp = await context.NewCDPSessionAsync(page);
        var installability = await cdp.SendAsync("Page.getInstallabilityErrors");
        var errors = installability!.Value.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.GetProperty("errorId").GetString()).ToList();
        Assert.True(errors.Count == 0, "not installable: " + string.Join(", ", errors));
        var manifest = await cdp.SendAsync("Page.getAppManifest");
        Assert.EndsWith("/manifest.webmanifest", manifest!.Value.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Empty(manifest.Value.GetProperty("errors").EnumerateArray());

        // "Bật thông báo" on the profile page: this browser cannot reach its own push service from here, and says so.
        await page.GotoAsync($"{app.BaseUrl}/account/profile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật thông báo trên thiết bị này" }).ClickAsync();
        var status = page.Locator("[data-push-status]");
        await Assertions.Expect(status).ToContainTextAsync("dịch vụ thông báo", new() { Timeout = 60_000 });
        await app.ShotAsync(page, "push-profile-phone");

        // The subscription the browser would have made, at the push service on loopback, given through the page's session.
        var registration = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var r in e!.Value.GetProperty("registrations").EnumerateArray())
                if (!r.GetProperty("isDeleted").GetBoolean() && r.GetProperty("scopeURL").GetString() == app.BaseUrl + "/")
                    registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var key = await page.EvaluateAsync<string>("async () => (await (await fetch('/account/push/key')).json()).publicKey");
        var sub = app.Peer.Subscribe(key);
        var added = await page.EvaluateAsync<int>("async (s) => (await fetch('/account/push/devices', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: s })).status",
            JsonSerializer.Serialize(sub.Json));
        Assert.Equal(200, added);

        // Work for the head: the clerk presents a document to him.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Sở Lao động – Thương binh và Xã hội tỉnh Nghệ An", codeNumber = $"{Random.Shared.Next(1000, 99999)}",
            codeNotation = "SLĐTBXH-VL", issuedDate = Common.Formats.Today(app.Clock).AddDays(-1).ToString("yyyy-MM-dd"), typeName = "Công văn",
            subject = "V/v phối hợp tổ chức Tháng Công nhân", urgency = "Normal",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await clerk.PostJsonAsync($"/api/v1/incoming/{id}/present", new { headUserName = "pstoan.ldld" })).EnsureSuccessStatusCode();
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<PushSender>().RunAsync(default)).Sent);
        Assert.True(app.Peer.Refusals.IsEmpty, string.Join("\n", app.Peer.Refusals));
        var message = Assert.Single(app.Peer.MessagesFor(sub));

        // The push service hands the (decrypted) message to the browser's push delivery for the app's service worker.
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
        {
            ["origin"] = app.BaseUrl, ["registrationId"] = await registration.Task.WaitAsync(TimeSpan.FromSeconds(30)), ["data"] = message.Payload,
        });
        var shown = await page.EvaluateAsync<string[]>("""
            async () => {
              const r = await navigator.serviceWorker.ready;
              for (let i = 0; i < 100; i++) {
                const n = await r.getNotifications();
                if (n.length > 0) return n.map(x => `${x.title}|${x.body}|${x.data.link}`);
                await new Promise(res => setTimeout(res, 100));
              }
              return [];
            }
            """);
        var notification = Assert.Single(shown);
        Assert.StartsWith("Việc mới được giao|Văn bản đến số ", notification, StringComparison.Ordinal);
        Assert.EndsWith($"V/v phối hợp tổ chức Tháng Công nhân|/incoming/{id}", notification, StringComparison.Ordinal);

        // No network: the app's own offline page, in Vietnamese, instead of the browser's error.
        await context.SetOfflineAsync(true);
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Không có kết nối mạng");
        await app.ShotAsync(page, "offline-phone");
        await context.SetOfflineAsync(false);
        await page.GetByRole(AriaRole.Link, new() { Name = "Thử lại" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1").First).Not.ToHaveTextAsync("Không có kết nối mạng");
        Assert.Empty(violations);
    }
}
