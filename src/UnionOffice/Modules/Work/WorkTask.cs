using UnionOffice.Common;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Work;

public enum WorkStatus
{
    /// <summary>Given; nobody has reported on it yet.</summary>
    Open = 0,
    InProgress = 1,
    /// <summary>The lead reported it done: waits for the giver's evaluation.</summary>
    Reported = 2,
    /// <summary>Accepted by the giver: only now is the task done.</summary>
    Done = 3,
    Cancelled = 4,
}

public enum WorkPriority
{
    Normal = 0,
    High = 1,     // Quan trọng
    Urgent = 2,   // Khẩn
}

/// <summary>Where a task came from (seed 000: a leader's instruction, a meeting's conclusion, a plan, a document).</summary>
public enum WorkOrigin
{
    None = 0,
    /// <summary>Given while directing an incoming document (<see cref="WorkTask.OriginId"/> is the document).</summary>
    IncomingDocument = 1,
    /// <summary>A meeting's conclusion (the meeting, once meetings exist; the conclusion's words in OriginNote meanwhile).</summary>
    Meeting = 2,
    /// <summary>An item of a work plan.</summary>
    PlanItem = 3,
}

/// <summary>
/// Nhiệm vụ: a piece of work a head (or a department head, inside the department) gives to departments and people — one
/// lead, co-handlers, some for information — with a deadline. The lead reports progress and, at the end, that it is done;
/// the giver evaluates: a task is done only when accepted. A department given a task passes it down to an officer as a
/// sub-task (one level), which its department head evaluates before reporting the department's task up.
/// </summary>
public sealed class WorkTask : IVersioned
{
    private WorkTask() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? ParentTaskId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public WorkPriority Priority { get; private set; }
    public DateOnly? Deadline { get; private set; }
    public WorkOrigin Origin { get; private set; }
    public Guid? OriginId { get; private set; }
    public string? OriginNote { get; private set; }
    /// <summary>The role the task was given under: the organ's head (any head may act for it) or a department's head.</summary>
    public Role GiverRole { get; private set; }
    public Guid? GiverDepartmentId { get; private set; }
    public Guid GivenByUserId { get; private set; }
    public Guid? GivenOnBehalfOfUserId { get; private set; }
    public DateTimeOffset GivenAt { get; private set; }
    /// <summary>The lead, kept on the task too so that a person's list and the supervision figures read one table.</summary>
    public Guid? LeadDepartmentId { get; private set; }
    public Guid? LeadUserId { get; private set; }
    public WorkStatus Status { get; private set; }
    public int Progress { get; private set; }
    public string? Result { get; private set; }
    public DateTimeOffset? ReportedAt { get; private set; }
    public string? ReturnReason { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }
    /// <summary>Set at acceptance: the lead reported it done on or before the deadline (no deadline counts as on time).</summary>
    public bool? DoneOnTime { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }
    public string SearchKey { get; private set; } = "";

    public bool IsActive => Status is WorkStatus.Open or WorkStatus.InProgress;

    public sealed record Fields(string? Title, string? Description, WorkPriority Priority, DateOnly? Deadline,
        WorkOrigin Origin, Guid? OriginId, string? OriginNote);

    public sealed record Target(AssignmentKind Kind, Guid? DepartmentId, Guid? UserId);

    public sealed record Giver(Role Role, Guid? DepartmentId, Guid UserId, Guid? OnBehalfOfUserId);

