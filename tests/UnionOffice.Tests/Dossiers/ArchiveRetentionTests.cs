using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Files;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// The archive's keeping rules on both databases (issue 17; NĐ30 Phụ lục VI IV.1g): a dossier frozen on an authority's
/// order cannot be changed, handed on or destroyed until the head lifts the order; dossiers whose retention has ended are
/// destroyed only after the appraisal council's conclusion and the head's decision, under a record the archivist signs —
/// their own files are then gone from the store; and who is refused at each step.
/// </summary>
public abstract class ArchiveRetentionTests(AppFixture app)
{
    private const string Keeper = "nvan.ldld", Archive = "htthu.ldld", Head = "pstoan.ldld", Officer = "dvduc.ldld", Pin = "123456";
    private const int SevenYears = 7 * 366;

    private Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) => DossierSteps.PostAsync(app, user, url, body);

    [Fact]
    public async Task AFrozenDossier_CannotBeChanged_UntilTheOrderIsLifted()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var d = await DossierSteps.OpenAsync(app, Keeper, $"F{tag}", $"Hồ sơ thanh tra {tag}", 10, 30);
        var doc = await DossierSteps.IncomingAsync(app, $"Văn bản thanh tra {tag}", Keeper, 20);
        await (await PostAsync(Keeper, "/api/v1/archive/holds", new { organizationCode = "I02.36", reference = "QĐ 1", dossierIds = new[] { d } }))
            .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Head, "/api/v1/archive/holds", new { organizationCode = "I02.36", reference = "", dossierIds = new[] { d } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        var hold = (await (await PostAsync(Head, "/api/v1/archive/holds", new
        {
            organizationCode = "I02.36", reference = "Quyết định số 12/QĐ-UBKT của Ủy ban Kiểm tra", reason = "Phục vụ kiểm tra", dossierIds = new[] { d },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var refused = await (await PostAsync(Keeper, $"/api/v1/dossiers/{d}/items", new { kind = "Incoming", documentId = doc })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_FROZEN");
        Assert.Contains("Quyết định số 12/QĐ-UBKT", refused.Str("message"));
        await (await PostAsync(Keeper, $"/api/v1/dossiers/{d}/close")).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_FROZEN");
        await (await PostAsync(Head, $"/api/v1/dossiers/{d}/keeper", new { userName = "ttbich.ldld" })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_FROZEN");
        var holds = (await (await (await app.ClientAsAsync(Archive)).GetAsync("/api/v1/archive/holds?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray();
        Assert.Contains(holds, h => h.Str("id") == hold && h.GetProperty("dossiers")[0].Str("id") == d);
        await (await (await app.ClientAsAsync(Officer)).GetAsync("/api/v1/archive/holds?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        await (await PostAsync(Archive, $"/api/v1/archive/holds/{hold}/lift", new { reason = "Xong" })).ErrorAsync(HttpStatusCode.NotFound, "HOLD_NOT_FOUND");
        await (await PostAsync(Head, $"/api/v1/archive/holds/{hold}/lift", new { reason = "" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Head, $"/api/v1/archive/holds/{hold}/lift", new { reason = "Kết thúc kiểm tra theo Thông báo số 20/TB-UBKT" })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, $"/api/v1/archive/holds/{hold}/lift", new { reason = "Lần hai" })).ErrorAsync(HttpStatusCode.Conflict, "HOLD_LIFTED");
        (await PostAsync(Keeper, $"/api/v1/dossiers/{d}/items", new { kind = "Incoming", documentId = doc })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ExpiredDossiers_AreDestroyedOnlyAfterAppraisalAndTheHeadsDecision_UnderASignedRecord()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var photo = Outgoing.OutgoingFlowTests.DraftPdf($"Ảnh hội nghị {tag}");
        var expired = await DossierSteps.ArchivedAsync(app, Keeper, $"X{tag}", $"Hồ sơ hội thao {tag}", $"V/v tổ chức hội thao {tag}", 5, SevenYears, photo);
        var frozen = await DossierSteps.ArchivedAsync(app, Keeper, $"Y{tag}", $"Hồ sơ thi đua {tag}", $"V/v thi đua {tag}", 5, SevenYears);
        var permanent = await DossierSteps.ArchivedAsync(app, Keeper, $"Z{tag}", $"Hồ sơ đại hội {tag}", $"V/v đại hội {tag}", null, SevenYears);
        var fileSha = await app.WithDbAsync(db => db.DocumentFiles.Where(f => f.OwnerType == "dossier" && f.OwnerId == Guid.Parse(expired)).Select(f => f.Sha256).SingleAsync());

        // What has expired: the archive and the head see it; an officer may not.
        using var archive = await app.ClientAsAsync(Archive);
        var list = (await (await archive.GetAsync("/api/v1/archive/expired?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(e => e.Str("id")).ToList();
        Assert.Contains(expired, list);
        Assert.Contains(frozen, list);
        Assert.DoesNotContain(permanent, list);
        await (await (await app.ClientAsAsync(Officer)).GetAsync("/api/v1/archive/expired?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // A frozen dossier cannot be listed for destruction; a permanent one is not expired; the head does not list, the archive does.
        (await PostAsync(Head, "/api/v1/archive/holds", new { organizationCode = "I02.36", reference = "Công văn số 5/CV-CA của Công an tỉnh", dossierIds = new[] { frozen } }))
            .EnsureSuccessStatusCode();
        Assert.True((await (await archive.GetAsync("/api/v1/archive/expired?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(e => e.Str("id") == frozen).GetProperty("frozen").GetBoolean());
        await (await PostAsync(Archive, "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = new[] { expired, frozen } }))
            .ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_FROZEN");
        await (await PostAsync(Archive, "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = new[] { permanent } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync(Head, "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = new[] { expired } })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var disposal = (await (await PostAsync(Archive, "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = new[] { expired } }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Archive, "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = new[] { expired } }))
            .ErrorAsync(HttpStatusCode.Conflict, "DISPOSAL_DUPLICATE");

        // Appraisal, then decision, then destruction — in that order, each by its own people.
        await (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/destroy", new { pin = Pin })).ErrorAsync(HttpStatusCode.Conflict, "DISPOSAL_WRONG_STATUS");
        await (await PostAsync(Head, $"/api/v1/archive/disposals/{disposal}/appraise", new { appraisal = "Đồng ý" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/approve", new { decision = "QĐ" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Head, $"/api/v1/archive/disposals/{disposal}/approve", new { decision = "QĐ" })).ErrorAsync(HttpStatusCode.Conflict, "DISPOSAL_WRONG_STATUS");
        await (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/appraise", new { appraisal = "" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/appraise", new
        {
            appraisal = "Hội đồng xác định giá trị tài liệu họp ngày 01/12/2026 (Phan Song Toàn, Lê Văn Bình, Hồ Thị Thu) thống nhất: hồ sơ hết giá trị, đề nghị hủy.",
        })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, $"/api/v1/archive/disposals/{disposal}/approve", new { decision = "" })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Head, $"/api/v1/archive/disposals/{disposal}/approve", new { decision = "Quyết định số 30/QĐ-LĐLĐ ngày 02/12/2026 về việc hủy tài liệu hết giá trị" }))
            .EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync(Officer)).GetAsync($"/api/v1/archive/disposals/{disposal}")).ErrorAsync(HttpStatusCode.NotFound, "DISPOSAL_NOT_FOUND");

        // Frozen after the decision: still not destroyed.
        var late = (await (await PostAsync(Head, "/api/v1/archive/holds", new { organizationCode = "I02.36", reference = "Yêu cầu số 9 của Thanh tra tỉnh", dossierIds = new[] { expired } }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/destroy", new { pin = Pin })).ErrorAsync(HttpStatusCode.Conflict, "DOSSIER_FROZEN");
        (await PostAsync(Head, $"/api/v1/archive/holds/{late}/lift", new { reason = "Thanh tra tỉnh thông báo không cần" })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, $"/api/v1/archive/disposals/{disposal}/destroy", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/destroy", new { pin = "000000" })).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        Assert.True(await app.Services.GetRequiredService<IFileStore>().OpenReadAsync(fileSha, default) is { } still && Dispose(still));
        (await PostAsync(Archive, $"/api/v1/archive/disposals/{disposal}/destroy", new { pin = Pin })).EnsureSuccessStatusCode();

        // Destroyed: its line says so, its own file is gone from the store, its documents stay in the registers.
        var done = await (await archive.GetAsync($"/api/v1/archive/disposals/{disposal}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Destroyed", done.Str("status"));
        Assert.Equal(0, done.GetProperty("dossiers")[0].GetProperty("items").GetInt32());
        var ex = await Assert.ThrowsAsync<DomainException>(() => app.Services.GetRequiredService<IFileStore>().OpenReadAsync(fileSha, default));
        Assert.Equal("FILE_NOT_FOUND", ex.Error.Code);
        Assert.Equal("Destroyed", await app.WithDbAsync(db => db.Dossiers.Where(x => x.Id == Guid.Parse(expired)).Select(x => x.Status.ToString()).SingleAsync()));
        Assert.Empty((await (await archive.GetAsync($"/api/v1/archive/search?organizationCode=I02.36&q=hoi%20thao%20{tag}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());

        // The destruction record: its grounds, the list, the archivist's valid signature.
        var record = await (await archive.GetAsync($"/api/v1/archive/disposals/{disposal}/record")).Content.ReadAsByteArrayAsync();
        var text = ExportReader.PdfText(record);
        Assert.Contains("BIÊN BẢN HỦY TÀI LIỆU HẾT GIÁ TRỊ", text);
        Assert.Contains("Quyết định số 30/QĐ-LĐLĐ", text);
        Assert.Contains("Hội đồng xác định giá trị tài liệu", text);
        Assert.Contains($"X{tag}", text);
        var pdfsig = await Pdfsig.RunAsync(record, await app.TestRootPemAsync());
        Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 1, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Hồ Thị Thu", pdfsig);
    }

    private static bool Dispose(Stream s)
    {
        s.Dispose();
        return true;
    }
}

public sealed class ArchiveRetentionTestsSqlite(SqliteAppFixture f) : ArchiveRetentionTests(f), IClassFixture<SqliteAppFixture>;
public sealed class ArchiveRetentionTestsPostgres(PostgresAppFixture f) : ArchiveRetentionTests(f), IClassFixture<PostgresAppFixture>;
