using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Exchange;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Exchange;

/// <summary>
/// Issue 5's walk between two installations over HTTPS on loopback: Nghệ An issues a signed document to the
/// Confederation, which is served elsewhere; it travels as edXML through Nghệ An's outbox, lands in the Confederation's
/// queue with its signatures valid, is registered and directed there, and Nghệ An sees 01, 03, 04 come back; a retry
/// of the same message is stored once; the recall freezes the registered copy and 15 comes back.
/// </summary>
public sealed class ExchangeBetweenInstallationsTests(TwoInstallations both) : IClassFixture<TwoInstallations>
{
    private AppFixture NgheAn => both.NgheAn;
    private AppFixture Tld => both.Tld;

    private async Task<JsonElement> RecipientAsync(string id)
    {
        using var officer = await NgheAn.ClientAsAsync("nvan.ldld");
        return (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recipients").EnumerateArray()
            .Single(r => r.Str("organizationCode") == "I02");
    }

    /// <summary>Runs the installation's outbox; the count delivered must be as expected, else the messages' errors are shown.</summary>
    private static async Task DeliversAsync(AppFixture installation, int expected)
    {
        var run = await TwoInstallations.RunOutboxAsync(installation);
        if (run.Delivered == expected) return;
        var errors = await installation.WithDbAsync(db => db.ExchangeMessages.Where(m => m.LastError != null).Select(m => m.State + ": " + m.LastError).ToListAsync());
        Assert.Fail($"Delivered {run.Delivered} (retrying {run.Retrying}, failed {run.Failed}), expected {expected}: {string.Join(" | ", errors)}");
    }

    [Fact]
    public async Task SignedDocument_IssuedInOneInstallation_IsRegisteredInTheOther_WithStatusesBack_OnceOnly_AndRecalled()
    {
        // Nghệ An drafts to I02: in its tree, served by the Confederation's installation — an outside recipient.
        var id = await OutgoingFlowTests.DraftAsync(NgheAn, "V/v báo cáo kết quả liên thông giữa hai hệ thống", "I02");
        var recipient = await RecipientAsync(id);
        Assert.Equal("External", recipient.Str("kind"));
        Assert.Equal("Tổng Liên đoàn Lao động Việt Nam", recipient.Str("name"));
        await OutgoingFlowTests.SignAsync(NgheAn, id);
        using var clerk = await NgheAn.ClientAsAsync("htthu.ldld");
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        var number = issued.GetProperty("number").GetInt64();
        Assert.Equal("Queued", (await RecipientAsync(id)).Str("state"));

        // Nghệ An's outbox delivers it over HTTPS; the Confederation stores it, queues it and answers 01.
        await DeliversAsync(NgheAn, 1);
        Assert.Equal("Delivered", (await RecipientAsync(id)).Str("state"));
        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("senderCode") == "I02.36" && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == number);
        Assert.True(arrival.GetProperty("signaturesValid").GetBoolean(), arrival.Str("verificationSummary"));
        Assert.Contains("Nghệ An", arrival.Str("senderName"));
        Assert.Equal("V/v báo cáo kết quả liên thông giữa hai hệ thống", arrival.Str("subject"));
        var issuedFile = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        Assert.Equal(issuedFile, await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/file")).Content.ReadAsByteArrayAsync());

        await DeliversAsync(Tld, 1); // status 01
        var arrived = await RecipientAsync(id);
        Assert.Equal("01", arrived.Str("statusCode"));

        // A retry of the same message (a node that died after sending, say) is a duplicate there, not a second document.
        await NgheAn.WithDbAsync(db => db.ExchangeMessages.Where(m => m.OutgoingDocumentId == Guid.Parse(id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, ExchangeState.Queued)));
        await DeliversAsync(NgheAn, 1);
        var copies = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02&all=true")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Count(a => a.Str("senderCode") == "I02.36" && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == number);
        Assert.Equal(1, copies);

        // The Confederation registers it: 03 goes back. The head directs it: 04 goes back.
        var registered = await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/accept", new { })).JsonAsync(HttpStatusCode.OK);
        var files = (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Single(files);
        await DeliversAsync(Tld, 1);
        Assert.Equal("03", (await RecipientAsync(id)).Str("statusCode"));
        using var tldHead = await Tld.ClientAsAsync("tvhung.tld");
        (await tldHead.PostJsonAsync($"/api/v1/incoming/{registered.Str("id")}/direct", new
        {
            direction = "Giao Văn phòng tổng hợp.", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
        })).EnsureSuccessStatusCode();
        await DeliversAsync(Tld, 1);
        Assert.Equal("04", (await RecipientAsync(id)).Str("statusCode"));
        await DeliversAsync(Tld, 0); // told once

        // Nghệ An recalls it: the revoke follows the same way and the Confederation's clerk is asked; nothing changes
        // until she agrees — then the registered copy is frozen and 15 comes back.
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/recall", new { reason = "Ban hành nhầm số liệu." })).EnsureSuccessStatusCode();
        await DeliversAsync(NgheAn, 1);
        var asked = await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ban hành nhầm số liệu.", asked.Str("recallRequestReason"));
        Assert.Equal(JsonValueKind.Null, (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recalledAt").ValueKind);
        await (await tldHead.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/recall", new { accept = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/recall", new { accept = false, reason = "" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "OUTGOING_INVALID");
        (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/recall", new { accept = true })).EnsureSuccessStatusCode();
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/recall", new { accept = true })).ErrorAsync(HttpStatusCode.Conflict, "NO_RECALL_REQUESTED");
        var frozen = await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, frozen.GetProperty("recalledAt").ValueKind);
        await DeliversAsync(Tld, 1);
        Assert.Equal("15", (await RecipientAsync(id)).Str("statusCode"));
        var trail = (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("trail").EnumerateArray().ToList();
        Assert.Contains(trail, t => t.Str("action") == "status" && t.Str("text").Contains("15", StringComparison.Ordinal));
        Assert.Equal("Recalled", (await RecipientAsync(id)).Str("state"));
    }

    [Fact]
    public async Task AReply_NamesTheDocumentItAnswers_AndItsPageCount_InTheEdXml_AndTheRegisterKeepsBoth()
    {
        // Review finding 17: PageAmount and ResponseFor of the edXML are kept, not dropped at the recipient's queue.
        var (id, asked) = await OutgoingFlowTests.IssueAsync(NgheAn, "V/v đề nghị Tổng Liên đoàn cho ý kiến về quy chế", "I02");
        var askedNumber = asked.GetProperty("number").GetInt64();
        using var clerk = await NgheAn.ClientAsAsync("htthu.ldld");
        await DeliversAsync(NgheAn, 1);
        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("senderCode") == "I02.36" && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == askedNumber);
        var issuedPages = UnionOffice.Pdf.Reading.PdfFile.Parse(await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync()).Pages().Count;
        Assert.Equal(issuedPages, arrival.GetProperty("pageAmount").GetInt32());
        var registered = await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{arrival.Str("id")}/accept", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(issuedPages, (await (await tldClerk.GetAsync($"/api/v1/incoming/{registered.Str("id")}")).JsonAsync(HttpStatusCode.OK)).GetProperty("pageAmount").GetInt32());

        // The Confederation's head gives it to the Văn phòng, whose head answers it: the reply names it.
        using (var head = await Tld.ClientAsAsync("tvhung.tld"))
            (await head.PostJsonAsync($"/api/v1/incoming/{registered.Str("id")}/direct", new
            {
                direction = "Văn phòng dự thảo ý kiến trả lời.", targets = new object[] { new { kind = "Lead", departmentCode = "VP" } },
            })).EnsureSuccessStatusCode();
        using var tldOfficer = await Tld.ClientAsAsync("pmtuan.tld");
        var reply = (await (await tldOfficer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02", typeName = "Công văn", subject = "V/v ý kiến về quy chế", urgency = "Normal", signerUserName = "tvhung.tld",
            replyToIncomingId = registered.Str("id"), recipients = new[] { new { organizationCode = "I02.36" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await tldOfficer.UploadAsync($"/api/v1/outgoing/{reply}/versions", "tra-loi.pdf", OutgoingFlowTests.DraftPdf("Ý kiến của Tổng Liên đoàn"))).EnsureSuccessStatusCode();
        (await tldOfficer.PostJsonAsync($"/api/v1/outgoing/{reply}/submit")).EnsureSuccessStatusCode();
        // Drafted by the department's head: straight to the clerk's format review.
        (await tldClerk.PostJsonAsync($"/api/v1/outgoing/{reply}/approve")).EnsureSuccessStatusCode();
        using (var head = await Tld.ClientAsAsync("tvhung.tld")) (await head.PostJsonAsync($"/api/v1/outgoing/{reply}/sign", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        var replied = await (await tldClerk.PostJsonAsync($"/api/v1/outgoing/{reply}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        var sent = await TwoInstallations.RunOutboxAsync(Tld);
        Assert.True(sent.Delivered >= 1, $"delivered {sent.Delivered}, retrying {sent.Retrying}, failed {sent.Failed}");

        var answer = (await (await clerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("senderCode") == "I02" && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == replied.GetProperty("number").GetInt64());
        var askedCode = UnionOffice.Modules.Outgoing.OutgoingDocument.Code(askedNumber, "LĐLĐ-VP");
        Assert.StartsWith($"số {askedCode} ngày ", answer.Str("replyTo"));
        Assert.True(answer.GetProperty("pageAmount").GetInt32() >= 1);
        var mine = await (await clerk.PostJsonAsync($"/api/v1/incoming/arrivals/{answer.Str("id")}/accept", new { })).JsonAsync(HttpStatusCode.OK);
        var incoming = await (await clerk.GetAsync($"/api/v1/incoming/{mine.Str("id")}")).JsonAsync(HttpStatusCode.OK);
        Assert.StartsWith($"số {askedCode} ngày ", incoming.Str("replyTo"));
        Assert.Equal(id, incoming.Str("replyToOutgoingId")); // the clerk sees which of the organ's own documents was answered
    }

    [Fact]
    public async Task Replacement_TravelsAsType3_ArrivesAsANewDocument_AndAsksTheReplacedCopyBack()
    {
        using var clerk = await NgheAn.ClientAsAsync("htthu.ldld");
        var old = await OutgoingFlowTests.DraftAsync(NgheAn, "V/v kế hoạch sẽ được thay thế", "I02");
        await OutgoingFlowTests.SignAsync(NgheAn, old);
        var oldNumber = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{old}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64();
        await DeliversAsync(NgheAn, 1);

        using var officer = await NgheAn.ClientAsAsync("nvan.ldld");
        var replacement = (await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v kế hoạch thay thế", urgency = "Normal", signerUserName = "pstoan.ldld",
            recipients = new[] { new { organizationCode = "I02" } }, replacesId = old,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.UploadAsync($"/api/v1/outgoing/{replacement}/versions", "thay-the.pdf", OutgoingFlowTests.DraftPdf("V/v kế hoạch thay thế"))).EnsureSuccessStatusCode();
        await OutgoingFlowTests.SignAsync(NgheAn, replacement);
        var newNumber = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{replacement}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK)).GetProperty("number").GetInt64();
        await DeliversAsync(NgheAn, 2); // the revoke of the old one and the replacement

        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        var all = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02&all=true")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(a => a.Str("senderCode") == "I02.36" && a.GetProperty("number").ValueKind == JsonValueKind.Number).ToList();
        var oldCopy = all.Single(a => a.GetProperty("number").GetInt64() == oldNumber);
        Assert.Contains("thay thế", oldCopy.Str("recallRequestReason"), StringComparison.Ordinal);
        var newCopy = all.Single(a => a.GetProperty("number").GetInt64() == newNumber);
        Assert.Equal("Arrived", newCopy.Str("state"));
        Assert.Equal(JsonValueKind.Null, newCopy.GetProperty("recallRequestReason").ValueKind);
        Assert.Equal(3, await Tld.WithDbAsync(db => db.ExchangeMessages.Where(m => m.Direction == ExchangeDirection.Inbound && m.DocumentKey!.Contains($",{newNumber}/"))
            .Select(m => m.BusinessType).SingleAsync()));
        // The statuses this test caused go now, so that the other tests of the class count only their own.
        await TwoInstallations.RunOutboxAsync(Tld);
        Assert.Equal(0, (await TwoInstallations.RunOutboxAsync(Tld)).Delivered + (await TwoInstallations.RunOutboxAsync(NgheAn)).Delivered);
    }

    /// <summary>A request to the Confederation's exchange endpoint, signed as <paramref name="from"/> with <paramref name="secret"/>.</summary>
    private async Task<HttpResponseMessage> PostSignedAsync(byte[] body, string from = "nghean", string secret = TwoInstallations.Secret, string? sha = null,
        long? timestamp = null, string kind = "document", bool overHttps = true)
    {
        var id = Guid.NewGuid();
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        sha ??= Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        // As a peer would: over HTTPS, to the Confederation's self-issued certificate (the tests' client trusts it as pinned).
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = overHttps ? Tld.HttpsAddress : Tld.HttpAddress };
        using var req = new HttpRequestMessage(HttpMethod.Post, PeerTransport.Path) { Content = new ByteArrayContent(body) };
        req.Headers.Add(PeerSignature.From, from);
        req.Headers.Add(PeerSignature.MessageId, id.ToString());
        req.Headers.Add(PeerSignature.Kind, kind);
        req.Headers.Add(PeerSignature.Timestamp, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        req.Headers.Add(PeerSignature.ContentSha256, sha);
        req.Headers.Add(PeerSignature.Signature, PeerSignature.Compute(secret, from, id, kind, ts, sha));
        return await http.SendAsync(req);
    }

    /// <summary>An edXML document message of Nghệ An to the Confederation, as Nghệ An's installation would send it.</summary>
    private async Task<HttpResponseMessage> SendAsNgheAnAsync(UnionOffice.EdXml.EdXmlDocument message, byte[] pdf) =>
        await PostSignedAsync(await WriteAsync(message, pdf));

    private static async Task<byte[]> WriteAsync(UnionOffice.EdXml.EdXmlDocument message, byte[] pdf)
    {
        using var written = new MemoryStream();
        await UnionOffice.EdXml.EdXmlWriter.WriteAsync(written, message, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(pdf)));
        return written.ToArray();
    }

    private static UnionOffice.EdXml.EdXmlDocument Message(string subject, UnionOffice.EdXml.EdXmlBusiness? business = null, string number = "7001", string from = "I02.36") => new()
    {
        From = new UnionOffice.EdXml.EdXmlOrgan(from, "Liên đoàn Lao động tỉnh Nghệ An"),
        To = UnionOffice.EdXml.EquatableList.From([new UnionOffice.EdXml.EdXmlOrgan("I02", "Tổng Liên đoàn Lao động Việt Nam")]),
        DocumentId = $"{from},2026/11/20,{number}/LĐLĐ-VP",
        Code = new UnionOffice.EdXml.EdXmlCode(number, "LĐLĐ-VP"),
        Promulgation = new UnionOffice.EdXml.EdXmlPromulgationInfo("Nghệ An", new DateOnly(2026, 11, 20)),
        DocumentType = new UnionOffice.EdXml.EdXmlDocumentType(1, null, "Công văn"),
        Subject = subject,
        Trace = new UnionOffice.EdXml.EdXmlTraceHeaderList(UnionOffice.EdXml.EquatableList.From([new UnionOffice.EdXml.EdXmlTraceHeader(from, DateTime.Now)]), business),
        Attachments = UnionOffice.EdXml.EquatableList.From([new UnionOffice.EdXml.EdXmlAttachmentInfo("cid:1", "cong-van.pdf", "application/pdf")]),
    };

    [Fact]
    public async Task UpdateFromOutside_IsTheClerksToTake_NewSubjectAndFile_OrToRefuse_With15Or16Queued()
    {
        (await SendAsNgheAnAsync(Message("V/v tổ chức hội nghị (bản đầu)"), OutgoingFlowTests.DraftPdf("V/v tổ chức hội nghị (bản đầu)"))).EnsureSuccessStatusCode();
        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        JsonElement Find(JsonElement list) => list.EnumerateArray().Single(a => a.Str("senderCode") == "I02.36" && a.Str("notation") == "LĐLĐ-VP"
            && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == 7001);
        var arrival = Find(await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK));
        var id = arrival.Str("id");
        await (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{id}/update", new { accept = true })).ErrorAsync(HttpStatusCode.Conflict, "NO_UPDATE_REQUESTED");

        var newPdf = OutgoingFlowTests.DraftPdf("V/v tổ chức hội nghị (đã sửa địa điểm)");
        var update = new UnionOffice.EdXml.EdXmlBusiness
        {
            DocType = UnionOffice.EdXml.EdXmlBusinessDocType.Update, DocumentId = "I02.36,2026/11/20,7001/LĐLĐ-VP", Reason = "Sửa địa điểm hội nghị",
            DocumentInfo = new UnionOffice.EdXml.EdXmlBusinessDocumentInfo(1, 0, []),
        };
        (await SendAsNgheAnAsync(Message("V/v tổ chức hội nghị (đã sửa địa điểm)", update), newPdf)).EnsureSuccessStatusCode();
        var asked = await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Sửa địa điểm hội nghị", asked.Str("updateReason"));
        Assert.Equal("V/v tổ chức hội nghị (bản đầu)", asked.Str("subject")); // nothing changes before the clerk decides
        using var tldHead = await Tld.ClientAsAsync("tvhung.tld");
        await (await tldHead.PostJsonAsync($"/api/v1/incoming/arrivals/{id}/update", new { accept = true })).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{id}/update", new { accept = true })).EnsureSuccessStatusCode();
        var taken = await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("V/v tổ chức hội nghị (đã sửa địa điểm)", taken.Str("subject"));
        Assert.Equal(JsonValueKind.Null, taken.GetProperty("updateReason").ValueKind);
        Assert.Equal(newPdf, await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{id}/file")).Content.ReadAsByteArrayAsync());

        // A second update is refused with a reason: the copy keeps what it has; 15 and 16 wait in the outbox for Nghệ An.
        (await SendAsNgheAnAsync(Message("V/v một bản sửa không được nhận", update with { Reason = "Sửa lần hai" }), newPdf)).EnsureSuccessStatusCode();
        (await tldClerk.PostJsonAsync($"/api/v1/incoming/arrivals/{id}/update", new { accept = false, reason = "Bản sửa trùng nội dung." })).EnsureSuccessStatusCode();
        Assert.Equal("V/v tổ chức hội nghị (đã sửa địa điểm)", (await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{id}")).JsonAsync(HttpStatusCode.OK)).Str("subject"));
        var statuses = await Tld.WithDbAsync(db => db.ExchangeMessages.Where(m => m.Direction == ExchangeDirection.Outbound && m.Kind == ExchangeMessageKind.Status
            && m.DocumentKey == "I02.36,2026/11/20,7001/LĐLĐ-VP").CountAsync());
        Assert.Equal(3, statuses); // 01, 15, 16
        // Those statuses go now; Nghệ An has no such document and says so (the test's messages were not issued there).
        await TwoInstallations.RunOutboxAsync(Tld);
    }

    [Fact]
    public async Task UnsignedOrForgedRequests_AndMalformedMessages_AreRefused_AndNothingLands()
    {
        var body = "<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"/>"u8.ToArray();
        await (await PostSignedAsync(body, from: "ai-do")).ErrorAsync(HttpStatusCode.Unauthorized, "EXCHANGE_UNAUTHENTICATED");
        await (await PostSignedAsync(body, secret: "khoa-sai")).ErrorAsync(HttpStatusCode.Unauthorized, "EXCHANGE_UNAUTHENTICATED");
        await (await PostSignedAsync(body, timestamp: DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()))
            .ErrorAsync(HttpStatusCode.Unauthorized, "EXCHANGE_UNAUTHENTICATED");
        // Signed, but the body is not what was signed.
        await (await PostSignedAsync(body, sha: new string('0', 64)))
            .ErrorAsync(HttpStatusCode.Unauthorized, "EXCHANGE_UNAUTHENTICATED");
        // Signed and whole, but not an edXML document: refused with the reason, kept for the operators, nothing queued.
        var bad = await (await PostSignedAsync(body)).ErrorAsync((HttpStatusCode)422, "EXCHANGE_MESSAGE_INVALID");
        Assert.False(string.IsNullOrWhiteSpace(bad.Str("message")));
        // A well-formed message whose envelope signature (XML-DSig) no longer matches its header: refused, naming it.
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=LĐLĐ Nghệ An", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var signer = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pdf = OutgoingFlowTests.DraftPdf("V/v gói tin có chữ ký bị sửa");
        var message = Message("V/v gói tin có chữ ký bị sửa", number: "99");
        using var written = new MemoryStream();
        await UnionOffice.EdXml.EdXmlWriter.WriteAsync(written, message, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(pdf)),
            new UnionOffice.EdXml.EdXmlWriterOptions { SigningCertificate = signer });
        var tampered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(written.ToArray())
            .Replace("V/v gói tin có chữ ký bị sửa", "V/v gói tin có chữ ký bị SỬA", StringComparison.Ordinal));
        var dsig = await (await PostSignedAsync(tampered)).ErrorAsync((HttpStatusCode)422, "EXCHANGE_MESSAGE_INVALID");
        Assert.Contains("XML-DSig", dsig.Str("message"));
        var rejected = await Tld.WithDbAsync(db => db.ExchangeMessages.CountAsync(m => m.State == ExchangeState.Rejected));
        Assert.True(rejected >= 1);
        // Only a system administrator sees the exchange's messages.
        using var admin = await Tld.ClientAsAsync("nqtri.tld");
        var listed = (await (await admin.GetAsync("/api/v1/exchange/messages?direction=Inbound&state=Rejected")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.NotEmpty(listed);
        using var clerk = await Tld.ClientAsAsync("lthoa.tld");
        await (await clerk.GetAsync("/api/v1/exchange/messages")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    /// <summary>A Công văn of the Confederation to Nghệ An, issued (its delivery goes by the peer "nghean"): → (id, number, notation).</summary>
    private async Task<(string Id, long Number, string Notation)> IssueAtTldToNgheAnAsync(string subject)
    {
        using var officer = await Tld.ClientAsAsync("ntlan.tld");
        var id = (await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02", typeName = "Công văn", subject, signerUserName = "tvhung.tld", recipients = new[] { new { organizationCode = "I02.36" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "cv.pdf", OutgoingFlowTests.DraftPdf(subject))).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await Tld.ClientAsAsync("pmtuan.tld");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await Tld.ClientAsAsync("lthoa.tld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var head = await Tld.ClientAsAsync("tvhung.tld");
        (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        return (id, issued.GetProperty("number").GetInt64(), issued.Str("notation"));
    }

    private static async Task<byte[]> StatusAsync(string from, string documentKey, UnionOffice.EdXml.EdXmlStatusCode code)
    {
        using var written = new MemoryStream();
        await UnionOffice.EdXml.EdXmlWriter.WriteAsync(written, new UnionOffice.EdXml.EdXmlStatus
        {
            From = new UnionOffice.EdXml.EdXmlOrgan(from, "Cơ quan " + from),
            ResponseFor = new UnionOffice.EdXml.EdXmlResponseFor("I02", documentKey),
            StatusCode = code, Description = "Từ chối tiếp nhận", Timestamp = DateTime.Now,
        });
        return written.ToArray();
    }

    private Task<int> ForbiddenCountAsync() => Tld.WithDbAsync(db => db.ExchangeMessages.CountAsync(m => m.State == ExchangeState.Forbidden));

    /// <summary>
    /// Review finding 2: an authenticated peer speaks only for the organs it serves — never for one of this installation —
    /// and only about what went to or came from it; what its headers declare must be what it sends, over HTTPS. Every
    /// forged message gets 403 with the reason, is kept for the operators, and reaches no queue and no delivery.
    /// </summary>
    [Fact]
    public async Task APeer_SpeaksOnlyForItsOwnOrgans_AboutWhatItCarried_ForgeriesAre403_RecordedAndApplyNothing()
    {
        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        async Task<bool> QueuedAsync(string subject) => (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02&all=true")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Any(a => a.Str("subject") == subject);
        var before = await ForbiddenCountAsync();
        var pdf = OutgoingFlowTests.DraftPdf("V/v giả mạo");

        // A document in the name of an organ the sending peer does not serve, or of the Confederation itself.
        var asOther = await (await PostSignedAsync(await WriteAsync(Message("V/v Hải Phòng gửi thay Nghệ An", number: "8101"), pdf),
            from: TwoInstallations.ThirdName, secret: TwoInstallations.ThirdSecret)).ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        Assert.Contains("I02.36", asOther.Str("message"));
        await (await PostSignedAsync(await WriteAsync(Message("V/v Nghệ An gửi thay Tổng Liên đoàn", number: "8102", from: "I02"), pdf)))
            .ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        await (await PostSignedAsync(await WriteAsync(Message("V/v Nghệ An gửi thay Hà Nội", number: "8103", from: "I02.01"), pdf)))
            .ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        // A document declared as a status (X-UO-Kind), and one over plain HTTP.
        await (await PostSignedAsync(await WriteAsync(Message("V/v khai sai loại gói tin", number: "8104"), pdf), kind: "status"))
            .ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        await (await PostSignedAsync(await WriteAsync(Message("V/v gửi không mã hóa", number: "8105"), pdf), overHttps: false))
            .ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_HTTPS_REQUIRED");
        foreach (var subject in new[] { "V/v Hải Phòng gửi thay Nghệ An", "V/v Nghệ An gửi thay Tổng Liên đoàn", "V/v Nghệ An gửi thay Hà Nội", "V/v khai sai loại gói tin", "V/v gửi không mã hóa" })
            Assert.False(await QueuedAsync(subject), subject);

        // Statuses for a document the Confederation sent to Nghệ An by the peer "nghean": not from another peer.
        var (id, number, notation) = await IssueAtTldToNgheAnAsync("V/v trạng thái giả mạo phải bị chặn");
        var key = $"I02,{DateTime.Now:yyyy/MM/dd},{number}/{notation}";
        await (await PostSignedAsync(await StatusAsync("I02.36", key, UnionOffice.EdXml.EdXmlStatusCode.Refused), from: TwoInstallations.ThirdName,
            secret: TwoInstallations.ThirdSecret, kind: "status")).ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        await (await PostSignedAsync(await StatusAsync("I02.31", key, UnionOffice.EdXml.EdXmlStatusCode.Refused), from: TwoInstallations.ThirdName,
            secret: TwoInstallations.ThirdSecret, kind: "status")).ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        using var tldOfficer = await Tld.ClientAsAsync("ntlan.tld");
        var recipient = (await (await tldOfficer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recipients").EnumerateArray().Single();
        Assert.NotEqual("Refused", recipient.Str("state"));

        // A revoke from a peer that also serves the organ (overlapping configuration), of a document the other peer brought.
        (await SendAsNgheAnAsync(Message("V/v văn bản của đơn vị cấp dưới Nghệ An", number: "8106", from: "I02.36.01"), pdf)).EnsureSuccessStatusCode();
        Assert.True(await QueuedAsync("V/v văn bản của đơn vị cấp dưới Nghệ An"));
        var revoke = new UnionOffice.EdXml.EdXmlBusiness
        {
            DocType = UnionOffice.EdXml.EdXmlBusinessDocType.Revoke, DocumentId = "I02.36.01,2026/11/20,8106/LĐLĐ-VP", Reason = "Thu hồi giả",
            DocumentInfo = new UnionOffice.EdXml.EdXmlBusinessDocumentInfo(1, 0, []),
        };
        var wrongRoute = await (await PostSignedAsync(await WriteAsync(Message("V/v văn bản của đơn vị cấp dưới Nghệ An", revoke, "8106", "I02.36.01"), pdf),
            from: TwoInstallations.ThirdName, secret: TwoInstallations.ThirdSecret)).ErrorAsync(HttpStatusCode.Forbidden, "EXCHANGE_FORBIDDEN");
        Assert.Contains(TwoInstallations.ThirdName, wrongRoute.Str("message"));
        var copy = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02&all=true")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(a => a.Str("subject") == "V/v văn bản của đơn vị cấp dưới Nghệ An");
        Assert.Equal(JsonValueKind.Null, (await (await tldClerk.GetAsync($"/api/v1/incoming/arrivals/{copy.Str("id")}")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("recallRequestReason").ValueKind);

        // Each forgery is kept for the operators, with its reason.
        Assert.Equal(before + 7, await ForbiddenCountAsync());
        using var admin = await Tld.ClientAsAsync("nqtri.tld");
        var listed = (await (await admin.GetAsync("/api/v1/exchange/messages?direction=Inbound&state=Forbidden")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.True(listed.Count >= 7);
        Assert.All(listed, m => Assert.False(string.IsNullOrWhiteSpace(m.Str("lastError"))));
        Assert.True((await (await admin.GetAsync("/api/v1/exchange/metrics")).JsonAsync(HttpStatusCode.OK)).GetProperty("forbidden").GetInt32() >= 7);
        // What this test sent for real (the document to Nghệ An, the 01s) goes now, and what comes back of it: the other tests count their own.
        for (var round = 0; round < 4 && (await TwoInstallations.RunOutboxAsync(Tld)).Delivered + (await TwoInstallations.RunOutboxAsync(NgheAn)).Delivered > 0; round++) { }
    }

    [Fact]
    public void PeersOnPlainHttp_AreRefusedAtStart_OutsideDevelopment()
    {
        var options = new ExchangeOptions { Peers = [new PeerOptions { Name = "nghean", Endpoint = "http://vpdt.nghean.example/", Secret = "x" }] };
        var production = new PeersOverHttps(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" }).Validate(null, options);
        Assert.True(production.Failed);
        Assert.Contains("nghean", production.FailureMessage);
        Assert.True(new PeersOverHttps(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" }).Validate(null, options).Succeeded);
        options.Peers[0].Endpoint = "https://vpdt.nghean.example/";
        Assert.True(new PeersOverHttps(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" }).Validate(null, options).Succeeded);
    }

    /// <summary>An attachment that is a decompression bomb: the message is refused with the reason, nothing is queued (finding 3).</summary>
    [Fact]
    public async Task AnAttachmentThatIsADecompressionBomb_RejectsTheMessage_AndQueuesNothing()
    {
        var bad = await (await SendAsNgheAnAsync(Message("V/v tệp đính kèm là bom giải nén", number: "8201"), Api.DecompressionBombTests.LyingDocx.Value))
            .ErrorAsync((HttpStatusCode)422, "EXCHANGE_MESSAGE_INVALID");
        Assert.Contains("Tệp đính kèm", bad.Str("message"));
        Assert.Contains("khai báo", bad.Str("message"));
        using var tldClerk = await Tld.ClientAsAsync("lthoa.tld");
        Assert.DoesNotContain((await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02&all=true")).JsonAsync(HttpStatusCode.OK)).EnumerateArray(),
            a => a.Str("subject") == "V/v tệp đính kèm là bom giải nén");
    }
}
