using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;

namespace UnionOffice.Modules.Audit;

/// <summary>Settings of the audit log's anchors (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// Where the anchors are appended, one JSON line each, a file a month. Put it where the database's owner cannot
    /// rewrite it: another disk or host than PostgreSQL's, a write-once mount, a folder copied off the machine.
    /// </summary>
    public string AnchorDirectory { get; set; } = "data/audit-anchors";
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(15);
    public bool RunAnchorJob { get; set; } = true;
}

/// <summary>The chain's head at a moment, signed: a deleted tail leaves an anchor that names what is gone.</summary>
public sealed record AuditAnchor(long Sequence, string Hash, DateTimeOffset At, string Signature);

/// <summary>
/// Anchors of the audit chain outside the database (review finding 9: the newest records removed with the guard trigger
/// dropped left a chain that verified). At intervals the head — its sequence and hash — is signed with the
/// installation's anchor key (ECDSA P-256, its private half kept under ASP.NET Data Protection, its public half beside
/// the anchors for anyone to check with) and appended to a file outside the database. <see cref="AuditChain.VerifyAsync"/>
/// then requires every anchored record to be there with the hash it had: what was removed after an anchor is found.
/// </summary>
public sealed class AuditAnchors(IOptions<AuditOptions> options, IWebHostEnvironment env, IDataProtectionProvider protection, TimeProvider time)
{
    public const string PublicKeyFile = "anchor-key.pub.pem";
    private const string PrivateKeyFile = "anchor-key.protected";
    private static readonly Lock Gate = new();

    public string Directory => Path.GetFullPath(options.Value.AnchorDirectory, env.ContentRootPath);

    /// <summary>Anchors the chain's head now, unless the newest anchor already names it; the anchor written, or the newest.</summary>
    public async Task<AuditAnchor?> AnchorAsync(AppDbContext db, CancellationToken ct)
    {
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        var newest = Read().Anchors.OrderByDescending(a => a.Sequence).FirstOrDefault();
        if (newest is not null && newest.Sequence >= head.Sequence) return newest;
        var at = time.GetUtcNow();
        using var key = PrivateKey();
        var anchor = new AuditAnchor(head.Sequence, head.Hash, at, Convert.ToBase64String(key.SignData(Signed(head.Sequence, head.Hash, at), HashAlgorithmName.SHA256)));
        var line = JsonSerializer.Serialize(anchor) + "\n";
        lock (Gate)
        {
            // One short line, appended: atomic on a local file system, so nodes sharing the folder do not interleave.
            File.AppendAllText(Path.Combine(Directory, $"anchors-{at:yyyy-MM}.jsonl"), line, Encoding.UTF8);
        }
        return anchor;
    }

    /// <summary>Every anchor in the folder whose signature holds; the others are named in <c>Problems</c>.</summary>
    public (List<AuditAnchor> Anchors, List<string> Problems) Read()
    {
        var anchors = new List<AuditAnchor>();
        var problems = new List<string>();
        if (!System.IO.Directory.Exists(Directory)) return (anchors, problems);
        var pub = Path.Combine(Directory, PublicKeyFile);
        var files = System.IO.Directory.GetFiles(Directory, "anchors-*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return (anchors, problems);
        if (!File.Exists(pub))
        {
            problems.Add($"Không tìm thấy khóa công khai để kiểm tra mốc neo ({PublicKeyFile}).");
            return (anchors, problems);
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(pub));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            problems.Add($"Khóa công khai {PublicKeyFile} bị hỏng: không kiểm tra được mốc neo nào.");
            return (anchors, problems);
        }
        foreach (var file in files)
        {
            var n = 0;
            foreach (var line in File.ReadLines(file))
            {
                n++;
                if (line.Length == 0) continue;
                AuditAnchor? a = null;
                try
                {
                    a = JsonSerializer.Deserialize<AuditAnchor>(line);
                }
                catch (JsonException)
                {
                }
                if (a is null || !TryVerify(key, a))
                    problems.Add($"Mốc neo dòng {n} của {Path.GetFileName(file)} không hợp lệ hoặc đã bị sửa (chữ ký không khớp).");
                else anchors.Add(a);
            }
        }
        return (anchors, problems);
    }

    private static bool TryVerify(ECDsa key, AuditAnchor a)
    {
        try
        {
            return key.VerifyData(Signed(a.Sequence, a.Hash, a.At), Convert.FromBase64String(a.Signature), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
        {
            return false; // no signature, or not one: as good as a wrong one
        }
    }

    private static byte[] Signed(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"unionoffice-audit-anchor\n{sequence}\n{hash}\n{at.UtcTicks}"));

    /// <summary>The installation's anchor key, made at the first anchor; its public half written beside the anchors.</summary>
    private ECDsa PrivateKey()
    {
        var protector = protection.CreateProtector("UnionOffice.Audit.AnchorKey.v1");
        var dir = System.IO.Directory.CreateDirectory(Directory).FullName;
        var file = Path.Combine(dir, PrivateKeyFile);
        var key = ECDsa.Create();
        lock (Gate)
        {
            if (!File.Exists(file))
            {
                // Made once for the installation: another node making it at the same moment loses the race and reads this one.
                key.GenerateKey(ECCurve.NamedCurves.nistP256);
                try
                {
                    using (var created = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
                        created.Write(protector.Protect(key.ExportPkcs8PrivateKey()));
                    File.WriteAllText(Path.Combine(dir, PublicKeyFile), key.ExportSubjectPublicKeyInfoPem());
                    return key;
                }
                catch (IOException) when (File.Exists(file))
                {
                }
            }
            key.ImportPkcs8PrivateKey(protector.Unprotect(File.ReadAllBytes(file)), out _);
            return key;
        }
    }
}

/// <summary>Anchors the audit chain every Audit:AnchorInterval in this process (any node may: the newest anchor decides).</summary>
public sealed class AuditAnchorJob(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditAnchorJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnchorInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditAnchors>().AnchorAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Anchoring the audit chain failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
