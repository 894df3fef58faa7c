using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;

namespace UnionOffice.Modules.Files;

public sealed record SweepReport(int TemporaryRemoved, int OrphansRemoved, long BytesFreed, int OrphansYoung, int StoredChecked, bool DryRun);

/// <summary>
/// Removes what a process killed mid-request leaves behind (review finding 10): uploads half-written into the store
/// (<c>.upload-*</c>), the tools' temporary folders and files in the system's temp folder (<c>uo-*</c>, ASP.NET's
/// <c>ASPNETCORE_*.tmp</c> form buffers), and stored contents no row points at (stored, then the transaction that
/// would have referenced them never committed).
/// <para>Safely: nothing younger than <see cref="StorageOptions.SweepGrace"/> is touched (a request in flight is
/// minutes old at most); the store touches a content again whenever the same bytes are stored anew, so one about to be
/// referenced is young again; every table that holds a content's hash is asked, in batches, just before; and the age is
/// read again right before the file is removed.</para>
/// </summary>
public sealed class StorageSweep(AppDbContext db, IOptions<StorageOptions> storage, IWebHostEnvironment env, TimeProvider time, ILogger<StorageSweep> log)
{
    private static readonly string[] TempPrefixes = ["uo-ocr-", "uo-docx-", "uo-extract-", "uo-recognize-", "uo-locate-", "uo-edxml-", "ASPNETCORE_"];

    public async Task<SweepReport> RunAsync(bool dryRun, CancellationToken ct)
    {
        var root = Path.GetFullPath(storage.Value.Root, env.ContentRootPath);
        var cutoff = time.GetUtcNow().UtcDateTime - storage.Value.SweepGrace;
        int temporary = 0, orphans = 0, young = 0, checkedCount = 0;
        long freed = 0;

        // Half-written uploads in the store, and what the tools left in the system's temp folder.
        var leftovers = new List<string>();
        if (Directory.Exists(root))
        {
            leftovers.AddRange(Directory.EnumerateFiles(root, ".upload-*"));
            leftovers.AddRange(Directory.EnumerateFiles(root, ".sweep-*", SearchOption.AllDirectories)); // a sweep that died between its steps
        }
        var temp = Path.GetTempPath();
        foreach (var prefix in TempPrefixes)
            leftovers.AddRange(Directory.EnumerateFileSystemEntries(temp, prefix + "*"));
        foreach (var path in leftovers)
        {
            if (Modified(path) is not { } at || at > cutoff) continue;
            var size = Size(path);
            if (!dryRun && !Remove(path, cutoff)) continue;
            temporary++;
            freed += size;
        }

        // Stored contents no row points at, in batches.
        if (Directory.Exists(root))
        {
            var batch = new List<(string Sha, string Path)>();
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(path);
                if (!LocalFileStore.IsContentName(name)) continue;
                checkedCount++;
                if (Modified(path) is not { } at || at > cutoff) { young++; continue; }
                batch.Add((name, path));
                if (batch.Count == 500) (orphans, freed) = await SweepBatchAsync(batch, orphans, freed, cutoff, dryRun, ct);
            }
            if (batch.Count > 0) (orphans, freed) = await SweepBatchAsync(batch, orphans, freed, cutoff, dryRun, ct);
        }
        if (temporary + orphans > 0)
            log.LogInformation("Storage sweep{DryRun}: {Temporary} temporary and {Orphans} unreferenced files, {Bytes} bytes", dryRun ? " (dry run)" : "", temporary, orphans, freed);
        return new SweepReport(temporary, orphans, freed, young, checkedCount, dryRun);
    }

    private async Task<(int Orphans, long Freed)> SweepBatchAsync(List<(string Sha, string Path)> batch, int orphans, long freed, DateTime cutoff, bool dryRun,
        CancellationToken ct)
    {
        var referenced = await ReferencedAsync(batch.Select(b => b.Sha).ToList(), ct);
        foreach (var (sha, path) in batch.Where(b => !referenced.Contains(b.Sha)))
        {
            var size = Size(path);
            if (!dryRun && !await RemoveContentAsync(sha, path, cutoff, ct)) continue;
            log.LogInformation("Unreferenced content {Sha256} ({Bytes} bytes){Removed}", sha, size, dryRun ? " would be removed" : " removed");
            orphans++;
            freed += size;
        }
        batch.Clear();
        return (orphans, freed);
    }

    /// <summary>
    /// A stored content removed only if it is still unreferenced and old once nobody can reach it: first moved aside (a
    /// rename, atomic: from then on the store writes the same bytes anew if someone stores them), then asked about
    /// again, then deleted — or put back when a row or a fresh store got to it meanwhile.
    /// </summary>
    private async Task<bool> RemoveContentAsync(string sha, string path, DateTime cutoff, CancellationToken ct)
    {
        var aside = Path.Combine(Path.GetDirectoryName(path)!, $".sweep-{sha}");
        try
        {
            if (Modified(path) is not { } at || at > cutoff) return false;
            File.Move(path, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (Modified(aside) is { } touched && touched > cutoff || (await ReferencedAsync([sha], ct)).Count > 0)
        {
            try
            {
                File.Move(aside, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.SetAttributes(aside, FileAttributes.Normal); // stored anew meanwhile: the same bytes are in place
                File.Delete(aside);
            }
            return false;
        }
        return Remove(aside, cutoff);
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
    /// now, by the same careful steps as the sweep but without its grace; their extracted text goes with them.
    /// </summary>
    public async Task<int> DestroyUnreferencedAsync(IReadOnlyCollection<string> shas, CancellationToken ct)
    {
        var root = Path.GetFullPath(storage.Value.Root, env.ContentRootPath);
        var referenced = await ReferencedAsync([.. shas.Distinct()], ct);
        var removed = 0;
        // No age limit: these were referenced until this moment. A store of the same bytes racing the removal writes them anew.
        var now = DateTime.MaxValue;
        foreach (var sha in shas.Distinct().Where(s => !referenced.Contains(s) && s.Length == 64 && s.All(char.IsAsciiHexDigitLower)))
        {
            var path = Path.Combine(root, sha[..2], sha[2..4], sha);
            if (File.Exists(path) && await RemoveContentAsync(sha, path, now, ct)) removed++;
            await db.FileTexts.Where(t => t.Sha256 == sha).ExecuteDeleteAsync(ct);
        }
        return removed;
    }

    private static DateTime? Modified(string path)
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

    private static long Size(string path)
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
    private bool Remove(string path, DateTime cutoff)
    {
        try
        {
            if (Modified(path) is not { } at || at > cutoff) return false;
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
