using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.SigningAgent;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// Ký lô (issue 16 §5): twenty drafts signed in one pass with one PIN, each checked and signed on its own, the ones that
/// cannot be signed reported with their reason; with the USB token, one PIN at the agent for every digest; with the
/// remote service, one confirmation on the phone for the whole batch. Both databases.
/// </summary>
public abstract class BatchSigningTests(AppFixture app)
{
    private SmartCaPeer Peer => ((IRemotePeerFixture)app).Peer;

    private async Task<List<string>> AwaitingAsync(int count, string subject)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++) ids.Add(await DeferredSigningTests.AwaitingSignatureAsync(app, $"{subject} số {i}"));
        return ids;
    }

    private static List<JsonElement> Items(JsonElement result) => [.. result.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task TwentyDrafts_AreSignedWithOnePin_EachOnItsOwn_AndTheOnesThatCannotBeAreReported()
    {
        var ids = await AwaitingAsync(20, "V/v ký lô bằng mã PIN");
        var notYet = await OutgoingFlowTests.DraftAsync(app, "V/v dự thảo chưa trình", "I02");
        using var head = await app.ClientAsAsync("pstoan.ldld");
        object Body(string pin) => new { ids = (List<string>)[.. ids, notYet, Guid.NewGuid().ToString()], pin };

        // A wrong PIN signs nothing.
        await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch", Body("000000"))).ErrorAsync((HttpStatusCode)422, "PIN_WRONG");
        Assert.Equal("AwaitingSignature", (await (await head.GetAsync($"/api/v1/outgoing/{ids[0]}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
        await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch", new { ids = Array.Empty<string>(), pin = OutgoingFlowTests.Pin })).ErrorAsync(HttpStatusCode.BadRequest, "BATCH_INVALID");

        // Another person's batch of the head's drafts: each refused on its own, nothing signed.
        using (var deputy = await app.ClientAsAsync("lvbinh.ldld"))
        {
            var theirs = await (await deputy.PostJsonAsync("/api/v1/outgoing/sign-batch", new { ids = ids.Take(2), pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK);
            Assert.All(Items(theirs), i => Assert.Equal("NOT_THE_SIGNER", i.Str("code")));
        }
        Assert.Equal("AwaitingSignature", (await (await head.GetAsync($"/api/v1/outgoing/{ids[0]}")).JsonAsync(HttpStatusCode.OK)).Str("status"));

        var result = await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch", Body(OutgoingFlowTests.Pin))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((20, 2), (result.GetProperty("succeeded").GetInt32(), result.GetProperty("failed").GetInt32()));
        var items = Items(result);
        Assert.All(items.Take(20), i => Assert.True(i.GetProperty("ok").GetBoolean()));
        var refused = items.Single(i => i.Str("id") == notYet);
        Assert.Equal("OUTGOING_WRONG_STATUS", refused.Str("code"));
        Assert.False(string.IsNullOrEmpty(refused.Str("message")));
        Assert.False(items[^1].GetProperty("ok").GetBoolean());

        foreach (var id in ids)
        {
            var doc = await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("Signed", doc.Str("status"));
            var signed = await (await head.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var report = PdfSignatureVerifier.Verify(signed, [X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid && report.Signatures.Count == 1, report.Summary);
            Assert.Contains(doc.GetProperty("trail").EnumerateArray(), t => t.Str("action") == "signed");
        }
        var first = await (await head.GetAsync($"/api/v1/outgoing/{ids[0]}/file")).Content.ReadAsByteArrayAsync();
        var pdfsig = await Pdfsig.RunAsync(first, await app.TestRootPemAsync());
        Assert.Equal(1, Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid."));
    }

    [Fact]
    public async Task ABatch_OnTheUsbToken_TakesOnePinAtTheAgent_AndOnTheRemoteService_OneConfirmation()
    {
        var hsm = SoftHsm.Get();
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new TrustAnchor(hsm.Ca.Root.Subject, hsm.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            db.TrustAnchors.Add(new TrustAnchor(Peer.Ca.Root.Subject, Peer.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var questions = new List<PinQuestion>();
        await using var agent = AgentServer.Build(new AgentOptions { Library = SoftHsm.Library, Port = 0, AllowedOrigins = ["https://vanphong.test"] }, new OnePin(questions));
        await agent.StartAsync();
        using var http = new HttpClient { BaseAddress = AgentServer.Address(agent) };
        http.DefaultRequestHeaders.Add("Origin", "https://vanphong.test");
        try
        {
            // The token: three digests, one PIN at the agent, each completed on its own.
            (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = Convert.ToBase64String(hsm.Head.RawData) })).EnsureSuccessStatusCode();
            var ids = await AwaitingAsync(3, "V/v ký lô bằng USB token");
            var prepared = await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch/prepare", new { ids })).JsonAsync(HttpStatusCode.OK);
            var sessions = Items(prepared).Select(i => i.GetProperty("prepared")).ToList();
            Assert.Equal(3, sessions.Count);
            var onToken = (await http.GetFromJsonAsync<List<AgentCertificate>>("/v1/certificates"))!.Single(c => c.Thumbprint == hsm.Head.Thumbprint);
            var signed = await http.PostAsJsonAsync("/v1/sign", new SignRequest(onToken.Id, [.. sessions.Select(p => p.Str("digest"))], "Ký lô 3 văn bản"));
            var signatures = (await signed.Content.ReadFromJsonAsync<SignResponse>())!.Signatures;
            Assert.Equal((1, 3), (questions.Count, questions[0].Count));
            var completed = await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch/complete", new
            {
                items = ids.Select((id, i) => new { id, pendingId = sessions[i].Str("id"), signature = signatures[i] }),
            })).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(3, completed.GetProperty("succeeded").GetInt32());

            // The remote service: three documents in one transaction, confirmed once.
            (await head.PostJsonAsync("/api/v1/certificates/remote", new { userId = SmartCaPeer.UserId })).EnsureSuccessStatusCode();
            var remoteIds = await AwaitingAsync(3, "V/v ký lô từ xa");
            var batch = await (await head.PostJsonAsync("/api/v1/outgoing/sign-batch/prepare", new { ids = remoteIds })).JsonAsync(HttpStatusCode.OK);
            var transaction = Peer.Transactions.Single(t => t.Id == batch.Str("remoteTransactionId"));
            Assert.Equal(3, transaction.HexDigests.Count);
            Assert.StartsWith("Ký lô 3 văn bản", transaction.Description);
            var collect = $"/api/v1/outgoing/sign-batch/{batch.Str("batchId")}/remote";
            Assert.Equal(HttpStatusCode.Accepted, (await head.PostJsonAsync(collect)).StatusCode);
            Peer.Confirm(transaction.Id);
            var done = await (await head.PostJsonAsync(collect)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(3, done.GetProperty("succeeded").GetInt32());
            foreach (var id in (List<string>)[.. ids, .. remoteIds])
                Assert.Equal("Signed", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
            // Nobody else collects the head's batch.
            using var deputy = await app.ClientAsAsync("lvbinh.ldld");
            await (await deputy.PostJsonAsync(collect)).ErrorAsync(HttpStatusCode.NotFound, "SIGNING_SESSION_NOT_FOUND");
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }

    private sealed class OnePin(List<PinQuestion> questions) : IPinPrompt
    {
        public Task<string?> AskAsync(PinQuestion question, CancellationToken ct)
        {
            lock (questions) questions.Add(question);
            return Task.FromResult<string?>(SoftHsm.Pin);
        }
    }
}

public sealed class BatchSigningTestsSqlite(RemoteSqliteFixture f) : BatchSigningTests(f), IClassFixture<RemoteSqliteFixture>;
public sealed class BatchSigningTestsPostgres(RemotePostgresFixture f) : BatchSigningTests(f), IClassFixture<RemotePostgresFixture>;
