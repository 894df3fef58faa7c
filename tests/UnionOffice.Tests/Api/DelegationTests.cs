using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

public abstract class DelegationTests(AppFixture app)
{
    private string Today => Formats.Today(app.Clock).ToString("yyyy-MM-dd");
    private string InDays(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    [Fact]
    public async Task DepartmentHead_Delegates_HeadApproves_DelegateActsOnBehalf()
    {
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        var req = await (await dh.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "nvan.ldld", organizationCode = "I02.36", role = "DepartmentHead", startDate = Today, endDate = InDays(7), reason = "Đi công tác",
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Pending", req.Str("status"));
        var id = req.Str("id");

        using var delegate_ = await app.ClientAsAsync("nvan.ldld");
        var before = await (await delegate_.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(before.GetProperty("roles").EnumerateArray(), r => r.Str("role") == "DepartmentHead");

        await (await dh.PostJsonAsync($"/api/v1/delegations/{id}/approve")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await delegate_.PostJsonAsync($"/api/v1/delegations/{id}/approve")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var otherHead = await app.ClientAsAsync("tvhung.tld");
        await (await otherHead.PostJsonAsync($"/api/v1/delegations/{id}/approve")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        Assert.Equal("Approved", (await (await head.PostJsonAsync($"/api/v1/delegations/{id}/approve")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        await (await head.PostJsonAsync($"/api/v1/delegations/{id}/approve")).ErrorAsync(HttpStatusCode.Conflict, "DELEGATION_NOT_PENDING");

        var after = await (await delegate_.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        var acting = after.GetProperty("roles").EnumerateArray().Single(r => r.Str("role") == "DepartmentHead");
        Assert.Equal("lvbinh.ldld", acting.Str("onBehalfOfUserName"));
        Assert.Equal("VP", acting.Str("departmentCode"));

        // After the range the authority returns.
        app.Clock.Advance(TimeSpan.FromDays(9));
        using var relogged = await app.ClientAsAsync("nvan.ldld");
        var later = await (await relogged.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(later.GetProperty("roles").EnumerateArray(), r => r.Str("role") == "DepartmentHead");
    }

    [Fact]
    public async Task Head_DelegatesOwnAuthority_InForceAtOnce_AndTheDeputysDecisionsAreRecordedOnBehalf()
    {
        using var head = await app.ClientAsAsync("tvhung.tld");
        var d = await (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "pmtuan.tld", organizationCode = "I02", role = "Head", startDate = Today, endDate = InDays(3),
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("Approved", d.Str("status"));

        using var officer = await app.ClientAsAsync("ntlan.tld");
        var req = await (await officer.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "dvnam.tld", organizationCode = "I02", role = "Officer", startDate = Today, endDate = InDays(2),
        })).JsonAsync(HttpStatusCode.Created);
        using var deputy = await app.ClientAsAsync("pmtuan.tld");
        (await deputy.PostJsonAsync($"/api/v1/delegations/{req.Str("id")}/approve")).EnsureSuccessStatusCode();

        var (headId, entry) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.UserName == "tvhung.tld").Select(u => u.Id).SingleAsync(),
            await db.AuditEntries.SingleAsync(e => e.Action == "delegation.approved" && e.TargetId == req.Str("id"))));
        Assert.Equal("pmtuan.tld", entry.ActorUserName);
        Assert.Equal(headId, entry.OnBehalfOfUserId);
        (await head.PostJsonAsync($"/api/v1/delegations/{d.Str("id")}/revoke")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Delegation_BadRequests_AreRefused()
    {
        using var officer = await app.ClientAsAsync("ttbich.ldld");
        await (await officer.PostJsonAsync("/api/v1/delegations", new { toUserName = "ttbich.ldld", organizationCode = "I02.36", role = "Officer", startDate = Today, endDate = Today }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_SELF");
        await (await officer.PostJsonAsync("/api/v1/delegations", new { toUserName = "nvan.ldld", organizationCode = "I02.36", role = "Head", startDate = Today, endDate = Today }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_NO_ROLE");
        await (await officer.PostJsonAsync("/api/v1/delegations", new { toUserName = "ntlan.tld", organizationCode = "I02.36", role = "Officer", startDate = Today, endDate = Today }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_OUTSIDE");
        await (await officer.PostJsonAsync("/api/v1/delegations", new { toUserName = "nvan.ldld", organizationCode = "I02.36", role = "Officer", startDate = InDays(3), endDate = InDays(1) }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_DATES");
        await (await officer.PostJsonAsync("/api/v1/delegations", new { toUserName = "nvan.ldld", organizationCode = "I02.36", role = "Officer", startDate = InDays(-5), endDate = InDays(-1) }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DELEGATION_PAST");
    }
}

public sealed class DelegationTestsSqlite(SqliteAppFixture f) : DelegationTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DelegationTestsPostgres(PostgresAppFixture f) : DelegationTests(f), IClassFixture<PostgresAppFixture>;
