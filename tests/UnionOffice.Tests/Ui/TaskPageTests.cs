using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// The task pages with the session cookie and the forms people post: the head gives a task picking the department by
/// name, the department's head reports it done, the head accepts it; a task's page is for its people only.
/// </summary>
public abstract class TaskPageTests(AppFixture app)
{
    [Fact]
    public async Task Dates_AreTypedDayFirst_AndOneThatIsNotADate_IsSaidInVietnamese_KeepingWhatWasTyped()
    {
        // Issue 22 §1: a text field for dd/MM/yyyy, not the browser's date field (mm/dd/yyyy in an English browser).
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var form = new HtmlParser().ParseDocument(await (await head.Client.GetAsync("/tasks/new")).Content.ReadAsStringAsync());
        var field = form.QuerySelector("#task-deadline")!;
        Assert.Equal("text", field.GetAttribute("type") ?? "text");
        Assert.Equal("dd/mm/yyyy", field.GetAttribute("placeholder"));
        Assert.Empty(form.QuerySelectorAll("input[type=date], input[type=datetime-local]"));
        const string title = "Rà soát danh sách đoàn viên có ngày sai";
        var refused = await head.SubmitAsync("/tasks/new", "give", new()
        {
            ["Input.OrganizationCode"] = "I02.36", ["Input.Title"] = title, ["Input.Deadline"] = "31/02/2027",
            ["Input.Priority"] = "Normal", ["Input.Origin"] = "Other", ["Input.Lead"] = "dept:VP",
        });
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Thời hạn \"31/02/2027\" không hợp lệ", page.QuerySelector(".alert.error")!.TextContent);
        Assert.Equal(title, page.QuerySelector("[name='Input.Title']")!.GetAttribute("value"));
        Assert.Equal("31/02/2027", page.QuerySelector("#task-deadline")!.GetAttribute("value"));
        Assert.DoesNotContain(title, await (await head.Client.GetAsync("/tasks?view=given")).Content.ReadAsStringAsync());
        // Day first, as written here: 05/03 is the fifth of March.
        var given = await head.SubmitAsync("/tasks/new", "give", new()
        {
            ["Input.OrganizationCode"] = "I02.36", ["Input.Title"] = title, ["Input.Deadline"] = "05/03/2027",
            ["Input.Priority"] = "Normal", ["Input.Origin"] = "Other", ["Input.Lead"] = "dept:VP",
        });
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        var shown = await (await head.Client.GetAsync(new Uri(new Uri("http://localhost"), given.Headers.Location!).AbsolutePath)).Content.ReadAsStringAsync();
        Assert.Contains("05/03/2027", shown);
        Assert.Contains(title, await (await head.Client.GetAsync("/tasks?view=given")).Content.ReadAsStringAsync()); // the list that did not have it before
    }

    [Fact]
    public async Task AHead_GivesATaskThroughThePage_TheDepartmentReportsIt_AndTheHeadAccepts()
    {
        const string title = "Chuẩn bị hội nghị biểu dương công nhân lao động giỏi";
        var deadline = Formats.Today(app.Clock).AddDays(8);
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var form = new HtmlParser().ParseDocument(await (await head.Client.GetAsync("/tasks/new")).Content.ReadAsStringAsync());
        // People and departments are chosen by name.
        Assert.Contains(form.QuerySelectorAll("#task-lead option"), o => o.TextContent == "Văn phòng" && o.GetAttribute("value") == "dept:VP");
        Assert.Contains(form.QuerySelectorAll("#task-lead option"), o => o.TextContent == "Nguyễn Văn An");
        var given = await head.SubmitAsync("/tasks/new", "give", new()
        {
            ["Input.OrganizationCode"] = "I02.36", ["Input.Title"] = title, ["Input.Deadline"] = Formats.Date(deadline),
            ["Input.Priority"] = "Urgent", ["Input.Origin"] = "Meeting", ["Input.OriginNote"] = "Kết luận giao ban", ["Input.Lead"] = "dept:VP",
        });
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        var path = new Uri(new Uri("http://localhost"), given.Headers.Location!).AbsolutePath;
        Assert.Matches("^/tasks/[0-9a-f-]{36}$", path);

        var page = await (await head.Client.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains(title, page);
        Assert.Contains(Formats.Date(deadline), page);
        Assert.Contains("Kết luận cuộc họp: Kết luận giao ban", page);
        Assert.Contains("Văn phòng", new HtmlParser().ParseDocument(page).QuerySelector("#task-parts")!.TextContent);

        using var dh = await UiSession.LoginAsync(app, "lvbinh.ldld");
        Assert.Contains(title, await (await dh.Client.GetAsync("/tasks")).Content.ReadAsStringAsync());
        var r = await dh.SubmitAsync(path, "progress", new() { ["ProgressForm.Percent"] = "60", ["ProgressForm.Text"] = "Đã có danh sách đề xuất." });
        Assert.Contains("Đã báo cáo tiến độ.", await r.Content.ReadAsStringAsync());
        r = await dh.SubmitAsync(path, "done", new() { ["DoneForm.Result"] = "Đã trình kế hoạch tổ chức hội nghị." });
        Assert.Contains("Chờ đánh giá", await r.Content.ReadAsStringAsync());

        Assert.Contains(title, await (await head.Client.GetAsync("/tasks?view=to-evaluate")).Content.ReadAsStringAsync());
        r = await head.SubmitAsync(path, "evaluate", new() { ["EvalForm.Accept"] = "false", ["EvalForm.Note"] = "" });
        Assert.Contains("Lý do trả lại không được để trống.", await r.Content.ReadAsStringAsync());
        r = await head.SubmitAsync(path, "evaluate", new() { ["EvalForm.Accept"] = "true", ["EvalForm.Note"] = "Đạt." });
        var done = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Equal("Hoàn thành – đúng hạn", done.QuerySelector("#task-status")!.TextContent.Trim());
        Assert.Contains("Đánh giá: đạt, hoàn thành", done.QuerySelector("#task-trail")!.TextContent);

        foreach (var (user, allowed) in new[] { ("pstoan.ldld", true), ("lvbinh.ldld", true), ("nvan.ldld", false), ("htthu.ldld", false), ("tvhung.tld", false) })
        {
            using var s = await UiSession.LoginAsync(app, user);
            var p = await s.Client.GetAsync(path);
            var html = await p.Content.ReadAsStringAsync();
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, p.StatusCode);
            Assert.Equal(allowed, html.Contains(title, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SupervisionPage_ShowsTheFiguresByName_AndTheGiaoBanReportDownloadsWithTheSessionCookie()
    {
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync("/api/v1/tasks", new
        {
            organizationCode = "I02.36", title = "Tổng hợp ý kiến đoàn viên", targets = new[] { new { kind = "Lead", departmentCode = "CSPL" } },
        })).EnsureSuccessStatusCode();
        var page = new HtmlParser().ParseDocument(await (await head.Client.GetAsync("/tasks/supervision?organizationCode=I02.36")).Content.ReadAsStringAsync());
        var row = page.QuerySelectorAll("#supervision-table tbody tr").Single(r => r.QuerySelector("td")!.TextContent == "Ban Chính sách – Pháp luật");
        var open = row.QuerySelectorAll("td a")[0];
        Assert.NotEqual("0", open.TextContent);
        var listed = new HtmlParser().ParseDocument(await (await head.Client.GetAsync(open.GetAttribute("href")!.Split('#')[0])).Content.ReadAsStringAsync());
        Assert.Contains("Tổng hợp ý kiến đoàn viên", listed.QuerySelector("#supervision-list")!.TextContent);
        Assert.Contains("Ban Chính sách – Pháp luật", listed.QuerySelector("#supervision-list h2")!.TextContent);

        var month = Formats.Today(app.Clock).ToString("yyyy-MM");
        var pdf = await head.Client.GetAsync($"/tasks/giao-ban?organizationCode=I02.36&month={month}&format=pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var refused = await officer.Client.GetAsync($"/tasks/giao-ban?organizationCode=I02.36&month={month}&format=pdf");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Bạn không có quyền", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheGiver_ReassignsAPartThroughThePage_AndTheBoardShowsTasksByStatus()
    {
        const string title = "Rà soát quy chế phối hợp với chính quyền";
        var id = (await (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync("/api/v1/tasks", new
        {
            organizationCode = "I02.36", title, targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var page = new HtmlParser().ParseDocument(await (await head.Client.GetAsync($"/tasks/{id}")).Content.ReadAsStringAsync());
        var part = page.QuerySelector("#reassign-form select[name='ReassignForm.Part'] option")!.GetAttribute("value")!;
        var r = await head.SubmitAsync($"/tasks/{id}", "reassign", new() { ["ReassignForm.Part"] = part, ["ReassignForm.Target"] = "dept:CSPL", ["ReassignForm.Reason"] = "Đúng chức năng." });
        var after = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Contains("Đã giao lại phần việc.", after.Body!.TextContent);
        Assert.Contains("Ban Chính sách – Pháp luật", after.QuerySelector("#task-parts")!.TextContent);
        Assert.DoesNotContain("Văn phòng", after.QuerySelector("#task-parts")!.TextContent);

        using var cspl = await UiSession.LoginAsync(app, "cthanh.ldld");
        var board = new HtmlParser().ParseDocument(await (await cspl.Client.GetAsync("/tasks?view=board")).Content.ReadAsStringAsync());
        var column = board.QuerySelectorAll("#task-board .board-column").Single(c => c.QuerySelector("h2")!.TextContent.StartsWith("Mới giao"));
        Assert.Contains(title, column.TextContent);
    }
}

public sealed class TaskPageTestsSqlite(SqliteAppFixture f) : TaskPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class TaskPageTestsPostgres(PostgresAppFixture f) : TaskPageTests(f), IClassFixture<PostgresAppFixture>;
