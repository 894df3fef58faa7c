using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Exchange.Axis;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Exchange;

/// <summary>The interconnection: edXML out of the outbox, into the inbox, between installations and through the axis.</summary>
public static class ExchangeModule
{
    public const string PeerClient = "exchange-peer";

    public static IServiceCollection AddExchangeModule(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ExchangeOptions>().Bind(config.GetSection("Exchange")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExchangeOptions>, PeersOverHttps>();
        services.AddAxisClient(config);
        services.AddScoped<ExchangeDirectory>().AddSingleton<ExchangeSpool>()
            .AddScoped<Outbox>().AddScoped<IOutgoingDispatch>(sp => sp.GetRequiredService<Outbox>()).AddScoped<IArrivalStatusSink>(sp => sp.GetRequiredService<Outbox>())
            .AddScoped<InternalArrivalStatus>().AddScoped<OutboxSender>().AddScoped<StatusReporter>().AddScoped<Inbox>().AddScoped<ExchangeQueries>().AddScoped<AxisPoller>();
        services.AddHostedService<OutboxJob>();
        services.AddHttpClient(PeerClient, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var peers = sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.Peers;
                return new SocketsHttpHandler
                {
                    SslOptions = new SslClientAuthenticationOptions
                    {
                        // A peer's certificate from a public CA passes as usual; a self-issued one only when its SHA-256 is pinned.
                        RemoteCertificateValidationCallback = (_, cert, _, errors) => errors == SslPolicyErrors.None
                            || (cert is not null && peers.Any(p => p.CertificateSha256 is { Length: > 0 } pin
                                && string.Equals(Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())), pin.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))),
                    },
                };
            });
        return services;
    }

    public static void MapExchangeEndpoints(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        // Other installations deliver here; their requests are signed, not signed in (PeerSignature).
        app.MapPost("/" + PeerTransport.Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        var g = api.MapGroup("/exchange").WithTags("Liên thông");
        g.MapGet("/messages", async (string? direction, string? state, int? take, ExchangeQueries q, CancellationToken ct) =>
            Results.Ok(await q.ListAsync(direction, state, take ?? 100, ct))).WithSummary("Gói tin liên thông đi/đến (quản trị hệ thống).");
        g.MapGet("/messages/{id:guid}", async (Guid id, ExchangeQueries q, CancellationToken ct) => Results.Ok(await q.GetAsync(id, ct)));
        g.MapPost("/messages/{id:guid}/retry", async (Guid id, ExchangeQueries q, CancellationToken ct) => { await q.RetryAsync(id, ct); return Results.NoContent(); });
        g.MapGet("/metrics", async (ExchangeQueries q, CancellationToken ct) => Results.Ok(await q.MetricsAsync(ct)));
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, Inbox inbox, ExchangeDirectory directory, IOptions<ExchangeOptions> options,
        TimeProvider time, IHostEnvironment env, CancellationToken ct)
    {
        var o = options.Value;
        // Documents and the signed headers travel between installations only under TLS (after a proxy: X-Forwarded-Proto).
        if (!http.Request.IsHttps && !env.IsDevelopment()) return Api.Problem(ExchangeErrors.HttpsRequired);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = o.MaxMessageBytes;
        var h = http.Request.Headers;
        string Header(string name) => h[name].ToString();
        var from = Header(PeerSignature.From);
        var peer = directory.Peer(from);
        if (peer is null || string.IsNullOrEmpty(peer.Secret)) return Api.Problem(ExchangeErrors.Unauthenticated($"hệ thống \"{from}\" không có trong danh sách kết nối."));
        if (!Guid.TryParse(Header(PeerSignature.MessageId), out var messageId)
            || !long.TryParse(Header(PeerSignature.Timestamp), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ts))
            return Api.Problem(ExchangeErrors.Unauthenticated("thiếu mã gói tin hoặc thời điểm ký."));
        var kind = Header(PeerSignature.Kind);
        var sha = Header(PeerSignature.ContentSha256);
        if (kind is not ("document" or "status")) return Api.Problem(ExchangeErrors.Unauthenticated("loại gói tin (X-UO-Kind) phải là document hoặc status."));
        if (!PeerSignature.Verify(peer.Secret, from, messageId, kind, ts, sha, Header(PeerSignature.Signature)))
            return Api.Problem(ExchangeErrors.Unauthenticated("chữ ký của yêu cầu không đúng."));
        if (Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - ts) > o.ClockSkew.TotalSeconds)
            return Api.Problem(ExchangeErrors.Unauthenticated("thời điểm ký lệch quá xa đồng hồ của hệ thống nhận."));
        try
        {
            var receipt = await inbox.ReceiveAsync(ExchangeDirectory.PeerPrefix + peer.Name, messageId.ToString("D"), http.Request.Body, sha,
                kind == "status" ? ExchangeMessageKind.Status : ExchangeMessageKind.Document, ct);
            return receipt.State switch
            {
                nameof(ExchangeState.Rejected) => Results.Json(new { code = "EXCHANGE_MESSAGE_INVALID", message = receipt.Reason, id = receipt.Id }, statusCode: 422),
                nameof(ExchangeState.Forbidden) => Results.Json(new { code = "EXCHANGE_FORBIDDEN", message = receipt.Reason, id = receipt.Id }, statusCode: 403),
                _ => Results.Ok(receipt),
            };
        }
        catch (DomainException e)
        {
            return Api.Problem(e.Error);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            return Api.Problem(ExchangeErrors.TooLarge);
        }
    }
}

