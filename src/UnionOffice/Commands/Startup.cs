using UnionOffice.Data;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Commands;

/// <summary>What runs before the web app serves: migrations (unless turned off), the organisation tree, the demo.</summary>
public static class Startup
{
    public static async Task PrepareAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("UnionOffice.Startup");
        if (app.Configuration.GetValue("Database:MigrateOnStart", true))
        {
            var applied = await MigrationRunner.MigrateAsync(db, default);
            if (applied.Count > 0) log.LogInformation("Applied migrations: {Migrations}", string.Join(", ", applied));
        }
        else if (await MigrationRunner.PendingAsync(db, default) is { Count: > 0 } pending)
        {
            throw new InvalidOperationException($"Cơ sở dữ liệu chưa được cập nhật ({string.Join(", ", pending)}). Chạy lệnh: migrate");
        }
        var added = await OrganizationSeed.EnsureAsync(db, default);
        if (added > 0) log.LogInformation("Added {Count} organs from the national identifier list", added);
        if (app.Configuration.GetValue("Demo:SeedOnStart", false))
        {
            var demo = await DemoData.SeedAsync(scope.ServiceProvider, app.Configuration["Demo:Password"], default);
            var pin = app.Configuration["Demo:CertificatePin"] is { Length: > 0 } p ? p : DemoCertificates.DefaultPin;
            await DemoCertificates.SeedAsync(scope.ServiceProvider, pin, default);
            DemoData.Print(demo, app.Configuration["Urls"], pin);
        }
    }
}
