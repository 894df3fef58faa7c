using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Accounts;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Review finding 7: login does not tell who has an account — a name without one costs the same hashing, answers the
/// same and counts the same — and guesses from one address stop that address, not the person.
/// </summary>
public abstract class LoginEnumerationTests(AppFixture app, PasswordChecks checks)
{
    /// <summary>A login from the given client address (the fixture's startup filter sets it from X-Test-Client).</summary>
    private async Task<HttpResponseMessage> LoginFromAsync(string address, string userName, string password)
    {
        using var c = app.CreateClient();
        c.DefaultRequestHeaders.Add(ClientAddress.Header, address);
        return await c.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
    }

    [Fact]
    public async Task ANameWithoutAnAccount_CostsThePasswordHashing_AndAnswersLikeAWrongPassword()
    {
        var before = checks.Count;
        var unknown = await (await LoginFromAsync("10.1.0.1", "khong.co.ai", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        Assert.Equal(before + 1, checks.Count); // a hash was checked, as for a real account
        var known = await (await LoginFromAsync("10.1.0.1", "nvan.ldld", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        Assert.Equal(before + 2, checks.Count);
        Assert.Equal(unknown.Str("message"), known.Str("message"));
    }

    [Fact]
    public async Task FiveGuessesFromOneAddress_StopThatAddress_ForKnownAndUnknownNamesAlike_NotThePerson()
    {
        for (var i = 0; i < 5; i++)
        {
            await (await LoginFromAsync("10.2.0.1", "ptngoc.ldld", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
            await (await LoginFromAsync("10.2.0.1", "khong.ton.tai", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        }
        // The guessing address is refused for both names the same way — even with the right password.
        await (await LoginFromAsync("10.2.0.1", "ptngoc.ldld", AppFixture.DemoPassword)).ErrorAsync((HttpStatusCode)423, "LOGIN_LOCKED_OUT");
        await (await LoginFromAsync("10.2.0.1", "khong.ton.tai", AppFixture.DemoPassword)).ErrorAsync((HttpStatusCode)423, "LOGIN_LOCKED_OUT");
        // The person, at their own desk, is not locked out.
        await (await LoginFromAsync("10.2.0.2", "ptngoc.ldld", AppFixture.DemoPassword)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GuessesFromManyAddresses_LockTheAccount_ButOnlyTheRightPasswordLearnsIt()
    {
        for (var i = 0; i < 20; i++)
            await (await LoginFromAsync($"10.3.0.{i + 1}", "dvduc.ldld", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        // Locked now: a wrong password from yet another address reads exactly as for a name with no account …
        var wrong = await (await LoginFromAsync("10.3.1.1", "dvduc.ldld", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        var nobody = await (await LoginFromAsync("10.3.1.1", "khong.co.ai.ca", "Sai@matkhau12")).ErrorAsync(HttpStatusCode.Unauthorized, "LOGIN_INVALID");
        Assert.Equal(nobody.Str("message"), wrong.Str("message"));
        // … and the holder, with the right one, is told to wait.
        await (await LoginFromAsync("10.3.1.2", "dvduc.ldld", AppFixture.DemoPassword)).ErrorAsync((HttpStatusCode)423, "LOGIN_LOCKED_OUT");
    }
}

/// <summary>How many password hashes were checked (the application's hasher, counted).</summary>
public sealed class PasswordChecks
{
    private int _count;
    public int Count => Volatile.Read(ref _count);
    internal void Add() => Interlocked.Increment(ref _count);
}

internal sealed class CountingHasher(PasswordHasher<AppUser> inner, PasswordChecks checks) : IPasswordHasher<AppUser>
{
    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        checks.Add();
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Sets the connection's remote address from a test header, so that tests can speak from several addresses.</summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((ctx, n) =>
        {
            if (ctx.Request.Headers[Header].ToString() is { Length: > 0 } a) ctx.Connection.RemoteIpAddress = IPAddress.Parse(a);
            return n(ctx);
        });
        next(app);
    };
}

internal static class LoginTestServices
{
    public static void Add(IServiceCollection s, PasswordChecks checks)
    {
        s.AddSingleton(checks);
        s.AddScoped<IPasswordHasher<AppUser>>(sp => new CountingHasher(new PasswordHasher<AppUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), checks));
        s.AddSingleton<IStartupFilter, ClientAddress>();
    }
}

public sealed class LoginSqliteFixture : SqliteAppFixture
{
    public PasswordChecks Checks { get; } = new();
    protected override void TestServices(IServiceCollection services) => LoginTestServices.Add(services, Checks);
}

public sealed class LoginPostgresFixture : PostgresAppFixture
{
    public PasswordChecks Checks { get; } = new();
    protected override void TestServices(IServiceCollection services) => LoginTestServices.Add(services, Checks);
}

public sealed class LoginEnumerationTestsSqlite(LoginSqliteFixture f) : LoginEnumerationTests(f, f.Checks), IClassFixture<LoginSqliteFixture>;
public sealed class LoginEnumerationTestsPostgres(LoginPostgresFixture f) : LoginEnumerationTests(f, f.Checks), IClassFixture<LoginPostgresFixture>;
