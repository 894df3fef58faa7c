using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>The incoming list page searches and filters, saves a search and exports the results (cookie session).</summary>
public abstract class IncomingFindPageTests(AppFixture app)
{
    [Fact]
    public async Task Page_Filters_SavesTheSearch_AndExportsWhatTheClerkSees()
    {
        var tag = $"tr{Random.Shared.Next(100000, 999999)}";
        using (var api = await app.ClientAsAsync("htthu.ldld"))
        {
            (await api.PostJsonAsync("/api/v1/incoming", new
            {
                organizationCode = "I02.36", issuerName = "Bộ Tài chính", codeNumber = "15", codeNotation = "BTC-HCSN",
                issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Thông tư", subject = $"Hướng dẫn quản lý tài chính công đoàn {tag}", urgency = "VeryUrgent",
            })).EnsureSuccessStatusCode();
        }
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var html = await (await clerk.Client.GetAsync($"/incoming?q=tai%20chinh%20{tag}&urgency=VeryUrgent")).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Contains("Kết quả: 1 văn bản", doc.QuerySelector("#found h2")!.TextContent);
        Assert.Contains($"Hướng dẫn quản lý tài chính công đoàn {tag}", doc.QuerySelector("#found table")!.TextContent);
        var none = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync($"/incoming?q={tag}&urgency=Normal")).Content.ReadAsStringAsync());
        Assert.Contains("Kết quả: 0 văn bản", none.QuerySelector("#found h2")!.TextContent);

        var save = await clerk.SubmitAsync($"/incoming?q=tai%20chinh%20{tag}&urgency=VeryUrgent", "save-search", new()
        {
            ["SaveForm.Name"] = "Tài chính thượng khẩn", ["SaveForm.Query"] = $"q=tai%20chinh%20{tag}&urgency=VeryUrgent",
        });
        Assert.Contains("Đã lưu tìm kiếm.", await save.Content.ReadAsStringAsync());
        var page = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync("/incoming")).Content.ReadAsStringAsync());
        Assert.Contains(page.QuerySelectorAll("#saved-searches a"), a => a.TextContent == "Tài chính thượng khẩn" && a.GetAttribute("href")!.Contains(tag));

        var csv = await clerk.Client.GetAsync($"/incoming/find/export?q={tag}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains($"Hướng dẫn quản lý tài chính công đoàn {tag}", System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
        var bad = await clerk.Client.GetAsync($"/incoming/find/export?q={tag}&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Định dạng xuất không hợp lệ", await bad.Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "incoming.exported")));

        using var other = await UiSession.LoginAsync(app, "lthoa.tld");
        var foreign = await other.Client.GetAsync($"/incoming/find/export?q={tag}&format=csv");
        Assert.DoesNotContain(tag, System.Text.Encoding.UTF8.GetString(await foreign.Content.ReadAsByteArrayAsync()));
        using var anonymous = new UiSession(app);
        var anon = await anonymous.Client.GetAsync($"/incoming/find/export?q={tag}&format=csv");
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
    }

    [Fact]
    public async Task MoreMatchesThanAPage_SaysMoreThan_AndTheLastPageGivesTheTotal()
    {
        var tag = $"nh{Random.Shared.Next(100000, 999999)}";
        using (var api = await app.ClientAsAsync("htthu.ldld"))
        {
            for (var i = 1; i <= 51; i++)
                (await api.PostJsonAsync("/api/v1/incoming", new
                {
                    organizationCode = "I02.36", issuerName = "Sở Tài chính", codeNumber = $"{i}", codeNotation = "STC-NS",
                    issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = $"Về việc dự toán {tag} số {i}", urgency = "Normal",
                })).EnsureSuccessStatusCode();
        }
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var first = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync($"/incoming?q={tag}")).Content.ReadAsStringAsync());
        Assert.Equal("Kết quả: hơn 50 văn bản", first.QuerySelector("#found h2")!.TextContent.Trim());
        Assert.Equal(50, first.QuerySelectorAll("#found tbody tr").Length);
        Assert.Contains(first.QuerySelectorAll("#found nav.pager a"), a => a.TextContent.Contains("Trang sau") && a.GetAttribute("href")!.Contains("page=2"));
        var second = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync($"/incoming?q={tag}&page=2")).Content.ReadAsStringAsync());
        Assert.Equal("Kết quả: 51 văn bản", second.QuerySelector("#found h2")!.TextContent.Trim());
        Assert.Contains("Trang 2/2", second.QuerySelector("#found nav.pager")!.TextContent);
        Assert.DoesNotContain(second.QuerySelectorAll("#found nav.pager a"), a => a.TextContent.Contains("Trang sau"));
    }
}

public sealed class IncomingFindPageTestsSqlite(SqliteAppFixture f) : IncomingFindPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFindPageTestsPostgres(PostgresAppFixture f) : IncomingFindPageTests(f), IClassFixture<PostgresAppFixture>;
