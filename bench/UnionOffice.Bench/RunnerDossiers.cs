using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace UnionOffice.Bench;

public sealed partial class Runner
{
    /// <summary>
    /// Issue 17: with 2 million documents filed in dossiers across the tree, a keeper's list of dossiers, one dossier's page,
    /// the archive's list of what is due and its search, and filing a document into a dossier — one client, sequential,
    /// after the JIT has settled; on the data of <c>generate-dossiers</c>.
    /// </summary>
    private async Task DossiersAsync(HttpClient http)
    {
        Line("");
        Line("## Work dossiers and the archive: lists, a dossier, search, filing (issue 17)");
        Guid dossier;
        List<Guid> open;
        List<Guid> toFile;
        await using (var c = new NpgsqlConnection(o.ConnectionString))
        {
            await c.OpenAsync();
            await using (var cmd = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM "DossierItems"), (SELECT count(*) FROM "Dossiers"),
                       (SELECT count(*) FROM "Dossiers" d JOIN "AspNetUsers" u ON u."Id" = d."KeeperUserId" WHERE u."UserName" = 'nvan.ldld'),
                       (SELECT count(*) FROM "Dossiers" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" WHERE o."Code" = 'I02' AND d."Status" = 1),
                       (SELECT count(*) FROM "Dossiers" d JOIN "Organizations" o ON o."Id" = d."OrganizationId" WHERE o."Code" = 'I02' AND d."Status" = 3)
                """, c))
            await using (var r = await cmd.ExecuteReaderAsync())
            {
                await r.ReadAsync();
                Line($"Data: {r.GetInt64(0):N0} documents filed in {r.GetInt64(1):N0} dossiers; nvan.ldld keeps {r.GetInt64(2):N0}; the Confederation (I02) has {r.GetInt64(3):N0} closed and {r.GetInt64(4):N0} in its archive.");
            }
            dossier = await ScalarAsync<Guid>(c, """
                SELECT d."Id" FROM "Dossiers" d JOIN "AspNetUsers" u ON u."Id" = d."KeeperUserId"
                WHERE u."UserName" = 'nvan.ldld' ORDER BY (SELECT count(*) FROM "DossierItems" i WHERE i."DossierId" = d."Id") DESC, d."Id" LIMIT 1
                """);
            open = await ListAsync<Guid>(c, """
                SELECT d."Id" FROM "Dossiers" d JOIN "AspNetUsers" u ON u."Id" = d."KeeperUserId" WHERE u."UserName" = 'nvan.ldld' AND d."Status" = 0 ORDER BY d."Id"
                """);
            // Documents nvan may read (assigned to him) and that are in none of his open dossiers: one filed per request.
            toFile = await ListAsync<Guid>(c, $"""
                SELECT DISTINCT a."DocumentId" FROM "IncomingAssignments" a JOIN "AspNetUsers" u ON u."Id" = a."UserId"
                WHERE u."UserName" = 'nvan.ldld' AND NOT EXISTS (SELECT 1 FROM "DossierItems" i JOIN "Dossiers" d ON d."Id" = i."DossierId"
                    WHERE i."RefId" = a."DocumentId" AND d."KeeperUserId" = u."Id" AND d."Status" = 0)
                LIMIT {o.Requests + 400}
                """);
        }
        if (open.Count == 0 || toFile.Count < o.Requests + 400) throw new InvalidOperationException("nvan.ldld needs open dossiers and documents to file: run generate-dossiers.");
        Line($"nvan.ldld's largest dossier is read; {toFile.Count:N0} documents assigned to him are filed into his {open.Count} open dossiers in turn.");
        var officer = await LoginAsync(http, "nvan.ldld");
        var clerk = await LoginAsync(http, "lthoa.tld");
        var cases = new (string Name, string Token, string Url)[]
        {
            ("nvan.ldld: GET /api/v1/dossiers (my dossiers with their counts)", officer, "/api/v1/dossiers"),
            ($"nvan.ldld: GET /api/v1/dossiers/{{id}} (a dossier and its documents)", officer, $"/api/v1/dossiers/{dossier}"),
            ("lthoa.tld: GET /api/v1/archive/due?organizationCode=I02&until=… (due within 30 days)", clerk,
                $"/api/v1/archive/due?organizationCode=I02&until={DateTime.UtcNow.AddDays(30):yyyy-MM-dd}"),
            ("lthoa.tld: GET /api/v1/archive/search?organizationCode=I02&q=ho so 17", clerk, "/api/v1/archive/search?organizationCode=I02&q=ho%20so%2017"),
        };
        foreach (var (_, token, url) in cases) await GetAsync(http, token, url);
        var next = 0;
        async Task FileAsync(List<double>? server, List<double>? sql)
        {
            var doc = toFile[next];
            var into = open[next % open.Count];
            next++;
            var (_, s, _) = await SendAsync(http, officer, HttpMethod.Post, $"/api/v1/dossiers/{into}/items", JsonContent.Create(new { kind = "Incoming", documentId = doc }),
                HttpStatusCode.NoContent);
            server?.Add(s.ServerMs);
            sql?.Add(s.DbMs);
        }
        Line(await WarmUpAsync(async () =>
        {
            foreach (var (_, token, url) in cases) await GetAsync(http, token, url);
            if (next < 300) await FileAsync(null, null);
        }, min: 200, quiet: TimeSpan.FromSeconds(5), max: TimeSpan.FromMinutes(2)));
        var server = cases.Select(c => new Latencies($"server time: {c.Name}")).Append(new Latencies("server time: nvan.ldld: POST /api/v1/dossiers/{id}/items (filing)")).ToList();
        var db = cases.Select(c => new Latencies($"SQL time: {c.Name}")).Append(new Latencies("SQL time: nvan.ldld: POST /api/v1/dossiers/{id}/items (filing)")).ToList();
        var filingServer = new List<double>();
        var filingSql = new List<double>();
        for (var i = 0; i < o.Requests; i++)
        {
            for (var k = 0; k < cases.Length; k++)
            {
                var (_, s, _) = await GetAsync(http, cases[k].Token, cases[k].Url);
                server[k].Add(s.ServerMs);
                db[k].Add(s.DbMs);
            }
            if (next < toFile.Count) await FileAsync(filingServer, filingSql);
        }
        foreach (var ms in filingServer) server[^1].Add(ms);
        foreach (var ms in filingSql) db[^1].Add(ms);
        Line("");
        Line(Latencies.Header);
        foreach (var l in server.Concat(db)) Line(l.Row);
        foreach (var l in server)
            Line(FormattableString.Invariant($"Target p95 ≤ 30 ms server time, {l.Name}: {(l.P(95) <= 30 ? "met" : "MISSED")} ({l.P(95):0.00} ms)."));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection c, string sql)
    {
        var list = new List<T>();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetFieldValue<T>(0));
        return list;
    }
}
