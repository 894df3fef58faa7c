using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// An outgoing document from draft to the recipient's register (API, both databases): review, the head's signature,
/// the clerk's issue with number and the organ's signature, delivery into the recipient's queue, acceptance, and the
/// sender seeing it. The issued file is checked by pdfsig.
/// </summary>
public abstract class OutgoingFlowTests(AppFixture app)
{
    public const string Pin = "123456";

    public static byte[] DraftPdf(string subject)
    {
        var pdf = new PdfComposer { Title = subject };
        var page = pdf.AddPage();
        page.TextCentered(150, 60, "LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", StandardFonts.Serif(bold: true), 12);
        page.TextCentered(150, 80, "Số:      /LĐLĐ-VP", StandardFonts.Serif(), 13);
        page.TextCentered(420, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", StandardFonts.Serif(bold: true), 12);
        page.TextCentered(420, 80, "Độc lập - Tự do - Hạnh phúc", StandardFonts.Serif(bold: true), 13);
        page.TextCentered(420, 110, "Nghệ An, ngày      tháng      năm 2026", StandardFonts.Serif(italic: true), 13);
        page.Text(72, 140, subject, StandardFonts.Serif(), 13);
        page.Text(72, 200, "Kính gửi: Tổng Liên đoàn Lao động Việt Nam.", StandardFonts.Serif(), 14);
        return pdf.ToArray();
    }

    /// <summary>Drafts a document at Nghệ An (officer nvan.ldld of VP), with its file, to the given recipients.</summary>
    public static async Task<string> DraftAsync(AppFixture app, string subject, params string[] recipients)
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var created = await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject, urgency = "Urgent", signerUserName = "pstoan.ldld", signerPosition = "Chủ tịch",
            toPlaces = "Như trên; Lưu: VT, VP.", recipients = recipients.Select(r => new { organizationCode = r }).ToArray(),
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.Str("id");
        (await (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "cong-van.pdf", DraftPdf(subject))).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt32();
        return id;
    }

