using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// The organ's rule for its documents on a page: its head sets which types go on paper too and which may be published;
/// its members read it, and the drafting form offers publication only for the types it allows.
/// </summary>
public abstract class DocumentPolicyPageTests(AppFixture app)
{
    [Fact]
    public async Task TheHeadSetsTheRule_MembersReadIt_AndTheDraftingFormFollowsIt()
    {
        const string page = "/outgoing/policy?organizationCode=I02.36";
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var saved = await head.SubmitAsync(page, "policy", new() { ["Form.Published"] = "Kế hoạch", ["Form.Paper"] = "Quyết định" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Đã lưu quy định của cơ quan.", await saved.Content.ReadAsStringAsync());
        using var api = await app.ClientAsAsync("nvan.ldld");
        var rule = (await (await api.GetAsync("/api/v1/outgoing/policy?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).GetProperty("types").EnumerateArray().ToList();
        Assert.True(rule.Single(t => t.Str("typeName") == "Kế hoạch").GetProperty("mayPublish").GetBoolean());
        Assert.Equal("PaperAndElectronic", rule.Single(t => t.Str("typeName") == "Quyết định").Str("delivered"));
        Assert.Single(rule, t => t.GetProperty("mayPublish").GetBoolean());

        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var html = await (await officer.Client.GetAsync(page)).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Null(doc.QuerySelector("#policy-form button[type=submit]"));
        Assert.Contains("Được phép", doc.QuerySelector("#policy tr[data-type='Kế hoạch']")!.TextContent);
        var refused = await officer.SubmitAsync(page, "policy", new() { ["Form.Published"] = "Công văn" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Bạn không có quyền thực hiện thao tác này.", await refused.Content.ReadAsStringAsync());

        var form = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/outgoing/new?organizationCode=I02.36")).Content.ReadAsStringAsync());
        Assert.NotNull(form.QuerySelector("#publish-choice input[name='Input.Publish']"));
        Assert.Contains("Kế hoạch", form.QuerySelector("#publish-choice + p")!.TextContent);
        Assert.Contains("Quyết định", form.QuerySelector("#paper-rule")!.TextContent);

        // An empty rule takes the choice away again.
        (await head.SubmitAsync(page, "policy", new())).EnsureSuccessStatusCode();
        form = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/outgoing/new?organizationCode=I02.36")).Content.ReadAsStringAsync());
        Assert.Null(form.QuerySelector("#publish-choice"));
    }
}

public sealed class DocumentPolicyPageTestsSqlite(SqliteAppFixture f) : DocumentPolicyPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DocumentPolicyPageTestsPostgres(PostgresAppFixture f) : DocumentPolicyPageTests(f), IClassFixture<PostgresAppFixture>;
