using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// What an installation with long-term validation talks to: the CA of its head's and organ's certificates publishing a
/// CRL and an OCSP responder (on loopback), and a time-stamping service — started before the application.
/// </summary>
public sealed class LongTermValidationPeers
{
    public LocalRevocationServer Revocation { get; private set; } = null!;
    public LocalTsa Tsa { get; private set; } = null!;

    public IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Signing:CheckRevocation", "true"), new("Signing:TimestampUrl", Tsa.Uri.AbsoluteUri)];

    public async Task StartAsync()
    {
        Revocation = await LocalRevocationServer.StartAsync(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddMinutes(-1), name: "CA của cơ quan có CRL và OCSP (test)");
        Tsa = await LocalTsa.StartAsync(Revocation.Ca.IssueTimestampAuthority(notBefore: DateTimeOffset.UtcNow.AddDays(-60)), DateTimeOffset.UtcNow);
    }

    public async Task StopAsync()
    {
        await Tsa.DisposeAsync();
        await Revocation.DisposeAsync();
    }
}

public sealed class LongTermValidationSqliteFixture : SqliteAppFixture
{
    public LongTermValidationPeers Peers { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string>> Settings => Peers.Settings;

    public override async Task InitializeAsync()
    {
        await Peers.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peers.StopAsync();
    }
}

public sealed class LongTermValidationPostgresFixture : PostgresAppFixture
{
    public LongTermValidationPeers Peers { get; } = new();
    protected override IEnumerable<KeyValuePair<string, string>> Settings => Peers.Settings;

