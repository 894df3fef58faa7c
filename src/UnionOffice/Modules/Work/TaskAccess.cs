using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Work;

/// <summary>
/// Who sees and acts on a task, in one place. A task is visible to whoever gave it (and whoever holds the role it was
/// given under), the organ's heads, its assignees — a person, or a department through its heads — the heads of the
/// departments its assigned people work in, and the people given its sub-tasks. Nobody of another organ.
/// </summary>
public sealed class TaskAccess(AppDbContext db, AccessPolicy access, CurrentUser current)
{
    public async Task<bool> CanReadAsync(WorkTask t, CancellationToken ct)
    {
        if (current.UserId is not { } me) return false;
        if (t.GivenByUserId == me || t.GivenOnBehalfOfUserId == me) return true;
        if (await access.HeadGrantAsync(t.OrganizationId, ct) is not null) return true;
        var led = await current.DepartmentsLedAsync(ct);
        if (t.GiverDepartmentId is { } gd && led.Contains(gd)) return true;
        // Assignees of the task, and of its sub-tasks (they read the task their part belongs to).
        var related = db.Tasks.Where(x => x.Id == t.Id || x.ParentTaskId == t.Id).Select(x => x.Id);
        var parts = db.TaskAssignees.Where(a => related.Contains(a.TaskId) && a.Status != AssignmentStatus.Reassigned);
        if (await parts.AnyAsync(a => a.UserId == me || (a.DepartmentId != null && led.Contains(a.DepartmentId.Value)), ct)) return true;
        if (led.Count == 0) return false;
        // The chain of department heads above an assigned person.
        return await (from a in parts
                      join r in db.RoleAssignments on a.UserId equals r.UserId
                      where r.OrganizationId == t.OrganizationId && r.DepartmentId != null && led.Contains(r.DepartmentId.Value)
                      select a.Id).AnyAsync(ct);
    }

    public async Task<WorkTask> ReadableAsync(Guid id, CancellationToken ct)
    {
        var t = await db.Tasks.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(WorkErrors.NotFound);
        // Another organ's task answers like a missing one: its existence is not disclosed.
        if (!await CanReadAsync(t, ct)) throw new DomainException(WorkErrors.NotFound);
        return t;
    }

    /// <summary>Who acts as the giver (evaluates, reassigns, cancels, decides extensions): the holder of the role it was given under.</summary>
    public async Task<Act?> GiverActAsync(WorkTask t, CancellationToken ct) => t.GiverRole == Role.Head
        ? await access.HeadGrantAsync(t.OrganizationId, ct) is { } g ? new Act(current.UserId!.Value, g.OnBehalfOfUserId) : null
        : await access.DepartmentHeadGrantAsync(t.OrganizationId, t.GiverDepartmentId, ct);

    public async Task<Act> RequireGiverAsync(WorkTask t, CancellationToken ct) =>
        await GiverActAsync(t, ct) ?? throw new DomainException(Error.Forbidden);

    /// <summary>Who answers for a part: the person it names, or for a department its head (own or delegated).</summary>
    public async Task<Act?> PartActAsync(WorkTask t, TaskAssignee part, CancellationToken ct)
    {
        if (part.UserId is { } u) return u == current.UserId ? new Act(u, null) : null;
        return await access.DepartmentHeadGrantAsync(t.OrganizationId, part.DepartmentId, ct);
    }

    /// <summary>Who may chase: the giver, and the organ's heads for any task of the organ.</summary>
    public async Task<Act?> ChaserActAsync(WorkTask t, CancellationToken ct) =>
        await GiverActAsync(t, ct) ?? (await access.HeadGrantAsync(t.OrganizationId, ct) is { } g ? new Act(current.UserId!.Value, g.OnBehalfOfUserId) : null);
}
