using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOffice.Data;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>
/// The whole application on a fresh database of its own, with the demo organisation seeded and a movable clock.
/// One fixture per test class; subclasses choose SQLite (temp file) or PostgreSQL (a new database on UO_TEST_PG).
/// </summary>
public abstract class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo@Test2026!";
    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);
    /// <summary>The fixture's own file store directory.</summary>
    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"uo-files-{Guid.NewGuid():N}");
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset At)> _tokens = new();

    public abstract DatabaseProvider Provider { get; }
    protected abstract string ConnectionString { get; }

    /// <summary>Extra settings of a test class (limits, periods).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Settings of one instance (an installation among several).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InstanceSettings { get; init; } = [];

    /// <summary>Services a test class puts in place of the application's (after them), e.g. a counting decorator.</summary>
    protected virtual void TestServices(IServiceCollection services) { }

    /// <summary>
    /// Serve over real sockets on loopback instead of the in-memory test server: HTTP on one port for the test's own
    /// clients, HTTPS with the given certificate on another, for other installations. Port 0: the system chooses a free
    /// one when the server binds (nobody can take it in between); <see cref="HttpAddress"/> then tells which.
    /// </summary>
    public (int Http, int Https, System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate)? Sockets { get; init; }

    /// <summary>Where the test's own clients talk to an instance served over sockets (plain HTTP on loopback).</summary>
    public Uri? HttpAddress { get; private set; }

    /// <summary>Where other installations reach an instance served over sockets (HTTPS on loopback).</summary>
    public Uri? HttpsAddress { get; private set; }

    /// <summary>A client of the instance: the in-memory one, or over loopback HTTP when served over sockets.</summary>
    public HttpClient NewClient()
    {
        if (HttpAddress is not { } http) return CreateClient();
        var c = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = http });
        c.BaseAddress = http;
        return c;
    }

    public virtual Task InitializeAsync()
    {
        if (Sockets is { } s)
        {
            UseKestrel(o =>
            {
                o.Listen(System.Net.IPAddress.Loopback, s.Http);
                o.Listen(System.Net.IPAddress.Loopback, s.Https, l => l.UseHttps(s.Certificate));
            });
            StartServer();
            var bound = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            HttpAddress = new Uri(bound.First(a => a.StartsWith("http://", StringComparison.Ordinal)) + "/");
            HttpsAddress = new Uri(bound.First(a => a.StartsWith("https://", StringComparison.Ordinal)) + "/");
        }
        else
        {
            _ = Server; // start the host: migrations, organisation tree and demo data run now
        }
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeDatabaseAsync();

    protected virtual async Task DisposeDatabaseAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            // Stored files are read-only by design; make them deletable for the clean-up.
            foreach (var f in Directory.EnumerateFiles(StorageRoot, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets(); // the stylesheet from the project, as in development
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Demo:SeedOnStart", "true");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("Security:RunLifecycleJob", "false");
        builder.UseSetting("Incoming:RunReminderJob", "false");
        builder.UseSetting("Statistics:RunWeeklySummaryJob", "false"); // tests write the summaries when they choose
        builder.UseSetting("Search:RunExtractionJob", "false"); // likewise the text extraction // tests run the reminders themselves, at the moment they choose
        builder.UseSetting("Signing:TrustTestCertificates", "true"); // the demo's test CA
        builder.UseSetting("Signing:CheckRevocation", "false"); // which publishes no revocation list (RevocationTests turn it on)
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Storage:Root", StorageRoot);
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Security:LoginAttemptsPerIp", "100000");
        builder.UseSetting("Security:LoginAttemptsPerAccount", "1000");
        builder.UseSetting("Exchange:RunOutboxJob", "false"); // tests run the outbox themselves
        builder.UseSetting("Exchange:SpoolRoot", Path.Combine(StorageRoot, "exchange"));
        builder.UseSetting("Audit:AnchorDirectory", Path.Combine(StorageRoot, "audit-anchors"));
        builder.UseSetting("Audit:RunAnchorJob", "false"); // tests anchor when they choose
        builder.UseSetting("Storage:RunSweepJob", "false"); // and sweep when they choose
        builder.UseSetting("Push:RunJob", "false"); // and push when they choose
        foreach (var (k, v) in Settings) builder.UseSetting(k, v);
        foreach (var (k, v) in InstanceSettings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            // A query EF warns about — a batch taken without an order (10102), whose rows are then anyone's guess — fails
            // the test that runs it, instead of a warning in an operator's log. Through logging, not EF's options: a
            // context configured differently would get a model of its own (and lose what the first one learnt).
            s.AddSingleton<ILoggerProvider, UnorderedBatchRefusal>();
            TestServices(s);
        });
    }

    /// <summary>Throws on EF's "Skip/Take without OrderBy" warning, from inside the query that caused it.</summary>
    private sealed class UnorderedBatchRefusal : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName == "Microsoft.EntityFrameworkCore.Query" ? new Refusing() : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public void Dispose() { }

        private sealed class Refusing : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Id == Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning.Id)
                    throw new InvalidOperationException("A query takes a batch without an order (EF warning 10102): " + formatter(state, exception));
            }
        }
    }

    public T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The person's latest notifications (up to 200), as the API gives them.</summary>
    public async Task<List<JsonElement>> NotificationsAsync(string userName) =>
        (await (await (await ClientAsAsync(userName)).GetAsync("/api/v1/notifications?take=200")).JsonAsync(System.Net.HttpStatusCode.OK)).EnumerateArray().ToList();

    /// <summary>The demo's test root as PEM, for pdfsig to trust.</summary>
    public async Task<string> TestRootPemAsync()
    {
        var der = await WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        return cert.ExportCertificatePem();
    }

    /// <summary>Runs the reminders once, as the background job does.</summary>
    public async Task<Modules.Work.ReminderRun> RunRemindersAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Modules.Work.WorkReminders>().RunAsync(default);
    }

    /// <summary>Replaces {userName} with that account's id and {CODE@ORGAN} with that department's id in a URL.</summary>
    public async Task<string> ResolveAsync(string url)
    {
        var start = url.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return url;
        var end = url.IndexOf('}', start);
        var key = url[(start + 1)..end];
        var id = await WithDbAsync(async db =>
        {
            if (key.Contains('@', StringComparison.Ordinal))
            {
                var parts = key.Split('@');
                return await db.Departments.Where(d => d.Code == parts[0] && db.Organizations.Any(o => o.Id == d.OrganizationId && o.Code == parts[1]))
                    .Select(d => d.Id).SingleAsync();
            }
            return await db.Users.Where(u => u.UserName == key).Select(u => u.Id).SingleAsync();
        });
        return url[..start] + id + url[(end + 1)..];
    }

    public async Task<HttpResponseMessage> LoginAsync(string userName, string? password = null, string? otp = null)
    {
        using var c = NewClient();
        return await c.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = password ?? DemoPassword, otp });
    }

    /// <summary>A client with a bearer token of the user (demo password unless given). Tokens are reused within the class.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string? password = null, string? otp = null, bool fresh = false)
    {
        // A cached token is reused while the test clock has not moved far (tests move it by days).
        string token;
        if (!fresh && _tokens.TryGetValue(userName, out var cached) && Clock.GetUtcNow() - cached.At < TimeSpan.FromHours(1))
            token = cached.Token;
        else
        {
            var response = await LoginAsync(userName, password, otp);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Login of {userName} failed: {(int)response.StatusCode} {body}");
            token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
            _tokens[userName] = (token, Clock.GetUtcNow());
        }
        return ClientWithToken(token);
    }

    public HttpClient ClientWithToken(string token)
    {
        var c = NewClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }
}