    /// <summary>Takes a draft through review and the head's signature.</summary>
    public static async Task SignAsync(AppFixture app, string id)
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var signed = await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin });
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
    }

    /// <summary>A draft of Nghệ An's Văn phòng to the recipients, reviewed, signed by the head and issued by the clerk: its id and the issue's answer.</summary>
    public static async Task<(string Id, JsonElement Issued)> IssueAsync(AppFixture app, string subject, params string[] recipients)
    {
        var id = await DraftAsync(app, subject, recipients);
        await SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        return (id, await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Draft_IsReviewed_Signed_Issued_AndRegisteredByTheRecipient_WhoseStateTheSenderSees()
    {
        var id = await DraftAsync(app, "V/v báo cáo kết quả Tháng Công nhân năm 2026", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        using var head = await app.ClientAsAsync("pstoan.ldld");

        // Review: the department head returns it once, with a reason; the author sends a new version.
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        Assert.Contains(await ListAsync(dh, "to-review"), d => d.Str("id") == id);
        await (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/return", new { reason = "" })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/return", new { reason = "Bổ sung số liệu quý IV." })).EnsureSuccessStatusCode();
        var returned = await GetAsync(officer, id);
        Assert.Equal("Drafting", returned.Str("status"));
        Assert.Equal("Bổ sung số liệu quý IV.", returned.Str("returnReason"));
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "cong-van-v2.pdf", DraftPdf("V/v báo cáo kết quả Tháng Công nhân năm 2026 (bổ sung)"))).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        // Only the reviewer of the step may approve it.
        await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        Assert.Contains(await ListAsync(clerk, "to-review"), d => d.Str("id") == id);
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();

        // Signing: not the officer; the head with a wrong PIN is refused and nothing changes; then with the right one.
        await (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
        Assert.Contains(await ListAsync(head, "to-sign"), d => d.Str("id") == id);
        await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = "000000" })).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        Assert.Equal("AwaitingSignature", (await GetAsync(head, id)).Str("status"));
        (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = Pin })).EnsureSuccessStatusCode();
        Assert.Equal("Signed", (await GetAsync(head, id)).Str("status"));

        // Issue: the officer may not; the clerk with the organ's PIN; a second click gives the same number.
        await (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains(await ListAsync(clerk, "to-issue"), d => d.Str("id") == id);
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK);
        var again = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(issued.GetProperty("number").GetInt64(), again.GetProperty("number").GetInt64());
        Assert.Equal("LĐLĐ-VP", issued.Str("notation"));
        var number = issued.GetProperty("number").GetInt64();

        // The issued file: two signatures, both valid for pdfsig with the demo's test root trusted, nothing after the last.
        var file = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        var pdfsig = await Pdfsig.RunAsync(file, await TestRootPemAsync());
        Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Phan Song Toàn", pdfsig);
        Assert.Contains("Total document signed", pdfsig);
        var text = await Pdfsig.TextAsync(file);
        Assert.Contains($"{number}/LĐLĐ-VP", text);
        // The organ signed into the field the head's certification made: one field, one widget, nothing P=2 forbids.
        var organField = Signing.PdfFields.Named(file, OutgoingPdf.OrganField);
        Assert.Equal((1, 1), (organField.Count, organField.OnPage));
        Assert.Empty(UnionOffice.Pdf.Signing.PdfSignatureVerifier.Verify(file, []).DisallowedChanges);
        var path = Path.Combine(Path.GetTempPath(), $"uo-issued-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", path));
        }
        finally
        {
            File.Delete(path);
        }

        // The Confederation's clerk finds it waiting, valid, and registers it without typing; Nghệ An sees "accepted".
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var waiting = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36");
        Assert.True(waiting.GetProperty("signaturesValid").GetBoolean(), waiting.GetProperty("verificationSummary").GetString());
        var arrival = waiting.Str("id");
        Assert.Equal(file, await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival}/file")).Content.ReadAsByteArrayAsync());
        // No one else sees it: not Nghệ An's clerk, not an officer of the Confederation.
        await (await clerk.GetAsync($"/api/v1/incoming/arrivals/{arrival}")).ErrorAsync(HttpStatusCode.NotFound, "DELIVERY_NOT_FOUND");
        using var tldOfficer = await app.ClientAsAsync("ntlan.tld");
        await (await tldOfficer.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/accept", new { })).ErrorAsync(HttpStatusCode.NotFound, "DELIVERY_NOT_FOUND");
        await (await tldOfficer.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        var registered = await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/accept", new { })).JsonAsync(HttpStatusCode.OK);
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/accept", new { })).ErrorAsync(HttpStatusCode.Conflict, "DELIVERY_DECIDED");
        var incoming = await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), incoming.Str("codeNumber"));
        Assert.Equal("LĐLĐ-VP", incoming.Str("codeNotation"));
        Assert.Equal("I02.36", incoming.Str("issuerCode"));
        Assert.Equal("Urgent", incoming.Str("urgency"));
        var files = (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Single(files);

        var seen = await GetAsync(officer, id);
        var recipient = seen.GetProperty("recipients").EnumerateArray().Single(r => r.Str("organizationCode") == "I02");
        Assert.Equal("03", recipient.Str("statusCode"));
        Assert.Contains(seen.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "issued");

        // The head directs it at the Confederation: the sender sees 04.
        using var tldHead = await app.ClientAsAsync("tvhung.tld");
        (await tldHead.PostJsonAsync($"/api/v1/incoming/{registered.Str("id")}/direct", new
        {
            direction = "Giao Văn phòng tổng hợp.", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
        })).EnsureSuccessStatusCode();
        Assert.Equal("04", (await GetAsync(officer, id)).GetProperty("recipients").EnumerateArray().Single().Str("statusCode"));
    }

    [Fact]
    public async Task Appendices_AreSignedByTheOrganOnly_AndArriveAsTheRegisteredDocumentsFiles()
    {
        var id = await DraftAsync(app, "V/v kế hoạch kèm phụ lục", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var first = await (await officer.UploadAsync($"/api/v1/outgoing/{id}/appendices", "phu-luc-1.pdf", DraftPdf("Phụ lục I: danh sách đơn vị"))).JsonAsync(HttpStatusCode.Created);
        var second = await (await officer.UploadAsync($"/api/v1/outgoing/{id}/appendices", "phu-luc-2.pdf", DraftPdf("Phụ lục II: kinh phí"))).JsonAsync(HttpStatusCode.Created);
        await (await officer.UploadAsync($"/api/v1/outgoing/{id}/appendices", "x.txt", "không phải PDF"u8.ToArray())).ErrorAsync(HttpStatusCode.UnsupportedMediaType, "FILE_TYPE_REFUSED");
        (await officer.DeleteAsync($"/api/v1/outgoing/{id}/appendices/{second.Str("id")}")).EnsureSuccessStatusCode();
        using var stranger = await app.ClientAsAsync("ptngoc.ldld");
        await (await stranger.UploadAsync($"/api/v1/outgoing/{id}/appendices", "p.pdf", DraftPdf("x"))).ErrorAsync(HttpStatusCode.NotFound, "OUTGOING_NOT_FOUND");
        await SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64();
        var appendices = (await GetAsync(officer, id)).GetProperty("appendices").EnumerateArray().ToList();
        Assert.Single(appendices);
        Assert.True(appendices[0].GetProperty("signed").GetBoolean());

        // Signed by the organ only, and valid for pdfsig.
        var pdf = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/appendices/{first.Str("id")}/file")).Content.ReadAsByteArrayAsync();
        var pdfsig = await Pdfsig.RunAsync(pdf, await TestRootPemAsync());
        Assert.Equal(1, Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid."));
        Assert.DoesNotContain("Phan Song Toàn", pdfsig);
        var code = UnionOffice.Modules.Outgoing.OutgoingDocument.Code(number, "LĐLĐ-VP");
        Assert.Contains($"Kèm theo văn bản số {code}", await Pdfsig.TextAsync(pdf));
        Assert.Matches(@"Thời gian ký: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00", await Pdfsig.TextAsync(pdf)); // NĐ30 Phụ lục I II.8b: ISO 8601, Việt Nam's offset

        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36").Str("id");
        // Every file is there to read before the clerk decides (review finding 17), not only the document.
        var waiting = await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([UnionOffice.Modules.Outgoing.OutgoingDocument.IssuedFileName(number, "LĐLĐ-VP"), "phu-luc-1.pdf"],
            waiting.GetProperty("files").EnumerateArray().Select(f => f.Str("fileName")).ToList());
        Assert.Equal(pdf, await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival}/files/1")).Content.ReadAsByteArrayAsync());
        await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival}/files/2")).ErrorAsync(HttpStatusCode.NotFound, "FILE_NOT_FOUND");
        await (await stranger.GetAsync($"/api/v1/incoming/arrivals/{arrival}/files/1")).ErrorAsync(HttpStatusCode.NotFound, "DELIVERY_NOT_FOUND");
        var pages = UnionOffice.Pdf.Reading.PdfFile.Parse(await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync()).Pages().Count;
        Assert.Equal(pages, waiting.GetProperty("pageAmount").GetInt32());
        var registered = (await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/accept", new { })).JsonAsync(HttpStatusCode.OK)).Str("id");
        var files = (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(f => f.Str("fileName")).ToList();
        Assert.Equal([UnionOffice.Modules.Outgoing.OutgoingDocument.IssuedFileName(number, "LĐLĐ-VP"), "phu-luc-1.pdf"], files);
        Assert.Equal(pages, (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered}")).JsonAsync(HttpStatusCode.OK)).GetProperty("pageAmount").GetInt32());
    }

    [Fact]
    public async Task RecipientRefuses_WithAReason_AndTheSenderSeesIt()
    {
        var id = await DraftAsync(app, "V/v đề nghị cung cấp tài liệu hội nghị", "I02");
        await SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64();
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36").Str("id");
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/refuse", new { reason = " " })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/refuse", new { reason = "Gửi nhầm nơi nhận." })).EnsureSuccessStatusCode();
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival}/accept", new { })).ErrorAsync(HttpStatusCode.Conflict, "DELIVERY_DECIDED");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var r = (await GetAsync(officer, id)).GetProperty("recipients").EnumerateArray().Single();
        Assert.Equal("02", r.Str("statusCode"));
        Assert.Equal("Gửi nhầm nơi nhận.", r.Str("refuseReason"));
    }

    [Fact]
    public async Task Recall_FreezesTheRegisteredCopy_AndAReplacementRecallsTheDocumentItReplaces()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        async Task<(long Number, string Arrival)> IssueAsync(string id)
        {
            await SignAsync(app, id);
            var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64();
            var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
                .Single(a => a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36").Str("id");
            return (number, arrival);
        }

        // Recalled after the recipient registered it: the copy stays, frozen.
        var a = await DraftAsync(app, "V/v văn bản sẽ bị thu hồi", "I02");
        var (_, arrivalA) = await IssueAsync(a);
        var incoming = (await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrivalA}/accept", new { })).JsonAsync(HttpStatusCode.OK)).Str("id");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync($"/api/v1/outgoing/{a}/recall", new { reason = "Sai số liệu" })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await clerk.PostJsonAsync($"/api/v1/outgoing/{a}/recall", new { reason = "" })).ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{a}/recall", new { reason = "Sai số liệu" })).EnsureSuccessStatusCode();
        var frozen = await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, frozen.GetProperty("recalledAt").ValueKind);
        using var tldHead = await app.ClientAsAsync("tvhung.tld");
        await (await tldHead.PostJsonAsync($"/api/v1/incoming/{incoming}/direct", new
        {
            direction = "Giao Văn phòng.", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
        })).ErrorAsync(HttpStatusCode.Conflict, "INCOMING_RECALLED");
        var seen = await GetAsync(officer, a);
        Assert.Equal("Recalled", seen.Str("status"));
        Assert.Equal("15", seen.GetProperty("recipients").EnumerateArray().Single().Str("statusCode"));
        // Withdrawn (NĐ30 Điều 18.4b, review finding 12): the register line and the trail stay, the content does not open.
        var files = (await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.NotEmpty(files);
        await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}/files/{files[0].Str("id")}")).ErrorAsync(HttpStatusCode.Gone, "DOCUMENT_WITHDRAWN");
        await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}/files/{files[0].Str("id")}?download=true")).ErrorAsync(HttpStatusCode.Gone, "DOCUMENT_WITHDRAWN");
        await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrivalA}/file")).ErrorAsync(HttpStatusCode.Gone, "DOCUMENT_WITHDRAWN");
        Assert.Contains((await (await tldClerk.GetAsync($"/api/v1/incoming/{incoming}/trail")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(), t => t.Str("action") == "recalled");
        using (var page = await Ui.UiSession.LoginAsync(app, "lthoa.tld"))
        {
            var view = await page.Client.GetAsync($"/incoming/{incoming}/files/{files[0].Str("id")}/view");
            Assert.Equal(HttpStatusCode.Gone, view.StatusCode);
            Assert.Contains("đã bị nơi gửi thu hồi", await view.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Gone, (await page.Client.GetAsync($"/incoming/{incoming}/files/{files[0].Str("id")}")).StatusCode);
            var docPage = await (await page.Client.GetAsync($"/incoming/{incoming}")).Content.ReadAsStringAsync();
            Assert.True(docPage.Contains("id=\"withdrawn\"", StringComparison.Ordinal), docPage.Length > 3000 ? docPage[^3000..] : docPage);
            Assert.DoesNotContain($"/incoming/{incoming}/files/{files[0].Str("id")}/view", docPage);
        }

        // Replaced before the recipient acted: the old one is recalled when the new one is issued, and cannot be accepted.
        var b = await DraftAsync(app, "V/v văn bản sẽ bị thay thế", "I02");
        var (numberB, arrivalB) = await IssueAsync(b);
        using var author = await app.ClientAsAsync("nvan.ldld");
        var c = (await (await author.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v văn bản thay thế", signerUserName = "pstoan.ldld",
            recipients = new[] { new { organizationCode = "I02" } }, replacesId = b,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await author.UploadAsync($"/api/v1/outgoing/{c}/versions", "thay-the.pdf", DraftPdf("V/v văn bản thay thế"))).EnsureSuccessStatusCode();
        await IssueAsync(c);
        var old = await GetAsync(officer, b);
        Assert.Equal("Recalled", old.Str("status"));
        Assert.Contains(old.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "recalled" && t.Str("text").Contains("thay thế", StringComparison.Ordinal));
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrivalB}/accept", new { })).ErrorAsync(HttpStatusCode.Conflict, "DELIVERY_DECIDED");
        Assert.True(numberB > 0);
    }

    [Fact]
    public async Task Author_UpdatesTheDraft_ARefusedUpdateChangesNothing_AndOnlyTheAuthorWhileDrafting()
    {
        var id = await DraftAsync(app, "V/v dự thảo sẽ sửa", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        object Body(string subject, string? secrecy, params string[] recipients) => new
        {
            organizationCode = "I02.36", typeName = "Kế hoạch", subject, secrecy, signerUserName = "pstoan.ldld",
            recipients = recipients.Select(r => new { organizationCode = r }).ToArray(),
        };
        var updated = await (await officer.PutJsonAsync($"/api/v1/outgoing/{id}", Body("V/v kế hoạch đã sửa", null, "I02", "I02.01"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("KH", updated.Str("typeCode"));
        Assert.Equal(2, updated.GetProperty("recipients").GetArrayLength());
        await (await officer.PutJsonAsync($"/api/v1/outgoing/{id}", Body("V/v mật", "Mật", "I02"))).ErrorAsync((HttpStatusCode)422, "SECRET_REFUSED");
        await (await officer.PutJsonAsync($"/api/v1/outgoing/{id}", Body("V/v nơi nhận sai", null, "KHONG-CO"))).ErrorAsync(HttpStatusCode.BadRequest, "RECIPIENT_UNKNOWN");
        var kept = await GetAsync(officer, id);
        Assert.Equal("V/v kế hoạch đã sửa", kept.Str("subject"));
        Assert.Equal(2, kept.GetProperty("recipients").GetArrayLength());
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        await (await dh.PutJsonAsync($"/api/v1/outgoing/{id}", Body("V/v người khác sửa", null, "I02"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        await (await officer.PutJsonAsync($"/api/v1/outgoing/{id}", Body("V/v sửa khi đang duyệt", null, "I02"))).ErrorAsync(HttpStatusCode.Conflict, "OUTGOING_WRONG_STATUS");
    }

    [Fact]
    public async Task SecretDraft_IsRefused_AndOutsidersNeverSeeADraft()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "Tài liệu mật", secrecy = "Mật", signerUserName = "pstoan.ldld",
        })).ErrorAsync((HttpStatusCode)422, "SECRET_REFUSED");
        await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "Ký sai người", signerUserName = "lvbinh.ldld",
        })).ErrorAsync(HttpStatusCode.BadRequest, "SIGNER_INVALID");
        await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02", typeName = "Công văn", subject = "Cơ quan khác", signerUserName = "tvhung.tld",
        })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var id = await DraftAsync(app, "V/v dự thảo chưa trình", "I02");
        foreach (var outsider in new[] { "ptngoc.ldld", "lthoa.tld", "tvhung.tld", "lvbinh.ldld" })
        {
            using var c = await app.ClientAsAsync(outsider);
            var expected = outsider == "lvbinh.ldld" ? HttpStatusCode.OK : HttpStatusCode.NotFound; // the VP department head sees VP's drafts
            var response = await c.GetAsync($"/api/v1/outgoing/{id}");
            Assert.True(expected == response.StatusCode, $"{outsider}: {response.StatusCode}");
        }
        // A file that is not a PDF or DOCX is refused and the draft keeps its version.
        await (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "a.txt", "xin chào"u8.ToArray())).ErrorAsync(HttpStatusCode.UnsupportedMediaType, "FILE_TYPE_REFUSED");
        await (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "hong.pdf", "%PDF-1.7 hỏng"u8.ToArray())).ErrorAsync((HttpStatusCode)422, "PDF_INVALID");
        Assert.Equal(1, (await GetAsync(officer, id)).GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public async Task ConcurrentIssues_GiveConsecutiveNumbers_WithoutGapsOrDuplicates()
    {
        const int n = 6;
        var ids = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var id = await DraftAsync(app, $"V/v văn bản phát hành đồng thời số {i}", "I02");
            await SignAsync(app, id);
            ids.Add(id);
        }
        var before = await app.WithDbAsync(db => db.OutgoingRegisters.Where(r => db.Organizations.Any(o => o.Id == r.OrganizationId && o.Code == "I02.36"))
            .Select(r => r.LastNumber).FirstOrDefaultAsync());
        // Every document issued twice at once (two clerks, or a double click): n numbers, each once.
        var tasks = ids.SelectMany(id => new[] { IssueAsync(id), IssueAsync(id) }).ToList();
        var results = await Task.WhenAll(tasks);
        var byDoc = results.GroupBy(r => r.Id).ToList();
        Assert.All(byDoc, g => Assert.Single(g.Select(x => x.Number).Distinct()));
        var numbers = byDoc.Select(g => g.First().Number).Order().ToList();
        Assert.Equal(Enumerable.Range((int)before + 1, n).Select(x => (long)x), numbers);
        var after = await app.WithDbAsync(db => db.OutgoingRegisters.Where(r => db.Organizations.Any(o => o.Id == r.OrganizationId && o.Code == "I02.36"))
            .Select(r => r.LastNumber).FirstAsync());
        Assert.Equal(before + n, after);

        async Task<(string Id, long Number)> IssueAsync(string id)
        {
            using var clerk = await app.ClientAsAsync("htthu.ldld");
            var r = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK);
            return (id, r.GetProperty("number").GetInt64());
        }
    }

    [Fact]
    public async Task OutgoingRegister_ListsIssuedDocumentsInNumberOrder_AsExcelAndPdf_ForTheOrgansClerkAndHeadOnly()
    {
        var id = await DraftAsync(app, "V/v sổ đăng ký văn bản đi", "I02");
        await SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = Pin })).JsonAsync(HttpStatusCode.OK);
        var year = Common.Formats.Today(app.Clock).Year;
        var xlsx = await clerk.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={year}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = ExportReader.XlsxRows(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, r => r.Contains("Số, ký hiệu văn bản") && r.Contains("Nơi nhận văn bản"));
        Assert.Contains(rows, r => r.Any(c => c == issued.Str("code")) && r.Any(c => c.Contains("V/v sổ đăng ký văn bản đi", StringComparison.Ordinal)));
        var pdf = await clerk.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={year}&format=pdf");
        Assert.Contains("SỔ ĐĂNG KÝ VĂN BẢN ĐI", ExportReader.PdfText(await pdf.Content.ReadAsByteArrayAsync()));
        using var head = await app.ClientAsAsync("pstoan.ldld");
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={year}")).StatusCode);
        foreach (var outsider in new[] { "nvan.ldld", "lvbinh.ldld", "lthoa.tld" })
        {
            using var c = await app.ClientAsAsync(outsider);
            await (await c.GetAsync($"/api/v1/outgoing/register?organizationCode=I02.36&year={year}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    private Task<string> TestRootPemAsync() => app.TestRootPemAsync();

    [Fact]
    public async Task Counts_AreOfWholeLists_BeyondThe200AListShows()
    {
        // 201 more drafts of the officer than there were: "mine" holds more than a list shows. Older than the other tests'
        // drafts (a day before the test clock), so they stay below them in the lists.
        var (org, me, signer) = await app.WithDbAsync(async db => (
            await db.Organizations.Where(o => o.Code == "I02.36").Select(o => o.Id).SingleAsync(),
            await db.Users.Where(u => u.UserName == "nvan.ldld").Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.UserName == "pstoan.ldld").Select(u => u.Id).SingleAsync()));
        await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow().AddDays(-1);
            for (var i = 0; i < 201; i++)
                db.OutgoingDocuments.Add(OutgoingDocument.Create(org, null, me, new OutgoingDocument.Fields("Công văn", $"V/v dự thảo đếm {i}", Modules.Incoming.Urgency.Normal, null,
                    signer, "Chủ tịch", null, null, null), DateOnly.FromDateTime(now.UtcDateTime), now));
            return await db.SaveChangesAsync();
        });
        var expected = await app.WithDbAsync(db => db.OutgoingDocuments.CountAsync(d => d.OrganizationId == org && d.AuthorUserId == me
            && d.Status != OutgoingStatus.Issued && d.Status != OutgoingStatus.Recalled));
        using var officer = await app.ClientAsAsync("nvan.ldld");

        var counts = await (await officer.GetAsync("/api/v1/outgoing/counts?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK);

        Assert.True(expected > 200);
        Assert.Equal(expected, counts.GetProperty("mine").GetInt32());
        Assert.Equal(200, (await (await officer.GetAsync("/api/v1/outgoing?organizationCode=I02.36&view=mine&take=500")).JsonAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(7, counts.EnumerateObject().Count());
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient c, string view) =>
        (await (await c.GetAsync($"/api/v1/outgoing?organizationCode=I02.36&view={view}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    private static async Task<JsonElement> GetAsync(HttpClient c, string id) => await (await c.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
}

public sealed class OutgoingFlowTestsSqlite(SqliteAppFixture f) : OutgoingFlowTests(f), IClassFixture<SqliteAppFixture>;
public sealed class OutgoingFlowTestsPostgres(PostgresAppFixture f) : OutgoingFlowTests(f), IClassFixture<PostgresAppFixture>;
