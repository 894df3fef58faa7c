using Microsoft.Playwright;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// Small things people see all day (issue 22 §8): the app has its own icon in the browser's tab, and after moving from
/// one page to another the heading takes the focus (for screen readers) without a box drawn around it.
/// </summary>
public sealed class EverydayPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheTabShowsTheAppsIcon_AndTheFocusedHeadingHasNoBox()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var response = await page.APIRequest.GetAsync(new Uri(new Uri(app.BaseUrl), icon).AbsoluteUri);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("image/svg+xml", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("<svg", await response.TextAsync(), StringComparison.Ordinal);

        // Another page through the menu, by the keyboard (the browser draws focus boxes after keys, not after clicks):
        // the new page's heading has the focus, and no outline.
        await page.Locator("nav a[href='/tasks']").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/tasks");
        var heading = page.Locator("main h1").First;
        await Assertions.Expect(heading).ToBeFocusedAsync();
        Assert.Equal("none", await heading.EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));
    }

    /// <summary>
    /// Issue 22 §8: the system administrator — who has every item — sees the menu on one line on a 1366 px screen (the
    /// administration and the person's own pages are menus that open), and an address that does not exist shows the
    /// app's own page in Vietnamese with a 404, not the browser's error page; both at desk and phone size, axe-clean.
    /// </summary>
    [Fact]
    public async Task TheMenuFitsOneLineAt1366_ItsMenusOpen_AndAnUnknownAddressShowsTheAppsOwnPage()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "nqtri.tld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        var tops = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('nav.nav > a, nav.nav > details > summary')].map(e => Math.round(e.getBoundingClientRect().top))");
        Assert.True(tops.Length >= 12, $"{tops.Length} items");
        Assert.True(tops.Distinct().Count() == 1, $"the menu wraps: rows at {string.Join(", ", tops.Distinct())}");
        var admin = page.Locator("nav details", new() { HasText = "Quản trị" });
        await Assertions.Expect(admin.Locator("a[href='/admin/exchange']")).Not.ToBeVisibleAsync();
        await admin.Locator("summary").ClickAsync();
        await Assertions.Expect(admin.Locator("a[href='/admin/exchange']")).ToBeVisibleAsync();
        await app.ShotAsync(page, "menu-1366-admin-open");
        await admin.Locator("a[href='/admin/audit']").ClickAsync();
        await page.WaitForURLAsync("**/admin/audit");

        var missing = await page.GotoAsync($"{app.BaseUrl}/khong-co-trang-nay");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Không tìm thấy trang");
        Assert.Equal("Không tìm thấy – UnionOffice", await page.TitleAsync());
        await app.ShotAsync(page, "not-found-desk");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await app.ShotAsync(page, "not-found-phone");

        // Signed out, the same page.
        await using var anonymous = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var stranger = await anonymous.NewPageAsync();
        var response = await stranger.GotoAsync($"{app.BaseUrl}/khong-co-trang-nay");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(stranger.Locator("main h1")).ToHaveTextAsync("Không tìm thấy trang");
    }
}
