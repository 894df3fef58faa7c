using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Exchange;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;

namespace UnionOffice.Tests.Exchange;

/// <summary>
/// Two installations that know each other only through the national axis — a local peer on loopback speaking its
/// protocol (signed headers, hash of the body, list / get / acknowledge) — each registered there as a system serving
/// its organs. Nghệ An's outbox sends to the axis, the Confederation's poller takes from it, and statuses come back the
/// same way.
/// </summary>
public sealed class AxisInstallations : IAsyncLifetime
{
    public LocalAxisPeer Axis { get; private set; } = default!;
    public SqliteAppFixture NgheAn { get; private set; } = default!;
    public SqliteAppFixture Tld { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Axis = await LocalAxisPeer.StartAsync();
        Axis.AddSystem("uo-nghean", "bi-mat-truc-nghe-an", "I02.36");
        Axis.AddSystem("uo-tld", "bi-mat-truc-tld", "I02");
        NgheAn = new SqliteAppFixture { InstanceSettings = Settings("uo-nghean", "bi-mat-truc-nghe-an", ["I02.36", "I02.36.*"]) };
        Tld = new SqliteAppFixture { InstanceSettings = Settings("uo-tld", "bi-mat-truc-tld", ["I02"]) };
        await NgheAn.InitializeAsync();
        await Tld.InitializeAsync();
        var naRoot = await NgheAn.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());
        await Tld.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new Modules.Signing.TrustAnchor("CA của LĐLĐ Nghệ An", naRoot, isTest: false, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)NgheAn).DisposeAsync();
        await ((IAsyncLifetime)Tld).DisposeAsync();
        await Axis.DisposeAsync();
    }

    private KeyValuePair<string, string>[] Settings(string systemId, string secret, string[] served) =>
    [
        new("Exchange:Axis:Endpoint", Axis.Endpoint), new("Exchange:Axis:SystemId", systemId), new("Exchange:Axis:Secret", secret),
        new("Exchange:Axis:Timeout", "00:00:20"), new("Exchange:InstallationId", systemId),
        .. served.Select((s, i) => new KeyValuePair<string, string>($"Exchange:Served:{i}", s)),
    ];

    public static async Task<AxisPollRun> PollAsync(AppFixture installation)
    {
        await using var scope = installation.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AxisPoller>().RunOnceAsync(default);
    }
}

public sealed class ExchangeThroughAxisTests(AxisInstallations both) : IClassFixture<AxisInstallations>
{
    [Fact]
    public async Task AxisDown_MessagesWaitWithBackOff_AndGoWhenItIsBack_ANodeDyingMidDelivery_AndAMessageTwice_AreStoredOnce()
    {
        var id = await OutgoingFlowTests.DraftAsync(both.NgheAn, "V/v văn bản gửi qua trục liên thông quốc gia", "I02");
        await OutgoingFlowTests.SignAsync(both.NgheAn, id);
        using var clerk = await both.NgheAn.ClientAsAsync("htthu.ldld");
        var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("number").GetInt64();

        // The axis answers 503 for an hour: the message waits, its attempts spaced out (never more than Exchange:MaxBackoff).
        both.Axis.Reply503Next(1000);
        var clock = both.NgheAn.Clock;
        var waits = new List<TimeSpan>();
        for (var minutes = 0; minutes < 60;)
        {
            var run = await TwoInstallations.RunOutboxAsync(both.NgheAn);
            var m = await both.NgheAn.WithDbAsync(db => db.ExchangeMessages.SingleAsync(x => x.OutgoingDocumentId == Guid.Parse(id)));
            if (run.Retrying == 1)
            {
                Assert.Equal(ExchangeState.Queued, m.State);
                Assert.Contains("503", m.LastError, StringComparison.Ordinal);
                waits.Add(m.NextAttemptAt - clock.GetUtcNow());
            }
            else Assert.Equal(0, run.Delivered); // not due yet: nothing sent
            clock.Advance(TimeSpan.FromMinutes(1));
            minutes++;
        }
        Assert.True(waits.Count is > 5 and < 30, $"{waits.Count} attempts in an hour");
        Assert.True(waits.Max() <= TimeSpan.FromMinutes(5) && waits[^1] > waits[0], string.Join(", ", waits));
        using var officer = await both.NgheAn.ClientAsAsync("nvan.ldld");
        var waiting = (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recipients").EnumerateArray().Single();
        Assert.Equal("Queued", waiting.Str("state"));
        Assert.Contains("Đang thử gửi lại", waiting.Str("failureReason"));
        Assert.Empty(both.Axis.Sent);

        // Back: the next due attempt goes through.
        both.Axis.ClearFaults();
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await TwoInstallations.RunOutboxAsync(both.NgheAn)).Delivered);
        Assert.Single(both.Axis.Sent);

