using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// The year's catalogue and work dossiers through the API on both databases (issue 17, first slice): the office drafts
/// the catalogue, the head approves it (numbers and notations), it is issued; the keeper opens a dossier from it, files
/// documents in time order, reviews and closes it; and who is refused.
/// </summary>
public abstract class DossierTests(AppFixture app)
{
    private string Day(int n) => DossierSteps.Day(app, n);

    private Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) => DossierSteps.PostAsync(app, user, url, body);

    private async Task<JsonElement> GetAsync(string user, string url) =>
        await (await (await app.ClientAsAsync(user)).GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    private Task<string> IncomingAsync(string subject, string to, int issuedDaysAgo) => DossierSteps.IncomingAsync(app, subject, to, issuedDaysAgo);

    [Fact]
    public async Task AYear_CatalogueDraftedApprovedIssued_DossiersOpenedFiledInTimeOrderAndClosed()
    {
        var year = Formats.Today(app.Clock).Year;
        // The office drafts; an officer may not.
        await (await PostAsync("nvan.ldld", "/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var catalogue = (await (await PostAsync("htthu.ldld", "/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync("htthu.ldld", "/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year })).ErrorAsync(HttpStatusCode.Conflict, "CATALOGUE_EXISTS");
        var vp = (await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/headings", new { title = "Văn phòng", abbreviation = "VP" }))
            .JsonAsync(HttpStatusCode.OK)).Str("id");
        await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/headings", new { title = "Không viết tắt" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        var general = (await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/headings", new { title = "Công tác tổng hợp", parentId = vp }))
            .JsonAsync(HttpStatusCode.OK)).Str("id");
        var plan = (await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/entries", new
        {
            headingId = vp, title = "Hồ sơ xây dựng chương trình công tác năm", permanent = true, keeperUserName = "nvan.ldld",
        })).JsonAsync(HttpStatusCode.OK)).Str("id");
        var reports = (await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/entries", new
        {
            headingId = general, title = "Tập báo cáo tháng về tình hình đoàn viên", retentionYears = 10, keeperUserName = "nvan.ldld",
        })).JsonAsync(HttpStatusCode.OK)).Str("id");
        await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/entries", new
        {
            headingId = vp, title = "Thiếu thời hạn", keeperUserName = "nvan.ldld",
        })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/entries", new
        {
            headingId = vp, title = "Của tôi", permanent = true, keeperUserName = "nvan.ldld",
        })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // The head approves: the dossiers take their numbers in the catalogue's order; nothing changes after.
        await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/approve")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await PostAsync("pstoan.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/approve", new { decision = $"Quyết định số 01/QĐ-LĐLĐ ngày 02/01/{year}" })).EnsureSuccessStatusCode();
        await (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/headings", new { title = "Muộn", abbreviation = "M" }))
            .ErrorAsync(HttpStatusCode.Conflict, "CATALOGUE_WRONG_STATUS");
        var approved = await GetAsync("nvan.ldld", $"/api/v1/dossiers/catalogues/{catalogue}");
        var numbered = approved.GetProperty("headings").EnumerateArray().SelectMany(h => h.GetProperty("entries").EnumerateArray()).ToList();
        Assert.Equal(["01.VP", "02.VP"], numbered.Select(e => e.Str("notation")).ToArray());
        Assert.Equal(["I.", "1."], approved.GetProperty("headings").EnumerateArray().Select(h => h.Str("label")).ToArray());
        Assert.Equal(1, approved.GetProperty("permanent").GetInt32());
        await (await PostAsync("nvan.ldld", "/api/v1/dossiers", new { catalogEntryId = plan })).ErrorAsync(HttpStatusCode.Conflict, "CATALOGUE_WRONG_STATUS");
        (await PostAsync("htthu.ldld", $"/api/v1/dossiers/catalogues/{catalogue}/issue")).EnsureSuccessStatusCode();
        Assert.Contains((await GetAsync("nvan.ldld", "/api/v1/notifications")).EnumerateArray(), n => n.Str("kind") == "dossier-assigned" && n.Str("title").Contains("2 hồ sơ"));

        // The form of Phụ lục V, as PDF and Excel.
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var pdf = ExportReader.PdfText(await (await clerk.GetAsync($"/api/v1/dossiers/catalogues/{catalogue}/export?format=pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("DANH MỤC HỒ SƠ", pdf);
        Assert.Contains("01.VP", pdf);
        Assert.Contains("1 hồ sơ bảo quản vĩnh viễn; 1 hồ sơ bảo quản có thời hạn", pdf);
        var xlsx = ExportReader.XlsxRows(await (await clerk.GetAsync($"/api/v1/dossiers/catalogues/{catalogue}/export?format=xlsx")).Content.ReadAsByteArrayAsync());
        Assert.Contains(xlsx, r => r.SequenceEqual(["Số và ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Người lập hồ sơ", "Ghi chú"]));
        Assert.Contains(xlsx, r => r.Length > 3 && r[0] == "02.VP" && r[2] == "10 năm" && r[3] == "Nguyễn Văn An");

        // Only the keeper opens it, once.
        await (await PostAsync("dvduc.ldld", "/api/v1/dossiers", new { catalogEntryId = reports })).ErrorAsync(HttpStatusCode.Forbidden, "DOSSIER_NOT_KEEPER");
        var dossier = (await (await PostAsync("nvan.ldld", "/api/v1/dossiers", new { catalogEntryId = reports })).JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync("nvan.ldld", "/api/v1/dossiers", new { catalogEntryId = reports })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_EXISTS");

        // Documents filed by reference, numbered in time order whatever the order of filing.
        var recent = await IncomingAsync("V/v báo cáo tình hình đoàn viên tháng 11", "nvan.ldld", 1);
        var older = await IncomingAsync("V/v báo cáo tình hình đoàn viên tháng 10", "nvan.ldld", 20);
        var notHis = await IncomingAsync("V/v kiểm tra tài chính công đoàn", "dvduc.ldld", 2);
        var suggested = (await GetAsync("nvan.ldld", $"/api/v1/dossiers/suggest?kind=Incoming&documentId={recent}")).EnumerateArray().Select(d => d.Str("id")).ToList();
        Assert.Equal(dossier, suggested[0]);
        (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = recent })).EnsureSuccessStatusCode();
        (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = older })).EnsureSuccessStatusCode();
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = older })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_ALREADY_FILED");
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = notHis })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_DOCUMENT_UNKNOWN");
        var draft = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v số liệu đoàn viên (dự thảo)");
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Outgoing", documentId = draft })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_DOCUMENT_UNKNOWN");
        await (await PostAsync("lvbinh.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = recent })).ErrorAsync(HttpStatusCode.Forbidden, "DOSSIER_NOT_KEEPER");
        var items = (await GetAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([older, recent], items.Select(i => i.Str("refId")).ToArray());
        Assert.Equal([1, 2], items.Select(i => i.GetProperty("ordinal").GetInt32()).ToArray());
        // The same document in another person's dossier, without a copy.
        var other = (await (await PostAsync("pstoan.ldld", "/api/v1/dossiers", new
        {
            organizationCode = "I02.36", notation = "05.LĐ", title = "Hồ sơ chỉ đạo công tác đoàn viên", retentionYears = 5,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await PostAsync("pstoan.ldld", $"/api/v1/dossiers/{other}/items", new { kind = "Incoming", documentId = recent })).EnsureSuccessStatusCode();

        // Who reads it: the keeper, his department's head, the organ's head — nobody else.
        await GetAsync("lvbinh.ldld", $"/api/v1/dossiers/{dossier}");
        await GetAsync("pstoan.ldld", $"/api/v1/dossiers/{dossier}");
        foreach (var outsider in new[] { "cthanh.ldld", "dvduc.ldld", "htthu.ldld", "tvhung.tld" })
            await (await (await app.ClientAsAsync(outsider)).GetAsync($"/api/v1/dossiers/{dossier}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");

        // Reviewed and closed: its end is its last document's date; it no longer changes.
        var mine = (await GetAsync("nvan.ldld", "/api/v1/dossiers")).EnumerateArray().Single(d => d.Str("id") == dossier);
        Assert.Equal(2, mine.GetProperty("items").GetInt32());
        (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/close", new { retentionYears = 20 })).EnsureSuccessStatusCode();
        var closed = await GetAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}");
        Assert.Equal("Closed", closed.Str("status"));
        Assert.Equal("20 năm", closed.Str("retention"));
        Assert.Equal(Day(-1), closed.Str("endDate"));
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = older })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_CLOSED");
        await (await (await app.ClientAsAsync("nvan.ldld")).DeleteAsync($"/api/v1/dossiers/{dossier}/items/{items[0].Str("id")}")).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_CLOSED");
        var empty = (await (await PostAsync("nvan.ldld", "/api/v1/dossiers", new { catalogEntryId = plan })).JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync("nvan.ldld", $"/api/v1/dossiers/{empty}/close")).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_EMPTY");

        // Its table of contents (Phụ lục V IV).
        var contents = ExportReader.PdfText(await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync($"/api/v1/dossiers/{dossier}/contents?format=pdf")).Content.ReadAsByteArrayAsync());
        Assert.Contains("MỤC LỤC VĂN BẢN, TÀI LIỆU", contents);
        Assert.Contains("02.VP", contents);
        Assert.Contains("tháng 10", contents);
    }
}

public sealed class DossierTestsSqlite(SqliteAppFixture f) : DossierTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DossierTestsPostgres(PostgresAppFixture f) : DossierTests(f), IClassFixture<PostgresAppFixture>;
