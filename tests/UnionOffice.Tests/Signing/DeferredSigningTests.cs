using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// The head signs with a key the server never holds (issue 16 §1), through the API's two halves: the certificate
/// registered from the token (public part only, checked against the person), prepare → the digest signed where the key
/// is → complete. The result is the same PAdES as a PIN signature (pdfsig valid after the clerk's issue); a wrong key,
/// a late answer, another person, a replay and the PIN path for a token certificate are refused and change nothing.
/// Both databases.
/// </summary>
public abstract class DeferredSigningTests(AppFixture app)
{
    /// <summary>A CA of the test whose root the installation trusts, and pstoan's certificate from it (the key stands for the token's).</summary>
    private static async Task<(TestCertificateAuthority Ca, IssuedCertificate Head)> TokenOfHeadAsync(AppFixture app)
    {
        var ca = TestCertificateAuthority.Create(app.Clock.GetUtcNow(), $"CA của token {Guid.NewGuid():N}"[..30]);
        var (name, organ) = await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(ca.Root.Subject, ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
            var u = await db.Users.FirstAsync(x => x.UserName == "pstoan.ldld");
            return (u.FullName, await db.Organizations.Where(o => o.Id == u.HomeOrganizationId).Select(o => o.Name).FirstAsync());
        });
        return (ca, ca.IssuePerson(name, organ, keyType: TestKeyType.EcdsaP256));
    }

    /// <summary>What the token does with the digest: a raw signature (ECDSA as r‖s, the way PKCS#11 tokens give it).</summary>
    private static string TokenSigns(IssuedCertificate key, string digestBase64)
    {
        using var ec = key.Certificate.GetECDsaPrivateKey()!;
        return Convert.ToBase64String(ec.SignHash(Convert.FromBase64String(digestBase64), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    internal static async Task<string> AwaitingSignatureAsync(AppFixture app, string subject)
    {
        var id = await OutgoingFlowTests.DraftAsync(app, subject, "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        (await officer.PostJsonAsync($"/api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task HeadSigns_WithTheTokensKey_InTwoHalves_AndTheIssuedDocumentIsValid_WhileEveryWrongAnswerIsRefused()
    {
        var (ca, token) = await TokenOfHeadAsync(app);
        using var _ = ca;
        using var __ = token;
        using var head = await app.ClientAsAsync("pstoan.ldld");
        using var deputy = await app.ClientAsAsync("lvbinh.ldld");
        var publicPart = Convert.ToBase64String(token.Certificate.RawData);
        try
        {
            // Registration: only the holder's own, trusted certificate; garbage and another person's are refused.
            await (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = "không phải chứng thư" })).ErrorAsync((HttpStatusCode)422, "CERT_INVALID");
            await (await deputy.PostJsonAsync("/api/v1/certificates/token", new { certificate = publicPart })).ErrorAsync((HttpStatusCode)422, "CERT_NOT_YOURS");
            using (var stranger = TestCertificateAuthority.Create(app.Clock.GetUtcNow(), "CA không tin cậy"))
            using (var forged = stranger.IssuePerson(token.Certificate.GetNameInfo(X509NameType.SimpleName, false), "Liên đoàn Lao động tỉnh Nghệ An", keyType: TestKeyType.EcdsaP256))
                await (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = Convert.ToBase64String(forged.Certificate.RawData) }))
                    .ErrorAsync((HttpStatusCode)422, "CERT_UNTRUSTED");
            var registered = await (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = publicPart })).JsonAsync(HttpStatusCode.Created);
            Assert.Equal("Token", registered.Str("holder"));
            Assert.Equal(token.Certificate.Thumbprint, registered.Str("thumbprint"));

            var id = await AwaitingSignatureAsync(app, "V/v ký bằng USB token của Chủ tịch");
            // The PIN path is not for a key on a token; nobody but the signer prepares.
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).ErrorAsync(HttpStatusCode.Conflict, "CERT_KEY_ELSEWHERE");
            await (await deputy.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");

            // A signature by another key: refused, the session ends, the draft waits as it was.
            var first = await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("SHA-256", first.Str("digestAlgorithm"));
            Assert.Equal(32, Convert.FromBase64String(first.Str("digest")).Length);
            Assert.Equal(token.Certificate.Thumbprint, first.Str("certificateThumbprint"));
            using (var other = ca.IssuePerson("Người khác", "Liên đoàn Lao động tỉnh Nghệ An", keyType: TestKeyType.EcdsaP256))
                await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = first.Str("id"), signature = TokenSigns(other, first.Str("digest")) }))
                    .ErrorAsync((HttpStatusCode)422, "SIGNATURE_MISMATCH");
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = first.Str("id"), signature = TokenSigns(token, first.Str("digest")) }))
                .ErrorAsync(HttpStatusCode.Conflict, "SIGNING_SESSION_FAILED");
            Assert.Equal("AwaitingSignature", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

            // A late answer: the session expired, nothing signed.
            var late = await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).JsonAsync(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromMinutes(11));
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = late.Str("id"), signature = TokenSigns(token, late.Str("digest")) }))
                .ErrorAsync(HttpStatusCode.Gone, "SIGNING_SESSION_EXPIRED");

            // Another person cannot complete the head's session; garbage is not a signature.
            var good = await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).JsonAsync(HttpStatusCode.OK);
            await (await deputy.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = good.Str("id"), signature = TokenSigns(token, good.Str("digest")) }))
                .ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = good.Str("id"), signature = "???" }))
                .ErrorAsync(HttpStatusCode.BadRequest, "SIGNATURE_MISSING");

            // The right key: signed, once — the same answer again changes nothing.
            var signature = TokenSigns(token, good.Str("digest"));
            (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = good.Str("id"), signature })).EnsureSuccessStatusCode();
            (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = good.Str("id"), signature })).EnsureSuccessStatusCode();
            var doc = await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("Signed", doc.Str("status"));
            Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "signed" && t.Str("text").Contains("USB token"));

            using var clerk = await app.ClientAsAsync("htthu.ldld");
            (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
            var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var pdfsig = await Pdfsig.RunAsync(issued, ca.RootPem, await app.TestRootPemAsync());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
            Assert.Contains($"Signer Certificate Common Name: {token.Certificate.GetNameInfo(X509NameType.SimpleName, false)}", pdfsig);
            var report = PdfSignatureVerifier.Verify(issued, [ca.RootPublic, X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid, report.Summary);
            Assert.Equal(token.Certificate.Thumbprint, report.Signatures[0].Check!.SignerCertificate!.Thumbprint);
        }
        finally
        {
            await DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }

    /// <summary>The person signs with the demo's PIN certificate again (token certificates put aside) for the other tests of the fixture.</summary>
    internal static Task DemoCertificateAgainAsync(AppFixture app, string userName) =>
        DemoAgainAsync(app, db => db.SigningCertificates.Where(c => c.UserId == db.Users.Where(u => u.UserName == userName).Select(u => u.Id).First()));

    /// <summary>The organ seals with the demo's PKCS#12 again (an HSM certificate put aside).</summary>
    internal static Task OrganDemoCertificateAgainAsync(AppFixture app, string organizationCode) =>
        DemoAgainAsync(app, db => db.SigningCertificates.Where(c => c.OrganizationId == db.Organizations.Where(o => o.Code == organizationCode).Select(o => o.Id).First()));

    private static Task DemoAgainAsync(AppFixture app, Func<UnionOffice.Data.AppDbContext, IQueryable<SigningCertificate>> owned) => app.WithDbAsync(async db =>
    {
        var all = await owned(db).ToListAsync();
        foreach (var c in all.Where(c => c.Holder != KeyHolder.ServerPkcs12)) c.Deactivate();
        await db.SaveChangesAsync();
        var demo = all.Where(c => c.Holder == KeyHolder.ServerPkcs12).OrderByDescending(c => c.ImportedAt).First();
        return await db.Database.ExecuteSqlRawAsync("UPDATE \"SigningCertificates\" SET \"IsActive\" = TRUE WHERE \"Id\" = {0}", demo.Id);
    });
}

public sealed class DeferredSigningTestsSqlite(SqliteAppFixture f) : DeferredSigningTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DeferredSigningTestsPostgres(PostgresAppFixture f) : DeferredSigningTests(f), IClassFixture<PostgresAppFixture>;
