using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace UnionOffice.Data;

/// <summary>
/// Forward-only schema migrations as plain SQL, one folder per database (Data/Migrations/Sqlite, .../PostgreSQL),
/// embedded in the executable and applied in name order, each in its own transaction, recorded in __schema_migrations.
/// EF's design-time tooling is not available here (see docs/adr/0002-migrations.md); a test checks that the migrated
/// schema equals the one EF derives from the model, on both databases. Each applied script's SHA-256 is kept with it: a
/// script edited after it was applied stops the start (its change would never reach that database), where it would
/// otherwise go unnoticed; rows from before checksums were kept take the current script's.
/// </summary>
public static class MigrationRunner
{
    internal const long PostgresLockKey = 0x55_4F_4D_49_47_52;

    public static IReadOnlyList<(string Id, string Sql)> Scripts(bool postgres)
    {
        var asm = typeof(MigrationRunner).Assembly;
        var folder = postgres ? ".Data.Migrations.PostgreSQL." : ".Data.Migrations.Sqlite.";
        return asm.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Id: n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^4], Name: n))
            .OrderBy(x => x.Id, StringComparer.Ordinal)
            .Select(x =>
            {
                using var s = asm.GetManifestResourceStream(x.Name)!;
                using var r = new StreamReader(s);
                return (x.Id, r.ReadToEnd());
            }).ToList();
    }

    /// <summary>Applies what is missing; returns the ids applied. Safe to run from several nodes at once on PostgreSQL.</summary>
    public static async Task<List<string>> MigrateAsync(AppDbContext db, CancellationToken ct)
    {
        var postgres = db.IsPostgres;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (postgres) await ExecAsync(conn, null, $"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            // SQLite serves a web app with concurrent requests: in WAL mode readers and the writer do not block each
            // other, and writers queue on the busy timeout instead of failing with "database is locked".
            else await ExecAsync(conn, null, "PRAGMA journal_mode=WAL;", ct);
            await ExecAsync(conn, null, """
                CREATE TABLE IF NOT EXISTS "__schema_migrations" ("Id" varchar(150) NOT NULL PRIMARY KEY, "AppliedAt" varchar(40) NOT NULL, "Checksum" varchar(64) NULL)
                """, ct);
            if (!await HasChecksumColumnAsync(conn, postgres, ct))
            {
                try
                {
                    await ExecAsync(conn, null, "ALTER TABLE \"__schema_migrations\" ADD COLUMN \"Checksum\" varchar(64) NULL", ct);
                }
                catch (DbException) when (!postgres)
                {
                    // SQLite has no lock here: another process starting on the same file may have added it first.
                    if (!await HasChecksumColumnAsync(conn, postgres, ct)) throw;
                }
            }
            var scripts = Scripts(postgres);
            var applied = await AppliedAsync(conn, withChecksums: true, ct);
            Verify(scripts, applied);
            foreach (var (id, sql) in scripts.Where(s => applied.TryGetValue(s.Id, out var sum) && sum is null))
                await ExecAsync(conn, null, "UPDATE \"__schema_migrations\" SET \"Checksum\" = @sum WHERE \"Id\" = @id", ct, ("@sum", Checksum(sql)), ("@id", id));
            var done = new List<string>();
            foreach (var (id, sql) in scripts.Where(s => !applied.ContainsKey(s.Id)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecAsync(conn, tx, sql, ct);
                await ExecAsync(conn, tx, "INSERT INTO \"__schema_migrations\" (\"Id\", \"AppliedAt\", \"Checksum\") VALUES (@id, @at, @sum)", ct,
                    ("@id", id), ("@at", DateTimeOffset.UtcNow.ToString("O")), ("@sum", Checksum(sql)));
                await tx.CommitAsync(ct);
                done.Add(id);
            }
            return done;
        }
        finally
        {
            // Also when a script or the checksum check failed: a pooled connection would otherwise keep the lock.
            if (postgres) await UnlockAsync(conn);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task UnlockAsync(DbConnection conn)
    {
        try
        {
            await ExecAsync(conn, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
        }
        catch (DbException)
        {
            // The connection is broken: its session, and the lock with it, is gone.
        }
    }

    /// <summary>The scripts not yet applied; throws, as <see cref="MigrateAsync"/> does, if an applied one has changed since.</summary>
    public static async Task<List<string>> PendingAsync(AppDbContext db, CancellationToken ct)
    {
        var scripts = Scripts(db.IsPostgres);
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            Dictionary<string, string?> applied;
            try
            {
                applied = await AppliedAsync(conn, await HasChecksumColumnAsync(conn, db.IsPostgres, ct), ct);
            }
            catch (DbException)
            {
                return scripts.Select(s => s.Id).ToList(); // no migrations table yet
            }
            Verify(scripts, applied);
            return scripts.Where(s => !applied.ContainsKey(s.Id)).Select(s => s.Id).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>SHA-256 of the script as text, line endings made LF (a checkout with CRLF is the same script).</summary>
    public static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    private static void Verify(IReadOnlyList<(string Id, string Sql)> scripts, Dictionary<string, string?> applied)
    {
        var changed = scripts.Where(s => applied.TryGetValue(s.Id, out var sum) && sum is not null && sum != Checksum(s.Sql)).Select(s => s.Id).ToList();
        if (changed.Count > 0)
            throw new InvalidOperationException(
                $"Lược đồ dữ liệu không khớp: {(changed.Count == 1 ? "migration" : "các migration")} {string.Join(", ", changed)} đã được áp dụng vào cơ sở dữ liệu này " +
                "nhưng tệp của nó trong bản phần mềm đã bị sửa sau đó, nên thay đổi ấy sẽ không bao giờ tới cơ sở dữ liệu. Migration đã áp dụng không được sửa: " +
                "hãy khôi phục tệp như cũ và đưa thay đổi vào một migration mới. (An applied migration's script has changed.)");
    }

    private static async Task<bool> HasChecksumColumnAsync(DbConnection conn, bool postgres, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = postgres
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '__schema_migrations' AND column_name = 'Checksum'"
            : "SELECT COUNT(*) FROM pragma_table_info('__schema_migrations') WHERE name = 'Checksum'";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The ids applied, with their checksums (null for rows from before checksums, or without the column).</summary>
    private static async Task<Dictionary<string, string?>> AppliedAsync(DbConnection conn, bool withChecksums, CancellationToken ct)
    {
        var applied = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT \"Id\", {(withChecksums ? "\"Checksum\"" : "NULL")} FROM \"__schema_migrations\"";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return applied;
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
