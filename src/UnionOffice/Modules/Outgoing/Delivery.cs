using UnionOffice.Common;

namespace UnionOffice.Modules.Outgoing;

public enum RecipientKind
{
    /// <summary>An organ served by this installation: the document lands in its "to register" queue.</summary>
    Internal = 0,
    /// <summary>An organ elsewhere, by its identifier code: the document goes to the interconnection outbox.</summary>
    External = 1,
    /// <summary>An e-mail address (for information; not a registered delivery).</summary>
    Email = 2,
}

/// <summary>What became of the document at one recipient; the numbers are the edXML status codes (DOMAIN.md).</summary>
public enum DeliveryState
{
    /// <summary>Named on the draft; nothing sent yet.</summary>
    Planned = 0,
    /// <summary>01: in the recipient's "to register" queue.</summary>
    Arrived = 1,
    /// <summary>02: the recipient's clerk refused it, with a reason.</summary>
    Refused = 2,
    /// <summary>03: registered as an incoming document of the recipient (04–06 follow from that document).</summary>
    Accepted = 3,
    /// <summary>Waiting to go out: in the exchange outbox (external recipients) or the mail queue (e-mail recipients).</summary>
    Queued = 7,
    /// <summary>E-mailed with the issued file (an e-mail recipient is told, not registered: no 01–06 come back).</summary>
    Emailed = 8,
    /// <summary>Handed to the other system (an installation, the axis); its statuses 01–06 come back as messages.</summary>
    Delivered = 9,
    /// <summary>The exchange could not deliver it for good; <see cref="Delivery.FailureReason"/> says why.</summary>
    Failed = 10,
    /// <summary>The sender recalled the document; the recipient's copy is frozen.</summary>
    Recalled = 15,
}

/// <summary>
/// One recipient of an outgoing document, and on the recipient's side the entry of its "to register" queue:
/// the sender reads the state, the recipient's clerk accepts (registers) or refuses it.
/// </summary>
public sealed class Delivery : IVersioned
{
    private Delivery() { }

