using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.SigningAgent;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// The head's USB token (issue 16 §2): SoftHSM2 holds an RSA key that cannot leave it, the local signing agent reaches
/// it through PKCS#11 and answers only the UnionOffice site's pages on loopback; the head registers the token's
/// certificate, the server prepares, the agent signs the digest after the PIN typed at the agent, the server completes
/// and the clerk issues — pdfsig and our verifier find both signatures valid. Refusals: other sites, another host name
/// (DNS rebinding), non-JSON posts, a wrong PIN, the person declining, an unknown certificate, bad digests.
/// </summary>
public sealed class TokenAgentTests(SqliteAppFixture app) : IClassFixture<SqliteAppFixture>
{
    private const string Site = "https://vanphong.test";

    /// <summary>The person at the agent's computer, scripted: each question is recorded and answered from the queue.</summary>
    private sealed class ScriptedPerson : IPinPrompt
    {
        public ConcurrentQueue<string?> Answers { get; } = new();
        public ConcurrentQueue<PinQuestion> Questions { get; } = new();

        public Task<string?> AskAsync(PinQuestion question, CancellationToken ct)
        {
            Questions.Enqueue(question);
            return Task.FromResult(Answers.TryDequeue(out var a) ? a : throw new InvalidOperationException("The test did not expect a PIN question here."));
        }
    }

    private static async Task<(WebApplication Agent, HttpClient Http, ScriptedPerson Person)> StartAgentAsync()
    {
        var person = new ScriptedPerson();
        var agent = AgentServer.Build(new AgentOptions { Library = SoftHsm.Library, Port = 0, AllowedOrigins = [Site] }, person);
        await agent.StartAsync();
        var http = new HttpClient { BaseAddress = AgentServer.Address(agent) };
        http.DefaultRequestHeaders.Add("Origin", Site);
        return (agent, http, person);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? origin, object? body = null, string? host = null)
    {
        var r = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (origin is not null) r.Headers.Add("Origin", origin);
        if (host is not null) r.Headers.Host = host;
        return r;
    }

    [Fact]
    public async Task TheAgent_AnswersOnlyTheSitesPages_OnThisMachinesName_AndOnlyJson()
    {
        var hsm = SoftHsm.Get();
        var (agent, http, person) = await StartAgentAsync();
        await using var _ = agent;
        using var __ = http;
        using var bare = new HttpClient { BaseAddress = http.BaseAddress };

        // Another site (or none: a program that is not a browser page of the site) is refused before anything is done.
        foreach (var origin in new string?[] { null, "https://evil.example", "https://vanphong.test.evil.example", "http://vanphong.test" })
        {
            var r = await bare.SendAsync(Request(HttpMethod.Get, "/v1/certificates", origin));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Equal("ORIGIN", (await r.Content.ReadFromJsonAsync<AgentError>())!.Code);
            Assert.False(r.Headers.Contains("Access-Control-Allow-Origin"));
        }
        // The preflight of another site gets no permission; the site's gets it, with Chromium's private-network grant.
        var otherPreflight = Request(HttpMethod.Options, "/v1/sign", "https://evil.example");
        otherPreflight.Headers.Add("Access-Control-Request-Method", "POST");
        Assert.Equal(HttpStatusCode.Forbidden, (await bare.SendAsync(otherPreflight)).StatusCode);
        var preflight = Request(HttpMethod.Options, "/v1/sign", Site);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Private-Network", "true");
        var granted = await bare.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.Equal(Site, granted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", granted.Headers.GetValues("Access-Control-Allow-Private-Network").Single());

        // A name that resolves to this machine but is not its own (DNS rebinding): refused.
        var rebound = await bare.SendAsync(Request(HttpMethod.Get, "/v1/certificates", Site, host: $"vanphong.test:{http.BaseAddress!.Port}"));
        Assert.Equal((HttpStatusCode)421, rebound.StatusCode);
        // A form post (which a browser sends without asking first) is not a signing request.
        var form = Request(HttpMethod.Post, "/v1/sign", Site);
        form.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["certificateId"] = "x" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await bare.SendAsync(form)).StatusCode);

        // The site's page sees the tokens' signing certificates (not the CA certificates kept beside them) and never the keys.
        var list = await ListAsync(http);
        Assert.Contains(list, c => c.Thumbprint == hsm.Head.Thumbprint && c.TokenLabel == SoftHsm.HeadToken && c.CommonName == SoftHsm.HeadName);
        Assert.Contains(list, c => c.Thumbprint == hsm.Organ.Thumbprint && c.TokenLabel == SoftHsm.OrganToken);
        Assert.Equal(Site, (await http.GetAsync("/v1/info")).Headers.GetValues("Access-Control-Allow-Origin").Single());

