using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.EdXml;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// The durable outbox. An issued document for organs outside the installation becomes one edXML message per route (a
/// peer installation, the axis) carrying all its recipients there, written to the spool and recorded in the same
/// transaction as the issue: it cannot be issued without being queued, nor queued without being issued. Statuses of
/// received documents go back the way the document came. <see cref="OutboxSender"/> delivers them.
/// </summary>
public sealed class Outbox(AppDbContext db, ExchangeDirectory directory, ExchangeSpool spool, IFileStore store, InternalArrivalStatus internalStatus,
    TimeProvider time) : IOutgoingDispatch, IArrivalStatusSink
{
    public async Task DispatchAsync(IssuedDocument issued, IReadOnlyList<Delivery> external, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A replacement (BussinessDocType 3) names the document it replaces, so the receiver can take that one back.
        string? replacesKey = null;
        if (issued.Document.ReplacesId is { } replacedId
            && await db.OutgoingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == replacedId, ct) is { Number: { } n, Notation: { } notation, IssuedDate: { } date })
            replacesKey = IssuedDocument.KeyOf(issued.Organ.Code, date, n, notation);
        foreach (var group in external.GroupBy(d => directory.RouteOf(d.RecipientCode!)))
        {
            if (group.Key is null)
            {
                foreach (var d in group) d.SendFailed($"Chưa có đường liên thông đến mã định danh {d.RecipientCode} (cấu hình Exchange:Peers hoặc trục liên thông quốc gia).");
                continue;
            }
            var message = EdXmlMapping.Document(issued, group.Select(d => (d.RecipientCode!, d.RecipientName)), Local(now), replacesKey: replacesKey);
            var id = Guid.CreateVersion7();
            var (length, sha) = await spool.WriteAsync(s => EdXmlWriter.WriteAsync(s, message, OpenAttachment(issued.Files), ct: ct), ct);
            var entity = ExchangeMessage.Outbound(id, ExchangeMessageKind.Document, issued.Organ.Code, group.Select(d => d.RecipientCode!), group.Key, length, sha, now)
                .About(issued.DocumentKey, issued.Document.Id, (int)(replacesKey is null ? EdXmlBusinessDocType.New : EdXmlBusinessDocType.Replace));
            db.ExchangeMessages.Add(entity);
            db.ExchangeEvents.Add(new ExchangeEvent(id, "queued", $"{OutgoingDocument.Code(issued.Document.Number!.Value, issued.Document.Notation!)} → {entity.ToCodes} qua {group.Key}", now));
            foreach (var d in group) d.CarriedBy(id);
        }
    }

    /// <summary>
    /// Recall of an issued document: a message not yet sent is cancelled (the recipients never see it); where it may have
    /// gone, a revoke (BussinessDocType 1) follows it by the same route, naming the document and the reason.
    /// </summary>
    public async Task RecallAsync(OutgoingDocument document, IReadOnlyList<Delivery> external, CancellationToken ct)
    {
        var carriedBy = external.Where(d => d.ExchangeMessageId != null).Select(d => d.ExchangeMessageId!.Value).Distinct().ToList();
        if (carriedBy.Count == 0) return;
        var now = time.GetUtcNow();
        var messages = await db.ExchangeMessages.Where(m => carriedBy.Contains(m.Id)).ToListAsync(ct);
        var reached = new List<ExchangeMessage>();
        foreach (var m in messages)
        {
            if (m.Cancel("Văn bản đã bị thu hồi trước khi gửi đi.", now)) db.ExchangeEvents.Add(new ExchangeEvent(m.Id, "cancelled", document.RecallReason, now));
            else reached.Add(m);
        }
        if (reached.Count == 0) return;
        var organ = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == document.OrganizationId, ct);
        var signer = await db.Users.AsNoTracking().Where(u => u.Id == document.SignedByUserId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var issued = new IssuedDocument(document, organ, signer, [], true, "");
        foreach (var original in reached)
        {
            var to = external.Where(d => d.ExchangeMessageId == original.Id).Select(d => (d.RecipientCode!, d.RecipientName)).ToList();
            var revoke = EdXmlMapping.Document(issued, to, Local(now), EdXmlBusinessDocType.Revoke, document.RecallReason);
            var (length, sha) = await spool.WriteAsync(s => EdXmlWriter.WriteAsync(s, revoke, OpenAttachment([]), ct: ct), ct);
            var id = Guid.CreateVersion7();
            db.ExchangeMessages.Add(ExchangeMessage.Outbound(id, ExchangeMessageKind.Document, organ.Code, to.Select(t => t.Item1), original.Route, length, sha, now)
                .About(issued.DocumentKey, document.Id, (int)EdXmlBusinessDocType.Revoke));
            db.ExchangeEvents.Add(new ExchangeEvent(id, "queued", $"Thu hồi {issued.DocumentKey} → {string.Join(";", to.Select(t => t.Item1))} qua {original.Route}", now));
        }
    }

    /// <summary>An arrival decided: the sender in the installation hears at once; one outside is sent 02 or 03.</summary>
    public async Task DecidedAsync(ReceivedDocument received, Organization recipient, string text, CancellationToken ct)
    {
        if (await internalStatus.DecidedAsync(received, text, ct)) return;
        var code = received.State == DeliveryState.Accepted ? EdXmlStatusCode.Accepted : EdXmlStatusCode.Refused;
        await StatusAsync(received, recipient, code, received.State == DeliveryState.Refused ? received.RefuseReason : text, ct);
    }

    public Task RecallDecidedAsync(ReceivedDocument received, Organization recipient, bool accepted, string text, CancellationToken ct) =>
        StatusAsync(received, recipient, accepted ? EdXmlStatusCode.UpdateAccepted : EdXmlStatusCode.UpdateRefused, text, ct);

    /// <summary>Queues a status of a document received by the exchange, to its sender, by the route it came.</summary>
    public async Task StatusAsync(ReceivedDocument received, Organization recipient, EdXmlStatusCode code, string? description, CancellationToken ct)
    {
        if (received.InboundMessageId is not { } inboundId) return;
        // The message that brought it: just received (not saved yet) or from the database.
        var route = db.ExchangeMessages.Local.FirstOrDefault(m => m.Id == inboundId)?.Route
            ?? await db.ExchangeMessages.Where(m => m.Id == inboundId).Select(m => m.Route).FirstAsync(ct);
        var now = time.GetUtcNow();
        var status = EdXmlMapping.Status(received, (recipient.Code, recipient.Name), code, description, Local(now));
        var (length, sha) = await spool.WriteAsync(s => EdXmlWriter.WriteAsync(s, status, ct: ct), ct);
        var id = Guid.CreateVersion7();
        db.ExchangeMessages.Add(ExchangeMessage.Outbound(id, ExchangeMessageKind.Status, recipient.Code, [received.SenderCode], route, length, sha, now)
            .About(received.DocumentKey, null, 0));
        db.ExchangeEvents.Add(new ExchangeEvent(id, "queued", $"Trạng thái {(int)code:00} của {received.DocumentKey} → {received.SenderCode} qua {route}", now));
        if ((int)code <= 6) received.Reported((int)code);
    }

    private EdXmlAttachmentOpener OpenAttachment(IReadOnlyList<ReceivedFileSpec> files) => async (info, ct) =>
    {
        var index = int.Parse(info.ContentId["cid:".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
        return await store.OpenReadAsync(files[index].Sha256, ct);
    };

    /// <summary>edXML timestamps are local time (Việt Nam).</summary>
    public static DateTime Local(DateTimeOffset at) => at.ToOffset(Formats.VietnamOffset).DateTime;
}
