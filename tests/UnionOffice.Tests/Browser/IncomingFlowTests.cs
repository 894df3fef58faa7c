using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>One incoming document walked through the pages by clerk, head, department head and officer.</summary>
public sealed class IncomingFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Document_IsRegisteredPresentedDirectedForwardedAndDone_ThroughThePages()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" /* an English browser: dates are still typed and shown dd/MM/yyyy (issue 22 §1) */ });
        var page = await context.NewPageAsync();
        var violations1 = BrowserFixture.PolicyViolations(page);

        // A scanned PDF as a scanner writes it (no text layer), of a typeset administrative document.
        var scan = (await UnionOffice.Tests.Recognition.TestScans.GetAsync(2)).First(s => s.ScanContentType == "application/pdf");
        var notation = $"{scan.Truth.CodeNumber}/{scan.Truth.CodeNotation}";
        var subject = scan.Truth.Subject;
        var issued = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(-1));
        if (scan.Truth.IssuedOn < issued) issued = scan.Truth.IssuedOn;

        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming/new");
        // "Đọc từ bản quét": OCR proposes the fields; the clerk checks and corrects them.
        await page.Locator("#recognize-scan input[name=scan]").SetInputFilesAsync(new FilePayload { Name = "ban-quet.pdf", MimeType = "application/pdf", Buffer = scan.Scan });
        await page.GetByRole(AriaRole.Button, new() { Name = "Đọc từ bản quét", Exact = true }).ClickAsync();
        var form = page.Locator("#register-incoming");
        await Expect(form.GetByLabel("Số", new() { Exact = true })).Not.ToHaveValueAsync("");
        await app.ShotAsync(page, "5a-incoming-scan-read");
        await form.GetByLabel("Cơ quan ban hành", new() { Exact = true }).FillAsync(string.Join(" ", scan.Truth.IssuerLines));
        await form.GetByLabel("Số", new() { Exact = true }).FillAsync(scan.Truth.CodeNumber);
        await form.GetByLabel("Ký hiệu", new() { Exact = true }).FillAsync(scan.Truth.CodeNotation);
        await form.GetByLabel("Ngày văn bản").FillAsync(issued.ToString("dd/MM/yyyy")); // typed as written here, whatever the browser's language
        await form.GetByLabel("Loại văn bản").FillAsync(scan.Truth.TypeName);
        await form.GetByLabel("Trích yếu nội dung").FillAsync(subject);
        await form.GetByLabel("Độ khẩn").SelectOptionAsync("Urgent");
        // The scan read is kept for the registration: the form says so and does not ask for the file again (issue 22 §7),
        // and "Đăng ký và trình" registers and presents to the chosen head in one step.
        await Expect(form.Locator("#kept-scan")).ToContainTextAsync("ban-quet.pdf");
        await form.GetByLabel("Trình lãnh đạo").SelectOptionAsync(new SelectOptionValue { Label = "Phan Song Toàn – Chủ tịch" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Đăng ký và trình" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("và đã trình lãnh đạo");
        var url = page.Url;
        await Expect(page.Locator("#files")).ToContainTextAsync("ban-quet.pdf");
        // The file opens inside the page (pdf.js), drawn to a canvas that is not blank.
        await page.Locator("#files a", new() { HasTextString = "ban-quet.pdf" }).ClickAsync();
        await Expect(page.Locator("#pdf-viewer")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator(".pdf-status")).ToHaveTextAsync("1 trang");
        var inked = await page.EvaluateAsync<int>(@"() => {
            const c = document.querySelector('#pdf-viewer canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let dark = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 1] < 128 && d[i + 2] < 128) dark++;
            return dark;
        }");
        Assert.True(inked > 100, $"the rendered page has {inked} dark pixels");
        await app.ShotAsync(page, "6a-incoming-file-viewer");
        await page.GotoAsync(url);
        await Expect(page.Locator("#trail")).ToContainTextAsync("Trình Phan Song Toàn");
        await app.ShotAsync(page, "6-incoming-registered");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming?view=to-direct");
        await page.GetByRole(AriaRole.Link, new() { Name = notation }).ClickAsync();
        var direct = page.Locator("#direct-form");
        await direct.GetByLabel("Ý kiến chỉ đạo").FillAsync("Giao Văn phòng chủ trì tham mưu kế hoạch; Ban CSPL phối hợp.");
        await direct.GetByLabel("Thời hạn giải quyết").FillAsync(Day(7));
        await direct.GetByLabel("Chủ trì").SelectOptionAsync("dept:VP");
        await direct.GetByRole(AriaRole.Checkbox, new() { Name = "Ban Chính sách – Pháp luật" }).CheckAsync();
        await direct.GetByRole(AriaRole.Checkbox, new() { Name = "Trần Thị Bích" }).CheckAsync();
        await direct.GetByRole(AriaRole.Button, new() { Name = "Giao xử lý" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã giao xử lý");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "lvbinh.ldld");
        await page.GotoAsync(url);
        await page.GetByLabel("Chuyển cho").SelectOptionAsync("nvan.ldld");
        await page.GetByLabel("Hạn", new() { Exact = true }).FillAsync(Day(3));
        await page.GetByRole(AriaRole.Button, new() { Name = "Chuyển", Exact = true }).ClickAsync();
        await Expect(page.Locator("#trail")).ToContainTextAsync("Chuyển xử lý");
        await BrowserFixture.SignOutAsync(page);

        // The officer learns of the work from the notifications, asks for more time, and the department head grants it.
        await app.SignInAsync(page, "nvan.ldld");
        await Expect(page.Locator("#nav-notifications .badge")).ToBeVisibleAsync();
        await page.Locator("#nav-notifications").ClickAsync();
        await page.Locator("#notifications a", new() { HasTextString = subject.Length > 60 ? subject[..60] : subject }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(new Uri(url).AbsolutePath)));
        await page.GetByLabel("Xin gia hạn đến").FillAsync(Day(5));
        await page.GetByLabel("Lý do", new() { Exact = true }).FillAsync("Chờ số liệu của các công đoàn cơ sở");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đề nghị" }).ClickAsync();
        await Expect(page.Locator("#trail")).ToContainTextAsync("Đề nghị gia hạn");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "lvbinh.ldld");
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý gia hạn" }).ClickAsync();
        await Expect(page.Locator("#trail")).ToContainTextAsync("Đồng ý gia hạn");
        await Expect(page.Locator("table")).ToContainTextAsync(Day(5));
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "nvan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming?view=to-handle");
        await page.GetByRole(AriaRole.Link, new() { Name = notation }).ClickAsync();
        await page.GetByLabel("Ý kiến, kết quả xử lý hoặc lý do trả lại").FillAsync("Đã trình dự thảo kế hoạch.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã hoàn thành");
        await app.ShotAsync(page, "7-incoming-done");
        Assert.Empty(violations1); // nothing the Content-Security-Policy blocked
    }

    private static string Day(int n) => DateTime.UtcNow.AddHours(7).AddDays(n).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
