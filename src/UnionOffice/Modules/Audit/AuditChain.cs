using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;

namespace UnionOffice.Modules.Audit;

/// <summary>Appends to and verifies the hash chain. Appending is serialised across processes and nodes.</summary>
public static class AuditChain
{
    // Arbitrary constant naming the audit log's lock among PostgreSQL advisory locks.
    private const long PostgresLockKey = 0x55_4F_41_55_44_49_54;

    internal static async Task AppendAsync(AppDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        // On SQLite the transaction is BEGIN IMMEDIATE: writers are already serialised by the database.
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
        var seq = last?.Sequence ?? 0;
        var prev = last?.Hash ?? AuditEntry.GenesisHash;
        foreach (var e in entries)
        {
            // Whole milliseconds: both databases store that exactly, so the hash computed now is the hash verified later.
            e.At = new DateTimeOffset(e.At.UtcTicks - e.At.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
            e.Sequence = ++seq;
            e.PreviousHash = prev;
            e.Hash = e.ComputeHash();
            prev = e.Hash;
            db.AuditEntries.Add(e);
        }
    }

    public sealed record VerifyResult(bool Ok, long Count, string HeadHash, IReadOnlyList<string> Problems);

    /// <summary>Walks the whole chain in order, in batches, and reports every break it finds.</summary>
    public static async Task<VerifyResult> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
        var problems = new List<string>();
        long expected = 1, count = 0;
        var prev = AuditEntry.GenesisHash;
        const int batch = 2000;
        while (true)
        {
            var from = expected;
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= from)
                .OrderBy(e => e.Sequence).Take(batch).ToListAsync(ct);
            if (rows.Count == 0) break;
            foreach (var e in rows)
            {
                count++;
                if (e.Sequence != expected)
                    problems.Add($"Thiếu bản ghi số {expected}–{e.Sequence - 1} (đã bị xóa).");
                if (e.PreviousHash != prev)
                    problems.Add($"Bản ghi số {e.Sequence}: liên kết với bản ghi trước không khớp.");
                if (e.ComputeHash() != e.Hash)
                    problems.Add($"Bản ghi số {e.Sequence}: nội dung đã bị sửa (mã băm không khớp).");
                prev = e.Hash;
                expected = e.Sequence + 1;
            }
        }
        return new VerifyResult(problems.Count == 0, count, prev, problems);
    }
}
