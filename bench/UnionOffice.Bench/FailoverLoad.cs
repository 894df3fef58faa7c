using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace UnionOffice.Bench;

/// <summary>
/// The clerks of the failover drill (deploy/ha-drill.sh, issue 21 §3): each registers incoming documents through the load
/// balancer, one after another, until the stop file appears, logging every attempt (start, end, answer, the arrival number
/// it was given). Each logs in once: its session must survive the loss of the node that issued it. Then the drill is
/// judged against the database: every acknowledged registration is there with the number it was told, the register's
/// numbers run without a gap, and for each event the script noted (the primary killed, an app node killed) how long
/// registrations stopped.
/// </summary>
public static class FailoverLoad
{
    private sealed record Attempt(int Client, long StartMs, long EndMs, int Status, Guid? Id, long? Number, string? Error);

    public static async Task<int> RunAsync(string url, string cs, string password, int clients, string stopFile, string eventsFile, string logFile)
    {
        var attempts = new ConcurrentQueue<Attempt>();
        var today = DateOnly.FromDateTime(DateTime.Now);
        var run = Guid.NewGuid().ToString("N")[..8];
        var tasks = Enumerable.Range(1, clients).Select(c => Task.Run(() => ClerkAsync(c, url, password, run, today, stopFile, attempts))).ToList();
        await Task.WhenAll(tasks);
        var all = attempts.OrderBy(a => a.StartMs).ToList();
        await File.WriteAllLinesAsync(logFile, all.Select(a => JsonSerializer.Serialize(a)));
        return await JudgeAsync(all, cs, eventsFile);
    }

    private static async Task ClerkAsync(int client, string url, string password, string run, DateOnly today, string stopFile, ConcurrentQueue<Attempt> attempts)
    {
        // New connections after a node dies (nginx stays, but a pooled connection may be half-dead): short-lived pool.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(3) })
        {
            BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(15),
        };
        string? token = null;
        var n = 0;
        while (!File.Exists(stopFile))
        {
            var start = Now();
            try
            {
                if (token is null)
                {
                    using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "htthu.ldld", password });
                    if (!login.IsSuccessStatusCode) throw new HttpRequestException($"login {(int)login.StatusCode}");
                    token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                    continue;
                }
                n++;
                using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incoming")
                {
                    Content = JsonContent.Create(new
                    {
                        organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam",
                        codeNumber = $"{run[..3]}{client}{n}" /* unique per run, ≤ 11 characters */, codeNotation = "TLĐ-DT", issuedDate = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        typeName = "Công văn", subject = $"Diễn tập chuyển đổi dự phòng {run} – người {client}, văn bản {n}",
                    }),
                };
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var r = await http.SendAsync(req);
                if (r.StatusCode == HttpStatusCode.Created)
                {
                    var body = await r.Content.ReadFromJsonAsync<JsonElement>();
                    attempts.Enqueue(new Attempt(client, start, Now(), 201, body.GetProperty("id").GetGuid(), body.GetProperty("arrivalNumber").GetInt64(), null));
                }
                else
                {
                    var text = await r.Content.ReadAsStringAsync();
                    attempts.Enqueue(new Attempt(client, start, Now(), (int)r.StatusCode, null, null, text[..Math.Min(200, text.Length)]));
                    if (r.StatusCode == HttpStatusCode.Unauthorized) token = null; // would be a lost session: counted below
                    await Task.Delay(100);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                attempts.Enqueue(new Attempt(client, start, Now(), 0, null, null, e.GetType().Name + ": " + e.Message));
                await Task.Delay(100); // a refused connection answers at once: do not spin
            }
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<int> JudgeAsync(List<Attempt> all, string cs, string eventsFile)
    {
        var acked = all.Where(a => a.Status == 201).ToList();
        var failed = all.Where(a => a.Status != 201).ToList();
        var unauthorized = failed.Count(a => a.Status == 401);
        Console.WriteLine($"attempts {all.Count}, acknowledged {acked.Count}, failed {failed.Count} (401: {unauthorized})");
        var ok = acked.Count > 0 && unauthorized == 0;

        // For each event: the first registration started after it that was acknowledged (one in flight at the moment may
        // still be answered; one started during the outage may wait and succeed late — its answer is when service came back).
        var events = File.Exists(eventsFile)
            ? (await File.ReadAllLinesAsync(eventsFile)).Where(l => l.Contains(' ')).Select(l => (Ms: long.Parse(l[..l.IndexOf(' ')], CultureInfo.InvariantCulture), What: l[(l.IndexOf(' ') + 1)..])).ToList()
            : [];
        foreach (var (ms, what) in events)
        {
            var next = acked.Where(a => a.StartMs >= ms).MinBy(a => a.EndMs);
            var failures = failed.Count(a => a.StartMs >= ms && (next is null || a.EndMs <= next.EndMs));
            Console.WriteLine(next is null
                ? $"{what}: no registration succeeded afterwards"
                : $"{what}: registrations acknowledged again {(next.EndMs - ms) / 1000.0:F1} s after it ({failures} attempts failed meanwhile)");
            ok &= next is not null;
        }

        // Nothing acknowledged is lost; the numbers a clerk was told are the numbers in the register; the register has no gap.
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        var stored = new Dictionary<Guid, (long Number, Guid Register)>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Id", "ArrivalNumber", "RegisterId" FROM "IncomingDocuments" WHERE "Id" = ANY(@ids)""", db))
        {
            cmd.Parameters.AddWithValue("ids", acked.Select(a => a.Id!.Value).ToArray());
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) stored[r.GetGuid(0)] = (r.GetInt64(1), r.GetGuid(2));
        }
        var lost = acked.Where(a => !stored.ContainsKey(a.Id!.Value)).ToList();
        var renumbered = acked.Where(a => stored.TryGetValue(a.Id!.Value, out var s) && s.Number != a.Number).ToList();
        Console.WriteLine($"acknowledged and in the database: {acked.Count - lost.Count}/{acked.Count}; numbers as told: {acked.Count - lost.Count - renumbered.Count}");
        ok &= lost.Count == 0 && renumbered.Count == 0;
        foreach (var register in stored.Values.Select(s => s.Register).Distinct())
        {
            await using var cmd = new NpgsqlCommand("""SELECT count(*), coalesce(max("ArrivalNumber"), 0) FROM "IncomingDocuments" WHERE "RegisterId" = @r AND "ArrivalNumber" > 0""", db);
            cmd.Parameters.AddWithValue("r", register);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            var (count, max) = (r.GetInt64(0), r.GetInt64(1));
            Console.WriteLine($"register {register}: numbers 1..{max}, {count} documents — {(count == max ? "no gap" : "GAPS")}");
            ok &= count == max;
        }
        Console.WriteLine(ok ? "failover load: passed" : "failover load: FAILED");
        return ok ? 0 : 1;
    }
}
