using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// The draft's author changes its metadata on a page, filled with what the draft holds; its other readers (the organ's
/// head, clerk, the department head) are refused, everyone else finds nothing, and once the draft is submitted not even
/// the author may change it.
/// </summary>
public abstract class OutgoingEditPageTests(AppFixture app)
{
    [Fact]
    public async Task Author_EditsTheDraftOnAFilledForm_OthersAndLaterStepsFindNoSuchPage()
    {
        var id = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v dự thảo cần sửa trích yếu", "I02");
        using var author = await UiSession.LoginAsync(app, "nvan.ldld");
        var page = await author.Client.GetAsync($"/outgoing/{id}");
        Assert.Contains($"/outgoing/{id}/edit", await page.Content.ReadAsStringAsync());

        var html = await (await author.Client.GetAsync($"/outgoing/{id}/edit")).Content.ReadAsStringAsync();
        var form = new HtmlParser().ParseDocument(html).QuerySelector("#draft-form")!;
        Assert.Equal("V/v dự thảo cần sửa trích yếu", form.QuerySelector("textarea[name='Input.Subject']")!.TextContent);
        Assert.NotNull(form.QuerySelector("input[name='Input.Recipients'][value='I02'][checked]"));
        Assert.Equal("pstoan.ldld", form.QuerySelector("select[name='Input.SignerUserName'] option[selected]")!.GetAttribute("value"));

        // An empty subject is refused with the reason, and the draft keeps what it had.
        var refused = await author.SubmitAsync($"/outgoing/{id}/edit", "draft", Fields("", "Công văn"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Trích yếu nội dung không được để trống", await refused.Content.ReadAsStringAsync());
        using var api = await app.ClientAsAsync("nvan.ldld");
        Assert.Equal("V/v dự thảo cần sửa trích yếu", (await (await api.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("subject"));

        var saved = await author.SubmitAsync($"/outgoing/{id}/edit", "draft", Fields("V/v báo cáo sơ kết 6 tháng (đã sửa)", "Báo cáo"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/outgoing/{id}?updated=1", saved.Headers.Location!.PathAndQuery);
        var doc = await (await api.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("V/v báo cáo sơ kết 6 tháng (đã sửa)", doc.Str("subject"));
        Assert.Equal("Báo cáo", doc.Str("typeName"));
        Assert.Equal("I02", Assert.Single(doc.GetProperty("recipients").EnumerateArray()).Str("organizationCode"));
        Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "updated");

        foreach (var (other, status) in new[] { ("pstoan.ldld", HttpStatusCode.Forbidden), ("htthu.ldld", HttpStatusCode.Forbidden), ("lvbinh.ldld", HttpStatusCode.Forbidden),
                     ("ttbich.ldld", HttpStatusCode.NotFound), ("lthoa.tld", HttpStatusCode.NotFound), ("vmquan.ldld", HttpStatusCode.NotFound) })
        {
            using var s = await UiSession.LoginAsync(app, other);
            var r = await s.Client.GetAsync($"/outgoing/{id}/edit");
            Assert.True(r.StatusCode == status, $"{other} should get {status}: {(int)r.StatusCode}");
            var body = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain("draft-form", body);
            Assert.DoesNotContain("báo cáo sơ kết", body);
        }

        (await api.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await author.Client.GetAsync($"/outgoing/{id}/edit")).StatusCode);
    }

    private static Dictionary<string, string> Fields(string subject, string type) => new()
    {
        ["Input.TypeName"] = type, ["Input.Subject"] = subject, ["Input.Urgency"] = "Normal", ["Input.SignerUserName"] = "pstoan.ldld",
        ["Input.SignerPosition"] = "Chủ tịch", ["Input.Recipients"] = "I02", ["Input.ToPlaces"] = "Như trên; Lưu: VT, VP.",
    };
}

public sealed class OutgoingEditPageTestsSqlite(SqliteAppFixture f) : OutgoingEditPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class OutgoingEditPageTestsPostgres(PostgresAppFixture f) : OutgoingEditPageTests(f), IClassFixture<PostgresAppFixture>;
