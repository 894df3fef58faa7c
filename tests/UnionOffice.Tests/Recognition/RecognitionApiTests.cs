using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Recognition;

/// <summary>POST /api/v1/incoming/recognize and the registration page's "Đọc từ bản quét", on both databases.</summary>
public abstract class RecognitionApiTests(AppFixture app)
{
    private const string Url = "/api/v1/incoming/recognize";

    private List<string> StoredFiles() =>
        Directory.Exists(app.StorageRoot) ? Directory.EnumerateFiles(app.StorageRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    [Fact]
    public async Task Clerk_GetsTheFieldsOfATextLayerPdf_ReadWithoutOcr()
    {
        var before = StoredFiles();
        var doc = (await TestScans.GetAsync(2))[0];
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var json = await (await clerk.UploadAsync(Url, "van-ban.pdf", doc.Pdf)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("text-layer", json.Str("source"));
        var p = json.GetProperty("proposal");
        var t = doc.Truth;
        Assert.Equal(t.CodeNumber, p.Str("codeNumber"));
        Assert.Equal(t.CodeNotation, p.Str("codeNotation"));
        Assert.Equal(t.IssuedOn.ToString("yyyy-MM-dd"), p.Str("issuedOn"));
        Assert.Equal(t.IssuerName, p.Str("issuerName"));
        Assert.Equal(t.TypeName, p.Str("typeName"));
        Assert.Equal(t.Subject, p.Str("subject"));
        Assert.Equal(t.IssuerCode, p.GetProperty("issuerCode").GetString());
        Assert.Contains(t.CodeNotation, json.Str("text"), StringComparison.Ordinal);
        // Nothing was stored (the store holds only what the demo seeding put there: the signature and seal images).
        Assert.Equal(before, StoredFiles());
    }

    [Fact]
    public async Task Clerk_GetsTheFieldsOfAScan_ByOcr()
    {
        var scan = (await TestScans.GetAsync(2, png: true))[1];
        Assert.Equal("image/png", scan.ScanContentType);
        using var clerk = await app.ClientAsAsync("lthoa.tld"); // a clerk of another organ may read scans too
        var json = await (await clerk.UploadAsync(Url, "ban-quet.png", scan.Scan)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ocr", json.Str("source"));
        Assert.Equal(1, json.GetProperty("pages").GetInt32());
        var p = json.GetProperty("proposal");
        Assert.Equal(scan.Truth.CodeNumber, p.Str("codeNumber"));
        Assert.Equal(scan.Truth.CodeNotation, p.Str("codeNotation"));
        Assert.Equal(scan.Truth.IssuedOn.ToString("yyyy-MM-dd"), p.Str("issuedOn"));
        Assert.True(p.GetProperty("confidence").GetProperty("codeNumber").GetDouble() > 0.5);
    }

    [Fact]
    public async Task MalformedAndUnsupportedFiles_AreRefusedInVietnamese()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        // Claims to be a PDF / a PNG by its first bytes, but is not one.
        await (await clerk.UploadAsync(Url, "hong.pdf", "%PDF-1.7\nthis is not a PDF at all\n%%EOF"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity, "RECOGNITION_FILE_UNREADABLE");
        byte[] fakePng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "garbage, not an image"u8.ToArray()];
        await (await clerk.UploadAsync(Url, "hong.png", fakePng)).ErrorAsync(HttpStatusCode.UnprocessableEntity, "RECOGNITION_FILE_UNREADABLE");
        // Not a scan at all: an executable, a Word document.
        var e = await (await clerk.UploadAsync(Url, "virus.pdf", "MZ\u0090\0 an executable"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.UnprocessableEntity, "RECOGNITION_FILE_UNSUPPORTED");
        Assert.Contains("PDF", e.Str("message"));
        await (await clerk.UploadAsync(Url, "cong-van.docx", Docx())).ErrorAsync(HttpStatusCode.UnprocessableEntity, "RECOGNITION_FILE_UNSUPPORTED");
        // Nothing sent.
        await (await clerk.UploadAsync(Url, "rong.pdf", [])).ErrorAsync(HttpStatusCode.BadRequest, "FILE_MISSING");
        await (await clerk.PostAsJsonAsync(Url, new { })).ErrorAsync(HttpStatusCode.BadRequest, "FILE_MISSING");
    }

    [Fact]
    public async Task OnlyClerks_MayHaveScansRead()
    {
        var doc = (await TestScans.GetAsync(2))[0];
        foreach (var user in new[] { "pstoan.ldld", "nvan.ldld", "nqtri.tld", "vmquan.ldld" })
        {
            using var c = await app.ClientAsAsync(user);
            await (await c.UploadAsync(Url, "van-ban.pdf", doc.Pdf)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
        using var anon = app.CreateClient();
        await (await anon.UploadAsync(Url, "van-ban.pdf", doc.Pdf)).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task RegistrationPage_ReadsTheScan_AndFillsTheFormForTheClerkToConfirm()
    {
        var doc = (await TestScans.GetAsync(2))[0];
        using var ui = await UiSession.LoginAsync(app, "htthu.ldld");
        var html = await RecognizeOnPageAsync(ui, doc.Pdf);
        var page = new HtmlParser().ParseDocument(html);
        Assert.Contains("Đã đọc trang đầu của bản quét", page.QuerySelector(".alert.ok")?.TextContent ?? html, StringComparison.Ordinal);
        var form = page.QuerySelector("#register-incoming")!;
        Assert.Equal(doc.Truth.CodeNumber, form.QuerySelector("input[name='Input.CodeNumber']")?.GetAttribute("value"));
        Assert.Equal(doc.Truth.CodeNotation, form.QuerySelector("input[name='Input.CodeNotation']")?.GetAttribute("value"));
        Assert.Equal(doc.Truth.IssuedOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector("input[name='Input.IssuedDate']")?.GetAttribute("value")); // as people write it
        Assert.Equal(doc.Truth.IssuerName, form.QuerySelector("input[name='Input.IssuerName']")?.GetAttribute("value"));
        Assert.Equal(doc.Truth.TypeName, form.QuerySelector("input[name='Input.TypeName']")?.GetAttribute("value"));
        Assert.Equal(doc.Truth.Subject, form.QuerySelector("textarea[name='Input.Subject']")?.TextContent);

        // A file that is not a scan: the page says why, in Vietnamese.
        var refused = new HtmlParser().ParseDocument(await RecognizeOnPageAsync(ui, "MZ not a scan"u8.ToArray()));
        Assert.Contains("Chỉ đọc được bản quét", refused.QuerySelector(".alert.error")?.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Posts the page's "recognize" form (multipart, with its antiforgery fields) and returns the page.</summary>
    internal static async Task<string> RecognizeOnPageAsync(UiSession ui, byte[] scan)
    {
        var html = await (await ui.Client.GetAsync("/incoming/new")).Content.ReadAsStringAsync();
        var form = new HtmlParser().ParseDocument(html).QuerySelector("#recognize-scan")
            ?? throw new InvalidOperationException("The registration page has no scan form.");
        using var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]"))
            content.Add(new StringContent(hidden.GetAttribute("value") ?? ""), hidden.GetAttribute("name")!);
        content.Add(new ByteArrayContent(scan), "scan", "ban-quet.pdf");
        var response = await ui.Client.PostAsync("/incoming/new", content);
        return await response.Content.ReadAsStringAsync();
    }

    private static byte[] Docx()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            w.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>");
        }
        return ms.ToArray();
    }
}

public sealed class RecognitionApiTestsSqlite(SqliteAppFixture f) : RecognitionApiTests(f), IClassFixture<SqliteAppFixture>;
public sealed class RecognitionApiTestsPostgres(PostgresAppFixture f) : RecognitionApiTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>A server without tesseract (as on a quick-start machine).</summary>
public sealed class NoOcrFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Recognition:Tesseract", "/nonexistent/tesseract")];
}

public sealed class RecognitionWithoutOcrTests(NoOcrFixture app) : IClassFixture<NoOcrFixture>
{
    [Fact]
    public async Task AScan_Is503WithAVietnameseMessage_ButATextLayerPdfIsStillRead()
    {
        var scans = await TestScans.GetAsync(2, png: true);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var e = await (await clerk.UploadAsync("/api/v1/incoming/recognize", "ban-quet.png", scans[1].Scan))
            .ErrorAsync(HttpStatusCode.ServiceUnavailable, "OCR_UNAVAILABLE");
        Assert.Contains("Tesseract", e.Str("message"));
        var json = await (await clerk.UploadAsync("/api/v1/incoming/recognize", "van-ban.pdf", scans[0].Pdf)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("text-layer", json.Str("source"));
    }

    [Fact]
    public async Task ThePage_SaysOcrIsMissing_AndOffersNoButton()
    {
        using var ui = await UiSession.LoginAsync(app, "htthu.ldld");
        var page = new HtmlParser().ParseDocument(await (await ui.Client.GetAsync("/incoming/new")).Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("#recognize-scan button[disabled]"));
        Assert.Contains("chưa cài công cụ nhận dạng chữ", page.QuerySelector("#recognize-scan + p")?.TextContent ?? page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#register-incoming")); // registering by hand still works
    }
}

public sealed class RecognitionLimitTests(Incoming.SmallFilesFixture app) : IClassFixture<Incoming.SmallFilesFixture>
{
    [Fact]
    public async Task AFileOverTheStoreLimit_IsRefused()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var big = new byte[5000];
        "%PDF-1.4"u8.CopyTo(big);
        await (await clerk.UploadAsync("/api/v1/incoming/recognize", "lon.pdf", big)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "FILE_TOO_LARGE");
    }
}

/// <summary>
/// The registration page asks whether OCR is installed while it renders (tesseract --list-langs, once, then cached).
/// A fresh server with the real tool, the page first: it must render, not deadlock on the renderer's context.
/// </summary>
public sealed class RecognitionPageFirstRenderTests(SqliteAppFixture app) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task TheRegistrationPage_RendersWithTheOcrCheck_AndOffersTheScanAction()
    {
        using var ui = await UiSession.LoginAsync(app, "htthu.ldld");
        // A deadlocked render never answers (and ignores cancellation): give up waiting instead, so the test fails.
        var response = await ui.Client.GetAsync("/incoming/new").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var button = page.QuerySelector("#recognize-scan button");
        Assert.NotNull(button);
        Assert.False(button.HasAttribute("disabled"), "tesseract (vie) is installed here, so the action is offered");
    }
}
