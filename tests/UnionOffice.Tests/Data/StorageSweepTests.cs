using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Files;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Data;

/// <summary>
/// Review finding 10: what a process killed mid-request leaves — half-written uploads, the tools' temporary folders,
/// contents stored but never referenced — is removed by the sweep once it is old, and nothing referenced or young is.
/// </summary>
public abstract class StorageSweepTests(AppFixture app)
{
    private static readonly DateTime Old = DateTime.UtcNow.AddDays(-3);

    private static string Aged(string path)
    {
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, Old);
        else File.SetLastWriteTimeUtc(path, Old);
        return path;
    }

    private string StoredPath(string sha) => Path.Combine(app.StorageRoot, sha[..2], sha[2..4], sha);

    [Fact]
    public async Task LeftoversOlderThanTheGrace_AreRemoved_ReferencedAndYoungFilesStay()
    {
        // A registered document's file: referenced, and made old.
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var pdf = Outgoing.OutgoingFlowTests.DraftPdf("Báo cáo giữ lại khi dọn");
        var done = await (await clerk.PostAsync("/api/v1/incoming/with-files",
            RegisterWithFilesTests.Form(RegisterWithFilesTests.Doc("I02.36", "Báo cáo giữ lại khi dọn", today: Common.Formats.Today(app.Clock)), ("bao-cao.pdf", pdf))))
            .JsonAsync(HttpStatusCode.Created);
        var kept = Aged(StoredPath(done.GetProperty("files")[0].Str("sha256")));

        // Contents stored by requests that died before their rows were written: one old, one young.
        var store = app.Services.GetRequiredService<IFileStore>();
        var orphan = await store.PutAsync(new MemoryStream(Outgoing.OutgoingFlowTests.DraftPdf("Tệp mồ côi cũ")), "mo-coi.pdf", default);
        Aged(StoredPath(orphan.Sha256));
        var fresh = await store.PutAsync(new MemoryStream(Outgoing.OutgoingFlowTests.DraftPdf("Tệp mồ côi mới")), "moi.pdf", default);
        // Half an upload in the store, a converter's folder, a form buffer: old. One upload in flight: young.
        var half = Aged(WriteFile(Path.Combine(app.StorageRoot, $".upload-{Guid.NewGuid():N}")));
        var inFlight = WriteFile(Path.Combine(app.StorageRoot, $".upload-{Guid.NewGuid():N}"));
        var ocr = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"uo-ocr-{Guid.NewGuid():N}")).FullName;
        WriteFile(Path.Combine(ocr, "page-1.pgm"));
        Aged(Path.Combine(ocr, "page-1.pgm"));
        Aged(ocr);
        var buffer = Aged(WriteFile(Path.Combine(Path.GetTempPath(), $"ASPNETCORE_{Guid.NewGuid():N}.tmp")));

        await using var scope = app.Services.CreateAsyncScope();
        var sweep = scope.ServiceProvider.GetRequiredService<StorageSweep>();
        var dry = await sweep.RunAsync(dryRun: true, default);
        Assert.True(dry.OrphansRemoved >= 1 && dry.TemporaryRemoved >= 3);
        Assert.True(File.Exists(StoredPath(orphan.Sha256)), "a dry run removes nothing");

        var report = await sweep.RunAsync(dryRun: false, default);
        Assert.True(report.OrphansRemoved >= 1 && report.TemporaryRemoved >= 3, $"{report}");
        Assert.False(File.Exists(StoredPath(orphan.Sha256)));
        Assert.False(File.Exists(half));
        Assert.False(Directory.Exists(ocr));
        Assert.False(File.Exists(buffer));
        Assert.True(File.Exists(kept), "a referenced file stays");
        Assert.True(File.Exists(StoredPath(fresh.Sha256)), "a young file stays: its row may be on its way");
        Assert.True(File.Exists(inFlight));
        (await clerk.GetAsync($"/api/v1/incoming/{done.Str("id")}/files/{done.GetProperty("files")[0].Str("id")}")).EnsureSuccessStatusCode();

        // The same bytes stored again make an old unreferenced content young: it is not swept from under its new row.
        var bytes = Outgoing.OutgoingFlowTests.DraftPdf("Tệp mồ côi được lưu lại");
        var again = await store.PutAsync(new MemoryStream(bytes), "lan-dau.pdf", default);
        Aged(StoredPath(again.Sha256));
        Assert.Equal(again.Sha256, (await store.PutAsync(new MemoryStream(bytes), "lan-hai.pdf", default)).Sha256);
        await sweep.RunAsync(dryRun: false, default);
        Assert.True(File.Exists(StoredPath(again.Sha256)));
        File.Delete(inFlight);
    }

    private static string WriteFile(string path)
    {
        File.WriteAllText(path, "dở dang");
        return path;
    }

    /// <summary>
    /// Every column of the model that holds a stored content's hash protects it from the sweep — found in the model, so a
    /// table added later (the archive's handover and destruction records) is covered without being listed by hand — and
    /// the extracted-text cache, keyed by a content, does not keep a content alive.
    /// </summary>
    [Fact]
    public async Task TheContentsItProtects_AreEveryHashColumnOfTheModel_ButTheTextCache()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UnionOffice.Data.AppDbContext>();
        var columns = StorageSweep.ContentColumns(db.Model);
        Assert.Contains(("DocumentFiles", "Sha256"), columns);
        Assert.Contains(("ArchiveTransfers", "RecordSha256"), columns);
        Assert.Contains(("DisposalLists", "RecordSha256"), columns);
        Assert.Contains(("OutgoingDocuments", "IssuedSha256"), columns);
        Assert.DoesNotContain(columns, c => c.Table == "FileTexts");

        // A content only a handover record points at stays, however old.
        var store = app.Services.GetRequiredService<IFileStore>();
        var record = await store.PutAsync(new MemoryStream(Outgoing.OutgoingFlowTests.DraftPdf("Biên bản giữ lại khi dọn")), "bien-ban.pdf", default);
        await app.WithDbAsync(async d =>
        {
            var org = d.Organizations.First(o => o.Code == "I02.36").Id;
            var user = d.Users.First(u => u.UserName == "nvan.ldld").Id;
            var t = new UnionOffice.Modules.Dossiers.ArchiveTransfer(org, user, null, null, DateTimeOffset.UtcNow);
            typeof(UnionOffice.Modules.Dossiers.ArchiveTransfer).GetProperty("RecordSha256")!.SetValue(t, record.Sha256);
            d.ArchiveTransfers.Add(t);
            return await d.SaveChangesAsync();
        });
        Aged(StoredPath(record.Sha256));
        await scope.ServiceProvider.GetRequiredService<StorageSweep>().RunAsync(dryRun: false, default);
        Assert.True(File.Exists(StoredPath(record.Sha256)));
    }
}

public sealed class StorageSweepTestsSqlite(SqliteAppFixture f) : StorageSweepTests(f), IClassFixture<SqliteAppFixture>;
public sealed class StorageSweepTestsPostgres(PostgresAppFixture f) : StorageSweepTests(f), IClassFixture<PostgresAppFixture>;
