using Microsoft.Extensions.Options;
using UnionOffice.Modules.Exchange;

namespace UnionOffice.Modules.Files;

/// <summary>The two content-addressed collections: document files (<see cref="FileStore"/>) and the exchange's messages (<see cref="ExchangeSpool"/>).</summary>
public enum ContentArea { Files, Exchange }

/// <summary>A stored content: its SHA-256, its length and when it was last stored or stored again (its age for the sweep).</summary>
public sealed record ContentEntry(string Sha256, long Length, DateTime Touched);

/// <summary>
/// Where the bytes of contents live — a folder on a disk (<see cref="DiskContentStorage"/>, the embedded default) or an
/// S3-compatible bucket (<see cref="S3ContentStorage"/>) — behind what the store, the spool, the sweep, backups and the
/// readiness check need of it. Contents are named by their SHA-256 and written once: a content already there is never
/// overwritten (only made young again, so the sweep leaves it to the row about to point at it), and removal is the
/// sweep's (unreferenced and older than the grace) or a destruction's, by a protocol that gives it back to anyone who
/// stored or referenced it meanwhile. Everything streams: contents are staged in a local file while hashed and checked,
/// then sent from that file.
/// </summary>
public interface IContentStorage
{
    /// <summary>What to tell an operator: the folder or the bucket.</summary>
    string Describe(ContentArea area);

    /// <summary>A new local file to write a content into while it is hashed (the medium's own folder when moving is cheap).</summary>
    string NewStagingFile(ContentArea area);

    /// <summary>Puts the staged file under its hash unless a content of that name is there (then made young again). The staged file is the caller's to delete.</summary>
    Task CommitAsync(ContentArea area, string sha256, string stagedFile, CancellationToken ct);

    /// <summary>The content as a stream (its Length known), or null when absent.</summary>
    Task<Stream?> OpenReadAsync(ContentArea area, string sha256, CancellationToken ct);

    /// <summary>Every stored content of the area, in name order; leftovers (staging, removals in progress) left out.</summary>
    IAsyncEnumerable<ContentEntry> ListAsync(ContentArea area, CancellationToken ct);

    /// <summary>
    /// Removes a content unless it was stored again after <paramref name="cutoff"/> or <paramref name="referenced"/> says a row
    /// points at it — asked once the content is out of reach, so that a row committed meanwhile brings it back. With
    /// <paramref name="immediately"/> (a destruction) nothing of it is kept; otherwise the medium may keep it aside until
    /// its next sweep. True when it is gone from the store.
    /// </summary>
    Task<bool> RemoveAsync(ContentArea area, string sha256, DateTime cutoff, bool immediately, Func<CancellationToken, Task<bool>> referenced, CancellationToken ct);

    /// <summary>
    /// The medium's leftovers older than <paramref name="cutoff"/>: half-written uploads, removals interrupted or kept
    /// aside. Those kept aside that a row points at (<paramref name="referenced"/>) are put back. Returns count and bytes.
    /// </summary>
    Task<(int Count, long Bytes)> SweepLeftoversAsync(ContentArea area, DateTime cutoff, bool dryRun, Func<string, CancellationToken, Task<bool>> referenced, CancellationToken ct);

    /// <summary>Takes a small object and gives it back (readiness; the contents are never touched).</summary>
    Task<bool> ProbeAsync(CancellationToken ct);
}

public static class ContentStorageExtensions
{
    /// <summary>Whether the area holds any content (a restore goes into an empty store only).</summary>
    public static async Task<bool> AnyAsync(this IContentStorage storage, ContentArea area, CancellationToken ct)
    {
        await foreach (var _ in storage.ListAsync(area, ct)) return true;
        return false;
    }

    /// <summary>Stores a local file's bytes (already known by their hash) as a content: copied to a staging file first, the source left as it is.</summary>
    public static async Task CopyInAsync(this IContentStorage storage, ContentArea area, string sha256, string source, CancellationToken ct)
    {
        var staged = storage.NewStagingFile(area);
        try
        {
            File.Copy(source, staged);
            File.SetAttributes(staged, FileAttributes.Normal);
            await storage.CommitAsync(area, sha256, staged, ct);
        }
        finally
        {
            if (File.Exists(staged)) File.Delete(staged);
        }
    }
}

/// <summary>Storage:Kind and, for S3, Storage:S3.</summary>
public enum StorageKind { Local, S3 }

public sealed class S3StorageOptions
{
    /// <summary>The S3 service's address (MinIO, Ceph RGW, a cloud's S3 endpoint); empty: AWS by <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "";
    /// <summary>Keys under this prefix ("unionoffice/"): one bucket may serve several installations.</summary>
    public string Prefix { get; set; } = "";
    /// <summary>Empty: the SDK's own chain (environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, instance role).</summary>
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    /// <summary>bucket in the path (http://host/bucket/key), as most S3-compatible servers want.</summary>
    public bool ForcePathStyle { get; set; } = true;
}