public class SqliteAppFixture : AppFixture
{
    public string File { get; init; } = Path.Combine(Path.GetTempPath(), $"uo-test-{Guid.NewGuid():N}.db");
    /// <summary>Keep the database when the fixture ends (restart tests).</summary>
    public bool Keep { get; init; }
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override string ConnectionString => $"Data Source={File};Pooling=False";

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        if (!Keep) foreach (var f in new[] { File, File + "-wal", File + "-shm" }) System.IO.File.Delete(f);
    }
}

public class PostgresAppFixture : AppFixture
{
    public string Name { get; init; } = $"uo_test_{Guid.NewGuid():N}";
    public bool Keep { get; init; }
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
    protected override string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = Name }.ToString();

    public override async Task InitializeAsync()
    {
        if (!await PostgresServer.DatabaseExistsAsync(Name)) await PostgresServer.ExecuteAsync($"CREATE DATABASE \"{Name}\"");
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        NpgsqlConnection.ClearAllPools();
        if (!Keep) await PostgresServer.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}

/// <summary>The PostgreSQL server of the test run (UO_TEST_PG). Missing means failing, never skipping.</summary>
public static class PostgresServer
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("UO_TEST_PG") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("UO_TEST_PG is not set: run the tests with ./test.sh (it starts a PostgreSQL server) or point UO_TEST_PG at one.");

    public static async Task<bool> DatabaseExistsAsync(string name)
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(b.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        cmd.Parameters.AddWithValue("n", name);
        return await cmd.ExecuteScalarAsync() is not null;
    }

    public static async Task ExecuteAsync(string sql)
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(b.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
