using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// Issue 22 §5: outgoing documents are found from the pages (before: the work tabs only) — by words typed without
/// diacritics, among what the person may read: the clerk finds the organ's, an officer their own and not a colleague's.
/// </summary>
public abstract class OutgoingFindPageTests(AppFixture app)
{
    [Fact]
    public async Task Words_WithoutDiacritics_FindTheDocumentsThePersonMayRead_AndNoOthers()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var mine = await OutgoingFlowTests.DraftAsync(app, $"Kế hoạch tổ chức Tháng Công nhân {tag}");
        using var colleague = await app.ClientAsAsync("dvduc.ldld");
        var theirs = (await (await colleague.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Kế hoạch", subject = $"Kế hoạch tuyên truyền pháp luật lao động {tag}", urgency = "Normal",
            signerUserName = "pstoan.ldld", signerPosition = "Chủ tịch", toPlaces = "Lưu: VT, CSPL.", recipients = Array.Empty<object>(),
        })).JsonAsync(HttpStatusCode.Created)).Str("id");

        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var list = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/outgoing")).Content.ReadAsStringAsync());
        Assert.StartsWith("/outgoing/find", list.QuerySelector("#find-link")!.GetAttribute("href"), StringComparison.Ordinal);
        var found = await FoundAsync(officer, $"/outgoing/find?organizationCode=I02.36&q=ke+hoach+{tag}");
        Assert.Contains($"/outgoing/{mine}", found);
        Assert.DoesNotContain($"/outgoing/{theirs}", found); // a colleague's draft of another department

        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var all = await FoundAsync(clerk, $"/outgoing/find?organizationCode=I02.36&q=KE+HOACH+{tag}");
        Assert.Contains($"/outgoing/{mine}", all);
        Assert.Contains($"/outgoing/{theirs}", all);
        Assert.Equal([$"/outgoing/{theirs}"], await FoundAsync(clerk, $"/outgoing/find?organizationCode=I02.36&q=tuyen+truyen+{tag}"));
        Assert.Empty(await FoundAsync(clerk, $"/outgoing/find?organizationCode=I02.36&q={tag}&year=2001"));

        // Another organ's documents: refused, by the page and by the API.
        var refused = await officer.Client.GetAsync("/outgoing/find?organizationCode=I02&q=ke+hoach");
        Assert.Contains("Bạn không có quyền thực hiện thao tác này.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await app.ClientAsAsync("nvan.ldld");
        await (await api.GetAsync("/api/v1/outgoing/find?organizationCode=I02&q=ke")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var byApi = (await (await api.GetAsync($"/api/v1/outgoing/find?organizationCode=I02.36&q=thang+cong+nhan+{tag}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(mine, Assert.Single(byApi).Str("id"));
    }

    private static async Task<List<string>> FoundAsync(UiSession session, string url)
    {
        var response = await session.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.NotNull(doc.QuerySelector("#found"));
        return doc.QuerySelectorAll("#found td[data-label='Trích yếu'] a").Select(a => a.GetAttribute("href")!).ToList();
    }
}

public sealed class OutgoingFindPageTestsSqlite(SqliteAppFixture f) : OutgoingFindPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class OutgoingFindPageTestsPostgres(PostgresAppFixture f) : OutgoingFindPageTests(f), IClassFixture<PostgresAppFixture>;
