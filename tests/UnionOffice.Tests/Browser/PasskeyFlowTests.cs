using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>Passkeys end to end, with Chromium's virtual authenticator standing in for a phone or a security key.</summary>
public sealed class PasskeyFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    // WebAuthn refuses IP addresses as the relying party; the browser reaches the same loopback server as "localhost".
    private string Base => app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

    [Fact]
    public async Task Person_RegistersAPasskey_ThenSignsInWithItAlone()
    {
        await using var context = await app.Browser.NewContextAsync();
        var page = await NewPageWithAuthenticatorAsync(context);

        await app.SignInAsync(page, "htthu.ldld", baseUrl: Base);
        await page.GotoAsync($"{Base}/account/profile");
        await page.Locator("[data-passkey-name]").FillAsync("Điện thoại của chị Thu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm khóa truy cập" }).ClickAsync();
        await Assertions.Expect(page.Locator("#passkeys")).ToContainTextAsync("Điện thoại của chị Thu");
        await app.ShotAsync(page, "5-passkey-added");

        await BrowserFixture.SignOutAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập bằng khóa truy cập (passkey)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Xin chào, Hồ Thị Thu" })).ToBeVisibleAsync();

        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e =>
            e.ActorUserName == "htthu.ldld" && (e.Action == "account.passkey.added" || (e.Action == "auth.login.succeeded" && e.Details!.Contains("passkey")))));
        Assert.Equal(2, audited);
    }

    [Fact]
    public async Task PasskeyLogin_WithAnUnknownCredential_IsRefusedInVietnamese()
    {
        await using var context = await app.Browser.NewContextAsync();
        // An authenticator with no passkey for this site: the browser has nothing to offer, the person is told.
        var page = await NewPageWithAuthenticatorAsync(context);
        await page.GotoAsync($"{Base}/account/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập bằng khóa truy cập (passkey)" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-passkey-status]")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    /// <summary>A page whose browser has a platform authenticator that verifies its user (as a phone with a fingerprint does).</summary>
    private static async Task<IPage> NewPageWithAuthenticatorAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        return page;
    }
}
