using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using UnionOffice.Modules.Exchange;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;
using UnionOffice.Tests.Signing;

namespace UnionOffice.Tests.Api;

/// <summary>An installation exporting its traces and metrics to an OpenTelemetry collector (a peer on loopback that keeps what it is sent).</summary>
public sealed class TelemetryFixture : SqliteAppFixture
{
    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();
    private LoopbackHttp _collector = null!;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Telemetry:OtlpEndpoint", _collector.BaseUri.AbsoluteUri)];

    public override async Task InitializeAsync()
    {
        _collector = await LoopbackHttp.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Received.Enqueue((context.Request.Path, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
        });
        await base.InitializeAsync();
    }

    protected override async Task DisposeDatabaseAsync()
    {
        await base.DisposeDatabaseAsync();
        await _collector.DisposeAsync();
    }
}

/// <summary>
/// Observability (issue 21 §4): the Prometheus scrape answers the machine and the monitoring network only — not the
/// public, not through the proxy — with the HTTP, runtime and the product's own metrics; the collector receives the
/// spans over OTLP/HTTP; liveness and readiness say what is wrong, the oldest waiting exchange message included.
/// </summary>
public sealed class TelemetryTests(TelemetryFixture app) : IClassFixture<TelemetryFixture>
{
    private Task<HttpContext> GetAsync(string path, IPAddress? from, string? forwardedFor = null) => app.Server.SendAsync(c =>
    {
        c.Request.Method = "GET";
        c.Request.Path = path;
        c.Connection.RemoteIpAddress = from;
        if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
    });

    private static async Task<string> BodyAsync(HttpContext c)
    {
        return await new StreamReader(c.Response.Body).ReadToEndAsync();
    }

    [Fact]
    public async Task Metrics_AreForTheMonitoringNetworkOnly_AndCarryTheProductsOwn()
    {
        // Something to measure: a document signed by the head and issued with the organ's signature.
        await OutgoingFlowTests.IssueAsync(app, "V/v đo lường hệ thống", "I02");

        var scraped = await GetAsync("/metrics", IPAddress.Loopback);
        Assert.Equal(200, scraped.Response.StatusCode);
        var text = await BodyAsync(scraped);
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("uo_signing_duration_seconds_count", text);
        Assert.Contains("uo_exchange_queue_oldest_age_seconds", text);
        Assert.Contains("dotnet_gc_collections", text); // the runtime's own

        // The public is told nothing is there — directly, or through the proxy on loopback that forwards its address.
        Assert.Equal(404, (await GetAsync("/metrics", IPAddress.Parse("203.0.113.7"))).Response.StatusCode);
        Assert.Equal(404, (await GetAsync("/metrics", IPAddress.Loopback, forwardedFor: "203.0.113.7")).Response.StatusCode);
        Assert.Equal(404, (await GetAsync("/metrics", null)).Response.StatusCode);
    }

    [Fact]
    public async Task Spans_ReachTheCollectorOverOtlp()
    {
        await OutgoingFlowTests.IssueAsync(app, "V/v dấu vết xử lý", "I02");
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // The metrics' push to the collector (the Prometheus reader beside it only answers scrapes, so the flush as a whole reports false).
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        var traces = app.Received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, t => Assert.Equal("application/x-protobuf", t.ContentType));
        // Protobuf keeps strings as UTF-8: the service, our own span and the request's route are in the bytes.
        var all = string.Concat(traces.Select(t => System.Text.Encoding.UTF8.GetString(t.Body)));
        Assert.Contains("unionoffice", all);
        Assert.Contains("pdf.sign", all);
        Assert.Contains("api/v1/outgoing/{id:guid}/issue", all);
        Assert.Contains(app.Received, r => r.Path == "/v1/metrics" && System.Text.Encoding.UTF8.GetString(r.Body).Contains("uo.signing.duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_SaysWhatIsWrong_AnOldWaitingExchangeMessageIncluded()
    {
        using var anyone = app.NewClient();
        var live = await anyone.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await (await anyone.GetAsync("/health/ready")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("ready", ready.Str("status"));
        Assert.True(ready.GetProperty("checks").GetProperty("database").GetProperty("ok").GetBoolean());
        Assert.True(ready.GetProperty("checks").GetProperty("fileStore").GetProperty("ok").GetBoolean());

        // A message to another system waits (its receiver down): past the limit, the node says it is not ready.
        var id = Guid.CreateVersion7();
        await app.WithDbAsync(async db =>
        {
            db.ExchangeMessages.Add(ExchangeMessage.Outbound(id, ExchangeMessageKind.Document, "I02.36", ["H25"], "axis", 10, new string('a', 64), app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        try
        {
            app.Clock.Advance(TimeSpan.FromMinutes(31));
            var late = await (await anyone.GetAsync("/health/ready")).JsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("not ready", late.Str("status"));
            var queue = late.GetProperty("checks").GetProperty("exchangeQueue");
            Assert.False(queue.GetProperty("ok").GetBoolean());
            Assert.True(queue.GetProperty("oldestWaitingSeconds").GetDouble() >= 31 * 60);
        }
        finally
        {
            await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteDeleteAsync(db.ExchangeMessages.Where(m => m.Id == id)));
        }
    }
}
