using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Incoming;

/// <summary>
/// Issue 22 §5: the lists the head and the clerk were missing ("Tất cả", "Tôi đã chỉ đạo", an "Đã xử lý" that counted
/// nothing for them), a copy "để biết" that is unread until its reader opens the document, and a document finished by its
/// lead while a co-handler's part is open — said in the trail, to the one who directed it, and on the page.
/// </summary>
public abstract class InboxListsTests(AppFixture app)
{
    private static async Task<List<System.Text.Json.JsonElement>> ListAsync(HttpClient c, string view) =>
        (await (await c.GetAsync($"/api/v1/incoming/inbox?view={view}&take=200")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    private static async Task<System.Text.Json.JsonElement> CountsAsync(HttpClient c) =>
        await (await c.GetAsync("/api/v1/incoming/inbox/counts")).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task TheHeadAndTheClerk_HaveAllDoneAndDirectedByMe_OthersOnlyWhatTheyMayRead()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var head = await app.ClientAsAsync("pstoan.ldld");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        foreach (var c in new[] { head, clerk })
        {
            var all = await ListAsync(c, "all");
            Assert.All(s.Notations, n => Assert.Contains(all, d => d.Str("notation") == n));
            Assert.Contains(await ListAsync(c, "done"), d => d.Str("id") == s.Report.Id); // finished by the lead
            Assert.True((await CountsAsync(c)).GetProperty("done").GetInt32() >= 1);
        }
        var directed = await ListAsync(head, "given");
        Assert.Contains(directed, d => d.Str("id") == s.Report.Id);
        Assert.Contains(directed, d => d.Str("id") == s.Plan.Id);
        Assert.DoesNotContain(directed, d => d.Str("id") == s.Invitation.Id); // registered, not directed
        Assert.Empty(await ListAsync(clerk, "given"));

        // The head of Văn phòng forwarded the report: it is what they gave out. An officer has no organ-wide list.
        using var departmentHead = await app.ClientAsAsync("lvbinh.ldld");
        Assert.Contains(await ListAsync(departmentHead, "given"), d => d.Str("id") == s.Report.Id);
        using var officer = await app.ClientAsAsync("nvan.ldld");
        Assert.Empty(await ListAsync(officer, "all"));
        Assert.Equal(0, (await CountsAsync(officer)).GetProperty("all").GetInt32());
        // Another organ's head sees none of it.
        using var other = await app.ClientAsAsync("tvhung.tld");
        Assert.DoesNotContain(await ListAsync(other, "all"), d => s.Notations.Contains(d.Str("notation")));
        Assert.DoesNotContain(await ListAsync(other, "given"), d => s.Notations.Contains(d.Str("notation")));
        await (await head.GetAsync("/api/v1/incoming/inbox?view=everything")).ErrorAsync(HttpStatusCode.BadRequest, "VIEW_INVALID");

        // The page: the new tabs, by name.
        using var page = await UiSession.LoginAsync(app, "pstoan.ldld");
        var html = new HtmlParser().ParseDocument(await (await page.Client.GetAsync("/incoming?view=given")).Content.ReadAsStringAsync());
        var tabs = html.QuerySelectorAll("nav.tabs a").Select(a => a.TextContent).ToList();
        Assert.Contains(tabs, t => t.StartsWith("Tôi đã chỉ đạo", StringComparison.Ordinal));
        Assert.Contains(tabs, t => t.StartsWith("Tất cả văn bản đến", StringComparison.Ordinal));
        Assert.Contains(html.QuerySelectorAll("table a"), a => a.TextContent == IncomingScenario.ReportSubject);
    }

    [Fact]
    public async Task ACopyForInformation_IsUnreadUntilItsReaderOpensTheDocument_AndTheHeadSeesWhen()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var reader = await app.ClientAsAsync("ttbich.ldld");
        var copy = (await ListAsync(reader, "for-information")).Single(d => d.Str("id") == s.Report.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, copy.GetProperty("readAt").ValueKind);
        Assert.Contains(await ListAsync(reader, "unread"), d => d.Str("id") == s.Report.Id);
        var unreadBefore = (await CountsAsync(reader)).GetProperty("unread").GetInt32();
        Assert.True(unreadBefore >= 1);

        using (var readerPage = await UiSession.LoginAsync(app, "ttbich.ldld"))
        {
            var list = new HtmlParser().ParseDocument(await (await readerPage.Client.GetAsync("/incoming?view=for-information")).Content.ReadAsStringAsync());
            var row = list.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector($"a[href='/incoming/{s.Report.Id}']") is not null);
            Assert.Equal("Chưa đọc", row.QuerySelector(".unread")!.TextContent);
            Assert.Contains(list.QuerySelectorAll("nav.tabs a"), a => a.TextContent.Contains("chưa đọc", StringComparison.Ordinal));
        }

