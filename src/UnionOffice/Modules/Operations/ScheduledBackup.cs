using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Operations;

/// <summary>One scheduled backup: a new folder in Backup:Directory, then the oldest beyond Backup:Keep removed.</summary>
public sealed class ScheduledBackup(Backups backups, IOptions<BackupOptions> options, IWebHostEnvironment env, ILogger<ScheduledBackup> log)
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.Directory is not { Length: > 0 } dir) throw new BackupException("Chưa đặt Backup:Directory.");
        var directory = Path.GetFullPath(dir, env.ContentRootPath);
        var passphrase = Passphrase.Read(o.PassphraseFile is { Length: > 0 } f ? Path.GetFullPath(f, env.ContentRootPath) : null)
            ?? throw new BackupException("Chưa đặt Backup:PassphraseFile (cụm mật khẩu mã hóa khóa trong bản sao lưu).");
        var (path, manifest) = await backups.BackupAsync(directory, passphrase, ct);
        var removed = Backups.Prune(directory, o.Keep);
        log.LogInformation("Backup {Path}: {Files} files, {Bytes} bytes; {Removed} old backups removed", path, manifest.Files, manifest.FileBytes, removed.Count);
        return path;
    }
}

/// <summary>Runs <see cref="ScheduledBackup"/> every Backup:Interval while the application runs (when Backup:Directory is set).</summary>
public sealed class BackupJob(IServiceScopeFactory scopes, IOptions<BackupOptions> options, TimeProvider time, ILogger<BackupJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero)
        {
            log.LogError("Backup:Interval must be positive; scheduled backups are off");
            return;
        }
        // Waited in steps of at most a day: a timer cannot wait longer than about 49 days, an interval may be a month.
        var next = time.GetUtcNow() + options.Value.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1), time, stoppingToken);
                continue;
            }
            next += options.Value.Interval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ScheduledBackup>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Scheduled backup failed");
            }
        }
    }
}

/// <summary>The backup passphrase: from a file (trailing newline dropped), else the UO_BACKUP_PASSPHRASE variable.</summary>
public static class Passphrase
{
    public const string Variable = "UO_BACKUP_PASSPHRASE";

    public static string? Read(string? file)
    {
        if (file is { Length: > 0 })
        {
            if (!File.Exists(file)) throw new BackupException($"Không có tệp cụm mật khẩu {file}.");
            return File.ReadAllText(file).TrimEnd('\r', '\n') is { Length: > 0 } p ? p : throw new BackupException($"Tệp cụm mật khẩu {file} trống.");
        }
        return Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;
    }
}
