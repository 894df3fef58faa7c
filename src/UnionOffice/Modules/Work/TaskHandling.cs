using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

public sealed record ProgressRequest(Guid? AssigneeId, int? Percent, string? Text);
public sealed record DoneReportRequest(string? Result, string? CoHandlersNote);
public sealed record EvaluationRequest(bool Accept, string? Note);
public sealed record TaskTextRequest(string? Text);
public sealed record TaskReassignRequest(Guid AssigneeId, string? DepartmentCode, string? UserName, string? Reason);
public sealed record TaskExtensionRequest(DateOnly? Deadline, string? Reason);
public sealed record TaskExtensionDecision(bool Grant, string? Note);

/// <summary>
/// The steps after a task is given: reports of progress, a co-handler's part finished, the lead's report that it is done,
/// the giver's evaluation (accept, or return with a reason), chasing, reassigning, cancelling, extending the deadline.
/// </summary>
public sealed class TaskHandling(AppDbContext db, TaskAccess access, TaskSteps steps, CurrentUser current, TimeProvider time)
{
    /// <summary>The lead or a co-handler reports progress on their part (the person's own part when they have one).</summary>
    public async Task ProgressAsync(Guid id, ProgressRequest r, CancellationToken ct)
    {
        var (t, part, act) = await MyPartAsync(id, r.AssigneeId, ct);
        if (r.Percent is not { } percent) throw new DomainException(WorkErrors.Invalid(["Tiến độ (%) không được để trống."]));
        t.RecordProgress(part, percent, r.Text ?? "");
        db.TaskReports.Add(new TaskReport(t.Id, part.Id, "progress", part.Progress, part.Note!, current.UserId!.Value, act.OnBehalfOfUserId, time.GetUtcNow()));
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "progress", $"{part.Progress}%: {part.Note}", ct);
    }

    /// <summary>A co-handler reports their part finished.</summary>
    public async Task PartDoneAsync(Guid id, ProgressRequest r, CancellationToken ct)
    {
        var (t, part, act) = await MyPartAsync(id, r.AssigneeId, ct);
        t.FinishPart(part, r.Text ?? "", time.GetUtcNow());
        db.TaskReports.Add(new TaskReport(t.Id, part.Id, "part-done", 100, part.Note!, current.UserId!.Value, act.OnBehalfOfUserId, time.GetUtcNow()));
        await steps.TellPartAsync(t, await LeadAsync(t, ct), NotificationKinds.TaskReported, "Đơn vị phối hợp đã hoàn thành phần việc", ct);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "part-done", part.Note, ct);
    }

    /// <summary>The lead reports the task done; the giver is asked to evaluate it.</summary>
    public async Task ReportDoneAsync(Guid id, DoneReportRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var parts = await PartsAsync(t, ct);
        var lead = parts.Single(p => p.Kind == AssignmentKind.Lead && p.Status != AssignmentStatus.Reassigned);
        var act = await access.PartActAsync(t, lead, ct) ?? throw new DomainException(Error.Forbidden);
        t.ReportDone(lead, parts, r.Result, r.CoHandlersNote, time.GetUtcNow());
        db.TaskReports.Add(new TaskReport(t.Id, lead.Id, "done", 100, t.Result!, current.UserId!.Value, act.OnBehalfOfUserId, time.GetUtcNow()));
        await steps.TellGiverAsync(t, NotificationKinds.TaskReported, "Báo cáo hoàn thành, đề nghị đánh giá nhiệm vụ", ct);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "reported", t.Result, ct);
    }

    /// <summary>The giver accepts (the task is done) or returns it with a reason (the lead works on).</summary>
    public async Task EvaluateAsync(Guid id, EvaluationRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var act = await access.RequireGiverAsync(t, ct);
        var parts = await PartsAsync(t, ct);
        var lead = parts.Single(p => p.Kind == AssignmentKind.Lead && p.Status != AssignmentStatus.Reassigned);
        var note = (r.Note ?? "").Trim();
        if (note.Length > 1000) throw new DomainException(WorkErrors.Invalid(["Ý kiến đánh giá quá dài (tối đa 1000 ký tự)."]));
        if (r.Accept)
        {
            var reportedOn = DateOnly.FromDateTime((t.ReportedAt ?? time.GetUtcNow()).ToOffset(Formats.VietnamOffset).DateTime);
            t.Accept(parts, reportedOn, time.GetUtcNow());
            foreach (var p in parts.Where(p => p.Kind != AssignmentKind.ForInformation))
                await steps.TellPartAsync(t, p, NotificationKinds.TaskAccepted, "Nhiệm vụ được đánh giá hoàn thành", ct);
            await steps.SaveAsync(t, act.OnBehalfOfUserId, "accepted", note.Length == 0 ? null : note, ct);
        }
        else
        {
            t.Return(lead, note);
            await steps.TellPartAsync(t, lead, NotificationKinds.Returned, $"Kết quả bị trả lại: {TaskSteps.Short(t.ReturnReason)}. Nhiệm vụ", ct);
            await steps.SaveAsync(t, act.OnBehalfOfUserId, "returned", t.ReturnReason, ct);
        }
    }

    /// <summary>Đôn đốc: the giver or a head reminds whoever answers for the open parts; the trail keeps it.</summary>
    public async Task ChaseAsync(Guid id, TaskTextRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var act = await access.ChaserActAsync(t, ct) ?? throw new DomainException(Error.Forbidden);
        if (!t.IsActive) throw new DomainException(WorkErrors.ChaseClosed);
        var text = (r.Text ?? "").Trim();
        if (text.Length > 1000) throw new DomainException(WorkErrors.Invalid(["Nội dung đôn đốc quá dài (tối đa 1000 ký tự)."]));
        var what = text.Length == 0 ? "Đôn đốc thực hiện" + (t.Deadline is { } d ? $" (hạn {Formats.Date(d)})" : "") : $"Đôn đốc: {TaskSteps.Short(text)}. Nhiệm vụ";
        foreach (var p in (await PartsAsync(t, ct)).Where(p => p.IsOpen && p.Kind != AssignmentKind.ForInformation))
            await steps.TellPartAsync(t, p, NotificationKinds.Chased, what, ct);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "chased", text.Length == 0 ? null : text, ct);
    }

    /// <summary>The giver gives one part to another department or person; sub-tasks given from the old part are cancelled.</summary>
    public async Task<Guid> ReassignAsync(Guid id, TaskReassignRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var act = await access.RequireGiverAsync(t, ct);
        var part = await db.TaskAssignees.FirstOrDefaultAsync(a => a.Id == r.AssigneeId && a.TaskId == t.Id, ct)
            ?? throw new DomainException(new Error("ASSIGNMENT_NOT_FOUND", "Không tìm thấy phần việc được giao.", 404));
        var reason = (r.Reason ?? "").Trim();
        if (reason.Length > 1000) throw new DomainException(WorkErrors.Invalid(["Lý do quá dài (tối đa 1000 ký tự)."]));
        Guid? dept = null, user = null;
        if (!string.IsNullOrWhiteSpace(r.DepartmentCode))
        {
            if (t.GiverDepartmentId is not null) throw new DomainException(WorkErrors.OutsideDepartment);
            dept = await OrganMembers.DepartmentAsync(db, t.OrganizationId, r.DepartmentCode, ct) ?? throw new DomainException(WorkErrors.AssigneeOutside);
        }
        else
        {
            user = await OrganMembers.PersonAsync(db, t.OrganizationId, r.UserName, null, t.GiverDepartmentId, ct)
                ?? throw new DomainException(t.GiverDepartmentId is null ? WorkErrors.AssigneeOutside : WorkErrors.OutsideDepartment);
        }
        if (await db.TaskAssignees.AnyAsync(a => a.TaskId == t.Id && a.Id != part.Id && a.DepartmentId == dept && a.UserId == user
                && a.Status != AssignmentStatus.Reassigned, ct))
            throw new DomainException(WorkErrors.Invalid(["Mỗi đơn vị, cá nhân chỉ được giao một lần."]));
        var now = time.GetUtcNow();
        var next = t.Reassign(part, dept, user, now);
        db.TaskAssignees.Add(next);
        if (part.DepartmentId is { } oldDept)
        {
            var subs = await db.Tasks.Where(x => x.ParentTaskId == t.Id && x.GiverDepartmentId == oldDept
                && (x.Status == WorkStatus.Open || x.Status == WorkStatus.InProgress || x.Status == WorkStatus.Reported)).ToListAsync(ct);
            foreach (var sub in subs)
            {
                var subParts = await PartsAsync(sub, ct);
                sub.Cancel(subParts, "Nhiệm vụ đã được giao cho đơn vị khác.", now);
                foreach (var p in subParts) await steps.TellPartAsync(sub, p, NotificationKinds.Reassigned, "Nhiệm vụ đã được giao cho đơn vị khác", ct);
                steps.Trail(sub, act.OnBehalfOfUserId, "cancelled", "Nhiệm vụ cấp trên đã được giao cho đơn vị khác.");
            }
        }
        await steps.TellPartAsync(t, next, NotificationKinds.Reassigned, $"Được giao {GiveTask.Kind(next.Kind)} nhiệm vụ (giao lại)", ct);
        await steps.TellPartAsync(t, part, NotificationKinds.Reassigned, "Nhiệm vụ đã được giao cho người khác", ct);
        var who = await OrganMembers.NameAsync(db, dept, user, ct);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "reassigned", reason.Length == 0 ? $"Giao lại cho {who}" : $"Giao lại cho {who}: {reason}", ct);
        return next.Id;
    }

    /// <summary>The giver cancels the task with a reason; its open sub-tasks end with it.</summary>
    public async Task CancelAsync(Guid id, TaskTextRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var act = await access.RequireGiverAsync(t, ct);
        var now = time.GetUtcNow();
        var parts = await PartsAsync(t, ct);
        t.Cancel(parts, r.Text, now);
        foreach (var p in parts.Where(p => p.Kind != AssignmentKind.ForInformation || p.UserId is not null))
            await steps.TellPartAsync(t, p, NotificationKinds.TaskCancelled, $"Nhiệm vụ đã bị hủy: {TaskSteps.Short(t.CancelReason)}. Nhiệm vụ", ct);
        foreach (var sub in await db.Tasks.Where(x => x.ParentTaskId == t.Id && x.Status != WorkStatus.Done && x.Status != WorkStatus.Cancelled).ToListAsync(ct))
        {
            sub.Cancel(await PartsAsync(sub, ct), t.CancelReason, now);
            steps.Trail(sub, act.OnBehalfOfUserId, "cancelled", $"Hủy cùng nhiệm vụ cấp trên: {t.CancelReason}");
        }
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "cancelled", t.CancelReason, ct);
    }

    /// <summary>The lead asks the giver for a later deadline, with a reason.</summary>
    public async Task<Guid> RequestExtensionAsync(Guid id, TaskExtensionRequest r, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var lead = await LeadAsync(t, ct);
        var act = await access.PartActAsync(t, lead, ct) ?? throw new DomainException(Error.Forbidden);
        if (!t.IsActive) throw new DomainException(WorkErrors.WrongStatus(t.Status, "đề nghị gia hạn"));
        if (r.Deadline is not { } wanted) throw new DomainException(WorkErrors.ExtensionInvalid(["Thời hạn đề nghị không được để trống."]));
        if (await db.DeadlineExtensions.AnyAsync(e => e.Scope == WorkScopes.Task && e.WorkId == t.Id && e.Status == ExtensionStatus.Pending, ct))
            throw new DomainException(WorkErrors.ExtensionPending);
        var ext = new DeadlineExtension(WorkScopes.Task, t.Id, t.Id, t.Deadline, wanted, r.Reason, Formats.Today(time), current.UserId!.Value, time.GetUtcNow());
        db.DeadlineExtensions.Add(ext);
        await steps.TellGiverAsync(t, NotificationKinds.ExtensionRequested, $"Đề nghị gia hạn đến {Formats.Date(wanted)}: {TaskSteps.Short(ext.Reason)}. Nhiệm vụ", ct);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "extension-requested", $"Đề nghị gia hạn từ {Formats.Date(ext.CurrentDeadline)} đến {Formats.Date(wanted)}: {ext.Reason}", ct);
        return ext.Id;
    }

    /// <summary>The giver grants (the deadline moves, never past the parent task's) or refuses (with a reason).</summary>
    public async Task DecideExtensionAsync(Guid extensionId, TaskExtensionDecision r, CancellationToken ct)
    {
        var ext = await db.DeadlineExtensions.FirstOrDefaultAsync(e => e.Id == extensionId && e.Scope == WorkScopes.Task, ct)
            ?? throw new DomainException(WorkErrors.ExtensionNotFound);
        var t = await access.ReadableAsync(ext.WorkId, ct);
        var act = await access.RequireGiverAsync(t, ct);
        if (r.Grant && t.ParentTaskId is { } pid && await db.Tasks.Where(x => x.Id == pid).Select(x => x.Deadline).FirstOrDefaultAsync(ct) is { } limit
            && ext.RequestedDeadline > limit)
            throw new DomainException(WorkErrors.DeadlineAfterParent(limit));
        ext.Decide(r.Grant, r.Note, current.UserId!.Value, act.OnBehalfOfUserId, time.GetUtcNow());
        if (r.Grant) t.ExtendTo(ext.RequestedDeadline);
        steps.Tell([ext.RequestedByUserId], t, NotificationKinds.ExtensionDecided,
            r.Grant ? $"Đồng ý gia hạn đến {Formats.Date(ext.RequestedDeadline)}. Nhiệm vụ" : $"Không đồng ý gia hạn: {TaskSteps.Short(ext.DecisionNote)}. Nhiệm vụ");
        await steps.SaveAsync(t, act.OnBehalfOfUserId, r.Grant ? "extension-granted" : "extension-refused",
            r.Grant ? $"Gia hạn đến {Formats.Date(ext.RequestedDeadline)}" : ext.DecisionNote, ct);
    }

    private Task<List<TaskAssignee>> PartsAsync(WorkTask t, CancellationToken ct) =>
        db.TaskAssignees.Where(a => a.TaskId == t.Id && a.Status != AssignmentStatus.Reassigned).ToListAsync(ct);

    private async Task<TaskAssignee> LeadAsync(WorkTask t, CancellationToken ct) =>
        await db.TaskAssignees.SingleAsync(a => a.TaskId == t.Id && a.Kind == AssignmentKind.Lead && a.Status != AssignmentStatus.Reassigned, ct);

    /// <summary>The open part the person answers for (the one named, else their own first, else their department's).</summary>
    private async Task<(WorkTask, TaskAssignee, Act)> MyPartAsync(Guid id, Guid? assigneeId, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var parts = (await PartsAsync(t, ct)).Where(p => p.IsOpen && p.Kind != AssignmentKind.ForInformation && (assigneeId is null || p.Id == assigneeId))
            .OrderBy(p => p.UserId is null ? 1 : 0).ThenBy(p => p.Kind);
        foreach (var p in parts)
            if (await access.PartActAsync(t, p, ct) is { } act) return (t, p, act);
        throw new DomainException(WorkErrors.NotYourPart);
    }
}
