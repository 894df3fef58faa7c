using UnionOffice.Common;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// One recipient of a direction: a department or a person, as lead, co-handler or for information, with a deadline.
/// A department head forwards a department's assignment to an officer as a child assignment.
/// </summary>
public sealed class IncomingAssignment : IVersioned
{
    private IncomingAssignment() { }

    internal IncomingAssignment(Guid documentId, AssignmentKind kind, Guid? departmentId, Guid? userId, DateOnly? deadline,
        Guid byUserId, Guid? onBehalfOf, Guid? parentId, DateTimeOffset now)
    {
        if ((departmentId is null) == (userId is null)) throw new DomainException(IncomingErrors.AssigneeRequired);
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        Kind = kind;
        DepartmentId = departmentId;
        UserId = userId;
        Deadline = kind == AssignmentKind.ForInformation ? null : deadline;
        AssignedByUserId = byUserId;
        AssignedOnBehalfOfUserId = onBehalfOf;
        ParentAssignmentId = parentId;
        CreatedAt = now;
        Status = kind == AssignmentKind.ForInformation ? AssignmentStatus.Done : AssignmentStatus.Open;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid DocumentId { get; private set; }
    public AssignmentKind Kind { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public Guid? UserId { get; private set; }
    public DateOnly? Deadline { get; private set; }
    public Guid AssignedByUserId { get; private set; }
    public Guid? AssignedOnBehalfOfUserId { get; private set; }
    public Guid? ParentAssignmentId { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public string? Opinion { get; private set; }
    public string? ReturnReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>For information: when its reader (the person, or the department's head) first opened the document.</summary>
    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsOpen => Status is AssignmentStatus.Open or AssignmentStatus.InProgress;

    public IncomingAssignment Forward(Guid officerId, DateOnly? deadline, Guid byUserId, Guid? onBehalfOf, DateTimeOffset now)
    {
        if (DepartmentId is null) throw new DomainException(IncomingErrors.OnlyDepartmentForwards);
        RequireOpen();
        if (deadline is { } d && Deadline is { } parent && d > parent) throw new DomainException(IncomingErrors.DeadlineAfterParent(parent));
        Status = AssignmentStatus.InProgress;
        return new IncomingAssignment(DocumentId, Kind, null, officerId, deadline ?? Deadline, byUserId, onBehalfOf, Id, now);
    }

    public void RecordOpinion(string? opinion)
    {
        RequireOpen();
        Opinion = Text(opinion, "Ý kiến xử lý", 2000);
        Status = AssignmentStatus.InProgress;
    }

    public void Complete(string? result, DateTimeOffset now)
    {
        RequireOpen();
        if (!string.IsNullOrWhiteSpace(result)) Opinion = Text(result, "Kết quả xử lý", 2000);
        Status = AssignmentStatus.Done;
        CompletedAt = now;
    }

    public void Return(string? reason, DateTimeOffset now)
    {
        RequireOpen();
        ReturnReason = Text(reason, "Lý do trả lại", 1000);
        Status = AssignmentStatus.Returned;
        CompletedAt = now;
    }

    /// <summary>The assigner gives this piece of work to another department or person: same kind, parent and deadline.</summary>
    internal IncomingAssignment Reassign(Guid? departmentId, Guid? userId, Guid byUserId, Guid? onBehalfOf, DateTimeOffset now)
    {
        RequireOpen();
        if (departmentId == DepartmentId && userId == UserId) throw new DomainException(IncomingErrors.ReassignSame);
        Status = AssignmentStatus.Reassigned;
        CompletedAt = now;
        return new IncomingAssignment(DocumentId, Kind, departmentId, userId, Deadline, byUserId, onBehalfOf, ParentAssignmentId, now);
    }

    /// <summary>Work forwarded from an assignment that went to someone else ends with it; the new assignee starts afresh.</summary>
    internal void EndBecauseParentReassigned(DateTimeOffset now)
    {
        if (!IsOpen) return;
        Status = AssignmentStatus.Reassigned;
        CompletedAt = now;
    }

    /// <summary>A granted extension moves the deadline (never for work already finished).</summary>
    internal void ExtendTo(DateOnly deadline)
    {
        RequireOpen();
        Deadline = deadline;
    }

    internal void CompleteBecauseChildDone(DateTimeOffset now)
    {
        if (!IsOpen) return;
        Status = AssignmentStatus.Done;
        CompletedAt = now;
    }

    private void RequireOpen()
    {
        if (!IsOpen) throw new DomainException(IncomingErrors.AssignmentClosed);
    }

    private static string Text(string? v, string field, int max)
    {
        var t = (v ?? "").Trim();
        if (t.Length == 0) throw new DomainException(IncomingErrors.Invalid([$"{field} không được để trống."]));
        if (t.Length > max) throw new DomainException(IncomingErrors.Invalid([$"{field} quá dài (tối đa {max} ký tự)."]));
        return t;
    }
}

/// <summary>The processing trail of a document (NĐ30 Phụ lục VI I.5.a): who did what, when, on whose behalf.</summary>
public sealed class IncomingTrailEntry
{
    private IncomingTrailEntry() { }

    public IncomingTrailEntry(Guid documentId, Guid actorUserId, Guid? onBehalfOf, string action, string? text, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        ActorUserId = actorUserId;
        OnBehalfOfUserId = onBehalfOf;
        Action = action;
        Text = text is { Length: > 2000 } ? text[..2000] : text;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorUserId { get; private set; }
    public Guid? OnBehalfOfUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string? Text { get; private set; }
}
