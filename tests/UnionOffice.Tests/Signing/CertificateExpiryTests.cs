using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// Certificates people can manage (issue 16 §8): a certificate in use that expires within 30 days reminds its holder
/// (a person's) or the organ's office (an organ's), once; expired, it reminds again and signs nothing.
/// </summary>
public abstract class CertificateExpiryTests(AppFixture app)
{
    private static async Task<List<JsonElement>> NoticesAsync(HttpClient c) =>
        [.. (await (await c.GetAsync("/api/v1/notifications")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Where(n => n.Str("title").Contains("chứng thư số"))];

    /// <summary>Through the model, so that each database keeps the date in its own form.</summary>
    private Task SetNotAfterAsync(Guid id, DateTimeOffset notAfter) => app.WithDbAsync(async db =>
    {
        var c = await db.SigningCertificates.FirstAsync(x => x.Id == id);
        db.Entry(c).Property(x => x.NotAfter).CurrentValue = notAfter;
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task ACertificateNearItsEnd_RemindsItsHolderOnce_ThenWhenExpired_AndAnOrgansRemindsTheOffice()
    {
        var now = app.Clock.GetUtcNow();
        using var ca = TestCertificateAuthority.Create(now, $"CA hết hạn {Guid.NewGuid():N}"[..25]);
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(ca.Root.Subject, ca.Root.RawData, isTest: false, now));
            return await db.SaveChangesAsync();
        });
        using var token = ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An", now.AddYears(-1), now.AddDays(20), keyType: TestKeyType.EcdsaP256);
        using var head = await app.ClientAsAsync("pstoan.ldld");
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var organId = await app.WithDbAsync(db => db.Organizations.Where(o => o.Code == "I02.36").Select(o => o.Id).FirstAsync());
        var organCert = await app.WithDbAsync(db => db.SigningCertificates.Where(c => c.OrganizationId == organId && c.IsActive).Select(c => new { c.Id, c.NotAfter }).FirstAsync());
        try
        {
            (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = Convert.ToBase64String(token.Certificate.RawData) })).EnsureSuccessStatusCode();
            Assert.Empty(await NoticesAsync(head));
            await app.RunRemindersAsync();
            await app.RunRemindersAsync();
            var soon = Assert.Single(await NoticesAsync(head));
            var last = DateOnly.FromDateTime(token.Certificate.NotAfter.ToUniversalTime().AddHours(7));
            Assert.Equal($"Sắp đến hạn chứng thư số cá nhân “Phan Song Toàn” (hết hạn {last:dd/MM/yyyy}): xin cấp chứng thư mới và nhập ở trang Chữ ký số", soon.Str("title"));
            Assert.Equal("/signing", soon.Str("link"));
            Assert.Empty(await NoticesAsync(clerk));

            // The organ's certificate near its end: the office (the clerk) is told.
            await SetNotAfterAsync(organCert.Id, now.AddDays(10));
            await app.RunRemindersAsync();
            Assert.Contains(await NoticesAsync(clerk), n => n.Str("title").StartsWith("Sắp đến hạn chứng thư số của cơ quan", StringComparison.Ordinal));

            // Expired: told again, and nothing is signed with it.
            app.Clock.Advance(TimeSpan.FromDays(21));
            await app.RunRemindersAsync();
            using var later = await app.ClientAsAsync("pstoan.ldld");
            Assert.Contains(await NoticesAsync(later), n => n.Str("title").StartsWith("Quá hạn chứng thư số cá nhân", StringComparison.Ordinal));
            var id = await DeferredSigningTests.AwaitingSignatureAsync(app, "V/v ký bằng chứng thư đã hết hạn");
            await (await later.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).ErrorAsync((HttpStatusCode)422, "CERT_EXPIRED");
        }
        finally
        {
            await SetNotAfterAsync(organCert.Id, organCert.NotAfter);
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
            app.Clock.Advance(TimeSpan.FromDays(-21));
        }
    }
}

public sealed class CertificateExpiryTestsSqlite(SqliteAppFixture f) : CertificateExpiryTests(f), IClassFixture<SqliteAppFixture>;
public sealed class CertificateExpiryTestsPostgres(PostgresAppFixture f) : CertificateExpiryTests(f), IClassFixture<PostgresAppFixture>;
