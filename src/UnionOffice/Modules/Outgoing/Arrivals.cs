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
    string? VerificationSummary, Guid? IncomingDocumentId, string? RefuseReason, string? RecallRequestReason = null, string? UpdateReason = null,
    string? Code = null, int? PageAmount = null, string? ReplyTo = null, IReadOnlyList<ArrivalFileDto>? Files = null);
/// <summary>A file of an arrival, in the sender's order: 0 the document, then its phụ lục.</summary>
public sealed record ArrivalFileDto(int Order, string FileName, long Length, string ContentType);
/// <summary>The clerk's answer to a sender's request to take a document back.</summary>
public sealed record RecallDecisionRequest(bool Accept, string? Reason);
public sealed record AcceptArrivalRequest(DateOnly? DueDate, bool AcknowledgeDuplicate);

/// <summary>
/// The "to register" queue of an organ (NĐ30 Điều 21–22 for electronic documents): documents issued to it inside the
/// installation, or received by interconnection, wait here (<see cref="ReceivedDocument"/>) with the result of their
/// signature check; the clerk opens one, then registers it — an incoming document with its number, filled from the
/// sender's metadata, no re-typing — or refuses it with a reason. A sender in the installation reads arrived /
/// accepted / refused (01 / 03 / 02) at once on its delivery; one outside is sent the status by the exchange.
/// </summary>
public sealed class Arrivals(AppDbContext db, AccessPolicy access, RegisterIncomingDocument register, IFileStore store,
    Search.SearchIndex index, Auditor audit, TimeProvider time, IArrivalStatusSink statuses)
{
    public async Task<List<ArrivalDto>> ListAsync(string organizationCode, bool waitingOnly, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        if (await access.ClerkGrantAsync(org.Id, ct) is null && await access.HeadGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        return await QueryAsync(d => d.OrganizationId == org.Id && (!waitingOnly || d.State == DeliveryState.Arrived), ct);
    }

    public async Task<ArrivalDto> GetAsync(Guid id, CancellationToken ct)
    {
        await VisibleAsync(id, ct);
        return (await QueryAsync(d => d.Id == id, ct)).Single();
    }

    /// <summary>
    /// A received file — <paramref name="order"/> 0 the document (for one issued in the installation: the issued PDF, both
    /// signatures in it), then its phụ lục — for the clerk to read every one before accepting or refusing (review finding 17).
    /// </summary>
    public async Task<(string FileName, string ContentType, Stream Content)> OpenAsync(Guid id, CancellationToken ct, int order = 0)
    {
        var received = await VisibleAsync(id, ct);
        if (received.State == DeliveryState.Recalled) throw new DomainException(Incoming.IncomingErrors.Withdrawn(received.DecidedAt ?? received.ArrivedAt));
        if (order < 0) throw new DomainException(Files.FileErrors.NotFound);
        var file = await db.ReceivedFiles.AsNoTracking().Where(f => f.ReceivedDocumentId == id).OrderBy(f => f.Order).Skip(order).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(Files.FileErrors.NotFound);
        audit.Record("incoming.arrival.viewed", received.OrganizationId, "delivery", received.Id.ToString(), new { file.Sha256, order });
        await db.SaveChangesAsync(ct);
        return (file.FileName, file.ContentType, await store.OpenReadAsync(file.Sha256, ct));
    }

    public async Task<RegisteredIncoming> AcceptAsync(Guid id, AcceptArrivalRequest r, CancellationToken ct)
    {
        var received = await VisibleAsync(id, ct);
        if (received.State != DeliveryState.Arrived) throw new DomainException(OutgoingErrors.DeliveryDecided(received.State, "tiếp nhận"));
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == received.OrganizationId, ct);
        var files = await db.ReceivedFiles.AsNoTracking().Where(f => f.ReceivedDocumentId == id).OrderBy(f => f.Order).ToListAsync(ct);
        var now = time.GetUtcNow();
        var request = new RegisterIncomingRequest(recipient.Code, received.SenderName, received.SenderCode, received.CodeNumber, received.CodeNotation,
            received.IssuedDate, received.TypeName, received.Subject, "Tiếng Việt", received.PageAmount, null, received.SignerPosition, received.SignerName, received.Urgency,
            null, received.ToPlaces, r.DueDate ?? received.DueDate, null, r.AcknowledgeDuplicate);
        var tracked = await db.ReceivedDocuments.FirstAsync(d => d.Id == id, ct);
        RegisteredIncoming done;
        try
        {
            done = await register.HandleAsync(request, ct, prepare: async (incoming, clerk) =>
            {
                // Written before the number is taken: no lock held meanwhile.
                tracked.Accept(incoming.Id, clerk.UserId, now);
                incoming.Answers(received.ReplyToKey);
                foreach (var f in files)
                {
                    // Arrivals moved over by migration 0013 did not record their lengths (-1).
                    var content = new StoredContent(f.Sha256, f.Length >= 0 ? f.Length : await store.LengthOfAsync(f.Sha256, ct), f.ContentType);
                    if (f.Order == 0) await Search.TextExtraction.EnqueueAsync(db, content, now, ct);
                    // The main file first, then the phụ lục in order (SQLite keeps 0.1 ms).
                    db.DocumentFiles.Add(new DocumentFile(IncomingFiles.OwnerType, incoming.Id, content, f.FileName, clerk.UserId, now.AddMilliseconds(f.Order)));
                }
                db.IncomingTrail.Add(new IncomingTrailEntry(incoming.Id, clerk.UserId, clerk.OnBehalfOfUserId, "received",
                    $"Văn bản điện tử từ {received.SenderName}. {tracked.VerificationSummary}", now));
            }, within: async (incoming, clerk) =>
            {
                // The sender is told the number.
                await statuses.DecidedAsync(tracked, recipient, $"{recipient.Name} đã tiếp nhận văn bản {Code(received)} (số đến {incoming.ArrivalNumber})", ct);
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
        var (received, clerk) = await ToDecideAsync(id, ct);
        received.Refuse(r.Reason, clerk.UserId, time.GetUtcNow());
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == received.OrganizationId, ct);
        await statuses.DecidedAsync(received, recipient, $"{recipient.Name} từ chối tiếp nhận văn bản {Code(received)}: {OutgoingDrafts.Short(received.RefuseReason)}", ct);
        audit.Record("incoming.arrival.refused", recipient.Id, "delivery", received.Id.ToString(), new { reason = received.RefuseReason }, onBehalfOf: clerk.OnBehalfOfUserId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e) when (e.Error == Concurrency.Conflict)
        {
            throw new DomainException(OutgoingErrors.DeliveryDecided(DeliveryState.Accepted, "từ chối"));
        }
    }

    /// <summary>
    /// The sender outside asked to take the document back: the clerk agrees — it leaves the queue, a registered copy is
    /// frozen, 15 goes back — or refuses with a reason, and 16 goes back.
    /// </summary>
    public async Task DecideRecallAsync(Guid id, RecallDecisionRequest r, CancellationToken ct)
    {
        var (received, clerk) = await ToDecideAsync(id, ct);
        var reason = OutgoingDocument.Clean(r.Reason);
        if (!r.Accept && reason.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Phải ghi lý do từ chối thu hồi."]));
        var now = time.GetUtcNow();
        received.DecideRecall(r.Accept, now);
        if (r.Accept && received.IncomingDocumentId is { } incomingId)
        {
            var incoming = await db.IncomingDocuments.FirstAsync(i => i.Id == incomingId, ct);
            incoming.Freeze(now);
            await Search.SearchIndex.WithdrawAsync(db, incoming, now, ct);
            db.IncomingTrail.Add(new IncomingTrailEntry(incomingId, clerk.UserId, clerk.OnBehalfOfUserId, "recalled", received.RecallRequestReason, now));
        }
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == received.OrganizationId, ct);
        await statuses.RecallDecidedAsync(received, recipient, r.Accept, r.Accept ? "Đồng ý thu hồi." : reason, ct);
        audit.Record(r.Accept ? "incoming.arrival.recall-accepted" : "incoming.arrival.recall-refused", recipient.Id, "delivery", received.Id.ToString(),
            new { reason }, onBehalfOf: clerk.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The sender outside updated the document: the clerk takes the update — the queue's copy gets the new metadata and
    /// files; a registered document gets the new files and a line in its trail — and 15 goes back, or refuses it (16).
    /// </summary>
    public async Task DecideUpdateAsync(Guid id, RecallDecisionRequest r, CancellationToken ct)
    {
        var (received, clerk) = await ToDecideAsync(id, ct);
        var reason = OutgoingDocument.Clean(r.Reason);
        if (!r.Accept && reason.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Phải ghi lý do từ chối cập nhật."]));
        var why = received.UpdateReason;
        var update = received.DecideUpdate(r.Accept);
        var now = time.GetUtcNow();
        if (r.Accept && update.Files.Count > 0)
        {
            db.ReceivedFiles.RemoveRange(await db.ReceivedFiles.Where(f => f.ReceivedDocumentId == id).ToListAsync(ct));
            db.ReceivedFiles.AddRange(update.Files.Select((f, i) => new ReceivedFile(id, i, f.FileName, f.Sha256, f.Length, f.ContentType)));
        }
        if (r.Accept && received.IncomingDocumentId is { } incomingId)
        {
            foreach (var (f, i) in update.Files.Select((f, i) => (f, i)))
                db.DocumentFiles.Add(new DocumentFile(IncomingFiles.OwnerType, incomingId, new StoredContent(f.Sha256, f.Length, f.ContentType), f.FileName, clerk.UserId, now.AddMilliseconds(i)));
            db.IncomingTrail.Add(new IncomingTrailEntry(incomingId, clerk.UserId, clerk.OnBehalfOfUserId, "updated-by-sender", $"Nơi gửi cập nhật văn bản: {why}", now));
        }
        var recipient = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == received.OrganizationId, ct);
        await statuses.RecallDecidedAsync(received, recipient, r.Accept, r.Accept ? "Đã nhận cập nhật." : reason, ct);
        audit.Record(r.Accept ? "incoming.arrival.update-accepted" : "incoming.arrival.update-refused", recipient.Id, "delivery", received.Id.ToString(),
            new { reason }, onBehalfOf: clerk.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
    }

    private static string Code(ReceivedDocument d) => d.CodeNumber is null ? d.Subject : $"{d.CodeNumber}/{d.CodeNotation}";

    /// <summary>The arrival, tracked, for its organ's clerk to decide on: not found for whoever may not see it, forbidden
    /// to the organ's head, who sees it but does not decide.</summary>
    private async Task<(ReceivedDocument Received, Act Clerk)> ToDecideAsync(Guid id, CancellationToken ct)
    {
        var received = await db.ReceivedDocuments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(OutgoingErrors.DeliveryNotFound);
        var clerk = await access.ClerkGrantAsync(received.OrganizationId, ct);
        if (clerk is null)
            throw new DomainException(await access.HeadGrantAsync(received.OrganizationId, ct) is null ? OutgoingErrors.DeliveryNotFound : Error.Forbidden);
        return (received, clerk);
    }

    /// <summary>An arrival is seen by the recipient organ's clerks and heads only; to anyone else it does not exist.</summary>
    private async Task<ReceivedDocument> VisibleAsync(Guid id, CancellationToken ct)
    {
        var received = await db.ReceivedDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new DomainException(OutgoingErrors.DeliveryNotFound);
        if (await access.ClerkGrantAsync(received.OrganizationId, ct) is null && await access.HeadGrantAsync(received.OrganizationId, ct) is null)
            throw new DomainException(OutgoingErrors.DeliveryNotFound);
        return received;
    }

    private async Task<List<ArrivalDto>> QueryAsync(System.Linq.Expressions.Expression<Func<ReceivedDocument, bool>> filter, CancellationToken ct)
    {
        var rows = await db.ReceivedDocuments.AsNoTracking().Where(filter).OrderByDescending(d => d.Urgency).ThenByDescending(d => d.ArrivedAt)
            .Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var files = (await db.ReceivedFiles.AsNoTracking().Where(f => ids.Contains(f.ReceivedDocumentId))
                .Select(f => new { f.ReceivedDocumentId, f.Order, f.FileName, f.Length, f.ContentType }).ToListAsync(ct))
            .GroupBy(f => f.ReceivedDocumentId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ArrivalFileDto>)g.OrderBy(f => f.Order)
                .Select((f, i) => new ArrivalFileDto(i, f.FileName, f.Length, f.ContentType)).ToList());
        return rows.Select(d => new ArrivalDto(d.Id, d.SenderCode, d.SenderName,
            long.TryParse(d.CodeNumber, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null,
            d.CodeNotation, d.IssuedDate, d.TypeName, d.Subject, d.Urgency.ToString(), d.SignerName, d.ArrivedAt, d.State.ToString(), OutgoingText.Delivery(d.State),
            d.SignaturesValid, d.VerificationSummary, d.IncomingDocumentId, d.RefuseReason, d.RecallRequestedAt is null ? null : d.RecallRequestReason,
            d.PendingUpdateJson is null ? null : d.UpdateReason, Code(d) == d.Subject ? null : Code(d), d.PageAmount,
            DocumentReference.Parse(d.ReplyToKey)?.Text, files.GetValueOrDefault(d.Id, []))).ToList();
    }
}

/// <summary>
/// Who hears that a clerk accepted or refused an arrival: for a document issued in the installation, its delivery row
/// and its author and clerks (at once); for one received by interconnection, the sender by a status message.
/// Called inside the decision's unit of work, so the decision and its telling are saved together.
/// </summary>
public interface IArrivalStatusSink
{
    Task DecidedAsync(ReceivedDocument received, Organization recipient, string text, CancellationToken ct);

    /// <summary>The clerk's answer to a recall the sender outside asked for: 15 agreed, 16 refused.</summary>
    Task RecallDecidedAsync(ReceivedDocument received, Organization recipient, bool accepted, string text, CancellationToken ct);
}

/// <summary>The internal half of <see cref="IArrivalStatusSink"/>; the exchange module adds the other.</summary>
public sealed class InternalArrivalStatus(AppDbContext db, Notifier notify)
{
    public async Task<bool> DecidedAsync(ReceivedDocument received, string text, CancellationToken ct)
    {
        if (received.SourceDeliveryId is not { } deliveryId) return false;
        var delivery = await db.Deliveries.FirstAsync(d => d.Id == deliveryId, ct);
        delivery.Mirror(received);
        var doc = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == delivery.DocumentId, ct);
        var clerks = await Notifier.HoldersAsync(db, [doc.OrganizationId], Accounts.Role.Clerk, ct);
        notify.Tell([doc.AuthorUserId, .. clerks], NotificationKinds.DeliveryDecided, text, $"/outgoing/{doc.Id}");
        return true;
    }
}
