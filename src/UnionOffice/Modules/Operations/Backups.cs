using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Recognition;

namespace UnionOffice.Modules.Operations;

/// <summary>Settings of section "Backup".</summary>
public sealed class BackupOptions
{
    /// <summary>Where scheduled backups go (one folder each); none: no scheduled backups.</summary>
    public string? Directory { get; set; }
    /// <summary>A file holding the passphrase the key ring is encrypted under (readable by the service only).</summary>
    public string? PassphraseFile { get; set; }
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Complete backups kept in <see cref="Directory"/>; older ones are removed after a new one completes.</summary>
    public int Keep { get; set; } = 7;
    /// <summary>Where pg_dump and pg_restore are; none: the PATH, then /usr/lib/postgresql/&lt;newest&gt;/bin.</summary>
    public string? PostgresBinDirectory { get; set; }
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>What a backup holds (manifest.json).</summary>
public sealed record BackupManifest(string Format, DateTimeOffset CreatedAt, string Provider, IReadOnlyList<string> Migrations, string Database,
    int Files, long FileBytes, int Keys, int Anchors);

/// <summary>What a restore did and found.</summary>
public sealed record RestoreReport(BackupManifest Manifest, int Files, int Keys, int Anchors, bool AuditChainOk, long AuditRecords,
    IReadOnlyList<string> Problems)
{
    public bool Ok => AuditChainOk && Problems.Count == 0;
}

/// <summary>
/// Backup and restore of a whole installation (issue 21 §1, NĐ30 Phụ lục VI III.5g) with the databases' own tools: a
/// consistent snapshot of the database (PostgreSQL: pg_dump's custom format, one serializable snapshot; SQLite: its
/// online backup API), then the file store — content-addressed and write-once, so every file the snapshot names is
/// there to copy, each checked against its name while it is copied — the audit anchors, and the data-protection key
/// ring encrypted under a passphrase (<see cref="BackupKeys"/>). A manifest and SHA256SUMS (for <c>sha256sum -c</c>)
/// describe it; it is written under a ".partial" name and renamed when complete. Restore goes into an empty
/// installation only, checks every checksum first, then brings the database to this version's schema and checks the
/// audit chain and that every file the database names is in the store with its hash.
/// </summary>
public sealed class Backups(AppDbContext db, IOptions<BackupOptions> options, IContentStorage storage,
    IOptions<KeyManagementOptions> keyManagement, AuditAnchors anchors, TimeProvider time, ILoggerFactory loggers)
{
    public const string Format = "unionoffice-backup/1";
    private const string ManifestFile = "manifest.json", SumsFile = "SHA256SUMS", KeysFile = "keys.enc";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The folders of the backup for the store's two areas (the exchange's messages in and out are never removed).</summary>
    private static readonly (ContentArea Area, string Folder)[] Areas = [(ContentArea.Files, "files"), (ContentArea.Exchange, "spool")];

