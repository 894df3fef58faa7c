using Npgsql;
using UnionOffice.Hosting;

namespace UnionOffice.Bench;

/// <summary>The product's own host (AppHost), configured for PostgreSQL by command-line settings, as an operator would.</summary>
public static class BenchApp
{
    public static WebApplicationBuilder CreateBuilder(string connectionString, string demoPassword, string storageRoot, bool seedDemo, string? urls = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["applicationName"] = "UnionOffice",
            ["contentRoot"] = AppContext.BaseDirectory,
            ["environment"] = "Production",
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = connectionString,
            ["Demo:SeedOnStart"] = seedDemo ? "true" : "false",
            ["Demo:Password"] = demoPassword,
            ["Security:RunLifecycleJob"] = "false",
            ["Incoming:RunReminderJob"] = "false",
            ["Statistics:RunWeeklySummaryJob"] = "false",
            ["Search:RunExtractionJob"] = "false",
            ["Exchange:RunOutboxJob"] = "false",
            ["Storage:Root"] = storageRoot,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Security:LoginAttemptsPerIp"] = "1000",
            ["Security:LoginAttemptsPerAccount"] = "1000",
            ["DataProtection:KeysDirectory"] = Path.Combine(storageRoot, "keys"),
        };
        if (urls is not null) settings["urls"] = urls;
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        return AppHost.CreateBuilder(args);
    }

    /// <summary>Creates the database unless it exists (or drops it first with reset).</summary>
    public static async Task EnsureDatabaseAsync(string connectionString, bool reset)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ToString());
        await conn.OpenAsync();
        if (reset)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
            Console.WriteLine($"Dropped database {name}.");
        }
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
            Console.WriteLine($"Created database {name}.");
        }
    }
}
