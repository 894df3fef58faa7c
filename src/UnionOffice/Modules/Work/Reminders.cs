using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Notifications;

namespace UnionOffice.Modules.Work;

/// <summary>A piece of open work whose deadline is near or past, and who answers for it: a person, a department's heads, or a group.</summary>
/// <param name="People">Whom to remind when it is a group (an organ's office: its clerks and heads) rather than one person or a department's heads.</param>
public sealed record DueWork(Guid Id, string Scope, Guid? UserId, Guid? DepartmentId, DateOnly Deadline, string What, string Link, IReadOnlyList<Guid>? People = null);

/// <summary>
/// A kind of work that has deadlines (incoming assignments, tasks, dossiers due at the archive…): what of it is due by the
/// horizon, or earlier where its own rules remind sooner (a dossier 30 days ahead).
/// </summary>
public interface IDueWorkSource
{
    Task<List<DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct);
}

public sealed record ReminderRun(int DueSoon, int Overdue);

/// <summary>
/// "Nothing is forgotten", for every kind of work: open work whose deadline is near or past reminds whoever answers for
/// it. Each reminder is sent once per deadline (a new deadline after an extension reminds again); any node may run this,
/// any number of times. The days before a deadline: <c>Incoming:ReminderDaysBefore</c> (for all work, its first user).
/// </summary>
public sealed class WorkReminders(AppDbContext db, IEnumerable<IDueWorkSource> sources, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Incoming.IncomingOptions> options)
{
    public async Task<ReminderRun> RunAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node wrote the same reminder at the same moment (unique dedup key): look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ReminderRun> RunOnceAsync(CancellationToken ct)
    {
        var today = Formats.Today(time);
        var horizon = today.AddDays(Math.Max(0, options.Value.ReminderDaysBefore));
        var due = new List<DueWork>();
        foreach (var s in sources) due.AddRange(await s.DueAsync(today, horizon, ct));
        if (due.Count == 0) return new ReminderRun(0, 0);
        var keys = due.Select(x => Key(x, x.Deadline < today)).ToList();
        var sent = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            sent.UnionWith(await db.Notifications.Where(n => n.DedupKey != null && chunk.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct));
        var deptHeads = new Dictionary<Guid, List<Guid>>();
        int soon = 0, late = 0;
        var now = time.GetUtcNow();
        foreach (var x in due)
        {
            var overdue = x.Deadline < today;
            var baseKey = Key(x, overdue);
            if (sent.Contains(baseKey)) continue;
            List<Guid> to;
            if (x.People is { Count: > 0 } group) to = group.ToList();
            else if (x.UserId is { } u) to = [u];
            else if (!deptHeads.TryGetValue(x.DepartmentId!.Value, out to!))
            {
                to = await Notifier.DepartmentHeadsAsync(db, x.DepartmentId!.Value, ct);
                deptHeads[x.DepartmentId!.Value] = to;
            }
            var title = $"{(overdue ? "Quá hạn" : "Sắp đến hạn")} {x.What}";
            // One key per person: the first person's reminder carries the work's key, which marks the whole reminder sent.
            var first = true;
            foreach (var person in to)
            {
                db.Notifications.Add(new Notification(person, overdue ? NotificationKinds.Overdue : NotificationKinds.DueSoon, title,
                    x.Link, now, first ? baseKey : $"{baseKey}:{person:N}"));
                first = false;
            }
            if (to.Count == 0) continue;
            if (overdue) late++; else soon++;
        }
        await db.SaveChangesAsync(ct);
        return new ReminderRun(soon, late);
    }

    private static string Key(DueWork x, bool overdue) => $"{x.Scope}:{x.Id:N}:{(overdue ? "overdue" : "due")}:{x.Deadline:yyyyMMdd}";

    internal static string Short(string s) => s.Length > 100 ? s[..97] + "…" : s;
}

/// <summary>Open tasks due by the horizon: the lead and co-handlers whose part is open (not reported done yet).</summary>
public sealed class TaskDueWork(AppDbContext db) : IDueWorkSource
{
    public async Task<List<DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct) =>
        (await (from t in db.Tasks.AsNoTracking()
                join a in db.TaskAssignees on t.Id equals a.TaskId
                where (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress) && t.Deadline != null && t.Deadline <= horizon
                      && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress) && a.Kind != AssignmentKind.ForInformation
                      // A department's part passed down to an officer reminds the officer (through the sub-task), not the department's heads.
                      && !(a.DepartmentId != null && db.Tasks.Any(s => s.ParentTaskId == t.Id && s.GiverDepartmentId == a.DepartmentId
                          && (s.Status == WorkStatus.Open || s.Status == WorkStatus.InProgress)))
                select new { a.Id, a.UserId, a.DepartmentId, Deadline = t.Deadline!.Value, t.Title, TaskId = t.Id }).ToListAsync(ct))
        .Select(x => new DueWork(x.Id, WorkScopes.Task, x.UserId, x.DepartmentId, x.Deadline,
            $"nhiệm vụ (hạn {Formats.Date(x.Deadline)}): {WorkReminders.Short(x.Title)}", $"/tasks/{x.TaskId}")).ToList();
}

public sealed class WorkReminderJob(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<Incoming.IncomingOptions> options, TimeProvider time,
    ILogger<WorkReminderJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var r = await scope.ServiceProvider.GetRequiredService<WorkReminders>().RunAsync(stoppingToken);
                if (r.DueSoon + r.Overdue > 0) log.LogInformation("Reminders: {DueSoon} due soon, {Overdue} overdue", r.DueSoon, r.Overdue);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Reminder run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
