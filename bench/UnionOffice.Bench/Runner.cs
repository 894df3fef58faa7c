using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using UnionOffice.Commands;
using UnionOffice.Data;
using UnionOffice.Hosting;
using UnionOffice.Pdf;

namespace UnionOffice.Bench;

public sealed record RunOptions(string ConnectionString, string Password, int Requests, int SearchRequests, int RegisterSeconds, IReadOnlyList<int> Clients,
    IReadOnlySet<string> Only, string? Explain, bool SearchOnce = false, bool TwoRequests = false, int RegisterWarmUpSeconds = 20);

/// <summary>
/// Starts the real app on Kestrel (loopback) against the generated database, with the background jobs off, and
/// measures through HTTP what a person does: the officer's "to handle" list, the same SQL straight through Npgsql,
/// full-text search by clerks of big organs, and registering documents with a 200 KB PDF from several clients.
/// </summary>
public sealed partial class Runner(RunOptions o)
{
    private readonly Probe _probe = new();
    private long _nextId;
    private readonly StringBuilder _report = new();

    public async Task<int> RunAsync()
    {
        await using (var check = new NpgsqlConnection(o.ConnectionString))
        {
            await check.OpenAsync();
            await using var cmd = new NpgsqlCommand("""SELECT "Target" FROM "__bench_generation" WHERE "FinishedAt" IS NOT NULL""", check);
            if (await cmd.ExecuteScalarAsync() is not long target)
            {
                Console.Error.WriteLine("The database is not fully generated: run generate first.");
                return 2;
            }
            Line($"Data set: {target:N0} generated documents. Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInfo()}.");
        }

        var storage = Path.Combine(Path.GetTempPath(), $"uo-bench-run-{Environment.ProcessId}");
        Directory.CreateDirectory(storage);
        var builder = BenchApp.CreateBuilder(o.ConnectionString, o.Password, storage, seedDemo: false, urls: "http://127.0.0.1:0");
        builder.Services.ConfigureDbContext<AppDbContext>(x => x.AddInterceptors(_probe));
        await using var app = builder.Build();
        app.Use((ctx, next) => _probe.InvokeAsync(ctx, next));
        await Startup.PrepareAsync(app); // migrations (none pending) and the organ seed, as on every start
        AppHost.Configure(app);
        // The floor of the pipeline: an authenticated API request (token, account gate, authorisation, JSON) that does nothing.
        app.MapGet("/api/v1/bench-noop", () => Results.Ok(new { ok = true })).RequireAuthorization("api");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Line($"App listening on {address} (Kestrel, loopback, HTTP/1.1); jobs off.");
        using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            if (o.Only.Contains("inbox") || o.Only.Contains("raw")) await InboxAsync(http);
            if (o.Only.Contains("search")) await SearchAsync(http);
            if (o.Only.Contains("tasks")) await TasksAsync(http);
            if (o.Only.Contains("dossiers")) await DossiersAsync(http);
            if (o.Only.Contains("statistics")) await StatisticsAsync(http);
            if (o.Only.Contains("pages")) await PagesAsync(http);
            if (o.Only.Contains("register"))
            {
                // The first phase warms the process up first (JIT tiers, pools, caches) at its own load, for at least
                // --register-warmup-seconds and until the JIT has settled: under this load the runtime was still recompiling
                // hot methods half a minute in (≈ 9 % of the machine's CPU at 30 s), which is not the steady state.
                var first = true;
                foreach (var clients in o.Clients)
                {
                    await RegisterAsync(http, storage, clients, twoOrgans: false, firstPhase: first);
                    first = false;
                }
                // The same load spread over two organs (two registers): what is serialised per register, what globally.
                await RegisterAsync(http, storage, o.Clients.Max(), twoOrgans: true, firstPhase: first);
            }
            if (o.Explain is { } q) await ExplainSearchAsync(http, q);
        }
        finally
        {
            await app.StopAsync();
            foreach (var f in Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(storage, recursive: true);
        }
        Console.WriteLine();
        Console.WriteLine("===== summary (markdown) =====");
        Console.WriteLine(_report.ToString());
        return 0;
    }

    private static string RuntimeInfo() => $"server GC {System.Runtime.GCSettings.IsServerGC}";

    private void Line(string s)
    {
        Console.WriteLine(s);
        _report.AppendLine(s);
    }