    /// <summary>Checks everything that does not need the database and gives the task to its targets.</summary>
    public static (WorkTask Task, List<TaskAssignee> Parts) Give(Guid organizationId, Fields f, IReadOnlyList<Target> targets, Giver by,
        WorkTask? parent, DateOnly today, DateTimeOffset now)
    {
        var problems = new List<string>();
        var title = TextRules.OneLine(f.Title);
        if (title.Length == 0) problems.Add("Tên nhiệm vụ không được để trống.");
        if (title.Length > 500) problems.Add("Tên nhiệm vụ quá dài (tối đa 500 ký tự).");
        var description = (f.Description ?? "").Trim();
        if (description.Length > 4000) problems.Add("Nội dung nhiệm vụ quá dài (tối đa 4000 ký tự).");
        var note = TextRules.OneLine(f.OriginNote);
        if (note.Length > 1000) problems.Add("Nguồn giao quá dài (tối đa 1000 ký tự).");
        if (!Enum.IsDefined(f.Priority)) problems.Add("Mức độ ưu tiên không hợp lệ (Normal, High, Urgent).");
        if (!Enum.IsDefined(f.Origin)) problems.Add("Nguồn giao không hợp lệ (None, IncomingDocument, Meeting, PlanItem).");
        if (f.Deadline is { } d && d < today) problems.Add("Thời hạn không thể ở quá khứ.");
        if (targets.Count(t => t.Kind == AssignmentKind.Lead) != 1) problems.Add("Phải có đúng một đơn vị hoặc cá nhân chủ trì.");
        if (targets.Any(t => (t.DepartmentId is null) == (t.UserId is null))) problems.Add("Mỗi lần giao phải chọn một đơn vị hoặc một cá nhân.");
        if (targets.GroupBy(t => (t.DepartmentId, t.UserId)).Any(g => g.Count() > 1)) problems.Add("Mỗi đơn vị, cá nhân chỉ được giao một lần.");
        if (problems.Count > 0) throw new DomainException(WorkErrors.Invalid(problems));
        if (parent is not null && parent.Deadline is { } limit && (f.Deadline is null || f.Deadline > limit))
            throw new DomainException(WorkErrors.DeadlineAfterParent(limit));
        var lead = targets.Single(t => t.Kind == AssignmentKind.Lead);
        var task = new WorkTask
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            ParentTaskId = parent?.Id,
            Title = title,
            Description = description.Length == 0 ? null : description,
            Priority = f.Priority,
            Deadline = f.Deadline,
            Origin = parent?.Origin ?? f.Origin,
            OriginId = parent is null ? f.OriginId : parent.OriginId,
            OriginNote = note.Length == 0 ? parent?.OriginNote : note,
            GiverRole = by.Role,
            GiverDepartmentId = by.DepartmentId,
            GivenByUserId = by.UserId,
            GivenOnBehalfOfUserId = by.OnBehalfOfUserId,
            GivenAt = now,
            LeadDepartmentId = lead.DepartmentId,
            LeadUserId = lead.UserId,
            Status = WorkStatus.Open,
        };
        task.SearchKey = VietnameseText.Fold($"{task.Title} {task.Description}");
        if (task.SearchKey.Length > 1000) task.SearchKey = task.SearchKey[..1000];
        return (task, targets.Select(t => new TaskAssignee(task.Id, t.Kind, t.DepartmentId, t.UserId, now)).ToList());
    }

    /// <summary>The lead or a co-handler reports how far their part has come.</summary>
    public void RecordProgress(TaskAssignee part, int percent, string? text)
    {
        RequireActive("báo cáo tiến độ");
        part.RecordProgress(percent, text);
        if (part.Kind == AssignmentKind.Lead) Progress = part.Progress;
        Status = WorkStatus.InProgress;
    }

    /// <summary>A co-handler's part is finished (the lead still answers for the task).</summary>
    public void FinishPart(TaskAssignee part, string? text, DateTimeOffset now)
    {
        RequireActive("báo cáo hoàn thành phần việc");
        if (part.Kind != AssignmentKind.CoHandler) throw new DomainException(WorkErrors.NotYourPart);
        part.Finish(text, now);
        Status = WorkStatus.InProgress;
    }

    /// <summary>
    /// The lead reports the task done with its result; co-handlers whose part is still open are accounted for in
    /// <paramref name="coHandlersNote"/> (what happened to their part). The giver evaluates next.
    /// </summary>
    public void ReportDone(TaskAssignee lead, IEnumerable<TaskAssignee> parts, string? result, string? coHandlersNote, DateTimeOffset now)
    {
        RequireActive("báo cáo hoàn thành");
        if (lead.Kind != AssignmentKind.Lead || !lead.IsOpen) throw new DomainException(WorkErrors.NotYourPart);
        var text = (result ?? "").Trim();
        var note = (coHandlersNote ?? "").Trim();
        if (text.Length == 0) throw new DomainException(WorkErrors.Invalid(["Kết quả thực hiện không được để trống."]));
        if (text.Length + note.Length > 3900) throw new DomainException(WorkErrors.Invalid(["Kết quả thực hiện quá dài (tối đa 3900 ký tự)."]));
        if (note.Length == 0 && parts.Any(p => p.Kind == AssignmentKind.CoHandler && p.IsOpen)) throw new DomainException(WorkErrors.CoHandlersOpen);
        lead.RecordProgress(100, null);
        Result = note.Length == 0 ? text : $"{text}\nPhần việc phối hợp: {note}";
        Progress = 100;
        ReportedAt = now;
        ReturnReason = null;
        Status = WorkStatus.Reported;
    }

    /// <summary>The giver accepts the result: the task is done; on time when it was reported by the deadline.</summary>
    public void Accept(IEnumerable<TaskAssignee> parts, DateOnly reportedOn, DateTimeOffset now)
    {
        if (Status != WorkStatus.Reported) throw new DomainException(WorkErrors.WrongStatus(Status, "đánh giá"));
        foreach (var p in parts)
        {
            if (p.Kind == AssignmentKind.Lead && p.IsOpen) p.Finish(null, now);
            else p.End(now);
        }
        Status = WorkStatus.Done;
        DoneAt = now;
        DoneOnTime = Deadline is not { } d || reportedOn <= d;
    }

    /// <summary>The giver returns the result with a reason: the lead works on.</summary>
    public void Return(TaskAssignee lead, string? reason)
    {
        if (Status != WorkStatus.Reported) throw new DomainException(WorkErrors.WrongStatus(Status, "trả lại"));
        var why = (reason ?? "").Trim();
        if (why.Length == 0) throw new DomainException(WorkErrors.Invalid(["Lý do trả lại không được để trống."]));
        if (why.Length > 1000) throw new DomainException(WorkErrors.Invalid(["Lý do trả lại quá dài (tối đa 1000 ký tự)."]));
        ReturnReason = why;
        ReportedAt = null;
        lead.Reopen();
        Status = WorkStatus.InProgress;
    }

    /// <summary>The giver cancels the task with a reason; every open part ends with it.</summary>
    public void Cancel(IEnumerable<TaskAssignee> parts, string? reason, DateTimeOffset now)
    {
        if (Status is WorkStatus.Done or WorkStatus.Cancelled) throw new DomainException(WorkErrors.WrongStatus(Status, "hủy"));
        var why = (reason ?? "").Trim();
        if (why.Length == 0) throw new DomainException(WorkErrors.Invalid(["Lý do hủy nhiệm vụ không được để trống."]));
        if (why.Length > 1000) throw new DomainException(WorkErrors.Invalid(["Lý do hủy quá dài (tối đa 1000 ký tự)."]));
        foreach (var p in parts) p.End(now);
        CancelReason = why;
        CancelledAt = now;
        Status = WorkStatus.Cancelled;
    }

    /// <summary>The giver gives one part to another department or person: same kind; the new one starts afresh.</summary>
    public TaskAssignee Reassign(TaskAssignee part, Guid? departmentId, Guid? userId, DateTimeOffset now)
    {
        if (Status is WorkStatus.Done or WorkStatus.Cancelled) throw new DomainException(WorkErrors.WrongStatus(Status, "giao lại"));
        if (!part.IsOpen && part.Kind != AssignmentKind.ForInformation) throw new DomainException(WorkErrors.AssignmentClosed);
        if (part.DepartmentId == departmentId && part.UserId == userId) throw new DomainException(WorkErrors.ReassignSame);
        part.Replace(now);
        var next = new TaskAssignee(Id, part.Kind, departmentId, userId, now);
        if (part.Kind == AssignmentKind.Lead)
        {
            LeadDepartmentId = departmentId;
            LeadUserId = userId;
            Progress = 0;
            if (Status == WorkStatus.Reported) { Status = WorkStatus.InProgress; ReportedAt = null; }
        }
        return next;
    }

    /// <summary>A granted extension moves the deadline.</summary>
    internal void ExtendTo(DateOnly deadline)
    {
        if (Status is WorkStatus.Done or WorkStatus.Cancelled) throw new DomainException(WorkErrors.WrongStatus(Status, "gia hạn"));
        Deadline = deadline;
    }

    private void RequireActive(string step)
    {
        if (!IsActive) throw new DomainException(WorkErrors.WrongStatus(Status, step));
    }
}

