using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Review finding 3: every door a container comes in by refuses a decompression bomb with a clear Vietnamese error and
/// keeps nothing of it — the incoming document's files (alone or with the registration), a draft's version, an account
/// import, a scan to read. How much memory the server spends on each is measured in bench/UnionOffice.Bombs.Bench.
/// </summary>
public abstract class DecompressionBombTests(AppFixture app)
{
    /// <summary>1.4 MB in the review; here a 300 MB document.xml (about 300 KB zipped).</summary>
    internal static readonly Lazy<byte[]> HonestDocx = new(() => Bombs.Docx(300 * Bombs.Mb));
    /// <summary>The same part, its headers saying 4 KB.</summary>
    internal static readonly Lazy<byte[]> LyingDocx = new(() => Bombs.Docx(300 * Bombs.Mb, declare: 4096));

    private async Task<string> RegisterAsync(HttpClient clerk, string subject)
    {
        var r = await clerk.PostJsonAsync("/api/v1/incoming", RegisterWithFilesTests.Doc("I02.36", subject, today: Common.Formats.Today(app.Clock)));
        return (await r.JsonAsync(HttpStatusCode.Created)).Str("id");
    }

    [Fact]
    public async Task ADocxBomb_AttachedToAnIncomingDocument_IsRefused_AndNothingIsKept()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = await RegisterAsync(clerk, "Báo cáo kèm tệp nén độc hại");
        var honest = await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "bao-cao.docx", HonestDocx.Value)).ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        Assert.Contains("word/document.xml", honest.Str("message"));
        Assert.Contains("vượt giới hạn", honest.Str("message"));
        var lying = await (await clerk.UploadAsync($"/api/v1/incoming/{id}/files", "bao-cao.docx", LyingDocx.Value)).ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        Assert.Contains("khai báo", lying.Str("message"));
        Assert.Equal(0, (await (await clerk.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.DoesNotContain(Directory.EnumerateFiles(app.StorageRoot, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith(".upload-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADocxBomb_WithTheRegistration_RegistersNothing_AndUsesNoNumber()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var subject = "Công văn đăng ký cùng tệp nén độc hại";
        await (await clerk.PostAsync("/api/v1/incoming/with-files",
                RegisterWithFilesTests.Form(RegisterWithFilesTests.Doc("I02.36", subject, today: Common.Formats.Today(app.Clock)), ("cong-van.docx", HonestDocx.Value))))
            .ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        Assert.False(await app.WithDbAsync(db => db.IncomingDocuments.AnyAsync(d => d.Subject == subject)));
    }

    [Fact]
    public async Task ADraftVersion_ThatIsADocxBomb_OrAPdfBomb_IsRefused()
    {
        var id = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v dự thảo nhận tệp nén độc hại", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "du-thao.docx", LyingDocx.Value)).ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        var pdf = await (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "du-thao.pdf", Bombs.Pdf(300 * Bombs.Mb))).ErrorAsync((HttpStatusCode)422, "PDF_INVALID");
        Assert.Contains("giải nén", pdf.Str("message"));
        Assert.Equal(1, (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task AnXlsxBomb_ForAnAccountImport_IsRefused_AndAColumnPastExcelsLast_IsUnreadable()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var before = await app.WithDbAsync(db => db.Users.CountAsync());
        var bomb = await (await admin.UploadAsync("/api/v1/users/import?organizationCode=I02.36", "nguoi-dung.xlsx", Bombs.Xlsx(200 * Bombs.Mb)))
            .ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        Assert.Contains("sheet1.xml", bomb.Str("message"));
        await (await admin.UploadAsync("/api/v1/users/import?organizationCode=I02.36", "nguoi-dung.xlsx", Bombs.Xlsx(100 * Bombs.Mb, declare: 2048)))
            .ErrorAsync((HttpStatusCode)422, "FILE_UNSAFE");
        // A cell seven letters past column A would have asked for a header array of billions (500 before): refused as unreadable.
        var wide = Bombs.Xlsx(0, rows: "<row r=\"1\"><c r=\"ZZZZZZZ1\" t=\"inlineStr\"><is><t>fullName</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Hồ Văn Rộng</t></is></c></row>");
        await (await admin.UploadAsync("/api/v1/users/import?organizationCode=I02.36", "nguoi-dung.xlsx", wide)).ErrorAsync(HttpStatusCode.BadRequest, "FILE_UNREADABLE");
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task AScanDeclaringTooManyPixels_IsRefusedBeforeOcr()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var e = await (await clerk.UploadAsync("/api/v1/incoming/recognize", "ban-quet.png", Bombs.Png(60_000, 60_000))).ErrorAsync((HttpStatusCode)422, "IMAGE_TOO_LARGE");
        Assert.Contains("60.000 × 60.000", e.Str("message").Replace(",", ".", StringComparison.Ordinal));
    }
}

public sealed class DecompressionBombTestsSqlite(SqliteAppFixture f) : DecompressionBombTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DecompressionBombTestsPostgres(PostgresAppFixture f) : DecompressionBombTests(f), IClassFixture<PostgresAppFixture>;