    private async Task<string> LoginAsync(HttpClient http, string userName)
    {
        using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = o.Password });
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"Login of {userName} failed: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>One GET with the bench id: client round-trip, then the server's own numbers for it.</summary>
    private Task<(double ClientMs, ServerSample Server, string Body)> GetAsync(HttpClient http, string token, string url, bool capture = false) =>
        SendAsync(http, token, HttpMethod.Get, url, null, HttpStatusCode.OK, capture);

    /// <summary>One request with the bench id, expected to answer <paramref name="expected"/>: client round-trip, then the server's own numbers.</summary>
    private async Task<(double ClientMs, ServerSample Server, string Body)> SendAsync(HttpClient http, string token, HttpMethod method, string url, HttpContent? content,
        HttpStatusCode expected, bool capture = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        using var req = new HttpRequestMessage(method, url) { Content = content };
        if (token.StartsWith("cookie:", StringComparison.Ordinal)) req.Headers.Add("Cookie", token["cookie:".Length..]); // a page, as a browser asks for it
        else req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        req.Headers.Add("X-Bench-Id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (capture) req.Headers.Add("X-Bench-Capture", "1");
        var start = Stopwatch.GetTimestamp();
        using var res = await http.SendAsync(req);
        var body = await res.Content.ReadAsStringAsync();
        var client = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (res.StatusCode != expected) throw new InvalidOperationException($"{method} {url}: {(int)res.StatusCode} {body}");
        return (client, _probe.Take(id) ?? throw new InvalidOperationException("No server sample."), body);
    }

    // ---------------------------------------------------------------- issue 18: a person's task list, a head's supervision figures

    /// <summary>
    /// The officer's task list (first page, 50) and the heads' supervision figures of their organ — Nghệ An's and the
    /// Confederation's — on the data of <c>generate-work</c>: one client, sequential, after the JIT has settled.
    /// </summary>
    private async Task TasksAsync(HttpClient http)
    {
        Line("");
        Line("## Tasks: a person's list and a head's supervision figures (issue 18)");
        await using (var c = new NpgsqlConnection(o.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM "Tasks"), (SELECT count(*) FROM "DiaryEntries"),
                       (SELECT count(*) FROM "Tasks" t JOIN "AspNetUsers" u ON u."Id" = t."LeadUserId" WHERE u."UserName" = 'nvan.ldld' AND t."Status" IN (0, 1, 2)),
                       (SELECT count(*) FROM "Tasks" t JOIN "Organizations" o ON o."Id" = t."OrganizationId" WHERE o."Code" = 'I02' AND t."Status" IN (0, 1, 2))
                """, c);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Line($"Data: {r.GetInt64(0):N0} tasks, {r.GetInt64(1):N0} diary entries; nvan.ldld leads {r.GetInt64(2):N0} open tasks; the Confederation (I02) has {r.GetInt64(3):N0} open.");
        }
        var officer = await LoginAsync(http, "nvan.ldld");
        var head = await LoginAsync(http, "pstoan.ldld");
        var top = await LoginAsync(http, "tvhung.tld");
        var cases = new (string Name, string Token, string Url)[]
        {
            ("nvan.ldld: GET /api/v1/tasks?view=mine (first 50)", officer, "/api/v1/tasks?view=mine"),
            ("pstoan.ldld: GET /api/v1/tasks/supervision?organizationCode=I02.36", head, "/api/v1/tasks/supervision?organizationCode=I02.36"),
            ("tvhung.tld: GET /api/v1/tasks/supervision?organizationCode=I02", top, "/api/v1/tasks/supervision?organizationCode=I02"),
        };
        foreach (var (_, token, url) in cases) await GetAsync(http, token, url); // the person's access state read once, as on any node
        await MeasureGetsAsync(http, cases, warmUpMin: 200, targetMs: 30);
    }

    /// <summary>
    /// GET requests measured one after another after the JIT has settled (at least <paramref name="warmUpMin"/> rounds):
    /// <c>--requests</c> rounds of every case, server and SQL time per case, and each case against its p95 target.
    /// </summary>
    private async Task MeasureGetsAsync(HttpClient http, (string Name, string Token, string Url)[] cases, int warmUpMin, double targetMs)
    {
        Line(await WarmUpAsync(async () =>
        {
            foreach (var (_, token, url) in cases) await GetAsync(http, token, url);
        }, min: warmUpMin, quiet: TimeSpan.FromSeconds(5), max: TimeSpan.FromMinutes(2)));
        var server = cases.Select(c => new Latencies($"server time: {c.Name}")).ToList();
        var db = cases.Select(c => new Latencies($"SQL time: {c.Name}")).ToList();
        for (var i = 0; i < o.Requests; i++)
            for (var k = 0; k < cases.Length; k++)
            {
                var (_, s, _) = await GetAsync(http, cases[k].Token, cases[k].Url);
                server[k].Add(s.ServerMs);
                db[k].Add(s.DbMs);
            }
        Line("");
        Line(Latencies.Header);
        foreach (var l in server.Concat(db)) Line(l.Row);
        foreach (var l in server)
            Line(FormattableString.Invariant($"Target p95 ≤ {targetMs} ms server time, {l.Name}: {(l.P(95) <= targetMs ? "met" : "MISSED")} ({l.P(95):0.00} ms)."));
    }

    // ---------------------------------------------------------------- (a) + (b): the officer's "to handle" first page

    private async Task InboxAsync(HttpClient http)
    {
        Line("");
        Line("## To-handle first page: GET /api/v1/incoming/inbox?view=to-handle (nvan.ldld, 50 rows)");
        var token = await LoginAsync(http, "nvan.ldld");
        const string url = "/api/v1/incoming/inbox?view=to-handle";
        // The person's first request on a node also reads their access state (3 commands, ADR 0006); the commands
        // shown and replayed are those of a request in the steady state.
        var cold = await GetAsync(http, token, url, capture: true);
        var coldCommands = _probe.TakeCapture(_nextId) ?? [];
        var first = await GetAsync(http, token, url, capture: true);
        var commands = _probe.TakeCapture(_nextId) ?? [];
        var rows = JsonDocument.Parse(first.Body).RootElement.GetArrayLength();
        Line($"Rows on the page: {rows}; SQL commands of the person's first request on the node: {coldCommands.Count} ({cold.Server.ServerMs:0.00} ms server time); of the next ones: {commands.Count}:");
        foreach (var c in commands)
        {
            var text = c.Text.ReplaceLineEndings(" ");
            Line($"- `{(text.Length > 150 ? text[..150] + "…" : text)}`");
        }
        var main = commands.Single(c => c.Text.Contains("\"IncomingAssignments\"", StringComparison.Ordinal) && c.Text.Contains("LIMIT", StringComparison.Ordinal));
        Line("");
        Line("Main query as EF sends it:");
        Line("```sql");
        Line(Describe(main));
        Line("```");
        await ExplainAsync(main, "to-handle");

        var client = new Latencies("client round-trip (loopback)");
        var server = new Latencies("server time (pipeline)");
        var db = new Latencies("SQL time inside the request (all commands)");
        var raw = new Latencies("raw SQL via Npgsql: the main query");
        var rawAll = new Latencies($"raw SQL via Npgsql: all {commands.Count} commands of the request, in order");
        var floor = new Latencies("server time of an authenticated request doing nothing (bench-only endpoint)");
        await using var source = NpgsqlDataSource.Create(o.ConnectionString);
        // Warm-up (JIT, pools, plans, caches): the same interleaving, until the JIT has settled.
        Line(await WarmUpAsync(async () =>
        {
            await GetAsync(http, token, url);
            await RawAsync(source, [main]);
            if (commands.Count > 1) await RawAsync(source, commands);
            await GetAsync(http, token, "/api/v1/bench-noop");
        }, min: 200, quiet: TimeSpan.FromSeconds(5), max: TimeSpan.FromMinutes(2)));
        // Interleaved, one request then the raw query (then all raw commands): on a shared machine both see the same load.
        var sampler = new LoadSampler(o.ConnectionString);
        for (var i = 0; i < o.Requests; i++)
        {
            var (c, s, _) = await GetAsync(http, token, url);
            client.Add(c);
            server.Add(s.ServerMs);
            db.Add(s.DbMs);
            var r = await RawAsync(source, [main]);
            raw.Add(r);
            rawAll.Add(commands.Count > 1 ? await RawAsync(source, commands) : r);
            floor.Add((await GetAsync(http, token, "/api/v1/bench-noop")).Server.ServerMs);
        }
        var load = await sampler.StopAsync();
        await sampler.DisposeAsync();
        Line("");
        Line(Latencies.Header);
        foreach (var l in new[] { client, server, db, raw, rawAll, floor }) Line(l.Row);
        Line("");
        Line($"During the measurement (one client, sequential, HTTP and raw interleaved): {load}");
        Line(FormattableString.Invariant($"Ratio server p95 / raw main query p95: {server.P(95) / raw.P(95):0.00}×; server p50 / raw p50: {server.P(50) / raw.P(50):0.00}×; server p95 / raw all-commands p95: {server.P(95) / rawAll.P(95):0.00}×."));
        Line(FormattableString.Invariant($"Target p95 ≤ 30 ms server time: {(server.P(95) <= 30 ? "met" : "MISSED")} ({server.P(95):0.00} ms). Target within 1.5× of raw SQL: {(server.P(95) <= 1.5 * raw.P(95) ? "met" : "MISSED")}."));
    }

    /// <summary>
    /// Runs the iteration until the JIT has settled — no method compiled, or compiled again at a higher tier, for
    /// <paramref name="quiet"/> — and at least <paramref name="min"/> times, at most for <paramref name="max"/>: the
    /// steady state of a server that has been running, whose hot paths run fully optimised code. Tiered compilation and
    /// dynamic PGO take many seconds of requests to get there (a fixed 200 requests left the first part of a measurement
    /// on instrumented code, with the JIT's thread taking 16 % of the machine).
    /// </summary>
    private static async Task<string> WarmUpAsync(Func<Task> iteration, int min, TimeSpan quiet, TimeSpan max)
    {
        var start = Stopwatch.GetTimestamp();
        var jit = new JitQuiet();
        var n = 0;
        while (n < min || jit.For() < quiet)
        {
            if (Stopwatch.GetElapsedTime(start) >= max)
                return FormattableString.Invariant($"Warm-up: {n} iterations in {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s; stopped at the limit with the JIT still compiling.");
            await iteration();
            n++;
        }
        return FormattableString.Invariant($"Warm-up: {n} iterations in {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s, until no method had been compiled for {quiet.TotalSeconds:0} s ({jit.Compiled:N0} compiled in the process).");
    }

    /// <summary>
    /// While the clients load the app: <paramref name="seconds"/>, then (<paramref name="untilJitSettles"/>) until no method
    /// has been compiled for 5 s, at most 2 minutes more — the JIT counter read four times a second.
    /// </summary>
    private static async Task<string> WarmUpUnderLoadAsync(int seconds, bool untilJitSettles)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        if (!untilJitSettles) return FormattableString.Invariant($"Warm-up: {seconds} s at the same load.");
        var jit = new JitQuiet();
        var limit = Stopwatch.GetTimestamp() + 120 * Stopwatch.Frequency;
        while (jit.For() < TimeSpan.FromSeconds(5))
        {
            if (Stopwatch.GetTimestamp() > limit)
                return FormattableString.Invariant($"Warm-up: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s at the same load; stopped at the limit with the JIT still compiling.");
            await Task.Delay(250);
        }
        return FormattableString.Invariant($"Warm-up: {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s at the same load, until no method had been compiled for 5 s ({jit.Compiled:N0} compiled in the process).");
    }

    /// <summary>How long the JIT has compiled nothing in the process (a method compiled, or compiled again at a higher
    /// tier, starts it again), read when asked.</summary>
    private sealed class JitQuiet
    {
        private long _since = Stopwatch.GetTimestamp();

        public long Compiled { get; private set; } = System.Runtime.JitInfo.GetCompiledMethodCount();

        public TimeSpan For()
        {
            var count = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (count != Compiled)
            {
                Compiled = count;
                _since = Stopwatch.GetTimestamp();
            }
            return Stopwatch.GetElapsedTime(_since);
        }
    }

    private static async Task<double> RawAsync(NpgsqlDataSource source, IReadOnlyList<CapturedCommand> commands)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var c in commands)
        {
            await using var conn = await source.OpenConnectionAsync();
            await using var cmd = c.Create(conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync()) reader.GetValues(values);
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static string Describe(CapturedCommand c)
    {
        var sb = new StringBuilder();
        foreach (var p in c.Parameters)
            sb.AppendLine($"-- {p.ParameterName} = {Show(p.Value)} ({p.NpgsqlDbType})");
        sb.Append(c.Text);
        return sb.ToString();
    }

    private static string Show(object? v) => v switch
    {
        null or DBNull => "NULL",
        Array a => "{" + string.Join(",", a.Cast<object>()) + "}",
        _ => v.ToString() ?? "",
    };

    private async Task ExplainAsync(CapturedCommand c, string name)
    {
        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = c.Create(conn, "EXPLAIN (ANALYZE, BUFFERS) ");
        cmd.CommandTimeout = 300;
        var plan = new StringBuilder();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.AppendLine(r.GetString(0));
        Line("");
        Line($"EXPLAIN (ANALYZE, BUFFERS) — {name}:");
        Line("```");
        Line(plan.ToString().TrimEnd());
        Line("```");
    }

    // ---------------------------------------------------------------- (c): full-text search

    private static readonly (string Category, string[] Queries)[] FixedQueries =
    [
        ("common word", ["công đoàn", "lao động", "kế hoạch", "báo cáo", "thông báo", "quyết định", "hướng dẫn", "đoàn viên", "tổ chức", "năm 2024"]),
        ("2–3 words", ["chuyển đổi số", "văn phòng điện tử", "an toàn thông tin", "chữ ký số", "tài chính công đoàn", "Tháng Công nhân", "thỏa ước lao động", "Nghệ An", "Bến Tre", "hội nghị cán bộ"]),
        ("without diacritics", ["chuyen doi so", "bao cao tong ket", "nghe an", "tai chinh cong doan", "thang cong nhan", "chu ky so", "hoi nghi", "phong chong thuoc la", "mai am cong doan", "nha o xa hoi"]),
        ("notation / number", ["2605/QĐ-TLĐ", "KH-LĐLĐ", "BC-TLĐ 15", "UBND-VX", "QĐ-TLĐ 1203"]),
    ];

    private async Task<List<(string Category, string Query)>> QueriesAsync()
    {
        var list = FixedQueries.SelectMany(c => c.Queries.Select(q => (c.Category, q))).ToList();
        // Rare words: the least frequent words of a sample of the index (as a person types a distinctive word).
        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT word FROM ts_stat($$SELECT "Vector" FROM "SearchEntries" TABLESAMPLE SYSTEM (0.5) REPEATABLE (7)$$)
            WHERE length(word) >= 5 AND word ~ '^[a-z]+$' ORDER BY ndoc, word LIMIT 15
            """, conn) { CommandTimeout = 300 };
        await using var r = await cmd.ExecuteReaderAsync();
        var rare = new List<string>();
        while (await r.ReadAsync()) rare.Add(r.GetString(0));
        list.AddRange(rare.Select(w => ("rare word", w)));
        // A rare word with a common one: a distinctive word narrowed by a frequent one.
        list.AddRange(rare.Take(5).Select(w => ("rare + common", $"{w} công đoàn")));
        return list;
    }

    private async Task SearchAsync(HttpClient http)
    {
        Line("");
        Line("## Full-text search: GET /api/v1/incoming/find?q=… (first page of 50, with the total)");
        var queries = await QueriesAsync();
        Line($"Query mix ({queries.Count} queries, drawn uniformly): " + string.Join("; ", queries.GroupBy(q => q.Category).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => $"\"{x.Query}\""))}")));
        foreach (var user in new[] { "lthoa.tld", "htthu.ldld" })
        {
            var token = await LoginAsync(http, user);
            if (o.SearchOnce)
            {
                // Baseline queries take up to the 30 s timeout each: a subset, the first of each category (two for the Confederation).
                var subset = queries.GroupBy(q => q.Category).SelectMany(g => g.Take(user == "lthoa.tld" ? 2 : 1)).ToList();
                await SearchOnceAsync(http, token, user, subset);
                continue;
            }
            Line("");
            Line($"### {user} ({(user == "lthoa.tld" ? "clerk of I02, the Confederation" : "clerk of I02.36, LĐLĐ Nghệ An")})");
            // Warm-up: every query once, then a few more.
            var totals = new Dictionary<string, long>();
            foreach (var (_, q) in queries)
            {
                var (_, _, body) = await GetAsync(http, token, Url(q));
                totals[q] = JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt64();
            }
            var random = new Random(11);
            var all = new Latencies("all queries — server time");
            var allClient = new Latencies("all queries — client round-trip");
            var byCategory = queries.Select(q => q.Category).Distinct().ToDictionary(c => c, c => new Latencies($"{c} — server time"));
            var countSql = new Latencies("of which the count query (SQL)");
            var pageSql = new Latencies("of which the page query (SQL)");
            var otherSql = new Latencies("of which the other commands (SQL: account gate, grants, scope)");
            var slowest = new Dictionary<string, Latencies>();
            var sw = Stopwatch.StartNew();
            var sampler = new LoadSampler(o.ConnectionString);
            for (var i = 0; i < o.SearchRequests; i++)
            {
                var (category, q) = queries[random.Next(queries.Count)];
                var (c, s, _) = await GetAsync(http, token, Url(q));
                all.Add(s.ServerMs);
                allClient.Add(c);
                var search = s.PerCommand.Where(x => x.Text.Contains("to_tsquery", StringComparison.Ordinal)).ToList();
                countSql.Add(search.Where(x => x.Text.Contains("count(*)", StringComparison.Ordinal)).Sum(x => x.Ms));
                pageSql.Add(search.Where(x => !x.Text.Contains("count(*)", StringComparison.Ordinal)).Sum(x => x.Ms));
                otherSql.Add(s.PerCommand.Where(x => !x.Text.Contains("to_tsquery", StringComparison.Ordinal)).Sum(x => x.Ms));
                byCategory[category].Add(s.ServerMs);
                if (!slowest.TryGetValue(q, out var l)) slowest[q] = l = new Latencies(q);
                l.Add(s.ServerMs);
            }
            var load = await sampler.StopAsync();
            await sampler.DisposeAsync();
            Line($"{o.SearchRequests} requests in {sw.Elapsed.TotalSeconds:0.0} s, one client, sequential. {load}");
            Line("");
            Line(Latencies.Header);
            Line(all.Row);
            Line(allClient.Row);
            Line(countSql.Row);
            Line(pageSql.Row);
            Line(otherSql.Row);
            foreach (var l in byCategory.Values) Line(l.Row);
            Line("");
            Line("Slowest queries (median server ms, matches in the person's scope):");
            Line("");
            Line("| query | matches | p50 ms | max ms |");
            Line("| --- | ---: | ---: | ---: |");
            foreach (var l in slowest.Values.OrderByDescending(l => l.P(50)).Take(8))
                Line(FormattableString.Invariant($"| {l.Name} | {totals[l.Name]:N0} | {l.P(50):0.0} | {l.Max:0.0} |"));
            Line(FormattableString.Invariant($"Target p95 ≤ 100 ms: {(all.P(95) <= 100 ? "met" : "MISSED")} ({all.P(95):0.0} ms)."));
        }
    }

    /// <summary>Each query of the mix once (for a baseline whose queries take seconds): per query and per category.</summary>
    private async Task SearchOnceAsync(HttpClient http, string token, string user, List<(string Category, string Query)> queries)
    {
        Line("");
        Line($"### {user}: each query once (no warm-up beyond the login); a request that fails is the 30 s EF command timeout (HTTP 500)");
        Line("");
        Line("| category | query | matches | server ms |");
        Line("| --- | --- | ---: | ---: |");
        var all = new Latencies("all queries — server time (failures counted at their time)");
        var byCategory = queries.Select(q => q.Category).Distinct().ToDictionary(c => c, c => new Latencies($"{c} — server time"));
        var failures = 0;
        foreach (var (category, q) in queries)
        {
            var id = Interlocked.Increment(ref _nextId);
            using var req = new HttpRequestMessage(HttpMethod.Get, Url(q));
            if (token.StartsWith("cookie:", StringComparison.Ordinal)) req.Headers.Add("Cookie", token["cookie:".Length..]); // a page, as a browser asks for it
        else req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            req.Headers.Add("X-Bench-Id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var res = await http.SendAsync(req);
            var body = await res.Content.ReadAsStringAsync();
            var server = _probe.Take(id)?.ServerMs ?? double.NaN;
            var ok = res.StatusCode == HttpStatusCode.OK;
            if (!ok) failures++;
            all.Add(server);
            byCategory[category].Add(server);
            var matches = ok ? JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt64().ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : $"failed {(int)res.StatusCode}";
            Line(FormattableString.Invariant($"| {category} | {q} | {matches} | {server:0} |"));
        }
        Line("");
        Line(Latencies.Header);
        Line(all.Row);
        foreach (var l in byCategory.Values) Line(l.Row);
        Line(FormattableString.Invariant($"Failed (timeout): {failures} of {queries.Count}. Target p95 ≤ 100 ms: {(all.P(95) <= 100 ? "met" : "MISSED")} ({all.P(95):0} ms)."));
    }

    private static string Url(string q) => $"/api/v1/incoming/find?q={Uri.EscapeDataString(q)}";

    /// <summary>EXPLAIN ANALYZE of the SQL of one search (both its commands: the count and the page).</summary>
    private async Task ExplainSearchAsync(HttpClient http, string spec)
    {
        var (user, q) = spec.Split(':', 2) is [var u, var text] ? (u, text) : ("lthoa.tld", spec);
        var token = await LoginAsync(http, user);
        await GetAsync(http, token, Url(q), capture: true);
        var commands = _probe.TakeCapture(_nextId) ?? [];
        foreach (var c in commands.Where(c => c.Text.Contains("to_tsquery", StringComparison.Ordinal)))
        {
            Line("");
            Line($"Search SQL for \"{q}\" as {user}:");
            Line("```sql");
            Line(Describe(c));
            Line("```");
            await ExplainAsync(c, $"\"{q}\" as {user}");
        }
    }

    // ---------------------------------------------------------------- (d): registering with a 200 KB PDF

    private async Task RegisterAsync(HttpClient http, string storage, int clientCount, bool twoOrgans, bool firstPhase)
    {
        Line("");
        Line($"## Registering: {(o.TwoRequests ? "POST /api/v1/incoming + POST /api/v1/incoming/{id}/files" : "POST /api/v1/incoming/with-files (the document and its file in one request)")} ({(twoOrgans ? "htthu.ldld into I02.36 and lthoa.tld into I02, half the clients each" : "htthu.ldld into I02.36")}, {clientCount} concurrent clients, {o.RegisterSeconds} s after a warm-up at the same load, not counted)");
        var clerks = new[] { ("I02.36", await LoginAsync(http, "htthu.ldld")), ("I02", await LoginAsync(http, "lthoa.tld")) };
        var nextClient = 0;
        var (pdf, markerAt, pages) = ComposePdf();
        Line($"File: a {pdf.Length / 1024.0:0} KB PDF composed by UnionOffice.Pdf ({pages} pages of Vietnamese text, Liberation Serif embedded), made unique per upload (its title), so every upload is stored.");
        var tag = $"B{DateTime.UtcNow:HHmmss}";
        long counter = 0, done = 0, failed = 0;
        var register = new Latencies("POST /incoming (register)");
        var attach = new Latencies("POST /incoming/{id}/files (200 KB PDF)");
        var both = new Latencies(o.TwoRequests ? "both (one document)" : "POST /incoming/with-files (one document, 200 KB PDF)");
        var measuring = false;
        var stopAt = long.MaxValue; // Stopwatch timestamp, set when the measurement starts
        var errors = new List<string>();
        async Task Client()
        {
            var (organ, token) = clerks[twoOrgans ? Interlocked.Increment(ref nextClient) % 2 : 0];
            var bytes = (byte[])pdf.Clone();
            // Posts with the clerk's token; an answer other than the expected one is counted as failed, the first few kept.
            async Task<HttpResponseMessage> SendAsync(string url, HttpContent content)
            {
                using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                if (token.StartsWith("cookie:", StringComparison.Ordinal)) req.Headers.Add("Cookie", token["cookie:".Length..]); // a page, as a browser asks for it
        else req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return await http.SendAsync(req);
            }
            async Task<bool> AnsweredAsync(HttpResponseMessage res, HttpStatusCode expected, string what)
            {
                if (res.StatusCode == expected) return true;
                Interlocked.Increment(ref failed);
                var text = await res.Content.ReadAsStringAsync();
                lock (errors) if (errors.Count < 5) errors.Add($"{what} {(int)res.StatusCode} {text}");
                return false;
            }
            MultipartFormDataContent WithFile(long n)
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "files", $"van-ban-den-{n}.pdf");
                return form;
            }
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
            {
                var n = Interlocked.Increment(ref counter);
                var t0 = Stopwatch.GetTimestamp();
                var document = new
                {
                    organizationCode = organ, issuerName = "Ủy ban nhân dân tỉnh Nghệ An", issuerCode = "H40", codeNumber = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    codeNotation = $"{tag}-TLĐ", issuedDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(-1), typeName = "Công văn",
                    subject = $"Về việc triển khai chuyển đổi số trong hoạt động công đoàn (đo tải {n})", urgency = "Normal", pageAmount = pages,
                    signerPosition = "Phó Chủ tịch", signerName = "Nguyễn Văn Hùng", description = $"bench-run {tag}",
                };
                var title = Encoding.ASCII.GetBytes(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes($"UO-BENCH-{n:D10}")));
                title.CopyTo(bytes, markerAt);
                if (!o.TwoRequests)
                {
                    using var one = WithFile(n);
                    one.Add(JsonContent.Create(document), "document");
                    using var oneRes = await SendAsync("/api/v1/incoming/with-files", one);
                    if (!await AnsweredAsync(oneRes, HttpStatusCode.Created, "register with file")) continue;
                    if (!Volatile.Read(ref measuring)) continue;
                    Interlocked.Increment(ref done);
                    both.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    continue;
                }
                using var res = await SendAsync("/api/v1/incoming", JsonContent.Create(document));
                var t1 = Stopwatch.GetTimestamp();
                if (!await AnsweredAsync(res, HttpStatusCode.Created, "register")) continue;
                var id = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                using var form = WithFile(n);
                using var upRes = await SendAsync($"/api/v1/incoming/{id}/files", form);
                var t2 = Stopwatch.GetTimestamp();
                if (!await AnsweredAsync(upRes, HttpStatusCode.OK, "attach")) continue;
                if (!Volatile.Read(ref measuring)) continue;
                Interlocked.Increment(ref done);
                register.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                attach.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                both.Add(Stopwatch.GetElapsedTime(t0, t2).TotalMilliseconds);
            }
        }
        var clients = Enumerable.Range(0, clientCount).Select(_ => Task.Run(Client)).ToList();
        // The first phase: at least --register-warmup-seconds, then until the JIT has settled; the others 5 s.
        Line(await WarmUpUnderLoadAsync(firstPhase ? o.RegisterWarmUpSeconds : 5, untilJitSettles: firstPhase));
        Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + o.RegisterSeconds * Stopwatch.Frequency);
        Volatile.Write(ref measuring, true);
        var sw = Stopwatch.StartNew();
        var sampler = new LoadSampler(o.ConnectionString);
        await Task.WhenAll(clients);
        var seconds = sw.Elapsed.TotalSeconds;
        var load = await sampler.StopAsync();
        await sampler.DisposeAsync();
        Line("");
        Line(Latencies.Header);
        foreach (var l in o.TwoRequests ? new[] { register, attach, both } : [both]) Line(l.Row);
        Line("");
        var rate = done / seconds;
        Line(FormattableString.Invariant($"Throughput: {done:N0} documents registered with their file in {seconds:0.0} s = {rate:0.0} documents/s ({failed} failed). Target ≥ 200 documents/s: {(rate >= 200 ? "met" : "MISSED")}."));
        Line(load);
        foreach (var e in errors) Line($"  error: {e}");
        var stored = Directory.EnumerateFiles(storage, "*", SearchOption.AllDirectories).Where(f => !f.Contains("keys", StringComparison.Ordinal)).ToList();
        Line($"Files in the store so far: {stored.Count:N0}, {stored.Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0:0} MB.");
        await CleanUpAsync(tag);
    }

    /// <summary>One PDF of about 200 KB whose title carries a 10-digit number that each upload rewrites in place.</summary>
    private static (byte[] Pdf, int MarkerAt, int Pages) ComposePdf()
    {
        var corpus = new Corpus(Corpus.SeedsDirectory(null));
        var random = new Random(3);
        var font = StandardFonts.Serif(); // one embedded font, subset to the glyphs used: the pages make most of the size
        var bold = font;
        for (var pages = 1; ;)
        {
            var doc = new PdfComposer { Title = "UO-BENCH-0000000000", Author = "Liên đoàn Lao động tỉnh Nghệ An", CreatedAt = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero) };
            for (var p = 0; p < pages; p++)
            {
                var page = doc.AddPage();
                var y = 60.0;
                page.TextCentered(PdfComposer.A4Width / 2, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 13);
                y += 18;
                page.TextCentered(PdfComposer.A4Width / 2, y, "Độc lập - Tự do - Hạnh phúc", bold, 13);
                y += 30;
                foreach (var line in PdfComposer.Wrap(corpus.Body(random, 450), font, 13, PdfComposer.A4Width - 140))
                {
                    if (y > PdfComposer.A4Height - 60) break;
                    page.Text(70, y, line, font, 13);
                    y += 17;
                }
            }
            var bytes = doc.ToArray();
            if (bytes.Length >= 200 * 1024 || pages >= 400)
            {
                var marker = Encoding.ASCII.GetBytes(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes("UO-BENCH-0000000000")));
                var at = bytes.AsSpan().IndexOf(marker);
                if (at < 0) throw new InvalidOperationException("Title marker not found in the composed PDF.");
                return (bytes, at, pages);
            }
            // Next try: as many pages as the size per page so far says, at least one more.
            pages = Math.Max(pages + 1, (int)Math.Ceiling(pages * 200.0 * 1024 / bytes.Length));
        }
    }

    /// <summary>Removes what the registering benchmark added (documents, entries, trail, files) and puts the register back.</summary>
    private async Task CleanUpAsync(string tag)
    {
        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("""
            CREATE TEMP TABLE bench_docs ON COMMIT DROP AS SELECT "Id", "RegisterId" FROM "IncomingDocuments" WHERE "Description" = @d;
            CREATE TEMP TABLE bench_shas ON COMMIT DROP AS SELECT DISTINCT "Sha256" FROM "DocumentFiles" WHERE "OwnerType" = 'incoming' AND "OwnerId" IN (SELECT "Id" FROM bench_docs);
            DELETE FROM "SearchEntries" WHERE "OwnerType" = 'incoming' AND "OwnerId" IN (SELECT "Id" FROM bench_docs);
            DELETE FROM "IncomingTrail" WHERE "DocumentId" IN (SELECT "Id" FROM bench_docs);
            DELETE FROM "DocumentFiles" WHERE "OwnerType" = 'incoming' AND "OwnerId" IN (SELECT "Id" FROM bench_docs);
            DELETE FROM "FileTexts" t WHERE t."Sha256" IN (SELECT "Sha256" FROM bench_shas) AND NOT EXISTS (SELECT 1 FROM "DocumentFiles" f WHERE f."Sha256" = t."Sha256");
            DELETE FROM "IncomingDocuments" WHERE "Id" IN (SELECT "Id" FROM bench_docs);
            UPDATE "IncomingRegisters" r SET "LastNumber" = COALESCE((SELECT max(d."ArrivalNumber") FROM "IncomingDocuments" d WHERE d."RegisterId" = r."Id"), 0)
            WHERE r."Id" IN (SELECT DISTINCT "RegisterId" FROM bench_docs);
            """, conn, tx);
        cmd.Parameters.AddWithValue("d", $"bench-run {tag}");
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        // The dead rows vacuumed now, not by autovacuum during the next phase (whose numbers it would move).
        await using var vacuum = new NpgsqlCommand("""VACUUM "IncomingDocuments", "SearchEntries", "IncomingTrail", "DocumentFiles", "FileTexts", "IncomingRegisters", "AuditEntries" """, conn);
        vacuum.CommandTimeout = 600;
        await vacuum.ExecuteNonQueryAsync();
        Line("Clean-up: the registered documents, their files' rows, trail and search entries were deleted and the register's last number put back (their audit entries stay: the log is append-only); those tables vacuumed before the next phase.");
    }
}
