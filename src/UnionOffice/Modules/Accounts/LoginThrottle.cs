using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Accounts;

public sealed class SecurityOptions
{
    /// <summary>Login attempts allowed per client address in one window.</summary>
    public int LoginAttemptsPerIp { get; set; } = 30;
    /// <summary>Login attempts allowed per account name in one window.</summary>
    public int LoginAttemptsPerAccount { get; set; } = 10;
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    public int UnusedDaysBeforeLock { get; set; } = 30;
    public int InactiveDaysBeforeRevoke { get; set; } = 60;
    public TimeSpan LifecycleInterval { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);
    /// <summary>
    /// How long a node may reuse a person's account state and roles without reading them again (ADR 0006). Changes
    /// saved on the same node take effect at once; this bounds how long one saved by another node can go unseen.
    /// Zero reads them on every request.
    /// </summary>
    public TimeSpan AccessStateLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Sliding-window limits on login attempts, per client address and per account name, for the UI and the API alike.
/// Kept in memory per node: with several nodes each enforces its own limit, and the account lockout (in the
/// database) still bounds guessing across nodes.
/// </summary>
public sealed class LoginThrottle(IOptions<SecurityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new();

    /// <summary>Counts an attempt; false when either limit is already reached.</summary>
    public bool TryAcquire(string? ip, string userName)
    {
        var o = options.Value;
        var ipOk = Hit("ip:" + (ip ?? "?"), o.LoginAttemptsPerIp, o.LoginWindow);
        var userOk = Hit("user:" + userName.Trim().ToLowerInvariant(), o.LoginAttemptsPerAccount, o.LoginWindow);
        return ipOk && userOk;
    }

    private bool Hit(string key, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        var q = _hits.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            while (q.Count > 0 && q.Peek() <= now - window) q.Dequeue();
            if (q.Count >= limit) return false;
            q.Enqueue(now);
            return true;
        }
    }
}
