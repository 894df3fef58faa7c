using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>Every page: the right roles of the right organ see it; others get 403; nobody unauthenticated gets past the login page.</summary>
public abstract class PageAccessTests(AppFixture app)
{
    private static readonly string[] Everyone = ["nqtri.tld", "tvhung.tld", "ntlan.tld", "vmquan.ldld", "pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"];
    private static readonly string[] Admins = ["nqtri.tld", "vmquan.ldld"];
    private static readonly string[] RootOnly = ["nqtri.tld"];

    public static IEnumerable<object[]> Pages() =>
        new (string Path, string[] Allowed)[]
        {
            ("/", Everyone), ("/account/profile", Everyone), ("/account/otp", Everyone), ("/account/change-password", Everyone), ("/delegations", Everyone),
            ("/admin/organizations", Admins), ("/admin/accounts", Admins), ("/admin/audit", Admins),
            ("/admin/organizations/I02.36", Admins), ("/admin/organizations/I02", RootOnly),
            ("/admin/accounts/{nvan.ldld}", Admins), ("/admin/accounts/{ntlan.tld}", RootOnly),
            ("/incoming", Everyone), ("/incoming/new", ["htthu.ldld"]), ("/notifications", Everyone),
            ($"/incoming/registers/{DateTime.UtcNow.Year - 1}/export?organizationCode=I02.36&format=xlsx", ["htthu.ldld", "pstoan.ldld"]),
            ($"/incoming/registers/{DateTime.UtcNow.Year - 1}/tracking?organizationCode=I02.36&format=pdf", ["htthu.ldld", "pstoan.ldld"]),
        }.SelectMany(p => Everyone.Select(u => new object[] { p.Path, u, p.Allowed.Contains(u) }));

    public static IEnumerable<object[]> Paths() => Pages().Select(p => (string)p[0]).Distinct().Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_IsShownToTheRightRolesOfTheRightOrgan_Only(string path, string user, bool allowed)
    {
        using var s = await UiSession.LoginAsync(app, user);
        var r = await s.Client.GetAsync(await app.ResolveAsync(path));
        var html = await r.Content.ReadAsStringAsync();
        if (allowed)
        {
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{user} should see {path}: {(int)r.StatusCode}");
            Assert.DoesNotContain("Bạn không có quyền", html);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("Bạn không có quyền thực hiện thao tác này.", html);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Page_WithoutLogin_RedirectsToTheLoginPage(string path)
    {
        using var s = new UiSession(app);
        var r = await s.Client.GetAsync(await app.ResolveAsync(path));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task PasskeyRegistration_NeedsASignedInPerson_AndAForgedAssertionIsRefused()
    {
        using var anon = new UiSession(app);
        var r = await anon.Client.PostAsync("/account/passkeys/creation-options", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
        r = await anon.Client.PostAsync("/account/passkeys", JsonContent.Create(new { credential = "{}", name = "x" }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        (await anon.Client.PostAsync("/account/passkeys/request-options", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        var forged = await anon.Client.PostAsync("/account/passkeys/login", JsonContent.Create(new { credential = "{\"id\":\"AAAA\",\"type\":\"public-key\"}" }));
        await forged.ErrorAsync(HttpStatusCode.Unauthorized, "PASSKEY_FAILED");
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "auth.login.failed" && e.ActorUserName == "passkey")));
    }

    [Fact]
    public async Task Officer_PostingTheCreateAccountForm_CreatesNothing()
    {
        using var admin = await UiSession.LoginAsync(app, "vmquan.ldld");
        // The officer replays a form post with a valid antiforgery token of their own session.
        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var html = await (await officer.Client.GetAsync("/delegations")).Content.ReadAsStringAsync();
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await officer.Client.PostAsync("/admin/accounts", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create", ["__RequestVerificationToken"] = token, ["Input.FullName"] = "Kẻ Mạo Danh", ["Input.OrganizationCode"] = "I02.36",
        }));
        // The denied page renders no such form, so the framework itself refuses the post (400); either way nothing is made.
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"got {(int)r.StatusCode}");
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.FullName == "Kẻ Mạo Danh")));
    }

    [Fact]
    public async Task Admin_CreatesADistrictFederationThroughThePage()
    {
        using var admin = await UiSession.LoginAsync(app, "vmquan.ldld");
        var r = await admin.SubmitAsync("/admin/organizations", "create", new()
        {
            ["Input.ParentCode"] = "I02.36", ["Input.Code"] = "I02.36.15", ["Input.Name"] = "LĐLĐ huyện Quỳnh Lưu",
        });
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        Assert.Equal("/admin/organizations/I02.36.15?created=1", r.Headers.Location!.PathAndQuery);
        var bad = await admin.SubmitAsync("/admin/organizations", "create", new()
        {
            ["Input.ParentCode"] = "I02.36", ["Input.Code"] = "I02.36.15", ["Input.Name"] = "Trùng mã",
        });
        Assert.Contains("Mã định danh I02.36.15 đã được dùng", await bad.Content.ReadAsStringAsync());
    }
}

public sealed class PageAccessTestsSqlite(SqliteAppFixture f) : PageAccessTests(f), IClassFixture<SqliteAppFixture>;
public sealed class PageAccessTestsPostgres(PostgresAppFixture f) : PageAccessTests(f), IClassFixture<PostgresAppFixture>;
