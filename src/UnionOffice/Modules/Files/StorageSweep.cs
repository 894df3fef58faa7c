using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;

namespace UnionOffice.Modules.Files;

public sealed record SweepReport(int TemporaryRemoved, int OrphansRemoved, long BytesFreed, int OrphansYoung, int StoredChecked, bool DryRun);

/// <summary>
/// Removes what a process killed mid-request leaves behind (review finding 10): uploads half-written into the store
/// (<c>.upload-*</c>, <c>uo-upload-*</c>), the tools' temporary folders and files in the system's temp folder (<c>uo-*</c>,
/// ASP.NET's <c>ASPNETCORE_*.tmp</c> form buffers), and stored contents no row points at (stored, then the transaction
/// that would have referenced them never committed).
/// <para>Safely: nothing younger than <see cref="StorageOptions.SweepGrace"/> is touched (a request in flight is
/// minutes old at most); the store touches a content again whenever the same bytes are stored anew, so one about to be
/// referenced is young again; every table that holds a content's hash is asked, in batches, just before; and the
/// storage asks again once the content is out of reach (<see cref="IContentStorage.RemoveAsync"/>) and gives it back to
/// a row committed meanwhile.</para>
/// </summary>
public sealed class StorageSweep(AppDbContext db, IContentStorage storage, IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageSweep> log)
{
    private static readonly string[] TempPrefixes = ["uo-ocr-", "uo-docx-", "uo-extract-", "uo-recognize-", "uo-locate-", "uo-edxml-", "uo-upload-", "ASPNETCORE_"];

    public async Task<SweepReport> RunAsync(bool dryRun, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.SweepGrace;
        int temporary = 0, orphans = 0, young = 0, checkedCount = 0;
        long freed = 0;

        // Half-written uploads and removals interrupted or kept aside in the storage; what the tools left in the temp folder.
        var (left, leftBytes) = await storage.SweepLeftoversAsync(ContentArea.Files, cutoff, dryRun, async (sha, c) => (await ReferencedAsync([sha], c)).Count > 0, ct);
        temporary += left;
        freed += leftBytes;
        var temp = Path.GetTempPath();
        foreach (var path in TempPrefixes.SelectMany(prefix => Directory.EnumerateFileSystemEntries(temp, prefix + "*")).ToList())
        {
            if (Leftover.Modified(path) is not { } at || at > cutoff) continue;
            var size = Leftover.Size(path);
            if (!dryRun && !Leftover.Remove(path, cutoff, log)) continue;
            temporary++;
            freed += size;
        }

        // Stored contents no row points at, in batches.
        var batch = new List<ContentEntry>();
        await foreach (var entry in storage.ListAsync(ContentArea.Files, ct))
        {
            checkedCount++;
            if (entry.Touched > cutoff) { young++; continue; }
            batch.Add(entry);
            if (batch.Count == 500) (orphans, freed) = await SweepBatchAsync(batch, orphans, freed, cutoff, dryRun, ct);
        }
        if (batch.Count > 0) (orphans, freed) = await SweepBatchAsync(batch, orphans, freed, cutoff, dryRun, ct);
        if (temporary + orphans > 0)
            log.LogInformation("Storage sweep{DryRun}: {Temporary} temporary and {Orphans} unreferenced files, {Bytes} bytes", dryRun ? " (dry run)" : "", temporary, orphans, freed);
        return new SweepReport(temporary, orphans, freed, young, checkedCount, dryRun);
    }

    private async Task<(int Orphans, long Freed)> SweepBatchAsync(List<ContentEntry> batch, int orphans, long freed, DateTime cutoff, bool dryRun, CancellationToken ct)
    {
        var referenced = await ReferencedAsync(batch.Select(b => b.Sha256).ToList(), ct);
        foreach (var entry in batch.Where(b => !referenced.Contains(b.Sha256)))
        {
            if (!dryRun && !await storage.RemoveAsync(ContentArea.Files, entry.Sha256, cutoff, immediately: false,
                    async c => (await ReferencedAsync([entry.Sha256], c)).Count > 0, ct)) continue;
            log.LogInformation("Unreferenced content {Sha256} ({Bytes} bytes){Removed}", entry.Sha256, entry.Length, dryRun ? " would be removed" : " removed");
            orphans++;
            freed += entry.Length;
        }
        batch.Clear();
        return (orphans, freed);
    }

