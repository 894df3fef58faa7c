using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

public sealed record PasswordCheck(AppUser? User, Error? Error)
{
    public bool NeedsOtp => User is { TwoFactorEnabled: true };
}

/// <summary>
/// The one login procedure behind the login page and POST /api/v1/auth/login. It never tells who has an account (review
/// finding 7): a name without one costs the same password hashing as a wrong password, answers the same, and counts
/// the same towards the address's limit; an account locked by guesses from many addresses is said to be locked only
/// to whoever gives its right password.
/// </summary>
public sealed class LoginService(
    AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher,
    LoginThrottle throttle, Auditor audit, TimeProvider time, Microsoft.Extensions.Options.IOptions<SecurityOptions> security)
{
    /// <summary>A hash of a password nobody has, made once by this process's hasher: checked against for names without an account.</summary>
    private static string? _decoy;

    public async Task<PasswordCheck> CheckPasswordAsync(string? userName, string? password, string? ip, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        if (!throttle.TryAcquire(ip, name))
            return await FailAsync(null, name, AccountErrors.TooManyAttempts, ct);
        if (throttle.BlockedUntil(ip, name) is { } until)
            return await FailAsync(null, name, AccountErrors.SourceLockedOut(until), ct);
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        if (user is null || string.IsNullOrEmpty(password))
        {
            _decoy ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N"));
            hasher.VerifyHashedPassword(new AppUser(), _decoy, password ?? "");
            // A wrong password for a real account writes its failure count: one round trip, paid here too.
            await db.Users.Where(u => u.Id == Guid.Empty).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, x => x.AccessFailedCount), ct);
            throttle.Failed(ip, name);
            return await FailAsync(null, name, AccountErrors.InvalidCredentials, ct);
        }
        if (await users.IsLockedOutAsync(user))
        {
            // Locked by guesses from many addresses: only the right password learns it (and waits); a wrong one reads as any wrong one.
            if (!await users.CheckPasswordAsync(user, password))
            {
                throttle.Failed(ip, name);
                return await FailAsync(user, name, AccountErrors.InvalidCredentials, ct);
            }
            return await FailAsync(user, name, AccountErrors.LockedOut(await users.GetLockoutEndDateAsync(user) ?? time.GetUtcNow()), ct);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            throttle.Failed(ip, name);
            return await FailAsync(user, name, AccountErrors.InvalidCredentials, ct);
        }
        throttle.Succeeded(ip, name);
        if (StatusError(user) is { } statusError)
            return await FailAsync(user, name, statusError, ct);
        await AgePasswordAsync(user, ct);
        return new PasswordCheck(user, null);
    }

    /// <summary>
    /// A password older than Security:MaxPasswordAgeDays (seed 002 §3.1b: change it regularly) must be changed now: the
    /// account gate sends its holder to the change before anything else.
    /// </summary>
    private async Task AgePasswordAsync(AppUser user, CancellationToken ct)
    {
        var days = security.Value.MaxPasswordAgeDays;
        if (days <= 0 || user.MustChangePassword || (user.PasswordChangedAt ?? user.IssuedAt) > time.GetUtcNow().AddDays(-days)) return;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.MustChangePassword, true), ct);
        user.MustChangePassword = true;
    }

    public static Error? StatusError(AppUser user) => user.Status switch
    {
        AccountStatus.Locked => AccountErrors.AccountLocked(user.StatusReason),
        AccountStatus.Revoked => AccountErrors.AccountRevoked(user.StatusReason),
        _ => null,
    };

    /// <summary>Checks a one-time code; a code (time step) already used is refused, a wrong one counts toward lockout.</summary>
    public async Task<Error?> VerifyOtpAsync(AppUser user, string? code, CancellationToken ct, string? ip = null)
    {
        if (string.IsNullOrWhiteSpace(code))
            return AccountErrors.OtpRequired;
        // Codes are guessed like passwords: the same lockout and the same per-account limit apply.
        if (await users.IsLockedOutAsync(user))
            return (await FailAsync(user, user.UserName!, AccountErrors.LockedOut(await users.GetLockoutEndDateAsync(user) ?? time.GetUtcNow()), ct)).Error;
        if (!throttle.TryAcquire(ip, user.UserName!))
            return (await FailAsync(user, user.UserName!, AccountErrors.TooManyAttempts, ct)).Error;
        var key = await users.GetAuthenticatorKeyAsync(user);
        var step = key is null ? null : Totp.Match(Totp.DecodeBase32(key), code, time.GetUtcNow());
        if (step is null)
        {
            await users.AccessFailedAsync(user);
            // Whoever guesses codes already holds the password: a few wrong codes lock the account itself, from any address
            // (the higher threshold for passwords exists only so a stranger cannot lock someone out by guessing).
            if (!await users.IsLockedOutAsync(user) && await users.GetAccessFailedCountAsync(user) >= security.Value.MaxFailedAccessAttempts)
            {
                var until = time.GetUtcNow() + security.Value.LockoutDuration;
                await users.SetLockoutEndDateAsync(user, until);
                return (await FailAsync(user, user.UserName!, AccountErrors.OtpLockedOut(until), ct)).Error;
            }
            return (await FailAsync(user, user.UserName!, AccountErrors.OtpInvalid, ct)).Error;
        }
        // Claim the time step atomically: of two requests with the same code, exactly one wins.
        var claimed = await db.Users.Where(u => u.Id == user.Id && u.LastOtpTimeStep < step.Value)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastOtpTimeStep, step.Value), ct);
        if (claimed == 0)
            return (await FailAsync(user, user.UserName!, AccountErrors.OtpReused, ct)).Error;
        user.LastOtpTimeStep = step.Value;
        db.Entry(user).Property(x => x.LastOtpTimeStep).IsModified = false;
        return null;
    }

    /// <summary>Records a completed login (after password and, where needed, the code).</summary>
    public async Task CompleteAsync(AppUser user, string channel, CancellationToken ct)
    {
        // A direct update: two logins of one person at the same moment must not trip the account's concurrency stamp.
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastLoginAt, now).SetProperty(x => x.AccessFailedCount, 0), ct);
        audit.Record(AuditActions.LoginSucceeded, user.HomeOrganizationId, "user", user.Id.ToString(), new { channel }, actor: user);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        user.LastLoginAt = now;
    }

    private async Task<PasswordCheck> FailAsync(AppUser? user, string name, Error error, CancellationToken ct)
    {
        // Identity's own updates of the account (failure count) are saved or lost by Identity; only the audit entry is ours.
        db.ChangeTracker.Clear();
        audit.Record(AuditActions.LoginFailed, user?.HomeOrganizationId, "user", user?.Id.ToString(),
            new { userName = name, reason = error.Code }, succeeded: false,
            actor: user, actorName: name);
        await db.SaveChangesAsync(ct);
        return new PasswordCheck(null, error);
    }
}
