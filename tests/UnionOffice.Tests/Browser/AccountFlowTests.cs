using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Tests.Browser;

/// <summary>Whole flows in headless Chromium, as a clerk and an administrator would click through them.</summary>
public sealed partial class AccountFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NewUser_LogsIn_IsForcedToChangePassword_EnrolsOtp_AndLogsInAgainWithACode()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var violations1 = BrowserFixture.PolicyViolations(page);

        // The administrator of Nghệ An issues an account.
        await app.SignInAsync(page, "vmquan.ldld", UnionOffice.Tests.Infrastructure.AppFixture.DemoPassword);
        await page.GotoAsync($"{app.BaseUrl}/admin/accounts");
        var form = page.Locator("#create-account");
        await form.GetByLabel("Họ và tên").FillAsync("Nguyễn Thị Thử Nghiệm");
        // The organ is picked by its name, typed without diacritics (it was a code to type).
        await form.GetByLabel("Tìm trong danh sách: Cơ quan").FillAsync("ldld tinh nghe an");
        await Assertions.Expect(form.Locator("select[name='Input.OrganizationCode']")).ToHaveValueAsync("I02.36");
        await form.GetByLabel("Vai trò").SelectOptionAsync("Officer");
        await form.GetByLabel("Phòng/ban (chọn trong danh sách hoặc gõ mã)").FillAsync("VP");
        await form.GetByRole(AriaRole.Button, new() { Name = "Cấp tài khoản" }).ClickAsync();
        await app.ShotAsync(page, "1-account-issued");
        var userName = (await page.Locator(".issued-user").First.InnerTextAsync()).Trim();
        var oneTime = (await page.Locator(".issued-password").First.InnerTextAsync()).Trim();
        Assert.Equal("nttnghiem.ldld", userName);
        await BrowserFixture.SignOutAsync(page);

        // First login: straight to the password change, and nowhere else until it is done.
        await app.SignInAsync(page, userName, oneTime);
        await Expect(page).ToHaveURLAsync(new Regex("/account/change-password"));
        await page.GotoAsync($"{app.BaseUrl}/admin/accounts");
        await Expect(page).ToHaveURLAsync(new Regex("/account/change-password"));
        await app.ShotAsync(page, "2-forced-change");
        await page.GetByLabel("Mật khẩu hiện tại").FillAsync(oneTime);
        await page.GetByLabel("Mật khẩu mới", new() { Exact = true }).FillAsync("Ngan");
        await page.GetByLabel("Nhập lại mật khẩu mới").FillAsync("Ngan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("ít nhất 10 ký tự");
        const string password = "Rieng@Tu-2026";
        await page.GetByLabel("Mật khẩu hiện tại").FillAsync(oneTime);
        await page.GetByLabel("Mật khẩu mới", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Nhập lại mật khẩu mới").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mật khẩu" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Xin chào, Nguyễn Thị Thử Nghiệm" })).ToBeVisibleAsync();

        // Enrol an authenticator: read the key as a person would type it into the app.
        await page.GotoAsync($"{app.BaseUrl}/account/otp");
        await app.ShotAsync(page, "3-otp-enrolment");
        var key = Totp.DecodeBase32((await page.Locator("#otp-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal));
        await page.GetByLabel("Mã xác thực").FillAsync(Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai lớp" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã bật xác thực hai lớp");
        await BrowserFixture.SignOutAsync(page);

        // Next login asks for the code; a wrong one is refused, the right one lets the person in.
        await app.SignInAsync(page, userName, password);
        await Expect(page).ToHaveURLAsync(new Regex("/account/login-otp"));
        await page.GetByLabel("Mã xác thực (OTP)").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("không đúng");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Mã xác thực (OTP)").FillAsync(Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Xin chào, Nguyễn Thị Thử Nghiệm" })).ToBeVisibleAsync();
        await app.ShotAsync(page, "4-home-after-otp");
        Assert.Empty(violations1); // nothing the Content-Security-Policy blocked
    }

    [Fact]
    public async Task WrongPassword_ShowsAVietnameseMessage_AndStaysOnTheLoginPage()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations2 = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "pstoan.ldld", "Sai@matkhau00");
        await Expect(page.Locator(".alert.error")).ToHaveTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        Assert.Empty(violations2); // nothing the Content-Security-Policy blocked
    }

    /// <summary>Review finding 8: script written into a page (an injected handler, an inline block) does not run.</summary>
    [Fact]
    public async Task ScriptInjectedIntoAPage_DoesNotRun_ThePolicyRefusesIt()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/account/login");
        static bool Refused(IConsoleMessage m) => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase);
        var handlerRefused = page.WaitForConsoleMessageAsync(new() { Predicate = Refused });
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img src=\"/khong-co.png\" onerror=\"document.title=\\'pwned\\'\">')");
        Assert.Contains("inline event handler", (await handlerRefused).Text);
        var blockRefused = page.WaitForConsoleMessageAsync(new() { Predicate = Refused });
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = \"document.title = 'pwned'\"; document.body.appendChild(s); }");
        Assert.Contains("inline script", (await blockRefused).Text);
        Assert.DoesNotContain("pwned", await page.TitleAsync());
    }

    [Theory]
    [InlineData("/account/login", null)]
    [InlineData("/admin/accounts", "vmquan.ldld")]
    [InlineData("/admin/organizations/I02.36", "vmquan.ldld")]
    [InlineData("/admin/organizations", "nqtri.tld")]
    [InlineData("/admin/audit", "nqtri.tld")]
    [InlineData("/delegations", "pstoan.ldld")]
    public async Task Pages_FitAPhoneScreen_WithoutSidewaysScrolling(string path, string? user)
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        var violations3 = BrowserFixture.PolicyViolations(page);
        if (user is not null) await app.SignInAsync(page, user, UnionOffice.Tests.Infrastructure.AppFixture.DemoPassword);
        await page.GotoAsync($"{app.BaseUrl}{path}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var bar = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.topbar')).backgroundColor");
        Assert.Equal("rgb(11, 79, 156)", bar); // the stylesheet is served and applied
        await app.ShotAsync(page, "phone" + path.Replace('/', '-'));
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a phone screen");
        Assert.Empty(violations3); // nothing the Content-Security-Policy blocked
    }

    private string Code(byte[] key) => Totp.Code(key, Totp.TimeStep(app.Clock.GetUtcNow()));

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
