using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>One document from registration to done, through clerk, head, department head and officer (API).</summary>
public abstract class IncomingWorkflowTests(AppFixture app)
{
    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    private async Task<string> RegisterAsync(string number, string urgency = "Normal", string? dueDate = null)
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var r = await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Bộ Lao động – Thương binh và Xã hội", codeNumber = number, codeNotation = "BLĐTBXH-LĐTL",
            issuedDate = Day(-1), typeName = "Công văn", subject = "V/v báo cáo tình hình lao động, việc làm quý IV", urgency, dueDate,
        })).JsonAsync(HttpStatusCode.Created);
        return r.Str("id");
    }

    [Fact]
    public async Task Lists_PutTheMostUrgentFirst_ThenTheNearestDeadline_ThenTheOldest()
    {
        var noDeadline = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}");
        var inThreeDays = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}", dueDate: Day(3));
        var tomorrow = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}", dueDate: Day(1));
        var urgent = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}", "Urgent", dueDate: Day(9));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var ids = (await InboxAsync(clerk, "to-present", 200)).Select(d => d.Str("id")).ToList();
        var mine = new[] { noDeadline, inThreeDays, tomorrow, urgent };
        Assert.Equal([urgent, tomorrow, inThreeDays, noDeadline], ids.Where(mine.Contains).ToList());
        var counts = await (await clerk.GetAsync("/api/v1/incoming/inbox/counts")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ids.Count, counts.GetProperty("toPresent").GetInt32());
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient c, string view, int take = 50) =>
        (await (await c.GetAsync($"/api/v1/incoming/inbox?view={view}&take={take}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    [Fact]
    public async Task Document_GoesFromRegistrationToDone_ThroughEveryRole_WithItsTrail()
    {
        var id = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}", "Immediate");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.Contains(await InboxAsync(clerk, "to-present"), d => d.Str("id") == id);
        (await clerk.PostJsonAsync($"/api/v1/incoming/{id}/present", new { headUserName = "pstoan.ldld" })).EnsureSuccessStatusCode();
        await (await clerk.PostJsonAsync($"/api/v1/incoming/{id}/present", new { })).ErrorAsync(HttpStatusCode.Conflict, "INCOMING_WRONG_STATUS");

        using var head = await app.ClientAsAsync("pstoan.ldld");
        var toDirect = await InboxAsync(head, "to-direct");
        Assert.Equal(id, toDirect[0].Str("id")); // Hỏa tốc first
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "x", targets = Array.Empty<object>() })).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        var twoLeads = new { direction = "Giao Văn phòng", deadline = Day(5), targets = new object[] { new { kind = "Lead", departmentCode = "VP" }, new { kind = "Lead", departmentCode = "CSPL" } } };
        var e = await (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", twoLeads)).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        Assert.Contains("đúng một đơn vị hoặc cá nhân chủ trì", e.Str("message"));
        await (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "x", targets = new object[] { new { kind = "Lead", departmentCode = "TC" } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "ASSIGNEE_OUTSIDE"); // TC is a department of the Confederation, not of Nghệ An
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Giao Văn phòng chủ trì, Ban CSPL phối hợp tham mưu báo cáo; đồng chí Bích theo dõi.",
            deadline = Day(5),
            targets = new object[]
            {
                new { kind = "Lead", departmentCode = "VP" }, new { kind = "CoHandler", departmentCode = "CSPL" },
                new { kind = "ForInformation", userName = "ttbich.ldld" },
            },
        })).EnsureSuccessStatusCode();

        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        var mine = (await InboxAsync(dh, "to-handle")).Single(d => d.Str("id") == id);
        var deptAssignment = mine.Str("assignmentId");
        await (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{deptAssignment}/forward", new { userName = "dvduc.ldld" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "FORWARD_OUTSIDE");
        await (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{deptAssignment}/forward", new { userName = "nvan.ldld", deadline = Day(9) }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DEADLINE_AFTER_PARENT");
        (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{deptAssignment}/forward", new { userName = "nvan.ldld", deadline = Day(3) })).EnsureSuccessStatusCode();

        var work = (await InboxAsync(officer, "to-handle")).Single(d => d.Str("id") == id);
        (await (await officer.GetAsync($"/api/v1/incoming/{id}")).JsonAsync(HttpStatusCode.OK)).Str("subject");
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work.Str("assignmentId")}/opinion", new { text = "Đã tổng hợp số liệu từ các CĐCS." })).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work.Str("assignmentId")}/complete", new { text = "Đã trình dự thảo báo cáo." })).EnsureSuccessStatusCode();
        await (await officer.PostJsonAsync($"/api/v1/incoming/assignments/{work.Str("assignmentId")}/complete", new { })).ErrorAsync(HttpStatusCode.Conflict, "ASSIGNMENT_CLOSED");

        var done = await (await head.GetAsync($"/api/v1/incoming/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Done", done.Str("status"));
        Assert.Contains(await InboxAsync(dh, "done"), d => d.Str("id") == id);
        using var reader = await app.ClientAsAsync("ttbich.ldld");
        Assert.Contains(await InboxAsync(reader, "for-information"), d => d.Str("id") == id);

        // Others never see it.
        using var stranger = await app.ClientAsAsync("ptngoc.ldld");
        await (await stranger.GetAsync($"/api/v1/incoming/{id}")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var otherOrgan = await app.ClientAsAsync("dvnam.tld");
        await (await otherOrgan.GetAsync($"/api/v1/incoming/{id}/trail")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");

        var trail = (await (await officer.GetAsync($"/api/v1/incoming/{id}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Str("action")).ToList();
        // Ban CSPL's part as co-handler is still open when Văn phòng finishes: the trail says so (issue 22 §5).
        Assert.Equal(["registered", "presented", "directed", "forwarded", "opinion", "completed", "co-handlers-open"], trail);
    }

    [Fact]
    public async Task CoHandler_Returns_WithAReason_AndOverdueWorkIsListed()
    {
        var id = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Ban CSPL phối hợp, đồng chí An chủ trì.", deadline = Day(1),
            targets = new object[] { new { kind = "Lead", userName = "nvan.ldld" }, new { kind = "CoHandler", departmentCode = "CSPL" } },
        })).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("cthanh.ldld");
        var a = (await InboxAsync(dh, "to-handle")).Single(d => d.Str("id") == id).Str("assignmentId");
        await (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{a}/return", new { text = " " })).ErrorAsync(HttpStatusCode.BadRequest, "INCOMING_INVALID");
        using var notMine = await app.ClientAsAsync("lvbinh.ldld");
        await (await notMine.PostJsonAsync($"/api/v1/incoming/assignments/{a}/return", new { text = "Không phải việc của tôi" })).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        (await dh.PostJsonAsync($"/api/v1/incoming/assignments/{a}/return", new { text = "Nội dung thuộc chức năng của Văn phòng." })).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(3));
        using var officer = await app.ClientAsAsync("nvan.ldld", fresh: true);
        var overdue = await InboxAsync(officer, "overdue");
        Assert.Contains(overdue, d => d.Str("id") == id && d.GetProperty("overdue").GetBoolean());
        var counts = await (await officer.GetAsync("/api/v1/incoming/inbox/counts")).JsonAsync(HttpStatusCode.OK);
        Assert.True(counts.GetProperty("overdue").GetInt32() >= 1);
    }

    [Fact]
    public async Task DeputyActingForTheHead_Directs_OnBehalfOfTheHead()
    {
        var id = await RegisterAsync($"{Random.Shared.Next(1000, 9999)}");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PostJsonAsync("/api/v1/delegations", new
        {
            toUserName = "cthanh.ldld", organizationCode = "I02.36", role = "Head", startDate = Day(0), endDate = Day(2),
        })).EnsureSuccessStatusCode();
        using var deputy = await app.ClientAsAsync("cthanh.ldld");
        (await deputy.PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Văn phòng xử lý.", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
        })).EnsureSuccessStatusCode();
        var trail = (await (await deputy.GetAsync($"/api/v1/incoming/{id}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var directed = trail.Single(t => t.Str("action") == "directed");
        Assert.Equal("cthanh.ldld", directed.Str("actorUserName"));
        Assert.Equal("pstoan.ldld", directed.Str("onBehalfOfUserName"));
    }
}

public sealed class IncomingWorkflowTestsSqlite(SqliteAppFixture f) : IncomingWorkflowTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingWorkflowTestsPostgres(PostgresAppFixture f) : IncomingWorkflowTests(f), IClassFixture<PostgresAppFixture>;

public abstract class IncomingSearchTests(AppFixture app)
{
    [Fact]
    public async Task Search_IgnoresDiacriticsAndCase_AndStaysWithinWhatThePersonMaySee()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "LĐLĐ thành phố Đà Nẵng", codeNumber = "88", codeNotation = "LĐLĐ-TG",
            issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Giấy mời", subject = "Mời dự Hội nghị điển hình tiên tiến tại Đà Nẵng",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");

        foreach (var q in new[] { "da nang", "ĐÀ NẴNG", "Đà nẵng hoi nghi", "dien hinh", "88/LĐLĐ-TG" })
        {
            var found = (await (await clerk.GetAsync($"/api/v1/incoming/search?q={Uri.EscapeDataString(q)}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray();
            Assert.Contains(found, d => d.Str("id") == id);
        }
        Assert.DoesNotContain((await (await clerk.GetAsync("/api/v1/incoming/search?q=da%20nang%20ha%20noi")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), d => d.Str("id") == id);
        using var officer = await app.ClientAsAsync("nvan.ldld");
        Assert.Empty((await (await officer.GetAsync("/api/v1/incoming/search?q=da%20nang")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        using var otherOrgan = await app.ClientAsAsync("lthoa.tld");
        Assert.Empty((await (await otherOrgan.GetAsync("/api/v1/incoming/search?q=da%20nang")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }
}

public sealed class IncomingSearchTestsSqlite(SqliteAppFixture f) : IncomingSearchTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingSearchTestsPostgres(PostgresAppFixture f) : IncomingSearchTests(f), IClassFixture<PostgresAppFixture>;