        // Bad digests and unknown certificates are answered before the person is asked anything.
        var head = list.Single(c => c.Thumbprint == hsm.Head.Thumbprint);
        foreach (var digests in new List<string>[] { [], ["???"], [Convert.ToBase64String(new byte[20])], [.. Enumerable.Repeat(Convert.ToBase64String(new byte[32]), AgentServer.MaxDigests + 1)] })
        {
            var r = await http.PostAsJsonAsync("/v1/sign", new SignRequest(head.Id, digests, "x"));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("DIGEST", (await r.Content.ReadFromJsonAsync<AgentError>())!.Code);
        }
        var unknown = await http.PostAsJsonAsync("/v1/sign", new SignRequest("0000/ff", [Convert.ToBase64String(new byte[32])], "x"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(person.Questions);
    }

    [Fact]
    public async Task ABatch_IsSignedWithOnePin_EachDigestSeparately_OnTheRsaTokenAndTheEcdsaHsm()
    {
        var hsm = SoftHsm.Get();
        var (agent, http, person) = await StartAgentAsync();
        await using var _ = agent;
        using var __ = http;
        var list = await ListAsync(http);
        foreach (var certificate in new[] { hsm.Head, hsm.Organ })
        {
            var digests = Enumerable.Range(1, 3).Select(i => SHA256.HashData(BitConverter.GetBytes(i * 7919))).ToList();
            person.Answers.Enqueue(SoftHsm.Pin);
            var r = await http.PostAsJsonAsync("/v1/sign", new SignRequest(list.Single(c => c.Thumbprint == certificate.Thumbprint).Id,
                digests.Select(Convert.ToBase64String).ToList(), "3 văn bản chờ ký"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var signatures = (await r.Content.ReadFromJsonAsync<SignResponse>())!.Signatures.Select(Convert.FromBase64String).ToList();
            Assert.Equal(3, signatures.Count);
            for (var i = 0; i < 3; i++)
            {
                using var rsa = certificate.GetRSAPublicKey();
                using var ec = certificate.GetECDsaPublicKey();
                Assert.True(rsa is not null
                    ? rsa.VerifyHash(digests[i], signatures[i], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    : ec!.VerifyHash(digests[i], signatures[i], DSASignatureFormat.Rfc3279DerSequence));
            }
        }
        // One question per batch, saying which site asks, for what, and how many documents the PIN signs.
        Assert.Equal(2, person.Questions.Count);
        Assert.All(person.Questions, q => Assert.Equal((Site, 3, "3 văn bản chờ ký"), (q.Origin, q.Count, q.Description)));
    }

    [Fact]
    public async Task TheHead_SignsWithTheUsbToken_ThroughTheAgent_AndTheIssuedDocumentIsValid()
    {
        var hsm = SoftHsm.Get();
        var (agent, http, person) = await StartAgentAsync();
        await using var _ = agent;
        using var __ = http;
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(hsm.Ca.Root.Subject, hsm.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        using var head = await app.ClientAsAsync("pstoan.ldld");
        try
        {
            // The page reads the certificate from the agent and registers its public part for the head.
            var onToken = (await ListAsync(http)).Single(c => c.Thumbprint == hsm.Head.Thumbprint);
            var registered = await (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = onToken.Certificate })).JsonAsync(HttpStatusCode.Created);
            Assert.Equal("Token", registered.Str("holder"));

            var id = await DeferredSigningTests.AwaitingSignatureAsync(app, "V/v ký bằng USB token qua phần mềm ký số");
            var prepared = await (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/prepare")).JsonAsync(HttpStatusCode.OK);
            var request = new SignRequest(onToken.Id, [prepared.Str("digest")], "V/v ký bằng USB token qua phần mềm ký số");

            // A wrong PIN, then the person declining: nothing is signed, the session is still open.
            person.Answers.Enqueue("000000");
            var wrong = await http.PostAsJsonAsync("/v1/sign", request);
            Assert.Equal((HttpStatusCode)422, wrong.StatusCode);
            Assert.Equal(("PIN_WRONG", "Mã PIN của USB token không đúng."), await CodeAsync(wrong));
            person.Answers.Enqueue(null);
            var declined = await http.PostAsJsonAsync("/v1/sign", request);
            Assert.Equal(HttpStatusCode.Conflict, declined.StatusCode);
            Assert.Equal("DECLINED", (await CodeAsync(declined)).Code);

            person.Answers.Enqueue(SoftHsm.Pin);
            var signed = await http.PostAsJsonAsync("/v1/sign", request);
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
            var signature = (await signed.Content.ReadFromJsonAsync<SignResponse>())!.Signatures.Single();
            (await head.PostJsonAsync($"/api/v1/outgoing/{id}/sign/complete", new { pendingId = prepared.Str("id"), signature })).EnsureSuccessStatusCode();
            Assert.Equal("Signed", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

            using var clerk = await app.ClientAsAsync("htthu.ldld");
            (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
            var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var pdfsig = await Pdfsig.RunAsync(issued, hsm.Ca.RootPem, await app.TestRootPemAsync());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.True(Pdfsig.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
            Assert.Contains($"Signer Certificate Common Name: {SoftHsm.HeadName}", pdfsig);
            var report = PdfSignatureVerifier.Verify(issued, [hsm.Ca.RootPublic, X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid, report.Summary);
            Assert.Equal(hsm.Head.Thumbprint, report.Signatures[0].Check!.SignerCertificate!.Thumbprint);
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }

    private static async Task<List<AgentCertificate>> ListAsync(HttpClient http)
    {
        var r = await http.GetAsync("/v1/certificates");
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<List<AgentCertificate>>())!;
    }

    private static async Task<(string Code, string Message)> CodeAsync(HttpResponseMessage r)
    {
        var e = (await r.Content.ReadFromJsonAsync<AgentError>())!;
        return (e.Code, e.Message);
    }
}
