using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOffice.Hosting;
using UnionOffice.Benchmarks;

// Issue one document to every top-level organ (the Confederation's 94 others plus itself excluded = all other organs
// of the tree's first level), timing the clerk's "issue" request from sending it until the answer, by which time every
// recipient has the document in its "to register" queue (delivery is in the issuing transaction). The product runs on
// Kestrel on loopback against PostgreSQL, as deployed; the draft is taken through review and the head's signature first.
//   dotnet run -c Release --project bench/UnionOffice.Outgoing.Bench -- --cs "Host=127.0.0.1;Port=55432;Username=postgres;Database=uo_outgoing_bench" [--documents 20]
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var cs = options.GetValueOrDefault("cs") ?? throw new ArgumentException("--cs <PostgreSQL connection string> is required.");
var documents = int.Parse(options.GetValueOrDefault("documents", "20"), CultureInfo.InvariantCulture);
const string Password = "Bench@Union2026!";
const string Pin = "123456";

var name = new NpgsqlConnectionStringBuilder(cs).Database!;
await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false }.ToString()))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
}
var storage = Directory.CreateTempSubdirectory("uo-outgoing-bench-").FullName;
var port = 5600 + Random.Shared.Next(300);
var settings = new Dictionary<string, string?>
{
    ["applicationName"] = "UnionOffice", ["contentRoot"] = AppContext.BaseDirectory, ["environment"] = "Production",
    ["Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Default"] = cs, ["Demo:SeedOnStart"] = "true", ["Demo:Password"] = Password,
    ["Signing:TrustTestCertificates"] = "true", ["Security:RunLifecycleJob"] = "false", ["Incoming:RunReminderJob"] = "false", ["Statistics:RunWeeklySummaryJob"] = "false",
    ["Search:RunExtractionJob"] = "false", ["Storage:Root"] = storage, ["Logging:LogLevel:Default"] = "Warning",
    ["Security:LoginAttemptsPerIp"] = "100000", ["Security:LoginAttemptsPerAccount"] = "100000", ["urls"] = $"http://127.0.0.1:{port}",
};
var builder = AppHost.CreateBuilder(settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
var app = builder.Build();
await UnionOffice.Commands.Startup.PrepareAsync(app);
AppHost.Configure(app);
await app.StartAsync();
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
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
    var orgs = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/organizations"));
    var codes = BenchDocuments.Codes(orgs).Where(c => c.Count(ch => ch == '.') == 1).Distinct().ToList();
    Console.WriteLine($"Recipients: {codes.Count} top-level organs; {documents} documents; {Environment.ProcessorCount} cores");
    var pdf = BenchDocuments.Draft();
    var times = new List<double>();
    for (var d = 0; d < documents; d++)
    {
        var created = await (await officer.PostAsJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02", typeName = "Công văn", subject = $"V/v triển khai Tháng Công nhân năm 2027 (lần {d + 1})", urgency = "Normal",
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
        sw.Stop();
        if (!issued.IsSuccessStatusCode) throw new InvalidOperationException(await issued.Content.ReadAsStringAsync());
        var result = await issued.Content.ReadFromJsonAsync<JsonElement>();
        if (result.GetProperty("recipients").GetInt32() != codes.Count) throw new InvalidOperationException("Not every recipient got it.");
        if (d > 0) times.Add(sw.Elapsed.TotalMilliseconds); // the first one warms the JIT and the pools
    }
    // Check the result from a recipient's side: Nghệ An's clerk sees every document in its queue.
    using var recipientClerk = await As("htthu.ldld");
    var queue = await recipientClerk.GetFromJsonAsync<JsonElement>("/api/v1/incoming/arrivals?organizationCode=I02.36");
    Console.WriteLine($"Nghệ An's queue holds {queue.GetArrayLength()} documents (expected {documents}).");
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine($"issue to {codes.Count} organs (number, organ's signature, verification, {codes.Count} deliveries, notifications): p50 {P(0.5):0} ms, p95 {P(0.95):0} ms, max {times[^1]:0} ms");
}
finally
{
    await app.StopAsync();
    foreach (var f in Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
    Directory.Delete(storage, recursive: true);
}
return 0;
