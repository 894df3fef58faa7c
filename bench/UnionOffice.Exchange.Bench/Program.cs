using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOffice.Data;
using UnionOffice.Hosting;
using UnionOffice.Benchmarks;

// Issue 5's target: one document issued to 95 organs on another installation is in all their queues ≤ 5 s.
// Two installations run in this process on loopback (HTTP), each on its own PostgreSQL database: the Confederation's
// (serves I02) and the provinces' (serves every organ below I02). The Confederation's clerk issues a document to the
// 94 other top-level organs; the clock runs from sending the "issue" request until the provinces' database holds the
// 94 arrivals — through the outbox worker as configured in production (Exchange:PollInterval 1 s here), one edXML
// message carrying all 94 recipients, the signed request, the inbox checking the PDF's signatures and queueing each
// recipient's copy with status 01 back.
//   dotnet run -c Release --project bench/UnionOffice.Exchange.Bench -- --cs "Host=127.0.0.1;Port=55432;Username=postgres" [--documents 10]
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var cs = options.GetValueOrDefault("cs") ?? throw new ArgumentException("--cs <PostgreSQL connection string> is required.");
var documents = int.Parse(options.GetValueOrDefault("documents", "10"), CultureInfo.InvariantCulture);
const string Password = "Bench@Union2026!";
const string Pin = "123456";
const string Secret = "bench-secret-between-installations";

async Task<string> FreshDatabaseAsync(string name)
{
    await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ToString());
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
    return new NpgsqlConnectionStringBuilder(cs) { Database = name }.ToString();
}

var (tldPort, provincesPort) = (5900 + Random.Shared.Next(100), 6000 + Random.Shared.Next(100));
var storages = new List<string>();
async Task<WebApplication> StartAsync(string me, string database, int port, string[] served, string peer, int peerPort, string[] peerOrgans)
{
    var storage = Directory.CreateTempSubdirectory($"uo-exchange-bench-{me}-").FullName;
    storages.Add(storage);
    var settings = new Dictionary<string, string?>
    {
        ["applicationName"] = "UnionOffice", ["contentRoot"] = AppContext.BaseDirectory, ["environment"] = "Production",
        ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Default"] = await FreshDatabaseAsync(database), ["Demo:SeedOnStart"] = "true",
        ["Demo:Password"] = Password, ["Signing:TrustTestCertificates"] = "true", ["Signing:CheckRevocation"] = "false",
        ["Security:RunLifecycleJob"] = "false", ["Incoming:RunReminderJob"] = "false", ["Statistics:RunWeeklySummaryJob"] = "false", ["Search:RunExtractionJob"] = "false",
        ["Storage:Root"] = storage, ["Exchange:SpoolRoot"] = Path.Combine(storage, "exchange"), ["Logging:LogLevel:Default"] = "Warning",
        ["Security:LoginAttemptsPerIp"] = "100000", ["Security:LoginAttemptsPerAccount"] = "100000", ["urls"] = $"http://127.0.0.1:{port}",
        ["Exchange:InstallationId"] = me, ["Exchange:PollInterval"] = "00:00:01",
        ["Exchange:Peers:0:Name"] = peer, ["Exchange:Peers:0:Endpoint"] = $"http://127.0.0.1:{peerPort}/", ["Exchange:Peers:0:Secret"] = Secret,
    };
    for (var i = 0; i < served.Length; i++) settings[$"Exchange:Served:{i}"] = served[i];
    for (var i = 0; i < peerOrgans.Length; i++) settings[$"Exchange:Peers:0:Organs:{i}"] = peerOrgans[i];
    var app = AppHost.CreateBuilder(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray()).Build();
    await UnionOffice.Commands.Startup.PrepareAsync(app);
    AppHost.Configure(app);
    await app.StartAsync();
    return app;
}

