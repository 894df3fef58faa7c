using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOffice.Common;
using UnionOffice.Modules.Audit;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Cli;

/// <summary>An installation with its own data-protection key ring (not the machine's shared one): what a backup must carry.</summary>
public sealed class BackupSourceSqliteFixture : SqliteAppFixture
{
    public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("uo-keys-").FullName;
    public BackupSourceSqliteFixture() => InstanceSettings = [new("DataProtection:KeysDirectory", KeysDirectory)];
}

public sealed class BackupSourcePostgresFixture : PostgresAppFixture
{
    public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("uo-keys-").FullName;
    public BackupSourcePostgresFixture() => InstanceSettings = [new("DataProtection:KeysDirectory", KeysDirectory)];
}

/// <summary>
/// The backup drill (issue 21 §1): a working installation — documents registered and issued with the organ's key — is
/// backed up by the real executable while it runs, restored by it into a new, empty installation elsewhere, and that
/// installation is started: every document and file is there byte for byte, the audit chain verifies, and the organ
/// still signs (its key ring came back, decrypted with the passphrase). Restores that must not happen are refused in
/// Vietnamese and change nothing: into a non-empty installation, with a wrong passphrase, from a tampered backup.
/// </summary>
public abstract class BackupRestoreTests(AppFixture source, string sourceKeys) : IAsyncLifetime
{
    private const string Passphrase = "một cụm mật khẩu dài cho bản sao lưu 2026";
    private readonly string _work = Directory.CreateTempSubdirectory("uo-backup-drill-").FullName;
    private readonly List<AppFixture> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var installation in _cleanup) await ((IAsyncLifetime)installation).DisposeAsync();
        foreach (var f in Directory.EnumerateFiles(_work, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>A fresh target: its database (empty), and the store, anchors and keys it will use.</summary>
    protected abstract Task<AppFixture> EmptyTargetAsync(string keysDirectory);

    /// <summary>The database settings of an installation, as environment variables for the executable.</summary>
    protected abstract (string, string)[] DatabaseEnvironment(AppFixture installation);

    /// <summary>Where an installation keeps its contents, as environment variables (the local folders unless it uses a bucket).</summary>
    protected virtual (string, string)[] StorageEnvironment(AppFixture installation) =>
        [("Storage__Root", installation.StorageRoot), ("Exchange__SpoolRoot", Path.Combine(installation.StorageRoot, "exchange"))];

    [Fact]
    public async Task ABackedUpInstallation_RestoredElsewhere_HasEveryDocumentAndFile_AndStillSigns()
    {
        // A working installation: an incoming document with its scan, an outgoing one issued with two signatures.
        using var clerk = await source.ClientAsAsync("htthu.ldld");
        var subject = $"V/v diễn tập sao lưu {Guid.NewGuid():N}"[..40];
        var incoming = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ",
            issuedDate = Formats.Today(source.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var scan = OutgoingFlowTests.DraftPdf("Bản quét công văn diễn tập sao lưu");
        var fileId = (await (await clerk.UploadAsync($"/api/v1/incoming/{incoming}/files", "cong-van.pdf", scan)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single().Str("id");
        var (outgoing, issued) = await OutgoingFlowTests.IssueAsync(source, subject, "I02");
        var issuedFile = await (await clerk.GetAsync($"/api/v1/outgoing/{outgoing}/file")).Content.ReadAsByteArrayAsync();
        var passphraseFile = Path.Combine(_work, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, Passphrase + "\n");

        // Backed up by the executable while the installation runs.
        var backups = Path.Combine(_work, "backups");
        var backup = await RunAsync(source, sourceKeys, "backup", "--to", backups, "--passphrase-file", passphraseFile);
        Assert.True(backup.Code == 0, backup.Err + backup.Out);
        var folder = Assert.Single(Directory.EnumerateDirectories(backups));
        Assert.Contains("Đã sao lưu vào", backup.Out);
        var (code, sums) = await Tools.ExitAsync(folder, "sha256sum", "--quiet", "-c", "SHA256SUMS");
        Assert.True(code == 0, sums);
        // The key ring is in the backup only encrypted.
        var keyXml = Directory.EnumerateFiles(sourceKeys, "*.xml").Select(File.ReadAllText).First();
        var masterKey = System.Text.RegularExpressions.Regex.Match(keyXml, "<value>([^<]+)</value>").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(masterKey));
        Assert.DoesNotContain(masterKey, System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(folder, "keys.enc"))));

        // Restored into an empty installation elsewhere, then started.
        var targetKeys = Directory.CreateTempSubdirectory("uo-keys-").FullName;
        var target = await EmptyTargetAsync(targetKeys);
        _cleanup.Add(target);
        var wrong = Path.Combine(_work, "wrong");
        await File.WriteAllTextAsync(wrong, "không phải cụm mật khẩu");
        var refused = await RunAsync(target, targetKeys, "restore", "--from", folder, "--passphrase-file", wrong);
        Assert.Equal(1, refused.Code);
        Assert.Contains("Cụm mật khẩu của bản sao lưu không đúng", refused.Err);
        var restored = await RunAsync(target, targetKeys, "restore", "--from", folder, "--passphrase-file", passphraseFile);
        Assert.True(restored.Code == 0, restored.Err + restored.Out);
        Assert.Contains("mọi kiểm tra đều đạt", restored.Out);
        // A second restore over it is refused: it is no longer empty.
        var again = await RunAsync(target, targetKeys, "restore", "--from", folder, "--passphrase-file", passphraseFile);
        Assert.Equal(1, again.Code);
        Assert.Contains("không trống", again.Err);

        await target.InitializeAsync();
        using var clerkThere = await target.ClientAsAsync("htthu.ldld");
        var doc = await (await clerkThere.GetAsync($"/api/v1/incoming/{incoming}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(subject, doc.Str("subject"));
        Assert.Equal(scan, await (await clerkThere.GetAsync($"/api/v1/incoming/{incoming}/files/{fileId}")).Content.ReadAsByteArrayAsync());
        Assert.Equal(issuedFile, await (await clerkThere.GetAsync($"/api/v1/outgoing/{outgoing}/file")).Content.ReadAsByteArrayAsync());
        var there = await (await clerkThere.GetAsync($"/api/v1/outgoing/{outgoing}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(issued.GetProperty("number").GetInt64(), there.GetProperty("number").GetInt64());
        var chain = await target.WithDbAsync(async db =>
        {
            await using var scope = target.Services.CreateAsyncScope();
            return await AuditChain.VerifyAsync(db, default, scope.ServiceProvider.GetRequiredService<AuditAnchors>());
        });
        Assert.True(chain.Ok, string.Join("; ", chain.Problems));
        // The organ's key (a PKCS#12 protected by the restored key ring) still signs: the next document is issued there.
        var (next, nextIssued) = await OutgoingFlowTests.IssueAsync(target, "V/v văn bản đầu tiên sau phục hồi", "I02");
        Assert.Equal(issued.GetProperty("number").GetInt64() + 1, nextIssued.GetProperty("number").GetInt64());
        Assert.NotEqual(outgoing, next);

        // A backup with one byte changed is refused before anything is touched.
        var tampered = Path.Combine(_work, "tampered");
        CopyDirectory(folder, tampered);
        var db = Path.Combine(tampered, File.Exists(Path.Combine(tampered, "database.sqlite")) ? "database.sqlite" : "database.dump");
        File.SetAttributes(db, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(db);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(db, bytes);
        var otherKeys = Directory.CreateTempSubdirectory("uo-keys-").FullName;
        var other = await EmptyTargetAsync(otherKeys);
        _cleanup.Add(other);
        var broken = await RunAsync(other, otherKeys, "restore", "--from", tampered, "--passphrase-file", passphraseFile);
        Assert.Equal(1, broken.Code);
        Assert.Contains("đã bị thay đổi hoặc hỏng", broken.Err);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }

    /// <summary>The product's executable, as an operator runs it, with the installation's settings.</summary>
    private async Task<(int Code, string Out, string Err)> RunAsync(AppFixture installation, string keys, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CommandTests.Executable());
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in StorageEnvironment(installation)) psi.Environment[k] = v;
        psi.Environment["Audit__AnchorDirectory"] = Path.Combine(installation.StorageRoot, "audit-anchors");
        psi.Environment["DataProtection__KeysDirectory"] = keys;
        foreach (var (k, v) in DatabaseEnvironment(installation)) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}

public sealed class BackupRestoreTestsSqlite(BackupSourceSqliteFixture f) : BackupRestoreTests(f, f.KeysDirectory), IClassFixture<BackupSourceSqliteFixture>
{
    protected override Task<AppFixture> EmptyTargetAsync(string keysDirectory) => Task.FromResult<AppFixture>(new SqliteAppFixture
    {
        InstanceSettings = [new("DataProtection:KeysDirectory", keysDirectory), new("Demo:SeedOnStart", "false")],
    });

    protected override (string, string)[] DatabaseEnvironment(AppFixture installation) =>
        [("Database__Provider", "Sqlite"), ("ConnectionStrings__Default", $"Data Source={((SqliteAppFixture)installation).File};Pooling=False")];
}

public sealed class BackupRestoreTestsPostgres(BackupSourcePostgresFixture f) : BackupRestoreTests(f, f.KeysDirectory), IClassFixture<BackupSourcePostgresFixture>
{
    protected override async Task<AppFixture> EmptyTargetAsync(string keysDirectory)
    {
        var target = new PostgresAppFixture { InstanceSettings = [new("DataProtection:KeysDirectory", keysDirectory), new("Demo:SeedOnStart", "false")] };
        await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{target.Name}\"");
        return target;
    }

    protected override (string, string)[] DatabaseEnvironment(AppFixture installation) =>
        [("Database__Provider", "PostgreSQL"), ("ConnectionStrings__Default", new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = ((PostgresAppFixture)installation).Name }.ToString())];
}

/// <summary>The same drill with the contents in S3 buckets (issue 21 §2): backed up from one bucket, restored into another.</summary>
public sealed class BackupSourceS3SqliteFixture : SqliteAppFixture
{
    public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("uo-keys-").FullName;
    public LocalS3 S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("DataProtection:KeysDirectory", KeysDirectory), .. S3.Settings(Bucket)];

    public override async Task InitializeAsync()
    {
        (S3, Bucket) = await BackupRestoreS3.BucketAsync();
        await base.InitializeAsync();
    }
}

public sealed class BackupSourceS3PostgresFixture : PostgresAppFixture
{
    public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("uo-keys-").FullName;
    public LocalS3 S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("DataProtection:KeysDirectory", KeysDirectory), .. S3.Settings(Bucket)];

    public override async Task InitializeAsync()
    {
        (S3, Bucket) = await BackupRestoreS3.BucketAsync();
        await base.InitializeAsync();
    }
}

internal static class BackupRestoreS3
{
    public static async Task<(LocalS3, string)> BucketAsync()
    {
        var s3 = await LocalS3.SharedAsync();
        return (s3, await s3.NewBucketAsync());
    }

    /// <summary>The executable's settings for an installation in a bucket: its S3 settings, named as environment variables.</summary>
    public static (string, string)[] Environment(AppFixture installation, IEnumerable<KeyValuePair<string, string>> settings) =>
        [.. settings.Where(s => s.Key.StartsWith("Storage:", StringComparison.Ordinal)).Select(s => (s.Key.Replace(":", "__"), s.Value)),
            ("Storage__Root", installation.StorageRoot), ("Exchange__SpoolRoot", Path.Combine(installation.StorageRoot, "exchange"))];
}

/// <summary>The drill with each installation in a bucket of its own: the executable is told which.</summary>
public abstract class BackupRestoreS3Tests(AppFixture source, string sourceKeys, KeyValuePair<string, string>[] sourceBucket) : BackupRestoreTests(source, sourceKeys)
{
    private readonly Dictionary<AppFixture, KeyValuePair<string, string>[]> _buckets = new() { [source] = sourceBucket };

    /// <summary>A new, empty installation of the drill's database kind with these settings.</summary>
    protected abstract Task<AppFixture> NewTargetAsync(KeyValuePair<string, string>[] settings);

    protected override async Task<AppFixture> EmptyTargetAsync(string keysDirectory)
    {
        var (s3, bucket) = await BackupRestoreS3.BucketAsync();
        var settings = s3.Settings(bucket);
        var target = await NewTargetAsync([new("DataProtection:KeysDirectory", keysDirectory), new("Demo:SeedOnStart", "false"), .. settings]);
        _buckets[target] = settings;
        return target;
    }

    protected override (string, string)[] StorageEnvironment(AppFixture installation) => BackupRestoreS3.Environment(installation, _buckets[installation]);
}

public sealed class BackupRestoreTestsS3Sqlite(BackupSourceS3SqliteFixture f)
    : BackupRestoreS3Tests(f, f.KeysDirectory, f.S3.Settings(f.Bucket)), IClassFixture<BackupSourceS3SqliteFixture>
{
    protected override Task<AppFixture> NewTargetAsync(KeyValuePair<string, string>[] settings) => Task.FromResult<AppFixture>(new SqliteAppFixture { InstanceSettings = settings });

    protected override (string, string)[] DatabaseEnvironment(AppFixture installation) =>
        [("Database__Provider", "Sqlite"), ("ConnectionStrings__Default", $"Data Source={((SqliteAppFixture)installation).File};Pooling=False")];
}

public sealed class BackupRestoreTestsS3Postgres(BackupSourceS3PostgresFixture f)
    : BackupRestoreS3Tests(f, f.KeysDirectory, f.S3.Settings(f.Bucket)), IClassFixture<BackupSourceS3PostgresFixture>
{
    protected override async Task<AppFixture> NewTargetAsync(KeyValuePair<string, string>[] settings)
    {
        var target = new PostgresAppFixture { InstanceSettings = settings };
        await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{target.Name}\"");
        return target;
    }

    protected override (string, string)[] DatabaseEnvironment(AppFixture installation) =>
        [("Database__Provider", "PostgreSQL"), ("ConnectionStrings__Default", new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = ((PostgresAppFixture)installation).Name }.ToString())];
}

