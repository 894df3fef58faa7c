using System.Net;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>Seed 003's publication policy: issued documents of published types on the organ's public page, for anyone; nothing else.</summary>
public abstract class PublicationTests(AppFixture app)
{
    [Fact]
    public async Task PublishedTypes_AreOnThePublicPage_ForAnyone_OthersAndRecalledOnesAreNot()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var published = await OutgoingFlowTests.DraftAsync(app, "V/v công khai kế hoạch Tháng Công nhân", "I02");
        await OutgoingFlowTests.SignAsync(app, published);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{published}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();

        using var officer = await app.ClientAsAsync("nvan.ldld");
        var decision = (await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Quyết định", subject = "Về việc khen thưởng nội bộ", signerUserName = "pstoan.ldld",
            recipients = new[] { new { organizationCode = "I02" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.UploadAsync($"/api/v1/outgoing/{decision}/versions", "qd.pdf", OutgoingFlowTests.DraftPdf("Về việc khen thưởng nội bộ"))).EnsureSuccessStatusCode();
        await OutgoingFlowTests.SignAsync(app, decision);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{decision}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();

        using var anonymous = app.CreateClient();
        var page = await (await anonymous.GetAsync("/cong-khai/I02.36")).Content.ReadAsStringAsync();
        Assert.Contains("V/v công khai kế hoạch Tháng Công nhân", page);
        Assert.DoesNotContain("Về việc khen thưởng nội bộ", page);
        var file = await anonymous.GetAsync($"/cong-khai/I02.36/{published}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await file.Content.ReadAsByteArrayAsync())[..5]));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02.36/{decision}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02/{published}")).StatusCode); // another organ's page
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/cong-khai/KHONG.CO")).StatusCode);

        (await clerk.PostJsonAsync($"/api/v1/outgoing/{published}/recall", new { reason = "Đính chính" })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("V/v công khai kế hoạch Tháng Công nhân", await (await anonymous.GetAsync("/cong-khai/I02.36")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02.36/{published}")).StatusCode);
    }
}

public sealed class PublicationTestsSqlite(SqliteAppFixture f) : PublicationTests(f), IClassFixture<SqliteAppFixture>;
public sealed class PublicationTestsPostgres(PostgresAppFixture f) : PublicationTests(f), IClassFixture<PostgresAppFixture>;
