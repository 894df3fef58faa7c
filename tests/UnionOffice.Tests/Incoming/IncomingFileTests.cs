using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

public abstract class IncomingFileTests(AppFixture app)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private async Task<string> RegisterAsync()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var r = await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "LĐLĐ huyện Nghi Lộc", codeNumber = $"{Random.Shared.Next(10000, 99999)}", codeNotation = "LĐLĐ",
            issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Báo cáo", subject = "Báo cáo kết quả chuyển đổi số quý IV",
        })).JsonAsync(HttpStatusCode.Created);
        return r.Str("id");
    }

    [Fact]
    public async Task Clerk_AttachesAPdf_StoredByItsHash_OpenedInlineAndLogged()
    {
        var id = await RegisterAsync();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var files = await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "bao-cao.pdf", Pdf)).JsonAsync(HttpStatusCode.OK);
        var file = files.EnumerateArray().Single();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), file.Str("sha256"));
        Assert.Equal("application/pdf", file.Str("contentType"));

        using var head = await app.ClientAsAsync("pstoan.ldld");
        var response = await head.GetAsync($"/api/v1/incoming/{id}/files/{file.Str("id")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "incoming.file.viewed" && e.ActorUserName == "pstoan.ldld" && e.TargetId == id)));

        // The same bytes again, on another document: one file on disk.
        var other = await RegisterAsync();
        (await clerk.UploadAsync($"/api/v1/incoming/{other}/files", "ban-sao.pdf", Pdf)).EnsureSuccessStatusCode();
        Assert.Single(Directory.EnumerateFiles(app.StorageRoot, file.Str("sha256"), SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ADownloadedPdf_IsAMarkedCopy_WhoAndWhen_WithTheOriginalRevisionIntact()
    {
        var id = await RegisterAsync();
        var composed = new UnionOffice.Pdf.PdfComposer();
        composed.AddPage().Text(60, 100, "Công văn về việc báo cáo kết quả chuyển đổi số", UnionOffice.Pdf.StandardFonts.Serif(), 13);
        var original = composed.ToArray();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var file = (await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "cong-van.pdf", original)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single();

        using var head = await app.ClientAsAsync("pstoan.ldld");
        Assert.Equal(original, await (await head.GetAsync($"/api/v1/incoming/{id}/files/{file.Str("id")}")).Content.ReadAsByteArrayAsync()); // viewing: the original
        var download = await head.GetAsync($"/api/v1/incoming/{id}/files/{file.Str("id")}?download=true");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("cong-van.pdf", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
        var copy = await download.Content.ReadAsByteArrayAsync();
        Assert.True(copy.AsSpan(0, original.Length).SequenceEqual(original));
        var text = UnionOffice.Tests.Infrastructure.ExportReader.PdfText(copy);
        Assert.Contains("Bản sao điện tử của Phan Song Toàn (pstoan.ldld), tải lúc", text);
        Assert.Contains("Công văn về việc báo cáo kết quả chuyển đổi số", text);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "incoming.file.downloaded" && e.ActorUserName == "pstoan.ldld" && e.Details!.Contains("\"marked\":true"))));

        // A damaged PDF cannot be marked: it is given as it is, and the audit says it was not marked.
        var broken = (await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "hong.pdf", Pdf)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single();
        Assert.Equal(Pdf, await (await head.GetAsync($"/api/v1/incoming/{id}/files/{broken.Str("id")}?download=true")).Content.ReadAsByteArrayAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "incoming.file.downloaded" && e.Details!.Contains("\"marked\":false"))));
    }

    [Fact]
    public async Task DisguisedOrEmptyFiles_AreRefused_AndNothingIsAttached()
    {
        var id = await RegisterAsync();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "virus.pdf", "MZ\u0090\0 this is an executable"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.UnsupportedMediaType, "FILE_TYPE_REFUSED");
        await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "fake.docx", "PK\u0003\u0004not really a zip"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.UnsupportedMediaType, "FILE_TYPE_REFUSED");
        await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "rong.pdf", [])).ErrorAsync(HttpStatusCode.BadRequest, "FILE_MISSING");
        Assert.Empty((await (await clerk.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Empty(Directory.Exists(app.StorageRoot) ? Directory.EnumerateFiles(app.StorageRoot, ".upload-*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task OnlyTheClerkAttaches_AndOnlyReadersOpen()
    {
        var id = await RegisterAsync();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var file = (await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "a.pdf", Pdf)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single();
        using var head = await app.ClientAsAsync("pstoan.ldld");
        await (await head.UploadAsync($"/api/v1/incoming/{id}/files", "b.pdf", Pdf)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.GetAsync($"/api/v1/incoming/{id}/files/{file.Str("id")}")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var otherClerk = await app.ClientAsAsync("lthoa.tld");
        await (await otherClerk.GetAsync($"/api/v1/incoming/{id}/files")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");

        // The pages' file route, with cookies: the same rules.
        using var anon = new UnionOffice.Tests.Ui.UiSession(app);
        Assert.Equal(HttpStatusCode.Redirect, (await anon.Client.GetAsync($"/incoming/{id}/files/{file.Str("id")}")).StatusCode);
        using var stranger = await UnionOffice.Tests.Ui.UiSession.LoginAsync(app, "lthoa.tld");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/incoming/{id}/files/{file.Str("id")}")).StatusCode);
        using var reader = await UnionOffice.Tests.Ui.UiSession.LoginAsync(app, "pstoan.ldld");
        Assert.Equal(Pdf, await (await reader.Client.GetAsync($"/incoming/{id}/files/{file.Str("id")}")).Content.ReadAsByteArrayAsync());
    }
}

public sealed class IncomingFileTestsSqlite(SqliteAppFixture f) : IncomingFileTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFileTestsPostgres(PostgresAppFixture f) : IncomingFileTests(f), IClassFixture<PostgresAppFixture>;

public sealed class SmallFilesFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Storage:MaxFileBytes", "4096")];
}

public sealed class IncomingFileLimitTests(SmallFilesFixture app) : IClassFixture<SmallFilesFixture>
{
    [Fact]
    public async Task FileOverTheLimit_IsRefused_AndLeavesNothingBehind()
    {
        List<string> Stored() => Directory.Exists(app.StorageRoot) ? Directory.EnumerateFiles(app.StorageRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        var before = Stored(); // what the demo seeding stored (signature images small enough for this limit)
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Sở Nội vụ", codeNumber = "12", codeNotation = "SNV",
            issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "Tệp lớn",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var big = new byte[5000];
        "%PDF-1.4"u8.CopyTo(big);
        var e = await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "lon.pdf", big)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "FILE_TOO_LARGE");
        Assert.Contains("quá lớn", e.Str("message"));
        Assert.Equal(before, Stored());
    }
}

public sealed class RegisterWithFilesLimitTests(SmallFilesFixture app) : IClassFixture<SmallFilesFixture>
{
    [Fact]
    public async Task AFileOverTheLimit_RefusesTheRegistration_WithNothingStoredAndNoNumberUsed()
    {
        List<string> Stored() => Directory.Exists(app.StorageRoot) ? Directory.EnumerateFiles(app.StorageRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
        var before = Stored();
        var numbers = await app.WithDbAsync(db => db.IncomingRegisters.SumAsync(r => r.LastNumber));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var big = new byte[5000];
        "%PDF-1.4"u8.CopyTo(big);
        var e = await (await clerk.PostAsync("/api/v1/incoming/with-files", RegisterWithFilesTests.Form(
            RegisterWithFilesTests.Doc("I02.36", "Tệp lớn kèm đăng ký", today: Formats.Today(app.Clock)), ("lon.pdf", big)))).ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "FILE_TOO_LARGE");
        Assert.Contains("quá lớn", e.Str("message"));
        Assert.Equal(before, Stored());
        Assert.False(await app.WithDbAsync(db => db.IncomingDocuments.AnyAsync(d => d.Subject == "Tệp lớn kèm đăng ký")));
        Assert.Equal(numbers, await app.WithDbAsync(db => db.IncomingRegisters.SumAsync(r => r.LastNumber)));
    }
}