/// <summary>An installation whose scheduled backups go to a folder of its own, keeping two.</summary>
public sealed class ScheduledBackupFixture : SqliteAppFixture
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("uo-scheduled-").FullName;
    public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("uo-keys-").FullName;

    public ScheduledBackupFixture()
    {
        var passphrase = Path.Combine(Folder, "..", $"{Path.GetFileName(Folder)}.passphrase");
        System.IO.File.WriteAllText(passphrase, "cụm mật khẩu của lịch sao lưu\n");
        InstanceSettings =
        [
            new("DataProtection:KeysDirectory", KeysDirectory), new("Backup:Directory", Folder), new("Backup:PassphraseFile", passphrase),
            new("Backup:Keep", "2"), new("Backup:Interval", "3650.00:00:00"), // the tests run it; the timer never fires during them
        ];
    }
}

/// <summary>Scheduled backups (issue 21 §1): each run a new complete folder, the oldest beyond Backup:Keep removed, a half-written one never counted.</summary>
public sealed class ScheduledBackupTests(ScheduledBackupFixture app) : IClassFixture<ScheduledBackupFixture>
{
    [Fact]
    public async Task EachRun_MakesACompleteBackup_AndKeepsTheNewestTwo()
    {
        Directory.CreateDirectory(Path.Combine(app.Folder, "uo-backup-19990101-000000.partial")); // an interrupted run
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            made.Add(await scope.ServiceProvider.GetRequiredService<UnionOffice.Modules.Operations.ScheduledBackup>().RunAsync(default));
            app.Clock.Advance(TimeSpan.FromHours(1));
        }
        var left = Directory.EnumerateDirectories(app.Folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(made.Skip(1), left);
        foreach (var folder in left)
        {
            var (code, output) = await Tools.ExitAsync(folder, "sha256sum", "--quiet", "-c", "SHA256SUMS");
            Assert.True(code == 0, output);
            Assert.Contains("\"format\": \"unionoffice-backup/1\"", await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")));
        }
    }
}