        // A node that died after handing it over, before recording it: its lease runs out and another sends it again.
        await both.NgheAn.WithDbAsync(db => db.ExchangeMessages.Where(x => x.OutgoingDocumentId == Guid.Parse(id))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, ExchangeState.Sending).SetProperty(x => x.LeaseUntil, clock.GetUtcNow().AddMinutes(-1))));
        Assert.Equal(1, (await TwoInstallations.RunOutboxAsync(both.NgheAn)).Delivered);
        Assert.Equal(2, both.Axis.Sent.Count); // the axis has it twice, under two ids of its own

        // The Confederation takes both from the axis: one document in its queue, both acknowledged.
        var poll = await AxisInstallations.PollAsync(both.Tld);
        Assert.Equal((2, 0, 0), (poll.Received, poll.Rejected, poll.Failed));
        using var tldClerk = await both.Tld.ClientAsAsync("lthoa.tld");
        var arrivals = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Where(a => a.Str("senderCode") == "I02.36" && a.GetProperty("number").ValueKind == JsonValueKind.Number && a.GetProperty("number").GetInt64() == number).ToList();
        var arrival = Assert.Single(arrivals);
        Assert.True(arrival.GetProperty("signaturesValid").GetBoolean(), arrival.Str("verificationSummary"));
        Assert.Equal((0, 0, 0), ((await AxisInstallations.PollAsync(both.Tld)).Received, 0, 0)); // acknowledged: gone from the list

        // 01 goes back through the axis and Nghệ An's poller takes it.
        Assert.Equal(1, (await TwoInstallations.RunOutboxAsync(both.Tld)).Delivered);
        Assert.Equal(1, (await AxisInstallations.PollAsync(both.NgheAn)).Received);
        var seen = (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("recipients").EnumerateArray().Single();
        Assert.Equal("01", seen.Str("statusCode"));
    }

    /// <summary>What the axis brings may not speak for an organ of this installation, nor come as another kind than listed.</summary>
    [Fact]
    public async Task ThroughTheAxis_NoMessageSpeaksForAnOrganServedHere_OrComesAsAnotherKind()
    {
        async Task<InboxReceipt> ReceiveAsync(string from, string number, ExchangeMessageKind listedAs)
        {
            var message = new UnionOffice.EdXml.EdXmlDocument
            {
                From = new UnionOffice.EdXml.EdXmlOrgan(from, "Cơ quan " + from),
                To = UnionOffice.EdXml.EquatableList.From([new UnionOffice.EdXml.EdXmlOrgan("I02", "Tổng Liên đoàn Lao động Việt Nam")]),
                DocumentId = $"{from},2026/11/20,{number}/CV", Code = new UnionOffice.EdXml.EdXmlCode(number, "CV"),
                Promulgation = new UnionOffice.EdXml.EdXmlPromulgationInfo("Hà Nội", new DateOnly(2026, 11, 20)),
                DocumentType = new UnionOffice.EdXml.EdXmlDocumentType(1, null, "Công văn"), Subject = $"V/v qua trục, gửi nhân danh {from}",
                Attachments = UnionOffice.EdXml.EquatableList.From([new UnionOffice.EdXml.EdXmlAttachmentInfo("cid:1", "cv.pdf", "application/pdf")]),
            };
            using var written = new MemoryStream();
            await UnionOffice.EdXml.EdXmlWriter.WriteAsync(written, message, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(OutgoingFlowTests.DraftPdf("V/v qua trục"))));
            written.Position = 0;
            await using var scope = both.Tld.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Inbox>().ReceiveAsync(ExchangeDirectory.AxisRoute, Guid.NewGuid().ToString(), written, null, listedAs, default);
        }

        var asUs = await ReceiveAsync("I02", "9101", ExchangeMessageKind.Document);
        Assert.True(asUs.Forbidden, asUs.Reason);
        Assert.Contains("I02", asUs.Reason);
        Assert.True((await ReceiveAsync("I02.36", "9102", ExchangeMessageKind.Status)).Forbidden);
        var outside = await ReceiveAsync("G12.34", "9103", ExchangeMessageKind.Document);
        Assert.Equal(nameof(ExchangeState.Processed), outside.State);
        Assert.Equal(0, await both.Tld.WithDbAsync(db => db.ReceivedDocuments.CountAsync(r => r.DocumentKey == "I02,2026/11/20,9101/CV" || r.DocumentKey == "I02.36,2026/11/20,9102/CV")));
    }

    /// <summary>
    /// With Served empty (every organ in the database is this installation's, the default), a peer still speaks for the
    /// organs it serves and the axis for the rest outside — and nobody for an organ in the database (review: the first
    /// version refused everything then).
    /// </summary>
    [Fact]
    public async Task WithServedEmpty_TheRouteThatReachesAnOrgan_IsTheOneThatMaySpeakForIt()
    {
        await using var scope = both.Tld.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UnionOffice.Data.AppDbContext>();
        var directory = new ExchangeDirectory(
            Microsoft.Extensions.Options.Options.Create(new ExchangeOptions { Peers = [new PeerOptions { Name = "nghean", Endpoint = "https://x/", Organs = ["I02.36.*"] }] }),
            Microsoft.Extensions.Options.Options.Create(new UnionOffice.Modules.Exchange.Axis.AxisOptions { Endpoint = "https://truc.example/" }), db);
        Assert.True(await directory.MaySpeakForAsync("peer:nghean", "I02.36.05", default));
        Assert.False(await directory.MaySpeakForAsync("axis", "I02.36.05", default));   // its route is the peer
        Assert.False(await directory.MaySpeakForAsync("peer:nghean", "I02", default));  // an organ in this database
        Assert.False(await directory.MaySpeakForAsync("axis", "I02.01", default));      // likewise
        Assert.True(await directory.MaySpeakForAsync("axis", "G01.02", default));       // outside, no peer: the axis
        Assert.False(await directory.MaySpeakForAsync("peer:khac", "G01.02", default));
    }
}
