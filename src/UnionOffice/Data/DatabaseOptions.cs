using Microsoft.EntityFrameworkCore;

namespace UnionOffice.Data;

public enum DatabaseProvider { Sqlite, PostgreSQL }

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=unionoffice.db";

    public static DatabaseProvider Provider(IConfiguration config)
    {
        var text = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(text)) return DatabaseProvider.Sqlite;
        return text.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSQL,
            _ => throw new InvalidOperationException($"Database:Provider \"{text}\" không hợp lệ; dùng Sqlite hoặc PostgreSQL."),
        };
    }

    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = Provider(config);
        var cs = config.GetConnectionString("Default");
        if (provider == DatabaseProvider.Sqlite) cs = InContentRoot(string.IsNullOrWhiteSpace(cs) ? DefaultSqlite : cs, config[WebHostDefaults.ContentRootKey]);
        if (provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException("ConnectionStrings:Default phải được đặt khi dùng PostgreSQL.");
        // The interceptor tells the access cache when accounts, roles, delegations or organs change (ADR 0006).
        // Pooled: a request reuses a reset context instead of building one's services (≈ 0.2–0.3 ms each here, ADR 0010);
        // AppDbContext forgets its per-request audit state when it goes back (ContextPoolTests).
        // Identity builds its part of the model from the host's IdentityOptions (store schema version): every host that has
        // the context has the version with passkeys, whether or not it adds the accounts module — EF keeps one model per
        // context type for the process, built by whichever host comes first (the override in AppDbContext alone did not
        // decide it: DatabaseSetupTests failed when run on their own).
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(o => o.Stores.SchemaVersion = Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3);
        services.AddDbContextPool<AppDbContext>((sp, o) =>
        {
            Configure(o, provider, cs);
            if (sp.GetService<Modules.Access.AccessChangeInterceptor>() is { } interceptor) o.AddInterceptors(interceptor);
        });
        return services;
    }

    /// <summary>
    /// The operator's connection string with <c>No Reset On Close</c>. By default Npgsql resets a connection each time it
    /// goes back to the pool, and since the app keeps prepared statements on its connections (the audit chain's batch) that
    /// reset is seven statements (<c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
    /// SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>) sent before the next command: EF Core opens
    /// and closes the connection around every query outside a transaction, so five resets, 35 statements, per document
    /// registered, more than its own 17 (docs/benchmarks.md, "Fifth pass"). The app leaves no session state to reset: no
    /// SET outside a transaction, no temporary tables, no LISTEN, only transaction-scoped advisory locks (the migration
    /// runner's session lock is released in a finally). Settings in <c>Options=-c …</c> are the session's defaults and
    /// are kept either way.
    /// </summary>
    public static string WithoutResetOnClose(string? cs) =>
        new Npgsql.NpgsqlConnectionStringBuilder(cs) { NoResetOnClose = true }.ConnectionString;

    /// <summary>A relative SQLite file is the content root's (beside the settings), not the current directory's.</summary>
    public static string InContentRoot(string cs, string? contentRoot)
    {
        var b = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
        if (string.IsNullOrEmpty(contentRoot) || b.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory || b.DataSource is "" or ":memory:"
            || b.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(b.DataSource))
            return cs;
        b.DataSource = Path.GetFullPath(b.DataSource, contentRoot);
        return b.ToString();
    }

    public static void Configure(DbContextOptionsBuilder o, DatabaseProvider provider, string? cs)
    {
        if (provider == DatabaseProvider.PostgreSQL) o.UseNpgsql(WithoutResetOnClose(cs));
        else o.UseSqlite(string.IsNullOrWhiteSpace(cs) ? DefaultSqlite : cs);
    }
}
