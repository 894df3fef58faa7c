using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Work;

public sealed record DiaryWriteRequest(DateOnly? Day, string? Text);
public sealed record DiaryCommentRequest(string? UserName, string? Text);
public sealed record DiaryEntryDto(Guid Id, DateOnly Day, string Text, bool IsSystem, string? Scope, Guid? SubjectId, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt);
public sealed record DiaryWeekDto(string UserName, string FullName, DateOnly WeekStart, DateOnly WeekEnd, bool Closed, DateTimeOffset? ClosedAt,
    string? Comment, string? CommentBy, DateTimeOffset? CommentedAt, List<DiaryEntryDto> Entries, bool CanEdit, bool CanComment);

/// <summary>
/// The work diary (nhật ký công việc): each person's days, written by them and added to by the system from what they did;
/// editable until the person closes the week; read by the person, the heads of their departments and the heads of their
/// organs, who comment on the week.
/// </summary>
public sealed class Diary(AppDbContext db, CurrentUser current, Auditor audit, TimeProvider time)
{
    public async Task<DiaryWeekDto> WeekAsync(string? userName, DateOnly? week, CancellationToken ct)
    {
        var (user, isMe) = await ReadableUserAsync(userName, ct);
        var start = DiaryEntry.WeekOf(week ?? Formats.Today(time));
        var end = start.AddDays(6);
        var w = await db.DiaryWeeks.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == user.Id && x.WeekStart == start, ct);
        var by = w?.CommentByUserId is { } c ? await db.Users.AsNoTracking().Where(u => u.Id == c).Select(u => u.FullName).FirstOrDefaultAsync(ct) : null;
        var entries = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == user.Id && e.Day >= start && e.Day <= end)
            .OrderBy(e => e.Day).ThenBy(e => e.CreatedAt)
            .Select(e => new DiaryEntryDto(e.Id, e.Day, e.Text, e.IsSystem, e.Scope, e.SubjectId, e.CreatedAt, e.EditedAt)).ToListAsync(ct);
        var closed = w?.IsClosed == true;
        return new DiaryWeekDto(user.UserName!, user.FullName, start, end, closed, w?.ClosedAt, w?.Comment, by, w?.CommentedAt, entries,
            CanEdit: isMe && !closed, CanComment: !isMe);
    }

    public async Task<Guid> WriteAsync(DiaryWriteRequest r, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var today = Formats.Today(time);
        var day = r.Day ?? today;
        await RequireOpenAsync(me.Id, day, ct);
        var e = DiaryEntry.Write(me.Id, me.HomeOrganizationId, day, r.Text, today, time.GetUtcNow());
        db.DiaryEntries.Add(e);
        await db.SaveChangesAsync(ct);
        return e.Id;
    }

    public async Task EditAsync(Guid id, DiaryWriteRequest r, CancellationToken ct)
    {
        var e = await MineAsync(id, ct);
        await RequireOpenAsync(e.UserId, e.Day, ct);
        e.Edit(r.Text, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var e = await MineAsync(id, ct);
        await RequireOpenAsync(e.UserId, e.Day, ct);
        db.DiaryEntries.Remove(e);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The person closes (khóa sổ) a week that has begun and has entries: nothing in it changes afterwards.</summary>
    public async Task CloseAsync(DateOnly week, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var start = DiaryEntry.WeekOf(week);
        var w = await WeekRowAsync(me, start, ct);
        var entries = await db.DiaryEntries.CountAsync(e => e.UserId == me && e.Day >= start && e.Day <= start.AddDays(6), ct);
        w.Close(entries, Formats.Today(time), time.GetUtcNow());
        audit.Record("diary.week-closed", null, "diary", $"{me}/{start:yyyy-MM-dd}");
        await SaveWeekAsync(ct);
    }

    /// <summary>A head of the person's department or organ comments on their week.</summary>
    public async Task CommentAsync(DateOnly week, DiaryCommentRequest r, CancellationToken ct)
    {
        var (user, isMe) = await ReadableUserAsync(r.UserName, ct);
        if (isMe) throw new DomainException(Error.Forbidden);
        var w = await WeekRowAsync(user.Id, DiaryEntry.WeekOf(week), ct);
        w.CommentOn(r.Text, current.UserId!.Value, time.GetUtcNow());
        audit.Record("diary.commented", null, "diary", $"{user.Id}/{w.WeekStart:yyyy-MM-dd}");
        await SaveWeekAsync(ct);
    }

    /// <summary>The people whose diary the person reads besides their own: of departments they lead, of organs they head.</summary>
    public async Task<List<(string UserName, string FullName, string? Department)>> TeamAsync(CancellationToken ct)
    {
        var grants = await current.GrantsAsync(ct);
        var orgs = grants.Where(g => g.Role == Role.Head).Select(g => g.OrganizationId).Distinct().ToList();
        var depts = grants.Where(g => g.Role == Role.DepartmentHead && g.DepartmentId != null).Select(g => g.DepartmentId!.Value).Distinct().ToList();
        var me = current.UserId;
        var rows = await (from r in db.RoleAssignments.AsNoTracking()
                          join u in db.Users on r.UserId equals u.Id
                          join d in db.Departments on r.DepartmentId equals d.Id into dj
                          from d in dj.DefaultIfEmpty()
                          where u.Id != me && u.Status == AccountStatus.Active && r.Role != Role.Administrator
                                && (orgs.Contains(r.OrganizationId) || (r.DepartmentId != null && depts.Contains(r.DepartmentId.Value)))
                          select new { u.UserName, u.FullName, Department = d == null ? null : d.Name }).ToListAsync(ct);
        return rows.GroupBy(x => x.UserName!).Select(g => (g.Key, g.First().FullName, g.Select(x => x.Department).FirstOrDefault(x => x is not null)))
            .OrderBy(x => x.Item3 ?? "", StringComparer.Ordinal).ThenBy(x => x.FullName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The person whose diary is asked for (the caller when none is named), if the caller may read it.</summary>
    internal async Task<(AppUser User, bool IsMe)> ReadableUserAsync(string? userName, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var name = (userName ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0 || name == me.UserName) return (me, true);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, ct) ?? throw new DomainException(DiaryErrors.NotFound);
        if (!await CanReadAsync(user.Id, ct)) throw new DomainException(Error.Forbidden);
        return (user, false);
    }

    /// <summary>A diary is read by its writer, the heads of the departments they work in and the heads of their organs.</summary>
    internal async Task<bool> CanReadAsync(Guid userId, CancellationToken ct)
    {
        if (userId == current.UserId) return true;
        var grants = await current.GrantsAsync(ct);
        var orgs = grants.Where(g => g.Role == Role.Head).Select(g => g.OrganizationId).ToList();
        var depts = grants.Where(g => g.Role == Role.DepartmentHead && g.DepartmentId != null).Select(g => g.DepartmentId!.Value).ToList();
        if (orgs.Count == 0 && depts.Count == 0) return false;
        return await db.RoleAssignments.AnyAsync(r => r.UserId == userId
            && (orgs.Contains(r.OrganizationId) || (r.DepartmentId != null && depts.Contains(r.DepartmentId.Value))), ct);
    }

    private async Task<DiaryEntry> MineAsync(Guid id, CancellationToken ct)
    {
        var e = await db.DiaryEntries.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DiaryErrors.NotFound);
        // Someone else's line does not exist for the caller, even for their heads: they read, they do not write it.
        if (e.UserId != current.UserId) throw new DomainException(DiaryErrors.NotFound);
        return e;
    }

    private async Task RequireOpenAsync(Guid userId, DateOnly day, CancellationToken ct)
    {
        var start = DiaryEntry.WeekOf(day);
        if (await db.DiaryWeeks.AnyAsync(w => w.UserId == userId && w.WeekStart == start && w.ClosedAt != null, ct))
            throw new DomainException(DiaryErrors.WeekClosed(start));
    }

    private async Task<DiaryWeek> WeekRowAsync(Guid userId, DateOnly start, CancellationToken ct)
    {
        var w = await db.DiaryWeeks.FirstOrDefaultAsync(x => x.UserId == userId && x.WeekStart == start, ct);
        if (w is null) db.DiaryWeeks.Add(w = new DiaryWeek(userId, start));
        return w;
    }

    /// <summary>Two first changes to a week at once both create its row: the second finds the unique key taken and is told to retry.</summary>
    private async Task SaveWeekAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DomainException(Concurrency.Conflict);
        }
    }
}
