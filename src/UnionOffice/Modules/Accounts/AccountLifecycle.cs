using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// Seed 002 Điều 7 §3: an account not used within 30 days of issue is locked; one with no login for 60 days
/// (since issue or the last login) is revoked. Both periods are settings. Each action is audited.
/// </summary>
public sealed class AccountLifecycle(AppDbContext db, Auditor audit, IOptions<SecurityOptions> options, TimeProvider time)
{
    public sealed record Result(int Locked, int Revoked);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var lockBefore = now.AddDays(-o.UnusedDaysBeforeLock);
        var revokeBefore = now.AddDays(-o.InactiveDaysBeforeRevoke);
        var revoke = await db.Users.Where(u => u.Status != AccountStatus.Revoked
            && (u.LastLoginAt ?? u.IssuedAt) <= revokeBefore).ToListAsync(ct);
        foreach (var u in revoke)
        {
            u.Status = AccountStatus.Revoked;
            u.StatusReason = $"Không đăng nhập trong {o.InactiveDaysBeforeRevoke} ngày";
            u.SecurityStamp = Guid.NewGuid().ToString("N");
            audit.Record(AuditActions.AccountLifecycleRevoked, u.HomeOrganizationId, "user", u.Id.ToString(),
                new { u.UserName, lastLogin = u.LastLoginAt, issued = u.IssuedAt }, actorName: "hệ thống");
        }
        var revokedIds = revoke.Select(u => u.Id).ToList();
        var lockList = await db.Users.Where(u => u.Status == AccountStatus.Active && u.LastLoginAt == null
            && u.IssuedAt <= lockBefore && !revokedIds.Contains(u.Id)).ToListAsync(ct);
        foreach (var u in lockList)
        {
            u.Status = AccountStatus.Locked;
            u.StatusReason = $"Không đưa vào sử dụng sau {o.UnusedDaysBeforeLock} ngày kể từ ngày cấp";
            u.SecurityStamp = Guid.NewGuid().ToString("N");
            audit.Record(AuditActions.AccountLifecycleLocked, u.HomeOrganizationId, "user", u.Id.ToString(),
                new { u.UserName, issued = u.IssuedAt }, actorName: "hệ thống");
        }
        await db.SaveChangesAsync(ct);
        return new Result(lockList.Count, revoke.Count);
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
