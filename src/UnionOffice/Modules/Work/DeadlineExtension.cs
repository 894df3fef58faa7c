using UnionOffice.Common;

namespace UnionOffice.Modules.Work;

public enum ExtensionStatus
{
    Pending = 0,
    Granted = 1,
    Refused = 2,
}

/// <summary>
/// A request to move the deadline of a piece of work (gia hạn), made by whoever answers for it and decided by whoever
/// gave it. One shape for every kind of work: an assignment of an incoming document (<see cref="Scope"/> "incoming",
/// <see cref="WorkId"/> the document) or a task ("task", the task; <see cref="AssignmentId"/> the task too).
/// </summary>
public sealed class DeadlineExtension : IVersioned
{
    private DeadlineExtension() { }

    internal DeadlineExtension(string scope, Guid workId, Guid assignmentId, DateOnly? currentDeadline, DateOnly requested, string? reason,
        DateOnly today, Guid byUserId, DateTimeOffset now)
    {
        if (currentDeadline is not { } current) throw new DomainException(WorkErrors.NoDeadline);
        if (requested <= current) throw new DomainException(WorkErrors.ExtensionNotLater(current));
        if (requested < today) throw new DomainException(WorkErrors.ExtensionInvalid(["Thời hạn đề nghị không được trước ngày hôm nay."]));
        var why = (reason ?? "").Trim();
        if (why.Length == 0) throw new DomainException(WorkErrors.ExtensionInvalid(["Lý do gia hạn không được để trống."]));
        if (why.Length > 1000) throw new DomainException(WorkErrors.ExtensionInvalid(["Lý do gia hạn quá dài (tối đa 1000 ký tự)."]));
        Id = Guid.CreateVersion7();
        Scope = scope;
        WorkId = workId;
        AssignmentId = assignmentId;
        CurrentDeadline = current;
        RequestedDeadline = requested;
        Reason = why;
        RequestedByUserId = byUserId;
        RequestedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public string Scope { get; private set; } = WorkScopes.Incoming;
    public Guid AssignmentId { get; private set; }
    public Guid WorkId { get; private set; }
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
        if (Status != ExtensionStatus.Pending) throw new DomainException(WorkErrors.ExtensionDecided);
        var text = (note ?? "").Trim();
        if (!grant && text.Length == 0) throw new DomainException(WorkErrors.ExtensionInvalid(["Lý do từ chối gia hạn không được để trống."]));
        if (text.Length > 1000) throw new DomainException(WorkErrors.ExtensionInvalid(["Ý kiến quá dài (tối đa 1000 ký tự)."]));
        Status = grant ? ExtensionStatus.Granted : ExtensionStatus.Refused;
        DecisionNote = text.Length == 0 ? null : text;
        DecidedByUserId = byUserId;
        DecidedOnBehalfOfUserId = onBehalfOf;
        DecidedAt = now;
    }
}
