using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

public sealed record TaskTargetRequest(AssignmentKind Kind, string? DepartmentCode, string? UserName);
public sealed record GiveTaskRequest(string? OrganizationCode, string? Title, string? Description, WorkPriority Priority, DateOnly? Deadline,
    WorkOrigin Origin, Guid? OriginId, string? OriginNote, IReadOnlyList<TaskTargetRequest>? Targets);
public sealed record SubTaskRequest(string? DepartmentCode, string? Title, string? Description, DateOnly? Deadline, IReadOnlyList<TaskTargetRequest>? Targets);

/// <summary>
/// Giving tasks (NĐ30 and seed 000: "giao việc … trên môi trường mạng"): a head to departments and people of the organ, a
/// department head to the people of the department; a department head passes a task given to the department down as
/// sub-tasks. Each step writes the shared trail and the audit log and tells the people concerned, in one transaction.
/// </summary>
public sealed class GiveTask(AppDbContext db, AccessPolicy access, CurrentUser current, TaskSteps steps, Meetings.Meetings meetings, TimeProvider time)
{
    public async Task<Guid> HandleAsync(GiveTaskRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        WorkTask.Giver giver;
        List<WorkTask.Target> targets;
        if (await access.HeadGrantAsync(org.Id, ct) is { } head)
        {
            giver = new(Role.Head, null, me, head.OnBehalfOfUserId);
            targets = await TargetsAsync(org.Id, r.Targets, null, ct);
        }
        else
        {
            // A department head gives work to the people of a department they lead (the one all the targets belong to).
            Act? chosen = null;
            Guid? dept = null;
            targets = [];
            foreach (var d in await current.DepartmentsLedAsync(ct))
            {
                if (await access.DepartmentHeadGrantAsync(org.Id, d, ct) is not { } act) continue;
                try
                {
                    targets = await TargetsAsync(org.Id, r.Targets, d, ct);
                    (chosen, dept) = (act, d);
                    break;
                }
                catch (DomainException e) when (e.Error == WorkErrors.OutsideDepartment)
                {
                }
            }
            if (chosen is null)
            {
                var leadsHere = (await current.GrantsAsync(ct)).Any(g => g.OrganizationId == org.Id && g.Role == Role.DepartmentHead);
                throw new DomainException(leadsHere ? WorkErrors.OutsideDepartment : Error.Forbidden);
            }
            giver = new(Role.DepartmentHead, dept, me, chosen.OnBehalfOfUserId);
        }
        if (r.Origin == WorkOrigin.IncomingDocument) await RequireIncomingOriginAsync(org.Id, r.OriginId, ct);
        else if (r.Origin == WorkOrigin.Meeting && r.OriginId is { } meetingId) await RequireMeetingOriginAsync(org.Id, meetingId, ct);
        else if (r.OriginId is not null) throw new DomainException(WorkErrors.Invalid(["Chỉ nhiệm vụ từ văn bản đến hoặc từ kết luận cuộc họp mới ghi mã nguồn (originId)."]));
        var (task, parts) = WorkTask.Give(org.Id, new(r.Title, r.Description, r.Priority, r.Deadline, r.Origin, r.OriginId, r.OriginNote),
            targets, giver, null, Formats.Today(time), time.GetUtcNow());
        db.Tasks.Add(task);
        db.TaskAssignees.AddRange(parts);
        foreach (var p in parts) await steps.TellPartAsync(task, p, NotificationKinds.Assigned, $"Được giao {Kind(p.Kind)} nhiệm vụ", ct);
        await steps.SaveAsync(task, giver.OnBehalfOfUserId, "given", null, ct);
        return task.Id;
    }

