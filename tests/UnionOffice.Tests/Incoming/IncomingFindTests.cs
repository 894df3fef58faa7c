using System.Net;
using System.Text;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>Filters, paging, export and saved searches over the incoming documents a person may see (both databases).</summary>
public abstract class IncomingFindTests(AppFixture app)
{
    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    private async Task<string> RegisterAsync(string issuer, string type, string subject, string urgency = "Normal", string? issuerCode = null, string? due = null)
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        return (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = issuer, issuerCode, codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "X-Y",
            issuedDate = Day(-2), typeName = type, subject, urgency, dueDate = due,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
    }

    private static async Task<List<string>> FindAsync(HttpClient c, string query) =>
        (await (await c.GetAsync($"/api/v1/incoming/find?{query}&pageSize=200")).JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(d => d.Str("id")).ToList();

    [Fact]
    public async Task Filters_Combine_WithWordsAndEachOther()
    {
        var tag = $"ma{Random.Shared.Next(100000, 999999)}";
        var plan = await RegisterAsync("Bộ Nội vụ", "Kế hoạch", $"Kế hoạch cải cách hành chính {tag}", "Urgent", "G06", Day(10));
        var report = await RegisterAsync("Ủy ban nhân dân tỉnh Nghệ An", "Báo cáo", $"Báo cáo tình hình lao động {tag}", "Normal", null, Day(3));
        var invite = await RegisterAsync("Ủy ban nhân dân tỉnh Nghệ An", "Giấy mời", $"Mời dự hội nghị tổng kết {tag}", "Immediate");
        using var clerk = await app.ClientAsAsync("htthu.ldld");

        Assert.Equal([invite, report, plan], await FindAsync(clerk, $"q={tag}")); // newest first
        Assert.Equal([plan], await FindAsync(clerk, $"q={tag}&type={Uri.EscapeDataString("Kế hoạch")}"));
        Assert.Equal([plan], await FindAsync(clerk, $"q={tag}&urgency=Urgent"));
        Assert.Equal([plan], await FindAsync(clerk, $"q={tag}&issuer=G06"));
        Assert.Equal([invite, report], await FindAsync(clerk, $"q={tag}&issuer={Uri.EscapeDataString("uy ban nhan dan tinh nghe an")}"));
        Assert.Equal([report], await FindAsync(clerk, $"q={tag}&deadlineTo={Day(5)}"));
        Assert.Equal([invite, report, plan], await FindAsync(clerk, $"q={tag}&from={Day(0)}&to={Day(0)}&year={Formats.Today(app.Clock).Year}"));
        Assert.Empty(await FindAsync(clerk, $"q={tag}&from={Day(1)}"));
        Assert.Equal([invite, report, plan], await FindAsync(clerk, $"q={tag}&status=Registered"));

        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/{report}/direct", new { direction = "VP chủ trì", deadline = Day(2), targets = new object[] { new { kind = "Lead", departmentCode = "VP" } } }))
            .EnsureSuccessStatusCode();
        Assert.Equal([report], await FindAsync(clerk, $"q={tag}&assignee=VP"));
        Assert.Equal([report], await FindAsync(clerk, $"q={tag}&status=Assigned"));
        Assert.Empty(await FindAsync(clerk, $"q={tag}&assignee=nvan.ldld"));

        // Paging: the matches are not counted beyond the page. A full page with more after it says "at least" (more than
        // `total`); the last page gives the exact total.
        var first = await (await clerk.GetAsync($"/api/v1/incoming/find?q={tag}&pageSize=2&page=1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("total").GetInt32());
        Assert.True(first.GetProperty("totalIsAtLeast").GetBoolean());
        Assert.Equal([invite, report], first.GetProperty("items").EnumerateArray().Select(d => d.Str("id")));
        var page = await (await clerk.GetAsync($"/api/v1/incoming/find?q={tag}&pageSize=2&page=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.False(page.GetProperty("totalIsAtLeast").GetBoolean());
        Assert.Equal([plan], page.GetProperty("items").EnumerateArray().Select(d => d.Str("id")));
        var exact = await (await clerk.GetAsync($"/api/v1/incoming/find?q={tag}&pageSize=3")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, exact.GetProperty("total").GetInt32());
        Assert.False(exact.GetProperty("totalIsAtLeast").GetBoolean());

        // Only what the person may see: the department head of VP sees the report only; another organ nothing.
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        Assert.Equal([report], await FindAsync(dh, $"q={tag}"));
        using var other = await app.ClientAsAsync("lthoa.tld");
        Assert.Empty(await FindAsync(other, $"q={tag}"));

        await (await clerk.GetAsync("/api/v1/incoming/find?urgency=Soon&status=Lost")).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        await (await clerk.GetAsync($"/api/v1/incoming/find?from={Day(2)}&to={Day(1)}")).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
    }

    [Fact]
    public async Task Results_AreExported_AsCsv_ReadableInVietnamese_WithoutFormulas()
    {
        var tag = $"xk{Random.Shared.Next(100000, 999999)}";
        await RegisterAsync("=HYPERLINK(\"http://x\")", "Công văn", $"Về việc tổng hợp số liệu đoàn viên {tag}");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var r = await clerk.GetAsync($"/api/v1/incoming/find/export?q={tag}&format=csv");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var rows = Csv.Parse(text, ',');
        Assert.Equal(["Số đến", "Năm", "Ngày đến", "Số, ký hiệu", "Ngày văn bản", "Cơ quan ban hành", "Loại văn bản", "Trích yếu", "Độ khẩn", "Trạng thái", "Hạn giải quyết"], rows[0].Fields);
        Assert.Equal(2, rows.Count);
        Assert.Equal($"Về việc tổng hợp số liệu đoàn viên {tag}", rows[1].Fields[7]);
        Assert.StartsWith("'=", rows[1].Fields[5]);
        await (await clerk.GetAsync($"/api/v1/incoming/find/export?q={tag}&format=doc")).ErrorAsync(HttpStatusCode.BadRequest, "FORMAT_INVALID");
        var xlsx = await clerk.GetAsync($"/api/v1/incoming/find/export?q={tag}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var cells = ExportReader.XlsxRows(await xlsx.Content.ReadAsByteArrayAsync()).SelectMany(r => r).ToList();
        Assert.Contains(cells, c => c == $"Về việc tổng hợp số liệu đoàn viên {tag}");
        Assert.Contains("Trích yếu", cells);
        using var other = await app.ClientAsAsync("lthoa.tld");
        var foreign = Encoding.UTF8.GetString(await (await other.GetAsync($"/api/v1/incoming/find/export?q={tag}&format=csv")).Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(tag, foreign);
    }

    [Fact]
    public async Task SavedSearches_ArePersonal_Named_AndKeepOnlyWhatTheFilterUnderstands()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var saved = await (await officer.PostJsonAsync("/api/v1/incoming/saved-searches", new { name = "Khẩn của tôi", query = "urgency=Urgent&overdue=true&bogus=1&q=b%C3%A1o%20c%C3%A1o" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("q=b%C3%A1o%20c%C3%A1o&urgency=Urgent&overdue=true", saved.Str("query"));
        await (await officer.PostJsonAsync("/api/v1/incoming/saved-searches", new { name = "Khẩn của tôi", query = "urgency=Urgent" })).ErrorAsync(HttpStatusCode.Conflict, "SAVED_SEARCH_EXISTS");
        await (await officer.PostJsonAsync("/api/v1/incoming/saved-searches", new { name = "Rỗng", query = "bogus=1" })).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        await (await officer.PostJsonAsync("/api/v1/incoming/saved-searches", new { name = " ", query = "q=x" })).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        var mine = (await (await officer.GetAsync("/api/v1/incoming/saved-searches")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(mine, s => s.Str("name") == "Khẩn của tôi");

        using var colleague = await app.ClientAsAsync("ttbich.ldld");
        Assert.DoesNotContain((await (await colleague.GetAsync("/api/v1/incoming/saved-searches")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), s => s.Str("id") == saved.Str("id"));
        await (await colleague.DeleteAsync($"/api/v1/incoming/saved-searches/{saved.Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "SAVED_SEARCH_NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await officer.DeleteAsync($"/api/v1/incoming/saved-searches/{saved.Str("id")}")).StatusCode);
    }
}

public sealed class IncomingFindTestsSqlite(SqliteAppFixture f) : IncomingFindTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFindTestsPostgres(PostgresAppFixture f) : IncomingFindTests(f), IClassFixture<PostgresAppFixture>;
