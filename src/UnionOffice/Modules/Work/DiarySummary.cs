using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

public sealed record DiaryPersonRow(string UserName, string FullName, string? Department, int Days, int OwnEntries, int SystemEntries,
    int WeeksClosed, int Weeks, bool Kept);
public sealed record DiaryDepartmentRow(string Name, int People, int Kept, double KeptShare, int Days, int OwnEntries, int SystemEntries);
public sealed record DiarySummaryDto(string OrganizationCode, string OrganizationName, string? DepartmentCode, DateOnly From, DateOnly To, int Weeks,
    List<DiaryPersonRow> People, int Kept, int Total, double KeptShare, List<DiaryDepartmentRow>? Departments = null);

/// <summary>
/// Weekly and monthly summaries of the diary per person and department, and the measured figure of seed 000's target 11:
/// the share of people who kept their diary — who closed every week of the period that has reached its Friday (when no
/// week of the period has, who wrote in it).
/// </summary>
public sealed class DiarySummary(AppDbContext db, AccessPolicy access, Auditor audit, TimeProvider time)
{
    public async Task<DiarySummaryDto> SummaryAsync(string? organizationCode, string? departmentCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var (org, dept) = await TaskSupervision.OverseenAsync(db, access, organizationCode, departmentCode, ct);
        var today = Formats.Today(time);
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var end = to ?? today;
        if (start > end) throw new DomainException(DiaryErrors.Invalid(["Từ ngày phải trước hoặc bằng đến ngày."]));
        if (end.DayNumber - start.DayNumber > 366) throw new DomainException(DiaryErrors.Invalid(["Kỳ tổng hợp tối đa một năm."]));

        var people = (await (from r in db.RoleAssignments.AsNoTracking()
                             join u in db.Users on r.UserId equals u.Id
                             join d in db.Departments on r.DepartmentId equals d.Id into dj
                             from d in dj.DefaultIfEmpty()
                             where r.OrganizationId == org.Id && u.Status == AccountStatus.Active && r.Role != Role.Administrator && r.Role != Role.CommitteeMember
                                   && (dept == null || r.DepartmentId == dept)
                             select new { u.Id, u.UserName, u.FullName, Department = d == null ? null : d.Name }).ToListAsync(ct))
            .GroupBy(p => p.Id).Select(g => g.OrderBy(p => p.Department is null ? 1 : 0).First()).ToList();
        var ids = people.Select(p => p.Id).ToList();
        var entries = await db.DiaryEntries.AsNoTracking().Where(e => ids.Contains(e.UserId) && e.Day >= start && e.Day <= end)
            .GroupBy(e => e.UserId)
            .Select(g => new { UserId = g.Key, Own = g.Sum(e => e.IsSystem ? 0 : 1), System = g.Sum(e => e.IsSystem ? 1 : 0), Days = g.Select(e => e.Day).Distinct().Count() })
            .ToDictionaryAsync(x => x.UserId, ct);
        var weeks = DueWeeks(start, end, today);
        var closed = await db.DiaryWeeks.AsNoTracking().Where(w => ids.Contains(w.UserId) && weeks.Contains(w.WeekStart) && w.ClosedAt != null)
            .GroupBy(w => w.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var rows = people.Select(p =>
        {
            var e = entries.GetValueOrDefault(p.Id);
            var c = closed.GetValueOrDefault(p.Id);
            var kept = Kept(weeks.Count, c, (e?.Own ?? 0) + (e?.System ?? 0));
            return new DiaryPersonRow(p.UserName!, p.FullName, p.Department, e?.Days ?? 0, e?.Own ?? 0, e?.System ?? 0, c, weeks.Count, kept);
        }).OrderBy(r => r.Department ?? "", StringComparer.Ordinal).ThenBy(r => r.FullName, StringComparer.Ordinal).ToList();
        var keptCount = rows.Count(r => r.Kept);
        var departments = rows.GroupBy(r => r.Department ?? "Lãnh đạo, văn thư cơ quan").Select(g => new DiaryDepartmentRow(g.Key, g.Count(), g.Count(r => r.Kept),
            Math.Round(100.0 * g.Count(r => r.Kept) / g.Count(), 1), g.Sum(r => r.Days), g.Sum(r => r.OwnEntries), g.Sum(r => r.SystemEntries))).ToList();
        return new DiarySummaryDto(org.Code, org.Name, dept is null ? null : departmentCode!.Trim().ToUpperInvariant(), start, end, weeks.Count, rows,
            keptCount, rows.Count, rows.Count == 0 ? 0 : Math.Round(100.0 * keptCount / rows.Count, 1), departments);
    }

    /// <summary>The weeks of a period that have reached their Friday: those a person is expected to have closed.</summary>
    internal static List<DateOnly> DueWeeks(DateOnly start, DateOnly end, DateOnly today)
    {
        var weeks = new List<DateOnly>();
        for (var w = DiaryEntry.WeekOf(start); w <= end; w = w.AddDays(7))
            if (w.AddDays(4) <= today) weeks.Add(w);
        return weeks;
    }

    /// <summary>Kept the diary over a period (seed 000 target 11): closed every week due; when none is due yet, wrote in it.</summary>
    internal static bool Kept(int dueWeeks, int closedWeeks, int entries) => dueWeeks > 0 ? closedWeeks == dueWeeks : entries > 0;

    /// <summary>Of these people, those who kept their diary over the period (the same rule as the summary's, for the indicators).</summary>
    internal static async Task<HashSet<Guid>> KeptAsync(AppDbContext db, List<Guid> ids, DateOnly start, DateOnly end, DateOnly today, CancellationToken ct)
    {
        var weeks = DueWeeks(start, end, today);
        var entries = await db.DiaryEntries.AsNoTracking().Where(e => ids.Contains(e.UserId) && e.Day >= start && e.Day <= end)
            .GroupBy(e => e.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var closed = await db.DiaryWeeks.AsNoTracking().Where(w => ids.Contains(w.UserId) && weeks.Contains(w.WeekStart) && w.ClosedAt != null)
            .GroupBy(w => w.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return ids.Where(id => Kept(weeks.Count, closed.GetValueOrDefault(id), entries.GetValueOrDefault(id))).ToHashSet();
    }

    public async Task<ExportedFile> ExportAsync(string? organizationCode, string? departmentCode, DateOnly? from, DateOnly? to, ExportFormat format, CancellationToken ct)
    {
        var s = await SummaryAsync(organizationCode, departmentCode, from, to, ct);
        // Each department's line (people who kept it of all), then its people.
        var rows = new List<PrintedRow>();
        var n = 0;
        foreach (var d in s.Departments ?? [])
        {
            rows.Add(new PrintedRow([null, d.Name, $"{d.Kept}/{d.People} người ({d.KeptShare}%)", d.Days, d.OwnEntries, d.SystemEntries, null, null], Strong: true));
            foreach (var p in s.People.Where(p => (p.Department ?? "Lãnh đạo, văn thư cơ quan") == d.Name))
                rows.Add(new PrintedRow([(++n).ToString(System.Globalization.CultureInfo.InvariantCulture), p.FullName, p.Department,
                    p.Days, p.OwnEntries, p.SystemEntries, $"{p.WeeksClosed}/{p.Weeks}", p.Kept ? "Có" : "Chưa"]));
        }
        var table = new PrintedTable(s.OrganizationName, "TỔNG HỢP NHẬT KÝ CÔNG VIỆC",
            [$"Từ ngày {Formats.Date(s.From)} đến ngày {Formats.Date(s.To)}", $"Số người thực hiện nhật ký: {s.Kept}/{s.Total} ({s.KeptShare}%)"],
            [new("STT", 5, true), new("Họ và tên", 26), new("Phòng, ban", 28), new("Số ngày có ghi", 10, true), new("Tự ghi", 9, true),
             new("Hệ thống ghi", 10, true), new("Tuần đã khóa sổ", 11, true), new("Thực hiện", 10, true)],
            rows, SheetName: "Nhật ký công việc");
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        audit.Record("diary.summary.exported", org.Id, "diary-summary", org.Code, new { from = s.From, to = s.To, department = s.DepartmentCode, format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Tổng hợp nhật ký công việc {s.From:yyyyMMdd}-{s.To:yyyyMMdd} - {org.Code}");
    }
}
