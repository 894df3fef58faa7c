using Npgsql;

namespace UnionOffice.Bench;

public sealed partial class Runner
{
    /// <summary>
    /// Issue 20: on the 2-million-document data set of <c>generate</c>, an organ's statistics for last month (its head) and the
    /// Confederation's roll-up of all 95 organs for last month (its head), with the indicators the same way — one client,
    /// sequential, after the JIT has settled. Target: p95 ≤ 200 ms server time on PostgreSQL.
    /// </summary>
    private async Task StatisticsAsync(HttpClient http)
    {
        Line("");
        Line("## Statistics and indicators: an organ's month, the Confederation's roll-up of 95 organs (issue 20)");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var last = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        var first = new DateOnly(last.Year, last.Month, 1);
        await using (var c = new NpgsqlConnection(o.ConnectionString))
        {
            await c.OpenAsync();
            var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
            var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
            await using var cmd = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM "IncomingDocuments"),
                       (SELECT count(*) FROM "IncomingDocuments" WHERE "RegisteredAt" >= @s AND "RegisteredAt" < @e),
                       (SELECT count(*) FROM "IncomingDocuments" d JOIN "Organizations" o ON o."Id" = d."OrganizationId"
                        WHERE o."Code" = 'I02.36' AND d."RegisteredAt" >= @s AND d."RegisteredAt" < @e),
                       (SELECT count(*) FROM "Organizations")
                """, c);
            cmd.Parameters.AddWithValue("s", start.UtcDateTime);
            cmd.Parameters.AddWithValue("e", end.UtcDateTime);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Line($"Data: {r.GetInt64(0):N0} incoming documents in {r.GetInt64(3)} organs; {first:dd/MM/yyyy}–{last:dd/MM/yyyy}: {r.GetInt64(1):N0} registered, {r.GetInt64(2):N0} of them at I02.36.");
        }
        var province = await LoginAsync(http, "pstoan.ldld");
        var confederation = await LoginAsync(http, "tvhung.tld");
        var period = $"from={first:yyyy-MM-dd}&to={last:yyyy-MM-dd}";
        var cases = new (string Name, string Token, string Url)[]
        {
            ("pstoan.ldld: GET /api/v1/statistics/handling (I02.36, last month)", province, $"/api/v1/statistics/handling?organizationCode=I02.36&{period}"),
            ("tvhung.tld: GET /api/v1/statistics/handling (I02 and the 94 organs below, last month)", confederation,
                $"/api/v1/statistics/handling?organizationCode=I02&below=true&{period}"),
            ("pstoan.ldld: GET /api/v1/statistics/indicators (I02.36, last month)", province, $"/api/v1/statistics/indicators?organizationCode=I02.36&{period}"),
            ("tvhung.tld: GET /api/v1/statistics/indicators (95 organs, last month)", confederation, $"/api/v1/statistics/indicators?organizationCode=I02&below=true&{period}"),
            ("tvhung.tld: GET /api/v1/statistics/trend (95 organs, twelve months)", confederation, $"/api/v1/statistics/trend?organizationCode=I02&below=true&to={last:yyyy-MM-dd}"),
        };
        await MeasureGetsAsync(http, cases, warmUpMin: 50, targetMs: 200);
    }
}