    /// <summary>The head of a department given a part of the task gives it on to people of the department (one level).</summary>
    public async Task<Guid> SubTaskAsync(Guid parentId, SubTaskRequest r, CancellationToken ct)
    {
        var parent = await db.Tasks.FirstOrDefaultAsync(x => x.Id == parentId, ct) ?? throw new DomainException(WorkErrors.NotFound);
        if (parent.ParentTaskId is not null) throw new DomainException(WorkErrors.SubTaskOnlyFromDepartment);
        if (!parent.IsActive) throw new DomainException(WorkErrors.WrongStatus(parent.Status, "giao tiếp"));
        var parts = await db.TaskAssignees.Where(a => a.TaskId == parent.Id && a.DepartmentId != null && a.Kind != AssignmentKind.ForInformation
            && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress)).ToListAsync(ct);
        TaskAssignee? part = null;
        Act? act = null;
        var code = (r.DepartmentCode ?? "").Trim().ToUpperInvariant();
        foreach (var p in parts)
        {
            if (code.Length > 0 && !await db.Departments.AnyAsync(d => d.Id == p.DepartmentId && d.Code == code, ct)) continue;
            if (await access.DepartmentHeadGrantAsync(parent.OrganizationId, p.DepartmentId, ct) is { } a) { (part, act) = (p, a); break; }
        }
        if (part is null || act is null)
        {
            // Not the head of a department given this task: it does not exist for them unless they may read it.
            if (!await steps.Access.CanReadAsync(parent, ct)) throw new DomainException(WorkErrors.NotFound);
            throw new DomainException(Error.Forbidden);
        }
        var targets = await TargetsAsync(parent.OrganizationId, r.Targets, part.DepartmentId, ct);
        var title = string.IsNullOrWhiteSpace(r.Title) ? parent.Title : r.Title;
        var (task, subParts) = WorkTask.Give(parent.OrganizationId, new(title, r.Description, parent.Priority, r.Deadline ?? parent.Deadline, parent.Origin, null, null),
            targets, new(Role.DepartmentHead, part.DepartmentId, current.UserId!.Value, act.OnBehalfOfUserId), parent, Formats.Today(time), time.GetUtcNow());
        parent.RecordProgress(part, part.Progress, null);
        db.Tasks.Add(task);
        db.TaskAssignees.AddRange(subParts);
        foreach (var p in subParts) await steps.TellPartAsync(task, p, NotificationKinds.Assigned, $"Được giao {Kind(p.Kind)} nhiệm vụ", ct);
        steps.Trail(parent, act.OnBehalfOfUserId, "subtask-given", $"Giao tiếp: {task.Title}");
        await steps.SaveAsync(task, act.OnBehalfOfUserId, "given", null, ct);
        return task.Id;
    }

    /// <summary>The targets by code and user name; inside a department (<paramref name="department"/>) only its people.</summary>
    private async Task<List<WorkTask.Target>> TargetsAsync(Guid organizationId, IReadOnlyList<TaskTargetRequest>? requested, Guid? department, CancellationToken ct)
    {
        var targets = new List<WorkTask.Target>();
        foreach (var t in requested ?? [])
        {
            if (!string.IsNullOrWhiteSpace(t.DepartmentCode))
            {
                if (department is not null) throw new DomainException(WorkErrors.OutsideDepartment);
                targets.Add(new(t.Kind, await OrganMembers.DepartmentAsync(db, organizationId, t.DepartmentCode, ct)
                    ?? throw new DomainException(WorkErrors.AssigneeOutside), null));
            }
            else if (!string.IsNullOrWhiteSpace(t.UserName))
            {
                var user = await OrganMembers.PersonAsync(db, organizationId, t.UserName, null, department, ct);
                if (user is null && department is not null && await OrganMembers.PersonAsync(db, organizationId, t.UserName, null, null, ct) is not null)
                    throw new DomainException(WorkErrors.OutsideDepartment);
                targets.Add(new(t.Kind, null, user ?? throw new DomainException(WorkErrors.AssigneeOutside)));
            }
            else throw new DomainException(WorkErrors.Invalid(["Mỗi lần giao phải chọn một đơn vị hoặc một cá nhân."]));
        }
        return targets;
    }

    private async Task RequireIncomingOriginAsync(Guid organizationId, Guid? documentId, CancellationToken ct)
    {
        var doc = documentId is { } id ? await db.IncomingDocuments.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.OrganizationId }).FirstOrDefaultAsync(ct) : null;
        if (doc is null || doc.OrganizationId != organizationId || !await access.CanReadIncomingDocumentAsync(organizationId, documentId!.Value, ct))
            throw new DomainException(WorkErrors.Invalid(["Văn bản đến là nguồn của nhiệm vụ không tồn tại hoặc bạn không được xem."]));
    }

    /// <summary>A conclusion of a meeting of the organ that the giver took part in or ran.</summary>
    private async Task RequireMeetingOriginAsync(Guid organizationId, Guid meetingId, CancellationToken ct)
    {
        try
        {
            var (m, _) = await meetings.ReadableAsync(meetingId, ct);
            if (m.OrganizationId == organizationId) return;
        }
        catch (DomainException e) when (e.Error == Meetings.MeetingErrors.NotFound)
        {
        }
        throw new DomainException(WorkErrors.Invalid(["Cuộc họp là nguồn của nhiệm vụ không tồn tại, không của cơ quan hoặc bạn không dự."]));
    }

    internal static string Kind(AssignmentKind k) => k switch
    {
        AssignmentKind.Lead => "chủ trì",
        AssignmentKind.CoHandler => "phối hợp",
        _ => "để biết",
    };
}
