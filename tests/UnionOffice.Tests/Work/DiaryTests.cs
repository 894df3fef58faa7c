using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Work;

/// <summary>
/// The work diary through the API on both databases: a person writes their days, the system adds what they did, the
/// week closes and stays closed, the department head reads and comments, the summary counts who kept it; and who is
/// refused.
/// </summary>
public abstract class DiaryTests(AppFixture app)
{
    private DateOnly Today => Formats.Today(app.Clock);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    private async Task<JsonElement> WeekAsync(string user, string? of = null, DateOnly? week = null) =>
        await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/diary?week={Iso(week ?? Today)}" + (of is null ? "" : $"&userName={of}")))
            .JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task AWeek_IsWrittenAddedToByTheSystem_ClosedForGood_AndCommentedByTheDepartmentHead()
    {
        var week = Monday(Today).AddDays(-7); // last week: over, so it may be closed and counts in the summary
        using var officer = await app.ClientAsAsync("dvduc.ldld");
        var line = (await (await officer.PostJsonAsync("/api/v1/diary", new { day = Iso(week.AddDays(1)), text = "Dự thảo báo cáo tình hình đoàn viên quý IV." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.PostJsonAsync("/api/v1/diary", new { day = Iso(week.AddDays(2)), text = "Họp giao ban phòng." })).EnsureSuccessStatusCode();
        await (await officer.PostJsonAsync("/api/v1/diary", new { day = Iso(Today.AddDays(1)), text = "Ngày mai" })).ErrorAsync(HttpStatusCode.BadRequest, "DIARY_FUTURE");
        await (await officer.PostJsonAsync("/api/v1/diary", new { day = Iso(week), text = "  " })).ErrorAsync(HttpStatusCode.BadRequest, "DIARY_INVALID");
        (await officer.PutAsJsonAsync($"/api/v1/diary/{line}", new { text = "Dự thảo báo cáo đoàn viên quý IV, gửi trưởng ban." })).EnsureSuccessStatusCode();

        // The system writes what the person did (this week): a task reported.
        var task = (await (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync("/api/v1/tasks", new
        {
            organizationCode = "I02.36", title = "Tổng hợp kiến nghị của đoàn viên", targets = new[] { new { kind = "Lead", userName = "dvduc.ldld" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.PostJsonAsync($"/api/v1/tasks/{task}/progress", new { percent = 40, text = "Đã tổng hợp 12 kiến nghị." })).EnsureSuccessStatusCode();
        var now = await WeekAsync("dvduc.ldld");
        var system = now.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("isSystem").GetBoolean());
        Assert.Equal("Báo cáo tiến độ: Tổng hợp kiến nghị của đoàn viên – 40%: Đã tổng hợp 12 kiến nghị.", system.Str("text"));
        Assert.Equal(task, system.Str("subjectId"));
        Assert.Contains((await WeekAsync("pstoan.ldld")).GetProperty("entries").EnumerateArray(), e => e.Str("text") == "Giao nhiệm vụ: Tổng hợp kiến nghị của đoàn viên");

        // Closed: nothing changes afterwards, for anyone.
        await (await officer.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week.AddDays(14))}/close")).ErrorAsync(HttpStatusCode.BadRequest, "DIARY_FUTURE");
        (await officer.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week.AddDays(3))}/close")).EnsureSuccessStatusCode();
        await (await officer.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week)}/close")).ErrorAsync(HttpStatusCode.Conflict, "DIARY_WEEK_CLOSED");
        await (await officer.PostJsonAsync("/api/v1/diary", new { day = Iso(week.AddDays(4)), text = "Thêm sau" })).ErrorAsync(HttpStatusCode.Conflict, "DIARY_WEEK_CLOSED");
        await (await officer.PutAsJsonAsync($"/api/v1/diary/{line}", new { text = "Sửa sau" })).ErrorAsync(HttpStatusCode.Conflict, "DIARY_WEEK_CLOSED");
        await (await officer.DeleteAsync($"/api/v1/diary/{line}")).ErrorAsync(HttpStatusCode.Conflict, "DIARY_WEEK_CLOSED");
        var closed = await WeekAsync("dvduc.ldld", week: week);
        Assert.True(closed.GetProperty("closed").GetBoolean());
        Assert.False(closed.GetProperty("canEdit").GetBoolean());
        Assert.Equal(2, closed.GetProperty("entries").GetArrayLength());

        // The department head reads and comments; the other department's head and an officer of it cannot.
        var read = await WeekAsync("cthanh.ldld", "dvduc.ldld", week);
        Assert.Equal("Đặng Văn Đức", read.Str("fullName"));
        Assert.True(read.GetProperty("canComment").GetBoolean());
        using var csplHead = await app.ClientAsAsync("cthanh.ldld");
        (await csplHead.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week)}/comment", new { userName = "dvduc.ldld", text = "Tốt, cần gửi sớm hơn." })).EnsureSuccessStatusCode();
        Assert.Equal("Tốt, cần gửi sớm hơn.", (await WeekAsync("dvduc.ldld", week: week)).Str("comment"));
        foreach (var outsider in new[] { "lvbinh.ldld", "ptngoc.ldld", "htthu.ldld", "tvhung.tld" })
        {
            using var c = await app.ClientAsAsync(outsider);
            await (await c.GetAsync($"/api/v1/diary?userName=dvduc.ldld&week={Iso(week)}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await c.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week)}/comment", new { userName = "dvduc.ldld", text = "x" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        // A head reads but does not write another's lines: the line is not found for them.
        using var head = await app.ClientAsAsync("pstoan.ldld");
        await (await head.PutAsJsonAsync($"/api/v1/diary/{line}", new { text = "x" })).ErrorAsync(HttpStatusCode.NotFound, "DIARY_NOT_FOUND");
        await (await officer.PostJsonAsync($"/api/v1/diary/weeks/{Iso(week)}/comment", new { userName = "dvduc.ldld", text = "Tự khen" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // The summary of the period: who kept the diary (closed every week that reached its Friday).
        var summary = await (await head.GetAsync($"/api/v1/diary/summary?organizationCode=I02.36&departmentCode=CSPL&from={Iso(week)}&to={Iso(week.AddDays(6))}"))
            .JsonAsync(HttpStatusCode.OK);
        var duc = summary.GetProperty("people").EnumerateArray().Single(p => p.Str("userName") == "dvduc.ldld");
        Assert.True(duc.GetProperty("kept").GetBoolean());
        Assert.Equal(2, duc.GetProperty("days").GetInt32());
        var ngoc = summary.GetProperty("people").EnumerateArray().Single(p => p.Str("userName") == "ptngoc.ldld");
        Assert.False(ngoc.GetProperty("kept").GetBoolean());
        Assert.Equal(summary.GetProperty("people").EnumerateArray().Count(p => p.GetProperty("kept").GetBoolean()), summary.GetProperty("kept").GetInt32());
        var department = Assert.Single(summary.GetProperty("departments").EnumerateArray());
        Assert.Equal("Ban Chính sách – Pháp luật", department.Str("name"));
        Assert.Equal(summary.GetProperty("kept").GetInt32(), department.GetProperty("kept").GetInt32());
        var xlsx = await head.GetAsync($"/api/v1/diary/summary/export?organizationCode=I02.36&departmentCode=CSPL&from={Iso(week)}&to={Iso(week.AddDays(6))}&format=xlsx");
        var rows = ExportReader.XlsxRows(await xlsx.Content.ReadAsByteArrayAsync()).Select(r => string.Join("|", r)).ToList();
        Assert.Contains(rows, r => r.Contains("Đặng Văn Đức") && r.Contains("Có"));
        await (await csplHead.GetAsync($"/api/v1/diary/summary?organizationCode=I02.36&departmentCode=CSPL")).JsonAsync(HttpStatusCode.OK);
        await (await csplHead.GetAsync("/api/v1/diary/summary?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await officer.GetAsync("/api/v1/diary/summary?organizationCode=I02.36&departmentCode=CSPL")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task AnIncomingDocumentHandled_AndAnOutgoingDraftWritten_GoIntoTheDiaryOfWhoeverDidIt()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var doc = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ-NK",
            issuedDate = Iso(Today.AddDays(-1)), typeName = "Công văn", subject = "V/v tổng kết công tác nữ công năm 2026",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync($"/api/v1/incoming/{doc}/direct", new
        {
            direction = "Đồng chí Ngọc tham mưu.", targets = new[] { new { kind = "Lead", userName = "ptngoc.ldld" } },
        })).EnsureSuccessStatusCode();
        Assert.Contains((await WeekAsync("pstoan.ldld")).GetProperty("entries").EnumerateArray(),
            e => e.Str("text").StartsWith("Cho ý kiến chỉ đạo văn bản đến số ", StringComparison.Ordinal) && e.Str("text").EndsWith("V/v tổng kết công tác nữ công năm 2026", StringComparison.Ordinal)
                 && e.Str("scope") == "incoming" && e.Str("subjectId") == doc);
        var draft = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v tổng kết công tác nữ công năm 2026 (trả lời)", "I02");
        Assert.Contains((await WeekAsync("nvan.ldld")).GetProperty("entries").EnumerateArray(),
            e => e.Str("text") == "Tạo dự thảo văn bản đi: V/v tổng kết công tác nữ công năm 2026 (trả lời)" && e.Str("subjectId") == draft);
    }
}

public sealed class DiaryTestsSqlite(SqliteAppFixture f) : DiaryTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DiaryTestsPostgres(PostgresAppFixture f) : DiaryTests(f), IClassFixture<PostgresAppFixture>;
