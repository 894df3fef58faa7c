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
        if (provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException("ConnectionStrings:Default phải được đặt khi dùng PostgreSQL.");
        // The interceptor tells the access cache when accounts, roles, delegations or organs change (ADR 0006).
        // Pooled: a request reuses a reset context instead of building one's services (≈ 0.2–0.3 ms each here, ADR 0010);
        // AppDbContext forgets its per-request audit state when it goes back (ContextPoolTests).
        services.AddDbContextPool<AppDbContext>((sp, o) =>
        {
            Configure(o, provider, cs);
            if (sp.GetService<Modules.Access.AccessChangeInterceptor>() is { } interceptor) o.AddInterceptors(interceptor);
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder o, DatabaseProvider provider, string? cs)
    {
        if (provider == DatabaseProvider.PostgreSQL) o.UseNpgsql(cs);
        else o.UseSqlite(string.IsNullOrWhiteSpace(cs) ? DefaultSqlite : cs);
    }
}
