using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.EdXml;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Signing;

namespace UnionOffice.Modules.Exchange;

public sealed record InboxReceipt(Guid Id, bool Duplicate, string State, string? Reason)
{
    /// <summary>Refused as forged (<see cref="ExchangeState.Forbidden"/>): the endpoint answers 403.</summary>
    public bool Forbidden => State == nameof(ExchangeState.Forbidden);
}

/// <summary>
/// What arrives by the exchange. The bytes are kept first (the spool), then read as edXML — hostile input refused with
/// the element named — and applied in one transaction with the record of the message: a document lands in each
/// recipient organ's "to register" queue like an internal arrival, its PDF signatures checked, and 01 goes back to the
/// sender at once; a status moves the sender-side delivery it answers. The sender's message id is unique here, so a
/// message that comes twice (a retry, a replay, a node that died after sending) is stored and applied once.
/// </summary>
public sealed class Inbox(AppDbContext db, ExchangeSpool spool, ExchangeDirectory directory, IFileStore store, TrustAnchors anchors, Outbox outbox,
    Notifier notify, TimeProvider time, ILogger<Inbox> log)
{
    /// <param name="declaredKind">What the transport said the message is (<c>X-UO-Kind</c>, the axis' list it came from): a
    /// status declared as a document, or the other way round, is refused as forged.</param>
    public async Task<InboxReceipt> ReceiveAsync(string route, string sourceId, Stream body, string? declaredSha256, ExchangeMessageKind declaredKind, CancellationToken ct)
    {
        var key = $"{route}|{sourceId}";
        if (await ExistingAsync(key, ct) is { } known) return known;
        var (length, sha) = await spool.CopyAsync(body, ct);
        if (declaredSha256 is not null && !string.Equals(declaredSha256.Trim(), sha, StringComparison.OrdinalIgnoreCase))
            throw new DomainException(ExchangeErrors.Unauthenticated("SHA-256 của nội dung không khớp với giá trị đã ký."));
        var now = time.GetUtcNow();
        EdXmlReadResult read;
        var sink = new StoreSink(store);
        try
        {
            await using var input = await spool.OpenReadAsync(sha, ct);
            read = await EdXmlReader.ReadAsync(input, sink, ct: ct);
        }
        catch (EdXmlFormatException e)
        {
            return await RejectAsync(key, route, declaredKind, length, sha, $"{e.Message} ({e.Element})", now, ct);
        }
        catch (DomainException e) when (e.Error.Code is "FILE_TYPE_REFUSED" or "FILE_TOO_LARGE" or "FILE_UNSAFE")
        {
            return await RejectAsync(key, route, declaredKind, length, sha, $"Tệp đính kèm: {e.Error.Message}", now, ct);
        }
        var kind = read.Message is EdXmlStatus ? ExchangeMessageKind.Status : ExchangeMessageKind.Document;
        if (kind != declaredKind)
            return await RejectAsync(key, route, kind, length, sha, $"Gói tin khai là {KindText(declaredKind)} nhưng nội dung là {KindText(kind)}.", now, ct, forged: true);
        // An envelope signed (XML-DSig) must verify; one whose signature this library cannot check is taken, with a note.
        if (read.Signature is { Status: EdXmlSignatureStatus.Invalid } bad)
            return await RejectAsync(key, route, kind, length, sha, $"Chữ ký số của gói tin (XML-DSig) không hợp lệ: {bad.Reason}", now, ct);
        var message = ExchangeMessage.Inbound(key, kind, route, length, sha, now);
        db.ExchangeMessages.Add(message);
        Refusal? problem;
        try
        {
            problem = read.Message switch
            {
                EdXmlDocument d => await DocumentAsync(message, d, read, route, now, ct),
                EdXmlStatus s => await StatusAsync(message, s, route, now, ct),
                _ => new Refusal("Loại gói tin không được hỗ trợ."),
            };
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
        if (problem is not null)
        {
            db.ChangeTracker.Clear();
            return await RejectAsync(key, route, kind, length, sha, problem.Reason, now, ct, problem.Forged);
        }
        db.ExchangeEvents.Add(new ExchangeEvent(message.Id, "received", $"Từ {message.FromCode} qua {route}" + read.Signature switch
        {
            { Status: EdXmlSignatureStatus.Valid } v => $"; chữ ký gói tin hợp lệ ({v.Certificate?.Subject})",
            { } u => $"; chữ ký gói tin không kiểm tra được: {u.Reason}",
            null => "",
        }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same message at the same moment on another node: theirs was stored.
            db.ChangeTracker.Clear();
            return await ExistingAsync(key, ct) ?? throw new InvalidOperationException("Saving the inbound message failed.");
        }
        return new InboxReceipt(message.Id, false, message.State.ToString(), null);
    }

    /// <summary>Why a message is not applied; <paramref name="Forged"/> when its sender had no right to say it (403, recorded).</summary>
    private sealed record Refusal(string Reason, bool Forged = false);

    private static string KindText(ExchangeMessageKind k) => k == ExchangeMessageKind.Status ? "gói tin trạng thái" : "gói tin văn bản";

    private Refusal NotItsOrgan(string route, string code) =>
        new($"{(route == ExchangeDirectory.AxisRoute ? "Trục liên thông quốc gia" : $"Hệ thống {route[ExchangeDirectory.PeerPrefix.Length..]}")} không được gửi thay cơ quan {code}.", Forged: true);

    private async Task<Refusal?> DocumentAsync(ExchangeMessage message, EdXmlDocument m, EdXmlReadResult read, string route, DateTimeOffset now, CancellationToken ct)
    {
        message.Describe(m.From.OrganId, m.To.Select(t => t.OrganId));
        message.About(m.DocumentId, null, (int)(m.Trace?.Business?.DocType ?? EdXmlBusinessDocType.New));
        if (!await directory.MaySpeakForAsync(route, m.From.OrganId, ct)) return NotItsOrgan(route, m.From.OrganId);
        var codes = m.To.Select(t => t.OrganId.Trim().ToUpperInvariant()).Where(directory.ServesHere).ToList();
        var organs = await db.Organizations.AsNoTracking().Where(o => codes.Contains(o.Code) && o.IsActive).ToListAsync(ct);
        if (organs.Count == 0) return new Refusal(ExchangeErrors.NotOurs(string.Join(", ", m.To.Select(t => t.OrganId))).Message);
        var type = m.Trace?.Business?.DocType ?? EdXmlBusinessDocType.New;
        if (type == EdXmlBusinessDocType.Revoke) return await RevokeAsync(m, organs, route, now, ct);
        if (type == EdXmlBusinessDocType.Update) return await UpdateAsync(m, read, organs, route, ct);
        if (read.Attachments.Count == 0) return new Refusal("Văn bản không có tệp đính kèm.");
        var files = read.Attachments.Select(a => (a.Info.AttachmentName, Stored: (StoredContent)a.Handle!)).ToList();
        var main = files.FirstOrDefault(f => f.Stored.ContentType == "application/pdf");
        bool? valid = null;
        string? summary = "Tệp văn bản không phải PDF nên không có chữ ký số để kiểm tra.";
        if (main.Stored is not null)
        {
            var report = await anchors.VerifyPdfAsync(await store.ReadAllBytesAsync(main.Stored.Sha256, ct), ct);
            (valid, summary) = (report.AllValid, report.Signatures.Count == 0 ? "Văn bản không có chữ ký số." : report.Summary);
        }
        var sender = new ReceivedDocument.Sender(m.From.OrganId, m.From.OrganName ?? m.From.OrganId);
        // The same document sent again under another message id (through the axis, whose ids are its own): not twice.
        var have = await db.ReceivedDocuments.Where(r => r.DocumentKey == m.DocumentId && r.SenderCode == sender.Code).Select(r => r.OrganizationId).ToListAsync(ct);
        organs = organs.Where(o => !have.Contains(o.Id)).ToList();
        if (organs.Count == 0)
        {
            db.ExchangeEvents.Add(new ExchangeEvent(message.Id, "duplicate", $"Văn bản {m.DocumentId} đã nhận trước đó.", now));
            return null;
        }
        foreach (var organ in organs)
        {
            var received = ReceivedDocument.Inbound(message.Id, organ.Id, sender, EdXmlMapping.Metadata(m), now, valid, summary);
            db.ReceivedDocuments.Add(received);
            db.ReceivedFiles.AddRange(files.Select((f, i) => new ReceivedFile(received.Id, i, f.AttachmentName, f.Stored.Sha256, f.Stored.Length, f.Stored.ContentType)));
            await outbox.StatusAsync(received, organ, EdXmlStatusCode.Arrived, "Văn bản đã đến, chờ văn thư tiếp nhận.", ct);
        }
        notify.Tell(await Notifier.HoldersAsync(db, organs.Select(o => o.Id).ToList(), Accounts.Role.Clerk, ct), NotificationKinds.DocumentArrived,
            $"Văn bản {m.Code} của {sender.Name} chờ tiếp nhận (liên thông)", "/incoming/arrivals");
        // A replacement (type 3): the copies of what it replaces are asked back, for the clerk to agree (15) or not (16) —
        // only copies that came the same way: a replacement cannot reach what another system sent.
        if (type == EdXmlBusinessDocType.Replace)
        {
            var ids = organs.Select(o => o.Id).ToList();
            foreach (var replaced in m.Trace?.Business?.Replacements ?? [])
                foreach (var copy in await CopiesAsync(replaced.DocumentId, sender.Code, ids, ct))
                {
                    if (!await CameByAsync(copy, route, ct)) return OtherRoute(route, replaced.DocumentId);
                    copy.RequestRecall($"Được thay thế bằng văn bản {m.Code}.", now);
                }
        }
        return null;
    }

    private Task<List<ReceivedDocument>> CopiesAsync(string key, string senderCode, List<Guid> organs, CancellationToken ct) =>
        db.ReceivedDocuments.Where(r => r.DocumentKey == key && r.SenderCode == senderCode && organs.Contains(r.OrganizationId)).ToListAsync(ct);

    /// <summary>Whether a received copy came by this route (a revoke or an update must come from where the document did).</summary>
    private async Task<bool> CameByAsync(ReceivedDocument copy, string route, CancellationToken ct) =>
        copy.InboundMessageId is { } messageId && await db.ExchangeMessages.AnyAsync(x => x.Id == messageId && x.Route == route, ct);

    private static Refusal OtherRoute(string route, string key) =>
        new($"Văn bản {key} không được nhận qua {(route == ExchangeDirectory.AxisRoute ? "trục liên thông quốc gia" : $"hệ thống {route[ExchangeDirectory.PeerPrefix.Length..]}")}.", Forged: true);

    /// <summary>
    /// The sender asks to take a document back (BussinessDocType 1, status 13): each copy shows the request to the
    /// recipient's clerks, who agree (15: it leaves the queue, a registered copy is frozen) or refuse (16) — see
    /// <see cref="Outgoing.Arrivals.DecideRecallAsync"/>.
    /// </summary>
    private async Task<Refusal?> RevokeAsync(EdXmlDocument m, List<Organizations.Organization> organs, string route, DateTimeOffset now, CancellationToken ct)
    {
        var ids = organs.Select(o => o.Id).ToList();
        var key = m.Trace?.Business?.DocumentId ?? m.DocumentId;
        var copies = await CopiesAsync(key, m.From.OrganId, ids, ct);
        if (copies.Count == 0) return new Refusal($"Không tìm thấy văn bản {key} để thu hồi.");
        foreach (var r in copies)
            if (!await CameByAsync(r, route, ct)) return OtherRoute(route, key);
        foreach (var r in copies) r.RequestRecall(m.Trace?.Business?.Reason, now);
        notify.Tell(await Notifier.HoldersAsync(db, ids, Accounts.Role.Clerk, ct), NotificationKinds.DocumentRecalled,
            $"{m.From.OrganName ?? m.From.OrganId} đề nghị thu hồi văn bản {m.Code}: {m.Trace?.Business?.Reason}", $"/incoming/arrivals/{copies[0].Id}");
        return null;
    }

    /// <summary>
    /// The sender updates a document it sent (BussinessDocType 2): each copy shows the update to the recipient's clerks,
    /// who take it — the new metadata, and the new files when it carries any — (15) or refuse it (16).
    /// </summary>
    private async Task<Refusal?> UpdateAsync(EdXmlDocument m, EdXmlReadResult read, List<Organizations.Organization> organs, string route, CancellationToken ct)
    {
        var ids = organs.Select(o => o.Id).ToList();
        var key = m.Trace?.Business?.DocumentId ?? m.DocumentId;
        var copies = await CopiesAsync(key, m.From.OrganId, ids, ct);
        if (copies.Count == 0) return new Refusal($"Không tìm thấy văn bản {key} để cập nhật.");
        foreach (var r in copies)
            if (!await CameByAsync(r, route, ct)) return OtherRoute(route, key);
        var files = read.Attachments.Select(a => (StoredContent)a.Handle!).Zip(read.Attachments,
            (c, a) => new ReceivedDocument.UpdatedFile(a.Info.AttachmentName, c.Sha256, c.Length, c.ContentType)).ToList();
        var json = System.Text.Json.JsonSerializer.Serialize(new ReceivedDocument.PendingUpdate(EdXmlMapping.Metadata(m), files));
        foreach (var r in copies) r.RequestUpdate(json, m.Trace?.Business?.Reason);
        notify.Tell(await Notifier.HoldersAsync(db, ids, Accounts.Role.Clerk, ct), NotificationKinds.DocumentArrived,
            $"{m.From.OrganName ?? m.From.OrganId} gửi cập nhật văn bản {m.Code}: {m.Trace?.Business?.Reason}", $"/incoming/arrivals/{copies[0].Id}");
        return null;
    }

    /// <summary>
    /// A status (01–06, 15, 16) for a document sent from here: only from the organ it went to, by the system it went
    /// through — a peer cannot answer for a document another peer or the axis carried.
    /// </summary>
    private async Task<Refusal?> StatusAsync(ExchangeMessage message, EdXmlStatus s, string route, DateTimeOffset now, CancellationToken ct)
    {
        message.Describe(s.From.OrganId, [s.ResponseFor.OrganId]);
        message.About(s.ResponseFor.DocumentId, null, 0);
        if (!await directory.MaySpeakForAsync(route, s.From.OrganId, ct)) return NotItsOrgan(route, s.From.OrganId);
        var (organCode, number, notation) = ParseKey(s.ResponseFor.DocumentId);
        if (organCode is null) return new Refusal($"Không đọc được mã văn bản \"{s.ResponseFor.DocumentId}\" (OrganId,yyyy/MM/dd,Số/Ký hiệu).");
        var docId = await (from d in db.OutgoingDocuments
                           join o in db.Organizations on d.OrganizationId equals o.Id
                           where o.Code == organCode && d.Number == number && d.Notation == notation
                           select (Guid?)d.Id).FirstOrDefaultAsync(ct);
        if (docId is null) return new Refusal($"Không tìm thấy văn bản {s.ResponseFor.DocumentId} đã gửi.");
        var from = s.From.OrganId.Trim().ToUpperInvariant();
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.DocumentId == docId && d.Kind == RecipientKind.External && d.RecipientCode == from, ct);
        if (delivery is null) return new Refusal($"Văn bản {s.ResponseFor.DocumentId} không gửi đến {s.From.OrganId}.", Forged: true);
        if (delivery.ExchangeMessageId is not { } carried || !await db.ExchangeMessages.AnyAsync(x => x.Id == carried && x.Route == route, ct))
            return OtherRoute(route, s.ResponseFor.DocumentId);
        message.About(s.ResponseFor.DocumentId, docId, 0);
        if ((int)s.StatusCode is >= 1 and <= 6) delivery.StatusFromRecipient((int)s.StatusCode, s.Description, now);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(docId.Value, await SystemActorAsync(docId.Value, ct), null, "status",
            $"{s.From.OrganName ?? s.From.OrganId}: {(int)s.StatusCode:00} {s.Description}".Trim(), now));
        return null;
    }

    /// <summary>Trail entries need a person: a status from outside is recorded under the document's author.</summary>
    private Task<Guid> SystemActorAsync(Guid documentId, CancellationToken ct) =>
        db.OutgoingDocuments.Where(d => d.Id == documentId).Select(d => d.AuthorUserId).FirstAsync(ct);

    /// <summary><c>OrganId,yyyy/MM/dd,Number/Notation</c> → its parts; the notation may itself hold '/' and ','.</summary>
    public static (string? Organ, long Number, string? Notation) ParseKey(string key)
    {
        var first = key.IndexOf(',', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf(',', first + 1);
        if (second < 0) return (null, 0, null);
        var code = key[(second + 1)..];
        var slash = code.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !long.TryParse(code[..slash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return (null, 0, null);
        return (key[..first].Trim().ToUpperInvariant(), number, code[(slash + 1)..]);
    }

    private async Task<InboxReceipt?> ExistingAsync(string key, CancellationToken ct) =>
        await db.ExchangeMessages.AsNoTracking().Where(m => m.SourceKey == key)
            .Select(m => new InboxReceipt(m.Id, true, m.State.ToString(), m.LastError)).FirstOrDefaultAsync(ct);

    private async Task<InboxReceipt> RejectAsync(string key, string route, ExchangeMessageKind kind, long length, string sha, string reason, DateTimeOffset now,
        CancellationToken ct, bool forged = false)
    {
        if (forged) log.LogWarning("Exchange message {Key} refused as forged: {Reason}", key, reason);
        else log.LogWarning("Exchange message {Key} rejected: {Reason}", key, reason);
        var message = ExchangeMessage.Inbound(key, kind, route, length, sha, now);
        message.Rejected(reason, forged);
        db.ExchangeMessages.Add(message);
        db.ExchangeEvents.Add(new ExchangeEvent(message.Id, forged ? "forbidden" : "rejected", reason, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await ExistingAsync(key, ct) ?? throw new InvalidOperationException("Saving the rejected message failed.");
        }
        return new InboxReceipt(message.Id, false, message.State.ToString(), reason);
    }

    /// <summary>Each attachment decoded into a temporary file, then into the document store (which checks its type).</summary>
    private sealed class StoreSink(IFileStore store) : IEdXmlAttachmentSink
    {
        public ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct) =>
            // Named so that the storage sweep finds it if the process dies before DeleteOnClose does its work.
            ValueTask.FromResult<Stream>(new FileStream(Path.Combine(Path.GetTempPath(), $"uo-edxml-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
                FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous));

        public async ValueTask<object?> CompleteAsync(EdXmlAttachmentInfo attachment, Stream stream, long length, string sha256, CancellationToken ct)
        {
            stream.Position = 0;
            var stored = await store.PutAsync(stream, attachment.AttachmentName, ct);
            await stream.DisposeAsync();
            return stored;
        }
    }
}
