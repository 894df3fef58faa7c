using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Every API endpoint of the foundation against every role of two organs (the Confederation and Nghệ An): those who
/// should reach it do (any answer but 401/403), everyone else gets 403 with the API's error shape, and nobody
/// without a token gets in. Mutating calls carry input that fails validation after the access check, so the matrix
/// changes nothing; calls that would change state for those allowed are run only for those refused.
/// </summary>
public abstract class AccessMatrixTests(AppFixture app)
{
    public static readonly string[] Users =
    [
        "nqtri.tld", "tvhung.tld", "lthoa.tld", "pmtuan.tld", "ntlan.tld",
        "vmquan.ldld", "pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld",
    ];

    private const string RootAdmin = "nqtri.tld";
    private const string ProvinceAdmin = "vmquan.ldld";
    private static readonly string[] Everyone = Users;
    private static readonly string[] Admins = [RootAdmin, ProvinceAdmin];
    private static readonly string[] RootOnly = [RootAdmin];
    /// <summary>Last year's registers: always a past year, whatever the date the tests run.</summary>
    private static readonly int RegisterYear = DateTime.UtcNow.Year - 1;

    /// <summary>(method, url, body, allowed users, run for allowed users too)</summary>
    public static IEnumerable<(string Method, string Url, object? Body, string[] Allowed, bool RunAllowed)> Endpoints()
    {
        yield return ("GET", "/api/v1/me", null, Everyone, true);
        yield return ("GET", "/api/v1/me/otp", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations/I02.36", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations/I02.36/departments", null, Everyone, true);
        yield return ("GET", "/api/v1/delegations", null, Everyone, true);
        yield return ("GET", "/api/v1/users", null, Admins, true);
        yield return ("GET", "/api/v1/users?organizationCode=I02", null, RootOnly, true);
        yield return ("GET", "/api/v1/users?organizationCode=I02.36", null, Admins, true);
        yield return ("GET", "/api/v1/users/{ntlan.tld}", null, RootOnly, true);
        yield return ("GET", "/api/v1/users/{nvan.ldld}", null, Admins, true);
        yield return ("GET", "/api/v1/audit", null, Admins, true);
        yield return ("GET", "/api/v1/audit/verify", null, RootOnly, true);
        yield return ("POST", "/api/v1/organizations", new { code = "sai ma", name = "X", parentCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/organizations", new { code = "sai ma", name = "X", parentCode = "I02.01" }, RootOnly, true);
        yield return ("PUT", "/api/v1/organizations/I02.36", new { name = "" }, Admins, true);
        yield return ("PUT", "/api/v1/organizations/I02", new { name = "" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/move", new { parentCode = "I02.36" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/deactivate", null, RootOnly, false);
        yield return ("DELETE", "/api/v1/organizations/I02.36", null, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/departments", new { code = "sai ma", name = "X" }, Admins, true);
        yield return ("POST", "/api/v1/organizations/I02/departments", new { code = "sai ma", name = "X" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/import", null, Admins, true);
        yield return ("POST", "/api/v1/users", new { fullName = "", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users", new { fullName = "", organizationCode = "I02" }, RootOnly, true);
        yield return ("POST", "/api/v1/users/propose-username", new { fullName = "Lê Văn Thử", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users/import?organizationCode=I02.36", null, Admins, true);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/roles", new { role = "Bogus", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users/{ntlan.tld}/roles", new { role = "Bogus", organizationCode = "I02" }, RootOnly, true);
        yield return ("DELETE", "/api/v1/users/{nvan.ldld}/roles/00000000-0000-0000-0000-000000000001", null, Admins, true);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/lock", null, Admins, false);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/unlock", null, Admins, false);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/reset-password", null, Admins, false);
        yield return ("POST", "/api/v1/users/{ntlan.tld}/reset-password", null, RootOnly, false);
        yield return ("PUT", "/api/v1/departments/{VP@I02.36}", new { name = "" }, Admins, true);
        yield return ("PUT", "/api/v1/departments/{VP@I02}", new { name = "" }, RootOnly, true);
        yield return ("POST", "/api/v1/incoming", new { organizationCode = "I02.36", subject = "" }, ["htthu.ldld"], true);
        yield return ("POST", "/api/v1/incoming", new { organizationCode = "I02", subject = "" }, ["lthoa.tld"], true);
        yield return ("POST", "/api/v1/incoming/recognize", null, ["lthoa.tld", "htthu.ldld"], true); // clerks of any organ; no file: 400 after the check
        yield return ("GET", "/api/v1/incoming?organizationCode=I02.36", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/incoming/registers?organizationCode=I02", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", "/api/v1/incoming/inbox?view=to-handle", null, Everyone, true);
        yield return ("GET", "/api/v1/incoming/inbox/counts", null, Everyone, true);
        yield return ("GET", "/api/v1/incoming/search?q=cong%20van", null, Everyone, true);
        // Per-document and per-assignment steps (reassign, extensions, chase) are refused per document: IncomingFollowUpTests.
        yield return ("GET", "/api/v1/notifications", null, Everyone, true);
        yield return ("GET", "/api/v1/notifications/count", null, Everyone, true);
        yield return ("POST", "/api/v1/notifications/00000000-0000-0000-0000-000000000001/read", null, Everyone, true);
        yield return ("POST", "/api/v1/notifications/read-all", null, Everyone, true);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/export?organizationCode=I02.36&format=xlsx", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/export?organizationCode=I02&format=pdf", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/tracking?organizationCode=I02.36&format=pdf", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/incoming/00000000-0000-0000-0000-000000000001/slip", null, Everyone, true); // 404 for all: any reader of a document may
    }

    public static IEnumerable<object[]> Cases() =>
        Endpoints().SelectMany((e, i) => Users.Where(u => e.RunAllowed || !e.Allowed.Contains(u))
            .Select(u => new object[] { i, e.Method, e.Url, u, e.Allowed.Contains(u) }));

    public static IEnumerable<object[]> EndpointCases() => Endpoints().Select((e, i) => new object[] { i, e.Method, e.Url });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_IsReachedByTheRightRolesOfTheRightOrgan_Only(int row, string method, string url, string user, bool allowed)
    {
        var body = Endpoints().ElementAt(row).Body;
        using var client = await app.ClientAsAsync(user);
        var response = await SendAsync(client, method, await app.ResolveAsync(url), body);
        if (allowed)
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{user} should reach {method} {url} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        else
            await response.ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Endpoint_WithoutAToken_IsRefused(int row, string method, string url)
    {
        using var anon = app.CreateClient();
        var body = Endpoints().ElementAt(row).Body;
        var response = await SendAsync(anon, method, await app.ResolveAsync(url), body);
        await response.ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient c, string method, string url, object? body) => method switch
    {
        "GET" => c.GetAsync(url),
        "DELETE" => c.DeleteAsync(url),
        "PUT" => c.PutAsJsonAsync(url, body ?? new { }),
        _ => c.PostAsJsonAsync(url, body ?? new { }),
    };
}

public sealed class AccessMatrixTestsSqlite(SqliteAppFixture f) : AccessMatrixTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AccessMatrixTestsPostgres(PostgresAppFixture f) : AccessMatrixTests(f), IClassFixture<PostgresAppFixture>;
