using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// A task walked through the pages in Chromium: the head gives it to Văn phòng by name, the department's head passes it
/// to an officer, the officer reports on a phone, the department's head accepts the officer's work and reports up, the
/// head accepts; the officer's diary shows what he did, and the supervision page counts it.
/// </summary>
public sealed class TaskFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static string Day(int n) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(n)).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ATask_IsGivenPassedDownReportedAndAccepted_ThroughThePages()
    {
        const string title = "Chuẩn bị báo cáo sơ kết công tác nữ công 6 tháng";
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" }); // dates read dd/MM/yyyy whatever the browser's language
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);

        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/tasks");
        await page.Locator("#give-task").ClickAsync();
        var form = page.Locator("#give-form");
        await form.GetByLabel("Tên nhiệm vụ").FillAsync(title);
        await form.GetByLabel("Nội dung, yêu cầu").FillAsync("Tổng hợp số liệu của các công đoàn cơ sở, dự thảo báo cáo.");
        await form.GetByLabel("Thời hạn").FillAsync(Day(6));
        await form.GetByLabel("Chủ trì").SelectOptionAsync(new SelectOptionValue { Label = "Văn phòng" });
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "Trần Thị Bích" }).Last.CheckAsync(); // để biết
        await form.GetByRole(AriaRole.Button, new() { Name = "Giao nhiệm vụ" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã giao nhiệm vụ.");
        await Expect(page.Locator("#task-summary")).ToContainTextAsync(Day(6));
        var taskUrl = page.Url.Split('?')[0];
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "lvbinh.ldld");
        await page.GotoAsync($"{app.BaseUrl}/tasks");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var sub = page.Locator("#subtask-form");
        await sub.GetByLabel("Người thực hiện").SelectOptionAsync(new SelectOptionValue { Label = "Nguyễn Văn An" });
        await sub.GetByLabel("Thời hạn").FillAsync(Day(4));
        await sub.GetByRole(AriaRole.Button, new() { Name = "Giao tiếp" }).ClickAsync();
        await Expect(page.Locator("#task-subtasks")).ToContainTextAsync("Nguyễn Văn An");
        await BrowserFixture.SignOutAsync(page);

        // The officer reports from his phone.
        await using var phone = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "vi-VN" });
        var mobile = await phone.NewPageAsync();
        var mobileViolations = BrowserFixture.PolicyViolations(mobile);
        await app.SignInAsync(mobile, "nvan.ldld");
        await mobile.GotoAsync($"{app.BaseUrl}/tasks");
        await mobile.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
        Assert.Equal(0, await mobile.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"));
        var progress = mobile.Locator("#progress-form");
        await progress.GetByLabel("Tiến độ (%)").FillAsync("60");
        await progress.GetByLabel("Nội dung báo cáo").FillAsync("Đã có số liệu của 20/35 công đoàn cơ sở.");
        await progress.GetByRole(AriaRole.Button, new() { Name = "Báo cáo tiến độ" }).ClickAsync();
        await Expect(mobile.Locator(".alert.ok")).ToContainTextAsync("Đã báo cáo tiến độ.");
        var done = mobile.Locator("#report-done-form");
        await done.GetByLabel("Kết quả thực hiện").FillAsync("Đã gửi dự thảo báo cáo cho trưởng phòng.");
        await done.GetByRole(AriaRole.Button, new() { Name = "Báo cáo hoàn thành" }).ClickAsync();
        await Expect(mobile.Locator("#task-status")).ToHaveTextAsync("Chờ đánh giá");
        await app.ShotAsync(mobile, "task-officer-phone");
        await mobile.GotoAsync($"{app.BaseUrl}/diary");
        await Expect(mobile.Locator("#diary-days")).ToContainTextAsync($"Báo cáo hoàn thành: {title}");
        Assert.Empty(mobileViolations);

        await app.SignInAsync(page, "lvbinh.ldld");
        await page.GotoAsync($"{app.BaseUrl}/tasks?view=to-evaluate");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.Locator("#evaluate-form").GetByRole(AriaRole.Button, new() { Name = "Đạt – hoàn thành" }).ClickAsync();
        await Expect(page.Locator("#task-status")).ToContainTextAsync("Hoàn thành");
        await page.GotoAsync(taskUrl);
        var up = page.Locator("#report-done-form");
        await up.GetByLabel("Kết quả thực hiện").FillAsync("Văn phòng đã trình dự thảo báo cáo sơ kết.");
        await up.GetByRole(AriaRole.Button, new() { Name = "Báo cáo hoàn thành" }).ClickAsync();
        await Expect(page.Locator("#task-status")).ToHaveTextAsync("Chờ đánh giá");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync(taskUrl);
        await page.Locator("#evaluate-form").GetByRole(AriaRole.Button, new() { Name = "Đạt – hoàn thành" }).ClickAsync();
        await Expect(page.Locator("#task-status")).ToHaveTextAsync("Hoàn thành – đúng hạn");
        await Expect(page.Locator("#task-trail")).ToContainTextAsync("Đánh giá: đạt, hoàn thành");
        await page.GotoAsync($"{app.BaseUrl}/tasks/supervision");
        await Expect(page.Locator("#supervision-table")).ToContainTextAsync("Văn phòng");
        await app.ShotAsync(page, "task-supervision");
        Assert.Empty(violations); // nothing the Content-Security-Policy blocked
    }

    [Fact]
    public async Task AHead_DraftsAndIssuesAPlan_ItsItemsBecomeTasks_AndReadsTheDiarySummary_ThroughThePages()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" /* an English browser: dates are still typed and shown dd/MM/yyyy (issue 22 §1) */ });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        var year = DateTime.UtcNow.AddHours(7).Year;
        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/plans");
        var form = page.Locator("#plan-form");
        await form.GetByLabel("Tên kế hoạch").FillAsync($"Kế hoạch công tác năm {year} (thử)");
        await form.GetByLabel("Năm", new() { Exact = true }).FillAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var item = form.Locator(".plan-item").First;
        await item.GetByLabel("Mục 1").FillAsync("Báo cáo tháng về tình hình đoàn viên");
        await item.GetByLabel("Chủ trì").SelectOptionAsync(new SelectOptionValue { Label = "Văn phòng" });
        await item.GetByLabel("Lặp lại").SelectOptionAsync("Monthly");
        await item.GetByLabel("Ngày đến hạn trong tháng").FillAsync("28");
        var second = form.Locator(".plan-item").Nth(1);
        await second.GetByLabel("Mục 2").FillAsync("Tổng kết năm");
        await second.GetByLabel("Chủ trì").SelectOptionAsync(new SelectOptionValue { Label = "Ban Chính sách – Pháp luật" });
        await second.GetByLabel("Thời hạn").FillAsync($"31/12/{year}");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lưu dự thảo kế hoạch" }).ClickAsync();
        await Expect(page.Locator("#plan-status")).ToHaveTextAsync("Dự thảo");
        await page.Locator("#plan-issue").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã ban hành kế hoạch, giao");
        await Expect(page.Locator("#plan-items")).ToContainTextAsync("31/12/" + year);
        await page.GotoAsync($"{app.BaseUrl}/diary/summary");
        await Expect(page.Locator("#kept-share")).ToContainTextAsync("thực hiện nhật ký công việc");
        await Expect(page.Locator("#diary-summary")).ToContainTextAsync("Nguyễn Văn An");
        Assert.Empty(violations);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
