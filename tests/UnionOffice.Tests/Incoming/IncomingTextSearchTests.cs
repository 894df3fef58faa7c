using System.Net;
using System.Net.Http.Headers;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Common;
using UnionOffice.Modules.Search;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>The text of attached files (PDF text layer, DOCX) is extracted in the background and searched like the metadata.</summary>
public abstract class IncomingTextSearchTests(AppFixture app)
{
    /// <summary>A number no other registration of this run has: two random ones from a range once met, and the second was a duplicate.</summary>
    private static int _number = Random.Shared.Next(100, 9_000_000);

    private async Task<string> RegisterAsync(string subject)
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        return (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Công đoàn ngành Xây dựng", codeNumber = $"{Interlocked.Increment(ref _number)}", codeNotation = "CĐXD-TC",
            issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
    }

    private async Task AttachAsync(string id, string name, byte[] bytes, string type)
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(content, "files", name);
        (await clerk.PostAsync($"/api/v1/incoming/{id}/files", form)).EnsureSuccessStatusCode();
    }

    private async Task<ExtractionRun> ExtractAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TextExtraction>().RunAsync(default);
    }

    /// <summary>
    /// A word of the query is a whole word of the document ("ngh" is not "nghị"; a Vietnamese word is one syllable, and
    /// "an" must not find "anh"); typed with a trailing '*' it matches the words it begins. Common words ("cong", "doan"
    /// are in nearly every entry) and rare ones mix freely, the same on both databases.
    /// </summary>
    [Fact]
    public async Task Words_MatchWholeWords_AndAStarMatchesTheWordsItBegins()
    {
        var tag = $"tk{Random.Shared.Next(100000, 999999)}";
        var absent = $"vk{Random.Shared.Next(100000, 999999)}";
        var both = await RegisterAsync($"Về việc tổ chức hội nghị {tag}"); // the issuer is "Công đoàn ngành Xây dựng"
        var tagOnly = await RegisterAsync($"Về việc kiểm tra tài chính {tag}");
        var longer = await RegisterAsync($"Về việc kiểm tra {tag}ab");

        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.Equal([both], await SearchAsync(clerk, $"hoi nghi {tag}"));
        Assert.Equal([tagOnly, both], await SearchAsync(clerk, $"cong doan {tag}"));
        Assert.Equal([tagOnly, both], await SearchAsync(clerk, tag));
        Assert.Equal([longer, tagOnly, both], await SearchAsync(clerk, $"{tag}*"));
        Assert.Empty(await SearchAsync(clerk, $"hoi ngh {tag}"));
        Assert.Equal([both], await SearchAsync(clerk, $"hoi ngh* {tag}"));
        Assert.Empty(await SearchAsync(clerk, $"to chuc {tag} co"));
        Assert.Equal([both], await SearchAsync(clerk, $"to chuc {tag} co*"));
        Assert.Empty(await SearchAsync(clerk, $"to chuc {tag} c*")); // one letter and a star: the word "c", not every word in c
        Assert.Empty(await SearchAsync(clerk, $"huong dan {tag}"));
        Assert.Empty(await SearchAsync(clerk, $"cong doan {absent}"));
    }

    private static async Task<List<string>> SearchAsync(HttpClient c, string q) =>
        (await (await c.GetAsync($"/api/v1/incoming/search?q={Uri.EscapeDataString(q)}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(d => d.Str("id")).ToList();

    private static byte[] Pdf(string text)
    {
        var pdf = new PdfComposer();
        var page = pdf.AddPage();
        var y = 80.0;
        foreach (var line in PdfComposer.Wrap(text, StandardFonts.Serif(), 13, 480)) page.Text(60, y += 18, line, StandardFonts.Serif(), 13);
        return pdf.ToArray();
    }

    private static byte[] Docx(string text)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            doc.AddMainDocumentPart().Document = new Document(new Body(text.Split('\n').Select(p => new Paragraph(new Run(new Text(p) { Space = SpaceProcessingModeValues.Preserve })))));
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task WordsInsideAPdfAndADocx_AreFound_WithoutDiacritics_ByThoseWhoMaySeeTheDocument()
    {
        var id = await RegisterAsync("V/v hướng dẫn tổ chức hội nghị");
        var guide = Pdf("Hướng dẫn tổ chức Hội nghị người lao động tại các doanh nghiệp ngoài nhà nước trên địa bàn thành phố Đà Nẵng, "
            + "bảo đảm quyền được biết, được tham gia ý kiến của đoàn viên công đoàn về thỏa ước lao động tập thể.");
        await AttachAsync(id, "huong-dan.pdf", guide, "application/pdf");
        var other = await RegisterAsync("V/v kế hoạch Tháng Công nhân");
        await AttachAsync(other, "ke-hoach.docx", Docx("Kế hoạch tổ chức Tháng Công nhân năm 2027\nChủ đề: Đoàn viên được lợi, doanh nghiệp phát triển, công đoàn vững mạnh."),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.DoesNotContain(id, await SearchAsync(clerk, "thoa uoc lao dong")); // not extracted yet
        var run = await ExtractAsync();
        Assert.True(run.Done >= 2, $"done {run.Done}");

        Assert.Contains(id, await SearchAsync(clerk, "thoa uoc lao dong tap the"));
        Assert.Contains(id, await SearchAsync(clerk, "ĐÀ NẴNG doanh nghiep"));
        Assert.Contains(id, await SearchAsync(clerk, "thoa uoc")); // prefix of words
        Assert.DoesNotContain(other, await SearchAsync(clerk, "thoa uoc"));
        Assert.Contains(other, await SearchAsync(clerk, "vung manh"));
        Assert.Empty(await SearchAsync(clerk, "thoa uoc ha noi"));

        using var officer = await app.ClientAsAsync("nvan.ldld"); // nothing was assigned to them
        Assert.DoesNotContain(id, await SearchAsync(officer, "thoa uoc"));
        using var otherOrgan = await app.ClientAsAsync("lthoa.tld");
        Assert.DoesNotContain(id, await SearchAsync(otherOrgan, "thoa uoc"));

        // The same bytes attached to another document are not extracted again, and that document is found at once.
        var again = await RegisterAsync("V/v gửi lại hướng dẫn");
        await AttachAsync(again, "huong-dan-ban-sao.pdf", guide, "application/pdf");
        Assert.Contains(again, await SearchAsync(clerk, "thoa uoc lao dong"));
        Assert.Equal(0, (await ExtractAsync()).Done);
    }

    [Fact]
    public async Task AScannedPdf_IsReadByOcr_AndFoundByTheWordsOnThePage()
    {
        var scan = (await UnionOffice.Tests.Recognition.TestScans.GetAsync(2)).First(s => s.ScanContentType == "application/pdf");
        var id = await RegisterAsync("V/v văn bản scan");
        await AttachAsync(id, "ban-quet.pdf", scan.Scan, "application/pdf");
        var run = await ExtractAsync();
        Assert.True(run.Done >= 1, $"done {run.Done}, unavailable {run.Unavailable}, failed {run.Failed}");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(scan.Scan));
        var text = await app.WithDbAsync(db => db.FileTexts.AsNoTracking().SingleAsync(t => t.Sha256 == sha));
        Assert.Equal("ocr", text.Method);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        // The national motto is on every administrative document's first page; OCR reads it reliably.
        Assert.Contains(id, await SearchAsync(clerk, "doc lap tu do hanh phuc"));
    }

    [Fact]
    public async Task AMalformedPdf_FailsExtraction_WithAReason_AndTheDocumentAndFileStay()
    {
        var id = await RegisterAsync("V/v tệp hỏng");
        var broken = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref or trailer\n");
        await AttachAsync(id, "hong.pdf", broken, "application/pdf");
        var run = await ExtractAsync();
        Assert.True(run.Done + run.Failed + run.Unavailable >= 1);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(broken));
        var text = await app.WithDbAsync(db => db.FileTexts.AsNoTracking().SingleAsync(t => t.Sha256 == sha));
        // pdftotext reads nothing from it: either it refuses (Failed, with its message) or finds no text layer (then OCR, not installed for this test run, or nothing).
        Assert.NotEqual(TextState.Pending, text.State);
        Assert.NotEqual(TextState.Working, text.State);
        if (text.State != TextState.Done) Assert.False(string.IsNullOrWhiteSpace(text.Error));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.Contains(id, await SearchAsync(clerk, "tep hong"));
        var files = (await (await clerk.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/v1/incoming/{id}/files/{files.Single().Str("id")}")).StatusCode);
    }

    [Fact]
    public async Task TwoNodes_ExtractingAtOnce_DoEachFileOnce()
    {
        var id = await RegisterAsync("V/v báo cáo tài chính công đoàn");
        await AttachAsync(id, "bao-cao.pdf", Pdf($"Báo cáo quyết toán tài chính công đoàn năm 2026, mã {Guid.NewGuid():N}, kinh phí công đoàn và đoàn phí công đoàn."), "application/pdf");
        var runs = await Task.WhenAll(ExtractAsync(), ExtractAsync());
        Assert.Equal(1, runs.Sum(r => r.Done));
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        Assert.Contains(id, await SearchAsync(clerk, "quyet toan kinh phi"));
    }
}

public sealed class IncomingTextSearchTestsSqlite(SqliteAppFixture f) : IncomingTextSearchTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingTextSearchTestsPostgres(PostgresAppFixture f) : IncomingTextSearchTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>
/// Within one organ a search first checks the organ's newest documents (<c>Search:WalkPerRow</c> per row it needs, here
/// 2: six documents for a page of two), and asks the index when they hold too few matches. Either way the pages are
/// the same: newest first, none skipped or repeated, the last page exact.
/// </summary>
public abstract class IncomingSearchWalkTests(AppFixture app)
{
    [Fact]
    public async Task PagesAreTheSame_WhetherTheNewestDocumentsHoldThemOrTheIndexIsAsked()
    {
        var rare = $"hm{Random.Shared.Next(100000, 999999)}";
        var recent = $"hn{Random.Shared.Next(100000, 999999)}";
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var ids = new List<string>();
        for (var i = 1; i <= 10; i++)
        {
            // rare: the three oldest and the two newest (two in the newest six: too few, the index is asked);
            // recent: the six newest (the newest six hold a page of two and the row that says there is more).
            var words = $"{(i <= 3 || i >= 9 ? rare : "")} {(i >= 5 ? recent : "")}";
            ids.Add((await (await clerk.PostJsonAsync("/api/v1/incoming", new
            {
                organizationCode = "I02.36", issuerName = "Công đoàn ngành Xây dựng", codeNumber = $"{i}", codeNotation = "CĐXD-TC",
                issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = $"Về việc kiểm tra số {i} {words}",
            })).JsonAsync(HttpStatusCode.Created)).Str("id"));
        }
        string Id(int n) => ids[n - 1];

        async Task ExpectAsync(string q, int page, bool more, params int[] expected)
        {
            var body = await (await clerk.GetAsync($"/api/v1/incoming/find?q={q}&page={page}&pageSize=2")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(expected.Select(Id).ToList(), body.GetProperty("items").EnumerateArray().Select(x => x.Str("id")).ToList());
            Assert.Equal(more, body.GetProperty("totalIsAtLeast").GetBoolean());
        }

        await ExpectAsync(rare, 1, true, 10, 9);
        await ExpectAsync(rare, 2, true, 3, 2);
        await ExpectAsync(rare, 3, false, 1);
        await ExpectAsync(recent, 1, true, 10, 9);
        await ExpectAsync(recent, 2, true, 8, 7);
        await ExpectAsync(recent, 3, false, 6, 5);
        await ExpectAsync($"{rare}+{recent}", 1, false, 10, 9);
    }
}

public sealed class SearchWalkSqliteFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Search:WalkPerRow", "2")];
}

public sealed class SearchWalkPostgresFixture : PostgresAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Search:WalkPerRow", "2")];
}

public sealed class IncomingSearchWalkTestsSqlite(SearchWalkSqliteFixture f) : IncomingSearchWalkTests(f), IClassFixture<SearchWalkSqliteFixture>;
public sealed class IncomingSearchWalkTestsPostgres(SearchWalkPostgresFixture f) : IncomingSearchWalkTests(f), IClassFixture<SearchWalkPostgresFixture>;
