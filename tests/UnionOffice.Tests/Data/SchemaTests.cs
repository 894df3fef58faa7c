using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOffice.Hosting;
using UnionOffice.Data;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Data;

/// <summary>The hand-written SQL migrations must produce exactly the schema EF derives from the model.</summary>
public class SchemaTests
{
    [Fact]
    public async Task Sqlite_MigratedSchema_EqualsTheModel()
    {
        var a = Path.Combine(Path.GetTempPath(), $"uo-schema-{Guid.NewGuid():N}.db");
        var b = Path.Combine(Path.GetTempPath(), $"uo-schema-{Guid.NewGuid():N}.db");
        try
        {
            await using var migrated = Context(DatabaseProvider.Sqlite, $"Data Source={a};Pooling=False");
            await MigrationRunner.MigrateAsync(migrated, default);
            Assert.Empty(await MigrationRunner.MigrateAsync(migrated, default)); // a second run applies nothing
            await using var model = Context(DatabaseProvider.Sqlite, $"Data Source={b};Pooling=False");
            await model.Database.EnsureCreatedAsync(); // throw-away database: the model's own idea of the schema
            AssertSame(await SqliteSchemaAsync(model), await SqliteSchemaAsync(migrated));
        }
        finally
        {
            File.Delete(a);
            File.Delete(b);
        }
    }

    [Fact]
    public Task Postgres_MigratedSchema_EqualsTheModel() => InNewPostgresDatabasesAsync(2, async names =>
    {
        await using var migrated = Context(DatabaseProvider.PostgreSQL, Cs(names[0]));
        await MigrationRunner.MigrateAsync(migrated, default);
        Assert.Empty(await MigrationRunner.MigrateAsync(migrated, default));
        await using var model = Context(DatabaseProvider.PostgreSQL, Cs(names[1]));
        await model.Database.EnsureCreatedAsync();
        AssertSame(await PostgresSchemaAsync(model), await PostgresSchemaAsync(migrated));
    });

    [Fact]
    public Task Postgres_TwoNodesMigratingAtOnce_ApplyEachScriptOnce() => InNewPostgresDatabasesAsync(1, async names =>
    {
        await using var one = Context(DatabaseProvider.PostgreSQL, Cs(names[0]));
        await using var two = Context(DatabaseProvider.PostgreSQL, Cs(names[0]));
        var runs = await Task.WhenAll(MigrationRunner.MigrateAsync(one, default), MigrationRunner.MigrateAsync(two, default));
        Assert.Equal(MigrationRunner.Scripts(postgres: true).Count, runs.Sum(r => r.Count));
    });

