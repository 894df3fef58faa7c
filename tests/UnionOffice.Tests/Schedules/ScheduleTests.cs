using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Schedules;

/// <summary>
/// The leaders' weekly schedule through the API on both databases (issue 19, first slice): the office registers, a
/// department's head proposes and the office takes it in, conflicts are warned of, the head approves and publishes, the
/// organ sees it only then, changes and a cancellation after publication are marked and told, a room's booking is decided
/// by its approver, the week is printed, and calendar subscriptions are read by a standard iCalendar reader (Ical.Net) —
/// revoked, they stop.
/// </summary>
public abstract class ScheduleTests(AppFixture app)
{
    private const string Clerk = "htthu.ldld", Head = "pstoan.ldld", Officer = "nvan.ldld", CsplHead = "cthanh.ldld", VpHead = "lvbinh.ldld";

    private async Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) =>
        await (await app.ClientAsAsync(user)).PostJsonAsync(url, body ?? new { });

    private async Task<JsonElement> WeekAsync(string user, DateOnly monday) =>
        await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/schedules/week?organizationCode=I02.36&week={monday:yyyy-MM-dd}")).JsonAsync(HttpStatusCode.OK);

    private static string At(DateOnly day, int hour, int minute = 0) => $"{day:yyyy-MM-dd}T{hour:00}:{minute:00}:00+07:00";

    [Fact]
    public async Task AWeek_IsRegisteredProposedApprovedPublishedChanged_AndSubscribedToFromACalendar()
    {
        // A week ahead, within what calendars are given (120 days); the tag tells this test's engagements from others'.
        var monday = UnionOffice.Modules.Schedules.ScheduleWeek.MondayOf(Formats.Today(app.Clock)).AddDays(7 * Random.Shared.Next(2, 15));
        var tag = Guid.NewGuid().ToString("N")[..6];

        // A meeting room of the organ with its approver: the office declares it.
        await (await PostAsync(Officer, "/api/v1/schedules/resources", new { organizationCode = "I02.36", kind = "Room", name = "Phòng họp", approverUserName = VpHead }))
            .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var room = (await (await PostAsync(Clerk, "/api/v1/schedules/resources", new { organizationCode = "I02.36", kind = "Room", name = $"Phòng họp tầng 3 {tag}", approverUserName = VpHead }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");

        // The office registers; a clash with the same leader and the same room is warned of, not refused.
        await (await PostAsync(Clerk, "/api/v1/schedules/events", new { organizationCode = "I02.36", startsAt = At(monday, 10), endsAt = At(monday, 8), content = "Họp" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "SCHEDULE_INVALID");
        var a = await (await PostAsync(Clerk, "/api/v1/schedules/events", new
        {
            organizationCode = "I02.36", startsAt = At(monday, 8), endsAt = At(monday, 11), content = $"Hội nghị Ban Chấp hành mở rộng {tag}", roomId = room,
            presiding = new[] { Head }, attendees = new[] { Officer }, departments = new[] { "CSPL" }, preparingDepartmentCode = "VP", guests = "Đại diện Sở Lao động",
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Empty(a.GetProperty("conflicts").EnumerateArray());
        var b = await (await PostAsync(Clerk, "/api/v1/schedules/events", new
        {
            organizationCode = "I02.36", startsAt = At(monday, 9, 30), endsAt = At(monday, 10, 30), content = $"Tiếp đoàn công tác {tag}", roomId = room, presiding = new[] { Head },
        })).JsonAsync(HttpStatusCode.Created);
        var conflicts = b.GetProperty("conflicts").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains(conflicts, c => c.StartsWith("Đ/c Phan Song Toàn đã có lịch") && c.Contains("Hội nghị Ban Chấp hành mở rộng"));
        Assert.Contains(conflicts, c => c.StartsWith($"Phòng họp Phòng họp tầng 3 {tag} đã được đặt"));
        await (await PostAsync(Clerk, "/api/v1/schedules/events", new { organizationCode = "I02.36", startsAt = At(monday, 14), endsAt = At(monday, 15), content = "Họp", presiding = new[] { "ntlan.tld" } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "SCHEDULE_PERSON_UNKNOWN");

        // A department's head proposes; an officer may not; the office is told and takes it in.
        await (await PostAsync(Officer, "/api/v1/schedules/events", new { organizationCode = "I02.36", startsAt = At(monday, 14), endsAt = At(monday, 16), content = "Đề xuất" }))
            .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var c = (await (await PostAsync(CsplHead, "/api/v1/schedules/events", new
        {
            organizationCode = "I02.36", startsAt = At(monday.AddDays(2), 14), endsAt = At(monday.AddDays(2), 16), content = $"Làm việc với Công đoàn khu công nghiệp {tag}",
            presiding = new[] { "ntphuong.ldld" },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Contains(await app.NotificationsAsync(Clerk), n => n.Str("kind") == "schedule-proposed" && n.Str("title").Contains(tag));

        // Before publication: the organ sees nothing; the proposing head sees the proposal; the office sees everything.
        Assert.Empty((await WeekAsync(Officer, monday)).GetProperty("events").EnumerateArray());
        Assert.Equal([c], (await WeekAsync(CsplHead, monday)).GetProperty("events").EnumerateArray().Select(e => e.Str("id")).ToArray());
        Assert.Equal(3, (await WeekAsync(Clerk, monday)).GetProperty("events").GetArrayLength());
        (await PostAsync(Clerk, $"/api/v1/schedules/events/{c}/accept")).EnsureSuccessStatusCode();
        await (await PostAsync(Clerk, $"/api/v1/schedules/events/{c}/accept")).ErrorAsync(HttpStatusCode.Conflict, "SCHEDULE_NOT_PROPOSED");

        // The head approves and publishes; the office may not; twice is refused.
        await (await PostAsync(Clerk, "/api/v1/schedules/weeks/approve", new { organizationCode = "I02.36", weekStart = monday.ToString("yyyy-MM-dd") }))
            .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(Head, "/api/v1/schedules/weeks/approve", new { organizationCode = "I02.36", weekStart = monday.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, "/api/v1/schedules/weeks/approve", new { organizationCode = "I02.36", weekStart = monday.ToString("yyyy-MM-dd") }))
            .ErrorAsync(HttpStatusCode.Conflict, "SCHEDULE_PUBLISHED");
        Assert.Contains(await app.NotificationsAsync(Officer), n => n.Str("kind") == "schedule-published" && n.Str("link").Contains(monday.ToString("yyyy-MM-dd")));
        var seen = await WeekAsync(Officer, monday);
        Assert.Equal("Published", seen.Str("status"));
        Assert.False(seen.GetProperty("isPublic").GetBoolean());
        Assert.Equal(3, seen.GetProperty("events").GetArrayLength());
        var first = seen.GetProperty("events")[0];
        Assert.Equal("Phan Song Toàn", first.GetProperty("presiding")[0].Str("fullName"));
        Assert.Contains("Ban Chính sách – Pháp luật", first.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync($"/api/v1/schedules/week?organizationCode=I02.36&week={monday:yyyy-MM-dd}"))
            .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // After publication: a change and a cancellation are marked and told to those concerned.
        (await (await app.ClientAsAsync(Clerk)).PutJsonAsync($"/api/v1/schedules/events/{a.Str("id")}", new
        {
            organizationCode = "I02.36", startsAt = At(monday, 13, 30), endsAt = At(monday, 16), content = $"Hội nghị Ban Chấp hành mở rộng {tag}", roomId = room,
            presiding = new[] { Head }, attendees = new[] { Officer }, departments = new[] { "CSPL" }, preparingDepartmentCode = "VP",
        })).EnsureSuccessStatusCode();
        Assert.Contains(await app.NotificationsAsync(Officer), n => n.Str("kind") == "schedule-changed" && n.Str("title").StartsWith("Thay đổi lịch công tác 13:30"));
        await (await PostAsync(Officer, $"/api/v1/schedules/events/{b.Str("id")}/cancel", new { reason = "Đoàn hoãn" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync(Clerk, $"/api/v1/schedules/events/{b.Str("id")}/cancel", new { reason = "Đoàn công tác hoãn chuyến" })).EnsureSuccessStatusCode();
        var after = (await WeekAsync(Officer, monday)).GetProperty("events").EnumerateArray().ToDictionary(e => e.Str("id"));
        Assert.True(after[a.Str("id")].GetProperty("changed").GetBoolean());
        Assert.Equal("Cancelled", after[b.Str("id")].Str("status"));

        // The room's approver decides its bookings; a refusal needs a reason; nobody else decides.
        var bookings = (await (await (await app.ClientAsAsync(VpHead)).GetAsync("/api/v1/schedules/bookings")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(x => x.Str("resource").EndsWith(tag)).ToList();
        Assert.Equal(2, bookings.Count);
        await (await PostAsync(Clerk, $"/api/v1/schedules/bookings/{bookings[0].Str("id")}/decide", new { approve = true })).ErrorAsync(HttpStatusCode.NotFound, "SCHEDULE_BOOKING_NOT_FOUND");
        await (await PostAsync(VpHead, $"/api/v1/schedules/bookings/{bookings[0].Str("id")}/decide", new { approve = false })).ErrorAsync(HttpStatusCode.BadRequest, "SCHEDULE_INVALID");
        (await PostAsync(VpHead, $"/api/v1/schedules/bookings/{bookings[0].Str("id")}/decide", new { approve = true })).EnsureSuccessStatusCode();

        // Printed in the usual layout.
        var pdf = ExportReader.PdfText(await (await (await app.ClientAsAsync(Officer)).GetAsync($"/api/v1/schedules/export?organizationCode=I02.36&week={monday:yyyy-MM-dd}&format=pdf"))
            .Content.ReadAsByteArrayAsync());
        Assert.Contains("LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO", pdf);
        Assert.Contains($"Thứ Hai, {monday:dd/MM/yyyy}", pdf);
        Assert.Contains("[HỦY] Tiếp đoàn công tác", pdf);
        Assert.Contains("13:30 – 16:00", pdf);

        // Calendar subscriptions: read by a standard iCalendar reader, without signing in; revoked, they stop.
        var mine = await (await PostAsync(Officer, "/api/v1/schedules/feeds", new { })).JsonAsync(HttpStatusCode.OK);
        var organ = await (await PostAsync(Head, "/api/v1/schedules/feeds", new { organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.OK);
        await (await PostAsync("lthoa.tld", "/api/v1/schedules/feeds", new { organizationCode = "I02.36" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync(new Uri(mine.Str("url")).PathAndQuery);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var calendar = Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
        // His own: the conference he attends; not the visit or the meeting he is no part of.
        var conference = Assert.Single(calendar.Events, e => e.Summary?.Contains(tag) == true);
        Assert.StartsWith("Hội nghị", conference.Summary);
        Assert.Equal(new DateTimeOffset(monday.ToDateTime(new TimeOnly(13, 30)), TimeSpan.FromHours(7)).UtcDateTime, conference.DtStart!.AsUtc);
        Assert.Contains("Chủ trì: Phan Song Toàn", conference.Description);
        Assert.Equal($"Phòng họp tầng 3 {tag}", conference.Location);
        var organFeed = Ical.Net.Calendar.Load(await anonymous.GetStringAsync(new Uri(organ.Str("url")).PathAndQuery))!;
        var cancelled = organFeed.Events.Single(e => e.Summary == $"Tiếp đoàn công tác {tag}");
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Contains(organFeed.Events, e => e.Summary == $"Làm việc với Công đoàn khu công nghiệp {tag}");

        var feeds = (await (await (await app.ClientAsAsync(Officer)).GetAsync("/api/v1/schedules/feeds")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(feeds, f => f.Str("id") == mine.Str("id") && f.Str("scope") == "Lịch của tôi");
        Assert.DoesNotContain(JsonSerializer.Serialize(feeds), new Uri(mine.Str("url")).Segments[^1]); // the secret is shown once only
        await (await (await app.ClientAsAsync(Head)).DeleteAsync($"/api/v1/schedules/feeds/{mine.Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "CALENDAR_FEED_NOT_FOUND");
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ClientAsAsync(Officer)).DeleteAsync($"/api/v1/schedules/feeds/{mine.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(mine.Str("url")).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/lich/khong-phai-lien-ket-that-0123456789.ics")).StatusCode);
    }
}

public sealed class ScheduleTestsSqlite(SqliteAppFixture f) : ScheduleTests(f), IClassFixture<SqliteAppFixture>;
public sealed class ScheduleTestsPostgres(PostgresAppFixture f) : ScheduleTests(f), IClassFixture<PostgresAppFixture>;
