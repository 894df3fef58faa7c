using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace UnionOffice.Data;

/// <summary>
/// Forward-only schema migrations as plain SQL, one folder per database (Data/Migrations/Sqlite, .../PostgreSQL),
/// embedded in the executable and applied in name order, each in its own transaction, recorded in __schema_migrations.
/// EF's design-time tooling is not available here (see docs/adr/0002-migrations.md); a test checks that the migrated
/// schema equals the one EF derives from the model, on both databases.
/// </summary>
public static class MigrationRunner
{
    private const long PostgresLockKey = 0x55_4F_4D_49_47_52;

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
                CREATE TABLE IF NOT EXISTS "__schema_migrations" ("Id" varchar(150) NOT NULL PRIMARY KEY, "AppliedAt" varchar(40) NOT NULL)
                """, ct);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = "SELECT \"Id\" FROM \"__schema_migrations\"";
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            }
            var done = new List<string>();
            foreach (var (id, sql) in Scripts(postgres).Where(s => !applied.Contains(s.Id)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecAsync(conn, tx, sql, ct);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO \"__schema_migrations\" (\"Id\", \"AppliedAt\") VALUES (@id, @at)";
                    AddParam(cmd, "@id", id);
                    AddParam(cmd, "@at", DateTimeOffset.UtcNow.ToString("O"));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                done.Add(id);
            }
            if (postgres) await ExecAsync(conn, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", ct);
            return done;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<List<string>> PendingAsync(AppDbContext db, CancellationToken ct)
    {
        var all = Scripts(db.IsPostgres).Select(s => s.Id).ToList();
        try
        {
            var applied = await db.Database.SqlQueryRaw<string>("SELECT \"Id\" AS \"Value\" FROM \"__schema_migrations\"").ToListAsync(ct);
            return all.Except(applied).ToList();
        }
        catch (DbException)
        {
            return all;
        }
    }

    private static async Task ExecAsync(DbConnection conn, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
