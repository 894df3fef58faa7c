using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>The dossier pages with the session cookie: the catalogue built, approved and issued through its page; a
/// dossier opened from it; an incoming document filed into it from the document's own page.</summary>
public abstract class DossierPageTests(AppFixture app)
{
    [Fact]
    public async Task TheCatalogue_IsBuiltApprovedIssuedThroughItsPage_AndADocumentIsFiledFromItsPage()
    {
        var year = Formats.Today(app.Clock).Year;
        var page = $"/dossiers/catalogue?organizationCode=I02.36&year={year}";
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var r = await clerk.SubmitAsync(page, "create", new() { ["CreateForm.CopyLastYear"] = "false" });
        Assert.Contains("Đã lập dự thảo danh mục hồ sơ.", await r.Content.ReadAsStringAsync());
        r = await clerk.SubmitAsync(page, "heading", new() { ["HeadingForm.Title"] = "Ban Chính sách – Pháp luật", ["HeadingForm.Abbreviation"] = "CSPL" });
        var doc = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        var heading = doc.QuerySelector("#entry-form select[name='EntryForm.HeadingId'] option")!.GetAttribute("value")!;
        Assert.Contains(doc.QuerySelectorAll("#entry-form select[name='EntryForm.KeeperUserName'] option"), o => o.TextContent == "Đặng Văn Đức");
        r = await clerk.SubmitAsync(page, "entry", new()
        {
            ["EntryForm.HeadingId"] = heading, ["EntryForm.Title"] = "Hồ sơ tham gia xây dựng pháp luật", ["EntryForm.Permanent"] = "true", ["EntryForm.KeeperUserName"] = "dvduc.ldld",
        });
        Assert.Contains("Đã thêm hồ sơ vào danh mục.", await r.Content.ReadAsStringAsync());
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        r = await head.SubmitAsync(page, "approve", new() { ["ApproveForm.Decision"] = $"Quyết định số 02/QĐ-LĐLĐ ngày 05/01/{year}" });
        Assert.Contains("01.CSPL", new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector("#catalogue-table")!.TextContent);
        r = await clerk.SubmitAsync(page, "issue", []);
        Assert.Equal("Đã ban hành", new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync()).QuerySelector("#catalogue-status")!.TextContent);

