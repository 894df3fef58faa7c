using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// The archive in use (issue 17; NĐ30 Phụ lục VI III.6c, 6d, 6l) on both databases: finding archived dossiers — by their
/// own description for everyone of the organ, also by their documents for the archive and the head —, asking to consult
/// one, the head approving for a limited time or refusing, reading it and its files while approved and not after, every
/// reading logged; and who is refused.
/// </summary>
public abstract class ArchiveUseTests(AppFixture app)
{
    private const string Keeper = "nvan.ldld", Archive = "htthu.ldld", Head = "pstoan.ldld", Reader = "dvduc.ldld";

    private Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) => DossierSteps.PostAsync(app, user, url, body);

    private async Task<List<JsonElement>> SearchAsync(string user, string q) =>
        (await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/archive/search?organizationCode=I02.36&q={Uri.EscapeDataString(q)}"))
            .JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    [Fact]
    public async Task ArchivedDossiers_AreFound_AndReadOnAnApprovedRequestUntilItsLastDayOnly()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var photo = Outgoing.OutgoingFlowTests.DraftPdf($"Ảnh đại hội {tag}");
        var dossier = await DossierSteps.ArchivedAsync(app, Keeper, $"L{tag}", $"Hồ sơ Đại hội công đoàn {tag}", $"V/v chuẩn bị nhân sự khóa mới x{tag}", file: photo);

        // Everyone of the organ finds it by its own description (without diacritics too); only the archive and the head by what its documents say.
        var found = Assert.Single(await SearchAsync(Reader, $"dai hoi {tag}"));
        Assert.Equal(dossier, found.Str("id"));
        Assert.False(found.GetProperty("canRead").GetBoolean());
        Assert.Empty(await SearchAsync(Reader, $"x{tag}"));
        Assert.True(Assert.Single(await SearchAsync(Archive, $"x{tag}")).GetProperty("canRead").GetBoolean());
        Assert.Single(await SearchAsync(Head, $"nhân sự x{tag}"));
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync("/api/v1/archive/search?organizationCode=I02.36&q=hoi")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // Not readable without a request; asking: a purpose, at most 30 days, only for what is in the archive and not already readable.
        await (await (await app.ClientAsAsync(Reader)).GetAsync($"/api/v1/dossiers/{dossier}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var until = DossierSteps.Day(app, 10);
        await (await PostAsync(Reader, "/api/v1/archive/consults", new { dossierId = dossier, purpose = "", until })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync(Reader, "/api/v1/archive/consults", new { dossierId = dossier, purpose = "Tra cứu", until = DossierSteps.Day(app, 40) }))
            .ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync(Keeper, "/api/v1/archive/consults", new { dossierId = dossier, purpose = "Tra cứu", until })).ErrorAsync(HttpStatusCode.Conflict, "CONSULT_NEEDLESS");
        var open = await DossierSteps.OpenAsync(app, Keeper, $"O{tag}", "Hồ sơ chưa nộp lưu", 10, 1);
        await (await PostAsync(Reader, "/api/v1/archive/consults", new { dossierId = open, purpose = "Tra cứu", until })).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        await (await PostAsync("lthoa.tld", "/api/v1/archive/consults", new { dossierId = dossier, purpose = "Tra cứu", until })).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var request = (await (await PostAsync(Reader, "/api/v1/archive/consults", new { dossierId = dossier, purpose = "Chuẩn bị báo cáo tổng kết", until }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.Contains(await app.NotificationsAsync(Head), n => n.Str("kind") == "consult-asked" && n.Str("title").Contains("Chuẩn bị báo cáo tổng kết"));

        // Only the organ's head decides; a refusal needs its reason; approval for no longer than asked.
        await (await PostAsync(Reader, $"/api/v1/archive/consults/{request}/decide", new { approve = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await PostAsync(Archive, $"/api/v1/archive/consults/{request}/decide", new { approve = true })).ErrorAsync(HttpStatusCode.NotFound, "CONSULT_NOT_FOUND");
        await (await PostAsync(Head, $"/api/v1/archive/consults/{request}/decide", new { approve = false })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        await (await PostAsync(Head, $"/api/v1/archive/consults/{request}/decide", new { approve = true, until = DossierSteps.Day(app, 11) })).ErrorAsync(HttpStatusCode.BadRequest, "DOSSIER_INVALID");
        (await PostAsync(Head, $"/api/v1/archive/consults/{request}/decide", new { approve = true, until = DossierSteps.Day(app, 5) })).EnsureSuccessStatusCode();
        await (await PostAsync(Head, $"/api/v1/archive/consults/{request}/decide", new { approve = true })).ErrorAsync(HttpStatusCode.Conflict, "CONSULT_DECIDED");
        Assert.Contains(await app.NotificationsAsync(Reader), n => n.Str("kind") == "consult-decided" && n.Str("link") == $"/dossiers/{dossier}");

        // While approved: the dossier, its contents and each document's file, every reading logged.
        using var reader = await app.ClientAsAsync(Reader);
        var read = await (await reader.GetAsync($"/api/v1/dossiers/{dossier}")).JsonAsync(HttpStatusCode.OK);
        var item = read.GetProperty("items").EnumerateArray().Single(i => i.Str("kind") == "File").Str("id");
        var registered = read.GetProperty("items").EnumerateArray().Single(i => i.Str("kind") == "Incoming").Str("id");
        await (await reader.GetAsync($"/api/v1/dossiers/{dossier}/items/{registered}/file")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_ITEM_NO_FILE"); // registered without a scan
        Assert.True(Assert.Single(await SearchAsync(Reader, $"dai hoi {tag}")).GetProperty("canRead").GetBoolean());
        var file = await reader.GetAsync($"/api/v1/dossiers/{dossier}/items/{item}/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(photo, await file.Content.ReadAsByteArrayAsync());
        await (await reader.GetAsync($"/api/v1/dossiers/{dossier}/items/{Guid.NewGuid()}/file")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_ITEM_NOT_FOUND");
        await (await (await app.ClientAsAsync("ptngoc.ldld")).GetAsync($"/api/v1/dossiers/{dossier}/items/{item}/file")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var logged = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.TargetId == dossier && a.ActorUserName == Reader).Select(a => a.Action).ToListAsync());
        Assert.Contains("archive.dossier.read", logged);
        Assert.Contains("dossier.item.opened", logged);

        // After its last day, nothing; a request ended early likewise.
        app.Clock.Advance(TimeSpan.FromDays(6));
        await (await (await app.ClientAsAsync(Reader, fresh: true)).GetAsync($"/api/v1/dossiers/{dossier}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var second = (await (await PostAsync(Reader, "/api/v1/archive/consults", new { dossierId = dossier, purpose = "Đối chiếu lần hai", until = DossierSteps.Day(app, 3) }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        (await PostAsync(Head, $"/api/v1/archive/consults/{second}/decide", new { approve = true })).EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync(Reader)).GetAsync($"/api/v1/dossiers/{dossier}")).JsonAsync(HttpStatusCode.OK);
        await (await PostAsync("ptngoc.ldld", $"/api/v1/archive/consults/{second}/end")).ErrorAsync(HttpStatusCode.NotFound, "CONSULT_NOT_FOUND");
        (await PostAsync(Reader, $"/api/v1/archive/consults/{second}/end")).EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync(Reader)).GetAsync($"/api/v1/dossiers/{dossier}")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var mine = (await (await (await app.ClientAsAsync(Reader)).GetAsync("/api/v1/archive/consults")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(mine, c => c.Str("id") == second && c.Str("status") == "Ended");
        Assert.DoesNotContain((await (await (await app.ClientAsAsync("ptngoc.ldld")).GetAsync("/api/v1/archive/consults")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            c => c.Str("id") == second);
    }
}

public sealed class ArchiveUseTestsSqlite(SqliteAppFixture f) : ArchiveUseTests(f), IClassFixture<SqliteAppFixture>;
public sealed class ArchiveUseTestsPostgres(PostgresAppFixture f) : ArchiveUseTests(f), IClassFixture<PostgresAppFixture>;
