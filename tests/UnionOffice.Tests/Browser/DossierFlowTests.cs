using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// Dossiers in Chromium: the clerk builds the year's catalogue, the head approves it, the clerk issues it; the keeper
/// opens his dossier from it, files a document from the document's own page, and closes the dossier; he hands it to the
/// archive, the clerk accepts it and makes the record, both sign it with their PIN.
/// </summary>
public sealed class DossierFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheCatalogueIsIssued_AndAKeeperFilesADocumentAndClosesHisDossier_ThroughThePages()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        var year = DateTime.UtcNow.AddHours(7).Year;

        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/dossiers/catalogue?organizationCode=I02.36&year={year}");
        await page.Locator("#catalogue-create").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#catalogue-status")).ToHaveTextAsync("Dự thảo");
        var heading = page.Locator("#heading-form");
        await heading.GetByLabel("Tên đề mục").FillAsync("Văn phòng");
        await heading.GetByLabel("Chữ viết tắt (đề mục lớn)").FillAsync("VP");
        await heading.GetByRole(AriaRole.Button, new() { Name = "Thêm đề mục" }).ClickAsync();
        var entry = page.Locator("#entry-form");
        await entry.GetByLabel("Người lập hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Nguyễn Văn An" });
        await entry.GetByLabel("Thời hạn (năm)").FillAsync("10");
        await entry.GetByLabel("Tiêu đề hồ sơ").FillAsync("Tập công văn trao đổi về công tác đoàn viên");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Thêm hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#catalogue-table")).ToContainTextAsync("Tập công văn trao đổi về công tác đoàn viên");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/dossiers/catalogue?organizationCode=I02.36&year={year}");
        await page.Locator("#catalogue-approve").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#catalogue-table")).ToContainTextAsync("01.VP");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/dossiers/catalogue?organizationCode=I02.36&year={year}");
        await page.Locator("#catalogue-issue").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#catalogue-status")).ToHaveTextAsync("Đã ban hành");
        await BrowserFixture.SignOutAsync(page);

        // A document given to the keeper, through the API as the clerk and the head would.
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var doc = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ-TC",
            issuedDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(-2)).ToString("yyyy-MM-dd"), typeName = "Công văn",
            subject = "V/v hướng dẫn công tác đoàn viên năm mới",
        })).JsonAsync(System.Net.HttpStatusCode.Created)).Str("id");
        (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync($"/api/v1/incoming/{doc}/direct", new
        {
            direction = "Đồng chí An nghiên cứu.", targets = new[] { new { kind = "Lead", userName = "nvan.ldld" } },
        })).EnsureSuccessStatusCode();

        await app.SignInAsync(page, "nvan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/dossiers/catalogue?organizationCode=I02.36&year={year}");
        await page.Locator("#catalogue-table").GetByRole(AriaRole.Button, new() { Name = "Mở hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#dossier-heading")).ToContainTextAsync("01.VP");
        var dossierUrl = page.Url;
        await page.GotoAsync($"{app.BaseUrl}/incoming/{doc}");
        await page.Locator("#file-in-dossier").GetByRole(AriaRole.Button, new() { Name = "Lưu vào hồ sơ" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã lưu văn bản vào hồ sơ.");
        await page.GotoAsync(dossierUrl);
        await Expect(page.Locator("#dossier-items")).ToContainTextAsync("V/v hướng dẫn công tác đoàn viên năm mới");
        await page.Locator("#dossier-close").GetByRole(AriaRole.Button, new() { Name = "Kết thúc hồ sơ" }).ClickAsync();
        await Expect(page.Locator("#dossier-status")).ToHaveTextAsync("Đã kết thúc");
        await app.ShotAsync(page, "dossier-closed");

        // Handed to the archive: ticked on his list and sent; the archive (the clerk) accepts it and makes the record;
        // he signs it with his PIN, then the clerk; the dossier is in the archive.
        var dossierId = dossierUrl.Split('/')[^1];
        await page.GotoAsync($"{app.BaseUrl}/dossiers");
        await page.GetByLabel("Nộp lưu hồ sơ 01.VP").CheckAsync();
        await page.Locator("#send-form").GetByRole(AriaRole.Button, new() { Name = "Nộp lưu các hồ sơ đã chọn" }).ClickAsync();
        await Expect(page.Locator("#transfer-status")).ToHaveTextAsync("Chờ Lưu trữ kiểm tra");
        var transferUrl = page.Url;
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync(transferUrl);
        await page.Locator("#transfer-items").GetByRole(AriaRole.Button, new() { Name = "Nhận" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã nhận hồ sơ.");
        await page.Locator("#record-form").GetByLabel("Tình trạng tài liệu giao nộp").FillAsync("Đầy đủ, đọc được.");
        await page.Locator("#record-form").GetByRole(AriaRole.Button, new() { Name = "Lập biên bản" }).ClickAsync();
        await Expect(page.Locator("#transfer-status")).ToHaveTextAsync("Chờ bên giao ký biên bản");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "nvan.ldld");
        await page.GotoAsync(transferUrl);
        await page.Locator("#sign-form").GetByLabel("Mã PIN chứng thư số").FillAsync("123456");
        await page.Locator("#sign-form").GetByRole(AriaRole.Button, new() { Name = "Ký số biên bản" }).ClickAsync();
        await Expect(page.Locator("#transfer-status")).ToHaveTextAsync("Chờ bên nhận ký biên bản");
        await BrowserFixture.SignOutAsync(page);

        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync(transferUrl);
        await page.Locator("#sign-form").GetByLabel("Mã PIN chứng thư số").FillAsync("123456");
        await page.Locator("#sign-form").GetByRole(AriaRole.Button, new() { Name = "Ký số biên bản" }).ClickAsync();
        await Expect(page.Locator("#transfer-status")).ToHaveTextAsync("Đã giao nhận");
        await Expect(page.Locator("#record-link")).ToBeVisibleAsync();
        await page.GotoAsync($"{app.BaseUrl}/dossiers/{dossierId}");
        await Expect(page.Locator("#dossier-status")).ToHaveTextAsync("Đã nộp lưu");

        // Consulted on request: a colleague finds it in the archive's search, asks; the head approves; the colleague reads it.
        await BrowserFixture.SignOutAsync(page);
        await app.SignInAsync(page, "dvduc.ldld");
        await page.GotoAsync($"{app.BaseUrl}/archive?view=search&q=cong%20tac%20doan%20vien");
        var hit = page.Locator("#archive-results tr", new() { HasText = "Tập công văn trao đổi về công tác đoàn viên" });
        await hit.GetByLabel("Mục đích").FillAsync("Tham khảo để xây dựng kế hoạch năm sau");
        await hit.GetByLabel("Đến ngày").FillAsync(DateTime.UtcNow.AddHours(7).AddDays(5).ToString("dd/MM/yyyy"));
        await hit.GetByRole(AriaRole.Button, new() { Name = "Đề nghị khai thác" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã gửi đề nghị khai thác");
        await BrowserFixture.SignOutAsync(page);
        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/archive?view=consults");
        await page.Locator("#consult-list tr", new() { HasText = "Tham khảo để xây dựng kế hoạch năm sau" }).GetByRole(AriaRole.Button, new() { Name = "Duyệt" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã duyệt đề nghị khai thác.");
        await BrowserFixture.SignOutAsync(page);
        await app.SignInAsync(page, "dvduc.ldld");
        await page.GotoAsync($"{app.BaseUrl}/archive?view=consults");
        await page.Locator("#consult-list").GetByRole(AriaRole.Link, new() { Name = "01.VP – Tập công văn trao đổi về công tác đoàn viên" }).ClickAsync();
        await Expect(page.Locator("#dossier-items")).ToContainTextAsync("V/v hướng dẫn công tác đoàn viên năm mới");

        // On a phone: the transfer's page fits the screen's width.
        await BrowserFixture.SignOutAsync(page);
        await app.SignInAsync(page, "htthu.ldld");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(transferUrl);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the transfer page scrolls sideways on a phone");
        await app.ShotAsync(page, "archive-transfer-phone");
        Assert.Empty(violations);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
