using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Work;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>Reassigning, extending deadlines, chasing, reminders and the notifications they leave (API, both databases).</summary>
public abstract class IncomingFollowUpTests(AppFixture app)
{
    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    /// <summary>A document of Nghệ An directed to the Văn phòng as lead (deadline in 5 days) and forwarded to nvan (3 days).</summary>
    private async Task<(string Doc, string Dept, string Officer)> DirectedAndForwardedAsync()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}",
            codeNotation = "TLĐ-CSPL", issuedDate = Day(-1), typeName = "Công văn", subject = "V/v tổng hợp ý kiến về dự thảo Luật Công đoàn (sửa đổi)",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Văn phòng chủ trì tổng hợp.", deadline = Day(5), targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
        })).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        var dept = (await InboxAsync(dh, "to-handle")).Single(d => d.Str("id") == id).Str("assignmentId");
        (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/forward", new { userName = "nvan.ldld", deadline = Day(3) })).EnsureSuccessStatusCode();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var mine = (await InboxAsync(officer, "to-handle")).Single(d => d.Str("id") == id).Str("assignmentId");
        return (id, dept, mine);
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient c, string view) =>
        (await (await c.GetAsync($"/api/v1/incoming/inbox?view={view}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    private Task<List<JsonElement>> NotificationsAsync(string user) => app.NotificationsAsync(user);

    private async Task<List<string>> TrailAsync(string id) =>
        (await (await (await app.ClientAsAsync("pstoan.ldld")).GetAsync($"/api/v1/incoming/{id}/trail")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.Str("action")).ToList();

    [Fact]
    public async Task WorkGiven_IsNotified_ToTheOfficer_AndToTheDepartmentHeads()
    {
        var (doc, _, _) = await DirectedAndForwardedAsync();
        Assert.Contains(await NotificationsAsync("lvbinh.ldld"), n => n.Str("kind") == "assigned" && n.Str("link") == $"/incoming/{doc}" && n.Str("title").Contains("chủ trì"));
        Assert.Contains(await NotificationsAsync("nvan.ldld"), n => n.Str("kind") == "assigned" && n.Str("link") == $"/incoming/{doc}");
        Assert.DoesNotContain(await NotificationsAsync("cthanh.ldld"), n => n.Str("link") == $"/incoming/{doc}");
    }

    [Fact]
    public async Task Head_Reassigns_TheDepartmentsWork_ToAnotherDepartment_AndWhatWasForwardedEnds()
    {
        var (doc, dept, officerWork) = await DirectedAndForwardedAsync();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/reassign", new { departmentCode = "CSPL" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/reassign", new { departmentCode = "VP" })).ErrorAsync(HttpStatusCode.Conflict, "REASSIGN_SAME");
        await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/reassign", new { departmentCode = "TC" })).ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE");
        var moved = await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/reassign", new { departmentCode = "CSPL", reason = "Thuộc lĩnh vực chính sách pháp luật" }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(dept, moved.Str("assignmentId"));

        Assert.DoesNotContain(await InboxAsync(officer, "to-handle"), d => d.Str("assignmentId") == officerWork);
        using var cspl = await app.ClientAsAsync("cthanh.ldld");
        var now = (await InboxAsync(cspl, "to-handle")).Single(d => d.Str("id") == doc);
        Assert.Equal("Lead", now.Str("assignmentKind"));
        Assert.Equal(Day(5), now.Str("deadline"));
        Assert.Contains(await NotificationsAsync("cthanh.ldld"), n => n.Str("kind") == "reassigned" && n.Str("link") == $"/incoming/{doc}");
        Assert.Contains(await NotificationsAsync("nvan.ldld"), n => n.Str("kind") == "reassigned" && n.Str("link") == $"/incoming/{doc}");
        await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/reassign", new { departmentCode = "VP" })).ErrorAsync(HttpStatusCode.Conflict, "ASSIGNMENT_CLOSED");
        Assert.Equal("reassigned", (await TrailAsync(doc)).Last());
    }

    [Fact]
    public async Task DepartmentHead_Reassigns_InsideTheDepartmentOnly()
    {
        var (doc, _, officerWork) = await DirectedAndForwardedAsync();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        await (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{officerWork}/reassign", new { userName = "dvduc.ldld" })).ErrorAsync(HttpStatusCode.BadRequest, "FORWARD_OUTSIDE");
        await (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{officerWork}/reassign", new { departmentCode = "CSPL" })).ErrorAsync(HttpStatusCode.BadRequest, "FORWARD_OUTSIDE");
        using var otherDh = await app.ClientAsAsync("cthanh.ldld");
        await (await otherDh.PostJsonAsync($"/api/v1/incoming/assignments/{officerWork}/reassign", new { userName = "ttbich.ldld" })).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{officerWork}/reassign", new { userName = "ttbich.ldld" })).EnsureSuccessStatusCode();
        using var bich = await app.ClientAsAsync("ttbich.ldld");
        Assert.Contains(await InboxAsync(bich, "to-handle"), d => d.Str("id") == doc && d.Str("deadline") == Day(3));
    }

    [Fact]
    public async Task Officer_AsksForMoreTime_DepartmentHeadDecides_WithinTheHeadsDeadline()
    {
        var (doc, _, work) = await DirectedAndForwardedAsync();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/extensions", new { deadline = Day(2), reason = "Cần thêm số liệu" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "EXTENSION_NOT_LATER");
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/extensions", new { deadline = Day(4), reason = "  " }))
            .ErrorAsync(HttpStatusCode.BadRequest, "EXTENSION_INVALID");
        var far = (await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/extensions", new { deadline = Day(9), reason = "Chờ số liệu của các CĐCS" }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/extensions", new { deadline = Day(4), reason = "Lần nữa" }))
            .ErrorAsync(HttpStatusCode.Conflict, "EXTENSION_PENDING");
        Assert.Contains(await NotificationsAsync("lvbinh.ldld"), n => n.Str("kind") == "extension-requested" && n.Str("link") == $"/incoming/{doc}");

        // The officer cannot grant it; the organ's head did not give this piece of work; the department head may not go past the head's deadline.
        await (await officer.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        await (await head.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        await (await dh.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.BadRequest, "DEADLINE_AFTER_PARENT");
        await (await dh.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = false })).ErrorAsync(HttpStatusCode.BadRequest, "EXTENSION_INVALID");
        (await dh.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = false, note = "Quá thời hạn lãnh đạo giao" })).EnsureSuccessStatusCode();
        await (await dh.PostJsonAsync($"/api/v1/incoming/extensions/{far}/decide", new { grant = true })).ErrorAsync(HttpStatusCode.Conflict, "EXTENSION_DECIDED");
        Assert.Contains(await NotificationsAsync("nvan.ldld"), n => n.Str("kind") == "extension-decided" && n.Str("title").Contains("Không đồng ý"));

        var near = (await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/extensions", new { deadline = Day(5), reason = "Chờ số liệu" }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        (await dh.PostJsonAsync($"/api/v1/incoming/extensions/{near}/decide", new { grant = true })).EnsureSuccessStatusCode();
        Assert.Contains(await InboxAsync(officer, "to-handle"), d => d.Str("assignmentId") == work && d.Str("deadline") == Day(5));
        var history = (await (await officer.GetAsync($"/api/v1/incoming/{doc}/extensions")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["Refused", "Granted"], history.Select(e => e.Str("status")));
        Assert.Equal(["extension-requested", "extension-refused", "extension-requested", "extension-granted"], (await TrailAsync(doc)).TakeLast(4));
        using var stranger = await app.ClientAsAsync("lthoa.tld");
        await (await stranger.GetAsync($"/api/v1/incoming/{doc}/extensions")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
    }

    [Fact]
    public async Task Head_Chases_TheOfficer_WhoIsNotified_AndTheTrailKeepsIt()
    {
        var (doc, dept, work) = await DirectedAndForwardedAsync();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/chase", new { text = "?" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var otherDh = await app.ClientAsAsync("cthanh.ldld");
        await (await otherDh.PostJsonAsync($"/api/v1/incoming/assignments/{work}/chase", new { })).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/assignments/{work}/chase", new { text = "Đề nghị hoàn thành trước cuộc họp thứ Năm." })).EnsureSuccessStatusCode();
        Assert.Contains(await NotificationsAsync("nvan.ldld"), n => n.Str("kind") == "chased" && n.Str("title").Contains("cuộc họp thứ Năm"));
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{work}/chase", new { })).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/complete", new { text = "Xong" })).EnsureSuccessStatusCode();
        await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{work}/chase", new { })).ErrorAsync(HttpStatusCode.Conflict, "CHASE_CLOSED");
        await (await head.PostJsonAsync($"/api/v1/incoming/assignments/{dept}/chase", new { })).ErrorAsync(HttpStatusCode.Conflict, "CHASE_CLOSED");
        Assert.Equal(2, (await TrailAsync(doc)).Count(a => a == "chased"));
    }

    [Fact]
    public async Task Reminders_BeforeAndAfterTheDeadline_AreSentOncePerDeadline()
    {
        var (doc, _, work) = await DirectedAndForwardedAsync(); // officer's deadline: in 3 days
        async Task<ReminderRun> RunAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<WorkReminders>().RunAsync(default);
        }
        int Count(List<JsonElement> ns, string kind) => ns.Count(n => n.Str("kind") == kind && n.Str("link") == $"/incoming/{doc}");

        await RunAsync();
        Assert.Equal(0, Count(await NotificationsAsync("nvan.ldld"), "due-soon")); // 3 days ahead: not yet (2 days before by default)
        app.Clock.Advance(TimeSpan.FromDays(1));
        await RunAsync();
        await RunAsync();
        Assert.Equal(1, Count(await NotificationsAsync("nvan.ldld"), "due-soon"));
        Assert.Equal(0, Count(await NotificationsAsync("lvbinh.ldld"), "due-soon")); // forwarded: the officer answers for it now

        app.Clock.Advance(TimeSpan.FromDays(3));
        await RunAsync();
        await RunAsync();
        var mine = await NotificationsAsync("nvan.ldld");
        Assert.Equal(1, Count(mine, "overdue"));
        Assert.Contains("Quá hạn", mine.First(n => n.Str("kind") == "overdue" && n.Str("link") == $"/incoming/{doc}").Str("title"));

        // Done work is not chased by the machine any more.
        using var officer = await app.ClientAsAsync("nvan.ldld", fresh: true);
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work}/complete", new { text = "Xong" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var after = await RunAsync();
        Assert.Equal(1, Count(await NotificationsAsync("nvan.ldld"), "overdue"));
        Assert.True(after.DueSoon >= 0);
    }

    [Fact]
    public async Task Notifications_AreReadByTheirOwnerOnly()
    {
        await DirectedAndForwardedAsync();
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var unread = (await (await officer.GetAsync("/api/v1/notifications?unread=true")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.NotEmpty(unread);
        var first = unread[0].Str("id");
        using var other = await app.ClientAsAsync("ttbich.ldld");
        await (await other.PostJsonAsync($"/api/v1/notifications/{first}/read", new { })).ErrorAsync(HttpStatusCode.NotFound, "NOTIFICATION_NOT_FOUND");
        (await officer.PostJsonAsync($"/api/v1/notifications/{first}/read", new { })).EnsureSuccessStatusCode();
        var count = (await (await officer.GetAsync("/api/v1/notifications/count")).JsonAsync(HttpStatusCode.OK)).GetProperty("unread").GetInt32();
        Assert.Equal(unread.Count - 1, count);
        (await officer.PostJsonAsync("/api/v1/notifications/read-all", new { })).EnsureSuccessStatusCode();
        Assert.Equal(0, (await (await officer.GetAsync("/api/v1/notifications/count")).JsonAsync(HttpStatusCode.OK)).GetProperty("unread").GetInt32());
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/notifications")).StatusCode);
    }
}

public sealed class IncomingFollowUpTestsSqlite(SqliteAppFixture f) : IncomingFollowUpTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFollowUpTestsPostgres(PostgresAppFixture f) : IncomingFollowUpTests(f), IClassFixture<PostgresAppFixture>;
