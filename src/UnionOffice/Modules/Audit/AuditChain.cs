using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using UnionOffice.Data;

namespace UnionOffice.Modules.Audit;

/// <summary>Appends to and verifies the hash chain. Appending is serialised across processes and nodes.</summary>
public static class AuditChain
{
    // Arbitrary constant naming the audit log's lock among PostgreSQL advisory locks.
    private const long PostgresLockKey = 0x55_4F_41_55_44_49_54;

    /// <summary>
    /// Takes the chain's lock for the current transaction now, and reads the head of the chain in the same round trip
    /// (two statements of one batch: the second takes its snapshot after the lock is granted, so it sees the entry of
    /// the previous holder). A writer that also locks rows other writers need (a register's number) calls this first,
    /// so that nobody waits for the audit lock while holding such a row; <see cref="AppendAsync"/> then uses the head
    /// read here. PostgreSQL only; on SQLite the transaction already serialises writers.
    /// </summary>
    public static async Task LockAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres) await LockThenAsync(db, null, [], ct);
    }

    /// <summary>
    /// <see cref="LockAsync"/>, then one more statement in the same batch (e.g. taking the next number of a register, a
    /// row lock taken after the audit lock): one round trip fewer while every other audited writer waits. Returns the
    /// first column of that statement's first row. PostgreSQL only.
    /// </summary>
    public static async Task<object?> LockThenAsync(AppDbContext db, string? then, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken ct)
    {
        if (!db.IsPostgres) throw new InvalidOperationException("The audit lock is PostgreSQL's; SQLite serialises writers by its transaction.");
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The audit lock is taken inside a transaction.");
        var held = db.HeldAuditHead?.Transaction == tx;
        if (held && then is null) return null;
        var cmd = db.Database.GetDbConnection().CreateCommand();
        await using (cmd)
        {
            cmd.Transaction = tx.GetDbTransaction();
            var sql = held ? "" : $"SELECT pg_advisory_xact_lock({PostgresLockKey}); SELECT \"Sequence\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Sequence\" DESC LIMIT 1;";
            cmd.CommandText = then is null ? sql : $"{sql} {then}";
            foreach (var (name, value) in parameters)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = value;
                cmd.Parameters.Add(p);
            }
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!held)
            {
                await reader.NextResultAsync(ct);
                db.HeldAuditHead = await reader.ReadAsync(ct)
                    ? new AuditHead(tx, reader.GetInt64(0), reader.GetString(1))
                    : new AuditHead(tx, 0, AuditEntry.GenesisHash);
                if (then is null) return null;
                await reader.NextResultAsync(ct);
            }
            return await reader.ReadAsync(ct) ? reader.GetValue(0) : null;
        }
    }

    internal static async Task AppendAsync(AppDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        long seq;
        string prev;
        if (db.IsPostgres)
        {
            await LockThenAsync(db, null, [], ct); // once per transaction: later appends in it continue from the head kept below
            (seq, prev) = (db.HeldAuditHead!.Sequence, db.HeldAuditHead.Hash);
        }
        else
        {
            // On SQLite the transaction is BEGIN IMMEDIATE: writers are already serialised by the database.
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            seq = last?.Sequence ?? 0;
            prev = last?.Hash ?? AuditEntry.GenesisHash;
        }
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
        if (db.HeldAuditHead is { } held) db.HeldAuditHead = held with { Sequence = seq, Hash = prev };
    }

    /// <summary>The head of the chain as this transaction holds it (under the lock).</summary>
    internal sealed record AuditHead(IDbContextTransaction Transaction, long Sequence, string Hash);

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
