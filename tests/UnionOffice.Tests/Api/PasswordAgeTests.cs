using System.Net;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>Seed 002 §3.1b (review finding 18): with a maximum password age set, an older password must be changed at the next sign-in.</summary>
public abstract class PasswordAgeTests(AppFixture app)
{
    [Fact]
    public async Task APasswordOlderThanTheMaximumAge_MustBeChangedAtTheNextSignIn()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { fullName = "Đỗ Mật Khẩu Cũ", organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.Created);
        using (var first = await app.ClientAsAsync(user.Str("userName"), user.Str("oneTimePassword"), fresh: true))
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = user.Str("oneTimePassword"), newPassword = "Moi@DoiLan1xyz" })).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(89));
        using (var fresh = await app.ClientAsAsync(user.Str("userName"), "Moi@DoiLan1xyz", fresh: true))
            (await fresh.GetAsync("/api/v1/organizations")).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(2)); // 91 days since it was chosen
        using var old = await app.ClientAsAsync(user.Str("userName"), "Moi@DoiLan1xyz", fresh: true);
        Assert.True((await (await old.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK)).GetProperty("mustChangePassword").GetBoolean());
        await (await old.GetAsync("/api/v1/organizations")).ErrorAsync(HttpStatusCode.Forbidden, "PASSWORD_CHANGE_REQUIRED");
        var changed = await (await old.PostJsonAsync("/api/v1/me/password", new { currentPassword = "Moi@DoiLan1xyz", newPassword = "Moi@DoiLan2xyz" })).JsonAsync(HttpStatusCode.OK);
        using var renewed = app.ClientWithToken(changed.Str("accessToken"));
        (await renewed.GetAsync("/api/v1/organizations")).EnsureSuccessStatusCode();
    }
}

public sealed class PasswordAgeSqliteFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Security:MaxPasswordAgeDays", "90")];
}

public sealed class PasswordAgePostgresFixture : PostgresAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Security:MaxPasswordAgeDays", "90")];
}

public sealed class PasswordAgeTestsSqlite(PasswordAgeSqliteFixture f) : PasswordAgeTests(f), IClassFixture<PasswordAgeSqliteFixture>;
public sealed class PasswordAgeTestsPostgres(PasswordAgePostgresFixture f) : PasswordAgeTests(f), IClassFixture<PasswordAgePostgresFixture>;
