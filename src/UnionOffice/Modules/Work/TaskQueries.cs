using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Work;

public sealed record TaskListItem(Guid Id, string Title, string Priority, DateOnly? Deadline, string Status, int Progress,
    string GivenBy, string? LeadName, Guid? ParentTaskId, DateTimeOffset GivenAt, bool Overdue);

public sealed record TaskPartDto(Guid Id, string Kind, string? DepartmentCode, string? DepartmentName, string? UserName, string? FullName,
    string Status, int Progress, string? Note, bool Mine);
public sealed record TaskReportDto(Guid Id, Guid AssigneeId, string Kind, int Percent, string Text, string By, DateTimeOffset At);
public sealed record TaskTrailDto(DateTimeOffset At, string Actor, string? OnBehalfOf, string Action, string ActionName, string? Text);
public sealed record TaskExtensionDto(Guid Id, DateOnly CurrentDeadline, DateOnly RequestedDeadline, string Reason, string RequestedBy,
    DateTimeOffset RequestedAt, string Status, string? DecisionNote);
/// <summary>What the person may do on the task now (the server checks again on every step).</summary>
public sealed record TaskAbilities(bool Giver, bool Chase, bool Report, bool ReportDone, bool SubTask, bool RequestExtension);
public sealed record TaskDto(Guid Id, Guid OrganizationId, string OrganizationCode, Guid? ParentTaskId, string? ParentTitle, string Title, string? Description,
    string Priority, DateOnly? Deadline, string Origin, Guid? OriginId, string? OriginNote, string GivenBy, string GiverRole, DateTimeOffset GivenAt,
    string Status, int Progress, string? Result, DateTimeOffset? ReportedAt, string? ReturnReason, DateTimeOffset? DoneAt, bool? DoneOnTime,
    string? CancelReason, List<TaskPartDto> Parts, List<TaskListItem> SubTasks, List<TaskReportDto> Reports, List<TaskExtensionDto> Extensions,
    TaskAbilities Can, List<TaskDocumentDto>? Documents = null, List<TaskFileDto>? Files = null);
/// <summary>An outgoing document drafted for the task: its subject, state and, once issued, its number.</summary>
public sealed record TaskDocumentDto(Guid Id, string Subject, string Status, long? Number, string? Notation);

/// <summary>A person's task lists and one task with everything on it.</summary>
public sealed class TaskQueries(AppDbContext db, TaskAccess access, AccessPolicy policy, CurrentUser current, TimeProvider time)
{
    public static readonly string[] Views = ["mine", "given", "to-evaluate", "following", "overdue", "done"];