    [Fact]
    public async Task Sqlite_AnAppliedScriptChangedSince_StopsTheStart_AndRowsFromBeforeChecksumsTakeTheScripts()
    {
        var file = Path.Combine(Path.GetTempPath(), $"uo-schema-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
            await ChangedScriptIsRefusedAsync(db, postgres: false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public Task Postgres_AnAppliedScriptChangedSince_StopsTheStart_AndRowsFromBeforeChecksumsTakeTheScripts() =>
        InNewPostgresDatabasesAsync(1, async names =>
        {
            await using var db = Context(DatabaseProvider.PostgreSQL, Cs(names[0]));
            await ChangedScriptIsRefusedAsync(db, postgres: true);
        });

    /// <summary>
    /// A rolling upgrade (ADR 0019): once a new version's node has migrated, a node of the previous version that starts
    /// again (a crash, a scale-out) finds migrations it does not know applied — and starts: nothing pending, nothing refused.
    /// </summary>
    [Fact]
    public Task Postgres_ANodeOfThePreviousVersion_StartsAgainstTheSchemaANewerOneMigrated() =>
        InNewPostgresDatabasesAsync(1, async names =>
        {
            await using var db = Context(DatabaseProvider.PostgreSQL, Cs(names[0]));
            await MigrationRunner.MigrateAsync(db, default);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "__schema_migrations" ("Id", "AppliedAt", "Checksum") VALUES ('9999_of_the_next_version', '2027-01-01T00:00:00Z', 'ab')
                """);
            Assert.Empty(await MigrationRunner.PendingAsync(db, default));
            Assert.Empty(await MigrationRunner.MigrateAsync(db, default));
        });

    /// <summary>Runs the test on empty databases of the test server, dropped afterwards whatever happens.</summary>
    private static async Task InNewPostgresDatabasesAsync(int count, Func<string[], Task> test)
    {
        var names = Enumerable.Range(0, count).Select(_ => $"uo_schema_{Guid.NewGuid():N}").ToArray();
        foreach (var name in names) await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        try
        {
            await test(names);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in names) await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task ChangedScriptIsRefusedAsync(AppDbContext db, bool postgres)
    {
        var scripts = MigrationRunner.Scripts(postgres);
        await MigrationRunner.MigrateAsync(db, default);
        async Task<Dictionary<string, string?>> SumsAsync() =>
            (await QueryAsync(db, "SELECT \"Id\" || '=' || COALESCE(\"Checksum\", '') FROM \"__schema_migrations\""))
            .Select(r => r.Split('=')).ToDictionary(r => r[0], r => (string?)r[1]);
        var expected = scripts.ToDictionary(s => s.Id, s => (string?)MigrationRunner.Checksum(s.Sql));
        Assert.Equal(expected, await SumsAsync());

        // A database migrated before checksums were kept (no such column): its rows take the current scripts' checksums.
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"__schema_migrations\" DROP COLUMN \"Checksum\"");
        Assert.Empty(await MigrationRunner.PendingAsync(db, default));
        Assert.Empty(await MigrationRunner.MigrateAsync(db, default));
        Assert.Equal(expected, await SumsAsync());

        // The script of an applied migration no longer what was applied: neither migrating nor checking lets it pass.
        var edited = scripts[3].Id;
        var forged = new string('0', 64);
        await db.Database.ExecuteSqlAsync($"UPDATE \"__schema_migrations\" SET \"Checksum\" = {forged} WHERE \"Id\" = {edited}");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.MigrateAsync(db, default));
        Assert.Contains(edited, e.Message);
        Assert.Contains("đã bị sửa", e.Message);
        e = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.PendingAsync(db, default));
        Assert.Contains(edited, e.Message);
        Assert.Equal(forged, (await SumsAsync())[edited]); // nothing was overwritten
        if (postgres)
        {
            // The failed run let go of the migration lock although its connection went back to the pool still open.
            var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString();
            await using var other = new NpgsqlConnection(cs);
            await other.OpenAsync();
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({MigrationRunner.PostgresLockKey})", other);
            Assert.True((bool)(await take.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public void Checksum_IsTheSameForTheScriptCheckedOutWithWindowsLineEndings() =>
        Assert.Equal(MigrationRunner.Checksum("CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n"),
            MigrationRunner.Checksum("CREATE TABLE a (x int);\r\nCREATE TABLE b (y int);\r\n"));

    private static void AssertSame(List<string> model, List<string> migrated)
    {
        var missing = model.Except(migrated).ToList();
        var extra = migrated.Except(model).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Migrations differ from the model.\nMissing from migrations:\n  {string.Join("\n  ", missing)}\nOnly in migrations:\n  {string.Join("\n  ", extra)}");
    }

    private static string Cs(string db) => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = db }.ToString();

    /// <summary>A context built by the application's own registrations, so the model is exactly the app's.</summary>
    private static AppDbContext Context(DatabaseProvider provider, string cs)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Default"] = cs,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddAppDatabase(config);
        services.AddAccountsModule(config);
        return services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();
    }

    private static async Task<List<string>> SqliteSchemaAsync(AppDbContext db)
    {
        var tables = await QueryAsync(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__schema_migrations'");
        var result = new List<string>();
        foreach (var t in tables)
        {
            result.AddRange((await QueryAsync(db, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{t}')")).Select(c => $"{t}.{c}"));
            foreach (var idx in await QueryAsync(db, $"SELECT name || ' unique=' || \"unique\" FROM pragma_index_list('{t}') WHERE origin = 'c'"))
            {
                var name = idx.Split(' ')[0];
                var cols = string.Join(",", await QueryAsync(db, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"));
                result.Add($"{t} index {idx} ({cols})");
            }
            result.AddRange((await QueryAsync(db, $"SELECT \"from\" || '->' || \"table\" || '.' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{t}')")).Select(f => $"{t} fk {f}"));
        }
        return result.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> PostgresSchemaAsync(AppDbContext db)
    {
        var columns = await QueryAsync(db, """
            SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable || ' default=' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__schema_migrations'
            """);
        var indexes = await QueryAsync(db, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__schema_migrations'");
        var constraints = await QueryAsync(db, """
            SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ('__schema_migrations', '"__schema_migrations"')
            """);
        return columns.Concat(indexes).Concat(constraints).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> QueryAsync(AppDbContext db, string sql)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using DbCommand cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