    /// <summary>
    /// Which of these contents a row points at: every column of the model that holds a content's hash — a string property
    /// whose name ends in "Sha256", found in the EF model so that a table added later is asked without anyone remembering
    /// to (a handover record once was not) — except the caches keyed by a content (its extracted text), which follow it.
    /// </summary>
    private async Task<HashSet<string>> ReferencedAsync(List<string> shas, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (shas.Count == 0) return found;
        var placeholders = string.Join(", ", shas.Select((_, i) => $"{{{i}}}"));
        foreach (var (table, column) in ContentColumns(db.Model))
        {
            var sql = $"SELECT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{column}\" IN ({placeholders})";
            found.UnionWith(await db.Database.SqlQueryRaw<string>(sql, shas.Cast<object>().ToArray()).ToListAsync(ct));
        }
        // An update a sender sent waits with its files in the copy's JSON until the clerk decides.
        foreach (var json in await db.ReceivedDocuments.AsNoTracking().Where(r => r.PendingUpdateJson != null).Select(r => r.PendingUpdateJson!).ToListAsync(ct))
            found.UnionWith(shas.Where(s => json.Contains(s, StringComparison.Ordinal)));
        return found;
    }

    /// <summary>The (table, column) pairs that hold a stored content's hash, from the model.</summary>
    public static List<(string Table, string Column)> ContentColumns(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.GetEntityTypes()
            .Where(t => t.ClrType != typeof(Search.FileText) && t.GetTableName() is not null)
            .SelectMany(t => t.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Sha256", StringComparison.Ordinal))
                .Select(p => (t.GetTableName()!, p.GetColumnName())))
            .Distinct().ToList();

    /// <summary>
    /// Destruction (of dossiers whose retention ended, under a decision): the contents no row points at any more are removed
    /// now, by the same careful steps as the sweep but without its grace and without keeping anything aside; their
    /// extracted text goes with them.
    /// </summary>
    public async Task<int> DestroyUnreferencedAsync(IReadOnlyCollection<string> shas, CancellationToken ct)
    {
        var referenced = await ReferencedAsync([.. shas.Distinct()], ct);
        var removed = 0;
        // No age limit: these were referenced until this moment. A store of the same bytes racing the removal writes them anew.
        foreach (var sha in shas.Distinct().Where(s => !referenced.Contains(s) && FileStore.IsContentName(s)))
        {
            if (await storage.RemoveAsync(ContentArea.Files, sha, DateTime.MaxValue, immediately: true,
                    async c => (await ReferencedAsync([sha], c)).Count > 0, ct)) removed++;
            await db.FileTexts.Where(t => t.Sha256 == sha).ExecuteDeleteAsync(ct);
        }
        return removed;
    }
}

/// <summary>What a sweep does with a leftover file or folder: how old, how big, removed only if still older than the cutoff.</summary>
internal static class Leftover
{
    public static DateTime? Modified(string path)
    {
        try
        {
            return Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static long Size(string path)
    {
        try
        {
            return Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
                : new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Removes it if it is still older than the cutoff now (the store may have touched it since it was looked at).</summary>
    public static bool Remove(string path, DateTime cutoff, ILogger log)
    {
        try
        {
            if (Leftover.Modified(path) is not { } at || at > cutoff) return false;
            if (Directory.Exists(path))
            {
                foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.SetAttributes(path, FileAttributes.Normal);
                File.Delete(path);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Could not remove {Path}", path);
            return false;
        }
    }
}

/// <summary>Sweeps the store every Storage:SweepInterval in this process.</summary>
public sealed class StorageSweepJob(IServiceScopeFactory scopes, IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageSweepJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StorageSweep>().RunAsync(dryRun: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Storage sweep failed");
            }
        }
    }
}
