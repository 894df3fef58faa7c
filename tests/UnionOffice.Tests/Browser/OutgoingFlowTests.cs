using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// Issue 4's "done when", through the pages: the Confederation's officer drafts a reply in DOCX to three provinces, the
/// department head and the clerk approve it, the head signs (a wrong PIN first), the clerk issues it; Nghệ An's clerk
/// finds it valid in the "to register" queue and registers it; the sender sees "accepted (03)"; pdfsig trusts both
/// signatures of the issued file downloaded from the page.
/// </summary>
public sealed class OutgoingFlowTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Pin = "123456";

    [Fact]
    public async Task Reply_IsDraftedReviewedSignedIssued_AndRegisteredByTheRecipient_ThroughThePages()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var violations1 = BrowserFixture.PolicyViolations(page);
        var subject = $"V/v hướng dẫn tổ chức Tháng Công nhân năm 2027 ({Guid.NewGuid().ToString("N")[..6]})";

        // The officer drafts: type, subject, urgency, signer, three provinces (found with the filter), the DOCX.
        await app.SignInAsync(page, "ntlan.tld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing");
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Soạn dự thảo" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/outgoing/new"));
        var form = page.Locator("#draft-form");
        await form.GetByLabel("Loại văn bản").SelectOptionAsync("Công văn");
        await form.GetByLabel("Trích yếu nội dung").FillAsync(subject);
        await form.GetByLabel("Độ khẩn").SelectOptionAsync("Urgent");
        await form.Locator("select[name='Input.SignerUserName']").SelectOptionAsync("tvhung.tld");
        await form.GetByLabel("Chức vụ người ký").FillAsync("Chủ tịch");
        await form.GetByLabel("Ký thay mặt tập thể (TM.)").SelectOptionAsync("Đoàn Chủ tịch"); // NĐ30 Điều 13.2, as seed 000 is signed
        var filter = form.GetByLabel("Lọc danh sách (không cần gõ dấu)");
        await filter.FillAsync("nghe an");
        await Expect(form.Locator("#recipient-list label", new() { HasTextString = "(I02.01)" })).ToBeHiddenAsync();
        await Expect(form.Locator("#recipient-list label", new() { HasTextString = "(I02.36)" })).ToBeVisibleAsync();
        await form.Locator("#recipient-list input[name='Input.Recipients'][value='I02.36']").CheckAsync();
        await form.GetByLabel("Gửi cả bản giấy cho LĐLĐ tỉnh Nghệ An").CheckAsync(); // the lead organ gets paper too (seed 003 Mục 2)
        await filter.FillAsync("");
        await form.Locator("#recipient-list input[name='Input.Recipients'][value='I02.01']").CheckAsync();
        await form.Locator("#recipient-list input[name='Input.Recipients'][value='I02.48']").CheckAsync();
        await form.GetByLabel("Nơi nhận (ghi ở cuối văn bản)").FillAsync("Như trên; Lưu: VT, VP.");
        await form.Locator("input[type=file][name=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "huong-dan.docx", MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Buffer = DocumentConverterTests.BuildDraft(subject),
        });
        await app.ShotAsync(page, "8-outgoing-new");
        await form.GetByRole(AriaRole.Button, new() { Name = "Tạo dự thảo" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã tạo dự thảo", new() { Timeout = 60_000 });
        var url = page.Url.Split('?')[0];
        Assert.Matches(new Regex("/outgoing/[0-9a-f-]{36}$"), url);
        await Expect(page.Locator("#versions")).ToContainTextAsync("huong-dan.docx (chuyển từ DOCX)");
        await Expect(page.Locator("#pdf-viewer")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trình duyệt" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Chờ lãnh đạo phòng/ban duyệt nội dung");
        await BrowserFixture.SignOutAsync(page);

        // The department head approves the content, from the "to review" list.
        await app.SignInAsync(page, "pmtuan.tld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-review");
        await page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý nội dung" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Chờ văn thư kiểm tra thể thức");
        await BrowserFixture.SignOutAsync(page);

        // The clerk approves the format.
        await app.SignInAsync(page, "lthoa.tld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-review");
        await page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý thể thức" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Chờ lãnh đạo ký");
        await BrowserFixture.SignOutAsync(page);

        // The head signs: a wrong PIN is refused in Vietnamese and nothing is signed; then the right one.
        await app.SignInAsync(page, "tvhung.tld");
        await page.GotoAsync($"{app.BaseUrl}/");
        await Expect(page.Locator("#home-outgoing")).ToContainTextAsync("Chờ ký");
        await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-sign");
        await page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        var pin = page.Locator("#sign-form").GetByLabel("Mã PIN chứng thư số");
        Assert.Equal("password", await pin.GetAttributeAsync("type"));
        Assert.Equal("off", await pin.GetAttributeAsync("autocomplete"));
        await pin.FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ký số" }).ClickAsync();
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("Mã PIN (mật khẩu) của chứng thư số không đúng.");
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Chờ lãnh đạo ký");
        Assert.DoesNotContain(await page.Locator("#trail").InnerTextAsync(), "Ký số –");
        await app.ShotAsync(page, "9-outgoing-wrong-pin");
        await page.Locator("#sign-form").GetByLabel("Mã PIN chứng thư số").FillAsync(Pin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ký số" }).ClickAsync();
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã ký, chờ phát hành", new() { Timeout = 30_000 });
        await Expect(page.Locator("#signer-line")).ToContainTextAsync("TM. ĐOÀN CHỦ TỊCH Chủ tịch Trần Văn Hùng");
        await BrowserFixture.SignOutAsync(page);

        // The clerk issues with the organ's PIN: number, date, the organ's signature, three recipients "arrived (01)".
        await app.SignInAsync(page, "lthoa.tld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-issue");
        await page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await page.Locator("#issue-form").GetByLabel("Mã PIN chứng thư số của cơ quan").FillAsync(Pin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Phát hành" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã phát hành văn bản số", new() { Timeout = 30_000 });
        await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã phát hành");
        var notation = (await page.Locator("#notation").InnerTextAsync()).Trim();
        Assert.EndsWith("/TLĐ-VP", notation);
        await Expect(page.Locator("#recipients tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#recipients tr[data-recipient='I02.36']")).ToContainTextAsync("Đã đến (01)");
        await app.ShotAsync(page, "10-outgoing-issued");
        // The paper copy to Nghệ An: the clerk records the day it left (today, as the form proposes).
        var paperRow = page.Locator("#recipients tr[data-recipient='I02.36']");
        await paperRow.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận đã gửi" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã ghi nhận ngày gửi bản giấy");
        await Expect(page.Locator("#recipients tr[data-recipient='I02.36']")).ToContainTextAsync("Đã gửi ngày");
        await Expect(page.Locator("#recipients tr[data-recipient='I02.01']")).ToContainTextAsync("Không");
        await BrowserFixture.SignOutAsync(page);

        // Nghệ An's clerk: the queue shows it with a valid signature; the PDF opens in the page; "Tiếp nhận" registers it.
        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        await Expect(page.Locator("#arrivals-link .count")).Not.ToHaveTextAsync("0");
        await page.Locator("#arrivals-link").ClickAsync();
        var row = page.Locator("#arrivals tbody tr", new() { HasTextString = subject });
        await Expect(row).ToContainTextAsync("Chữ ký số hợp lệ");
        await Expect(row).ToContainTextAsync("Tổng Liên đoàn");
        await Expect(row).ToContainTextAsync(notation);
        await row.GetByRole(AriaRole.Link, new() { Name = notation }).ClickAsync();
        await Expect(page.Locator("#signature-check")).ToContainTextAsync("Chữ ký số hợp lệ");
        await Expect(page.Locator("#pdf-viewer")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#arrival-files li")).ToHaveCountAsync(1); // every file listed to read before deciding
        await Expect(page.Locator("#page-amount")).Not.ToBeEmptyAsync();
        await app.ShotAsync(page, "11-arrival");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã đăng ký văn bản đến, số đến");
        await Expect(page).ToHaveURLAsync(new Regex("/incoming/[0-9a-f-]{36}\\?registered="));
        await Expect(page.Locator("h1")).ToContainTextAsync(notation);
        await BrowserFixture.SignOutAsync(page);

        // The sender sees Nghệ An's "accepted (03)", the others still "arrived (01)", and downloads the issued PDF.
        await app.SignInAsync(page, "ntlan.tld");
        await page.GotoAsync(url);
        await Expect(page.Locator("#recipients tr[data-recipient='I02.36']")).ToContainTextAsync("Đã tiếp nhận (03)");
        await Expect(page.Locator("#recipients tr[data-recipient='I02.01']")).ToContainTextAsync("Đã đến (01)");
        await Expect(page.Locator("#trail")).ToContainTextAsync("Phát hành");
        await app.ShotAsync(page, "12-outgoing-accepted");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#issued-download").ClickAsync());
        var file = await File.ReadAllBytesAsync((await download.PathAsync())!);

        var der = await app.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        var pdfsig = await Pdfsig.RunAsync(file, root.ExportCertificatePem());
        Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Trần Văn Hùng", pdfsig);
        Assert.Contains("Total document signed", pdfsig);
        Assert.Contains(notation, await Pdfsig.TextAsync(file));
        Assert.Contains("TM. ĐOÀN CHỦ TỊCH", await Pdfsig.TextAsync(file));
        Assert.Empty(violations1); // nothing the Content-Security-Policy blocked
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
