using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Access;

/// <summary>
/// What every authenticated request needs to know about its person: whether the account may be used (status,
/// security stamp), the step it must take first (password change, OTP enrolment) and the roles it may act in.
/// Immutable: read from the database, then shared between requests through <see cref="AccessCache"/>.
/// </summary>
public sealed record AccessState(
    Guid UserId, string? UserName, string FullName, Guid HomeOrganizationId, AccountStatus Status, string? SecurityStamp,
    bool MustChangePassword, bool TwoFactorEnabled, bool OtpMandatory, IReadOnlyList<Grant> Grants, DateOnly Day);

/// <summary>
/// Keeps each person's <see cref="AccessState"/> in memory between requests (ADR 0006). An entry is used only while
/// (1) no change to accounts, role assignments, delegations, departments or organs has been saved on this node since
/// it was read — <see cref="AccessChangeInterceptor"/> moves <see cref="Version"/> after every such change, and callers
/// that write them without the change tracker call <see cref="Changed"/> — (2) it is the same day (delegations start
/// and end by date) and (3) it is younger than <c>Security:AccessStateLifetime</c>, which bounds how long a change
/// saved by another node can go unseen here. A lifetime of zero turns the cache off.
/// </summary>
public sealed class AccessCache(IOptions<SecurityOptions> options, TimeProvider time) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private long _version;

    private sealed record Entry(AccessState State, long Version, DateTimeOffset ReadAt);

    public long Version => Interlocked.Read(ref _version);

    public bool Enabled => options.Value.AccessStateLifetime > TimeSpan.Zero;

    /// <summary>Call after committing a change to who may do what: every entry read before it is dropped.</summary>
    public void Changed() => Interlocked.Increment(ref _version);

    public AccessState? Get(Guid userId, DateOnly today)
    {
        if (!Enabled || !_entries.TryGetValue(userId, out Entry? e) || e is null) return null;
        // The lifetime is checked against the app's clock (testable, and the same clock the day comes from).
        if (e.Version != Version || e.State.Day != today || time.GetUtcNow() - e.ReadAt >= options.Value.AccessStateLifetime)
            return null;
        return e.State;
    }

    /// <param name="versionBefore">The <see cref="Version"/> read before the state was read from the database.</param>
    public void Set(AccessState state, long versionBefore)
    {
        if (!Enabled) return;
        _entries.Set(state.UserId, new Entry(state, versionBefore, time.GetUtcNow()), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = options.Value.AccessStateLifetime,
        });
    }

    public void Dispose() => _entries.Dispose();
}

/// <summary>
/// Moves <see cref="AccessCache.Version"/> when a SaveChanges touches accounts, role assignments, delegations,
/// departments or organs: at once after the save, and again when the transaction it ran in commits (a request that
/// read the old rows before the commit then holds an entry of an older version, which is not used).
/// </summary>
public sealed class AccessChangeInterceptor(AccessCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];
    private static readonly object Marker = new();

    private static bool Touches(DbContext? db) =>
        db is not null && db.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is AppUser or RoleAssignment or Delegation or Department or Organization);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => AfterSave(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? db)
    {
        if (db is null || !Touches(db)) return;
        _pending.AddOrUpdate(db, Marker);
        cache.Changed();
    }

    private void AfterSave(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out _)) return;
        cache.Changed();
        // Inside an explicit transaction the rows become visible to others only at the commit.
        if (db.Database.CurrentTransaction is null) _pending.Remove(db);
    }

    private void Ended(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out _)) return;
        _pending.Remove(db);
        cache.Changed();
    }
}
