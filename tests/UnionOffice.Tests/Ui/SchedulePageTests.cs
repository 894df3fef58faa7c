using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// The schedule's page with the session cookie: the office registers an engagement with dd/MM/yyyy and 24-hour times
/// (a clash warned of), the head approves the week from the page, an officer then sees it; the office edits an engagement
/// from the page after publication and the change is marked; a wrong time is refused in Vietnamese; a calendar link is
/// made and shown once.
/// </summary>
public abstract class SchedulePageTests(AppFixture app)
{
    [Fact]
    public async Task TheOfficeRegisters_TheHeadApproves_AndTheOrganSeesTheWeek_ThroughThePage()
    {
        var monday = UnionOffice.Modules.Schedules.ScheduleWeek.MondayOf(Formats.Today(app.Clock)).AddDays(7 * Random.Shared.Next(20, 400));
        var page = $"/schedule?organizationCode=I02.36&week={monday:yyyy-MM-dd}";
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var r = await clerk.SubmitAsync(page, "create", new() { ["date"] = $"{monday:dd/MM/yyyy}", ["start"] = "8h", ["end"] = "10:00", ["content"] = "Họp" });
        Assert.Contains("không hợp lệ: nhập theo dạng giờ:phút, 24 giờ", await r.Content.ReadAsStringAsync());
        r = await clerk.SubmitAsync(page, "create", new()
        {
            ["date"] = $"{monday:dd/MM/yyyy}", ["start"] = "08:00", ["end"] = "10:30", ["content"] = $"Giao ban lãnh đạo {tag}", ["presiding"] = "pstoan.ldld", ["place"] = "Phòng khách",
        });
        Assert.Contains("Đã đăng ký hoạt động.", await r.Content.ReadAsStringAsync());
        r = await clerk.SubmitAsync(page, "create", new()
        {
            ["date"] = $"{monday:dd/MM/yyyy}", ["start"] = "09:00", ["end"] = "09:30", ["content"] = $"Tiếp khách {tag}", ["presiding"] = "pstoan.ldld",
        });
        var doc = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Contains("Đ/c Phan Song Toàn đã có lịch", doc.QuerySelector("#conflicts")!.TextContent);

        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var before = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync(page)).Content.ReadAsStringAsync());
        Assert.Contains("chưa được duyệt", before.QuerySelector("#week-empty")!.TextContent);
        Assert.Null(before.QuerySelector("#event-form"));

        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        r = await head.SubmitAsync(page, "approve", []);
        Assert.Contains("Đã duyệt và ban hành lịch công tác tuần.", await r.Content.ReadAsStringAsync());
        var after = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync(page)).Content.ReadAsStringAsync());
        Assert.Equal("Đã duyệt, ban hành", after.QuerySelector("#week-status")!.TextContent);
        Assert.Contains($"Giao ban lãnh đạo {tag}", after.QuerySelector("table.schedule-day")!.TextContent);
        Assert.Contains("08:00 – 10:30", after.QuerySelector("table.schedule-day")!.TextContent);

        // Edited from the page after publication: the form filled with it, the change marked for the organ.
        var editLink = after.QuerySelectorAll("a").FirstOrDefault(a => a.GetAttribute("aria-label") == $"Sửa: Giao ban lãnh đạo {tag}");
        Assert.Null(editLink); // an officer edits nothing
        var office = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync(page)).Content.ReadAsStringAsync());
        var edit = office.QuerySelectorAll("a").Single(a => a.GetAttribute("aria-label") == $"Sửa: Giao ban lãnh đạo {tag}").GetAttribute("href")!.Split('#')[0];
        var form = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync(edit)).Content.ReadAsStringAsync());
        Assert.Equal("Sửa hoạt động", form.QuerySelector("#event-form")!.ParentElement!.QuerySelector("h2")!.TextContent);
        Assert.Equal("08:00", form.QuerySelector("#event-form input[name=start]")!.GetAttribute("value"));
        Assert.Equal($"Giao ban lãnh đạo {tag}", form.QuerySelector("#event-form input[name=content]")!.GetAttribute("value"));
        r = await clerk.SubmitAsync(edit, "create", new()
        {
            ["date"] = $"{monday:dd/MM/yyyy}", ["start"] = "14:00", ["end"] = "15:30", ["content"] = $"Giao ban lãnh đạo {tag}", ["presiding"] = "pstoan.ldld", ["place"] = "Phòng khách",
        });
        Assert.Contains("Đã sửa hoạt động.", await r.Content.ReadAsStringAsync());
        var changed = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync(page)).Content.ReadAsStringAsync()).QuerySelector("table.schedule-day")!.TextContent;
        Assert.Contains("14:00 – 15:30", changed);
        Assert.Contains("[Thay đổi]", changed);

        r = await officer.SubmitAsync(page, "feed-mine", []);
        var created = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        var url = created.QuerySelector("#feed-created code")!.TextContent;
        Assert.Matches("/lich/[A-Za-z0-9_-]{40,}\\.ics$", url);
        Assert.DoesNotContain(url, await (await officer.Client.GetAsync(page)).Content.ReadAsStringAsync());
    }

    /// <summary>Nothing is public by default: the organ's public page shows a week only when the head approved it as public, and never who attends.</summary>
    [Fact]
    public async Task ThePublicPage_ShowsOnlyWeeksTheHeadMadePublic()
    {
        var monday = UnionOffice.Modules.Schedules.ScheduleWeek.MondayOf(Formats.Today(app.Clock));
        var tag = Guid.NewGuid().ToString("N")[..6];
        async Task EventAsync(DateOnly day, string content) =>
            await (await (await app.ClientAsAsync("lthoa.tld")).PostJsonAsync("/api/v1/schedules/events", new
            {
                organizationCode = "I02", startsAt = $"{day:yyyy-MM-dd}T08:00:00+07:00", endsAt = $"{day:yyyy-MM-dd}T09:00:00+07:00", content,
                presiding = new[] { "tvhung.tld" }, attendees = new[] { "ntlan.tld" },
            })).JsonAsync(HttpStatusCode.Created);
        await EventAsync(monday.AddDays(1), $"Làm việc nội bộ {tag}");
        await EventAsync(monday.AddDays(8), $"Dự Đại hội Công đoàn ngành {tag}");
        using var head = await app.ClientAsAsync("tvhung.tld");
        (await head.PostJsonAsync("/api/v1/schedules/weeks/approve", new { organizationCode = "I02", weekStart = monday.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        (await head.PostJsonAsync("/api/v1/schedules/weeks/approve", new { organizationCode = "I02", weekStart = monday.AddDays(7).ToString("yyyy-MM-dd"), isPublic = true }))
            .EnsureSuccessStatusCode();

        using var anonymous = new UiSession(app);
        var html = await (await anonymous.Client.GetAsync("/cong-khai/I02/lich-cong-tac")).Content.ReadAsStringAsync();
        Assert.Contains($"Dự Đại hội Công đoàn ngành {tag}", html);
        Assert.Contains("Trần Văn Hùng", html);
        Assert.DoesNotContain($"Làm việc nội bộ {tag}", html);
        Assert.DoesNotContain("Nguyễn Thị Lan", html);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.Client.GetAsync("/cong-khai/KHONG-CO/lich-cong-tac")).StatusCode);
    }
}

public sealed class SchedulePageTestsSqlite(SqliteAppFixture f) : SchedulePageTests(f), IClassFixture<SqliteAppFixture>;
