using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>
/// The account state and roles are kept in memory between requests (AccessCache, ADR 0006). Every test first makes a
/// request so that the person's state is cached, then changes it on this node: the very next request must see the change.
/// </summary>
public abstract class AccessCacheTests(AppFixture app)
{
    private string Today => Formats.Today(app.Clock).ToString("yyyy-MM-dd");

    private static async Task<List<string>> RolesAsync(HttpClient c) =>
        (await (await c.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("roles").EnumerateArray()
        .Select(r => $"{r.Str("role")}@{r.Str("organizationCode")}" + (r.GetProperty("onBehalfOfUserName").GetString() is { } p ? $" for {p}" : "")).ToList();

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient clerk, string org) =>
        clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = org, issuerName = "Bộ Nội vụ", codeNumber = $"{Random.Shared.Next(1, 99999)}", codeNotation = "BNV-CCVC",
            issuedDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "Về việc kiểm tra bộ nhớ đệm quyền", urgency = "Normal",
        });

    [Fact]
    public async Task RemovedRole_AndLockedAccount_TakeEffectAtTheNextRequest()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(clerk, "I02.36")).StatusCode); // cached: clerk of I02.36
        Assert.Contains("Clerk@I02.36", await RolesAsync(clerk));

        var id = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "htthu.ldld").Select(u => u.Id).SingleAsync());
        var detail = await (await admin.GetAsync($"/api/v1/users/{id}")).JsonAsync(HttpStatusCode.OK);
        var clerkRole = detail.GetProperty("roles").EnumerateArray().Single(r => r.Str("role") == "Clerk" && r.Str("organizationCode") == "I02.36");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{id}/roles/{clerkRole.Str("id")}")).StatusCode);

        await (await RegisterAsync(clerk, "I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.DoesNotContain("Clerk@I02.36", await RolesAsync(clerk));

        (await admin.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "Clerk", organizationCode = "I02.36" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(clerk, "I02.36")).StatusCode);

        (await admin.PostJsonAsync($"/api/v1/users/{id}/lock", new { reason = "Kiểm tra" })).EnsureSuccessStatusCode();
        await (await clerk.GetAsync("/api/v1/me")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
        await (await clerk.GetAsync("/api/v1/incoming/inbox?view=to-present")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
    }

    [Fact]
    public async Task RevokedDelegation_AndTheGiversLock_TakeEffectAtOnce()
    {
        using var admin = await app.ClientAsAsync("nqtri.tld");
        using var head = await app.ClientAsAsync("tvhung.tld");
        using var deputy = await app.ClientAsAsync("pmtuan.tld");
        Assert.DoesNotContain("Head@I02 for tvhung.tld", await RolesAsync(deputy)); // cached without the delegation

        var d = await (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "pmtuan.tld", organizationCode = "I02", role = "Head", startDate = Today, endDate = Today,
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Contains("Head@I02 for tvhung.tld", await RolesAsync(deputy));
        (await head.PostJsonAsync($"/api/v1/delegations/{d.Str("id")}/revoke")).EnsureSuccessStatusCode();
        Assert.DoesNotContain("Head@I02 for tvhung.tld", await RolesAsync(deputy));

        // A locked person's authority is not exercised through others: locking the giver ends the delegate's grant.
        (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "pmtuan.tld", organizationCode = "I02", role = "Head", startDate = Today, endDate = Today,
        })).EnsureSuccessStatusCode();
        Assert.Contains("Head@I02 for tvhung.tld", await RolesAsync(deputy));
        var headId = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "tvhung.tld").Select(u => u.Id).SingleAsync());
        (await admin.PostJsonAsync($"/api/v1/users/{headId}/lock", new { reason = "Kiểm tra" })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("Head@I02 for tvhung.tld", await RolesAsync(deputy));
        (await admin.PostJsonAsync($"/api/v1/users/{headId}/unlock")).EnsureSuccessStatusCode();
        Assert.Contains("Head@I02 for tvhung.tld", await RolesAsync(deputy));
    }

    [Fact]
    public async Task OrgansOtpRule_TakesEffectAtTheNextRequest()
    {
        using var clerk = await app.ClientAsAsync("lthoa.tld");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/v1/incoming/inbox?view=to-present")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            var org = await db.Organizations.SingleAsync(o => o.Code == "I02");
            org.SetOtpRequiredRoles([Role.Clerk]);
            return await db.SaveChangesAsync();
        });
        await (await clerk.GetAsync("/api/v1/incoming/inbox?view=to-present")).ErrorAsync(HttpStatusCode.Forbidden, "OTP_ENROLLMENT_REQUIRED");
        await app.WithDbAsync(async db =>
        {
            var org = await db.Organizations.SingleAsync(o => o.Code == "I02");
            org.SetOtpRequiredRoles([]);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/v1/incoming/inbox?view=to-present")).StatusCode);
    }

    /// <summary>
    /// A change this node did not make (another node's, here a direct SQL update the change tracker does not see) is
    /// seen once the cached state is older than Security:AccessStateLifetime (30 s by default), not before: the bound
    /// the ADR accepts for several nodes.
    /// </summary>
    [Fact]
    public async Task ChangeMadeElsewhere_IsSeenWithinTheLifetime()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/incoming/inbox?view=to-handle")).StatusCode);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AspNetUsers\" SET \"Status\" = {0} WHERE \"UserName\" = 'nvan.ldld'", (int)AccountStatus.Locked));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/incoming/inbox?view=to-handle")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await (await officer.GetAsync("/api/v1/incoming/inbox?view=to-handle")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AspNetUsers\" SET \"Status\" = {0} WHERE \"UserName\" = 'nvan.ldld'", (int)AccountStatus.Active));
    }

    /// <summary>A session whose security stamp is newer than the cached one (signed in again after a change made elsewhere) is read again, not refused.</summary>
    [Fact]
    public async Task NewerSessionThanTheCachedState_IsReadAgain()
    {
        using var officer = await app.ClientAsAsync("ttbich.ldld");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/me")).StatusCode);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = 'KHAC' WHERE \"UserName\" = 'ttbich.ldld'"));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/me")).StatusCode); // the old session, as cached (up to the lifetime)
        using var again = await app.ClientAsAsync("ttbich.ldld", fresh: true);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/me")).StatusCode); // its stamp differs from the cached one: read again
        await (await officer.GetAsync("/api/v1/me")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID"); // and now the old one is refused
    }
}

