using System.Net;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Signing;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// A head who signs on paper (issue 16 §6; seed 002 Điều 8.3b, NĐ30 Điều 18.6 and 25.1c): the clerk records it and
/// takes the register's next number for the paper — once, however often it is asked, by however many clerks at once —
/// then uploads the scan of the numbered, stamped paper; the organ's digital signature authenticates it and it is
/// issued to the recipients as any document, recorded as signed on paper in the register. Only the organ's clerks;
/// not a PDF, a wrong PIN: said, nothing issued. Both databases.
/// </summary>
public abstract class PaperSignedTests(AppFixture app)
{
    /// <summary>A scanner's PDF: one page that is only an image (no text layer).</summary>
    private static byte[] Scan()
    {
        var composer = new PdfComposer();
        var pixels = new byte[600 * 800];
        new Random(5).NextBytes(pixels);
        composer.AddPage().Image(0, 0, PdfComposer.A4Width, PdfComposer.A4Height, 600, 800, pixels);
        return composer.ToArray();
    }

    private static async Task<HttpResponseMessage> IssueScanAsync(HttpClient c, string id, byte[] file, string fileName, string pin)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(file), "file", fileName);
        form.Add(new StringContent(pin), "pin");
        return await c.PostAsync($"/api/v1/outgoing/{id}/paper-issue", form);
    }

    [Fact]
    public async Task TheClerk_NumbersThePaperTheHeadSigned_ThenIssuesItsScanWithTheOrgansSignature()
    {
        var subject = $"V/v văn bản lãnh đạo ký tay {Guid.NewGuid().ToString("N")[..6]}";
        var id = await DeferredSigningTests.AwaitingSignatureAsync(app, subject);
        // The clerk's page offers to record the paper signature; the head's does not.
        using (var page = await Ui.UiSession.LoginAsync(app, "pstoan.ldld"))
            Assert.DoesNotContain("paper-number-form", await (await page.Client.GetAsync($"/outgoing/{id}")).Content.ReadAsStringAsync());
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        Assert.Contains("paper-number", (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        // Only the organ's clerk numbers the paper.
        await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/paper-number")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/paper-number")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // Two clerks' clicks at once, and again: one number.
        using var clerk2 = await app.ClientAsAsync("htthu.ldld", fresh: true);
        var answers = await Task.WhenAll(clerk.PostJsonAsync($"/api/v1/outgoing/{id}/paper-number"), clerk2.PostJsonAsync($"/api/v1/outgoing/{id}/paper-number"));
        var numbers = new List<long>();
        foreach (var a in answers) numbers.Add((await a.JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64());
        var first = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/paper-number")).JsonAsync(HttpStatusCode.OK);
        var number = first.GetProperty("number").GetInt64();
        Assert.All(numbers, n => Assert.Equal(number, n));
        var doc = await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("PaperSigned", true), (doc.Str("status"), doc.GetProperty("signedOnPaper").GetBoolean()));
        Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "signed-on-paper" && t.Str("text").Contains($"cấp số {number:00}/{first.Str("notation")}"));
        // The document page shows the clerk the number to write on the paper and the form for the scan.
        using (var page = await Ui.UiSession.LoginAsync(app, "htthu.ldld"))
        {
            var html = await (await page.Client.GetAsync($"/outgoing/{id}")).Content.ReadAsStringAsync();
            Assert.Contains("id=\"paper-issue-form\"", html);
            Assert.Contains($"{number:00}/{first.Str("notation")}", html);
        }
        // Signed on paper: no digital signature of the head any more.
        await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).ErrorAsync(HttpStatusCode.Conflict, "OUTGOING_WRONG_STATUS");

        // Not a PDF; a wrong PIN; another organ's clerk: nothing issued.
        await (await IssueScanAsync(clerk, id, "không phải PDF"u8.ToArray(), "scan.pdf", OutgoingFlowTests.Pin)).ErrorAsync(HttpStatusCode.UnsupportedMediaType, "SCAN_NOT_PDF");
        await (await IssueScanAsync(clerk, id, Scan(), "scan.pdf", "000000")).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        using (var otherClerk = await app.ClientAsAsync("lthoa.tld"))
            Assert.True((await IssueScanAsync(otherClerk, id, Scan(), "scan.pdf", OutgoingFlowTests.Pin)).StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound);
        Assert.Equal("PaperSigned", (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

        var issued = await (await IssueScanAsync(clerk, id, Scan(), "scan.pdf", OutgoingFlowTests.Pin)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(number, issued.GetProperty("number").GetInt64());
        doc = await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Issued", doc.Str("status"));
        Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "issued" && t.Str("text").StartsWith("Bản giấy đã ký được số hóa", StringComparison.Ordinal));

        // The scan, authenticated by the organ: valid for pdfsig and our verifier.
        var pdf = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        var pdfsig = await Pdfsig.RunAsync(pdf, await app.TestRootPemAsync());
        Assert.Equal(1, Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid."));
        Assert.Contains("Signer Certificate Common Name: LĐLĐ tỉnh Nghệ An", pdfsig);
        var report = PdfSignatureVerifier.Verify(pdf, [X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
        Assert.True(report.AllValid, report.Summary);

        // The register says how it was signed; the recipient finds it among its arrivals with its number.
        var register = ExportReader.XlsxRows(await (await clerk.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={Common.Formats.Today(app.Clock).Year}&format=xlsx"))
            .Content.ReadAsByteArrayAsync());
        Assert.Contains(register, r => r.Any(c => c.StartsWith($"{number:00}/", StringComparison.Ordinal)) && r.Contains("Ký trên giấy; bản điện tử số hóa, ký số của cơ quan"));
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("subject") == subject);
        Assert.True(arrival.GetProperty("signaturesValid").GetBoolean());
    }
}

public sealed class PaperSignedTestsSqlite(SqliteAppFixture f) : PaperSignedTests(f), IClassFixture<SqliteAppFixture>;
public sealed class PaperSignedTestsPostgres(PostgresAppFixture f) : PaperSignedTests(f), IClassFixture<PostgresAppFixture>;
