using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Signing;
using UnionOffice.Modules.Signing.Remote;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>The installation's remote signing service is the SmartCA peer on loopback, started before the application.</summary>
public interface IRemotePeerFixture
{
    SmartCaPeer Peer { get; }
}

public sealed class RemoteSqliteFixture : SqliteAppFixture, IRemotePeerFixture
{
    public SmartCaPeer Peer { get; private set; } = default!;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => RemoteSettings.Of(Peer);

    public override async Task InitializeAsync()
    {
        Peer = await SmartCaPeer.StartAsync(SoftHsm.HeadName, "Liên đoàn Lao động tỉnh Nghệ An");
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peer.DisposeAsync();
    }
}

public sealed class RemotePostgresFixture : PostgresAppFixture, IRemotePeerFixture
{
    public SmartCaPeer Peer { get; private set; } = default!;
    protected override IEnumerable<KeyValuePair<string, string>> Settings => RemoteSettings.Of(Peer);

    public override async Task InitializeAsync()
    {
        Peer = await SmartCaPeer.StartAsync(SoftHsm.HeadName, "Liên đoàn Lao động tỉnh Nghệ An");
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await Peer.DisposeAsync();
    }
}

internal static class RemoteSettings
{
    public static IEnumerable<KeyValuePair<string, string>> Of(SmartCaPeer peer) =>
    [
        new("Signing:Remote:BaseUrl", peer.BaseUri.ToString()), new("Signing:Remote:SpId", SmartCaPeer.SpId),
        new("Signing:Remote:SpPassword", SmartCaPeer.SpPassword), new("Signing:Remote:ProviderName", "SmartCA (thử nghiệm)"),
    ];
}

/// <summary>
/// The head signs through a remote signing service (issue 16 §3): the certificate found at the service by the head's
/// CCCD number and registered; prepare sends the digest (hex) under the session's id; the page asks until the person
/// confirms on the phone. Refused on the phone, expired at the service, confirmed too late and the service failing all
/// leave the document waiting with a Vietnamese reason; the confirmed signature is checked and embedded, and the issued
/// PDF is valid for pdfsig and our verifier. Both databases.
/// </summary>
public abstract class RemoteSigningTests(AppFixture app)
{
    private SmartCaPeer Peer => ((IRemotePeerFixture)app).Peer;

    [Fact]
    public async Task TheHead_SignsByConfirmingOnThePhone_AndEveryOtherAnswerLeavesTheDocumentWaiting()
    {
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(Peer.Ca.Root.Subject, Peer.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        using var head = await app.ClientAsAsync("pstoan.ldld");
        try
        {
            await (await head.PostJsonAsync("/api/v1/certificates/remote", new { userId = "12 34" })).ErrorAsync((HttpStatusCode)422, "REMOTE_USER_INVALID");
            await (await head.PostJsonAsync("/api/v1/certificates/remote", new { userId = "999999999999" })).ErrorAsync(HttpStatusCode.NotFound, "REMOTE_CERT_NOT_FOUND");
            using (var deputy = await app.ClientAsAsync("lvbinh.ldld"))
                await (await deputy.PostJsonAsync("/api/v1/certificates/remote", new { userId = SmartCaPeer.UserId })).ErrorAsync((HttpStatusCode)422, "CERT_NOT_YOURS");
            var registered = await (await head.PostJsonAsync("/api/v1/certificates/remote", new { userId = SmartCaPeer.UserId })).JsonAsync(HttpStatusCode.Created);
            Assert.Equal(("Remote", Peer.Person.Certificate.Thumbprint), (registered.Str("holder"), registered.Str("thumbprint")));

            var id = await DeferredSigningTests.AwaitingSignatureAsync(app, "V/v ký số từ xa bằng điện thoại");
            async Task<(string Pending, string Transaction)> PrepareAsync()
            {
                var p = await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).JsonAsync(HttpStatusCode.OK);
                Assert.Equal("Remote", p.Str("holder"));
                var t = Peer.Transactions.Single(x => x.Id == p.Str("remoteTransactionId"));
                // Only the digest went to the service, in hex, with what the person reads on the phone.
                Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(p.Str("digest"))), t.HexDigests.Values.Single());
                Assert.Equal((SmartCaPeer.UserId, "Công văn: V/v ký số từ xa bằng điện thoại"), (t.UserId, t.Description));
                return (p.Str("id"), t.Id);
            }
            Task<HttpResponseMessage> AskAsync(string pending) => head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/remote", new { pendingId = pending });
            async Task StillWaitingAsync() =>
                Assert.Equal("AwaitingSignature", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

            // Refused on the phone.
            var (refused, t1) = await PrepareAsync();
            Assert.Equal("Waiting", (await (await AskAsync(refused)).JsonAsync(HttpStatusCode.Accepted)).Str("state"));
            Peer.Refuse(t1);
            await (await AskAsync(refused)).ErrorAsync(HttpStatusCode.Conflict, "REMOTE_REFUSED");
            await (await AskAsync(refused)).ErrorAsync(HttpStatusCode.Conflict, "SIGNING_SESSION_FAILED");
            await StillWaitingAsync();

            // Expired at the service; confirmed after our session expired.
            var (expired, t2) = await PrepareAsync();
            Peer.Expire(t2);
            await (await AskAsync(expired)).ErrorAsync(HttpStatusCode.Gone, "SIGNING_SESSION_EXPIRED");
            var (late, t3) = await PrepareAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(11));
            Peer.Confirm(t3);
            await (await AskAsync(late)).ErrorAsync(HttpStatusCode.Gone, "SIGNING_SESSION_EXPIRED");
            await StillWaitingAsync();

