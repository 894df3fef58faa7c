using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.EdXml;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// Tells senders outside the installation how their documents are handled here (04 assigned, 05 in progress, 06 done),
/// by comparing each registered document's status with the last one reported — so the incoming workflow needs to know
/// nothing of the exchange, and a status missed (a node down) is told on the next run.
/// </summary>
public sealed class StatusReporter(AppDbContext db, Outbox outbox)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var rows = await (from r in db.ReceivedDocuments
                          join i in db.IncomingDocuments on r.IncomingDocumentId equals i.Id
                          where r.InboundMessageId != null && r.State == DeliveryState.Accepted && i.Status >= IncomingStatus.Assigned
                                && (r.ReportedStatus == null || r.ReportedStatus < 6)
                          orderby r.Id // oldest first (time-ordered ids): a long queue is told in the order it arrived
                          select new { r, i.Status }).Take(200).ToListAsync(ct);
        var told = 0;
        foreach (var x in rows)
        {
            var code = x.Status switch { IncomingStatus.Assigned => 4, IncomingStatus.InProgress => 5, _ => 6 };
            if (code <= (x.r.ReportedStatus ?? 0)) continue;
            var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == x.r.OrganizationId, ct);
            await outbox.StatusAsync(x.r, recipient, (EdXmlStatusCode)code, IncomingErrors.StatusName(x.Status), ct);
            told++;
        }
        if (told > 0) await db.SaveChangesAsync(ct);
        return told;
    }
}
