using UnionOffice.Common;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// An electronic document waiting in an organ's "to register" queue (NĐ30 Điều 21–22), whatever brought it: another
/// organ of this installation issuing it (<see cref="SourceDeliveryId"/>, the sender's delivery row) or an edXML message
/// from another installation or the national axis (<see cref="InboundMessageId"/>). It holds what the sender said of
/// the document and its files as received, so the clerk registers it without typing, or refuses it with a reason.
/// States are the edXML ones the sender is told: 01 arrived, 02 refused, 03 accepted, 15 recalled.
/// </summary>
public sealed class ReceivedDocument : IVersioned
{
    private ReceivedDocument() { }

    public ReceivedDocument(Guid id, Guid organizationId, Sender from, Metadata m, DateTimeOffset arrivedAt, bool? signaturesValid, string? verificationSummary)
    {
        Id = id;
        OrganizationId = organizationId;
        SenderCode = Cut(from.Code, 40)!;
        SenderName = Cut(from.Name, 250)!;
        DocumentKey = Cut(m.DocumentKey, 200);
        CodeNumber = Cut(m.CodeNumber, 20);
        CodeNotation = Cut(m.CodeNotation, 50);
        IssuedDate = m.IssuedDate;
        TypeName = Cut(m.TypeName, 100) ?? "Công văn";
        Subject = Cut(m.Subject, 500) ?? "";
        SignerName = Cut(m.SignerName, 50);
        SignerPosition = Cut(m.SignerPosition, 100);
        Urgency = m.Urgency;
        DueDate = m.DueDate;
        ToPlaces = Cut(m.ToPlaces, 1000);
        PageAmount = m.PageAmount is > 0 and <= 999 ? m.PageAmount : null;
        ReplyToKey = Cut(m.ReplyToKey, 200);
        ArrivedAt = arrivedAt;
        State = DeliveryState.Arrived;
        SignaturesValid = signaturesValid;
        VerificationSummary = Cut(verificationSummary, 1000);
    }

    /// <summary>Who sent it: the organ's identifier code (either form) and name.</summary>
    public sealed record Sender(string Code, string Name);

