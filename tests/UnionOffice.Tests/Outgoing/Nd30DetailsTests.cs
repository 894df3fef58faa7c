using System.Net;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// NĐ30 Phụ lục I read again (review findings 13, 14): numbers under 10 with a leading zero everywhere the document's
/// number shows; the signer's block as a signature block, bold, 13 pt, no "Ký số" line; the number and the date only
/// where the draft left them blank — a draft without those lines goes back at format review. Each class has a database
/// of its own, so its first document is number 1 of the year.
/// </summary>
public abstract class Nd30DetailsTests(AppFixture app)
{
    [Fact]
    public async Task TheFirstDocumentOfTheYear_Is01_OnTheDocument_InTheRegister_AtTheRecipient_AndInTheApi()
    {
        var id = await OutgoingFlowTests.DraftAsync(app, "V/v văn bản số một của năm", "I02");
        await OutgoingFlowTests.SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, issued.GetProperty("number").GetInt64());
        Assert.Equal("01/LĐLĐ-VP", issued.Str("code"));
        Assert.Equal("01/LĐLĐ-VP", (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("code"));

        var pdf = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        var text = await Pdfsig.TextAsync(pdf);
        Assert.Contains("Số: 01/LĐLĐ-VP", text);

        var register = ExportReader.XlsxRows(await (await clerk.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={Common.Formats.Today(app.Clock).Year}&format=xlsx"))
            .Content.ReadAsByteArrayAsync());
        Assert.Contains(register, r => r.Contains("01/LĐLĐ-VP"));

        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("subject") == "V/v văn bản số một của năm");
        Assert.Equal("01/LĐLĐ-VP", arrival.Str("code"));
        var incoming = (await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/accept", new { })).JsonAsync(HttpStatusCode.OK)).Str("id");
        Assert.Equal("01", (await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}")).JsonAsync(HttpStatusCode.OK)).Str("codeNumber"));

        // The signer's block (Phụ lục I II.7): title and name in bold, no "Ký số" line with a time and no zone.
        Assert.Contains("CHỦ TỊCH", text);
        Assert.Contains("Phan Song Toàn", text);
        Assert.DoesNotContain("Ký số:", text);

    }

    [Fact]
    public async Task ADraftWithoutTheNumberAndDateLines_GoesBackAtFormatReview_WithTheReason()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var id = (await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v dự thảo thiếu dòng số và ngày", signerUserName = "pstoan.ldld",
            recipients = new[] { new { organizationCode = "I02" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var bare = new PdfComposer();
        bare.AddPage().Text(72, 120, "Kính gửi: Tổng Liên đoàn Lao động Việt Nam. Nội dung bắt đầu ngay ở đầu trang.", StandardFonts.Serif(), 13);
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "thieu-dong.pdf", bare.ToArray())).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var refused = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).ErrorAsync((HttpStatusCode)422, "FORMAT_PLACEHOLDERS_MISSING");
        Assert.Contains("Số:", refused.Str("message"));
        Assert.Contains("trả lại", refused.Str("message"));
        Assert.Equal("FormatReview", (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/return", new { reason = refused.Str("message") })).EnsureSuccessStatusCode();
    }
}

public sealed class Nd30DetailsTestsSqlite(SqliteAppFixture f) : Nd30DetailsTests(f), IClassFixture<SqliteAppFixture>;
public sealed class Nd30DetailsTestsPostgres(PostgresAppFixture f) : Nd30DetailsTests(f), IClassFixture<PostgresAppFixture>;
