using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>The application on a real Kestrel port on loopback, and the system's Chromium driven by Playwright.</summary>
public class BrowserFixture : SqliteAppFixture
{
    public BrowserFixture() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    public string BaseUrl { get; private set; } = "";
    public static string ChromiumPath => Environment.GetEnvironmentVariable("UO_CHROMIUM") ?? "/usr/bin/chromium";
    public static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>
    /// A browser with a profile on disk, as a person's is: what an incognito context cannot do (install the app) it can.
    /// The profile is removed when the context is disposed.
    /// </summary>
    public async Task<IBrowserContext> PersistentContextAsync(BrowserTypeLaunchPersistentContextOptions options)
    {
        var profile = Directory.CreateTempSubdirectory("uo-chromium-profile-").FullName;
        options.ExecutablePath = ChromiumPath;
        options.Headless = true;
        options.Args = ChromiumArgs;
        var context = await _playwright!.Chromium.LaunchPersistentContextAsync(profile, options);
        context.Close += (_, _) => { try { Directory.Delete(profile, recursive: true); } catch (IOException) { } };
        return context;
    }
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright? _playwright;

    /// <summary>Screenshots of each step, for people reviewing a run (not asserted on).</summary>
    public string ShotsDirectory { get; } = Path.Combine(Path.GetTempPath(), "unionoffice-screenshots");

    public override async Task InitializeAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        Directory.CreateDirectory(ShotsDirectory);
    }

    /// <summary>Signs in through the login page as a person would (the demo password unless another is given).</summary>
    public async Task SignInAsync(IPage page, string user, string? password = null, string? baseUrl = null)
    {
        await page.GotoAsync($"{baseUrl ?? BaseUrl}/account/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync(user);
        await page.GetByLabel("Mật khẩu").FillAsync(password ?? DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public static async Task SignOutAsync(IPage page)
    {
        // As a person does: the menu (on a phone, behind ☰), then the one with their name, then "Đăng xuất". Asked once the
        // page has loaded its stylesheet: before it, the ☰ of a desk page shows for a moment (a clean run caught it so).
        await page.WaitForLoadStateAsync(LoadState.Load);
        if (await page.Locator(".nav-burger").IsVisibleAsync()) await page.Locator(".nav-burger").ClickAsync();
        var menu = page.Locator("nav details", new() { Has = page.Locator("form[action='/account/logout']") });
        if (!await menu.Locator("form button").IsVisibleAsync()) await menu.Locator("summary").ClickAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    /// <summary>
    /// What the browser refused under the Content-Security-Policy on this page from now on (it says so on its console):
    /// the flows end by asserting this is empty, so a script, style or worker the policy blocks fails the test.
    /// </summary>
    public static List<string> PolicyViolations(IPage page)
    {
        var seen = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (seen) seen.Add(m.Text);
        };
        return seen;
    }

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var s = typeof(BrowserFixture).Assembly.GetManifestResourceStream("axe.min.js") ?? throw new InvalidOperationException("axe.min.js is not embedded");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    /// <summary>
    /// What axe-core finds against WCAG 2.1 A and AA on the page as it is now (evaluated through the browser's debugging
    /// protocol, so the page's own script policy stays as it is): one line per rule broken, with the first offending element.
    /// </summary>
    public static async Task<List<string>> AccessibilityProblemsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeSource.Value);
        var found = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
                .violations.map(v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`)
            """);
        return [.. found];
    }

    /// <summary>
    /// A screenshot of the step for people reviewing a run, and the step's page checked by axe-core: every page a browser
    /// flow stops at must be free of WCAG 2.1 A/AA problems (issue 22), on the desk, tablet and phone sizes the flows use.
    /// </summary>
    public async Task ShotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(ShotsDirectory, name + ".png"), FullPage = true });
        var problems = await AccessibilityProblemsAsync(page);
        Assert.True(problems.Count == 0, $"Accessibility problems on {name} ({page.Url}):\n{string.Join("\n", problems)}");
    }

    protected override async Task DisposeDatabaseAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeDatabaseAsync();
    }
}
