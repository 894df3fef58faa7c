using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Files;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Data;

/// <summary>
/// An installation whose contents live in an S3 bucket (on s3rver, a real S3-speaking server on loopback), with the
/// Confederation (I02) reached through a peer, so that what it sends goes into the exchange's spool, in the bucket too.
/// </summary>
public interface IS3Installation
{
    LocalS3 S3 { get; }
    string Bucket { get; }
}

public sealed class S3SqliteFixture : SqliteAppFixture, IS3Installation
{
    public LocalS3 S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. S3.Settings(Bucket), .. S3Installation.PeerSettings];

    public override async Task InitializeAsync()
    {
        S3 = await LocalS3.SharedAsync();
        Bucket = await S3.NewBucketAsync();
        await base.InitializeAsync();
    }
}

public sealed class S3PostgresFixture : PostgresAppFixture, IS3Installation
{
    public LocalS3 S3 { get; private set; } = null!;
    public string Bucket { get; private set; } = "";
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [.. S3.Settings(Bucket), .. S3Installation.PeerSettings];

    public override async Task InitializeAsync()
    {
        S3 = await LocalS3.SharedAsync();
        Bucket = await S3.NewBucketAsync();
        await base.InitializeAsync();
    }
}

/// <summary>
/// Issue 21 §2: files on S3-compatible object storage. Documents registered and issued land in the bucket, content-addressed
/// (the object's name is the SHA-256 of its bytes, the bytes are those uploaded), once however often they are stored; the
/// exchange's messages too; nothing in the local folder. Reading streams them back. The sweep removes an unreferenced
/// content only after the grace, keeps it aside until the next sweep and gives it back to a row that points at it
/// meanwhile; a destruction removes it for good. The readiness check writes to the bucket, and says so when it cannot.
/// </summary>
public abstract class S3StoreTests(AppFixture app)
{
    private const string Prefix = "uo/";
    private IS3Installation Bucketed => (IS3Installation)app;

    private static string Key(string sha) => $"{Prefix}files/{sha[..2]}/{sha[2..4]}/{sha}";

