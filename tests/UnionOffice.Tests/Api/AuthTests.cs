using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

public abstract class AuthTests(AppFixture app)
{
    [Fact]
    public async Task Login_WithDemoAccount_GivesBearerTokenThatReadsMe()
    {
        var json = await (await app.LoginAsync("pstoan.ldld")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", json.Str("tokenType"));
        using var c = app.ClientWithToken(json.Str("accessToken"));
        var me = await (await c.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Phan Song Toàn", me.Str("fullName"));
        Assert.Equal("I02.36", me.Str("homeOrganizationCode"));
        Assert.Contains(me.GetProperty("roles").EnumerateArray(), r => r.Str("role") == "Head" && r.Str("organizationCode") == "I02.36");
    }

    [Fact]
    public async Task Login_WrongPassword_IsRefusedInVietnamese_AndAudited()
    {
        var json = await (await app.LoginAsync("tvhung.tld", "Sai@mat-khau1")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", json.Str("message"));
        var audited = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "auth.login.failed" && e.ActorUserName == "tvhung.tld" && !e.Succeeded));
        Assert.True(audited);
    }

    [Fact]
    public async Task Login_UnknownUser_GetsTheSameAnswerAsAWrongPassword() =>
        await (await app.LoginAsync("khongtontai.ldld", "Whatever@123")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");

    [Fact]
    public async Task Request_WithoutToken_Is401_WithGarbageToken_Is401()
    {
        using var anon = app.CreateClient();
        await (await anon.GetAsync("/api/v1/organizations")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        using var bad = app.ClientWithToken("not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bad.GetAsync("/api/v1/organizations")).StatusCode);
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccountOut_EvenForTheRightPassword()
    {
        var (userName, password) = await NewAccountAsync("Lý Thị Khóa");
        for (var i = 0; i < 5; i++) await app.LoginAsync(userName, "Sai@matkhau12");
        await (await app.LoginAsync(userName, password)).ErrorAsync((HttpStatusCode)423, "LOGIN_LOCKED_OUT");
    }

    [Fact]
    public async Task NewAccount_MustChangePassword_BeforeAnythingElse_ThenOldTokensDie()
    {
        var (userName, password) = await NewAccountAsync("Trương Văn Mới");
        var token = (await (await app.LoginAsync(userName, password)).JsonAsync(HttpStatusCode.OK)).Str("accessToken");
        using var c = app.ClientWithToken(token);
        await (await c.GetAsync("/api/v1/organizations")).ErrorAsync(HttpStatusCode.Forbidden, "PASSWORD_CHANGE_REQUIRED");
        Assert.True((await (await c.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("mustChangePassword").GetBoolean());

        await (await c.PostJsonAsync("/api/v1/me/password", new { currentPassword = password, newPassword = "ngan" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "PASSWORD_REJECTED");
        await (await c.PostJsonAsync("/api/v1/me/password", new { currentPassword = password, newPassword = "Vnpt@123456" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "PASSWORD_REJECTED");
        var renewed = await (await c.PostJsonAsync("/api/v1/me/password", new { currentPassword = password, newPassword = "Moi@Bimat2026x" }))
            .JsonAsync(HttpStatusCode.OK);

        await (await c.GetAsync("/api/v1/organizations")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
        using var c2 = app.ClientWithToken(renewed.Str("accessToken"));
        await (await c2.GetAsync("/api/v1/organizations")).JsonAsync(HttpStatusCode.OK);
        await (await app.LoginAsync(userName, password)).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
    }

    [Fact]
    public async Task LockedAccount_CannotLogIn_AndItsTokenStopsWorking()
    {
        var (userName, password) = await ActiveAccountAsync("Mạc Văn Khóa");
        using var user = await app.ClientAsAsync(userName, password, fresh: true);
        await (await user.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);

        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var id = await IdOfAsync(userName);
        (await admin.PostJsonAsync($"/api/v1/users/{id}/lock", new { reason = "Nghỉ việc" })).EnsureSuccessStatusCode();

        await (await user.GetAsync("/api/v1/me")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
        var refused = await (await app.LoginAsync(userName, password)).ErrorAsync((HttpStatusCode)423, "ACCOUNT_LOCKED");
        Assert.Contains("Nghỉ việc", refused.Str("message"));

        (await admin.PostJsonAsync($"/api/v1/users/{id}/unlock")).EnsureSuccessStatusCode();
        await (await app.LoginAsync(userName, password)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Otp_Enrol_ThenLoginNeedsCode_AndACodeWorksOnlyOnce()
    {
        var (userName, password) = await ActiveAccountAsync("Kiều Văn Mã");
        using var c = await app.ClientAsAsync(userName, password, fresh: true);
        var setup = await (await c.GetAsync("/api/v1/me/otp")).JsonAsync(HttpStatusCode.OK);
        Assert.False(setup.GetProperty("enabled").GetBoolean());
        Assert.StartsWith("otpauth://totp/", setup.Str("authenticatorUri"));
        var key = Totp.DecodeBase32(setup.Str("sharedKey"));

        await (await c.PostJsonAsync("/api/v1/me/otp/enable", new { code = "000000" })).ErrorAsync(HttpStatusCode.Unauthorized, "OTP_INVALID");
        (await c.PostJsonAsync("/api/v1/me/otp/enable", new { code = CodeNow(key) })).EnsureSuccessStatusCode();

        await (await app.LoginAsync(userName, password)).ErrorAsync(HttpStatusCode.Unauthorized, "OTP_REQUIRED");
        var stale = CodeNow(key);
        app.Clock.Advance(TimeSpan.FromSeconds(90)); // three steps on: the earlier code has expired
        await (await app.LoginAsync(userName, password, stale)).ErrorAsync(HttpStatusCode.Unauthorized, "OTP_INVALID");
        var code = CodeNow(key);
        await (await app.LoginAsync(userName, password, code)).JsonAsync(HttpStatusCode.OK);
        await (await app.LoginAsync(userName, password, code)).ErrorAsync(HttpStatusCode.Unauthorized, "OTP_REUSED");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await (await app.LoginAsync(userName, password, CodeNow(key))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Otp_MadeMandatoryForARole_ConfinesTheHolderToEnrolment_AndCannotBeTurnedOff()
    {
        using var root = await app.ClientAsAsync("nqtri.tld");
        var org = await (await root.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.77", name = "LĐLĐ huyện Thử OTP", parentCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        var created = await (await root.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Ông Văn Bắt", organizationCode = "I02.36.77",
            roles = new[] { new { role = "Clerk", organizationCode = "I02.36.77" } },
        })).JsonAsync(HttpStatusCode.Created);
        var userName = created.Str("userName");
        var password = await ChangeFirstPasswordAsync(userName, created.Str("oneTimePassword"));
        (await root.PutJsonAsync($"/api/v1/organizations/{org.Str("code")}", new { otpRequiredRoles = new[] { "Clerk" } })).EnsureSuccessStatusCode();

        using var c = await app.ClientAsAsync(userName, password, fresh: true);
        await (await c.GetAsync("/api/v1/organizations")).ErrorAsync(HttpStatusCode.Forbidden, "OTP_ENROLLMENT_REQUIRED");
        var setup = await (await c.GetAsync("/api/v1/me/otp")).JsonAsync(HttpStatusCode.OK);
        Assert.True(setup.GetProperty("mandatory").GetBoolean());
        var key = Totp.DecodeBase32(setup.Str("sharedKey"));
        (await c.PostJsonAsync("/api/v1/me/otp/enable", new { code = CodeNow(key) })).EnsureSuccessStatusCode();
        await (await c.GetAsync("/api/v1/organizations")).JsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await (await c.PostJsonAsync("/api/v1/me/otp/disable", new { code = CodeNow(key) })).ErrorAsync(HttpStatusCode.Conflict, "OTP_MANDATORY");
    }

    [Fact]
    public async Task Healthz_IsUp_AndOpenApiDescribesTheApi()
    {
        using var anon = app.CreateClient();
        await (await anon.GetAsync("/healthz")).JsonAsync(HttpStatusCode.OK);
        var doc = await (await anon.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        foreach (var p in new[] { "/api/v1/auth/login", "/api/v1/organizations", "/api/v1/users", "/api/v1/delegations", "/api/v1/audit", "/api/v1/me/otp" })
            Assert.True(paths.TryGetProperty(p, out _), $"OpenAPI lacks {p}");
    }

    private string CodeNow(byte[] key) => Totp.Code(key, Totp.TimeStep(app.Clock.GetUtcNow()));

    private async Task<(string UserName, string Password)> NewAccountAsync(string fullName)
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var json = await (await admin.PostJsonAsync("/api/v1/users", new
        {
            fullName, organizationCode = "I02.36", roles = new[] { new { role = "Officer", organizationCode = "I02.36", departmentCode = "VP" } },
        })).JsonAsync(HttpStatusCode.Created);
        return (json.Str("userName"), json.Str("oneTimePassword"));
    }

    private async Task<(string UserName, string Password)> ActiveAccountAsync(string fullName)
    {
        var (userName, oneTime) = await NewAccountAsync(fullName);
        return (userName, await ChangeFirstPasswordAsync(userName, oneTime));
    }

    private async Task<string> ChangeFirstPasswordAsync(string userName, string oneTime)
    {
        const string password = "Rieng@Tu2026x";
        using var c = await app.ClientAsAsync(userName, oneTime, fresh: true);
        (await c.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = oneTime, newPassword = password })).EnsureSuccessStatusCode();
        return password;
    }

    private Task<Guid> IdOfAsync(string userName) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
}

public sealed class AuthTestsSqlite(SqliteAppFixture f) : AuthTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AuthTestsPostgres(PostgresAppFixture f) : AuthTests(f), IClassFixture<PostgresAppFixture>;