    /// <summary>Writes a new backup folder under <paramref name="targetDirectory"/>; returns its path and manifest.</summary>
    public async Task<(string Path, BackupManifest Manifest)> BackupAsync(string targetDirectory, string passphrase, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(passphrase)) throw new BackupException("Cần cụm mật khẩu để mã hóa khóa bảo vệ dữ liệu trong bản sao lưu (--passphrase-file).");
        var now = time.GetUtcNow();
        var name = $"uo-backup-{now:yyyyMMdd-HHmmss}";
        var final = Path.Combine(Path.GetFullPath(targetDirectory), name);
        if (System.IO.Directory.Exists(final)) throw new BackupException($"Đã có bản sao lưu {name}.");
        var work = final + ".partial";
        if (System.IO.Directory.Exists(work)) System.IO.Directory.Delete(work, recursive: true);
        System.IO.Directory.CreateDirectory(work);
        var sums = new List<(string Hash, string Path)>();
        try
        {
            // 1. The database first: every file it names is then already in the write-once store.
            var postgres = db.Database.IsNpgsql();
            var migrations = await AppliedMigrationsAsync(ct);
            var dbFile = postgres ? "database.dump" : "database.sqlite";
            if (postgres) await PgDumpAsync(Path.Combine(work, dbFile), ct);
            else SqliteCopy(db.Database.GetConnectionString()!, $"Data Source={Path.Combine(work, dbFile)};Pooling=False");
            sums.Add((await HashFileAsync(Path.Combine(work, dbFile), ct), dbFile));

            // 2. The files and the exchange's messages, checked against their names as they are copied.
            var (files, bytes) = (0, 0L);
            foreach (var (area, folder) in Areas)
                await foreach (var entry in storage.ListAsync(area, ct))
                {
                    var relative = FileStore.PathIn(folder, entry.Sha256);
                    var target = Path.Combine(work, relative);
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using (var source = await storage.OpenReadAsync(area, entry.Sha256, ct)
                        ?? throw new BackupException($"Tệp lưu trữ {entry.Sha256} biến mất trong khi sao lưu ({storage.Describe(area)})."))
                    {
                        var copied = await CopyHashedAsync(source, target, ct);
                        if (copied.Hash != entry.Sha256) throw new BackupException($"Tệp lưu trữ {entry.Sha256} không khớp với mã băm của nó: kho tệp đã bị hỏng, bản sao lưu dừng lại.");
                        bytes += copied.Length;
                    }
                    sums.Add((entry.Sha256, relative.Replace('\\', '/')));
                    files++;
                }

            // 3. The audit anchors (outside the database by design) and the key ring, encrypted.
            var anchorCount = 0;
            if (System.IO.Directory.Exists(anchors.Directory))
                foreach (var f in System.IO.Directory.EnumerateFiles(anchors.Directory))
                {
                    var relative = Path.Combine("anchors", Path.GetFileName(f));
                    System.IO.Directory.CreateDirectory(Path.Combine(work, "anchors"));
                    sums.Add(((await CopyHashedAsync(f, Path.Combine(work, relative), ct)).Hash, relative.Replace('\\', '/')));
                    anchorCount++;
                }
            var keys = KeyRepository().GetAllElements().ToList();
            await File.WriteAllBytesAsync(Path.Combine(work, KeysFile), BackupKeys.Encrypt(keys, passphrase), ct);
            sums.Add((await HashFileAsync(Path.Combine(work, KeysFile), ct), KeysFile));

            var manifest = new BackupManifest(Format, now, postgres ? "PostgreSQL" : "Sqlite", migrations, dbFile, files, bytes, keys.Count, anchorCount);
            await File.WriteAllTextAsync(Path.Combine(work, ManifestFile), JsonSerializer.Serialize(manifest, Json), ct);
            sums.Add((await HashFileAsync(Path.Combine(work, ManifestFile), ct), ManifestFile));
            await File.WriteAllTextAsync(Path.Combine(work, SumsFile), string.Concat(sums.Select(s => $"{s.Hash}  {s.Path}\n")), ct);
            System.IO.Directory.Move(work, final);
            return (final, manifest);
        }
        catch
        {
            if (System.IO.Directory.Exists(work)) System.IO.Directory.Delete(work, recursive: true);
            throw;
        }
    }

    /// <summary>Removes complete backups beyond the newest <paramref name="keep"/> in the folder (and abandoned partial ones).</summary>
    public static IReadOnlyList<string> Prune(string directory, int keep)
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var removed = new List<string>();
        var all = System.IO.Directory.EnumerateDirectories(directory, "uo-backup-*").Order(StringComparer.Ordinal).ToList();
        var complete = all.Where(d => !d.EndsWith(".partial", StringComparison.Ordinal) && File.Exists(Path.Combine(d, SumsFile))).ToList();
        foreach (var d in complete.Take(Math.Max(0, complete.Count - Math.Max(1, keep))).Concat(all.Where(d => d.EndsWith(".partial", StringComparison.Ordinal))))
        {
            System.IO.Directory.Delete(d, recursive: true);
            removed.Add(d);
        }
        return removed;
    }

    /// <summary>Brings a backup into this (empty) installation and checks it.</summary>
    public async Task<RestoreReport> RestoreAsync(string source, string passphrase, CancellationToken ct)
    {
        source = Path.GetFullPath(source);
        if (!File.Exists(Path.Combine(source, ManifestFile)) || !File.Exists(Path.Combine(source, SumsFile)))
            throw new BackupException($"{source} không phải một bản sao lưu hoàn chỉnh (thiếu {ManifestFile} hoặc {SumsFile}).");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(Path.Combine(source, ManifestFile), ct), Json)
            ?? throw new BackupException("manifest.json không đọc được.");
        if (manifest.Format != Format) throw new BackupException($"Bản sao lưu dạng {manifest.Format} không được hỗ trợ (cần {Format}).");
        var postgres = db.Database.IsNpgsql();
        if (manifest.Provider != (postgres ? "PostgreSQL" : "Sqlite"))
            throw new BackupException($"Bản sao lưu là của {manifest.Provider}, cài đặt này dùng {(postgres ? "PostgreSQL" : "Sqlite")}.");

        // Every byte as it was written, before anything is touched.
        var sums = (await File.ReadAllLinesAsync(Path.Combine(source, SumsFile), ct)).Where(l => l.Length > 66)
            .Select(l => (Hash: l[..64], Path: l[66..])).ToList();
        foreach (var (hash, relative) in sums)
        {
            var path = Path.GetFullPath(Path.Combine(source, relative));
            if (!path.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new BackupException($"Đường dẫn không hợp lệ trong {SumsFile}: {relative}");
            if (!File.Exists(path)) throw new BackupException($"Bản sao lưu thiếu tệp {relative}.");
            if (await HashFileAsync(path, ct) != hash) throw new BackupException($"Tệp {relative} của bản sao lưu đã bị thay đổi hoặc hỏng (mã băm không khớp).");
        }
        if (!sums.Any(s => s.Path == manifest.Database) || !sums.Any(s => s.Path == KeysFile)) throw new BackupException("Bản sao lưu thiếu cơ sở dữ liệu hoặc khóa.");
        var keys = BackupKeys.Decrypt(await File.ReadAllBytesAsync(Path.Combine(source, KeysFile), ct), passphrase);

        if (!await DatabaseIsEmptyAsync(ct)) throw new BackupException("Cơ sở dữ liệu đích không trống: chỉ phục hồi vào một cài đặt mới (cơ sở dữ liệu rỗng).");
        foreach (var (area, _) in Areas)
            if (await storage.AnyAsync(area, ct)) throw new BackupException($"Kho tệp đích ({storage.Describe(area)}) không trống: chỉ phục hồi vào một cài đặt mới.");

        if (postgres) await PgRestoreAsync(Path.Combine(source, manifest.Database), ct);
        else
        {
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearAllPools();
            SqliteCopy($"Data Source={Path.Combine(source, manifest.Database)};Mode=ReadOnly;Pooling=False", db.Database.GetConnectionString()!);
        }
        var files = 0;
        foreach (var (area, folder) in Areas)
            foreach (var (hash, relative) in sums.Where(s => s.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                await storage.CopyInAsync(area, hash, Path.Combine(source, relative), ct);
                files++;
            }
        var anchorCount = 0;
        foreach (var (_, relative) in sums.Where(s => s.Path.StartsWith("anchors/", StringComparison.Ordinal)))
        {
            System.IO.Directory.CreateDirectory(anchors.Directory);
            File.Copy(Path.Combine(source, relative), Path.Combine(anchors.Directory, Path.GetFileName(relative)), overwrite: true);
            anchorCount++;
        }
        var repository = KeyRepository();
        var present = repository.GetAllElements().Select(e => (string?)e.Attribute("id")).ToHashSet();
        foreach (var key in keys.Where(k => !present.Contains((string?)k.Attribute("id"))))
            repository.StoreElement(key, $"key-{(string?)key.Attribute("id")}");

        // This version's schema over the restored data, then the checks an auditor would make.
        await MigrationRunner.MigrateAsync(db, ct);
        db.ChangeTracker.Clear();
        var problems = new List<string>();
        foreach (var (table, column) in StorageSweep.ContentColumns(db.Model))
        {
            var named = await NamedContentAsync(table, column, ct);
            foreach (var sha in named.Where(FileStore.IsContentName))
            {
                var found = false;
                foreach (var (area, _) in Areas)
                {
                    await using var content = await storage.OpenReadAsync(area, sha, ct);
                    if (content is null) continue;
                    found = true;
                    if (Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct)) != sha) problems.Add($"Tệp {sha} ({table}.{column}) không khớp mã băm.");
                    break;
                }
                if (!found) problems.Add($"Thiếu tệp {sha} ({table}.{column}).");
            }
        }
        var chain = await AuditChain.VerifyAsync(db, ct, anchors);
        problems.AddRange(chain.Problems);
        return new RestoreReport(manifest, files, keys.Count, anchorCount, chain.Ok, chain.Count, problems);
    }

    private IXmlRepository KeyRepository() =>
        keyManagement.Value.XmlRepository
        ?? (FileSystemXmlRepository.DefaultKeyStorageDirectory is { } dir
            ? new FileSystemXmlRepository(dir, loggers)
            : throw new BackupException("Khóa bảo vệ dữ liệu không được lưu bền (đặt DataProtection:KeysDirectory): không có gì để sao lưu hay phục hồi."));

    private async Task<List<string>> AppliedMigrationsAsync(CancellationToken ct)
    {
        var pending = await MigrationRunner.PendingAsync(db, ct);
        return MigrationRunner.Scripts(db.Database.IsNpgsql()).Select(s => s.Id).Where(id => !pending.Contains(id)).ToList();
    }

    private async Task<bool> DatabaseIsEmptyAsync(CancellationToken ct)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct) == 0;
    }

    private async Task<List<string>> NamedContentAsync(string table, string column, CancellationToken ct)
    {
        var sql = $"SELECT DISTINCT \"{column}\" AS \"Value\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct);
    }

    private static void SqliteCopy(string from, string to)
    {
        using var source = new SqliteConnection(from);
        using var target = new SqliteConnection(to);
        source.Open();
        target.Open();
        source.BackupDatabase(target); // SQLite's online backup: a consistent copy while the application writes
    }

    private async Task PgDumpAsync(string file, CancellationToken ct)
    {
        var (connection, environment) = Libpq();
        await RunToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--file={file}", $"--dbname={connection}"], environment, ct);
    }

    private async Task PgRestoreAsync(string file, CancellationToken ct)
    {
        var (connection, environment) = Libpq();
        await RunToolAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={connection}", file], environment, ct);
    }

    /// <summary>The connection as libpq keywords, the password in the environment (not on a command line others can read).</summary>
    private (string Connection, Dictionary<string, string> Environment) Libpq()
    {
        var b = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        static string Q(string? v) => "'" + (v ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
        var connection = string.Create(CultureInfo.InvariantCulture, $"host={Q(b.Host)} port={b.Port} dbname={Q(b.Database)} user={Q(b.Username)}");
        var environment = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(b.Password)) environment["PGPASSWORD"] = b.Password;
        return (connection, environment);
    }

    private async Task RunToolAsync(string tool, string[] arguments, Dictionary<string, string> environment, CancellationToken ct)
    {
        var path = PostgresTool(tool);
        try
        {
            await ExternalTool.RunAsync(path, arguments, options.Value.ToolTimeout, ct, environment);
        }
        catch (ExternalToolException e)
        {
            throw new BackupException($"{tool} không chạy được ({e.Failure}): {e.Message}");
        }
    }

    private string PostgresTool(string tool)
    {
        if (options.Value.PostgresBinDirectory is { Length: > 0 } configured) return Path.Combine(configured, tool);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        var installed = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return installed ?? throw new BackupException($"Không tìm thấy {tool} (cài gói postgresql-client hoặc đặt Backup:PostgresBinDirectory).");
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }

    private static async Task<(string Hash, long Length)> CopyHashedAsync(string from, string to, CancellationToken ct)
    {
        await using var source = File.OpenRead(from);
        return await CopyHashedAsync(source, to, ct);
    }

    private static async Task<(string Hash, long Length)> CopyHashedAsync(Stream source, string to, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[128 * 1024];
        int n;
        long length = 0;
        while ((n = await source.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            await target.WriteAsync(buffer.AsMemory(0, n), ct);
            length += n;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }
}
