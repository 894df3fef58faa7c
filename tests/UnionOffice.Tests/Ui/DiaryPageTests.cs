using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>The diary's page with the session cookie: a person writes a line, closes a past week, and their department's head comments.</summary>
public abstract class DiaryPageTests(AppFixture app)
{
    [Fact]
    public async Task APerson_WritesClosesAWeek_AndTheDepartmentHeadComments_ThroughThePage()
    {
        var lastWeek = Formats.Today(app.Clock).AddDays(-7);
        var week = $"/diary?week={lastWeek:yyyy-MM-dd}";
        using var officer = await UiSession.LoginAsync(app, "ttbich.ldld");
        var r = await officer.SubmitAsync(week, "write", new() { ["WriteForm.Day"] = lastWeek.ToString("yyyy-MM-dd"), ["WriteForm.Text"] = "Soạn thảo quy chế chi tiêu nội bộ." });
        var page = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Contains("Đã ghi nhật ký.", page.Body!.TextContent);
        Assert.Contains("Soạn thảo quy chế chi tiêu nội bộ.", page.QuerySelector("#diary-days")!.InnerHtml);
        r = await officer.SubmitAsync(week, "close", []);
        page = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("#diary-closed"));
        Assert.Null(page.QuerySelector("#diary-write"));

        using var head = await UiSession.LoginAsync(app, "lvbinh.ldld");
        var theirs = $"{week}&userName=ttbich.ldld";
        page = new HtmlParser().ParseDocument(await (await head.Client.GetAsync(theirs)).Content.ReadAsStringAsync());
        Assert.Contains("Trần Thị Bích", page.QuerySelector("#diary-week")!.TextContent);
        r = await head.SubmitAsync(theirs, "comment", new() { ["CommentForm.Text"] = "Đề nghị hoàn thiện trong tuần sau." });
        Assert.Contains("Đề nghị hoàn thiện trong tuần sau.", new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector("#diary-comment")!.TextContent);

        using var outsider = await UiSession.LoginAsync(app, "cthanh.ldld");
        var refused = await outsider.Client.GetAsync(theirs);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Soạn thảo quy chế chi tiêu nội bộ.", await refused.Content.ReadAsStringAsync());
    }
}

public sealed class DiaryPageTestsSqlite(SqliteAppFixture f) : DiaryPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DiaryPageTestsPostgres(PostgresAppFixture f) : DiaryPageTests(f), IClassFixture<PostgresAppFixture>;