    public Delivery(Guid documentId, RecipientKind kind, Guid? organizationId, string? code, string name, string? email, bool onPaper = false)
    {
        OnPaper = onPaper;
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        Kind = kind;
        RecipientOrganizationId = organizationId;
        RecipientCode = code;
        RecipientName = name.Length > 250 ? name[..250] : name;
        Email = email;
        State = DeliveryState.Planned;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid DocumentId { get; private set; }
    public RecipientKind Kind { get; private set; }
    public Guid? RecipientOrganizationId { get; private set; }
    public string? RecipientCode { get; private set; }
    public string RecipientName { get; private set; } = "";
    public string? Email { get; private set; }
    public DeliveryState State { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>What the recipient's side found when it checked the signatures on arrival (a readable sentence).</summary>
    public string? VerificationSummary { get; private set; }
    public bool? SignaturesValid { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public string? RefuseReason { get; private set; }
    /// <summary>The incoming document it became at the recipient once accepted.</summary>
    public Guid? IncomingDocumentId { get; private set; }
    /// <summary>Why the last attempt to send it out (mail, interconnection) failed, for the sender to read; cleared on success.</summary>
    public string? FailureReason { get; private set; }
    /// <summary>The outbound exchange message carrying it (external recipients).</summary>
    public Guid? ExchangeMessageId { get; private set; }
    /// <summary>The last edXML status an outside recipient sent back (1–6), with its description.</summary>
    public int? RemoteStatus { get; private set; }
    public string? RemoteStatusText { get; private set; }
    /// <summary>Also sent as a signed paper copy (seed 003 Mục 2: the lead organ gets paper, the co-ordinating ones the digital copy).</summary>
    public bool OnPaper { get; private set; }
    /// <summary>The day the clerk recorded the paper copy leaving; null while it has not.</summary>
    public DateOnly? PaperSentOn { get; private set; }
    public Guid? PaperSentByUserId { get; private set; }

    /// <summary>The clerk records that the paper copy left, on a day between the issue and today.</summary>
    public void PaperSent(DateOnly on, DateOnly issued, DateOnly today, Guid byUserId)
    {
        if (!OnPaper) throw new DomainException(OutgoingErrors.NotOnPaper);
        if (on < issued || on > today)
            throw new DomainException(OutgoingErrors.Invalid([$"Ngày gửi bản giấy phải từ ngày ban hành ({Formats.Date(issued)}) đến hôm nay."]));
        PaperSentOn = on;
        PaperSentByUserId = byUserId;
    }

    internal void Send(DateTimeOffset now, bool? valid, string? summary)
    {
        SentAt = now;
        State = Kind == RecipientKind.Internal ? DeliveryState.Arrived : DeliveryState.Queued;
        SignaturesValid = valid;
        VerificationSummary = summary is { Length: > 1000 } ? summary[..1000] : summary;
    }

    /// <summary>
    /// The recipient organ of this installation decided on its copy (<see cref="Incoming.ReceivedDocument"/>, where the
    /// decision and its reason are checked): the sender's row says the same — accepted with the incoming document it
    /// became, or refused with the reason.
    /// </summary>
    public void Mirror(Incoming.ReceivedDocument received)
    {
        RequireArrived(received.State == DeliveryState.Accepted ? "tiếp nhận" : "từ chối");
        State = received.State;
        IncomingDocumentId = received.IncomingDocumentId;
        RefuseReason = received.RefuseReason;
        DecidedByUserId = received.DecidedByUserId;
        DecidedAt = received.DecidedAt;
    }

    /// <summary>Sending out failed; it stays queued for the next attempt, with the reason for the sender to read.</summary>
    public void SendFailed(string reason) => FailureReason = reason.Length > 1000 ? reason[..1000] : reason;

    public void CarriedBy(Guid messageId) => ExchangeMessageId = messageId;

    /// <summary>An operator sends a failed delivery again.</summary>
    public void Requeue()
    {
        if (State == DeliveryState.Failed) State = DeliveryState.Queued;
    }

    /// <summary>The exchange handed it over (<paramref name="delivered"/>) or gave up on it with the reason.</summary>
    public void Handed(bool delivered, string? reason, DateTimeOffset now)
    {
        if (State is not (DeliveryState.Queued or DeliveryState.Failed)) return;
        State = delivered ? DeliveryState.Delivered : DeliveryState.Failed;
        FailureReason = reason is { Length: > 1000 } ? reason[..1000] : reason;
        if (delivered) SentAt ??= now;
    }

    /// <summary>
    /// A status from an outside recipient (edXML 01–06): arrival, refusal, acceptance set the state as an internal
    /// recipient's would; assignment, progress and completion are kept beside it. A recalled delivery stays recalled.
    /// </summary>
    public void StatusFromRecipient(int code, string? text, DateTimeOffset now)
    {
        if (code is 15 or 16)
        {
            // The answer to a recall: kept beside the state, which the recall already set.
            RemoteStatus = code;
            RemoteStatusText = text is { Length: > 1000 } ? text[..1000] : text;
            return;
        }
        if (State is DeliveryState.Recalled or DeliveryState.Refused) return;
        if (code < (RemoteStatus ?? 0) && code >= 3) return; // statuses can cross on the wire: never go back
        RemoteStatus = code;
        RemoteStatusText = text is { Length: > 1000 } ? text[..1000] : text;
        switch (code)
        {
            case 1: State = DeliveryState.Arrived; break;
            case 2:
                State = DeliveryState.Refused;
                RefuseReason = RemoteStatusText;
                DecidedAt = now;
                break;
            case >= 3 and <= 6:
                State = DeliveryState.Accepted;
                DecidedAt ??= now;
                break;
        }
    }

    internal void Recall(DateTimeOffset now)
    {
        if (State is DeliveryState.Refused) return;
        State = DeliveryState.Recalled;
        DecidedAt ??= now;
    }

    private void RequireArrived(string step)
    {
        if (State != DeliveryState.Arrived) throw new DomainException(OutgoingErrors.DeliveryDecided(State, step));
    }
}

/// <summary>Lấy ý kiến: a colleague is asked for comments on the draft by a date; the answer stays in the trail.</summary>
public sealed class OutgoingComment
{
    private OutgoingComment() { }

    public OutgoingComment(Guid documentId, Guid askedUserId, Guid askedByUserId, DateOnly? dueDate, string? question, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        AskedUserId = askedUserId;
        AskedByUserId = askedByUserId;
        DueDate = dueDate;
        Question = question;
        AskedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public Guid AskedUserId { get; private set; }
    public Guid AskedByUserId { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public string? Question { get; private set; }
    public DateTimeOffset AskedAt { get; private set; }
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    public void Reply(string? text, DateTimeOffset now)
    {
        if (AnsweredAt is not null) throw new DomainException(OutgoingErrors.CommentAnswered);
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Ý kiến góp ý không được để trống."]));
        if (t.Length > 4000) throw new DomainException(OutgoingErrors.Invalid(["Ý kiến góp ý quá dài (tối đa 4000 ký tự)."]));
        Answer = t;
        AnsweredAt = now;
    }
}