/// <summary>One part of a task: a department or a person, as lead, co-handler or for information.</summary>
public sealed class TaskAssignee : IVersioned
{
    private TaskAssignee() { }

    internal TaskAssignee(Guid taskId, AssignmentKind kind, Guid? departmentId, Guid? userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        TaskId = taskId;
        Kind = kind;
        DepartmentId = departmentId;
        UserId = userId;
        CreatedAt = now;
        Status = kind == AssignmentKind.ForInformation ? AssignmentStatus.Done : AssignmentStatus.Open;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid TaskId { get; private set; }
    public AssignmentKind Kind { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public Guid? UserId { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public int Progress { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }

    public bool IsOpen => Status is AssignmentStatus.Open or AssignmentStatus.InProgress;

    internal void RecordProgress(int percent, string? text)
    {
        if (!IsOpen || Kind == AssignmentKind.ForInformation) throw new DomainException(WorkErrors.AssignmentClosed);
        if (percent is < 0 or > 100) throw new DomainException(WorkErrors.Invalid(["Tiến độ phải từ 0 đến 100%."]));
        if (text is not null)
        {
            var t = text.Trim();
            if (t.Length == 0) throw new DomainException(WorkErrors.Invalid(["Nội dung báo cáo không được để trống."]));
            if (t.Length > 2000) throw new DomainException(WorkErrors.Invalid(["Nội dung báo cáo quá dài (tối đa 2000 ký tự)."]));
            Note = t;
        }
        Progress = percent;
        Status = AssignmentStatus.InProgress;
    }

    internal void Finish(string? text, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException(WorkErrors.AssignmentClosed);
        if (text is not null) RecordProgress(100, text);
        Progress = 100;
        Status = AssignmentStatus.Done;
        DoneAt = now;
    }

    internal void Reopen()
    {
        Status = AssignmentStatus.InProgress;
        DoneAt = null;
    }

    internal void End(DateTimeOffset now)
    {
        if (!IsOpen) return;
        Status = AssignmentStatus.Ended;
        DoneAt = now;
    }

    internal void Replace(DateTimeOffset now)
    {
        Status = AssignmentStatus.Reassigned;
        DoneAt = now;
    }
}

/// <summary>A report on a task: progress of a part, a co-handler's part finished, or the lead's report that it is done.</summary>
public sealed class TaskReport
{
    private TaskReport() { }

    public TaskReport(Guid taskId, Guid assigneeId, string kind, int percent, string text, Guid byUserId, Guid? onBehalfOf, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        TaskId = taskId;
        AssigneeId = assigneeId;
        Kind = kind;
        Percent = percent;
        Text = text.Length > 4000 ? text[..4000] : text;
        ByUserId = byUserId;
        OnBehalfOfUserId = onBehalfOf;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public Guid AssigneeId { get; private set; }
    /// <summary>"progress", "part-done" or "done".</summary>
    public string Kind { get; private set; } = "";
    public int Percent { get; private set; }
    public string Text { get; private set; } = "";
    public Guid ByUserId { get; private set; }
    public Guid? OnBehalfOfUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
}
