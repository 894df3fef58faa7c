using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Meetings;

/// <summary>
/// A Ban Chấp hành meeting with members from three organs, its papers and record on both databases (issue 19 §2, §4, §5):
/// the Giấy mời composed from the meeting in the
/// layout of NĐ30 Phụ lục I, taken through the outgoing flow (content and format review — the number line found —, the
/// head's signature, number and issue); a draft put to the meeting for opinions, given by invitees only and read by the
/// office; after the meeting the Biên bản (attendance, the vote's result, the opinions, the conclusions given as tasks)
/// and the Thông báo kết luận, both issued; the whole record filed once into the clerk's dossier, a double click included.
/// </summary>
public abstract class MeetingPaperTests(AppFixture app)
{
    private const string Clerk = "htthu.ldld", Head = "pstoan.ldld", Pin = "123456";

    private async Task<HttpResponseMessage> PostAsync(string user, string url, object? body = null) =>
        await (await app.ClientAsAsync(user)).PostJsonAsync(url, body ?? new { });

    private async Task<JsonElement> GetAsync(string user, string url) =>
        await (await (await app.ClientAsAsync(user)).GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    private async Task<string> DraftTextAsync(string documentId) =>
        ExportReader.PdfText(await (await (await app.ClientAsAsync(Clerk)).GetAsync($"/api/v1/outgoing/{documentId}/file")).Content.ReadAsByteArrayAsync());

    /// <summary>Takes the clerk's draft through the outgoing flow, whoever's step it is, to its issue.</summary>
    private async Task<JsonElement> IssueAsync(string documentId)
    {
        (await PostAsync(Clerk, $"/api/v1/outgoing/{documentId}/submit")).EnsureSuccessStatusCode();
        for (var step = 0; step < 5; step++)
        {
            var status = (await GetAsync(Clerk, $"/api/v1/outgoing/{documentId}")).Str("status");
            var r = status switch
            {
                "ContentReview" => await PostAsync("lvbinh.ldld", $"/api/v1/outgoing/{documentId}/approve"),
                "FormatReview" => await PostAsync(Clerk, $"/api/v1/outgoing/{documentId}/approve"),
                "AwaitingSignature" => await PostAsync(Head, $"/api/v1/outgoing/{documentId}/sign", new { pin = Pin }),
                "Signed" => await PostAsync(Clerk, $"/api/v1/outgoing/{documentId}/issue", new { pin = Pin }),
                _ => throw new InvalidOperationException($"Unexpected status {status}"),
            };
            Assert.True(r.IsSuccessStatusCode, $"{status}: {await r.Content.ReadAsStringAsync()}");
            if (status == "Signed") return await r.JsonAsync(HttpStatusCode.OK);
        }
        throw new InvalidOperationException("The draft did not reach its issue.");
    }

    [Fact]
    public async Task TheInvitation_Minutes_AndConclusion_GoThroughTheOutgoingFlow_OpinionsAreGiven_AndTheRecordIsFiledOnce()
    {
        // Members from three organs: Nghệ An's own, the Confederation's chairman and a district federation's chairman, both
        // through a CommitteeMember account at Nghệ An — the invitation goes to their organs.
        using var root = await app.ClientAsAsync("nqtri.tld");
        var r0 = await root.PostJsonAsync(await app.ResolveAsync("/api/v1/users/{tvhung.tld}/roles"), new { role = "CommitteeMember", organizationCode = "I02.36" });
        Assert.True(r0.IsSuccessStatusCode || r0.StatusCode == HttpStatusCode.Conflict, await r0.Content.ReadAsStringAsync());
        var district = $"I02.36.{Random.Shared.Next(200, 999)}";
        (await root.PostJsonAsync("/api/v1/organizations", new { code = district, name = $"LĐLĐ huyện Thanh Chương {district}", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        var chairman = await (await root.PostJsonAsync("/api/v1/users", new
        {
            fullName = "Hồ Văn Chương", organizationCode = district,
            roles = new[] { new { role = "Head", organizationCode = district }, new { role = "CommitteeMember", organizationCode = "I02.36" } },
        })).JsonAsync(HttpStatusCode.Created);
        using (var first = await app.ClientAsAsync(chairman.Str("userName"), chairman.Str("oneTimePassword")))
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = chairman.Str("oneTimePassword"), newPassword = "Huyen@Moi2026" })).EnsureSuccessStatusCode();
        using var districtHead = await app.ClientAsAsync(chairman.Str("userName"), "Huyen@Moi2026", fresh: true);
        var day = Formats.Today(app.Clock).AddDays(Random.Shared.Next(5, 300));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var id = (await (await PostAsync(Clerk, "/api/v1/meetings", new
        {
            organizationCode = "I02.36", body = "BanChapHanh", title = $"Sơ kết công tác quý {tag}", startsAt = $"{day:yyyy-MM-dd}T08:00:00+07:00",
            endsAt = $"{day:yyyy-MM-dd}T11:00:00+07:00", place = "Phòng họp số 1", presidingUserName = Head,
            agenda = new[] { new { title = "Báo cáo sơ kết quý", presenter = (string?)"Văn phòng" } },
            members = new[] { Head, "ntphuong.ldld", "lvbinh.ldld", "nvan.ldld", "tvhung.tld", chairman.Str("userName") }, externals = new[] { new { name = "Bà Lê Thị Y", organ = "Báo Lao Động", email = "lethiy@baolaodong.example" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");

        await (await PostAsync(Clerk, "/api/v1/meetings", new
        {
            organizationCode = "I02.36", body = "GiaoBan", title = "Giao ban", startsAt = $"{day:yyyy-MM-dd}T08:00:00+07:00", endsAt = $"{day:yyyy-MM-dd}T09:00:00+07:00",
            presidingUserName = Head, externals = new[] { new { name = "Ông Z", organ = "Sở Y tế", email = "khong-phai-thu" } },
        })).ErrorAsync(HttpStatusCode.BadRequest, "MEETING_INVALID");

        // The invitation: the office's to draft, before the meeting; one under way at a time; nothing about it before it.
        await (await PostAsync("nvan.ldld", $"/api/v1/meetings/{id}/papers", new { kind = "Invitation" })).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/papers", new { kind = "Minutes" })).ErrorAsync(HttpStatusCode.Conflict, "MEETING_WRONG_STATUS");
        var invitation = (await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/papers", new { kind = "Invitation", text = "Đề nghị các đồng chí chuẩn bị ý kiến." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/papers", new { kind = "Invitation" })).ErrorAsync(HttpStatusCode.Conflict, "MEETING_PAPER_EXISTS");
        var draft = await GetAsync(Clerk, $"/api/v1/outgoing/{invitation}");
        Assert.Equal(("Giấy mời", "Drafting", "Ban Chấp hành", "pstoan.ldld"), (draft.Str("typeName"), draft.Str("status"), draft.Str("collective"), draft.Str("signerUserName")));
        // To the organs of the members from elsewhere, and by e-mail to the guest outside the system who gave an address.
        var recipients = draft.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(new[] { "I02", district }, recipients.Where(x => x.Str("kind") != "Email").Select(x => x.Str("organizationCode")).Order(StringComparer.Ordinal));
        var mail = Assert.Single(recipients, x => x.Str("kind") == "Email");
        Assert.Equal(("lethiy@baolaodong.example", "Bà Lê Thị Y, Báo Lao Động"), (mail.Str("email"), mail.Str("name")));
        var text = await DraftTextAsync(invitation);
        foreach (var expected in new[] { "GIẤY MỜI", "Số:", "/GM-LĐLĐ", "ngày tháng năm", $"Sơ kết công tác quý {tag}", "Bà Lê Thị Y, Báo Lao Động", "Báo cáo sơ kết quý",
                     "Đề nghị các đồng chí chuẩn bị ý kiến.", "Phòng họp số 1", "Nơi nhận:", "Phan Song Toàn" })
            Assert.Contains(expected, text);
        // Issued like any document: the format review finds the blank number line, the head signs "TM. BAN THƯỜNG VỤ", the clerk numbers it.
        var issued = await IssueAsync(invitation);
        Assert.EndsWith("/GM-LĐLĐ", issued.Str("code"));
        // A meeting in preparation is the office's: its invitees see it, and its papers, once it is convened.
        await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync($"/api/v1/meetings/{id}/papers")).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        (await PostAsync(Clerk, $"/api/v1/meetings/{id}/convene")).EnsureSuccessStatusCode();
        var seen = Assert.Single((await GetAsync("nvan.ldld", $"/api/v1/meetings/{id}/papers")).EnumerateArray());
        Assert.Equal(("Giấy mời", issued.Str("code")), (seen.Str("kindName"), seen.Str("code")));
        // Another organ's people see nothing of it.
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync($"/api/v1/meetings/{id}/papers")).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        await (await PostAsync("lthoa.tld", $"/api/v1/meetings/{id}/papers", new { kind = "Invitation" })).ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        // A member of another organ reads the meeting; drafting its papers is the office's.
        await (await PostAsync("tvhung.tld", $"/api/v1/meetings/{id}/papers", new { kind = "Conclusion" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        // A draft put to the meeting for opinions: invitees give theirs (one each, rewritten), the office reads them all.
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Outgoing.OutgoingFlowTests.DraftPdf($"Dự thảo chương trình công tác {tag}")), "file", "du-thao.pdf" },
            { new StringContent("Dự thảo chương trình công tác quý tới"), "title" }, { new StringContent("true"), "forOpinion" },
        };
        var material = (await (await (await app.ClientAsAsync(Clerk)).PostAsync($"/api/v1/meetings/{id}/materials", form)).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var plainForm = new MultipartFormDataContent { { new ByteArrayContent(Outgoing.OutgoingFlowTests.DraftPdf("Báo cáo")), "file", "bao-cao.pdf" } };
        var plain = (await (await (await app.ClientAsAsync(Clerk)).PostAsync($"/api/v1/meetings/{id}/materials", plainForm)).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var nvan = await app.ClientAsAsync("nvan.ldld");
        // Not released yet: no opinion on what the invitee cannot read.
        await (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Sớm" })).ErrorAsync(HttpStatusCode.NotFound, "MATERIAL_NOT_FOUND");
        foreach (var m in new[] { material, plain }) (await PostAsync(Clerk, $"/api/v1/meetings/{id}/materials/{m}/release")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Bổ sung mục 2" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Bổ sung mục 2 và mục 4" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.ClientAsAsync("lvbinh.ldld")).PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion",
            new { text = "Đồng ý với dự thảo" })).StatusCode);
        await (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "" })).ErrorAsync(HttpStatusCode.BadRequest, "MEETING_INVALID");
        await (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{plain}/opinion", new { text = "Ý kiến" })).ErrorAsync(HttpStatusCode.Conflict, "MATERIAL_NOT_FOR_OPINION");
        // The office is not invited: it reads opinions, it does not give them; someone uninvited sees nothing; an invitee reads only their own.
        await (await (await app.ClientAsAsync(Clerk)).PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Ý kiến" }))
            .ErrorAsync(HttpStatusCode.Forbidden, "MEETING_NOT_INVITED");
        await (await (await app.ClientAsAsync("dvduc.ldld")).PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Ý kiến" }))
            .ErrorAsync(HttpStatusCode.NotFound, "MEETING_NOT_FOUND");
        await (await nvan.GetAsync($"/api/v1/meetings/{id}/materials/{material}/opinions")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var opinions = (await GetAsync(Clerk, $"/api/v1/meetings/{id}/materials/{material}/opinions")).EnumerateArray().ToList();
        Assert.Equal(2, opinions.Count);
        Assert.Contains(opinions, o => o.Str("name") == "Nguyễn Văn An" && o.Str("text") == "Bổ sung mục 2 và mục 4" && o.GetProperty("onNumber").GetInt32() == 1);
        Assert.Equal("Bổ sung mục 2 và mục 4", (await GetAsync("nvan.ldld", $"/api/v1/meetings/{id}/materials")).EnumerateArray().Single(m => m.Str("id") == material).Str("myOpinion"));

        // Held: attendance, one vote, closed; opinions end with the meeting.
        (await PostAsync(Head, $"/api/v1/meetings/{id}/start")).EnsureSuccessStatusCode();
        var invitees = (await GetAsync(Head, $"/api/v1/meetings/{id}")).GetProperty("invitees").EnumerateArray().ToList();
        foreach (var name in new[] { "Phan Song Toàn", "Lê Văn Bình", "Nguyễn Văn An", "Hồ Văn Chương" })
            (await PostAsync(Clerk, $"/api/v1/meetings/{id}/attendance", new { inviteeId = invitees.Single(i => i.Str("name") == name).Str("id"), present = true })).EnsureSuccessStatusCode();
        var vote = (await (await PostAsync(Head, $"/api/v1/meetings/{id}/votes", new { question = $"Thông qua chương trình công tác {tag}", secret = false }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        foreach (var v in new[] { Head, "lvbinh.ldld", "nvan.ldld" }) (await PostAsync(v, $"/api/v1/meetings/votes/{vote}/ballot", new { choice = "Yes" })).EnsureSuccessStatusCode();
        (await districtHead.PostJsonAsync($"/api/v1/meetings/votes/{vote}/ballot", new { choice = "Yes" })).EnsureSuccessStatusCode();
        (await PostAsync(Head, $"/api/v1/meetings/votes/{vote}/close")).EnsureSuccessStatusCode();
        (await PostAsync(Head, $"/api/v1/meetings/{id}/close")).EnsureSuccessStatusCode();
        await (await nvan.PutJsonAsync($"/api/v1/meetings/{id}/materials/{material}/opinion", new { text = "Muộn" })).ErrorAsync(HttpStatusCode.Conflict, "MEETING_WRONG_STATUS");
        var task = (await (await PostAsync(Head, "/api/v1/tasks", new
        {
            organizationCode = "I02.36", title = $"Hoàn thiện chương trình công tác {tag}", deadline = Formats.Today(app.Clock).AddDays(20).ToString("yyyy-MM-dd"),
            origin = "Meeting", originId = id, targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        Assert.NotEmpty(task);

        // The minutes: who came, the quorum, the vote's result, the opinions, the conclusions given as tasks.
        var minutes = (await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/papers", new { kind = "Minutes", text = "Thống nhất trình Ban Chấp hành." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        text = await DraftTextAsync(minutes);
        foreach (var expected in new[] { "BIÊN BẢN", "/BB-LĐLĐ", "Ủy viên có mặt: 4/6", "Vắng mặt:", "Nguyễn Thị Phương", "Trần Văn Hùng", $"Thông qua chương trình công tác {tag}",
                     "4 tán thành, 0 không tán thành", "thông qua", "nhận được 2 ý kiến góp ý", "Thống nhất trình Ban Chấp hành.", $"Hoàn thiện chương trình công tác {tag}" })
            Assert.Contains(expected, text);
        Assert.Equal("Biên bản", (await GetAsync(Clerk, $"/api/v1/outgoing/{minutes}")).Str("typeName"));
        var minutesIssued = await IssueAsync(minutes);
        Assert.EndsWith("/BB-LĐLĐ", minutesIssued.Str("code"));
        // The conclusion notice, issued.
        var conclusion = (await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/papers", new { kind = "Conclusion", text = "Các ban khẩn trương triển khai." }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        text = await DraftTextAsync(conclusion);
        foreach (var expected in new[] { "THÔNG BÁO", "/TB-LĐLĐ", "1. Các ban khẩn trương triển khai.", "Hội nghị đã biểu quyết thông qua", "Giao nhiệm vụ:", "Văn phòng chủ trì" })
            Assert.Contains(expected, text);
        var concluded = await IssueAsync(conclusion);
        Assert.EndsWith("/TB-LĐLĐ", concluded.Str("code"));

        // The record into a dossier the clerk keeps — not into someone else's — once, a double click included.
        var others = await Dossiers.DossierSteps.OpenAsync(app, "nvan.ldld", $"HS-{tag}-A", $"Hồ sơ của người khác {tag}", 5, 10);
        await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/file-record", new { dossierId = others })).ErrorAsync(HttpStatusCode.Forbidden, "MEETING_FILE_NOT_KEEPER");
        var dossier = await Dossiers.DossierSteps.OpenAsync(app, Clerk, $"HS-{tag}", $"Hồ sơ hội nghị Ban Thường vụ {tag}", 10, 10);
        await (await PostAsync("nvan.ldld", $"/api/v1/meetings/{id}/file-record", new { dossierId = dossier })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var c1 = await app.ClientAsAsync(Clerk);
        var clicks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => c1.PostJsonAsync($"/api/v1/meetings/{id}/file-record", new { dossierId = dossier })));
        Assert.Single(clicks, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(clicks, r => r.StatusCode == HttpStatusCode.Conflict);
        await (await PostAsync(Clerk, $"/api/v1/meetings/{id}/file-record", new { dossierId = dossier })).ErrorAsync(HttpStatusCode.Conflict, "MEETING_ALREADY_FILED");
        Assert.Equal(dossier, (await GetAsync(Clerk, $"/api/v1/meetings/{id}")).Str("recordDossierId"));

        var items = (await GetAsync(Clerk, $"/api/v1/dossiers/{dossier}")).GetProperty("items").EnumerateArray().ToList();
        // The record sheet, the two released materials, the three issued papers.
        Assert.Equal(6, items.Count);
        Assert.Equal(3, items.Count(i => i.Str("kind") == "Outgoing"));
        Assert.Contains(items, i => i.Str("refId") == invitation);
        Assert.Contains(items, i => i.Str("refId") == conclusion);
        Assert.Contains(items, i => i.Str("refId") == minutes);
        var sheet = items.Single(i => i.Str("title").StartsWith("Hồ sơ cuộc họp"));
        var sheetText = ExportReader.PdfText(await (await c1.GetAsync($"/api/v1/dossiers/{dossier}/items/{sheet.Str("id")}/file")).Content.ReadAsByteArrayAsync());
        var materialSha = await app.WithDbAsync(async db => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            from x in db.MeetingMaterials join f in db.DocumentFiles on x.FileId equals f.Id where x.Id == Guid.Parse(material) select f.Sha256));
        foreach (var expected in new[] { "HỒ SƠ CUỘC HỌP", "Chương trình", "Thành phần và điểm danh", "Bà Lê Thị Y", "Vắng", $"Thông qua chương trình công tác {tag}", materialSha[..16],
                     "2 ý kiến góp ý", issued.Str("code") })
            Assert.Contains(expected, sheetText.Replace("\n", " "));

        // In the statistics (issue 19 §6): the meeting held paperless, its materials opened.
        (await nvan.GetAsync($"/api/v1/meetings/{id}/materials/{material}/file")).EnsureSuccessStatusCode();
        var figures = (await GetAsync(Head, $"/api/v1/statistics/handling?organizationCode=I02.36&from={Formats.Today(app.Clock):yyyy-MM-dd}&to={day:yyyy-MM-dd}"))
            .GetProperty("total").GetProperty("meetings");
        Assert.Equal((1, 1, 1), (figures.GetProperty("held").GetInt32(), figures.GetProperty("paperless").GetInt32(), figures.GetProperty("materialsOpened").GetInt32()));
    }
}

public sealed class MeetingPaperTestsSqlite(SqliteAppFixture f) : MeetingPaperTests(f), IClassFixture<SqliteAppFixture>;
public sealed class MeetingPaperTestsPostgres(PostgresAppFixture f) : MeetingPaperTests(f), IClassFixture<PostgresAppFixture>;
