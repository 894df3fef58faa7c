using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;

namespace UnionOffice.Modules.Work;

/// <summary>What every step on a task does besides its rule: the shared trail, the audit log, telling the people concerned.</summary>
public sealed class TaskSteps(AppDbContext db, TaskAccess access, CurrentUser current, Auditor audit, Notifier notify, DiaryRecorder diary, TimeProvider time)
{
    public TaskAccess Access => access;

    public static string Link(WorkTask t) => $"/tasks/{t.Id}";

    public static string Short(string? text) => text is null ? "" : text.Length > 120 ? text[..117] + "…" : text;

    /// <summary>Tells whoever answers for a part: the person, or the heads of the department.</summary>
    public async Task TellPartAsync(WorkTask t, TaskAssignee part, string kind, string what, CancellationToken ct)
    {
        var to = part.UserId is { } u ? [u] : await notify.DepartmentHeadsAsync(part.DepartmentId!.Value, ct);
        notify.Tell(to, kind, $"{what}: {Short(t.Title)}", Link(t));
    }

    /// <summary>Tells whoever acts as the giver: the person who gave it, and the heads of the giving department or organ.</summary>
    public async Task TellGiverAsync(WorkTask t, string kind, string what, CancellationToken ct)
    {
        var to = new List<Guid> { t.GivenByUserId };
        if (t.GiverDepartmentId is { } d) to.AddRange(await notify.DepartmentHeadsAsync(d, ct));
        notify.Tell(to, kind, $"{what}: {Short(t.Title)}", Link(t));
    }

    public void Tell(IEnumerable<Guid> users, WorkTask t, string kind, string what) => notify.Tell(users, kind, $"{what}: {Short(t.Title)}", Link(t));

    /// <param name="diaryToo">False when the step is one of many the person took at once (a plan's tasks): the diary says it once.</param>
    public void Trail(WorkTask t, Guid? onBehalfOf, string action, string? text, bool diaryToo = true)
    {
        db.Trail.Add(new TrailEntry(WorkScopes.Task, t.Id, current.UserId!.Value, onBehalfOf, action, text, time.GetUtcNow()));
        if (diaryToo) diary.Record(t.OrganizationId, WorkScopes.Task, t.Id, action, $"{WorkText.Action(action)}: {t.Title}" + (text is null ? "" : $" – {Short(text)}"));
    }

    public async Task SaveAsync(WorkTask t, Guid? onBehalfOf, string action, string? text, CancellationToken ct)
    {
        Trail(t, onBehalfOf, action, text);
        // The audit log records the act; what was written stays in the task's trail and reports.
        audit.Record($"task.{action}", t.OrganizationId, "task", t.Id.ToString(), onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
    }
}