public sealed class AccessCacheTestsSqlite(SqliteAppFixture f) : AccessCacheTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AccessCacheTestsPostgres(PostgresAppFixture f) : AccessCacheTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>Cached state lives long here (2 days), so only the change of day can end the delegation's grant.</summary>
public sealed class LongAccessStateFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Security:AccessStateLifetime", "2.00:00:00"), new("Security:AccessTokenLifetime", "3.00:00:00")];
}

public sealed class AccessCacheDayTests(LongAccessStateFixture app) : IClassFixture<LongAccessStateFixture>
{
    [Fact]
    public async Task Delegation_EndsWithItsLastDay_EvenWhenTheStateIsCached()
    {
        using var head = await app.ClientAsAsync("tvhung.tld");
        using var deputy = await app.ClientAsAsync("pmtuan.tld");
        var today = Formats.Today(app.Clock).ToString("yyyy-MM-dd");
        (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "pmtuan.tld", organizationCode = "I02", role = "Head", startDate = today, endDate = today,
        })).EnsureSuccessStatusCode();
        var me = await (await deputy.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(me.GetProperty("roles").EnumerateArray(), r => r.GetProperty("onBehalfOfUserName").GetString() == "tvhung.tld");
        app.Clock.Advance(TimeSpan.FromDays(1));
        me = await (await deputy.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(me.GetProperty("roles").EnumerateArray(), r => r.GetProperty("onBehalfOfUserName").GetString() == "tvhung.tld");
    }
}