        // The keeper opens it from the catalogue's page.
        using var keeper = await UiSession.LoginAsync(app, "dvduc.ldld");
        var catalogue = new HtmlParser().ParseDocument(await (await keeper.Client.GetAsync(page)).Content.ReadAsStringAsync());
        var openForm = catalogue.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler]")?.GetAttribute("value")?.StartsWith("open-") == true);
        r = await keeper.SubmitAsync(page, openForm.QuerySelector("input[name=_handler]")!.GetAttribute("value")!, []);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var dossierPath = new Uri(new Uri("http://localhost"), r.Headers.Location!).AbsolutePath;

        // An incoming document given to him is filed from its own page; the dossier lists it.
        using var api = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await api.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Quốc hội", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "QH15",
            issuedDate = Formats.Today(app.Clock).AddDays(-3).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "V/v góp ý dự án Luật Công đoàn (sửa đổi)",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync($"/api/v1/incoming/{id}/direct", new
        {
            direction = "Đồng chí Đức nghiên cứu, góp ý.", targets = new[] { new { kind = "Lead", userName = "dvduc.ldld" } },
        })).EnsureSuccessStatusCode();
        r = await keeper.SubmitAsync($"/incoming/{id}", "file-in-dossier", new() { ["DossierForm.DossierId"] = dossierPath.Split('/')[^1] });
        Assert.Contains("Đã lưu văn bản vào hồ sơ.", await r.Content.ReadAsStringAsync());
        var dossier = new HtmlParser().ParseDocument(await (await keeper.Client.GetAsync(dossierPath)).Content.ReadAsStringAsync());
        Assert.Contains("V/v góp ý dự án Luật Công đoàn (sửa đổi)", dossier.QuerySelector("#dossier-items")!.TextContent);
        Assert.Contains("01.CSPL", dossier.QuerySelector("#dossier-heading")!.TextContent);
        using var outsider = await UiSession.LoginAsync(app, "lvbinh.ldld");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync(dossierPath)).StatusCode);
    }

    /// <summary>
    /// Handover through the pages: the keeper ticks a closed dossier on his list and sends it; the archive (the clerk)
    /// accepts it on the transfer's page and makes the record; both sign it with their PIN; the dossier shows it is with
    /// the archive; someone else of the organ does not find the transfer.
    /// </summary>
    [Fact]
    public async Task ADossier_IsSentCheckedRecordedAndSignedThroughThePages()
    {
        var d = await Dossiers.DossierSteps.ClosedAsync(app, "ptngoc.ldld", "77.CSPL", "Hồ sơ hội nghị người lao động qua các trang", 10, 300);
        using var keeper = await UiSession.LoginAsync(app, "ptngoc.ldld");
        var r = await keeper.SubmitAsync("/dossiers", "send", new() { ["send"] = d, ["note"] = "Nộp lưu qua trang" });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var path = new Uri(new Uri("http://localhost"), r.Headers.Location!).AbsolutePath;
        Assert.StartsWith("/archive/transfers/", path);

        using var archive = await UiSession.LoginAsync(app, "htthu.ldld");
        var page = new HtmlParser().ParseDocument(await (await archive.Client.GetAsync(path)).Content.ReadAsStringAsync());
        var accept = page.QuerySelectorAll("input[name=_handler]").Select(i => i.GetAttribute("value")!).Single(v => v.StartsWith("accept-"));
        r = await archive.SubmitAsync(path, accept, []);
        Assert.Contains("Đã nhận hồ sơ.", await r.Content.ReadAsStringAsync());
        r = await archive.SubmitAsync(path, "record", new() { ["Recording.Condition"] = "Đầy đủ, đọc được." });
        Assert.Contains("Đã lập biên bản giao nhận", await r.Content.ReadAsStringAsync());
        r = await keeper.SubmitAsync(path, "sign", new() { ["Signing.Pin"] = "000000" });
        Assert.Contains("Mã PIN (mật khẩu) của chứng thư số không đúng.", await r.Content.ReadAsStringAsync());
        r = await keeper.SubmitAsync(path, "sign", new() { ["Signing.Pin"] = "123456" });
        Assert.Contains("Đã ký số biên bản.", await r.Content.ReadAsStringAsync());
        r = await archive.SubmitAsync(path, "sign", new() { ["Signing.Pin"] = "123456" });
        var done = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Equal("Đã giao nhận", done.QuerySelector("#transfer-status")!.TextContent);
        Assert.NotNull(done.QuerySelector("#record-link"));
        var record = await archive.Client.GetAsync(done.QuerySelector("#record-link")!.GetAttribute("href"));
        Assert.Equal("application/pdf", record.Content.Headers.ContentType!.MediaType);

        var dossier = new HtmlParser().ParseDocument(await (await archive.Client.GetAsync($"/dossiers/{d}")).Content.ReadAsStringAsync());
        Assert.Equal("Đã nộp lưu", dossier.QuerySelector("#dossier-status")!.TextContent);
        using var outsider = await UiSession.LoginAsync(app, "lvbinh.ldld");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"{path}/record")).StatusCode);
    }

    /// <summary>The head freezes a dossier from its page on an authority's order; the keeper's change is refused with the order named; the head lifts it from the archive's page.</summary>
    [Fact]
    public async Task TheHead_FreezesADossierFromItsPage_AndLiftsItFromTheArchivesPage()
    {
        var d = await Dossiers.DossierSteps.OpenAsync(app, "ttbich.ldld", "66.VP", "Hồ sơ phong tỏa qua các trang", 10, 5);
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var r = await head.SubmitAsync($"/dossiers/{d}", "freeze", new() { ["FreezeForm.Reference"] = "Quyết định số 7/QĐ-UBKT ngày 01/12/2026", ["FreezeForm.Reason"] = "Kiểm tra" });
        var page = new HtmlParser().ParseDocument(await r.Content.ReadAsStringAsync());
        Assert.Contains("đang phong tỏa theo Quyết định số 7/QĐ-UBKT", page.QuerySelector("#dossier-status")!.TextContent);
        using var keeper = await UiSession.LoginAsync(app, "ttbich.ldld");
        r = await keeper.SubmitAsync($"/dossiers/{d}", "close", new() { ["CloseForm.Title"] = "Hồ sơ phong tỏa qua các trang", ["CloseForm.Permanent"] = "true" });
        Assert.Contains("Hồ sơ đang bị phong tỏa theo Quyết định số 7/QĐ-UBKT", await r.Content.ReadAsStringAsync());

        var holds = new HtmlParser().ParseDocument(await (await head.Client.GetAsync("/archive?view=holds")).Content.ReadAsStringAsync());
        var lift = holds.QuerySelectorAll("input[name=_handler]").Select(i => i.GetAttribute("value")!).First(v => v.StartsWith("lift-"));
        r = await head.SubmitAsync("/archive?view=holds", lift, new() { ["DisposalForm.Text"] = "Kết thúc kiểm tra" });
        Assert.Contains("Đã gỡ phong tỏa.", await r.Content.ReadAsStringAsync());
        Assert.DoesNotContain("đang phong tỏa", new HtmlParser().ParseDocument(await (await head.Client.GetAsync($"/dossiers/{d}")).Content.ReadAsStringAsync())
            .QuerySelector("#dossier-status")!.TextContent);
    }
}

public sealed class DossierPageTestsSqlite(SqliteAppFixture f) : DossierPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DossierPageTestsPostgres(PostgresAppFixture f) : DossierPageTests(f), IClassFixture<PostgresAppFixture>;