        // Someone else opening it does not read it for her.
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.GetAsync($"/api/v1/incoming/{s.Report.Id}")).EnsureSuccessStatusCode();
        Assert.Contains(await ListAsync(reader, "unread"), d => d.Str("id") == s.Report.Id);

        app.Clock.Advance(TimeSpan.FromMinutes(3));
        (await reader.GetAsync($"/api/v1/incoming/{s.Report.Id}")).EnsureSuccessStatusCode();
        var read = (await ListAsync(reader, "for-information")).Single(d => d.Str("id") == s.Report.Id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, read.GetProperty("readAt").ValueKind);
        Assert.DoesNotContain(await ListAsync(reader, "unread"), d => d.Str("id") == s.Report.Id);
        Assert.Equal(unreadBefore - 1, (await CountsAsync(reader)).GetProperty("unread").GetInt32());
        // A second opening keeps the first one's time.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        (await reader.GetAsync($"/api/v1/incoming/{s.Report.Id}")).EnsureSuccessStatusCode();
        Assert.Equal(read.GetProperty("readAt").GetDateTimeOffset(),
            (await ListAsync(reader, "for-information")).Single(d => d.Str("id") == s.Report.Id).GetProperty("readAt").GetDateTimeOffset());

        // The head's page: the assignments by name, the copy read and when.
        using var page = await UiSession.LoginAsync(app, "pstoan.ldld");
        var doc = new HtmlParser().ParseDocument(await (await page.Client.GetAsync($"/incoming/{s.Report.Id}")).Content.ReadAsStringAsync());
        var rows = doc.QuerySelectorAll("#assignments tbody tr").ToList();
        string Assignee(AngleSharp.Dom.IElement r) => r.QuerySelector("td[data-label='Đơn vị / cá nhân']")!.TextContent.Trim();
        var info = rows.Single(r => Assignee(r) == "Trần Thị Bích");
        Assert.StartsWith("Đã đọc lúc ", info.QuerySelector(".assignment-state")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(rows, r => Assignee(r) == "Văn phòng");
        Assert.Contains(rows, r => Assignee(r) == "Ban Chính sách – Pháp luật");
        Assert.Contains(rows, r => Assignee(r) == "Nguyễn Văn An"); // forwarded inside Văn phòng
    }

    [Fact]
    public async Task TheLeadFinishing_WithACoHandlersPartOpen_IsSaidInTheTrail_ToTheHead_AndOnThePage()
    {
        var s = await IncomingScenario.RunAsync(app); // Văn phòng (lead) finished; Ban CSPL (co-handler) has not
        using var head = await app.ClientAsAsync("pstoan.ldld");
        Assert.Equal("Done", (await (await head.GetAsync($"/api/v1/incoming/{s.Report.Id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        var trail = (await (await head.GetAsync($"/api/v1/incoming/{s.Report.Id}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(IncomingScenario.Result, trail.Last(t => t.Str("action") == "completed").Str("text")); // the result stays the result
        Assert.Equal("Còn phần phối hợp chưa xong: Ban Chính sách – Pháp luật", trail.Single(t => t.Str("action") == "co-handlers-open").Str("text"));
        // The trail names people, not user names: "Chuyển Nguyễn Văn An".
        Assert.Equal("Chuyển Nguyễn Văn An", trail.Single(t => t.Str("action") == "forwarded").Str("text"));
        var told = (await (await head.GetAsync("/api/v1/notifications?unread=true")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(n => n.Str("kind") == "incoming-done").ToList();
        Assert.Contains(told, n => n.Str("title").Contains($"số {s.Report.Number} ", StringComparison.Ordinal) && n.Str("title").Contains("Ban Chính sách – Pháp luật", StringComparison.Ordinal));

        using (var page = await UiSession.LoginAsync(app, "pstoan.ldld"))
        {
            var doc = new HtmlParser().ParseDocument(await (await page.Client.GetAsync($"/incoming/{s.Report.Id}")).Content.ReadAsStringAsync());
            Assert.Contains("Ban Chính sách – Pháp luật", doc.QuerySelector("#co-handlers-open")!.TextContent, StringComparison.Ordinal);
        }

        // The co-handler reports its part: the page no longer says anything is open; the document stays done.
        using var coHead = await app.ClientAsAsync("cthanh.ldld");
        var part = (await ListAsync(coHead, "to-handle")).Single(d => d.Str("id") == s.Report.Id).Str("assignmentId");
        (await coHead.PostJsonAsync($"/api/v1/incoming/assignments/{part}/complete", new { text = "Đã góp ý phần chính sách." })).EnsureSuccessStatusCode();
        Assert.Equal("Done", (await (await head.GetAsync($"/api/v1/incoming/{s.Report.Id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        using (var page = await UiSession.LoginAsync(app, "pstoan.ldld"))
        {
            var doc = new HtmlParser().ParseDocument(await (await page.Client.GetAsync($"/incoming/{s.Report.Id}")).Content.ReadAsStringAsync());
            Assert.Null(doc.QuerySelector("#co-handlers-open"));
        }
    }

    [Fact]
    public async Task TheLead_IsToldBeforeFinishing_ThatACoHandlersPartIsOpen()
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var number = Random.Shared.Next(100, 99999);
        var created = await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Sở Nội vụ tỉnh Nghệ An", codeNumber = $"{number}", codeNotation = "SNV-VP",
            issuedDate = Common.Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "Phối hợp rà soát số liệu", urgency = "Normal",
        });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).Str("id");
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Anh An chủ trì, chị Ngọc phối hợp.",
            targets = new object[] { new { kind = "Lead", userName = "nvan.ldld" }, new { kind = "CoHandler", userName = "ptngoc.ldld" } },
        })).EnsureSuccessStatusCode();
        using var page = await UiSession.LoginAsync(app, "nvan.ldld");
        var doc = new HtmlParser().ParseDocument(await (await page.Client.GetAsync($"/incoming/{id}")).Content.ReadAsStringAsync());
        Assert.Contains("Phạm Thị Ngọc", doc.QuerySelector(".co-handlers-note")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class InboxListsTestsSqlite(SqliteAppFixture f) : InboxListsTests(f), IClassFixture<SqliteAppFixture>;
public sealed class InboxListsTestsPostgres(PostgresAppFixture f) : InboxListsTests(f), IClassFixture<PostgresAppFixture>;
