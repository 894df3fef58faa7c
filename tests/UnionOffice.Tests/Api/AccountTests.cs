using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

public abstract class AccountTests(AppFixture app)
{
    [Fact]
    public async Task Create_ProposesTheSeedUserName_ResolvesClash_AndIssuesARandomOneTimePassword()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var proposal = await (await admin.PostJsonAsync("/api/v1/users/propose-username", new { fullName = "Phan Song Toàn", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("pstoan2.ldld", proposal.Str("userName")); // pstoan.ldld is the demo head
        var a = await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Phan Song Toàn", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        var b = await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Phan Sơn Toàn", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("pstoan2.ldld", a.Str("userName"));
        Assert.Equal("pstoan3.ldld", b.Str("userName"));
        Assert.NotEqual(a.Str("oneTimePassword"), b.Str("oneTimePassword"));
        Assert.NotEqual("Vnpt@123", a.Str("oneTimePassword"));
        var me = await (await app.ClientAsAsync("pstoan2.ldld", a.Str("oneTimePassword"))).GetAsync("/api/v1/me");
        Assert.True((await me.JsonAsync(HttpStatusCode.OK)).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task Create_BadInput_IsRefused_AndNothingIsSaved()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "", organizationCode = "I02.36" })).ErrorAsync(HttpStatusCode.BadRequest, "FULL_NAME_REQUIRED");
        await (await admin.PostJsonAsync("/api/v1/users", new { fullName = new string('Ă', 201), organizationCode = "I02.36" })).ErrorAsync(HttpStatusCode.BadRequest, "TEXT_TOO_LONG");
        await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Lê Văn Trùng", organizationCode = "I02.36", userName = "pstoan.ldld" })).ErrorAsync(HttpStatusCode.Conflict, "USERNAME_TAKEN");
        await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Lê Văn Sai", organizationCode = "I02.36", userName = "Lê Sai" })).ErrorAsync(HttpStatusCode.BadRequest, "USERNAME_INVALID");
        await (await admin.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Lê Văn Vai", organizationCode = "I02.36", roles = new[] { new { role = "DepartmentHead", organizationCode = "I02.36" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "DEPARTMENT_REQUIRED");
        await (await admin.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Lê Văn Vai", organizationCode = "I02.36", roles = new[] { new { role = "Boss", organizationCode = "I02.36" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "ROLE_INVALID");
        await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Lê Văn Ngoài", organizationCode = "I02.01" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        string[] refused = ["Lê Văn Trùng", "Lê Văn Sai", "Lê Văn Vai", "Lê Văn Ngoài"];
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => refused.Contains(u.FullName) || u.FullName.Length > 200)));
    }

    [Fact]
    public async Task BulkCsv_CreatesAll_OrNone_WithEveryBadRowReported()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var bad = "fullName,roles,departmentCode\nHồ Văn Một,Officer,VP\n,Officer,VP\nHồ Văn Ba,Boss,VP\nHồ Văn Bốn,DepartmentHead,\n";
        var err = await (await admin.UploadAsync("/api/v1/users/import?organizationCode=I02.36", "nguoi-dung.csv", Encoding.UTF8.GetBytes(bad)))
            .ErrorAsync(HttpStatusCode.BadRequest, "IMPORT_ROWS_INVALID");
        Assert.Equal([3, 4, 5], err.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()).ToArray());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.FullName == "Hồ Văn Một")));

        var good = "fullName,roles,departmentCode,email\nHồ Văn Một,Officer,VP,mot@example.vn\nHồ Văn Mốt,Officer;Clerk,VP,\n";
        var issued = await (await admin.UploadAsync("/api/v1/users/import?organizationCode=I02.36", "nguoi-dung.csv", Encoding.UTF8.GetBytes(good)))
            .JsonAsync(HttpStatusCode.OK);
        var names = issued.EnumerateArray().Select(x => x.Str("userName")).ToList();
        Assert.Equal(["hvmot.ldld", "hvmot2.ldld"], names); // same folded name: numbered within the file
        var roles = await app.WithDbAsync(db => db.RoleAssignments.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.UserName == "hvmot2.ldld")));
        Assert.Equal(2, roles);
    }

    [Fact]
    public async Task Roles_AreGrantedInSeveralOrgans_AndRemoved_ByTheRightAdministrators()
    {
        using var province = await app.ClientAsAsync("vmquan.ldld");
        using var root = await app.ClientAsAsync("nqtri.tld");
        var user = await (await province.PostJsonAsync("/api/v1/users", new { fullName = "Tôn Thất Hai", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        var id = user.Str("id");
        (await province.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "Officer", organizationCode = "I02.36", departmentCode = "CSPL" })).EnsureSuccessStatusCode();
        await (await province.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "Officer", organizationCode = "I02.36", departmentCode = "CSPL" })).ErrorAsync(HttpStatusCode.Conflict, "ROLE_EXISTS");
        await (await province.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "CommitteeMember", organizationCode = "I02" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await root.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "CommitteeMember", organizationCode = "I02" })).EnsureSuccessStatusCode();
        await (await province.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "Officer", organizationCode = "I02.36", departmentCode = "NOPE" })).ErrorAsync(HttpStatusCode.BadRequest, "DEPARTMENT_MISMATCH");

        // The person now sits on the Confederation's committee: the province no longer manages the account itself.
        await (await province.GetAsync($"/api/v1/users/{id}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var detail = await (await root.GetAsync($"/api/v1/users/{id}")).JsonAsync(HttpStatusCode.OK);
        var roles = detail.GetProperty("roles").EnumerateArray().ToList();
        Assert.Equal(2, roles.Count);
        var committee = roles.Single(r => r.Str("organizationCode") == "I02").Str("id");
        await (await province.DeleteAsync($"/api/v1/users/{id}/roles/{committee}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.NoContent, (await root.DeleteAsync($"/api/v1/users/{id}/roles/{committee}")).StatusCode);
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.TargetId == id && (e.Action == "account.role.granted" || e.Action == "account.role.removed")));
        Assert.Equal(3, audit);
    }

    [Fact]
    public async Task ResetPassword_IssuesANewOneTimePassword_AndForcesAChange()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Lưu Văn Quên", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        var reset = await (await admin.PostJsonAsync($"/api/v1/users/{user.Str("id")}/reset-password")).JsonAsync(HttpStatusCode.OK);
        await (await app.LoginAsync(user.Str("userName"), user.Str("oneTimePassword"))).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        await (await app.LoginAsync(user.Str("userName"), reset.Str("oneTimePassword"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_ShowsOnlyTheAdministratorsScope_AndSearchesWithoutDiacritics()
    {
        using var province = await app.ClientAsAsync("vmquan.ldld");
        var page = await (await province.GetAsync("/api/v1/users?q=phan%20song%20toan")).JsonAsync(HttpStatusCode.OK);
        var names = page.GetProperty("items").EnumerateArray().Select(u => u.Str("userName")).ToList();
        Assert.Contains("pstoan.ldld", names);
        var all = await (await province.GetAsync("/api/v1/users?pageSize=200")).JsonAsync(HttpStatusCode.OK);
        Assert.All(all.GetProperty("items").EnumerateArray(), u => Assert.StartsWith("I02.36", u.Str("homeOrganizationCode")));
        await (await province.GetAsync("/api/v1/users?organizationCode=I02")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var head = await (await province.GetAsync("/api/v1/users?q=tvhung")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, head.GetProperty("total").GetInt32()); // the Confederation's head is outside the province's scope
    }
}

public sealed class AccountTestsSqlite(SqliteAppFixture f) : AccountTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AccountTestsPostgres(PostgresAppFixture f) : AccountTests(f), IClassFixture<PostgresAppFixture>;