/// <summary>
/// Contents in folders on a disk: Storage:Root for the files, Exchange:SpoolRoot for the exchange, at ab/cd/&lt;sha256&gt;.
/// Staged in the same folder (a move into place is atomic), made read-only, touched (modification time) when stored again.
/// Removal moves the content aside (<c>.sweep-&lt;sha&gt;</c>, atomic: from then on a store of the same bytes writes them
/// anew), asks again, and deletes it or puts it back.
/// </summary>
public sealed class DiskContentStorage(IOptions<StorageOptions> storage, IOptions<ExchangeOptions> exchange, IWebHostEnvironment env, ILogger<DiskContentStorage> log)
    : IContentStorage
{
    public string Root(ContentArea area) =>
        Path.GetFullPath(area == ContentArea.Files ? storage.Value.Root : exchange.Value.SpoolRoot, env.ContentRootPath);

    public string Describe(ContentArea area) => Root(area);

    public string NewStagingFile(ContentArea area)
    {
        var root = Root(area);
        Directory.CreateDirectory(root);
        return Path.Combine(root, area == ContentArea.Files ? $".upload-{Guid.NewGuid():N}" : $".part-{Guid.NewGuid():N}");
    }

    public Task CommitAsync(ContentArea area, string sha256, string stagedFile, CancellationToken ct)
    {
        var path = FileStore.PathIn(Root(area), sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Stored before (perhaps unreferenced, left by a request that died): made young again, so the sweep leaves it to
        // the row about to point at it. Gone meanwhile (the sweep took it): these bytes go into its place.
        if (File.Exists(path) && Touch(path)) return Task.CompletedTask;
        try
        {
            File.Move(stagedFile, path, overwrite: false);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Someone stored the same bytes at the same moment: theirs is ours.
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether the file is still there, made young again (false: the sweep removed it meanwhile).</summary>
    private static bool Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return File.Exists(path);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return File.Exists(path); // not ours to change (another user's store): the grace period still protects it
        }
    }

    public Task<Stream?> OpenReadAsync(ContentArea area, string sha256, CancellationToken ct)
    {
        var path = FileStore.PathIn(Root(area), sha256);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async IAsyncEnumerable<ContentEntry> ListAsync(ContentArea area, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var root = Root(area);
        if (!Directory.Exists(root)) yield break;
        await Task.CompletedTask;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetFileName(path);
            if (!FileStore.IsContentName(name) || Path.GetRelativePath(root, path).Replace('\\', '/') != $"{name[..2]}/{name[2..4]}/{name}") continue;
            FileInfo info;
            try
            {
                info = new FileInfo(path);
                if (!info.Exists) continue;
            }
            catch (IOException)
            {
                continue;
            }
            yield return new ContentEntry(name, info.Length, info.LastWriteTimeUtc);
        }
    }

    public async Task<bool> RemoveAsync(ContentArea area, string sha256, DateTime cutoff, bool immediately, Func<CancellationToken, Task<bool>> referenced, CancellationToken ct)
    {
        var path = FileStore.PathIn(Root(area), sha256);
        if (!File.Exists(path)) return false;
        var aside = Path.Combine(Path.GetDirectoryName(path)!, $".sweep-{sha256}");
        try
        {
            if (Leftover.Modified(path) is not { } at || at > cutoff) return false;
            File.Move(path, aside);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (Leftover.Modified(aside) is { } touched && touched > cutoff || await referenced(ct))
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
        return Leftover.Remove(aside, cutoff, log);
    }

    public Task<(int Count, long Bytes)> SweepLeftoversAsync(ContentArea area, DateTime cutoff, bool dryRun, Func<string, CancellationToken, Task<bool>> referenced, CancellationToken ct)
    {
        var root = Root(area);
        int count = 0;
        long bytes = 0;
        if (!Directory.Exists(root)) return Task.FromResult((count, bytes));
        var leftovers = Directory.EnumerateFiles(root, area == ContentArea.Files ? ".upload-*" : ".part-*")
            .Concat(Directory.EnumerateFiles(root, ".sweep-*", SearchOption.AllDirectories)) // a sweep that died between its steps
            .ToList();
        foreach (var path in leftovers)
        {
            if (Leftover.Modified(path) is not { } at || at > cutoff) continue;
            var size = Leftover.Size(path);
            if (!dryRun && !Leftover.Remove(path, cutoff, log)) continue;
            count++;
            bytes += size;
        }
        return Task.FromResult((count, bytes));
    }

    public Task<bool> ProbeAsync(CancellationToken ct)
    {
        try
        {
            var root = Root(ContentArea.Files);
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".ready-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "ok");
            var back = File.ReadAllText(probe);
            File.Delete(probe);
            return Task.FromResult(back == "ok");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "The file store cannot be written");
            return Task.FromResult(false);
        }
    }
}
