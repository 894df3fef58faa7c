using System.Net;
using System.Text.Json;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>The application as in production: the revocation of a signer's certificate is asked (Signing:CheckRevocation).</summary>
public sealed class RevocationAppFixture : SqliteAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Signing:CheckRevocation", "true")];
}

/// <summary>
/// Signed PDFs are checked for revocation through the CRL their certificates name (served on loopback by the CA of the
/// test): a revoked signer is refused by name; a certificate whose status cannot be learnt is reported as such — on an
/// incoming file and on an electronic arrival alike.
/// </summary>
public sealed class RevocationTests(RevocationAppFixture app) : IClassFixture<RevocationAppFixture>
{
    [Fact]
    public async Task IncomingFile_SignedWithARevokedCertificate_IsNotValid_AndSaysRevoked_WhileAGoodOneIs()
    {
        TestCertificateAuthority? ca = null;
        await using var crl = await LoopbackHttp.StartAsync(async context =>
        {
            context.Response.ContentType = "application/pkix-crl";
            await context.Response.Body.WriteAsync(ca!.CreateCrl());
        });
        ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow.AddDays(-2), "CA có danh sách thu hồi", crlUri: new Uri(crl.BaseUri, "ca.crl"));
        using (ca)
        {
            await app.WithDbAsync(async db =>
            {
                db.TrustAnchors.Add(new TrustAnchor(ca.Root.Subject, ca.Root.RawData, isTest: false, DateTimeOffset.UtcNow));
                return await db.SaveChangesAsync();
            });
            using var revoked = ca.IssueOrgan("Sở Lao động – Thương binh và Xã hội tỉnh Hà Tĩnh");
            using var good = ca.IssueOrgan("Sở Nội vụ tỉnh Hà Tĩnh");
            ca.Revoke(revoked.Certificate, DateTimeOffset.UtcNow.AddHours(-1));
            var files = new[]
            {
                ("revoked.pdf", await SignAsync(OutgoingFlowTests.DraftPdf("V/v văn bản của chứng thư đã thu hồi"), revoked)),
                ("good.pdf", await SignAsync(OutgoingFlowTests.DraftPdf("V/v văn bản của chứng thư còn hiệu lực"), good)),
            };
            using var clerk = await app.ClientAsAsync("htthu.ldld");
            var doc = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
            {
                organizationCode = "I02.36", issuerName = "Sở Lao động – Thương binh và Xã hội tỉnh Hà Tĩnh", codeNumber = "45", codeNotation = "SLĐTBXH-VP",
                issuedDate = Common.Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "V/v kiểm tra chứng thư bị thu hồi",
            })).JsonAsync(HttpStatusCode.Created)).Str("id");
            using var form = new MultipartFormDataContent();
            foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "files", name);
            var ids = (await (await clerk.PostAsync($"/api/v1/incoming/{doc}/files", form)).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
                .ToDictionary(f => f.Str("fileName"), f => f.Str("id"));

            var r = await (await clerk.GetAsync($"/api/v1/incoming/{doc}/files/{ids["revoked.pdf"]}/signatures")).JsonAsync(HttpStatusCode.OK);
            Assert.False(r.GetProperty("allValid").GetBoolean(), r.Str("summary"));
            Assert.Contains("đã bị thu hồi", r.GetProperty("signatures")[0].Str("summary"));
            var g = await (await clerk.GetAsync($"/api/v1/incoming/{doc}/files/{ids["good.pdf"]}/signatures")).JsonAsync(HttpStatusCode.OK);
            Assert.True(g.GetProperty("allValid").GetBoolean(), g.Str("summary"));
        }
    }

    [Fact]
    public async Task Arrival_SignedByCertificatesNamingNoRevocationList_SaysRevocationUnknown()
    {
        // The demo's certificates name no CRL: the recipient is told that it could not be learnt, and not "valid".
        var id = await OutgoingFlowTests.DraftAsync(app, "V/v chứng thư không có danh sách thu hồi", "I02");
        await OutgoingFlowTests.SignAsync(app, id);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var issued = await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == issued.GetProperty("number").GetInt64());
        Assert.False(arrival.GetProperty("signaturesValid").GetBoolean());
        Assert.Contains("chưa kiểm tra được tình trạng thu hồi", arrival.Str("verificationSummary"));
    }

    private static Task<byte[]> SignAsync(byte[] pdf, IssuedCertificate who) =>
        PdfSigner.SignAsync(pdf, new PdfSignatureOptions("CoQuan", DateTimeOffset.UtcNow, Reason: "Phát hành"),
            (digest, ct) => CadesSignature.CreateAsync(digest, who.SignatureProvider(), null, ct));
}