    public async Task<List<TaskListItem>> ListAsync(string? view, int take, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        take = Math.Clamp(take, 1, 200);
        var led = await current.DepartmentsLedAsync(ct);
        var today = Formats.Today(time);
        var active = new[] { WorkStatus.Open, WorkStatus.InProgress, WorkStatus.Reported };
        IQueryable<WorkTask> q = (view ?? "mine") switch
        {
            "mine" or "overdue" => db.Tasks.Where(t => active.Contains(t.Status) && db.TaskAssignees.Any(a => a.TaskId == t.Id
                && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress) && a.Kind != AssignmentKind.ForInformation
                && (a.UserId == me || (a.DepartmentId != null && led.Contains(a.DepartmentId.Value))))),
            "given" => db.Tasks.Where(t => active.Contains(t.Status) && (t.GivenByUserId == me || t.GivenOnBehalfOfUserId == me)),
            "to-evaluate" => await ToEvaluateAsync(led, ct),
            "following" => db.Tasks.Where(t => active.Contains(t.Status) && db.TaskAssignees.Any(a => a.TaskId == t.Id
                && a.Kind == AssignmentKind.ForInformation && a.Status != AssignmentStatus.Reassigned
                && (a.UserId == me || (a.DepartmentId != null && led.Contains(a.DepartmentId.Value))))),
            "done" => db.Tasks.Where(t => (t.Status == WorkStatus.Done || t.Status == WorkStatus.Cancelled)
                && (t.GivenByUserId == me || db.TaskAssignees.Any(a => a.TaskId == t.Id && (a.UserId == me || (a.DepartmentId != null && led.Contains(a.DepartmentId.Value)))))),
            _ => throw new DomainException(WorkErrors.Invalid([$"Danh sách \"{view}\" không có; dùng một trong: {string.Join(", ", Views)}."])),
        };
        if (view == "overdue") q = q.Where(t => t.Deadline != null && t.Deadline < today && t.Status != WorkStatus.Reported);
        q = view == "done" ? q.OrderByDescending(t => t.GivenAt) : q.OrderBy(t => t.Deadline == null).ThenBy(t => t.Deadline).ThenByDescending(t => t.Priority).ThenByDescending(t => t.GivenAt);
        return await Items(db, q.Take(take), today).ToListAsync(ct);
    }

    private async Task<IQueryable<WorkTask>> ToEvaluateAsync(List<Guid> led, CancellationToken ct)
    {
        var headOf = (await current.GrantsAsync(ct)).Where(g => g.Role == Role.Head).Select(g => g.OrganizationId).Distinct().ToList();
        return db.Tasks.Where(t => t.Status == WorkStatus.Reported
            && ((t.GiverRole == Role.Head && headOf.Contains(t.OrganizationId))
                || (t.GiverRole == Role.DepartmentHead && t.GiverDepartmentId != null && led.Contains(t.GiverDepartmentId.Value))));
    }

    /// <summary>A list's line of each task: who gave it, who leads it (person or department), overdue as of today.</summary>
    internal static IQueryable<TaskListItem> Items(AppDbContext db, IQueryable<WorkTask> q, DateOnly today) =>
        from t in q
        join g in db.Users on t.GivenByUserId equals g.Id
        join lu in db.Users on t.LeadUserId equals lu.Id into luj
        from lu in luj.DefaultIfEmpty()
        join ld in db.Departments on t.LeadDepartmentId equals ld.Id into ldj
        from ld in ldj.DefaultIfEmpty()
        select new TaskListItem(t.Id, t.Title, t.Priority.ToString(), t.Deadline, t.Status.ToString(), t.Progress, g.FullName,
            lu != null ? lu.FullName : ld != null ? ld.Name : null, t.ParentTaskId, t.GivenAt,
            t.Deadline != null && t.Deadline < today && (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress));

    public async Task<TaskDto> GetAsync(Guid id, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        var me = current.UserId!.Value;
        var led = await current.DepartmentsLedAsync(ct);
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == t.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        var givenBy = await db.Users.AsNoTracking().Where(u => u.Id == t.GivenByUserId).Select(u => u.FullName).FirstAsync(ct);
        var parent = t.ParentTaskId is { } pid ? await db.Tasks.AsNoTracking().Where(x => x.Id == pid).Select(x => x.Title).FirstOrDefaultAsync(ct) : null;
        var parts = await (from a in db.TaskAssignees.AsNoTracking()
                           join d in db.Departments on a.DepartmentId equals d.Id into dj
                           from d in dj.DefaultIfEmpty()
                           join u in db.Users on a.UserId equals u.Id into uj
                           from u in uj.DefaultIfEmpty()
                           where a.TaskId == t.Id
                           orderby a.Kind, a.CreatedAt
                           select new TaskPartDto(a.Id, a.Kind.ToString(), d == null ? null : d.Code, d == null ? null : d.Name, u == null ? null : u.UserName,
                               u == null ? null : u.FullName, a.Status.ToString(), a.Progress, a.Note,
                               a.UserId == me || led.Contains(a.DepartmentId ?? Guid.Empty))).ToListAsync(ct);
        var subs = await Items(db, db.Tasks.AsNoTracking().Where(x => x.ParentTaskId == t.Id).OrderBy(x => x.GivenAt), Formats.Today(time)).ToListAsync(ct);
        var reports = await (from r in db.TaskReports.AsNoTracking()
                             join u in db.Users on r.ByUserId equals u.Id
                             where r.TaskId == t.Id
                             orderby r.At
                             select new TaskReportDto(r.Id, r.AssigneeId, r.Kind, r.Percent, r.Text, u.FullName, r.At)).ToListAsync(ct);
        var extensions = await (from e in db.DeadlineExtensions.AsNoTracking()
                                join u in db.Users on e.RequestedByUserId equals u.Id
                                where e.Scope == WorkScopes.Task && e.WorkId == t.Id
                                orderby e.RequestedAt
                                select new TaskExtensionDto(e.Id, e.CurrentDeadline, e.RequestedDeadline, e.Reason, u.FullName, e.RequestedAt,
                                    e.Status.ToString(), e.DecisionNote)).ToListAsync(ct);
        var giver = await access.GiverActAsync(t, ct) is not null;
        var active = t.IsActive;
        var myParts = parts.Where(p => p.Mine && p.Kind != nameof(AssignmentKind.ForInformation) && p.Status is nameof(AssignmentStatus.Open) or nameof(AssignmentStatus.InProgress)).ToList();
        var leadMine = myParts.Any(p => p.Kind == nameof(AssignmentKind.Lead));
        var can = new TaskAbilities(
            Giver: giver,
            Chase: active && (giver || await policy.HeadGrantAsync(t.OrganizationId, ct) is not null),
            Report: active && myParts.Count > 0,
            ReportDone: active && leadMine,
            SubTask: active && t.ParentTaskId is null && myParts.Any(p => p.DepartmentCode is not null),
            RequestExtension: active && leadMine && t.Deadline is not null && !extensions.Any(e => e.Status == nameof(ExtensionStatus.Pending)));
        return new TaskDto(t.Id, t.OrganizationId, org, t.ParentTaskId, parent, t.Title, t.Description, t.Priority.ToString(), t.Deadline, t.Origin.ToString(), t.OriginId,
            t.OriginNote, givenBy, t.GiverRole.ToString(), t.GivenAt, t.Status.ToString(), t.Progress, t.Result, t.ReportedAt, t.ReturnReason, t.DoneAt,
            t.DoneOnTime, t.CancelReason, parts, subs, reports, extensions, can,
            await db.OutgoingDocuments.AsNoTracking().Where(d => d.TaskId == t.Id).OrderBy(d => d.CreatedAt)
                .Select(d => new TaskDocumentDto(d.Id, d.Subject, d.Status.ToString(), d.Number, d.Notation)).ToListAsync(ct),
            await (from f in db.DocumentFiles.AsNoTracking()
                   join u in db.Users on f.UploadedByUserId equals u.Id
                   where f.OwnerType == TaskFiles.OwnerType && f.OwnerId == t.Id
                   orderby f.UploadedAt
                   select new TaskFileDto(f.Id, f.FileName, f.ContentType, f.Length, u.FullName, f.UploadedAt)).ToListAsync(ct));
    }

    public async Task<List<TaskTrailDto>> TrailAsync(Guid id, CancellationToken ct)
    {
        var t = await access.ReadableAsync(id, ct);
        return (await (from e in db.Trail.AsNoTracking()
                       join u in db.Users on e.ActorUserId equals u.Id
                       join b in db.Users on e.OnBehalfOfUserId equals b.Id into bj
                       from b in bj.DefaultIfEmpty()
                       where e.Scope == WorkScopes.Task && e.SubjectId == t.Id
                       orderby e.At
                       select new { e.At, u.FullName, Behalf = b == null ? null : b.FullName, e.Action, e.Text }).ToListAsync(ct))
            .Select(e => new TaskTrailDto(e.At, e.FullName, e.Behalf, e.Action, WorkText.Action(e.Action), e.Text)).ToList();
    }
}
