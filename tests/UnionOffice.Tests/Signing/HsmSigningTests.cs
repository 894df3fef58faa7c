using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>An installation whose server has an HSM: SoftHSM2 through Signing:Pkcs11Library.</summary>
public sealed class HsmSqliteFixture : SqliteAppFixture
{
    public HsmSqliteFixture() => SoftHsm.Get();
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Signing:Pkcs11Library", SoftHsm.Library)];
}

public sealed class HsmPostgresFixture : PostgresAppFixture
{
    public HsmPostgresFixture() => SoftHsm.Get();
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Signing:Pkcs11Library", SoftHsm.Library)];
}

/// <summary>
/// The organ's key in the server's HSM (issue 16 §4): the clerk chooses, from what the HSM holds, the certificate issued
/// to the organ (a person's is refused, others' clerks and officers cannot look), then issues with the device's PIN —
/// a wrong PIN is refused before anything is numbered — and the issued PDF carries the organ's signature made inside
/// the HSM, valid for pdfsig and our verifier.
/// </summary>
public abstract class HsmSigningTests(AppFixture app)
{
    [Fact]
    public async Task TheClerk_IssuesWithTheOrgansKeyInTheHsm_AndAWrongPinNumbersNothing()
    {
        var hsm = SoftHsm.Get();
        await app.WithDbAsync(async db =>
        {
            if (!await db.TrustAnchors.AnyAsync(t => t.Name == hsm.Ca.Root.Subject))
                db.TrustAnchors.Add(new TrustAnchor(hsm.Ca.Root.Subject, hsm.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        try
        {
            // What the HSM holds: the organ's certificate first, the head's token (a person's) marked as not the organ's.
            var keys = await (await clerk.GetAsync("/api/v1/certificates/hsm?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK);
            var organ = keys.EnumerateArray().First();
            Assert.Equal(hsm.Organ.Thumbprint, organ.Str("thumbprint"));
            Assert.True(organ.GetProperty("ofThisOrgan").GetBoolean());
            var person = keys.EnumerateArray().Single(k => k.Str("thumbprint") == hsm.Head.Thumbprint);
            Assert.False(person.GetProperty("ofThisOrgan").GetBoolean());

            // Only the organ's clerk (or administrator) looks and chooses; a person's certificate is not the organ's seal.
            using (var officer = await app.ClientAsAsync("nvan.ldld"))
            {
                await (await officer.GetAsync("/api/v1/certificates/hsm?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
                await (await officer.PostJsonAsync("/api/v1/certificates/hsm", new { organizationCode = "I02.36", keyReference = organ.Str("keyReference") }))
                    .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            }
            using (var otherClerk = await app.ClientAsAsync("lthoa.tld"))
                await (await otherClerk.PostJsonAsync("/api/v1/certificates/hsm", new { organizationCode = "I02.36", keyReference = organ.Str("keyReference") }))
                    .ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
            await (await clerk.PostJsonAsync("/api/v1/certificates/hsm", new { organizationCode = "I02.36", keyReference = person.Str("keyReference") }))
                .ErrorAsync((HttpStatusCode)422, "CERT_OTHER_ORGAN");
            await (await clerk.PostJsonAsync("/api/v1/certificates/hsm", new { organizationCode = "I02.36", keyReference = "0000/ff" }))
                .ErrorAsync(HttpStatusCode.NotFound, "CERT_NOT_FOUND");
            // The clerk chooses it on the signing page (the person's certificate offers no button there).
            using (var page = await Ui.UiSession.LoginAsync(app, "htthu.ldld"))
            {
                var html = await (await page.Client.GetAsync("/signing")).Content.ReadAsStringAsync();
                Assert.Contains("Không cấp cho cơ quan này", html);
                var chosen = await page.SubmitAsync("/signing", $"hsm-I02.36-{hsm.Organ.Thumbprint}", []);
                Assert.Contains("Đã chọn chứng thư số trong HSM để ký số văn thư của cơ quan.", await chosen.Content.ReadAsStringAsync());
            }
            var mine = await (await clerk.GetAsync("/api/v1/certificates")).JsonAsync(HttpStatusCode.OK);
            var registered = mine.EnumerateArray().Single(c => c.Str("organizationCode") == "I02.36");
            Assert.Equal(("Hsm", hsm.Organ.Thumbprint), (registered.Str("holder"), registered.Str("thumbprint")));

            var id = await OutgoingFlowTests.DraftAsync(app, "V/v phát hành bằng khóa của cơ quan trong HSM", "I02");
            await OutgoingFlowTests.SignAsync(app, id);
            var numbersBefore = await app.WithDbAsync(db => db.OutgoingDocuments.CountAsync(d => d.Number != null));
            await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = "000000" })).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
            Assert.Equal("Signed", (await (await clerk.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
            Assert.Equal(numbersBefore, await app.WithDbAsync(db => db.OutgoingDocuments.CountAsync(d => d.Number != null)));

            (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = SoftHsm.Pin })).EnsureSuccessStatusCode();
            var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var pdfsig = await Pdfsig.RunAsync(issued, hsm.Ca.RootPem, await app.TestRootPemAsync());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
            Assert.Contains($"Signer Certificate Common Name: {SoftHsm.OrganName}", pdfsig);
            var report = PdfSignatureVerifier.Verify(issued, [hsm.Ca.RootPublic, X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid, report.Summary);
            Assert.Equal(hsm.Organ.Thumbprint, report.Signatures[^1].Check!.SignerCertificate!.Thumbprint);
        }
        finally
        {
            // The organ's demo PKCS#12 seals again for the other tests of the fixture.
            await DeferredSigningTests.OrganDemoCertificateAgainAsync(app, "I02.36");
        }
    }
}

public sealed class HsmSigningTestsSqlite(HsmSqliteFixture f) : HsmSigningTests(f), IClassFixture<HsmSqliteFixture>;
public sealed class HsmSigningTestsPostgres(HsmPostgresFixture f) : HsmSigningTests(f), IClassFixture<HsmPostgresFixture>;
