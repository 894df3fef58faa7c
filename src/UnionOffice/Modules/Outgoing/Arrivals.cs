using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Outgoing;

public sealed record ArrivalDto(Guid Id, string SenderCode, string SenderName, long? Number, string? Notation, DateOnly? IssuedDate, string TypeName,
    string Subject, string Urgency, string? SignerName, DateTimeOffset? ArrivedAt, string State, string StateText, bool? SignaturesValid,
    string? VerificationSummary, Guid? IncomingDocumentId, string? RefuseReason);
public sealed record AcceptArrivalRequest(DateOnly? DueDate, bool AcknowledgeDuplicate);

/// <summary>
/// The "to register" queue of an organ (NĐ30 Điều 21–22 for electronic documents): documents issued to it inside the
/// system wait here with the result of their signature check; the clerk opens one, then registers it — an incoming
/// document with its number, filled from the sender's metadata, no re-typing — or refuses it with a reason. The
/// sender reads arrived / accepted / refused (01 / 03 / 02) at once.
/// </summary>
public sealed class Arrivals(AppDbContext db, AccessPolicy access, RegisterIncomingDocument register, IFileStore store,
    Search.SearchIndex index, Auditor audit, Notifier notify, TimeProvider time)
{
    public async Task<List<ArrivalDto>> ListAsync(string organizationCode, bool waitingOnly, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        if (await access.ClerkGrantAsync(org.Id, ct) is null && await access.HeadGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        return await QueryAsync(d => d.RecipientOrganizationId == org.Id && d.State != DeliveryState.Planned
            && (!waitingOnly || d.State == DeliveryState.Arrived), ct);
    }

    public async Task<ArrivalDto> GetAsync(Guid id, CancellationToken ct)
    {
        await VisibleAsync(id, ct);
        return (await QueryAsync(d => d.Id == id, ct)).Single();
    }

    /// <summary>The received PDF (the issued file, both signatures in it), for the clerk to read before deciding.</summary>
    public async Task<(string FileName, Stream Content)> OpenAsync(Guid id, CancellationToken ct)
    {
        var (delivery, doc) = await VisibleAsync(id, ct);
        audit.Record("incoming.arrival.viewed", delivery.RecipientOrganizationId, "delivery", delivery.Id.ToString(), new { doc.IssuedSha256 });
        await db.SaveChangesAsync(ct);
        return (OutgoingDocument.IssuedFileName(doc.Number, doc.Notation), store.OpenRead(doc.IssuedSha256!));
    }

    public async Task<RegisteredIncoming> AcceptAsync(Guid id, AcceptArrivalRequest r, CancellationToken ct)
    {
        var (delivery, doc) = await VisibleAsync(id, ct);
        if (delivery.State != DeliveryState.Arrived) throw new DomainException(OutgoingErrors.DeliveryDecided(delivery.State, "tiếp nhận"));
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == delivery.RecipientOrganizationId, ct);
        var sender = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == doc.OrganizationId, ct);
        var signer = await db.Users.AsNoTracking().Where(u => u.Id == doc.SignedByUserId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var position = doc.SignerAuthority is null ? doc.SignerPosition : $"{doc.SignerAuthority} {doc.SignerPosition}";
        var length = store.LengthOf(doc.IssuedSha256!);
        var now = time.GetUtcNow();
        var request = new RegisterIncomingRequest(recipient.Code, sender.Name, sender.Code, doc.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            doc.Notation, doc.IssuedDate, doc.TypeName, doc.Subject, "Tiếng Việt", null, null,
            position is { Length: > 100 } ? position[..100] : position, signer is { Length: > 50 } ? signer[..50] : signer, doc.Urgency, null, doc.ToPlaces, r.DueDate ?? doc.DueDate, null, r.AcknowledgeDuplicate);
        var tracked = await db.Deliveries.FirstAsync(d => d.Id == id, ct);
        RegisteredIncoming done;
        try
        {
            done = await register.HandleAsync(request, ct, async (incoming, clerk) =>
            {
                tracked.Accept(incoming.Id, clerk.UserId, now);
                await Search.TextExtraction.EnqueueAsync(db, new StoredContent(doc.IssuedSha256!, length, "application/pdf"), now, ct);
                db.DocumentFiles.Add(new DocumentFile(IncomingFiles.OwnerType, incoming.Id, new StoredContent(doc.IssuedSha256!, length, "application/pdf"),
                    OutgoingDocument.IssuedFileName(doc.Number, doc.Notation), clerk.UserId, now));
                // The phụ lục files, each signed by the sending organ, come along as the document's further files.
                foreach (var a in await db.OutgoingAppendices.AsNoTracking().Where(a => a.DocumentId == doc.Id && a.IssuedSha256 != null).OrderBy(a => a.Order).ToListAsync(ct))
                {
                    db.DocumentFiles.Add(new DocumentFile(IncomingFiles.OwnerType, incoming.Id, new StoredContent(a.IssuedSha256!, store.LengthOf(a.IssuedSha256!), "application/pdf"),
                        Path.ChangeExtension(a.FileName, ".pdf"), clerk.UserId, now.AddMilliseconds(a.Order))); // after the main file, in order (SQLite keeps 0.1 ms)
                }
                db.IncomingTrail.Add(new IncomingTrailEntry(incoming.Id, clerk.UserId, clerk.OnBehalfOfUserId, "received",
                    $"Văn bản điện tử từ {sender.Name}. {tracked.VerificationSummary}", now));
                notify.Tell(await SenderWatchersAsync(doc, ct), NotificationKinds.DeliveryDecided,
                    $"{recipient.Name} đã tiếp nhận văn bản {doc.Number}/{doc.Notation} (số đến {incoming.ArrivalNumber})", $"/outgoing/{doc.Id}");
                audit.Record("incoming.arrival.accepted", recipient.Id, "delivery", tracked.Id.ToString(), new { incoming = incoming.Id }, onBehalfOf: clerk.OnBehalfOfUserId);
            });
        }
        catch (DomainException e) when (e.Error == Concurrency.Conflict)
        {
            throw new DomainException(OutgoingErrors.DeliveryDecided(DeliveryState.Accepted, "tiếp nhận"));
        }
        // Text already extracted from these bytes joins the document's search entry now; otherwise the extraction job does it.
        await index.IndexIncomingAsync(done.Id, ct);
        return done;
    }

    public async Task RefuseAsync(Guid id, ReasonRequest r, CancellationToken ct)
    {
        var (_, doc) = await VisibleAsync(id, ct);
        var delivery = await db.Deliveries.FirstAsync(d => d.Id == id, ct);
        var clerk = await access.ClerkGrantAsync(delivery.RecipientOrganizationId!.Value, ct) ?? throw new DomainException(Error.Forbidden);
        delivery.Refuse(r.Reason, clerk.UserId, time.GetUtcNow());
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == delivery.RecipientOrganizationId, ct);
        notify.Tell(await SenderWatchersAsync(doc, ct), NotificationKinds.DeliveryDecided,
            $"{recipient.Name} từ chối tiếp nhận văn bản {doc.Number}/{doc.Notation}: {OutgoingDrafts.Short(delivery.RefuseReason)}", $"/outgoing/{doc.Id}");
        audit.Record("incoming.arrival.refused", recipient.Id, "delivery", delivery.Id.ToString(), new { reason = delivery.RefuseReason }, onBehalfOf: clerk.OnBehalfOfUserId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e) when (e.Error == Concurrency.Conflict)
        {
            throw new DomainException(OutgoingErrors.DeliveryDecided(DeliveryState.Accepted, "từ chối"));
        }
    }

    /// <summary>The sender's author and clerks hear what became of the document.</summary>
    private async Task<List<Guid>> SenderWatchersAsync(OutgoingDocument doc, CancellationToken ct)
    {
        var clerks = await Notifier.HoldersAsync(db, [doc.OrganizationId], Accounts.Role.Clerk, ct);
        return [doc.AuthorUserId, .. clerks];
    }

    /// <summary>An arrival is seen by the recipient organ's clerks and heads only; to anyone else it does not exist.</summary>
    private async Task<(Delivery Delivery, OutgoingDocument Doc)> VisibleAsync(Guid id, CancellationToken ct)
    {
        var delivery = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.Kind == RecipientKind.Internal && d.State != DeliveryState.Planned, ct)
            ?? throw new DomainException(OutgoingErrors.DeliveryNotFound);
        var orgId = delivery.RecipientOrganizationId!.Value;
        if (await access.ClerkGrantAsync(orgId, ct) is null && await access.HeadGrantAsync(orgId, ct) is null) throw new DomainException(OutgoingErrors.DeliveryNotFound);
        var doc = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == delivery.DocumentId, ct);
        return (delivery, doc);
    }

    private async Task<List<ArrivalDto>> QueryAsync(System.Linq.Expressions.Expression<Func<Delivery, bool>> filter, CancellationToken ct)
    {
        var rows = await (from d in db.Deliveries.AsNoTracking().Where(filter)
                          join doc in db.OutgoingDocuments on d.DocumentId equals doc.Id
                          join o in db.Organizations on doc.OrganizationId equals o.Id
                          join u in db.Users on doc.SignedByUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          orderby doc.Urgency descending, d.SentAt descending
                          select new { d, doc, o.Code, o.Name, Signer = u == null ? null : u.FullName }).Take(500).ToListAsync(ct);
        return rows.Select(x => new ArrivalDto(x.d.Id, x.Code, x.Name, x.doc.Number, x.doc.Notation, x.doc.IssuedDate, x.doc.TypeName, x.doc.Subject,
            x.doc.Urgency.ToString(), x.Signer, x.d.SentAt, x.d.State.ToString(), OutgoingText.Delivery(x.d.State), x.d.SignaturesValid,
            x.d.VerificationSummary, x.d.IncomingDocumentId, x.d.RefuseReason)).ToList();
    }
}
