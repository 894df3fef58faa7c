using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Exchange;

public sealed record OutboxRun(int Delivered, int Retrying, int Failed);

/// <summary>
/// Delivers the outbox. A node claims a due message by a conditional update (queued and due, or sending with its lease
/// run out — a node that died mid-delivery), so no two nodes send it at once; sends it under its own id, which the
/// receiver stores once however often it arrives; then records the outcome: delivered, tried again after a back-off,
/// or failed with the reason. Deliveries carried by the message follow it, for the sender to read.
/// </summary>
public sealed class OutboxSender(AppDbContext db, ExchangeSpool spool, ExchangeDirectory directory, IHttpClientFactory http, IServiceProvider services,
    IOptions<ExchangeOptions> options, TimeProvider time, ILogger<OutboxSender> log)
{
    public async Task<OutboxRun> RunOnceAsync(CancellationToken ct)
    {
        int delivered = 0, retrying = 0, failed = 0;
        var o = options.Value;
        while (!ct.IsCancellationRequested)
        {
            // What this context tracks (a message just queued through it, say) is older than the claim below.
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            var due = await db.ExchangeMessages.AsNoTracking()
                .Where(m => m.Direction == ExchangeDirection.Outbound
                    && ((m.State == ExchangeState.Queued && m.NextAttemptAt <= now) || (m.State == ExchangeState.Sending && m.LeaseUntil < now)))
                .OrderBy(m => m.NextAttemptAt).Select(m => new { m.Id, m.Version }).FirstOrDefaultAsync(ct);
            if (due is null) break;
            var lease = now + o.Lease;
            var claimed = await db.ExchangeMessages.Where(m => m.Id == due.Id && m.Version == due.Version)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, ExchangeState.Sending).SetProperty(m => m.LeaseUntil, lease)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.Version, m => m.Version + 1), ct);
            if (claimed == 0) continue; // another node took it
            var message = await db.ExchangeMessages.FirstAsync(m => m.Id == due.Id, ct);
            using var activity = Hosting.Telemetry.Source.StartActivity("exchange.send");
            activity?.SetTag("uo.exchange.message_id", message.Id.ToString());
            activity?.SetTag("uo.exchange.route", message.Route);
            activity?.SetTag("uo.exchange.attempt", message.Attempts);
            db.ExchangeEvents.Add(new ExchangeEvent(message.Id, "attempt", $"Lần gửi {message.Attempts} qua {message.Route}", now));
            string? error = null;
            var transient = true;
            TransportReceipt? receipt = null;
            try
            {
                var transport = TransportFor(message.Route);
                receipt = await transport.SendAsync(new OutboundMessage(message.Id, message.Kind, message.FromCode,
                    message.ToCodes.Split(';', StringSplitOptions.RemoveEmptyEntries), message.Length, message.Sha256,
                    _ => spool.OpenReadAsync(message.Sha256, ct)), ct);
            }
            catch (ExchangeTransportException e)
            {
                (error, transient) = (e.Message, e.Transient);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or HttpRequestException)
            {
                (error, transient) = ($"Lỗi khi gửi: {e.Message}", true);
                log.LogWarning(e, "Sending exchange message {Id} failed", message.Id);
            }
            now = time.GetUtcNow();
            var deliveries = await db.Deliveries.Where(d => d.ExchangeMessageId == message.Id).ToListAsync(ct);
            if (error is null)
            {
                message.Delivered(receipt!.RemoteId, now);
                foreach (var d in deliveries) d.Handed(true, null, now);
                db.ExchangeEvents.Add(new ExchangeEvent(message.Id, "delivered", receipt.RemoteId, now));
                delivered++;
            }
            else
            {
                message.AttemptFailed(error, transient, now, o.MaxBackoff);
                if (transient)
                {
                    foreach (var d in deliveries) d.SendFailed($"Đang thử gửi lại: {error}");
                    retrying++;
                }
                else
                {
                    foreach (var d in deliveries) d.Handed(false, error, now);
                    failed++;
                }
                db.ExchangeEvents.Add(new ExchangeEvent(message.Id, transient ? "retry" : "failed", error, now));
            }
            await db.SaveChangesAsync(ct);
            var outcome = error is null ? "delivered" : transient ? "retrying" : "failed";
            activity?.SetTag("uo.exchange.outcome", outcome);
            if (error is not null) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
            Hosting.Telemetry.ExchangeSends.Add(1, new KeyValuePair<string, object?>("uo.outcome", outcome), new KeyValuePair<string, object?>("uo.route", message.Route));
            db.ChangeTracker.Clear();
            if (transient && error is not null) break; // the receiver is down: the others wait for the next run rather than pile up now
        }
        return new OutboxRun(delivered, retrying, failed);
    }

    private IExchangeTransport TransportFor(string route)
    {
        if (route == ExchangeDirectory.AxisRoute) return services.GetRequiredService<Axis.AxisClient>();
        if (route.StartsWith(ExchangeDirectory.PeerPrefix, StringComparison.Ordinal)
            && directory.Peer(route[ExchangeDirectory.PeerPrefix.Length..]) is { } peer)
            return new PeerTransport(http.CreateClient(ExchangeModule.PeerClient), peer, options.Value.InstallationId, time);
        throw new ExchangeTransportException($"Đường liên thông \"{route}\" không còn trong cấu hình.", transient: true);
    }
}

/// <summary>Runs the outbox every Exchange:PollInterval in this process.</summary>
public sealed class OutboxJob(IServiceScopeFactory scopes, IOptions<ExchangeOptions> options, TimeProvider time, ILogger<OutboxJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunOutboxJob) return;
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OutboxSender>().RunOnceAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<AxisPoller>().RunOnceAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<StatusReporter>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
