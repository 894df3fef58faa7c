using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

public sealed class IncomingOptions
{
    /// <summary>How many days before a deadline the person answering for the work is reminded.</summary>
    public int ReminderDaysBefore { get; set; } = 2;
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);
    public bool RunReminderJob { get; set; } = true;
}

public sealed record ReminderRun(int DueSoon, int Overdue);

/// <summary>
/// "Nothing is forgotten": open work whose deadline is near or past reminds whoever answers for it — the officer, or
/// the department's heads while the department has not forwarded it. Each reminder is sent once per deadline (a new
/// deadline after an extension reminds again); any node may run this, any number of times.
/// </summary>
public sealed class IncomingReminders(AppDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<IncomingOptions> options)
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
        var open = new[] { AssignmentStatus.Open, AssignmentStatus.InProgress };
        var due = await (from a in db.IncomingAssignments.AsNoTracking()
                         join d in db.IncomingDocuments on a.DocumentId equals d.Id
                         where open.Contains(a.Status) && a.Kind != AssignmentKind.ForInformation && a.Deadline != null && a.Deadline <= horizon
                               && !db.IncomingAssignments.Any(c => c.ParentAssignmentId == a.Id && open.Contains(c.Status))
                         select new { a.Id, a.UserId, a.DepartmentId, Deadline = a.Deadline!.Value, d.ArrivalNumber, d.Subject, DocumentId = d.Id })
            .ToListAsync(ct);
        if (due.Count == 0) return new ReminderRun(0, 0);
        var keys = due.Select(x => Key(x.Id, x.Deadline < today, x.Deadline)).ToList();
        var sent = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            sent.UnionWith(await db.Notifications.Where(n => n.DedupKey != null && chunk.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct));
        var deptHeads = new Dictionary<Guid, List<Guid>>();
        int soon = 0, late = 0;
        var now = time.GetUtcNow();
        foreach (var x in due)
        {
            var overdue = x.Deadline < today;
            var baseKey = Key(x.Id, overdue, x.Deadline);
            if (sent.Contains(baseKey)) continue;
            List<Guid> to;
            if (x.UserId is { } u) to = [u];
            else if (!deptHeads.TryGetValue(x.DepartmentId!.Value, out to!))
            {
                to = await Notifier.DepartmentHeadsAsync(db, x.DepartmentId!.Value, ct);
                deptHeads[x.DepartmentId!.Value] = to;
            }
            var subject = x.Subject.Length > 100 ? x.Subject[..97] + "…" : x.Subject;
            var title = overdue
                ? $"Quá hạn xử lý văn bản đến số {x.ArrivalNumber} (hạn {Formats.Date(x.Deadline)}): {subject}"
                : $"Sắp đến hạn xử lý văn bản đến số {x.ArrivalNumber} (hạn {Formats.Date(x.Deadline)}): {subject}";
            // One key per person: the first person's reminder carries the assignment's key, which marks the whole reminder sent.
            var first = true;
            foreach (var person in to)
            {
                db.Notifications.Add(new Notification(person, overdue ? NotificationKinds.Overdue : NotificationKinds.DueSoon, title,
                    $"/incoming/{x.DocumentId}", now, first ? baseKey : $"{baseKey}:{person:N}"));
                first = false;
            }
            if (to.Count == 0) continue;
            if (overdue) late++; else soon++;
        }
        await db.SaveChangesAsync(ct);
        return new ReminderRun(soon, late);
    }

    private static string Key(Guid assignmentId, bool overdue, DateOnly deadline) =>
        $"incoming:{assignmentId:N}:{(overdue ? "overdue" : "due")}:{deadline:yyyyMMdd}";
}

public sealed class IncomingReminderJob(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<IncomingOptions> options, TimeProvider time,
    ILogger<IncomingReminderJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var r = await scope.ServiceProvider.GetRequiredService<IncomingReminders>().RunAsync(stoppingToken);
                if (r.DueSoon + r.Overdue > 0) log.LogInformation("Incoming reminders: {DueSoon} due soon, {Overdue} overdue", r.DueSoon, r.Overdue);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Incoming reminder run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
