using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

public sealed record PlanItemRequest(string? Title, string? Description, string? LeadDepartmentCode, string? LeadUserName, DateOnly? Deadline,
    Recurrence Recurrence, int? DayOfMonth);
public sealed record PlanRequest(string? OrganizationCode, string? DepartmentCode, PlanPeriod Period, int Year, int? Number, string? Title,
    IReadOnlyList<PlanItemRequest>? Items);
public sealed record PlanItemDto(Guid Id, int Order, string Title, string? Description, string? Lead, DateOnly? Deadline, string Recurrence, int? DayOfMonth,
    List<TaskListItem> Tasks);
public sealed record PlanDto(Guid Id, string OrganizationCode, string? DepartmentCode, string? DepartmentName, string Period, int Year, int? Number,
    string PeriodText, string Title, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, bool CanIssue, List<PlanItemDto> Items);
public sealed record PlanListItem(Guid Id, string Title, string PeriodText, string? DepartmentName, DateTimeOffset? IssuedAt, int Items);

/// <summary>
/// Work plans (kế hoạch công tác): the organ's head plans for the organ, a department's head for the department; issuing
/// the plan gives its items as tasks (origin PlanItem), a recurring item one per month or quarter still to come. A plan is
/// read by the people of its organ (a department's plan, by the department and the organ's heads).
/// </summary>
public sealed class WorkPlans(AppDbContext db, AccessPolicy access, CurrentUser current, TaskSteps steps, Auditor audit, Notifier notify,
    DiaryRecorder diary, TimeProvider time)
{
    public async Task<Guid> CreateAsync(PlanRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        var dept = await AuthorByCodeAsync(org.Id, r.DepartmentCode, ct);
        var plan = WorkPlan.Draft(org.Id, dept, r.Period, r.Year, r.Number, r.Title, current.UserId!.Value, time.GetUtcNow());
        var items = new List<WorkPlanItem>();
        var order = 0;
        foreach (var i in r.Items ?? [])
        {
            order++;
            Guid? leadDept = null, leadUser = null;
            if (!string.IsNullOrWhiteSpace(i.LeadDepartmentCode))
            {
                if (dept is not null) throw new DomainException(WorkErrors.OutsideDepartment);
                leadDept = await OrganMembers.DepartmentAsync(db, org.Id, i.LeadDepartmentCode, ct) ?? throw new DomainException(WorkErrors.AssigneeOutside);
            }
            else if (!string.IsNullOrWhiteSpace(i.LeadUserName))
                leadUser = await OrganMembers.PersonAsync(db, org.Id, i.LeadUserName, null, dept, ct)
                    ?? throw new DomainException(dept is null ? WorkErrors.AssigneeOutside : WorkErrors.OutsideDepartment);
            items.Add(WorkPlanItem.Add(plan, order, i.Title, i.Description, leadDept, leadUser, i.Deadline, i.Recurrence, i.DayOfMonth));
        }
        if (items.Count == 0) throw new DomainException(WorkErrors.Invalid(["Kế hoạch phải có ít nhất một mục công việc."]));
        db.WorkPlans.Add(plan);
        db.WorkPlanItems.AddRange(items);
        db.Trail.Add(new TrailEntry("plan", plan.Id, current.UserId!.Value, null, "drafted", plan.Title, time.GetUtcNow()));
        audit.Record("plan.drafted", org.Id, "plan", plan.Id.ToString());
        await db.SaveChangesAsync(ct);
        return plan.Id;
    }

    /// <summary>Issues the plan: every item from today on becomes a task under the author's role, and each person or department is told once.</summary>
    public async Task<int> IssueAsync(Guid id, CancellationToken ct)
    {
        var plan = await db.WorkPlans.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainException(PlanNotFound);
        if (!await CanReadAsync(plan, ct)) throw new DomainException(PlanNotFound);
        var dept = await AuthorAsync(plan.OrganizationId, plan.DepartmentId, ct);
        var act = dept is null ? (await access.HeadGrantAsync(plan.OrganizationId, ct))!.OnBehalfOfUserId
                               : (await access.DepartmentHeadGrantAsync(plan.OrganizationId, dept, ct))!.OnBehalfOfUserId;
        var now = time.GetUtcNow();
        var today = Formats.Today(time);
        plan.Issue(current.UserId!.Value, now);
        var giver = new WorkTask.Giver(dept is null ? Role.Head : Role.DepartmentHead, dept, current.UserId!.Value, act);
        var told = new Dictionary<(Guid?, Guid?), int>();
        var given = 0;
        foreach (var item in await db.WorkPlanItems.Where(i => i.PlanId == plan.Id).OrderBy(i => i.Order).ToListAsync(ct))
        {
            foreach (var deadline in plan.Occurrences(item, today))
            {
                var title = item.Recurrence switch
                {
                    Recurrence.Monthly => $"{item.Title} (tháng {deadline.Month:00}/{deadline.Year})",
                    Recurrence.Quarterly => $"{item.Title} (quý {(deadline.Month - 1) / 3 + 1}/{deadline.Year})",
                    _ => item.Title,
                };
                var (task, parts) = WorkTask.Give(plan.OrganizationId, new(title, item.Description, WorkPriority.Normal, deadline, WorkOrigin.PlanItem, item.Id,
                    $"Kế hoạch công tác {plan.PeriodText}: {plan.Title}"), [new(AssignmentKind.Lead, item.LeadDepartmentId, item.LeadUserId)], giver, null, today, now);
                db.Tasks.Add(task);
                db.TaskAssignees.AddRange(parts);
                steps.Trail(task, act, "given", $"Theo kế hoạch: {plan.Title}", diaryToo: false);
                told[(item.LeadDepartmentId, item.LeadUserId)] = told.GetValueOrDefault((item.LeadDepartmentId, item.LeadUserId)) + 1;
                given++;
            }
        }
        foreach (var ((d, u), n) in told)
        {
            var to = u is { } user ? [user] : await notify.DepartmentHeadsAsync(d!.Value, ct);
            notify.Tell(to, NotificationKinds.Assigned, $"Được giao {n} nhiệm vụ theo kế hoạch công tác {plan.PeriodText}: {TaskSteps.Short(plan.Title)}", "/tasks");
        }
        db.Trail.Add(new TrailEntry("plan", plan.Id, current.UserId!.Value, act, "issued", $"{given} nhiệm vụ", now));
        diary.Record(plan.OrganizationId, "plan", plan.Id, "issued", $"Ban hành kế hoạch công tác {plan.PeriodText}: {plan.Title} ({given} nhiệm vụ)");
        audit.Record("plan.issued", plan.OrganizationId, "plan", plan.Id.ToString(), new { tasks = given }, onBehalfOf: act);
        await db.SaveChangesAsync(ct);
        return given;
    }

    public async Task<List<PlanListItem>> ListAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var plans = await (from p in db.WorkPlans.AsNoTracking()
                           join d in db.Departments on p.DepartmentId equals d.Id into dj
                           from d in dj.DefaultIfEmpty()
                           where p.OrganizationId == org.Id
                           orderby p.Year descending, p.CreatedAt descending
                           select new { p, Department = d == null ? null : d.Name, Items = db.WorkPlanItems.Count(i => i.PlanId == p.Id) }).Take(200).ToListAsync(ct);
        var result = new List<PlanListItem>();
        foreach (var x in plans)
            if (await CanReadAsync(x.p, ct)) result.Add(new PlanListItem(x.p.Id, x.p.Title, x.p.PeriodText, x.Department, x.p.IssuedAt, x.Items));
        return result;
    }

    public async Task<PlanDto> GetAsync(Guid id, CancellationToken ct)
    {
        var plan = await db.WorkPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new DomainException(PlanNotFound);
        if (!await CanReadAsync(plan, ct)) throw new DomainException(PlanNotFound);
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == plan.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        var dept = plan.DepartmentId is { } did ? await db.Departments.AsNoTracking().Where(d => d.Id == did).Select(d => new { d.Code, d.Name }).FirstAsync(ct) : null;
        var by = await db.Users.AsNoTracking().Where(u => u.Id == plan.CreatedByUserId).Select(u => u.FullName).FirstAsync(ct);
        var items = await (from i in db.WorkPlanItems.AsNoTracking()
                           join d in db.Departments on i.LeadDepartmentId equals d.Id into dj
                           from d in dj.DefaultIfEmpty()
                           join u in db.Users on i.LeadUserId equals u.Id into uj
                           from u in uj.DefaultIfEmpty()
                           where i.PlanId == plan.Id
                           orderby i.Order
                           select new { i, Lead = d != null ? d.Name : u != null ? u.FullName : null }).ToListAsync(ct);
        var ids = items.Select(x => x.i.Id).ToList();
        var today = Formats.Today(time);
        var ofPlan = db.Tasks.AsNoTracking().Where(t => t.Origin == WorkOrigin.PlanItem && t.OriginId != null && ids.Contains(t.OriginId.Value));
        var itemOf = await ofPlan.Select(t => new { t.Id, t.OriginId }).ToDictionaryAsync(t => t.Id, t => t.OriginId!.Value, ct);
        var tasks = (await TaskQueries.Items(db, ofPlan.OrderBy(t => t.Deadline), today).ToListAsync(ct))
            .GroupBy(t => itemOf[t.Id]).ToDictionary(g => g.Key, g => g.ToList());
        var canIssue = !plan.IsIssued && (plan.DepartmentId is null ? await access.HeadGrantAsync(plan.OrganizationId, ct) is not null
            : await access.DepartmentHeadGrantAsync(plan.OrganizationId, plan.DepartmentId, ct) is not null);
        return new PlanDto(plan.Id, org, dept?.Code, dept?.Name, plan.Period.ToString(), plan.Year, plan.Number, plan.PeriodText, plan.Title, by, plan.CreatedAt,
            plan.IssuedAt, canIssue, items.Select(x => new PlanItemDto(x.i.Id, x.i.Order, x.i.Title, x.i.Description, x.Lead, x.i.Deadline, x.i.Recurrence.ToString(),
                x.i.DayOfMonth, tasks.GetValueOrDefault(x.i.Id) ?? [])).ToList());
    }

    /// <summary>The organ's head plans for the organ; a department's head for the department.</summary>
    private async Task<Guid?> AuthorByCodeAsync(Guid organizationId, string? departmentCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(departmentCode))
            return await access.HeadGrantAsync(organizationId, ct) is null ? throw new DomainException(Error.Forbidden) : null;
        var dept = await OrganMembers.DepartmentAsync(db, organizationId, departmentCode, ct) ?? throw new DomainException(Error.NotFound("phòng/ban"));
        return await AuthorAsync(organizationId, dept, ct);
    }

    private async Task<Guid?> AuthorAsync(Guid organizationId, Guid? department, CancellationToken ct)
    {
        if (department is null) return await access.HeadGrantAsync(organizationId, ct) is null ? throw new DomainException(Error.Forbidden) : null;
        return await access.DepartmentHeadGrantAsync(organizationId, department, ct) is null ? throw new DomainException(Error.Forbidden) : department;
    }

    private async Task<bool> CanReadAsync(WorkPlan p, CancellationToken ct)
    {
        var grants = (await current.GrantsAsync(ct)).Where(g => g.OrganizationId == p.OrganizationId && g.Role != Role.Administrator).ToList();
        if (grants.Count == 0) return false;
        return p.DepartmentId is null || grants.Any(g => g.Role == Role.Head || g.DepartmentId == p.DepartmentId);
    }

    public static readonly Error PlanNotFound = new("PLAN_NOT_FOUND", "Không tìm thấy kế hoạch.", 404);
}
