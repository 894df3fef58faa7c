using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Exchange;

public sealed record AxisPollRun(int Received, int Rejected, int Failed);

/// <summary>
/// Takes what the national axis holds for this installation: lists the documents and the statuses received, fetches
/// each, hands it to the inbox (which stores it once — by the axis' id, and a document sent again under a new id by
/// its number, date and sender), then acknowledges it: <c>done</c> when stored (applied or refused with a reason),
/// nothing when it could not be fetched or stored, so it is taken on the next run.
/// </summary>
public sealed class AxisPoller(Axis.AxisClient axis, IOptions<Axis.AxisOptions> options, Inbox inbox, ILogger<AxisPoller> log)
{
    public async Task<AxisPollRun> RunOnceAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return new AxisPollRun(0, 0, 0);
        int received = 0, rejected = 0, failed = 0;
        foreach (var kind in new[] { ExchangeMessageKind.Document, ExchangeMessageKind.Status })
        {
            IReadOnlyList<Axis.AxisReceivedItem> items;
            try
            {
                items = await axis.ListReceivedAsync(kind, ct);
            }
            catch (ExchangeTransportException e)
            {
                log.LogWarning(e, "Listing the axis' {Kind} failed", kind);
                failed++;
                continue;
            }
            foreach (var item in items)
            {
                try
                {
                    using var doc = await axis.GetAsync(item.DocId, ct);
                    var receipt = await inbox.ReceiveAsync(ExchangeDirectory.AxisRoute, item.DocId, doc.Content, doc.Sha256Hex, kind, ct);
                    if (receipt.State is nameof(ExchangeState.Rejected) or nameof(ExchangeState.Forbidden)) rejected++; else received++;
                    await axis.UpdateStatusAsync(item.DocId, Axis.AxisAck.Done, ct);
                }
                catch (ExchangeTransportException e)
                {
                    log.LogWarning(e, "Taking {DocId} from the axis failed; it stays there for the next run", item.DocId);
                    failed++;
                }
            }
        }
        return new AxisPollRun(received, rejected, failed);
    }
}