    public override async Task InitializeAsync()
    {
        await Peers.StartAsync();
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peers.StopAsync();
    }
}

/// <summary>
/// Issue 16 §7 end to end: a document the head signs and the clerk issues keeps the CRLs and OCSP answers of both
/// signatures and their time-stamps (B-LT), so it still verifies when the CA's servers are gone; the archive's package
/// seals it with a document time-stamp (B-LTA). Checked by our verifier, pdfsig and a package read on its own.
/// </summary>
public abstract class LongTermValidationAppTests(AppFixture app, LongTermValidationPeers peers)
{
    [Fact]
    public async Task AnIssuedDocument_KeepsItsValidationData_AndTheArchivePackageSealsIt()
    {
        var ca = peers.Revocation.Ca;
        var (headName, organName) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.UserName == "pstoan.ldld").Select(u => u.FullName).FirstAsync(),
            await db.Organizations.Where(o => o.Code == "I02.36").Select(o => o.Name).FirstAsync()));
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(ca.Root.Subject, ca.Root.RawData, isTest: false, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        using (var head = ca.IssuePerson(headName, organName)) await ImportAsync("pstoan.ldld", head, null);
        using (var organ = ca.IssueOrgan(organName)) await ImportAsync("htthu.ldld", organ, "I02.36");

        var id = await OutgoingFlowTests.DraftAsync(app, "V/v lưu trữ lâu dài văn bản có chữ ký số", "I02");
        await OutgoingFlowTests.SignAsync(app, id);
        var (ocspBefore, crlBefore) = (peers.Revocation.OcspRequests, peers.Revocation.CrlRequests);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        // Three certificates below the root — the head's, the organ's, the TSA's — one OCSP answer each, asked at issue.
        Assert.True(peers.Revocation.OcspRequests - ocspBefore >= 3, $"{peers.Revocation.OcspRequests - ocspBefore} OCSP requests");
        var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
        var kept = PdfDss.Read(issued);
        Assert.True(kept.OcspResponses.Count >= 3, $"{kept.OcspResponses.Count} OCSP answers kept");
        Assert.Equal(crlBefore, peers.Revocation.CrlRequests); // OCSP answered: no CRL needed

        // The recipient was told the signatures hold; and the issued file still verifies when the CA's servers are gone.
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.Str("subject") == "V/v lưu trữ lâu dài văn bản có chữ ký số");
        Assert.True(arrival.GetProperty("signaturesValid").GetBoolean(), arrival.Str("verificationSummary"));

        // Filed into a dossier, closed, and packaged for the archive: each signed PDF gets a document time-stamp.
        using var keeper = await app.ClientAsAsync("nvan.ldld");
        var dossier = (await (await keeper.PostJsonAsync("/api/v1/dossiers", new
        {
            organizationCode = "I02.36", notation = "09.VP", title = "Hồ sơ lưu trữ lâu dài", retentionYears = 20,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await keeper.PostJsonAsync($"/api/v1/dossiers/{dossier}/items", new { kind = "Outgoing", documentId = id })).EnsureSuccessStatusCode();
        (await keeper.PostJsonAsync($"/api/v1/dossiers/{dossier}/close", new { })).EnsureSuccessStatusCode();
        var zip = await (await keeper.GetAsync($"/api/v1/dossiers/{dossier}/package")).Content.ReadAsByteArrayAsync();
        await peers.Revocation.StopAsync();

        var stored = PdfSignatureVerifier.Verify(issued, [ca.RootPublic], checkRevocation: true);
        Assert.True(stored.AllValid, stored.Summary);
        Assert.True(stored.LongTermValidationComplete, stored.Summary);
        Assert.Equal(2, stored.Signatures.Count);
        var pdfsig = await Pdfsig.RunAsync(issued, ca.RootPem);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);

        var dir = Directory.CreateTempSubdirectory("uo-lta-").FullName;
        try
        {
            using (var archive = new ZipArchive(new MemoryStream(zip))) archive.ExtractToDirectory(dir);
            var (code, output) = await Tools.ExitAsync(dir, "sha256sum", "-c", "SHA256SUMS");
            Assert.True(code == 0, output);
            (code, output) = await Tools.ExitAsync(dir, "xmllint", "--noout", "--schema", "hoso.xsd", "hoso.xml");
            Assert.True(code == 0, output);
            var hoso = await File.ReadAllTextAsync(Path.Combine(dir, "hoso.xml"));
            Assert.Contains($"originalSha256=\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(issued))}\"", hoso);
            Assert.Contains("dấu thời gian lưu trữ", await File.ReadAllTextAsync(Path.Combine(dir, "DOC-TRUOC.txt")));
            var packaged = await File.ReadAllBytesAsync(Directory.EnumerateFiles(Path.Combine(dir, "vanban"), "*.pdf", SearchOption.AllDirectories)
                .Single(f => !Path.GetFileName(f).Contains("du-thao", StringComparison.Ordinal)));
            Assert.True(packaged.AsSpan(0, issued.Length).SequenceEqual(issued)); // the issued revisions, byte for byte
            var sealedReport = PdfSignatureVerifier.Verify(packaged, [ca.RootPublic], checkRevocation: true);
            Assert.True(sealedReport.AllValid, sealedReport.Summary);
            Assert.Equal(3, sealedReport.Signatures.Count);
            Assert.True(sealedReport.Signatures[2].Check!.IsDocumentTimestamp);
            Assert.NotNull(sealedReport.ArchiveTimestamp);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task ImportAsync(string user, IssuedCertificate cert, string? organ)
    {
        using var client = await app.ClientAsAsync(user);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(cert.ExportPkcs12(OutgoingFlowTests.Pin)), "file", "chung-thu.p12" }, { new StringContent(OutgoingFlowTests.Pin), "password" } };
        if (organ is not null) form.Add(new StringContent(organ), "organizationCode");
        var r = await client.PostAsync("/api/v1/certificates", form);
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
    }
}

public sealed class LongTermValidationAppTestsSqlite(LongTermValidationSqliteFixture f) : LongTermValidationAppTests(f, f.Peers), IClassFixture<LongTermValidationSqliteFixture>;
public sealed class LongTermValidationAppTestsPostgres(LongTermValidationPostgresFixture f) : LongTermValidationAppTests(f, f.Peers), IClassFixture<LongTermValidationPostgresFixture>;
