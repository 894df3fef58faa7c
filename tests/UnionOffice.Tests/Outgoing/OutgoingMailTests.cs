using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// E-mail recipients of an issued document get the signed file and its appendices by a real SMTP exchange (a peer on
/// loopback): once, retried after a refusal with the reason shown to the sender, never for a recalled document.
/// </summary>
public sealed class OutgoingMailTests(MailAppFixture app) : IClassFixture<MailAppFixture>
{
    private async Task<MailRun> RunAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutgoingMailer>().RunAsync(default);
    }

    private async Task<(string Id, byte[] File)> IssueAsync(string subject, string email)
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var id = (await (await officer.PostJsonAsync("/api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject, urgency = "Normal", signerUserName = "pstoan.ldld",
            recipients = new object[] { new { organizationCode = "I02" }, new { email } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/versions", "cong-van.pdf", OutgoingFlowTests.DraftPdf(subject))).EnsureSuccessStatusCode();
        (await officer.UploadAsync($"/api/v1/outgoing/{id}/appendices", "phu-luc.pdf", OutgoingFlowTests.DraftPdf("Phụ lục: danh sách"))).EnsureSuccessStatusCode();
        await OutgoingFlowTests.SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        return (id, await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync());
    }

    private async Task<System.Text.Json.JsonElement> RecipientAsync(string id, string email)
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        return (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recipients").EnumerateArray()
            .Single(r => r.Str("kind") == "Email" && r.Str("email") == email);
    }

    [Fact]
    public async Task EmailRecipient_GetsTheSignedFileAndAppendices_Once_AfterARefusalWhoseReasonTheSenderSees()
    {
        const string email = "phongtonghop@nghean.gov.test";
        var (id, file) = await IssueAsync("V/v phối hợp tổ chức Tháng Công nhân", email);
        Assert.Equal("Queued", (await RecipientAsync(id, email)).Str("state"));

        app.Smtp.Refuse = true;
        Assert.Equal((0, 1), await RunTupleAsync());
        var waiting = await RecipientAsync(id, email);
        Assert.Equal("Queued", waiting.Str("state"));
        Assert.Contains("Gửi thư không thành công", waiting.Str("failureReason"));
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Contains($"<{email}>"));

        app.Smtp.Refuse = false;
        Assert.Equal((1, 0), await RunTupleAsync());
        Assert.Equal((0, 0), await RunTupleAsync());
        var sent = await RecipientAsync(id, email);
        Assert.Equal("Emailed", sent.Str("state"));
        Assert.Equal("Đã gửi thư điện tử", sent.Str("stateText"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, sent.GetProperty("failureReason").ValueKind);

        var (_, to, data) = Assert.Single(app.Smtp.Messages, m => m.To.Contains($"<{email}>"));
        Assert.Equal([$"<{email}>"], to);
        var pdfs = PdfAttachments(data);
        Assert.Equal(2, pdfs.Count);
        Assert.Equal(file, pdfs[0]);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdfs[1], 0, 5));
        // The appendix as sent carries the organ's signature, like the one delivered inside the system.
        var der = await app.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
        Assert.Contains("Signature Validation: Signature is Valid.", await Pdfsig.RunAsync(pdfs[1], root.ExportCertificatePem()));
    }

    [Fact]
    public async Task RecalledDocument_IsNotMailed()
    {
        const string email = "vanthu@hatinh.gov.test";
        var (id, _) = await IssueAsync("V/v văn bản sẽ thu hồi", email);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/recall", new { reason = "Ban hành nhầm." })).EnsureSuccessStatusCode();
        await RunAsync();
        Assert.DoesNotContain(app.Smtp.Messages, m => m.To.Contains($"<{email}>"));
        Assert.NotEqual("Emailed", (await RecipientAsync(id, email)).Str("state"));
    }

    private async Task<(int, int)> RunTupleAsync()
    {
        var r = await RunAsync();
        return (r.Sent, r.Failed);
    }

    /// <summary>The application/pdf parts of a multipart message, decoded from base64, in order.</summary>
    private static List<byte[]> PdfAttachments(string raw)
    {
        var boundary = Regex.Match(raw, "boundary=\"?([^\"\r\n;]+)\"?").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(boundary), "not a multipart message");
        var list = new List<byte[]>();
        foreach (var part in raw.Split("--" + boundary))
        {
            var end = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var headers = part[..end];
            if (!headers.Contains("application/pdf", StringComparison.OrdinalIgnoreCase)) continue;
            Assert.Contains("base64", headers, StringComparison.OrdinalIgnoreCase);
            list.Add(Convert.FromBase64String(part[(end + 4)..].Replace("\r\n", "", StringComparison.Ordinal).Trim()));
        }
        return list;
    }
}
