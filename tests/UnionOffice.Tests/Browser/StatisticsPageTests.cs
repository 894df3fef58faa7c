using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// The statistics page for a head on a phone-sized Chromium: the indicators beside their targets drawn by the bundled
/// chart.js (no CDN: the page's policy allows only its own scripts), the same numbers in tables, the handling figures, the
/// period typed as dd/mm/yyyy whatever the browser's language, and a page that fits the screen's width.
/// </summary>
public sealed class StatisticsPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AHead_ReadsTheFiguresAndTheIndicators_OnAPhone()
    {
        await Incoming.IncomingScenario.RunAsync(app);
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/");
        await page.Locator("label.nav-burger").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Thống kê" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thống kê và chỉ tiêu");

        // The period, typed the Vietnamese way in an English-language browser.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        await page.Locator("#statistics-filter input[name=from]").FillAsync(today.AddDays(-20).ToString("dd/MM/yyyy"));
        await page.Locator("#statistics-filter input[name=to]").FillAsync(today.ToString("dd/MM/yyyy"));
        await page.Locator("#statistics-filter input[name=below]").CheckAsync();
        await page.Locator("#statistics-filter").GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Assertions.Expect(page.Locator("#indicators h2")).ToContainTextAsync(today.AddDays(-20).ToString("dd/MM/yyyy"));

        await Assertions.Expect(page.Locator("#indicators-chart")).ToHaveAttributeAsync("data-drawn", "true");
        await Assertions.Expect(page.Locator("#trend-chart")).ToHaveAttributeAsync("data-drawn", "true");
        await Assertions.Expect(page.Locator("#trend-table tbody tr")).ToHaveCountAsync(12);
        Assert.True(await page.EvaluateAsync<bool>("typeof window.Chart === 'function'"), "chart.js is served by the application itself");
        await Assertions.Expect(page.Locator("#indicators-table tbody tr")).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator("#indicators-table")).ToContainTextAsync("Văn bản đến có tệp nội dung");
        await Assertions.Expect(page.Locator("#handling-total")).ToContainTextAsync("Văn bản đến tiếp nhận");
        await Assertions.Expect(page.Locator("#handling-people")).ToContainTextAsync("Nguyễn Văn An");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the statistics page scrolls sideways on a phone");
        // Behind a figure, its documents.
        await page.Locator("#handling-total a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#figure-documents h2")).ToContainTextAsync("tiếp nhận trong kỳ");
        await Assertions.Expect(page.Locator("#figure-table")).ToContainTextAsync(Incoming.IncomingScenario.PlanSubject);
        await app.ShotAsync(page, "statistics-phone");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(page));
        Assert.Empty(violations);
    }
}
