using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Accounts;

public sealed class SecurityOptions
{
    /// <summary>Login attempts allowed per client address in one window.</summary>
    public int LoginAttemptsPerIp { get; set; } = 30;
    /// <summary>Login attempts allowed per client address and account name in one window.</summary>
    public int LoginAttemptsPerAccount { get; set; } = 10;
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Wrong passwords from one client address for one name before that address is refused for it (<see cref="LockoutDuration"/>).</summary>
    public int MaxFailedAccessAttempts { get; set; } = 5;
    /// <summary>
    /// Wrong passwords or codes for an account from all addresses together before the account itself is locked for
    /// <see cref="LockoutDuration"/> (a guess spread over many addresses); its holder is told only once they give the right password.
    /// </summary>
    public int AccountLockoutThreshold { get; set; } = 20;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Days a password may be used before its holder must change it at the next sign-in (seed 002 §3.1b); 0: no limit.</summary>
    public int MaxPasswordAgeDays { get; set; }
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
/// Limits on login attempts, kept in memory per node (with several nodes each enforces its own; the account's lockout
/// in the database still bounds guessing across nodes and sources):
/// <list type="bullet">
/// <item>attempts per client address, and per client address and account name, in a sliding window (a rate);</item>
/// <item>failed attempts per client address and account name: after <see cref="SecurityOptions.MaxFailedAccessAttempts"/>
/// within <see cref="SecurityOptions.LockoutDuration"/>, that address is refused for that name until the oldest failure
/// is that old. Anyone else — the person at their own desk — still signs in (review finding 7: five requests from anyone
/// locked a person out for 15 minutes). Names with no account count alike, so the answer never tells which exist.</item>
/// </list>
/// </summary>
public sealed class LoginThrottle(IOptions<SecurityOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();
    private int _sinceHousekeeping;

    /// <summary>Counts an attempt; false when a rate limit is already reached.</summary>
    public bool TryAcquire(string? ip, string userName)
    {
        var o = options.Value;
        if (Interlocked.Increment(ref _sinceHousekeeping) % 1000 == 0) Housekeep();
        var ipOk = Hit(_hits, "ip:" + (ip ?? "?"), o.LoginAttemptsPerIp, o.LoginWindow);
        var pairOk = Hit(_hits, Pair(ip, userName), o.LoginAttemptsPerAccount, o.LoginWindow);
        return ipOk && pairOk;
    }

    /// <summary>When the address may try this name again, while it has failed too often; null when it may now.</summary>
    public DateTimeOffset? BlockedUntil(string? ip, string userName)
    {
        var o = options.Value;
        if (!_failures.TryGetValue(Pair(ip, userName), out var q)) return null;
        lock (q)
        {
            Trim(q, o.LockoutDuration);
            return q.Count >= o.MaxFailedAccessAttempts ? q.Peek() + o.LockoutDuration : null;
        }
    }

    /// <summary>A wrong password (or code) from this address for this name.</summary>
    public void Failed(string? ip, string userName)
    {
        var q = _failures.GetOrAdd(Pair(ip, userName), _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            Trim(q, options.Value.LockoutDuration);
            q.Enqueue(time.GetUtcNow());
        }
    }

    /// <summary>The right password from this address: its failures for the name are forgotten.</summary>
    public void Succeeded(string? ip, string userName) => _failures.TryRemove(Pair(ip, userName), out _);

    /// <summary>
    /// Forgets what no longer counts: every address and name tried once stays a key otherwise (a guesser's thousand names
    /// would be a thousand entries for ever).
    /// </summary>
    private void Housekeep()
    {
        var o = options.Value;
        foreach (var (map, window) in new[] { (_hits, o.LoginWindow), (_failures, o.LockoutDuration) })
            foreach (var (key, q) in map)
            {
                bool empty;
                lock (q)
                {
                    Trim(q, window);
                    empty = q.Count == 0;
                }
                if (empty) map.TryRemove(KeyValuePair.Create(key, q));
            }
    }

    private static string Pair(string? ip, string userName) => $"pair:{ip ?? "?"}|{userName.Trim().ToLowerInvariant()}";

    private void Trim(Queue<DateTimeOffset> q, TimeSpan window)
    {
        var now = time.GetUtcNow();
        while (q.Count > 0 && q.Peek() <= now - window) q.Dequeue();
    }

    private bool Hit(ConcurrentDictionary<string, Queue<DateTimeOffset>> map, string key, int limit, TimeSpan window)
    {
        var q = map.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            Trim(q, window);
            if (q.Count >= limit) return false;
            q.Enqueue(time.GetUtcNow());
            return true;
        }
    }
}
