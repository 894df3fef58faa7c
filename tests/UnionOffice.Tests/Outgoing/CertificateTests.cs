using System.Net;
using System.Text;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// Certificates (both databases): what an import refuses (not PKCS#12, wrong password, no key, expired, untrusted), the
/// PIN at signing (wrong, locked after too many), a certificate that expired after import; and signed PDFs registered
/// as incoming documents checked on request: genuine, tampered, forged (another document's signature) and untrusted.
/// </summary>
public abstract class CertificateTests(AppFixture app) : IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow.AddDays(-2), "Trusted TEST CA of the tests");
    private readonly TestCertificateAuthority _stranger = TestCertificateAuthority.Create(DateTimeOffset.UtcNow.AddDays(-2), "Untrusted TEST CA");

    public void Dispose()
    {
        _ca.Dispose();
        _stranger.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task TrustOurCaAsync() => await app.WithDbAsync(async db =>
    {
        var der = _ca.Root.RawData;
        if (!db.TrustAnchors.Any(a => a.Certificate == der))
        {
            db.TrustAnchors.Add(new TrustAnchor(_ca.Root.Subject, der, isTest: false, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        return 0;
    });

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient c, byte[] pkcs12, string password, string? organizationCode = null)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pkcs12), "file", "chung-thu.p12" }, { new StringContent(password), "password" } };
        if (organizationCode is not null) form.Add(new StringContent(organizationCode), "organizationCode");
        return await c.PostAsync("/api/v1/certificates", form);
    }

    [Fact]
    public async Task Import_RefusesWhatCannotSign_AndKeepsWhatCan()
    {
        await TrustOurCaAsync();
        using var officer = await app.ClientAsAsync("dvduc.ldld");
        using var valid = _ca.IssuePerson("Đặng Văn Đức", "LĐLĐ tỉnh Nghệ An");
        await (await ImportAsync(officer, "không phải chứng thư"u8.ToArray(), "x")).ErrorAsync((HttpStatusCode)422, "CERT_FILE_INVALID");
        await (await ImportAsync(officer, valid.ExportPkcs12("dung-pin"), "sai-pin")).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        using var expired = _ca.IssueExpired("Đặng Văn Đức", "LĐLĐ tỉnh Nghệ An");
        await (await ImportAsync(officer, expired.ExportPkcs12("p"), "p")).ErrorAsync((HttpStatusCode)422, "CERT_EXPIRED");
        using var untrusted = _stranger.IssuePerson("Đặng Văn Đức", "LĐLĐ tỉnh Nghệ An");
        await (await ImportAsync(officer, untrusted.ExportPkcs12("p"), "p")).ErrorAsync((HttpStatusCode)422, "CERT_UNTRUSTED");
        // A certificate without its key (the public part only, as a PKCS#12) cannot sign.
        var publicOnly = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection { valid.PublicCertificate }
            .Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "p")!;
        await (await ImportAsync(officer, publicOnly, "p")).ErrorAsync((HttpStatusCode)422, "CERT_NO_KEY");

        var imported = await (await ImportAsync(officer, valid.ExportPkcs12("dung-pin"), "dung-pin")).JsonAsync(HttpStatusCode.Created);
        Assert.False(imported.GetProperty("isTest").GetBoolean());
        Assert.Contains("Đặng Văn Đức", imported.Str("subject"));
        // The key is kept encrypted: neither the PIN nor the raw PKCS#12 is in the database.
        var stored = await app.WithDbAsync(async db => await Task.FromResult(db.SigningCertificates.Single(c => c.Thumbprint == valid.Certificate.Thumbprint).ProtectedPkcs12));
        Assert.False(stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes("dung-pin")) >= 0);
        Assert.False(stored.AsSpan().IndexOf(valid.Certificate.RawData.AsSpan(0, 64)) >= 0);
        var mine = (await (await officer.GetAsync("/api/v1/certificates")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(mine, c => c.Str("id") == imported.Str("id"));

        // An organ's certificate: its clerk may import it, an officer may not; the officer never sees it.
        using var organ = _ca.IssueOrgan("Liên đoàn Lao động tỉnh Nghệ An");
        await (await ImportAsync(officer, organ.ExportPkcs12("p"), "p", "I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var otherClerk = await app.ClientAsAsync("lthoa.tld");
        await (await ImportAsync(otherClerk, organ.ExportPkcs12("p"), "p", "I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task WrongPins_LockTheCertificate_AndAnExpiredOneCannotSign()
    {
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var id = await OutgoingFlowTests.DraftAsync(app, "V/v thử mã PIN", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        (await (await app.ClientAsAsync("lvbinh.ldld")).PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        (await (await app.ClientAsAsync("htthu.ldld")).PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = $"sai{i}" })).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        // Locked now, even with the right PIN, until the lock-out passes.
        await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).ErrorAsync((HttpStatusCode)429, "PIN_LOCKED");
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        try
        {
            // Past the certificate's end (the demo CA issues for one year or so): refused as expired.
            var notAfter = await app.WithDbAsync(db => Task.FromResult(db.SigningCertificates.Where(c => c.UserId != null).Max(c => c.NotAfter)));
            var back = notAfter - app.Clock.GetUtcNow() + TimeSpan.FromDays(1);
            app.Clock.Advance(back);
            using var later = await app.ClientAsAsync("pstoan.ldld", fresh: true);
            await (await later.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).ErrorAsync((HttpStatusCode)422, "CERT_EXPIRED");
            app.Clock.Advance(-back);
            using var now = await app.ClientAsAsync("pstoan.ldld", fresh: true);
            (await now.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromMinutes(16));
        }
    }

    [Fact]
    public async Task SignedPdfs_AreChecked_GenuineValid_TamperedForgedAndUntrustedNot()
    {
        await TrustOurCaAsync();
        using var signer = _ca.IssueOrgan("Bộ Lao động – Thương binh và Xã hội");
        using var stranger = _stranger.IssueOrgan("Bộ Lao động – Thương binh và Xã hội");
        var genuine = await SignAsync(OutgoingFlowTests.DraftPdf("V/v hướng dẫn thực hiện chính sách tiền lương"), signer);
        var other = await SignAsync(OutgoingFlowTests.DraftPdf("V/v một văn bản khác hẳn về nội dung"), signer);
        var tampered = (byte[])genuine.Clone();
        var at = Encoding.Latin1.GetString(tampered).IndexOf("/Title", StringComparison.Ordinal) + 8;
        tampered[at] ^= 0x01;
        // Forged: the other document's signature put in this one's place (same size of hole).
        var forged = (byte[])genuine.Clone();
        var mine = PdfSignatures.Read(genuine).Single().ByteRange;
        var theirs = PdfSignatures.Read(other).Single().ByteRange;
        Array.Copy(other, theirs[1], forged, mine[1], mine[2] - mine[1]);
        var untrusted = await SignAsync(OutgoingFlowTests.DraftPdf("V/v văn bản của một CA không tin cậy"), stranger);

        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var doc = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Bộ Lao động – Thương binh và Xã hội", codeNumber = $"{Random.Shared.Next(100, 999)}", codeNotation = "BLĐTBXH-TL",
            issuedDate = Common.Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = "V/v hướng dẫn thực hiện chính sách tiền lương",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in new[] { ("genuine.pdf", genuine), ("tampered.pdf", tampered), ("forged.pdf", forged), ("untrusted.pdf", untrusted), ("unsigned.pdf", OutgoingFlowTests.DraftPdf("x")) })
            form.Add(new ByteArrayContent(bytes), "files", name);
        var files = (await (await clerk.PostAsync($"/api/v1/incoming/{doc}/files", form)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToDictionary(f => f.Str("fileName"), f => f.Str("id"));

        async Task<System.Text.Json.JsonElement> Check(string name) =>
            await (await clerk.GetAsync($"/api/v1/incoming/{doc}/files/{files[name]}/signatures")).JsonAsync(HttpStatusCode.OK);
        var g = await Check("genuine.pdf");
        Assert.True(g.GetProperty("allValid").GetBoolean(), g.Str("summary"));
        foreach (var bad in new[] { "tampered.pdf", "forged.pdf", "untrusted.pdf" })
        {
            var r = await Check(bad);
            Assert.True(r.GetProperty("hasSignatures").GetBoolean(), bad);
            Assert.False(r.GetProperty("allValid").GetBoolean(), $"{bad}: {r.Str("summary")}");
        }
        var u = await Check("unsigned.pdf");
        Assert.False(u.GetProperty("hasSignatures").GetBoolean());
        // Outsiders learn nothing about the file.
        using var stranger2 = await app.ClientAsAsync("lthoa.tld");
        await (await stranger2.GetAsync($"/api/v1/incoming/{doc}/files/{files["genuine.pdf"]}/signatures")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
    }

    private static Task<byte[]> SignAsync(byte[] pdf, IssuedCertificate who) =>
        PdfSigner.SignAsync(pdf, new PdfSignatureOptions("CoQuan", DateTimeOffset.UtcNow, Reason: "Phát hành"),
            (digest, ct) => CadesSignature.CreateAsync(digest, who.SignatureProvider(), null, ct));
}

public sealed class CertificateTestsSqlite(SqliteAppFixture f) : CertificateTests(f), IClassFixture<SqliteAppFixture>;
public sealed class CertificateTestsPostgres(PostgresAppFixture f) : CertificateTests(f), IClassFixture<PostgresAppFixture>;
