using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using UnionOffice.Data;
using UnionOffice.Modules.Exchange;

namespace UnionOffice.Hosting;

/// <summary>Settings of section "Telemetry".</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OpenTelemetry collector's OTLP/HTTP address (e.g. http://127.0.0.1:4318): traces and metrics go there. None: not exported.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary>Serve Prometheus's scrape at /metrics, to the networks below only.</summary>
    public bool Prometheus { get; set; } = true;
    /// <summary>Who may scrape /metrics (CIDR), judged on the client's address after the proxy's X-Forwarded-For; loopback by default.</summary>
    public List<string> MetricsAllowedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];
    /// <summary>Readiness fails when an outgoing exchange message has waited longer than this.</summary>
    public TimeSpan MaxExchangeQueueAge { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Observability (issue 21 §4): OpenTelemetry traces and metrics — ASP.NET Core, HttpClient, Npgsql, the runtime, and
/// the product's own (signing and OCR durations, exchange sends and the age of the oldest waiting message) — exported
/// over OTLP when a collector is configured and scraped by Prometheus at /metrics from allowed networks; logs carry the
/// trace and span ids; /health/live and /health/ready for the load balancer and the orchestrator.
/// </summary>
public static class Telemetry
{
    public const string Name = "UnionOffice";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
    public static readonly Histogram<double> SigningDuration = Meter.CreateHistogram<double>("uo.signing.duration", "s", "Thời gian ký một tệp PDF (kể cả dấu thời gian)");
    public static readonly Histogram<double> OcrDuration = Meter.CreateHistogram<double>("uo.ocr.duration", "s", "Thời gian đọc một bản quét (OCR)");
    public static readonly Counter<long> ExchangeSends = Meter.CreateCounter<long>("uo.exchange.sends", "{message}", "Lần gửi văn bản liên thông, theo kết quả");

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Telemetry");
        services.Configure<TelemetryOptions>(section);
        var o = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton<ExchangeQueueAge>();
        services.AddHostedService<ExchangeQueueProbe>();
        // Every log line written inside a request or a span carries its ids (scopes; with the JSON console formatter, fields).
        builder.Logging.Configure(l => l.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("unionoffice", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: Environment.MachineName));
        // Spans are recorded only when someone receives them: a request pays nothing for tracing otherwise.
        if (o.OtlpEndpoint is { Length: > 0 } traces)
            otel.WithTracing(t => t.AddSource(Name)
                .AddAspNetCoreInstrumentation(a => a.Filter = c => !c.Request.Path.StartsWithSegments("/metrics") && !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation().AddNpgsql()
                .AddOtlpExporter(e => { e.Endpoint = new Uri(new Uri(traces), "v1/traces"); e.Protocol = OtlpExportProtocol.HttpProtobuf; }));
        otel.WithMetrics(m =>
        {
            m.AddMeter(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
            if (o.Prometheus) m.AddPrometheusExporter();
            if (o.OtlpEndpoint is { Length: > 0 } endpoint)
                m.AddOtlpExporter(e => { e.Endpoint = new Uri(new Uri(endpoint), "v1/metrics"); e.Protocol = OtlpExportProtocol.HttpProtobuf; });
        });
    }

    /// <summary>/metrics (allowed networks only: anyone else gets 404, as if it did not exist) and the two health endpoints.</summary>
    public static void MapTelemetry(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (o.Prometheus)
        {
            // Judged after UseForwardedHeaders: behind nginx, the client's address, not the proxy's loopback.
            var allowed = o.MetricsAllowedNetworks.Select(IPNetwork.Parse).ToList();
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/metrics") && !Allowed(c.Connection.RemoteIpAddress, allowed),
                b => b.Run(c => { c.Response.StatusCode = StatusCodes.Status404NotFound; return Task.CompletedTask; }));
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", async (AppDbContext db, Modules.Files.IContentStorage storage, ExchangeQueueAge queue, CancellationToken ct) =>
        {
            var checks = new Dictionary<string, object>();
            var ready = true;
            bool database;
            try
            {
                database = await db.Database.CanConnectAsync(ct);
            }
            catch (Exception e) when (e is InvalidOperationException or NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                database = false;
            }
            checks["database"] = new { ok = database };
            ready &= database;
            var store = await storage.ProbeAsync(ct);
            checks["fileStore"] = new { ok = store };
            ready &= store;
            if (database)
            {
                var age = await queue.RefreshAsync(db, ct);
                var fresh = age is null || age <= o.MaxExchangeQueueAge;
                checks["exchangeQueue"] = new { ok = fresh, oldestWaitingSeconds = age?.TotalSeconds };
                ready &= fresh;
            }
            return Results.Json(new { status = ready ? "ready" : "not ready", checks }, statusCode: ready ? 200 : 503);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static bool Allowed(IPAddress? remote, List<IPNetwork> networks)
    {
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return networks.Any(n => n.Contains(remote));
    }
}

/// <summary>How long the oldest outgoing exchange message has waited (null: none waits), refreshed by the probe and by readiness.</summary>
public sealed class ExchangeQueueAge(TimeProvider time)
{
    // One process, one gauge: the measurement is the process's latest.
    private static long _ageTicks = -1;
    private static readonly ObservableGauge<double> Gauge = Telemetry.Meter.CreateObservableGauge("uo.exchange.queue.oldest_age",
        () => Volatile.Read(ref _ageTicks) is var t and >= 0 ? TimeSpan.FromTicks(t).TotalSeconds : 0, "s", "Thời gian chờ của văn bản liên thông đi đang chờ gửi lâu nhất");

    /// <summary>Makes sure the gauge exists (the static field is created on first use).</summary>
    public static string InstrumentName => Gauge.Name;

    public async Task<TimeSpan?> RefreshAsync(AppDbContext db, CancellationToken ct)
    {
        var oldest = await db.ExchangeMessages.AsNoTracking()
            .Where(m => m.Direction == ExchangeDirection.Outbound && (m.State == ExchangeState.Queued || m.State == ExchangeState.Sending))
            .OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        TimeSpan? age = oldest is { } at ? time.GetUtcNow() - at : null;
        Volatile.Write(ref _ageTicks, age?.Ticks ?? -1);
        return age;
    }
}

/// <summary>Keeps the queue-age gauge current (every 15 seconds) between scrapes.</summary>
public sealed class ExchangeQueueProbe(IServiceScopeFactory scopes, ExchangeQueueAge queue, TimeProvider time, ILogger<ExchangeQueueProbe> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ExchangeQueueAge.InstrumentName;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await queue.RefreshAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Exchange queue age not measured");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
