using System.Net;
using System.Text.Json;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// Nothing becomes public unless someone decides it (review finding 1): a document is on the organ's public page only
/// when its author proposed it, the organ's own rule allows its type, and the clerk confirmed it at issue. Each organ keeps
/// its own rule, empty by default; recipients may get a paper copy too, whose leaving the clerk records.
/// </summary>
public abstract class PublicationTests(AppFixture app)
{
    private static async Task<string> DraftAsync(AppFixture app, string type, string subject, bool publish, params object[] recipients)
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var created = await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = type, subject, signerUserName = "pstoan.ldld", publish,
            recipients = recipients.Length > 0 ? recipients : [new { organizationCode = "I02" }],
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.Str("id");
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "du-thao.pdf", OutgoingFlowTests.DraftPdf(subject))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task SetPolicyAsync(params object[] types)
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", new { types })).EnsureSuccessStatusCode();
    }

    private async Task<string> PublicPageAsync()
    {
        using var anonymous = app.CreateClient();
        return await (await anonymous.GetAsync("/cong-khai/I02.36")).Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task WithoutTheOrgansRule_AnIssuedCongVan_IsNotPublic()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var id = await DraftAsync(app, "Công văn", "V/v mời họp giao ban tháng không công khai", publish: false);
        await OutgoingFlowTests.SignAsync(app, id);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();

        Assert.DoesNotContain("V/v mời họp giao ban tháng không công khai", await PublicPageAsync());
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02.36/{id}")).StatusCode);
        // Proposing it is refused while the organ's rule is empty.
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "Đề nghị công khai", signerUserName = "pstoan.ldld", publish = true,
            recipients = new[] { new { organizationCode = "I02" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "PUBLISH_NOT_ALLOWED");
    }

    [Fact]
    public async Task Published_OnlyWhenProposedAllowedAndConfirmed_AndLeavesThePageWhenWithdrawnOrRecalled()
    {
        await SetPolicyAsync(new { typeName = "Kế hoạch", mayPublish = true });
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        using var anonymous = app.CreateClient();

        // Proposed, but the clerk does not confirm: not public.
        var notConfirmed = await DraftAsync(app, "Kế hoạch", "Kế hoạch tổ chức Tháng Công nhân (chưa xác nhận)", publish: true);
        await OutgoingFlowTests.SignAsync(app, notConfirmed);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{notConfirmed}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("(chưa xác nhận)", await PublicPageAsync());

        // Not proposed: the clerk cannot publish it alone, and nothing is numbered by the refusal.
        var notProposed = await DraftAsync(app, "Kế hoạch", "Kế hoạch nội bộ không đề nghị công khai", publish: false);
        await OutgoingFlowTests.SignAsync(app, notProposed);
        await (await clerk.PostJsonAsync($"/api/v1/outgoing/{notProposed}/issue", new { pin = OutgoingFlowTests.Pin, publish = true }))
            .ErrorAsync(HttpStatusCode.Conflict, "PUBLISH_NOT_REQUESTED");
        Assert.Equal("Signed", (await (await clerk.GetAsync($"/api/v1/outgoing/{notProposed}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

        // Proposed, allowed, confirmed: public, with its signed PDF.
        var published = await DraftAsync(app, "Kế hoạch", "Kế hoạch tổ chức Tháng Công nhân năm nay", publish: true);
        await OutgoingFlowTests.SignAsync(app, published);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{published}/issue", new { pin = OutgoingFlowTests.Pin, publish = true })).EnsureSuccessStatusCode();
        var dto = await (await clerk.GetAsync($"/api/v1/outgoing/{published}")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, dto.GetProperty("publishedAt").ValueKind);
        Assert.Contains("Kế hoạch tổ chức Tháng Công nhân năm nay", await PublicPageAsync());
        var file = await anonymous.GetAsync($"/cong-khai/I02.36/{published}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await file.Content.ReadAsByteArrayAsync())[..5]));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02/{published}")).StatusCode); // another organ's page
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/cong-khai/KHONG.CO")).StatusCode);

        // Withdrawn: an officer may not, the clerk may.
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/outgoing/{published}/unpublish", new { reason = "Nhầm" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{published}/unpublish", new { reason = "Còn thông tin nội bộ" })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("Kế hoạch tổ chức Tháng Công nhân năm nay", await PublicPageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02.36/{published}")).StatusCode);

        // Recalled: off the page too.
        var recalled = await DraftAsync(app, "Kế hoạch", "Kế hoạch sẽ bị thu hồi sau khi công khai", publish: true);
        await OutgoingFlowTests.SignAsync(app, recalled);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{recalled}/issue", new { pin = OutgoingFlowTests.Pin, publish = true })).EnsureSuccessStatusCode();
        Assert.Contains("Kế hoạch sẽ bị thu hồi sau khi công khai", await PublicPageAsync());
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{recalled}/recall", new { reason = "Đính chính" })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("Kế hoạch sẽ bị thu hồi sau khi công khai", await PublicPageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/cong-khai/I02.36/{recalled}")).StatusCode);
        await SetPolicyAsync();
    }

    [Fact]
    public async Task TheRuleChangedAfterDrafting_IsReadAgainAtIssue()
    {
        await SetPolicyAsync(new { typeName = "Thông báo", mayPublish = true });
        var id = await DraftAsync(app, "Thông báo", "Thông báo kết luận hội nghị (quy định đổi)", publish: true);
        await OutgoingFlowTests.SignAsync(app, id);
        await SetPolicyAsync();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin, publish = true }))
            .ErrorAsync(HttpStatusCode.BadRequest, "PUBLISH_NOT_ALLOWED");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        Assert.DoesNotContain("(quy định đổi)", await PublicPageAsync());
    }

    [Fact]
    public async Task TheOrgansRule_IsReadByItsMembers_AndChangedOnlyByItsHeadsAndAdministrators()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var rule = await (await officer.GetAsync("/api/v1/outgoing/policy?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK);
        Assert.False(rule.GetProperty("canEdit").GetBoolean());
        var types = rule.GetProperty("types").EnumerateArray().ToList();
        Assert.Equal(28, types.Count);
        Assert.All(types, t => Assert.False(t.GetProperty("mayPublish").GetBoolean()));
        Assert.All(types, t => Assert.Equal("ElectronicOnly", t.Str("delivered")));

        var change = new { types = new[] { new { typeName = "Quyết định", delivered = "PaperAndElectronic", mayPublish = false } } };
        await (await officer.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", change)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        await (await clerk.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", change)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var otherHead = await app.ClientAsAsync("tvhung.tld");
        await (await otherHead.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", change)).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await otherHead.GetAsync("/api/v1/outgoing/policy?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var changed = await (await admin.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", change)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("PaperAndElectronic", changed.GetProperty("types").EnumerateArray().Single(t => t.Str("typeName") == "Quyết định").Str("delivered"));
        await (await admin.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", new { types = new[] { new { typeName = "Không có loại này" } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        (await head.PutJsonAsync("/api/v1/outgoing/policy?organizationCode=I02.36", new { types = Array.Empty<object>() })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task APaperCopy_IsMarkedPerRecipient_AndItsLeavingRecordedByTheClerk()
    {
        var id = await DraftAsync(app, "Quyết định", "Quyết định cử cán bộ dự tập huấn (bản giấy)", publish: false,
            new { organizationCode = "I02", alsoOnPaper = true }, new { organizationCode = "I02.01" });
        await OutgoingFlowTests.SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        var doc = await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        var recipients = doc.GetProperty("recipients").EnumerateArray().ToList();
        var paper = recipients.Single(r => r.Str("organizationCode") == "I02");
        var electronic = recipients.Single(r => r.Str("organizationCode") == "I02.01");
        Assert.True(paper.GetProperty("onPaper").GetBoolean());
        Assert.False(electronic.GetProperty("onPaper").GetBoolean());
        Assert.Contains("paper-sent", doc.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var waiting = await (await clerk.GetAsync("/api/v1/outgoing?organizationCode=I02.36&view=paper")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(waiting.EnumerateArray(), d => d.Str("id") == id);

        var url = $"/api/v1/outgoing/{id}/recipients/{paper.Str("id")}/paper-sent";
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync(url, new { })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var issuedDate = DateOnly.Parse(issued.Str("issuedDate"), System.Globalization.CultureInfo.InvariantCulture);
        await (await clerk.PostJsonAsync(url, new { sentOn = issuedDate.AddDays(-1).ToString("yyyy-MM-dd") })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/recipients/{electronic.Str("id")}/paper-sent", new { })).ErrorAsync(HttpStatusCode.Conflict, "NOT_ON_PAPER");
        (await clerk.PostJsonAsync(url, new { sentOn = issuedDate.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();

        doc = await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(issuedDate.ToString("yyyy-MM-dd"), doc.GetProperty("recipients").EnumerateArray().Single(r => r.Str("organizationCode") == "I02").Str("paperSentOn"));
        Assert.DoesNotContain("paper-sent", doc.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        waiting = await (await clerk.GetAsync("/api/v1/outgoing?organizationCode=I02.36&view=paper")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(waiting.EnumerateArray(), d => d.Str("id") == id);
        // An e-mail address gets no paper copy.
        using var author = await app.ClientAsAsync("nvan.ldld");
        await (await author.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "Thư có bản giấy", signerUserName = "pstoan.ldld",
            recipients = new[] { new { email = "ban@example.org", alsoOnPaper = true } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
    }
}

public sealed class PublicationTestsSqlite(SqliteAppFixture f) : PublicationTests(f), IClassFixture<SqliteAppFixture>;
public sealed class PublicationTestsPostgres(PostgresAppFixture f) : PublicationTests(f), IClassFixture<PostgresAppFixture>;
