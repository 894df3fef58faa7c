using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// A paperless meeting in a phone-sized Chromium: the member opens the released material, drawn page by page by the
/// viewer with his name marked on it, gives his opinion on the draft, checks in and votes from the phone; the page fits
/// the screen's width. After the meeting the office drafts the minutes from the meeting's page on a tablet.
/// </summary>
public sealed class MeetingFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AMember_ReadsTheMaterialAndVotes_OnAPhone()
    {
        // Prepared by the office through the API: a meeting, convened, a material released, under way, a vote open.
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(2);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/meetings", new
        {
            organizationCode = "I02.36", body = "BanThuongVu", title = "Hội nghị Ban Thường vụ tháng 12", startsAt = $"{day:yyyy-MM-dd}T08:00:00+07:00",
            endsAt = $"{day:yyyy-MM-dd}T10:00:00+07:00", presidingUserName = "pstoan.ldld", members = new[] { "nvan.ldld" },
        })).JsonAsync(System.Net.HttpStatusCode.Created)).Str("id");
        (await clerk.PostJsonAsync($"/api/v1/meetings/{id}/convene")).EnsureSuccessStatusCode();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Outgoing.OutgoingFlowTests.DraftPdf("Dự thảo chương trình công tác năm 2027")), "file", "chuong-trinh.pdf" },
            { new StringContent("Dự thảo chương trình công tác năm 2027"), "title" }, { new StringContent("true"), "forOpinion" },
        };
        var material = (await (await clerk.PostAsync($"/api/v1/meetings/{id}/materials", form)).JsonAsync(System.Net.HttpStatusCode.Created)).Str("id");
        (await clerk.PostJsonAsync($"/api/v1/meetings/{id}/materials/{material}/release")).EnsureSuccessStatusCode();
        (await clerk.PostJsonAsync($"/api/v1/meetings/{id}/start")).EnsureSuccessStatusCode();
        (await clerk.PostJsonAsync($"/api/v1/meetings/{id}/votes", new { question = "Thông qua chương trình công tác năm 2027", secret = true })).EnsureSuccessStatusCode();

        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "nvan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/meetings/{id}");
        await page.Locator("#materials").GetByRole(AriaRole.Link, new() { Name = "Dự thảo chương trình công tác năm 2027" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pdf-viewer")).ToHaveAttributeAsync("data-ready", "true");
        Assert.True(await page.Locator("#pdf-viewer canvas[data-rendered=true]").CountAsync() >= 1);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the material's page scrolls sideways on a phone");
        // What the viewer drew is the marked file: the reader's name on the page.
        var served = await page.Context.APIRequest.GetAsync($"{app.BaseUrl}/meetings/{id}/materials/{material}/file");
        Assert.Contains("Tài liệu họp – Nguyễn Văn An", ExportReader.PdfText(await served.BodyAsync()));
        await app.ShotAsync(page, "meeting-material-phone");
        // His opinion on the draft, from the phone.
        await page.Locator("#opinion-form textarea[name=opinion]").FillAsync("Đề nghị bổ sung chỉ tiêu phát triển đoàn viên.");
        await page.Locator("#opinion-form").GetByRole(AriaRole.Button, new() { Name = "Gửi ý kiến" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.alert.ok")).ToContainTextAsync("Đã gửi ý kiến góp ý.");
        await Assertions.Expect(page.Locator("#opinion-form textarea[name=opinion]")).ToHaveValueAsync("Đề nghị bổ sung chỉ tiêu phát triển đoàn viên.");

        await page.GotoAsync($"{app.BaseUrl}/meetings/{id}");
        await page.Locator("#respond").GetByRole(AriaRole.Button, new() { Name = "Điểm danh có mặt" }).ClickAsync();
        await Assertions.Expect(page.Locator("#quorum")).ToContainTextAsync("1/1 ủy viên");
        await page.Locator("section.vote").GetByRole(AriaRole.Button, new() { Name = "Tán thành", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section.vote")).ToContainTextAsync("Bạn đã biểu quyết.");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the meeting's page scrolls sideways on a phone");
        await app.ShotAsync(page, "meeting-vote-phone");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(page));
        Assert.Empty(violations);

        // After it: the office closes it and drafts the minutes from the meeting's page, on a tablet.
        var vote = (await (await clerk.GetAsync($"/api/v1/meetings/{id}")).JsonAsync(System.Net.HttpStatusCode.OK)).GetProperty("votes")[0].Str("id");
        (await clerk.PostJsonAsync($"/api/v1/meetings/votes/{vote}/close")).EnsureSuccessStatusCode();
        (await clerk.PostJsonAsync($"/api/v1/meetings/{id}/close")).EnsureSuccessStatusCode();
        await using var tablet = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 820, Height = 1180 }, HasTouch = true });
        var office = await tablet.NewPageAsync();
        var officeViolations = BrowserFixture.PolicyViolations(office);
        await app.SignInAsync(office, "htthu.ldld");
        await office.GotoAsync($"{app.BaseUrl}/meetings/{id}");
        await Assertions.Expect(office.Locator("#materials")).ToContainTextAsync("Xin ý kiến: 1 ý kiến");
        await office.Locator("#minutes-form textarea[name=text]").FillAsync("Thống nhất thông qua chương trình công tác năm 2027.");
        await office.Locator("#minutes-form").GetByRole(AriaRole.Button, new() { Name = "Soạn biên bản" }).ClickAsync();
        await Assertions.Expect(office.Locator("#papers li")).ToContainTextAsync("Biên bản: Hội nghị Ban Thường vụ: Hội nghị Ban Thường vụ tháng 12");
        await Assertions.Expect(office.Locator("#papers li")).ToContainTextAsync("Đang soạn thảo");
        await app.ShotAsync(office, "meeting-papers-tablet");
        Assert.Empty(await BrowserFixture.AccessibilityProblemsAsync(office));
        Assert.Empty(officeViolations);
    }
}