            // The service fails: said, nothing kept waiting.
            Peer.FailNextSign = true;
            await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).ErrorAsync(HttpStatusCode.BadGateway, "REMOTE_FAILED");

            // Confirmed in time: signed, once.
            var (good, t4) = await PrepareAsync();
            Peer.Confirm(t4);
            Assert.Equal("Signed", (await (await AskAsync(good)).JsonAsync(HttpStatusCode.OK)).Str("state"));
            Assert.Equal("Signed", (await (await AskAsync(good)).JsonAsync(HttpStatusCode.OK)).Str("state"));
            var doc = await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("Signed", doc.Str("status"));
            using (var deputy = await app.ClientAsAsync("lvbinh.ldld"))
                await (await deputy.PostJsonAsync($"/api/v1/outgoing/{id}/sign/remote", new { pendingId = good })).ErrorAsync(HttpStatusCode.Forbidden, "NOT_THE_SIGNER");

            using var clerk = await app.ClientAsAsync("htthu.ldld");
            (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
            var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var pdfsig = await Pdfsig.RunAsync(issued, Peer.Ca.RootPem, await app.TestRootPemAsync());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.Contains($"Signer Certificate Common Name: {SoftHsm.HeadName}", pdfsig);
            var report = PdfSignatureVerifier.Verify(issued, [Peer.Ca.RootPublic, X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid, report.Summary);
            Assert.Equal(Peer.Person.Certificate.Thumbprint, report.Signatures[0].Check!.SignerCertificate!.Thumbprint);
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }
}

public sealed class RemoteSigningTestsSqlite(RemoteSqliteFixture f) : RemoteSigningTests(f), IClassFixture<RemoteSqliteFixture>;
public sealed class RemoteSigningTestsPostgres(RemotePostgresFixture f) : RemoteSigningTests(f), IClassFixture<RemotePostgresFixture>;

/// <summary>The client against services that misbehave: wrong credentials, not JSON, too big, no answer in time.</summary>
public sealed class SmartCaClientTests
{
    private sealed class Factory(TimeSpan timeout) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = timeout };
    }

    private static SmartCaClient Client(Uri baseUri, string password = SmartCaPeer.SpPassword, double timeoutSeconds = 10) =>
        new(new Factory(TimeSpan.FromSeconds(timeoutSeconds)), Options.Create(new RemoteSigningOptions
        {
            BaseUrl = baseUri.ToString(), SpId = SmartCaPeer.SpId, SpPassword = password, ProviderName = "SmartCA (thử nghiệm)",
        }));

    [Fact]
    public async Task WrongCredentials_Garbage_Oversize_AndSilence_AreSaidInVietnamese()
    {
        await using var peer = await SmartCaPeer.StartAsync("Nguyễn Văn A", "Công đoàn ngành Giáo dục");
        var e = await Assert.ThrowsAsync<RemoteSigningException>(() => Client(peer.BaseUri, "sai").CertificatesAsync(SmartCaPeer.UserId, CancellationToken.None));
        Assert.Contains("từ chối tài khoản tích hợp", e.Message);
        var found = await Client(peer.BaseUri).CertificatesAsync(SmartCaPeer.UserId, CancellationToken.None);
        Assert.Equal(peer.Person.Certificate.Thumbprint, found.Single().Certificate.Thumbprint);
        Assert.Single(found.Single().Chain);

        await using (var garbage = await LoopbackHttp.StartAsync(ctx => ctx.Response.WriteAsync("<html>Bảo trì</html>")))
            Assert.Contains("không đúng định dạng", (await Assert.ThrowsAsync<RemoteSigningException>(() => Client(garbage.BaseUri).CertificatesAsync("x", CancellationToken.None))).Message);
        await using (var huge = await LoopbackHttp.StartAsync(async ctx =>
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 40 && !ctx.RequestAborted.IsCancellationRequested; i++) await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
        }))
            Assert.Contains("quá lớn", (await Assert.ThrowsAsync<RemoteSigningException>(() => Client(huge.BaseUri).CertificatesAsync("x", CancellationToken.None))).Message);
        await using (var silent = await LoopbackHttp.StartAsync(ctx => Task.Delay(Timeout.Infinite, ctx.RequestAborted)))
            Assert.Contains("Không kết nối được", (await Assert.ThrowsAsync<RemoteSigningException>(() =>
                Client(silent.BaseUri, timeoutSeconds: 0.5).StatusAsync("t", CancellationToken.None))).Message);
    }
}
