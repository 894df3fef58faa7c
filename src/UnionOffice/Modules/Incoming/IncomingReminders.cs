using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

public sealed class IncomingOptions
{
    /// <summary>How many days before a deadline the person answering for the work is reminded.</summary>
    public int ReminderDaysBefore { get; set; } = 2;
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);
    public bool RunReminderJob { get; set; } = true;
}

/// <summary>
/// Incoming work due by the horizon: open assignments with a deadline, except a department's assignment while it has an
/// open forwarded one (the officer is reminded, not the department's heads).
/// </summary>
public sealed class IncomingDueWork(AppDbContext db) : IDueWorkSource
{
    public async Task<List<DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var open = new[] { AssignmentStatus.Open, AssignmentStatus.InProgress };
        return (await (from a in db.IncomingAssignments.AsNoTracking()
                       join d in db.IncomingDocuments on a.DocumentId equals d.Id
                       where open.Contains(a.Status) && a.Kind != AssignmentKind.ForInformation && a.Deadline != null && a.Deadline <= horizon
                             && !db.IncomingAssignments.Any(c => c.ParentAssignmentId == a.Id && open.Contains(c.Status))
                       select new { a.Id, a.UserId, a.DepartmentId, Deadline = a.Deadline!.Value, d.ArrivalNumber, d.Subject, DocumentId = d.Id })
                .ToListAsync(ct))
            .Select(x => new DueWork(x.Id, WorkScopes.Incoming, x.UserId, x.DepartmentId, x.Deadline,
                $"xử lý văn bản đến số {x.ArrivalNumber} (hạn {Formats.Date(x.Deadline)}): {WorkReminders.Short(x.Subject)}", $"/incoming/{x.DocumentId}"))
            .ToList();
    }
}
