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
}
