using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Accounts;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>Seed 002 Điều 7 §3: unused 30 days after issue → locked; no login for 60 days → revoked. Moves the clock by days.</summary>
public abstract class LifecycleTests(AppFixture app)
{
    [Fact]
    public async Task UnusedAccounts_AreLockedAfter30Days_AndInactiveOnesRevokedAfter60_EachAudited()
    {
        await app.LoginAsync("pstoan.ldld"); // the head uses the system; nobody else does
        app.Clock.Advance(TimeSpan.FromDays(31));
        var first = await RunAsync();
        Assert.True(first.Locked >= 16);
        Assert.Equal(0, first.Revoked);
        var status = await StatusAsync();
        Assert.Equal(AccountStatus.Active, status["pstoan.ldld"]);
        Assert.Equal(AccountStatus.Locked, status["nvan.ldld"]);
        await (await app.LoginAsync("nvan.ldld")).ErrorAsync((HttpStatusCode)423, "ACCOUNT_LOCKED");

        // The head keeps working; the administrator reinstates one officer.
        await app.LoginAsync("pstoan.ldld");
        await app.LoginAsync("vmquan.ldld");
        Assert.Equal(0, (await RunAsync()).Locked + (await RunAsync()).Revoked); // idempotent
        app.Clock.Advance(TimeSpan.FromDays(30));
        var second = await RunAsync();
        Assert.True(second.Revoked >= 16); // the never-used accounts: 61 days since issue
        status = await StatusAsync();
        Assert.Equal(AccountStatus.Active, status["pstoan.ldld"]);
        Assert.Equal(AccountStatus.Revoked, status["nvan.ldld"]);
        var refused = await (await app.LoginAsync("nvan.ldld")).ErrorAsync((HttpStatusCode)423, "ACCOUNT_REVOKED");
        Assert.Contains("60 ngày", refused.Str("message"));

        app.Clock.Advance(TimeSpan.FromDays(61));
        await RunAsync();
        Assert.Equal(AccountStatus.Revoked, (await StatusAsync())["pstoan.ldld"]);

        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action.StartsWith("account.lifecycle.")));
        Assert.True(audited >= first.Locked + second.Revoked);
    }

    private async Task<AccountLifecycle.Result> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().RunAsync(default);
    }

    private Task<Dictionary<string, AccountStatus>> StatusAsync() =>
        app.WithDbAsync(db => db.Users.ToDictionaryAsync(u => u.UserName!, u => u.Status));
}

public sealed class LifecycleTestsSqlite(SqliteAppFixture f) : LifecycleTests(f), IClassFixture<SqliteAppFixture>;
public sealed class LifecycleTestsPostgres(PostgresAppFixture f) : LifecycleTests(f), IClassFixture<PostgresAppFixture>;

public sealed class TightLoginLimitFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Security:LoginAttemptsPerAccount", "4"), new("Security:LoginAttemptsPerIp", "8")];
}

public sealed class LoginRateLimitTests(TightLoginLimitFixture app) : IClassFixture<TightLoginLimitFixture>
{
    [Fact]
    public async Task TooManyAttempts_OnOneAccount_OrFromOneAddress_AreRefusedWith429()
    {
        for (var i = 0; i < 4; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await app.LoginAsync("ttbich.ldld", "Sai@matkhau1")).StatusCode);
        await (await app.LoginAsync("ttbich.ldld")).ErrorAsync(HttpStatusCode.TooManyRequests, "LOGIN_RATE_LIMITED");
        // Other accounts from the same address: the address limit (8) stops the spraying.
        for (var i = 0; i < 4; i++) await app.LoginAsync($"khong{i}.ldld", "Sai@matkhau1");
        await (await app.LoginAsync("dvduc.ldld")).ErrorAsync(HttpStatusCode.TooManyRequests, "LOGIN_RATE_LIMITED");
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await (await app.LoginAsync("dvduc.ldld")).JsonAsync(HttpStatusCode.OK);
    }
}

public sealed class LongTokenFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Security:AccessTokenLifetime", "200.00:00:00")];
}

public sealed class RevokedTokenTests(LongTokenFixture app) : IClassFixture<LongTokenFixture>
{
    [Fact]
    public async Task TokenOfARevokedAccount_IsRefused_EvenBeforeItExpires()
    {
        var token = (await (await app.LoginAsync("ptngoc.ldld")).JsonAsync(HttpStatusCode.OK)).Str("accessToken");
        using var c = app.ClientWithToken(token);
        await (await c.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromDays(61));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().RunAsync(default);
        await (await c.GetAsync("/api/v1/me")).ErrorAsync(HttpStatusCode.Unauthorized, "SESSION_INVALID");
    }
}
