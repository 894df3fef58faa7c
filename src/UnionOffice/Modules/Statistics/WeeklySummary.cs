using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Notifications;

namespace UnionOffice.Modules.Statistics;

/// <summary>
/// A head's weekly summary (issue 20 §6): once a week, for the week that ended (Monday to Sunday), each organ's heads are
/// told how its documents were handled — received, done on time and late, overdue now, issued — as a notification that
/// links to the statistics of that week; the one notification path mails it to those with an address when a mail
/// server is configured. Sent once per person and week whatever the number of nodes or runs (the notification's key).
/// </summary>
public sealed class WeeklySummary(AppDbContext db, Statistics statistics, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = Formats.Today(time);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var (from, to) = (monday.AddDays(-7), monday.AddDays(-1));
        var heads = await (from r in db.RoleAssignments.AsNoTracking()
                           join u in db.Users on r.UserId equals u.Id
                           where r.Role == Role.Head && u.Status == AccountStatus.Active
                           select new { r.OrganizationId, r.UserId }).Distinct().ToListAsync(ct);
        if (heads.Count == 0) return 0;
        var keys = heads.Select(h => Key(from, h.OrganizationId, h.UserId)).ToList();
        var sent = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
            sent.UnionWith(await db.Notifications.AsNoTracking().Where(n => n.DedupKey != null && chunk.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct));
        var due = heads.Where(h => !sent.Contains(Key(from, h.OrganizationId, h.UserId))).ToList();
        if (due.Count == 0) return 0;
        var organs = due.Select(h => h.OrganizationId).Distinct().ToList();
        var figures = (await statistics.OrgansAsync(organs, from, to, today, ct)).ToDictionary(f => f.Code);
        var codes = await db.Organizations.AsNoTracking().Where(o => organs.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var now = time.GetUtcNow();
        foreach (var h in due)
        {
            var f = figures[codes[h.OrganizationId]];
            var title = $"Tóm tắt tuần {Formats.Date(from)}–{Formats.Date(to)}, {f.Name}: {f.Incoming.Received} văn bản đến, {f.Incoming.Done} đã giải quyết " +
                $"({f.Incoming.OnTime} đúng hạn, {f.Incoming.Late} quá hạn), {f.Incoming.OverdueNow} đang quá hạn; {f.Outgoing.Issued} văn bản đi phát hành.";
            db.Notifications.Add(new Notification(h.UserId, NotificationKinds.WeeklySummary, title[..Math.Min(title.Length, 300)],
                $"/statistics?organizationCode={f.Code}&from={Formats.Date(from)}&to={Formats.Date(to)}", now, Key(from, h.OrganizationId, h.UserId)));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node wrote the same week's summaries at the same moment: theirs stand.
            db.ChangeTracker.Clear();
            return 0;
        }
        return due.Count;
    }

    private static string Key(DateOnly week, Guid organ, Guid user) => $"weekly-summary:{week:yyyyMMdd}:{organ:N}:{user:N}";
}

/// <summary>Looks every hour whether a week has ended whose summaries are not written yet (Statistics:RunWeeklySummaryJob).</summary>
public sealed class WeeklySummaryJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<WeeklySummaryJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var n = await scope.ServiceProvider.GetRequiredService<WeeklySummary>().RunAsync(stoppingToken);
                if (n > 0) log.LogInformation("Weekly summaries: {Count} written", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Weekly summary run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
