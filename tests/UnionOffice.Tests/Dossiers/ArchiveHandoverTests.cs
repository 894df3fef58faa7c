using System.Net;
using System.Text.Json;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// Handing closed dossiers to the organ's archive (issue 17; NĐ30 Điều 30–31) through the API on both databases: which
/// are due and the keeper reminded 30 days ahead, the archive's announcement, the keeper sending with the list of
/// Phụ lục V III, the archive accepting one and returning another with its reason, the handover record of Phụ lục V V
/// signed by the giver and then the archive (checked with pdfsig), the dossier in the archive's keeping; keeping back with
/// the head's consent; another keeper for someone who leaves; and who is refused at each step.
/// </summary>
public abstract class ArchiveHandoverTests(AppFixture app)
{
    private const string Keeper = "nvan.ldld", Archive = "htthu.ldld", Head = "pstoan.ldld", Colleague = "dvduc.ldld", Pin = "123456";

    private Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) => DossierSteps.PostAsync(app, user, url, body);

    private async Task<JsonElement> GetAsync(string user, string url) =>
        await (await (await app.ClientAsAsync(user)).GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    private async Task<byte[]> BytesAsync(string user, string url)
    {
        var r = await (await app.ClientAsAsync(user)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task ClosedDossiers_AreDueRemindedSentCheckedAndReceivedUnderARecordBothSidesSign()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        // Due in 25 days (its document is 340 days old), due in most of a year, and one kept two years that stays with the unit.
        var soon = await DossierSteps.ClosedAsync(app, Keeper, $"A{tag}", $"Hồ sơ hội nghị {tag}", 10, 340);
        var later = await DossierSteps.ClosedAsync(app, Keeper, $"B{tag}", $"Hồ sơ chương trình {tag}", null, 100);
        var brief = await DossierSteps.ClosedAsync(app, Keeper, $"C{tag}", $"Hồ sơ công văn thường {tag}", 2, 340);
        var mine = (await GetAsync(Keeper, "/api/v1/dossiers")).EnumerateArray().ToDictionary(d => d.Str("id"));
        Assert.True(mine[soon].GetProperty("canSend").GetBoolean());
        Assert.Equal(DossierSteps.Day(app, 25), mine[soon].Str("handoverDue"));
        Assert.False(mine[brief].GetProperty("canSend").GetBoolean());
        Assert.Equal(JsonValueKind.Null, mine[brief].GetProperty("handoverDue").ValueKind);

        // The keeper is reminded 30 days ahead, once.
        await app.RunRemindersAsync();
        await app.RunRemindersAsync();
        var reminders = (await app.NotificationsAsync(Keeper)).Where(n => n.Str("kind") == "due-soon" && n.Str("link").EndsWith(soon, StringComparison.Ordinal)).ToList();
        Assert.Single(reminders);
        Assert.StartsWith("Sắp đến hạn nộp lưu hồ sơ", reminders[0].Str("title"));
        Assert.DoesNotContain(await app.NotificationsAsync(Keeper), n => n.Str("link").EndsWith(later, StringComparison.Ordinal) && n.Str("kind") == "due-soon");

        // The archive (the clerk: the organ names no archivist) and the head see what is due; an officer may not.
        var due = (await GetAsync(Archive, "/api/v1/archive/due?organizationCode=I02.36")).EnumerateArray().Select(d => d.Str("id")).ToList();
        Assert.True(due.IndexOf(soon) >= 0 && due.IndexOf(soon) < due.IndexOf(later));
        Assert.DoesNotContain(brief, due);
        Assert.Contains(soon, (await GetAsync(Head, $"/api/v1/archive/due?organizationCode=I02.36&until={DossierSteps.Day(app, 30)}")).EnumerateArray().Select(d => d.Str("id")));
        await (await (await app.ClientAsAsync(Colleague)).GetAsync("/api/v1/archive/due?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Keeper, "/api/v1/archive/announce", new { organizationCode = "I02.36" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.True((await (await PostAsync(Archive, "/api/v1/archive/announce", new { organizationCode = "I02.36" })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("keepers").GetInt32() >= 1);
        Assert.Contains(await app.NotificationsAsync(Keeper), n => n.Str("kind") == "archive-due" && n.Str("title").Contains("đến hạn nộp lưu"));

        // Sending: only closed dossiers due at the archive, only one's own; nothing changes when one of them cannot go.
        await (await PostAsync(Keeper, "/api/v1/archive/transfers", new { dossierIds = new[] { soon, later, brief } })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_NOT_DUE");
        Assert.Equal("Closed", (await GetAsync(Keeper, $"/api/v1/dossiers/{soon}")).Str("status"));
        await (await PostAsync(Colleague, "/api/v1/archive/transfers", new { dossierIds = new[] { soon } })).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        await (await PostAsync(Keeper, "/api/v1/archive/transfers", new { dossierIds = Array.Empty<string>() })).ErrorAsync(HttpStatusCode.BadRequest, "TRANSFER_EMPTY");
        var transfer = (await (await PostAsync(Keeper, "/api/v1/archive/transfers", new { dossierIds = new[] { soon, later }, note = "Nộp lưu năm nay" }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Keeper, "/api/v1/archive/transfers", new { dossierIds = new[] { soon } })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_NOT_CLOSED");
        Assert.Equal("Transferring", (await GetAsync(Keeper, $"/api/v1/dossiers/{soon}")).Str("status"));
        Assert.Contains(await app.NotificationsAsync(Archive), n => n.Str("kind") == "archive-sent" && n.Str("link") == $"/archive/transfers/{transfer}");

        // The list of Phụ lục V III, as sent: both dossiers, the count in words.
        var list = ExportReader.PdfText(await BytesAsync(Archive, $"/api/v1/archive/transfers/{transfer}/list?format=pdf"));
        Assert.Contains("MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", list);
        Assert.Contains($"A{tag}", list);
        Assert.Contains("Viết bằng chữ: hai hồ sơ (đơn vị bảo quản)", list);
        var rows = ExportReader.XlsxRows(await BytesAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/list?format=xlsx"));
        Assert.Contains(rows, r => r.Contains("Số, ký hiệu hồ sơ") && r.Contains("Thời gian tài liệu") && r.Contains("Số tờ/ Số trang"));

        // The archive checks: the keeper never; an officer of the organ cannot even see it.
        var t = await GetAsync(Archive, $"/api/v1/archive/transfers/{transfer}");
        Assert.True(t.GetProperty("canDecide").GetBoolean());
        var items = t.GetProperty("items").EnumerateArray().ToDictionary(i => i.Str("dossierId"), i => i.Str("id"));
        await (await PostAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/items/{items[soon]}/decide", new { accept = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await (await app.ClientAsAsync(Colleague)).GetAsync($"/api/v1/archive/transfers/{transfer}")).ErrorAsync(HttpStatusCode.NotFound, "TRANSFER_NOT_FOUND");
        // The archive reads a dossier sent to it; a colleague still may not.
        Assert.Equal(1, (await GetAsync(Archive, $"/api/v1/dossiers/{soon}")).GetProperty("items").GetArrayLength());
        await (await (await app.ClientAsAsync(Colleague)).GetAsync($"/api/v1/dossiers/{soon}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");

        await (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/items/{items[later]}/decide", new { accept = false })).ErrorAsync(HttpStatusCode.BadRequest, "REASON_REQUIRED");
        (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/items/{items[later]}/decide", new { accept = false, reason = "Thiếu biên bản hội nghị" })).EnsureSuccessStatusCode();
        await (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/items/{items[later]}/decide", new { accept = true })).ErrorAsync(HttpStatusCode.Conflict, "TRANSFER_ITEM_DECIDED");
        // Returned: open again for its keeper, who is told why.
        Assert.Equal("Open", (await GetAsync(Keeper, $"/api/v1/dossiers/{later}")).Str("status"));
        Assert.Contains(await app.NotificationsAsync(Keeper), n => n.Str("kind") == "archive-returned" && n.Str("title").Contains("Thiếu biên bản hội nghị"));
        await (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/record")).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/items/{items[soon]}/decide", new { accept = true })).EnsureSuccessStatusCode();
        (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/record", new { condition = "Hồ sơ điện tử đầy đủ, đọc được." })).EnsureSuccessStatusCode();
        await (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/record")).ErrorAsync(HttpStatusCode.Conflict, "TRANSFER_WRONG_STATUS");

        // Signatures: the giver first, with their own certificate and PIN; then the archivist who made the record.
        await (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "TRANSFER_NOT_GIVER");
        await (await PostAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = "000000" })).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        (await PostAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
        await (await PostAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "TRANSFER_NOT_RECEIVER");
        await (await PostAsync(Head, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "TRANSFER_NOT_RECEIVER");
        Assert.True((await GetAsync(Archive, $"/api/v1/archive/transfers/{transfer}")).GetProperty("canSignAsReceiver").GetBoolean());
        (await PostAsync(Archive, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
        var done = await GetAsync(Keeper, $"/api/v1/archive/transfers/{transfer}");
        Assert.Equal("Completed", done.Str("status"));
        Assert.Equal("Archived", (await GetAsync(Archive, $"/api/v1/dossiers/{soon}")).Str("status"));
        Assert.Contains(await app.NotificationsAsync(Keeper), n => n.Str("kind") == "archive-received" && n.Str("link") == $"/archive/transfers/{transfer}");

        // The record: the form's text, the list of what was accepted, two valid signatures of the two people.
        var record = await BytesAsync(Keeper, $"/api/v1/archive/transfers/{transfer}/record");
        var text = ExportReader.PdfText(record);
        Assert.Contains("BIÊN BẢN Giao nhận hồ sơ, tài liệu", text);
        Assert.Contains("BÊN GIAO: Văn phòng", text);
        Assert.Contains("BÊN NHẬN: Lưu trữ cơ quan", text);
        Assert.Contains("Tổng số hồ sơ: 1 (một hồ sơ)", text);
        Assert.Contains("Tình trạng tài liệu giao nộp: Hồ sơ điện tử đầy đủ, đọc được.", text);
        Assert.Contains("ĐẠI DIỆN BÊN GIAO", text);
        Assert.Contains("MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", text);
        Assert.Contains($"A{tag}", text);
        Assert.DoesNotContain($"B{tag}", text);
        var pdfsig = await Pdfsig.RunAsync(record, await app.TestRootPemAsync());
        Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Nguyễn Văn An", pdfsig);
        Assert.Contains("Signer Certificate Common Name: Hồ Thị Thu", pdfsig);
        Assert.Contains("Total document signed", pdfsig);

        // In the archive's keeping: another keeper can no longer be given; the trail tells the story.
        await (await PostAsync(Head, $"/api/v1/dossiers/{soon}/keeper", new { userName = "ttbich.ldld" })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_WITH_ARCHIVE");
        var package = await BytesAsync(Archive, $"/api/v1/dossiers/{soon}/package");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(package));
        using var trail = new StreamReader(zip.GetEntry("quatrinh.xml")!.Open());
        var history = await trail.ReadToEndAsync();
        Assert.Contains("Nộp lưu vào Lưu trữ cơ quan", history);
        Assert.Contains("Lưu trữ cơ quan đã nhận", history);
    }

    [Fact]
    public async Task TheHead_LetsAUnitKeepADueDossierUpToTwoYears_AndGivesTheDossiersOfSomeoneWhoLeavesToAnother()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var d = await DossierSteps.ClosedAsync(app, Keeper, $"K{tag}", $"Hồ sơ giữ lại {tag}", 20, 200);
        var due = Formats(165);
        Assert.Equal(due, (await GetAsync(Keeper, $"/api/v1/dossiers/{d}")).Str("handoverDue"));
        await (await PostAsync(Keeper, $"/api/v1/dossiers/{d}/keep-back", new { until = Formats(500), reason = "Còn dùng" })).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        await (await PostAsync(Head, $"/api/v1/dossiers/{d}/keep-back", new { until = Formats(165 + 365 * 2 + 5), reason = "Còn dùng" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync(Head, $"/api/v1/dossiers/{d}/keep-back", new { until = Formats(500) })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Head, $"/api/v1/dossiers/{d}/keep-back", new { until = Formats(500), reason = "Phục vụ tổng kết nhiệm kỳ" })).EnsureSuccessStatusCode();
        Assert.Equal(Formats(500), (await GetAsync(Keeper, $"/api/v1/dossiers/{d}")).Str("handoverDue"));
        var row = (await GetAsync(Archive, "/api/v1/archive/due?organizationCode=I02.36")).EnumerateArray().Single(x => x.Str("id") == d);
        Assert.True(row.GetProperty("keptBack").GetBoolean());

        // Its keeper leaves: the head (or the archive) gives it to a colleague, who is told; an officer may not, nor to someone outside.
        await (await PostAsync(Colleague, $"/api/v1/dossiers/{d}/keeper", new { userName = "ttbich.ldld" })).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        await (await PostAsync(Head, $"/api/v1/dossiers/{d}/keeper", new { userName = "ntlan.tld" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_KEEPER_UNKNOWN");
        (await PostAsync(Archive, $"/api/v1/dossiers/{d}/keeper", new { userName = "ttbich.ldld" })).EnsureSuccessStatusCode();
        Assert.Equal("ttbich.ldld", (await GetAsync("ttbich.ldld", $"/api/v1/dossiers/{d}")).Str("keeperUserName"));
        Assert.Contains(await app.NotificationsAsync("ttbich.ldld"), n => n.Str("link") == $"/dossiers/{d}");
        await (await (await app.ClientAsAsync(Keeper)).GetAsync($"/api/v1/dossiers/{d}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
    }

    [Fact]
    public async Task AnOrganThatNamesAnArchivist_HasItsArchiveWorkDoneByThemNotByItsClerk()
    {
        // The Confederation (I02) names Vũ Đức Thắng its archivist: from then on its clerk is no longer its archive.
        using var root = await app.ClientAsAsync("nqtri.tld");
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync("/api/v1/archive/due?organizationCode=I02")).JsonAsync(HttpStatusCode.OK);
        (await root.PostJsonAsync(await app.ResolveAsync("/api/v1/users/{vdthang.tld}/roles"), new { role = "Archivist", organizationCode = "I02" })).EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync("vdthang.tld", fresh: true)).GetAsync("/api/v1/archive/due?organizationCode=I02")).JsonAsync(HttpStatusCode.OK);
        await (await (await app.ClientAsAsync("lthoa.tld", fresh: true)).GetAsync("/api/v1/archive/due?organizationCode=I02")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    private string Formats(int days) => DossierSteps.Day(app, days);
}

public sealed class ArchiveHandoverTestsSqlite(SqliteAppFixture f) : ArchiveHandoverTests(f), IClassFixture<SqliteAppFixture>;
public sealed class ArchiveHandoverTestsPostgres(PostgresAppFixture f) : ArchiveHandoverTests(f), IClassFixture<PostgresAppFixture>;