    [Fact]
    public async Task RegisteredAndIssuedDocuments_AreInTheBucket_ContentAddressed_StoredOnce_AndReadBack()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var pdf = OutgoingFlowTests.DraftPdf($"Công văn lưu trên kho đối tượng {Guid.NewGuid():N}");
        var done = await (await clerk.PostAsync("/api/v1/incoming/with-files",
            RegisterWithFilesTests.Form(RegisterWithFilesTests.Doc("I02.36", "Công văn lưu trên kho đối tượng", today: Common.Formats.Today(app.Clock)), ("cong-van.pdf", pdf))))
            .JsonAsync(HttpStatusCode.Created);
        var file = done.GetProperty("files")[0];
        var sha = file.Str("sha256");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), sha);
        Assert.Equal(pdf, await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(sha)));
        // Nothing of it on the local disk.
        Assert.False(Directory.Exists(app.StorageRoot) && Directory.EnumerateFiles(app.StorageRoot, sha, SearchOption.AllDirectories).Any());
        // Read back through the application, streamed from the bucket.
        Assert.Equal(pdf, await (await clerk.GetAsync($"/api/v1/incoming/{done.Str("id")}/files/{file.Str("id")}")).Content.ReadAsByteArrayAsync());

        // The same bytes again: the same object, not a second one.
        var before = (await Bucketed.S3.ListAsync(Bucketed.Bucket, $"{Prefix}files/")).Count;
        var again = await app.Services.GetRequiredService<IFileStore>().PutAsync(new MemoryStream(pdf), "ban-sao.pdf", default);
        Assert.Equal(sha, again.Sha256);
        Assert.Equal(before, (await Bucketed.S3.ListAsync(Bucketed.Bucket, $"{Prefix}files/")).Count);

        // An outgoing document issued to the Confederation, reached through the peer: its signed file in the bucket, and the
        // edXML message for the axis in the bucket's exchange area, named by its hash.
        var (id, _) = await OutgoingFlowTests.IssueAsync(app, "V/v báo cáo gửi qua kho đối tượng", "I02");
        var issuedSha = await app.WithDbAsync(db => db.OutgoingDocuments.Where(d => d.Id == Guid.Parse(id)).Select(d => d.IssuedSha256!).SingleAsync());
        var issued = await clerk.GetAsync($"/api/v1/outgoing/{id}/file");
        Assert.Equal(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(issuedSha)), await issued.Content.ReadAsByteArrayAsync());
        var message = await app.WithDbAsync(db => db.ExchangeMessages.Where(m => m.OutgoingDocumentId == Guid.Parse(id)).Select(m => m.Sha256).SingleAsync());
        var edxml = await Bucketed.S3.GetAsync(Bucketed.Bucket, $"{Prefix}exchange/{message[..2]}/{message[2..4]}/{message}");
        Assert.NotNull(edxml);
        Assert.Equal(message, Convert.ToHexStringLower(SHA256.HashData(edxml)));
        Assert.Contains("edXMLEnvelope", System.Text.Encoding.UTF8.GetString(edxml));
    }

    [Fact]
    public async Task TheSweep_KeepsAnOrphanAsideUntilTheNextSweep_GivesItBackToARowThatNamesIt_AndADestructionRemovesItForGood()
    {
        var store = app.Services.GetRequiredService<IFileStore>();
        var orphan = await store.PutAsync(new MemoryStream(OutgoingFlowTests.DraftPdf($"Tệp mồ côi trên kho đối tượng {Guid.NewGuid():N}")), "mo-coi.pdf", default);
        var claimed = await store.PutAsync(new MemoryStream(OutgoingFlowTests.DraftPdf($"Tệp được nhận lại {Guid.NewGuid():N}")), "nhan-lai.pdf", default);
        await using var scope = app.Services.CreateAsyncScope();
        var sweep = scope.ServiceProvider.GetRequiredService<StorageSweep>();

        // Young: left alone.
        await sweep.RunAsync(dryRun: false, default);
        Assert.NotNull(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(orphan.Sha256)));

        // Older than the grace and unreferenced: out of its place, kept aside.
        app.Clock.Advance(TimeSpan.FromDays(2));
        var report = await sweep.RunAsync(dryRun: false, default);
        Assert.True(report.OrphansRemoved >= 2, $"{report}");
        Assert.Null(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(orphan.Sha256)));
        Assert.NotNull(await Bucketed.S3.GetAsync(Bucketed.Bucket, $"{Prefix}trash/files/{orphan.Sha256}"));

        // A row that names one after all (committed while the sweep ran): reading it puts it back.
        await app.WithDbAsync(async db =>
        {
            var org = db.Organizations.First(o => o.Code == "I02.36").Id;
            var user = db.Users.First(u => u.UserName == "nvan.ldld").Id;
            var t = new Modules.Dossiers.ArchiveTransfer(org, user, null, null, app.Clock.GetUtcNow());
            typeof(Modules.Dossiers.ArchiveTransfer).GetProperty("RecordSha256")!.SetValue(t, claimed.Sha256);
            db.ArchiveTransfers.Add(t);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(claimed.Length, (await store.ReadAllBytesAsync(claimed.Sha256, default)).Length);
        Assert.NotNull(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(claimed.Sha256)));
        Assert.Null(await Bucketed.S3.GetAsync(Bucketed.Bucket, $"{Prefix}trash/files/{claimed.Sha256}"));

        // The next sweep, a grace later: what nobody claimed is deleted for good.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await sweep.RunAsync(dryRun: false, default);
        Assert.Null(await Bucketed.S3.GetAsync(Bucketed.Bucket, $"{Prefix}trash/files/{orphan.Sha256}"));
        await Assert.ThrowsAsync<Common.DomainException>(() => store.OpenReadAsync(orphan.Sha256, default));
        Assert.NotNull(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(claimed.Sha256)));

        // A destruction: gone at once, nothing kept aside.
        var destroyed = await store.PutAsync(new MemoryStream(OutgoingFlowTests.DraftPdf($"Tệp bị hủy {Guid.NewGuid():N}")), "huy.pdf", default);
        Assert.Equal(1, await sweep.DestroyUnreferencedAsync([destroyed.Sha256], default));
        Assert.Null(await Bucketed.S3.GetAsync(Bucketed.Bucket, Key(destroyed.Sha256)));
        Assert.Null(await Bucketed.S3.GetAsync(Bucketed.Bucket, $"{Prefix}trash/files/{destroyed.Sha256}"));
    }

    [Fact]
    public async Task Readiness_WritesToTheBucket_AndSaysWhenTheBucketCannotBeWritten()
    {
        using var anonymous = app.CreateClient();
        // (The exchange queue's check may say "not ready" here: another test of the class moves the clock past a waiting message.)
        var ready = await (await anonymous.GetAsync("/health/ready")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(ready.GetProperty("checks").GetProperty("fileStore").GetProperty("ok").GetBoolean());
        Assert.Empty((await Bucketed.S3.ListAsync(Bucketed.Bucket, $"{Prefix}.ready/")));

        // A bucket that does not exist (deleted, misnamed): not ready, said in the log, nothing thrown.
        var options = Options.Create(new StorageOptions
        {
            Kind = StorageKind.S3,
            S3 = new S3StorageOptions { ServiceUrl = Bucketed.S3.ServiceUrl.ToString(), Bucket = "khong-co-thung-nay", AccessKey = LocalS3.AccessKey, SecretKey = LocalS3.SecretKey },
        });
        using var missing = new S3ContentStorage(options, TimeProvider.System, NullLogger<S3ContentStorage>.Instance);
        Assert.False(await missing.ProbeAsync(default));
    }
}

public static class S3Installation
{
    /// <summary>This installation serves Nghệ An; the Confederation is another's, reached through the axis (never contacted here).</summary>
    public static readonly KeyValuePair<string, string>[] PeerSettings =
    [
        new("Exchange:InstallationId", "nghean"), new("Exchange:Served:0", "I02.36"), new("Exchange:Served:1", "I02.36.*"),
        new("Exchange:Peers:0:Name", "tld"), new("Exchange:Peers:0:Endpoint", "https://127.0.0.1:9/"),
        new("Exchange:Peers:0:Secret", "khoa-bi-mat-chung-voi-tong-lien-doan-2026"), new("Exchange:Peers:0:Organs:0", "I02"),
    ];
}

public sealed class S3StoreTestsSqlite(S3SqliteFixture f) : S3StoreTests(f), IClassFixture<S3SqliteFixture>;
public sealed class S3StoreTestsPostgres(S3PostgresFixture f) : S3StoreTests(f), IClassFixture<S3PostgresFixture>;