var tld = await StartAsync("tld", "uo_exchange_bench_tld", tldPort, ["I02"], "provinces", provincesPort, ["I02.*"]);
var provinces = await StartAsync("provinces", "uo_exchange_bench_provinces", provincesPort, ["I02.*"], "tld", tldPort, ["I02"]);
try
{
    // The provinces trust the Confederation's (test) CA, as an operator would add a partner's root.
    byte[] root;
    await using (var scope = tld.Services.CreateAsyncScope())
        root = await scope.ServiceProvider.GetRequiredService<AppDbContext>().TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync();
    await using (var scope = provinces.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.TrustAnchors.Add(new UnionOffice.Modules.Signing.TrustAnchor("CA của Tổng Liên đoàn", root, isTest: false, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{tldPort}") };
    async Task<HttpClient> As(string user)
    {
        var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = Password });
        r.EnsureSuccessStatusCode();
        var token = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var c = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }
    using var officer = await As("ntlan.tld");
    using var dh = await As("pmtuan.tld");
    using var clerk = await As("lthoa.tld");
    using var head = await As("tvhung.tld");
    var codes = BenchDocuments.Codes(await officer.GetFromJsonAsync<JsonElement>("/api/v1/organizations")).Where(c => c.Count(ch => ch == '.') == 1).Distinct().ToList();
    Console.WriteLine($"Recipients: {codes.Count} top-level organs on the other installation; {documents} documents; {Environment.ProcessorCount} cores");
    var pdf = BenchDocuments.Draft();
    var times = new List<double>();
    for (var d = 0; d < documents; d++)
    {
        var created = await (await officer.PostAsJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02", typeName = "Công văn", subject = $"V/v triển khai Tháng Công nhân năm 2027 (liên thông, lần {d + 1})", urgency = "Normal",
            signerUserName = "tvhung.tld", recipients = codes.Select(c => new { organizationCode = c }).ToArray(),
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "cong-van.pdf" } })
            (await officer.PostAsync($"/api/v1/outgoing/{id}/versions", form)).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/v1/outgoing/{id}/submit", new { })).EnsureSuccessStatusCode();
        (await dh.PostAsJsonAsync($"/api/v1/outgoing/{id}/approve", new { })).EnsureSuccessStatusCode();
        (await clerk.PostAsJsonAsync($"/api/v1/outgoing/{id}/approve", new { })).EnsureSuccessStatusCode();
        (await head.PostAsJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
        var sw = Stopwatch.StartNew();
        var issued = await clerk.PostAsJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin });
        if (!issued.IsSuccessStatusCode) throw new InvalidOperationException(await issued.Content.ReadAsStringAsync());
        var result = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var number = result.GetProperty("number").GetInt64().ToString(CultureInfo.InvariantCulture);
        var issueMs = sw.Elapsed.TotalMilliseconds;
        // Until the other installation holds every recipient's copy (its database, read every 20 ms).
        int arrived;
        do
        {
            await using var scope = provinces.Services.CreateAsyncScope();
            arrived = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ReceivedDocuments
                .CountAsync(r => r.SenderCode == "I02" && r.CodeNumber == number && r.SignaturesValid == true);
            if (arrived < codes.Count)
            {
                if (sw.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"Only {arrived} of {codes.Count} arrived in 2 minutes.");
                await Task.Delay(20);
            }
        } while (arrived < codes.Count);
        sw.Stop();
        Console.WriteLine($"document {d + 1}: issued in {issueMs:0} ms, in all {codes.Count} queues after {sw.Elapsed.TotalMilliseconds:0} ms");
        if (d > 0) times.Add(sw.Elapsed.TotalMilliseconds); // the first one warms the JIT and the pools
    }
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"issue to {codes.Count} organs on another installation, until all hold it (valid signatures): p50 {P(0.5):0} ms, p95 {P(0.95):0} ms, max {times[^1]:0} ms");
}
finally
{
    await tld.StopAsync();
    await provinces.StopAsync();
    foreach (var storage in storages)
    {
        foreach (var f in Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(storage, recursive: true);
    }
}
return 0;