public sealed record ExchangeMessageDto(Guid Id, string Direction, string Kind, string State, string FromCode, string ToCodes, string Route, string? DocumentKey,
    int Attempts, DateTimeOffset NextAttemptAt, string? LastError, long Length, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
public sealed record ExchangeEventDto(DateTimeOffset At, string Action, string? Detail);
public sealed record ExchangeMessageDetail(ExchangeMessageDto Message, IReadOnlyList<ExchangeEventDto> Trail);
public sealed record ExchangeMetrics(int Queued, int Sending, int Delivered, int Failed, int Received, int Rejected, DateTimeOffset? OldestQueuedAt, int Forbidden = 0);

/// <summary>The operations view of the exchange: for system administrators only (it spans every organ).</summary>
public sealed class ExchangeQueries(AppDbContext db, AccessPolicy access, TimeProvider time)
{
    public async Task<List<ExchangeMessageDto>> ListAsync(string? direction, string? state, int take, CancellationToken ct)
    {
        await access.RequireSystemAdministratorAsync(ct);
        var q = db.ExchangeMessages.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(direction)) { var d = Parse<ExchangeDirection>(direction, "direction"); q = q.Where(m => m.Direction == d); }
        if (!string.IsNullOrWhiteSpace(state)) { var s = Parse<ExchangeState>(state, "state"); q = q.Where(m => m.State == s); }
        return (await q.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct)).Select(Dto).ToList();
    }

    private static T Parse<T>(string value, string name) where T : struct, Enum =>
        Enum.TryParse<T>(value.Trim(), true, out var v) && Enum.IsDefined(v) && !int.TryParse(value, out _)
            ? v
            : throw new DomainException(new Error("FILTER_INVALID", $"\"{value}\" của {name} không hợp lệ ({string.Join(", ", Enum.GetNames<T>())})."));

    public async Task<ExchangeMessageDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await access.RequireSystemAdministratorAsync(ct);
        var m = await db.ExchangeMessages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(ExchangeErrors.NotFound);
        var trail = await db.ExchangeEvents.AsNoTracking().Where(e => e.MessageId == id).OrderBy(e => e.At).Select(e => new ExchangeEventDto(e.At, e.Action, e.Detail)).ToListAsync(ct);
        return new ExchangeMessageDetail(Dto(m), trail);
    }

    public async Task RetryAsync(Guid id, CancellationToken ct)
    {
        await access.RequireSystemAdministratorAsync(ct);
        var m = await db.ExchangeMessages.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(ExchangeErrors.NotFound);
        var now = time.GetUtcNow();
        m.Retry(now);
        foreach (var d in await db.Deliveries.Where(x => x.ExchangeMessageId == id && x.State == DeliveryState.Failed).ToListAsync(ct)) d.Requeue();
        db.ExchangeEvents.Add(new ExchangeEvent(id, "retry-requested", null, now));
        await db.SaveChangesAsync(ct);
    }

    public async Task<ExchangeMetrics> MetricsAsync(CancellationToken ct)
    {
        await access.RequireSystemAdministratorAsync(ct);
        var counts = await db.ExchangeMessages.AsNoTracking().GroupBy(m => m.State).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        int N(ExchangeState s) => counts.FirstOrDefault(c => c.Key == s)?.N ?? 0;
        var oldest = await db.ExchangeMessages.AsNoTracking().Where(m => m.State == ExchangeState.Queued).OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return new ExchangeMetrics(N(ExchangeState.Queued), N(ExchangeState.Sending), N(ExchangeState.Delivered), N(ExchangeState.Failed),
            N(ExchangeState.Processed), N(ExchangeState.Rejected), oldest, N(ExchangeState.Forbidden));
    }

    private static ExchangeMessageDto Dto(ExchangeMessage m) => new(m.Id, m.Direction.ToString(), m.Kind.ToString(), m.State.ToString(), m.FromCode, m.ToCodes,
        m.Route, m.DocumentKey, m.Attempts, m.NextAttemptAt, m.LastError, m.Length, m.CreatedAt, m.CompletedAt);
}
