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
    /// <summary>Everyone who works in an organ (administrators only administer: they draft nothing).</summary>
    private static readonly string[] Members = ["tvhung.tld", "ntlan.tld", "pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"];
    private static readonly string[] NgheAn = ["vmquan.ldld", "pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"];

    public static IEnumerable<object[]> Pages() =>
        new (string Path, string[] Allowed)[]
        {
            ("/", Everyone), ("/account/profile", Everyone), ("/account/otp", Everyone), ("/account/change-password", Everyone), ("/delegations", Everyone),
            ("/directory", Everyone), ("/directory?organ=I02&q=hung", Everyone), ("/directory?q=nguyen", Everyone),
            ("/admin/organizations", Admins), ("/admin/accounts", Admins), ("/admin/audit", Admins), ("/admin/exchange", RootOnly),
            ("/admin/exchange?direction=Outbound&state=Failed", RootOnly),
            ("/admin/organizations/I02.36", Admins), ("/admin/organizations/I02", RootOnly),
            ("/admin/accounts/{nvan.ldld}", Admins), ("/admin/accounts/{ntlan.tld}", RootOnly),
            ("/incoming", Everyone), ("/incoming/new", ["htthu.ldld"]), ("/notifications", Everyone),
            ($"/incoming/registers/{DateTime.UtcNow.Year - 1}/export?organizationCode=I02.36&format=xlsx", ["htthu.ldld", "pstoan.ldld"]),
            ($"/incoming/registers/{DateTime.UtcNow.Year - 1}/tracking?organizationCode=I02.36&format=pdf", ["htthu.ldld", "pstoan.ldld"]),
            ($"/outgoing/registers/{DateTime.UtcNow.Year - 1}/export?organizationCode=I02.36&format=xlsx", ["htthu.ldld", "pstoan.ldld"]),
            ($"/outgoing/registers/{DateTime.UtcNow.Year - 1}/export?organizationCode=I02&format=pdf", ["tvhung.tld"]),
            ("/outgoing", Everyone), ("/outgoing?organizationCode=I02.36&view=issued", [.. NgheAn]),
            ("/outgoing/find", Everyone), ("/outgoing/find?organizationCode=I02.36&q=ke+hoach", [.. NgheAn]),
            ("/outgoing/new", Members), ("/outgoing/new?organizationCode=I02.36", ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"]),
            ("/incoming/arrivals", ["tvhung.tld", "pstoan.ldld", "htthu.ldld"]), ("/incoming/arrivals?organizationCode=I02.36&all=true", ["pstoan.ldld", "htthu.ldld"]),
            ("/signing", Everyone),
            ("/tasks", Everyone), ("/tasks?view=to-evaluate", Everyone), ("/tasks?view=board", Everyone), ("/tasks/new", ["tvhung.tld", "pstoan.ldld", "lvbinh.ldld"]),
            ("/tasks/supervision", ["tvhung.tld", "pstoan.ldld", "lvbinh.ldld"]),
            ("/diary", Everyone), ("/diary/summary", ["tvhung.tld", "pstoan.ldld", "lvbinh.ldld"]), ("/plans", Members), ("/dossiers", Everyone), ("/dossiers/catalogue", Members), ("/archive", Everyone), ("/archive?view=due", Everyone), ("/archive?view=search&q=ho", Everyone), ("/archive?view=consults", Everyone),
            ("/archive?view=expired", Everyone), ("/archive?view=holds", Everyone),
            ("/meetings", Everyone), ("/schedule", Everyone), ("/schedule?organizationCode=I02.36&week=2026-12-07", Everyone),
            ("/schedule/export?organizationCode=I02.36&week=2026-12-07&format=xlsx", [.. NgheAn.Where(u => u != "vmquan.ldld")]), ("/tasks/supervision?organizationCode=I02.36&figure=overdue", ["tvhung.tld", "pstoan.ldld", "lvbinh.ldld"]),
            ("/statistics", Everyone), ("/statistics?organizationCode=I02.36&below=true", [.. Everyone.Where(u => u != "ntlan.tld")]),
            ("/statistics/handling/export?organizationCode=I02.36&format=xlsx", [.. Everyone.Where(u => u != "ntlan.tld")]),
            ("/statistics/indicators/export?organizationCode=I02.36&below=true&format=pdf", ["nqtri.tld", "tvhung.tld", "vmquan.ldld", "pstoan.ldld"]),
            ("/reports", ["tvhung.tld", "pstoan.ldld", "htthu.ldld"]),
            ("/outgoing/policy", Everyone), ("/outgoing/policy?organizationCode=I02.36", ["nqtri.tld", .. NgheAn]),
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

    /// <summary>
    /// An outgoing draft's page and file are for its readers (author, signer, the organ's clerks and head, the drafting
    /// department's head); an arrival's page and file for the recipient organ's clerks and head. Anyone else, of another
    /// organ or another role, finds nothing (404, the not-found page), as with incoming documents.
    /// </summary>
    [Fact]
    public async Task OutgoingDocumentAndArrivalPages_AreShownToTheirReadersOnly()
    {
        const string subject = "V/v kiểm tra quyền xem trang văn bản đi";
        var id = await Outgoing.OutgoingFlowTests.DraftAsync(app, subject, "I02");
        foreach (var (user, allowed) in new[] { ("nvan.ldld", true), ("lvbinh.ldld", true), ("pstoan.ldld", true), ("htthu.ldld", true),
                     ("vmquan.ldld", false), ("ntlan.tld", false), ("tvhung.tld", false), ("lthoa.tld", false), ("nqtri.tld", false) })
            await ExpectAsync(user, allowed, $"/outgoing/{id}", $"/outgoing/{id}/file", subject);

        await Outgoing.OutgoingFlowTests.SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Outgoing.OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("number").GetInt64();
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36").Str("id");
        foreach (var (user, allowed) in new[] { ("lthoa.tld", true), ("tvhung.tld", true), ("ntlan.tld", false), ("nqtri.tld", false),
                     ("htthu.ldld", false), ("pstoan.ldld", false), ("nvan.ldld", false) })
            await ExpectAsync(user, allowed, $"/incoming/arrivals/{arrival}", $"/incoming/arrivals/{arrival}/file", subject);

        async Task ExpectAsync(string user, bool allowed, string pagePath, string filePath, string text)
        {
            using var s = await UiSession.LoginAsync(app, user);
            var r = await s.Client.GetAsync(pagePath);
            var html = await r.Content.ReadAsStringAsync();
            var file = await s.Client.GetAsync(filePath);
            if (allowed)
            {
                Assert.True(r.StatusCode == HttpStatusCode.OK, $"{user} should see {pagePath}: {(int)r.StatusCode}");
                Assert.Contains(text, html);
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
            }
            else
            {
                Assert.True(r.StatusCode == HttpStatusCode.NotFound, $"{user} should not see {pagePath}: {(int)r.StatusCode}");
                Assert.DoesNotContain(text, html);
                Assert.True(file.StatusCode == HttpStatusCode.NotFound, $"{user} should not get {filePath}: {(int)file.StatusCode}");
            }
        }
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
    public async Task TheTokenSigningScriptsEndpoints_RefuseTheAnonymous_OtherSites_AndOtherPeople()
    {
        var id = await Signing.DeferredSigningTests.AwaitingSignatureAsync(app, "V/v các địa chỉ của trang ký bằng USB token");
        string[] paths = [$"/outgoing/{id}/sign/prepare", $"/outgoing/{id}/sign/complete", "/signing/token", $"/outgoing/{id}/sign/remote",
            "/outgoing/sign-batch/prepare", "/outgoing/sign-batch/complete", $"/outgoing/sign-batch/{Guid.NewGuid()}/remote"];
        using var anon = new UiSession(app);
        foreach (var path in paths)
        {
            var r = await anon.Client.PostAsync(path, new FormUrlEncodedContent([]));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/account/login", r.Headers.Location!.PathAndQuery);
        }
        // The session cookie alone — what another site's form would send — does nothing.
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        foreach (var path in paths)
            await (await head.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["pendingId"] = Guid.NewGuid().ToString(), ["certificate"] = "x" })))
                .ErrorAsync(HttpStatusCode.BadRequest, "ANTIFORGERY_INVALID");

        static async Task<Dictionary<string, string>> TokenAsync(UiSession s)
        {
            var html = await (await s.Client.GetAsync("/signing")).Content.ReadAsStringAsync();
            var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("#token-register-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            return new() { ["__RequestVerificationToken"] = token };
        }
        // With the page's token: another person is not the signer; the head reaches the workflow (whose demo key is a PIN file).
        using var deputy = await UiSession.LoginAsync(app, "lvbinh.ldld");
        await (await deputy.Client.PostAsync(paths[0], new FormUrlEncodedContent(await TokenAsync(deputy)))).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
        await (await deputy.Client.PostAsync(paths[3], new FormUrlEncodedContent(await TokenAsync(deputy)))).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
        // A batch of the head's draft prepared by another person: refused document by document, nothing prepared.
        var theirs = await TokenAsync(deputy);
        theirs["ids"] = id;
        var batch = await (await deputy.Client.PostAsync(paths[4], new FormUrlEncodedContent(theirs))).JsonAsync(HttpStatusCode.OK);
        Assert.All(batch.GetProperty("items").EnumerateArray(), i => Assert.Equal("NOT_THE_SIGNER", i.Str("code")));
        await (await deputy.Client.PostAsync(paths[6], new FormUrlEncodedContent(await TokenAsync(deputy)))).ErrorAsync(HttpStatusCode.NotFound, "SIGNING_SESSION_NOT_FOUND");
        await (await head.Client.PostAsync(paths[0], new FormUrlEncodedContent(await TokenAsync(head)))).ErrorAsync(HttpStatusCode.Conflict, "CERT_KEY_ON_SERVER");
        var garbage = await TokenAsync(head);
        garbage["certificate"] = "không phải chứng thư";
        await (await head.Client.PostAsync(paths[2], new FormUrlEncodedContent(garbage))).ErrorAsync((HttpStatusCode)422, "CERT_INVALID");
        Assert.Equal("AwaitingSignature", (await (await (await app.ClientAsAsync("pstoan.ldld")).GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
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
