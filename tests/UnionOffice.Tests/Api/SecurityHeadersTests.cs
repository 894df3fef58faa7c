using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Review finding 8: every answer — page, API, file, export, error, the public page — carries the security headers; no
/// page can be framed (the sign and issue forms were); documents and exports are not cached; HSTS over HTTPS only.
/// </summary>
public abstract class SecurityHeadersTests(AppFixture app)
{
    private static void AssertHeaders(HttpResponseMessage r, string what, bool noStore = true)
    {
        string H(string name) => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";
        var csp = H("Content-Security-Policy");
        Assert.True(csp.Contains("frame-ancestors 'none'") && csp.Contains("script-src 'self'") && !csp.Contains("unsafe-inline") && !csp.Contains("unsafe-eval"), $"{what}: CSP {csp}");
        Assert.Equal("nosniff", H("X-Content-Type-Options"));
        Assert.Equal("DENY", H("X-Frame-Options"));
        Assert.Equal("same-origin", H("Referrer-Policy"));
        if (noStore) Assert.True(H("Cache-Control").Contains("no-store"), $"{what}: Cache-Control {H("Cache-Control")}");
        Assert.Equal("", H("Strict-Transport-Security")); // plain HTTP here
    }

    [Fact]
    public async Task EveryKindOfAnswer_CarriesTheHeaders_AndDocumentsAreNotCached()
    {
        using var anon = app.CreateClient();
        AssertHeaders(await anon.GetAsync("/account/login"), "login page");
        AssertHeaders(await anon.GetAsync("/api/v1/me"), "API 401");
        AssertHeaders(await anon.GetAsync("/cong-khai/I02.36"), "public page");
        AssertHeaders(await anon.GetAsync("/khong-co-trang-nay"), "404 page");
        var css = await anon.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        AssertHeaders(css, "stylesheet", noStore: false);

        var id = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v kiểm tra tiêu đề bảo mật", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        AssertHeaders(await officer.GetAsync($"/api/v1/outgoing/{id}"), "API document");
        AssertHeaders(await officer.GetAsync($"/api/v1/outgoing/{id}/file"), "API file");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        AssertHeaders(await clerk.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={DateTime.UtcNow.Year - 1}&format=xlsx"), "export");

        // The head's sign form and the clerk's issue form are pages like any other: not to be framed.
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        AssertHeaders(await head.Client.GetAsync($"/outgoing/{id}"), "document page with the sign form");
        AssertHeaders(await head.Client.GetAsync($"/outgoing/{id}/file"), "page file");
    }

    [Fact]
    public async Task OverHttps_TheBrowserIsToldToKeepToHttps()
    {
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var r = await https.GetAsync("/account/login");
        Assert.StartsWith("max-age=31536000", string.Join(",", r.Headers.GetValues("Strict-Transport-Security")));
    }
}

public sealed class SecurityHeadersTestsSqlite(SqliteAppFixture f) : SecurityHeadersTests(f), IClassFixture<SqliteAppFixture>;
public sealed class SecurityHeadersTestsPostgres(PostgresAppFixture f) : SecurityHeadersTests(f), IClassFixture<PostgresAppFixture>;
