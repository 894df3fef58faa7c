using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
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
    /// first column of that statement's first row (it must return a row). PostgreSQL only.
    /// <para>With <paramref name="append"/>, the context's queued audit entries are appended in the same batch too, each
    /// by an INSERT that reads the head of the chain and has PostgreSQL compute the sequence, the previous hash and the
    /// hash (the text <see cref="AuditEntry.ComputeHash"/> hashes, so verification is unchanged); an entry's
    /// <see cref="AuditEntry.DetailsSql"/> may use what <paramref name="then"/> did (the number it took). The caller then
    /// commits at once: the lock is held for this one round trip and the commit.</para>
    /// </summary>
    public static async Task<object?> LockThenAsync(AppDbContext db, string? then, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken ct,
        bool append = false)
    {
        if (!db.IsPostgres) throw new InvalidOperationException("The audit lock is PostgreSQL's; SQLite serialises writers by its transaction.");
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("The audit lock is taken inside a transaction.");
        var held = db.HeldAuditHead?.Transaction == tx;
        var entries = append ? db.PendingAudit.ToList() : [];
        if (held && then is null && entries.Count == 0) return null;
        var readHead = !held && entries.Count == 0; // appended entries return the new head themselves
        var cmd = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        await using (cmd)
        {
            cmd.Transaction = (NpgsqlTransaction)tx.GetDbTransaction();
            var sql = new StringBuilder();
            if (!held) sql.Append(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({PostgresLockKey});\n");
            if (readHead) sql.Append("SELECT \"Sequence\", \"Hash\" FROM \"AuditEntries\" ORDER BY \"Sequence\" DESC LIMIT 1;\n");
            if (then is not null) sql.Append(then).Append(";\n");
            foreach (var (name, value) in parameters) cmd.Parameters.Add(new NpgsqlParameter(name, value));
            for (var i = 0; i < entries.Count; i++) sql.Append(AppendStatement(cmd, entries[i], $"audit{i}_"));
            cmd.CommandText = sql.ToString();
            try
            {
                // Prepared on the connection (a few texts: with or without the lock, one entry or two): PostgreSQL
                // then neither parses nor plans them again, and planning them happened under the lock.
                await cmd.PrepareAsync(ct);
                object? result = null;
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                if (!held) await reader.NextResultAsync(ct); // past the lock's own row
                if (readHead)
                {
                    db.HeldAuditHead = await reader.ReadAsync(ct)
                        ? new AuditHead(tx, reader.GetInt64(0), reader.GetString(1))
                        : new AuditHead(tx, 0, AuditEntry.GenesisHash);
                    await reader.NextResultAsync(ct);
                }
                if (then is not null)
                {
                    result = await reader.ReadAsync(ct) ? reader.GetValue(0) : null;
                    await reader.NextResultAsync(ct);
                }
                foreach (var e in entries)
                {
                    if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("An audit entry was not appended.");
                    e.Sequence = reader.GetInt64(0);
                    e.PreviousHash = reader.GetString(1);
                    e.Hash = reader.GetString(2);
                    e.Details = reader.IsDBNull(3) ? null : reader.GetString(3);
                    e.DetailsSql = null;
                    db.HeldAuditHead = new AuditHead(tx, e.Sequence, e.Hash);
                    db.PendingAudit.Remove(e);
                    await reader.NextResultAsync(ct);
                }
                return result;
            }
            catch
            {
                if (append) db.PendingAudit.Clear(); // the transaction is lost with them
                db.HeldAuditHead = null;
                throw;
            }
        }
    }

    /// <summary>
    /// One INSERT appending the entry after the head it reads (under the lock, so the head is the chain's last entry,
    /// this transaction's own earlier entries included); the database computes the hashed text from the entry's fields
    /// sent as they are hashed. Whole milliseconds for At, as <see cref="AppendAsync"/>.
    /// </summary>
    private static string AppendStatement(NpgsqlCommand cmd, AuditEntry e, string p)
    {
        e.At = new DateTimeOffset(e.At.UtcTicks - e.At.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        void Add(string name, NpgsqlDbType type, object? value) => cmd.Parameters.Add(new NpgsqlParameter(p + name, type) { Value = value ?? DBNull.Value });
        Add("at", NpgsqlDbType.TimestampTz, e.At);
        Add("action", NpgsqlDbType.Text, e.Action);
        Add("actor", NpgsqlDbType.Uuid, e.ActorUserId);
        Add("actorname", NpgsqlDbType.Text, e.ActorUserName);
        Add("onbehalfof", NpgsqlDbType.Uuid, e.OnBehalfOfUserId);
        Add("organization", NpgsqlDbType.Uuid, e.OrganizationId);
        Add("targettype", NpgsqlDbType.Text, e.TargetType);
        Add("targetid", NpgsqlDbType.Text, e.TargetId);
        Add("ip", NpgsqlDbType.Text, e.IpAddress);
        Add("succeeded", NpgsqlDbType.Boolean, e.Succeeded);
        Add("before", NpgsqlDbType.Text, e.HashedBeforeDetails);
        Add("after", NpgsqlDbType.Text, e.HashedAfterDetails);
        Add("genesis", NpgsqlDbType.Text, AuditEntry.GenesisHash);
        var details = e.DetailsSql;
        if (details is null)
        {
            Add("details", NpgsqlDbType.Text, e.Details);
            details = $"@{p}details";
        }
        return $"""
            INSERT INTO "AuditEntries" ("Sequence", "At", "Action", "ActorUserId", "ActorUserName", "OnBehalfOfUserId", "OrganizationId",
                "TargetType", "TargetId", "Details", "IpAddress", "Succeeded", "PreviousHash", "Hash")
            SELECT e.s, @{p}at, @{p}action, @{p}actor, @{p}actorname, @{p}onbehalfof, @{p}organization, @{p}targettype, @{p}targetid, e.d, @{p}ip,
                @{p}succeeded, e.prev,
                encode(sha256(convert_to(concat(e.s, chr(31), @{p}before, chr(31), COALESCE(e.d, ''), chr(31), @{p}after, chr(31), e.prev), 'UTF8')), 'hex')
            FROM (SELECT COALESCE(h."Sequence", 0) + 1 AS s, COALESCE(h."Hash", @{p}genesis) AS prev, ({details})::text AS d
                  FROM (SELECT 1) AS one
                  LEFT JOIN (SELECT "Sequence", "Hash" FROM "AuditEntries" ORDER BY "Sequence" DESC LIMIT 1) AS h ON TRUE) AS e
            RETURNING "Sequence", "PreviousHash", "Hash", "Details";

            """;
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

    public sealed record VerifyResult(bool Ok, long Count, string HeadHash, IReadOnlyList<string> Problems, int Anchors = 0, long AnchoredUpTo = 0);

    /// <summary>
    /// Walks the whole chain in order, in batches, and reports every break it finds; with <paramref name="anchors"/>,
    /// also every anchored record that is missing or not as it was anchored — a deleted tail the chain alone cannot show.
    /// </summary>
    public static async Task<VerifyResult> VerifyAsync(AppDbContext db, CancellationToken ct, AuditAnchors? anchors = null)
    {
        var problems = new List<string>();
        var (anchored, anchorProblems) = anchors?.Read() ?? ([], []);
        problems.AddRange(anchorProblems);
        var wanted = anchored.GroupBy(a => a.Sequence).ToDictionary(g => g.Key, g => g.First());
        var found = new Dictionary<long, string>();
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
                if (wanted.ContainsKey(e.Sequence)) found[e.Sequence] = e.Hash;
                prev = e.Hash;
                expected = e.Sequence + 1;
            }
        }
        var last = expected - 1;
        foreach (var a in wanted.Values.OrderBy(a => a.Sequence))
        {
            if (a.Sequence > last)
            {
                problems.Add($"Các bản ghi từ số {last + 1} đến {a.Sequence} đã được neo lúc {Common.Formats.DateTime(a.At)} nhưng không còn trong cơ sở dữ liệu: phần cuối nhật ký đã bị xóa.");
                break;
            }
            if (found.TryGetValue(a.Sequence, out var hash) && hash != a.Hash)
                problems.Add($"Bản ghi số {a.Sequence} khác với mốc đã neo lúc {Common.Formats.DateTime(a.At)}: nhật ký đã bị viết lại.");
        }
        return new VerifyResult(problems.Count == 0, count, prev, problems, wanted.Count, wanted.Count == 0 ? 0 : wanted.Keys.Max());
    }
}
