using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// Seed 002 Điều 7 §3: an account not used within 30 days of issue is locked; one with no login for 60 days
/// (since issue or the last login) is revoked. Both periods are settings. Each action is audited.
/// </summary>
public sealed class AccountLifecycle(AppDbContext db, Auditor audit, Access.AccessCache access, IOptions<SecurityOptions> options, TimeProvider time)
{
    public sealed record Result(int Locked, int Revoked);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var lockBefore = now.AddDays(-o.UnusedDaysBeforeLock);
        var revokeBefore = now.AddDays(-o.InactiveDaysBeforeRevoke);
        var revokeReason = $"Không đăng nhập trong {o.InactiveDaysBeforeRevoke} ngày";
        var lockReason = $"Không đưa vào sử dụng sau {o.UnusedDaysBeforeLock} ngày kể từ ngày cấp";
        int revoked = 0, locked = 0;

        // Each account is changed by an UPDATE that re-checks the rule at the moment of writing, so a login that
        // lands in between wins, and two nodes running the job at once change (and audit) each account once.
        var candidates = await db.Users.AsNoTracking().Where(u => u.Status != AccountStatus.Revoked && (u.LastLoginAt ?? u.IssuedAt) <= revokeBefore)
            .Select(u => new { u.Id, u.UserName, u.HomeOrganizationId, u.LastLoginAt, u.IssuedAt }).ToListAsync(ct);
        foreach (var u in candidates)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var n = await db.Users.Where(x => x.Id == u.Id && x.Status != AccountStatus.Revoked && (x.LastLoginAt ?? x.IssuedAt) <= revokeBefore)
                .ExecuteUpdateAsync(x => x.SetProperty(p => p.Status, AccountStatus.Revoked).SetProperty(p => p.StatusReason, revokeReason)
                    .SetProperty(p => p.SecurityStamp, Guid.NewGuid().ToString("N")), ct);
            if (n == 0) continue;
            audit.Record(AuditActions.AccountLifecycleRevoked, u.HomeOrganizationId, "user", u.Id.ToString(),
                new { u.UserName, lastLogin = u.LastLoginAt, issued = u.IssuedAt }, actorName: "hệ thống");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            access.Changed(); // a direct UPDATE: the change tracker did not see it
            revoked++;
        }

        var unused = await db.Users.AsNoTracking().Where(u => u.Status == AccountStatus.Active && u.LastLoginAt == null && u.IssuedAt <= lockBefore)
            .Select(u => new { u.Id, u.UserName, u.HomeOrganizationId, u.IssuedAt }).ToListAsync(ct);
        foreach (var u in unused)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var n = await db.Users.Where(x => x.Id == u.Id && x.Status == AccountStatus.Active && x.LastLoginAt == null && x.IssuedAt <= lockBefore)
                .ExecuteUpdateAsync(x => x.SetProperty(p => p.Status, AccountStatus.Locked).SetProperty(p => p.StatusReason, lockReason)
                    .SetProperty(p => p.SecurityStamp, Guid.NewGuid().ToString("N")), ct);
            if (n == 0) continue;
            audit.Record(AuditActions.AccountLifecycleLocked, u.HomeOrganizationId, "user", u.Id.ToString(),
                new { u.UserName, issued = u.IssuedAt }, actorName: "hệ thống");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            access.Changed();
            locked++;
        }
        return new Result(locked, revoked);
    }
}

/// <summary>Runs the lifecycle rules periodically on each node; the rules are idempotent, so nodes may overlap.</summary>
public sealed class AccountLifecycleJob(IServiceScopeFactory scopes, IOptions<SecurityOptions> options, TimeProvider time,
    ILogger<AccountLifecycleJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LifecycleInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().RunAsync(stoppingToken);
                if (result.Locked + result.Revoked > 0)
                    log.LogInformation("Account lifecycle: {Locked} locked, {Revoked} revoked", result.Locked, result.Revoked);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Account lifecycle run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
