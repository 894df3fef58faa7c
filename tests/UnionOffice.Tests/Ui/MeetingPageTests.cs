using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// A meeting through its pages with the session cookie: the office prepares a giao ban (dd/MM/yyyy, 24-hour times, people
/// by name), convenes and opens it; members check themselves in and vote on the page; the result shows; someone not
/// invited finds nothing.
/// </summary>
public abstract class MeetingPageTests(AppFixture app)
{
    [Fact]
    public async Task AGiaoBan_IsPreparedConvenedHeldAndVotedOn_ThroughThePages()
    {
        var day = Formats.Today(app.Clock).AddDays(Random.Shared.Next(5, 300));
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var r = await clerk.SubmitAsync("/meetings", "create", new()
        {
            ["body"] = "GiaoBan", ["date"] = $"{day:dd/MM/yyyy}", ["start"] = "07:30", ["end"] = "09:00", ["title"] = $"Giao ban tuần {tag}", ["presiding"] = "pstoan.ldld",
            ["members"] = "nvan.ldld", ["agenda"] = "Tình hình tuần qua\nKế hoạch tuần tới", ["externals"] = "Bà Nguyễn Thị Y – Báo Lao động",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var path = new Uri(new Uri("http://localhost"), r.Headers.Location!).AbsolutePath;
        using var outsider = await UiSession.LoginAsync(app, "lvbinh.ldld");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync(path)).StatusCode);
        r = await clerk.SubmitAsync(path, "convene", []);
        Assert.Contains("Đã triệu tập, gửi giấy mời.", await r.Content.ReadAsStringAsync());
        r = await clerk.SubmitAsync(path, "start", []);
        var page = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Equal("Đang họp", page.QuerySelector("#meeting-status")!.TextContent);
        Assert.Contains("Bà Nguyễn Thị Y (Báo Lao động)", page.QuerySelector("#invitees")!.TextContent);

        using var member = await UiSession.LoginAsync(app, "nvan.ldld");
        r = await member.SubmitAsync(path, "check-in", []);
        Assert.Contains("1/1 ủy viên", new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector("#quorum")!.TextContent);
        r = await clerk.SubmitAsync(path, "open-vote", new() { ["question"] = "Thông qua kế hoạch tuần tới" });
        var vote = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector("section.vote")!.Id!["vote-".Length..];
        r = await member.SubmitAsync(path, $"ballot-{vote}-Yes", []);
        Assert.Contains("Bạn đã biểu quyết.", await r.Content.ReadAsStringAsync());
        r = await clerk.SubmitAsync(path, $"close-vote-{vote}", []);
        var result = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector(".vote-result")!.TextContent;
        Assert.Contains("Thông qua", result);
        Assert.Contains("1 tán thành", result);
    }
}

public sealed class MeetingPageTestsSqlite(SqliteAppFixture f) : MeetingPageTests(f), IClassFixture<SqliteAppFixture>;
