using UnionOffice.Common;

namespace UnionOffice.Modules.Incoming;

public enum ExtensionStatus
{
    Pending = 0,
    Granted = 1,
    Refused = 2,
}

/// <summary>
/// A request to move the deadline of an assignment (gia hạn), made by whoever answers for it and decided by whoever
/// gave it: the head for work the head gave, the department head for work forwarded inside the department.
/// </summary>
public sealed class DeadlineExtension : IVersioned
{
    private DeadlineExtension() { }

    internal DeadlineExtension(IncomingAssignment a, DateOnly requested, string? reason, DateOnly today, Guid byUserId, DateTimeOffset now)
    {
        if (a.Deadline is not { } current) throw new DomainException(IncomingErrors.NoDeadline);
        if (requested <= current) throw new DomainException(IncomingErrors.ExtensionNotLater(current));
        if (requested < today) throw new DomainException(IncomingErrors.Invalid(["Thời hạn đề nghị không được trước ngày hôm nay."]));
        var why = (reason ?? "").Trim();
        if (why.Length == 0) throw new DomainException(IncomingErrors.Invalid(["Lý do gia hạn không được để trống."]));
        if (why.Length > 1000) throw new DomainException(IncomingErrors.Invalid(["Lý do gia hạn quá dài (tối đa 1000 ký tự)."]));
        Id = Guid.CreateVersion7();
        AssignmentId = a.Id;
        DocumentId = a.DocumentId;
        CurrentDeadline = current;
        RequestedDeadline = requested;
        Reason = why;
        RequestedByUserId = byUserId;
        RequestedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid AssignmentId { get; private set; }
    public Guid DocumentId { get; private set; }
    public DateOnly CurrentDeadline { get; private set; }
    public DateOnly RequestedDeadline { get; private set; }
    public string Reason { get; private set; } = "";
    public Guid RequestedByUserId { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public ExtensionStatus Status { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public Guid? DecidedOnBehalfOfUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }

    internal void Decide(bool grant, string? note, Guid byUserId, Guid? onBehalfOf, DateTimeOffset now)
    {
        if (Status != ExtensionStatus.Pending) throw new DomainException(IncomingErrors.ExtensionDecided);
        var text = (note ?? "").Trim();
        if (!grant && text.Length == 0) throw new DomainException(IncomingErrors.Invalid(["Lý do từ chối gia hạn không được để trống."]));
        if (text.Length > 1000) throw new DomainException(IncomingErrors.Invalid(["Ý kiến quá dài (tối đa 1000 ký tự)."]));
        Status = grant ? ExtensionStatus.Granted : ExtensionStatus.Refused;
        DecisionNote = text.Length == 0 ? null : text;
        DecidedByUserId = byUserId;
        DecidedOnBehalfOfUserId = onBehalfOf;
        DecidedAt = now;
    }
}