    /// <summary>What the sender said of the document (edXML MessageHeader, or the issuing organ's own record).</summary>
    /// <param name="PageAmount">Its number of pages (edXML OtherInfo/PageAmount).</param>
    /// <param name="ReplyToKey">The document it answers (edXML ResponseFor), as <see cref="DocumentReference"/> names it.</param>
    public sealed record Metadata(string? DocumentKey, string? CodeNumber, string? CodeNotation, DateOnly? IssuedDate, string? TypeName, string? Subject,
        string? SignerName, string? SignerPosition, Urgency Urgency, DateOnly? DueDate, string? ToPlaces, int? PageAmount = null, string? ReplyToKey = null);

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string SenderCode { get; private set; } = "";
    public string SenderName { get; private set; } = "";
    /// <summary>The edXML DocumentId (<c>OrganId,yyyy/MM/dd,Number/Notation</c>): how statuses and recalls name it.</summary>
    public string? DocumentKey { get; private set; }
    public string? CodeNumber { get; private set; }
    public string? CodeNotation { get; private set; }
    public DateOnly? IssuedDate { get; private set; }
    public string TypeName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? SignerName { get; private set; }
    public string? SignerPosition { get; private set; }
    public Urgency Urgency { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public string? ToPlaces { get; private set; }
    /// <summary>The sender's number of pages, carried to the register line at acceptance.</summary>
    public int? PageAmount { get; private set; }
    /// <summary>The document this one answers (<see cref="DocumentReference"/> key), carried to the registered document.</summary>
    public string? ReplyToKey { get; private set; }
    public DateTimeOffset ArrivedAt { get; private set; }
    /// <summary>Internal arrival: the sender's delivery, whose state mirrors this one's.</summary>
    public Guid? SourceDeliveryId { get; private set; }
    /// <summary>Arrival by interconnection: the inbound exchange message that brought it; statuses go back as messages.</summary>
    public Guid? InboundMessageId { get; private set; }
    public DeliveryState State { get; private set; }
    public bool? SignaturesValid { get; private set; }
    public string? VerificationSummary { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public string? RefuseReason { get; private set; }
    public Guid? IncomingDocumentId { get; private set; }
    /// <summary>The last status (1–6) told to a sender outside the installation, so a change of handling is told once.</summary>
    public int? ReportedStatus { get; private set; }
    /// <summary>A sender outside asked to take it back (edXML revoke, status 13): the clerk agrees (15) or refuses (16).</summary>
    public DateTimeOffset? RecallRequestedAt { get; private set; }
    public string? RecallRequestReason { get; private set; }
    /// <summary>A sender outside sent an update (edXML BussinessDocType 2): what it changes, until the clerk decides (15/16).</summary>
    public string? PendingUpdateJson { get; private set; }
    public string? UpdateReason { get; private set; }

    public static ReceivedDocument Internal(Guid deliveryId, Guid organizationId, Sender from, Metadata m, DateTimeOffset now, bool? valid, string? summary) =>
        new(deliveryId, organizationId, from, m, now, valid, summary) { SourceDeliveryId = deliveryId };

    public static ReceivedDocument Inbound(Guid messageId, Guid organizationId, Sender from, Metadata m, DateTimeOffset now, bool? valid, string? summary) =>
        new(Guid.CreateVersion7(), organizationId, from, m, now, valid, summary) { InboundMessageId = messageId, ReportedStatus = 1 };

    public void Accept(Guid incomingId, Guid byUserId, DateTimeOffset now)
    {
        RequireArrived("tiếp nhận");
        State = DeliveryState.Accepted;
        IncomingDocumentId = incomingId;
        DecidedByUserId = byUserId;
        DecidedAt = now;
    }

    public void Refuse(string? reason, Guid byUserId, DateTimeOffset now)
    {
        RequireArrived("từ chối");
        var r = OutgoingDocument.Clean(reason);
        if (r.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Phải ghi lý do từ chối tiếp nhận."]));
        if (r.Length > 1000) throw new DomainException(OutgoingErrors.Invalid(["Lý do từ chối quá dài (tối đa 1000 ký tự)."]));
        State = DeliveryState.Refused;
        RefuseReason = r;
        DecidedByUserId = byUserId;
        DecidedAt = now;
    }

    /// <summary>The sender took it back: it leaves the queue; a registered copy is frozen by the caller.</summary>
    public void Recall(DateTimeOffset now)
    {
        if (State is DeliveryState.Refused) return;
        State = DeliveryState.Recalled;
        DecidedAt ??= now;
    }

    public void Reported(int status) => ReportedStatus = status;

    /// <summary>The sender asks to take it back; nothing changes until the clerk decides.</summary>
    public void RequestRecall(string? reason, DateTimeOffset now)
    {
        if (State is DeliveryState.Recalled or DeliveryState.Refused) return;
        RecallRequestedAt = now;
        RecallRequestReason = Cut(reason, 1000) ?? "Không nêu lý do.";
    }

    /// <summary>An update from the sender waits for the clerk: the new metadata and files, serialized (<see cref="PendingUpdate"/>).</summary>
    public void RequestUpdate(string json, string? reason)
    {
        if (State is DeliveryState.Recalled or DeliveryState.Refused) return;
        PendingUpdateJson = json;
        UpdateReason = Cut(reason, 1000) ?? "Không nêu lý do.";
    }

    /// <summary>The clerk takes the update (the metadata replaced; the caller replaces the files) or refuses it.</summary>
    public PendingUpdate DecideUpdate(bool accept)
    {
        if (PendingUpdateJson is null) throw new DomainException(OutgoingErrors.NoUpdateRequested);
        var update = System.Text.Json.JsonSerializer.Deserialize<PendingUpdate>(PendingUpdateJson)!;
        PendingUpdateJson = null;
        UpdateReason = null;
        if (accept)
        {
            var m = update.Metadata;
            CodeNumber = Cut(m.CodeNumber, 20) ?? CodeNumber;
            CodeNotation = Cut(m.CodeNotation, 50) ?? CodeNotation;
            IssuedDate = m.IssuedDate ?? IssuedDate;
            TypeName = Cut(m.TypeName, 100) ?? TypeName;
            Subject = Cut(m.Subject, 500) ?? Subject;
            SignerName = Cut(m.SignerName, 50) ?? SignerName;
            SignerPosition = Cut(m.SignerPosition, 100) ?? SignerPosition;
            Urgency = m.Urgency;
            DueDate = m.DueDate ?? DueDate;
            ToPlaces = Cut(m.ToPlaces, 1000) ?? ToPlaces;
            PageAmount = m.PageAmount is > 0 and <= 999 ? m.PageAmount : PageAmount;
            ReplyToKey = Cut(m.ReplyToKey, 200) ?? ReplyToKey;
        }
        return update;
    }

    /// <summary>What an update brings: the new metadata and, when it carries files, the new files (stored already).</summary>
    public sealed record PendingUpdate(Metadata Metadata, IReadOnlyList<UpdatedFile> Files);

    public sealed record UpdatedFile(string FileName, string Sha256, long Length, string ContentType);

    /// <summary>The clerk agrees to the recall (the copy leaves the queue; a registered one is frozen by the caller) or refuses it.</summary>
    public void DecideRecall(bool accept, DateTimeOffset now)
    {
        if (RecallRequestedAt is null || State == DeliveryState.Recalled) throw new DomainException(OutgoingErrors.NoRecallRequested);
        RecallRequestedAt = null;
        if (accept) Recall(now);
    }

    private void RequireArrived(string step)
    {
        if (State != DeliveryState.Arrived) throw new DomainException(OutgoingErrors.DeliveryDecided(State, step));
    }

    private static string? Cut(string? s, int max)
    {
        s = s?.Trim();
        return string.IsNullOrEmpty(s) ? null : s.Length > max ? s[..max] : s;
    }
}

/// <summary>One file of a received document, in the order the sender gave them (the main document first).</summary>
public sealed class ReceivedFile
{
    private ReceivedFile() { }

    public ReceivedFile(Guid receivedDocumentId, int order, string fileName, string sha256, long length, string contentType)
    {
        ReceivedDocumentId = receivedDocumentId;
        Order = order;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length == 0 ? "tep" : name.Length > 200 ? name[..200] : name;
        Sha256 = sha256;
        Length = length;
        ContentType = contentType.Length > 100 ? contentType[..100] : contentType;
    }

    public Guid ReceivedDocumentId { get; private set; }
    public int Order { get; private set; }
    public string FileName { get; private set; } = "";
    public string Sha256 { get; private set; } = "";
    public long Length { get; private set; }
    public string ContentType { get; private set; } = "";
}
