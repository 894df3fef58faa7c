using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Api;

/// <summary>Rules found missing in review: each was a way around the access model or a lost update.</summary>
public abstract class ReviewFindingsTests(AppFixture app)
{
    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    [Fact]
    public async Task LowerAdministrator_CannotResetTheAccountOfSomeoneHoldingARoleHigherUp()
    {
        using var province = await app.ClientAsAsync("vmquan.ldld");
        using var root = await app.ClientAsAsync("nqtri.tld");
        var user = await (await province.PostJsonAsync("/api/v1/users", new { fullName = "Lê Thăng Tiến", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        (await root.PostJsonAsync($"/api/v1/users/{user.Str("id")}/roles", new { role = "Head", organizationCode = "I02" })).EnsureSuccessStatusCode();
        await (await province.PostJsonAsync($"/api/v1/users/{user.Str("id")}/reset-password")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await province.PostJsonAsync($"/api/v1/users/{user.Str("id")}/lock")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await province.GetAsync($"/api/v1/users/{user.Str("id")}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await root.PostJsonAsync($"/api/v1/users/{user.Str("id")}/reset-password")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task WrongCurrentPasswords_OnPasswordChange_LockTheAccountOut()
    {
        using var province = await app.ClientAsAsync("vmquan.ldld");
        var user = await (await province.PostJsonAsync("/api/v1/users", new { fullName = "Đoán Mật Khẩu", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        using var c = await app.ClientAsAsync(user.Str("userName"), user.Str("oneTimePassword"), fresh: true);
        for (var i = 0; i < 5; i++)
            await (await c.PostJsonAsync("/api/v1/me/password", new { currentPassword = $"Doan@Sai{i}xyz", newPassword = "Moi@Hoan2026x" }))
                .ErrorAsync(HttpStatusCode.BadRequest, "PASSWORD_CURRENT_WRONG");
        await (await app.LoginAsync(user.Str("userName"), user.Str("oneTimePassword"))).ErrorAsync((HttpStatusCode)423, "LOGIN_LOCKED_OUT");
    }

    [Fact]
    public async Task Delegation_StopsWhenTheDelegatorIsLocked()
    {
        // A head of its own, so that locking it disturbs no other test.
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var head = await (await admin.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Phó Chủ Tịch Tạm", organizationCode = "I02.36", roles = new[] { new { role = "Head", organizationCode = "I02.36" } },
        })).JsonAsync(HttpStatusCode.Created);
        using (var first = await app.ClientAsAsync(head.Str("userName"), head.Str("oneTimePassword")))
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = head.Str("oneTimePassword"), newPassword = "Pho@Tam2026xyz" })).EnsureSuccessStatusCode();
        using var h = await app.ClientAsAsync(head.Str("userName"), "Pho@Tam2026xyz", fresh: true);
        (await h.PostJsonAsync("/api/v1/delegations", new { toUserName = "ptngoc.ldld", organizationCode = "I02.36", role = "Head", startDate = Day(0), endDate = Day(3) }))
            .EnsureSuccessStatusCode();
        using var deputy = await app.ClientAsAsync("ptngoc.ldld");
        bool Acting(System.Text.Json.JsonElement me) => me.GetProperty("roles").EnumerateArray()
            .Any(r => r.Str("role") == "Head" && r.GetProperty("onBehalfOfUserName").GetString() == head.Str("userName"));
        Assert.True(Acting(await (await deputy.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK)));
        (await admin.PostJsonAsync($"/api/v1/users/{head.Str("id")}/lock", new { reason = "Tạm đình chỉ" })).EnsureSuccessStatusCode();
        Assert.False(Acting(await (await deputy.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task TwoHeadsDirectingAtOnce_LeaveExactlyOneDirection()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "UBND tỉnh Nghệ An", codeNumber = $"{Random.Shared.Next(1000, 9999)}", codeNotation = "UBND-VX",
            issuedDate = Day(0), typeName = "Công văn", subject = "V/v phối hợp tổ chức Tết sum vầy",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await clerk.PostJsonAsync($"/api/v1/incoming/{id}/present", new { })).EnsureSuccessStatusCode();
        using var root = await app.ClientAsAsync("vmquan.ldld");
        var deputy = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "lvbinh.ldld").Select(u => u.Id).SingleAsync());
        (await root.PostJsonAsync($"/api/v1/users/{deputy}/roles", new { role = "Head", organizationCode = "I02.36" })).EnsureSuccessStatusCode();
        using var head1 = await app.ClientAsAsync("pstoan.ldld");
        using var head2 = await app.ClientAsAsync("lvbinh.ldld", fresh: true);
        var results = await Task.WhenAll(
            head1.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "VP chủ trì", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } } }),
            head2.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "CSPL chủ trì", targets = new object[] { new { kind = "Lead", departmentCode = "CSPL" } } }));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        var leads = await app.WithDbAsync(db => db.IncomingAssignments.CountAsync(a => a.DocumentId == Guid.Parse(id) && a.Kind == UnionOffice.Modules.Work.AssignmentKind.Lead));
        Assert.Equal(1, leads);
    }

    [Fact]
    public async Task ReturnedLead_SendsTheDocumentBackToTheHead_WhoDirectsAgain_AndTheAuditHoldsNoContent()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Sở Y tế", codeNumber = $"{Random.Shared.Next(1000, 9999)}", codeNotation = "SYT",
            issuedDate = Day(0), typeName = "Công văn", subject = "V/v khám sức khỏe định kỳ cho đoàn viên",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "Giao đồng chí Ngọc — nội dung mật của cá nhân", targets = new object[] { new { kind = "Lead", userName = "ptngoc.ldld" } } }))
            .EnsureSuccessStatusCode();
        using var officer = await app.ClientAsAsync("ptngoc.ldld");
        var a = (await (await officer.GetAsync("/api/v1/incoming/inbox?view=to-handle")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single(d => d.Str("id") == id).Str("assignmentId");
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{a}/return", new { text = "Không thuộc chức năng của Ban" })).EnsureSuccessStatusCode();
        Assert.Equal("Presented", (await (await head.GetAsync($"/api/v1/incoming/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "Văn phòng chủ trì", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } } }))
            .EnsureSuccessStatusCode();
        var details = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.TargetId == id && e.Action.StartsWith("incoming.")).Select(e => e.Details).ToListAsync());
        Assert.All(details, d => Assert.True(d is null || (!d.Contains("mật") && !d.Contains("chức năng")), d));
    }
}

public sealed class ReviewFindingsTestsSqlite(SqliteAppFixture f) : ReviewFindingsTests(f), IClassFixture<SqliteAppFixture>;
public sealed class ReviewFindingsTestsPostgres(PostgresAppFixture f) : ReviewFindingsTests(f), IClassFixture<PostgresAppFixture>;

public sealed class OtpPageGuessingTests(SqliteAppFixture app) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task GuessingCodesOnTheOtpPage_LocksTheAccountOut()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Thử Mã Liên Tục", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        using (var first = await app.ClientAsAsync(user.Str("userName"), user.Str("oneTimePassword")))
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = user.Str("oneTimePassword"), newPassword = "Ma@Lien2026xy" })).EnsureSuccessStatusCode();
        using var c = await app.ClientAsAsync(user.Str("userName"), "Ma@Lien2026xy", fresh: true);
        var key = Totp.DecodeBase32((await (await c.GetAsync("/api/v1/me/otp")).JsonAsync(HttpStatusCode.OK)).Str("sharedKey"));
        (await c.PostJsonAsync("/api/v1/me/otp/enable", new { code = Totp.Code(key, Totp.TimeStep(app.Clock.GetUtcNow())) })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        using var s = new UiSession(app);
        var login = await s.SubmitAsync("/account/login", "login", new() { ["Input.UserName"] = user.Str("userName"), ["Input.Password"] = "Ma@Lien2026xy" });
        Assert.Equal("/account/login-otp", login.Headers.Location!.AbsolutePath);
        string html = "";
        for (var i = 0; i < 6; i++)
            html = await (await s.SubmitAsync("/account/login-otp", "otp", new() { ["Input.Code"] = $"00000{i}" })).Content.ReadAsStringAsync();
        Assert.Contains("tạm khóa", html);
        // Even the right code is refused now.
        var right = await s.SubmitAsync("/account/login-otp", "otp", new() { ["Input.Code"] = Totp.Code(key, Totp.TimeStep(app.Clock.GetUtcNow())) });
        Assert.NotEqual(System.Net.HttpStatusCode.Redirect, right.StatusCode);
    }
}
