using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// Periodic reports in Chromium: Nghệ An's clerk defines a quarterly form on the page (a number, a measured indicator, a
/// formula) and sends it to the organs below; a district's clerk fills it on a phone and sends it up for the head's
/// signature in one click (what was typed is saved first); Nghệ An's page shows the report on its way.
/// </summary>
public sealed class ReportPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AFormIsDefinedSent_AndFilledOnAPhone()
    {
        // A district below Nghệ An, with its head and its clerk.
        using var root = await app.ClientAsAsync("nqtri.tld");
        var code = $"I02.36.{Random.Shared.Next(100, 999)}";
        (await root.PostJsonAsync("/api/v1/organizations", new { code, name = $"LĐLĐ huyện Anh Sơn {code}", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        async Task<(string User, string Password)> PersonAsync(string fullName, string role)
        {
            var u = await (await root.PostJsonAsync("/api/v1/users", new { fullName, organizationCode = code, roles = new[] { new { role, organizationCode = code } } }))
                .JsonAsync(System.Net.HttpStatusCode.Created);
            using var first = await app.ClientAsAsync(u.Str("userName"), u.Str("oneTimePassword"));
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = u.Str("oneTimePassword"), newPassword = "Huyen@Moi2026" })).EnsureSuccessStatusCode();
            return (u.Str("userName"), "Huyen@Moi2026");
        }
        await PersonAsync("Chủ tịch Anh Sơn", "Head");
        var clerk = await PersonAsync("Văn thư Anh Sơn", "Clerk");

        await using var desk = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await desk.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/reports");
        await page.Locator("#new-form summary").ClickAsync();
        await page.Locator("#new-form input[name=title]").FillAsync("Báo cáo công tác công đoàn");
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(10);
        await page.Locator("#new-form input[name=deadline]").FillAsync(deadline.ToString("dd/MM/yyyy"));
        await page.Locator("input[name=label1]").FillAsync("Số đoàn viên kết nạp mới");
        await page.Locator("input[name=label2]").FillAsync("Văn bản đến được xử lý trên phần mềm");
        await page.Locator("select[name=kind2]").SelectOptionAsync("Indicator");
        await page.Locator("select[name=indicator2]").SelectOptionAsync("incoming-in-system");
        await page.Locator("input[name=label3]").FillAsync("Gấp đôi số kết nạp");
        await page.Locator("select[name=kind3]").SelectOptionAsync("Formula");
        await page.Locator("input[name=formula3]").FillAsync("c1 * 2");
        await page.Locator("#new-form").GetByRole(AriaRole.Button, new() { Name = "Lưu biểu mẫu" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Báo cáo công tác công đoàn");
        var formUrl = page.Url;
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Gửi cho \\d+ cơ quan cấp dưới$") }).ClickAsync();
        await Assertions.Expect(page.Locator("p.alert.ok")).ToContainTextAsync("Đã gửi biểu mẫu");
        await Assertions.Expect(page.Locator("#report-organs")).ToContainTextAsync($"LĐLĐ huyện Anh Sơn {code}");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(page));
        Assert.Empty(violations);

        // The district's clerk, on a phone.
        await using var phone = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var mobile = await phone.NewPageAsync();
        var mobileViolations = BrowserFixture.PolicyViolations(mobile);
        await app.SignInAsync(mobile, clerk.User, clerk.Password);
        await mobile.GotoAsync($"{app.BaseUrl}/reports");
        await mobile.Locator("#request-list").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Báo cáo công tác công đoàn") }).ClickAsync();
        await Assertions.Expect(mobile.Locator("#value-c2")).ToBeVisibleAsync();
        await mobile.Locator("input[name=c1]").FillAsync("15");
        await mobile.GetByRole(AriaRole.Button, new() { Name = "Lập văn bản báo cáo, trình lãnh đạo ký" }).ClickAsync();
        await Assertions.Expect(mobile.Locator("p.alert.ok")).ToContainTextAsync("Đã lập văn bản báo cáo");
        await Assertions.Expect(mobile.Locator("#value-c3")).ToHaveTextAsync("30");
        await Assertions.Expect(mobile.Locator("#request-state")).ToContainTextAsync("Đang trình");
        Assert.True(await mobile.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the report page scrolls sideways on a phone");
        await app.ShotAsync(mobile, "report-request-phone");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(mobile));
        Assert.Empty(mobileViolations);

        // Nghệ An sees it on its way.
        await page.GotoAsync(formUrl);
        await Assertions.Expect(page.Locator("#report-organs")).ToContainTextAsync("Đang trình");
    }
}
