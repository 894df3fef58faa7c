using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// The accessibility check the browser flows end with (axe-core against WCAG 2.1 A/AA) does find problems: the login
/// page passes as it is, and fails once an image without a text alternative and an unlabelled field are added to it.
/// </summary>
public sealed class AccessibilityCheckTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheCheck_PassesTheLoginPage_AndFindsWhatIsBrokenOnPurpose()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/account/login");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(page));
        await page.EvaluateAsync("""
            () => {
              const img = document.createElement('img'); img.src = '/favicon.ico'; document.querySelector('main').append(img);
              const input = document.createElement('input'); input.type = 'text'; document.querySelector('main').append(input);
            }
            """);
        var problems = await BrowserFixture.AccessibilityProblemsAsync(page);
        Assert.Contains(problems, p => p.StartsWith("image-alt", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("label", StringComparison.Ordinal));
    }
}
