using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

/// <summary>One line of the supervision figures: a department (its own tasks and its people's) or a person.</summary>
public sealed record SupervisionRow(string Kind, string? DepartmentCode, string? UserName, string Name, string? DepartmentName,
    int Open, int DueSoon, int Overdue, int DoneOnTime, int DoneLate)
{
    public int Done => DoneOnTime + DoneLate;
}

public sealed record SupervisionDto(string OrganizationCode, string OrganizationName, string? DepartmentCode, DateOnly From, DateOnly To,
    DateOnly Today, List<SupervisionRow> Rows, SupervisionRow Total);

/// <summary>
/// Theo dõi tiến độ: for a head, each department's and person's open, due-soon, overdue and done (on time, late) tasks of
/// the organ; for a department head, the same for the department's people, sub-tasks included. Open figures are as of
/// today; done figures count the tasks accepted in the period. Each figure has its list (<see cref="ListAsync"/>).
/// </summary>
public sealed class TaskSupervision(AppDbContext db, AccessPolicy access, Auditor audit, TimeProvider time)
{
    public const int DueSoonDays = 3;
    public static readonly string[] Figures = ["open", "due-soon", "overdue", "done-on-time", "done-late"];

    private sealed record Scope(Organization Org, Guid? DepartmentId, string? DepartmentCode, Dictionary<Guid, Guid> PersonDepartment);

    private sealed record Count(Guid? LeadDepartmentId, Guid? LeadUserId, int Open, int DueSoon, int Overdue, int DoneOnTime, int DoneLate);

    public async Task<SupervisionDto> FiguresAsync(string? organizationCode, string? departmentCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await ScopeAsync(organizationCode, departmentCode, ct);
        var today = Formats.Today(time);
        var (start, end) = Period(from, to, today);
        var counts = await CountsAsync(scope, today, start, end, ct);
        var depts = await db.Departments.AsNoTracking().Where(d => d.OrganizationId == scope.Org.Id).ToDictionaryAsync(d => d.Id, d => (d.Code, d.Name), ct);
        var leadUsers = counts.Where(c => c.LeadUserId != null).Select(c => c.LeadUserId!.Value).ToList();
        var people = await db.Users.AsNoTracking().Where(u => leadUsers.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.UserName!, u.FullName), ct);
        var rows = new List<SupervisionRow>();
        // Departments: tasks given to the department and to its people; then each person.
        foreach (var (id, (code, name)) in depts.OrderBy(d => d.Value.Name, StringComparer.Ordinal))
        {
            if (scope.DepartmentId is { } only && only != id) continue;
            var of = counts.Where(c => c.LeadDepartmentId == id || (c.LeadUserId is { } u && scope.PersonDepartment.GetValueOrDefault(u) == id)).ToList();
            if (scope.DepartmentId is null && of.Count == 0) continue;
            rows.Add(Sum("department", code, null, name, null, of));
        }
        foreach (var c in counts.Where(c => c.LeadUserId != null).OrderBy(c => people[c.LeadUserId!.Value].Item2, StringComparer.Ordinal))
        {
            var (userName, fullName) = people[c.LeadUserId!.Value];
            var dept = scope.PersonDepartment.TryGetValue(c.LeadUserId.Value, out var d) && depts.TryGetValue(d, out var dd) ? dd : default;
            rows.Add(Sum("person", dept.Code, userName, fullName, dept.Name, [c]));
        }
        return new SupervisionDto(scope.Org.Code, scope.Org.Name, scope.DepartmentCode, start, end, today, rows, Sum("total", null, null, "Tổng cộng", null, counts));
    }

    /// <summary>The tasks behind one figure of one line (a department's, a person's, or the total when neither is named).</summary>
    public async Task<List<TaskListItem>> ListAsync(string? organizationCode, string? departmentCode, string? figure, string? rowDepartment, string? rowUser,
        DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await ScopeAsync(organizationCode, departmentCode, ct);
        if (!Figures.Contains(figure)) throw new DomainException(WorkErrors.Invalid([$"Chỉ tiêu \"{figure}\" không có; dùng một trong: {string.Join(", ", Figures)}."]));
        var today = Formats.Today(time);
        var (start, end) = Period(from, to, today);
        var q = InScope(scope);
        if (!string.IsNullOrWhiteSpace(rowUser))
        {
            var user = await OrganMembers.PersonAsync(db, scope.Org.Id, rowUser, null, null, ct) ?? throw new DomainException(WorkErrors.AssigneeOutside);
            q = q.Where(t => t.LeadUserId == user);
        }
        else if (!string.IsNullOrWhiteSpace(rowDepartment))
        {
            var dept = await OrganMembers.DepartmentAsync(db, scope.Org.Id, rowDepartment, ct) ?? throw new DomainException(WorkErrors.AssigneeOutside);
            var people = scope.PersonDepartment.Where(p => p.Value == dept).Select(p => p.Key).ToList();
            q = q.Where(t => t.LeadDepartmentId == dept || (t.LeadUserId != null && people.Contains(t.LeadUserId.Value)));
        }
        var soon = today.AddDays(DueSoonDays);
        var (fromAt, toAt) = Bounds(start, end);
        q = figure switch
        {
            "open" => q.Where(t => t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress || t.Status == WorkStatus.Reported),
            "due-soon" => q.Where(t => (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress) && t.Deadline >= today && t.Deadline <= soon),
            "overdue" => q.Where(t => (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress) && t.Deadline < today),
            "done-on-time" => q.Where(t => t.Status == WorkStatus.Done && t.DoneAt >= fromAt && t.DoneAt < toAt && t.DoneOnTime == true),
            _ => q.Where(t => t.Status == WorkStatus.Done && t.DoneAt >= fromAt && t.DoneAt < toAt && t.DoneOnTime == false),
        };
        return await TaskQueries.Items(db, q.OrderBy(t => t.Deadline).ThenBy(t => t.GivenAt).Take(500), today).ToListAsync(ct);
    }

    /// <summary>
    /// The monthly giao ban summary (báo cáo giao ban): per department, the tasks accepted in the month (on time, late), those
    /// outstanding at the end of it and how many of them are overdue — as Excel or PDF.
    /// </summary>
    public async Task<ExportedFile> GiaoBanAsync(string? organizationCode, int year, int month, ExportFormat format, CancellationToken ct)
    {
        if (year < 2000 || year > 2100 || month < 1 || month > 12) throw new DomainException(WorkErrors.Invalid(["Tháng báo cáo không hợp lệ."]));
        var start = new DateOnly(year, month, 1);
        var end = start.AddMonths(1).AddDays(-1);
        var today = Formats.Today(time);
        if (start > today) throw new DomainException(WorkErrors.Invalid(["Chưa đến tháng báo cáo."]));
        var figures = await FiguresAsync(organizationCode, null, start, end, ct);
        var rows = figures.Rows.Where(r => r.Kind == "department").Append(figures.Total).Select((r, i) => new PrintedRow(
            [r.Kind == "total" ? null : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, r.Done, r.DoneOnTime, r.DoneLate, r.Open, r.Overdue,
             r.Done == 0 ? "" : $"{Math.Round(100.0 * r.DoneOnTime / r.Done)}%"], Strong: r.Kind == "total"));
        var table = new PrintedTable(figures.OrganizationName, "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            [$"Tháng {month:00}/{year} (từ {Formats.Date(start)} đến {Formats.Date(end)})", $"Số liệu việc còn tồn tính đến ngày {Formats.Date(end < today ? end : today)}"],
            [new("STT", 5, true), new("Phòng, ban", 34), new("Hoàn thành", 11, true), new("Đúng hạn", 10, true), new("Trễ hạn", 10, true),
             new("Đang thực hiện", 13, true), new("Quá hạn", 10, true), new("Tỷ lệ đúng hạn", 12, true)],
            rows, SheetName: $"Giao ban {month:00}-{year}");
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        audit.Record("task.giao-ban.exported", org.Id, "task-report", $"{org.Code}/{year}-{month:00}", new { year, month, format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Báo cáo giao ban tháng {month:00}-{year} - {org.Code}");
    }

    private async Task<List<Count>> CountsAsync(Scope scope, DateOnly today, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var soon = today.AddDays(DueSoonDays);
        var (fromAt, toAt) = Bounds(start, end);
        // Only what is open now or was accepted in the period: the years of history are not read.
        return await InScope(scope)
            .Where(t => t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress || t.Status == WorkStatus.Reported
                || (t.Status == WorkStatus.Done && t.DoneAt >= fromAt && t.DoneAt < toAt))
            .GroupBy(t => new { t.LeadDepartmentId, t.LeadUserId })
            .Select(g => new Count(g.Key.LeadDepartmentId, g.Key.LeadUserId,
                g.Sum(t => t.Status != WorkStatus.Done ? 1 : 0),
                g.Sum(t => (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress) && t.Deadline >= today && t.Deadline <= soon ? 1 : 0),
                g.Sum(t => (t.Status == WorkStatus.Open || t.Status == WorkStatus.InProgress) && t.Deadline < today ? 1 : 0),
                g.Sum(t => t.Status == WorkStatus.Done && t.DoneOnTime == true ? 1 : 0),
                g.Sum(t => t.Status == WorkStatus.Done && t.DoneOnTime == false ? 1 : 0)))
            .ToListAsync(ct);
    }

    /// <summary>The organ's own tasks (not what departments passed down) for a head; the department's and its people's, sub-tasks included, for its head.</summary>
    private IQueryable<WorkTask> InScope(Scope scope)
    {
        var q = db.Tasks.AsNoTracking().Where(t => t.OrganizationId == scope.Org.Id);
        if (scope.DepartmentId is not { } dept) return q.Where(t => t.ParentTaskId == null);
        var people = scope.PersonDepartment.Where(p => p.Value == dept).Select(p => p.Key).ToList();
        return q.Where(t => t.LeadDepartmentId == dept || (t.LeadUserId != null && people.Contains(t.LeadUserId.Value)));
    }

    /// <summary>
    /// The organ (and department) whose people the caller oversees — for supervision figures and diary summaries: the
    /// organ's heads the whole organ, a department's head that department.
    /// </summary>
    internal static async Task<(Organization Org, Guid? Department)> OverseenAsync(AppDbContext db, AccessPolicy access, string? organizationCode,
        string? departmentCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        Guid? dept = null;
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            dept = await OrganMembers.DepartmentAsync(db, org.Id, departmentCode, ct) ?? throw new DomainException(Error.NotFound("phòng/ban"));
            if (await access.HeadGrantAsync(org.Id, ct) is null && await access.DepartmentHeadGrantAsync(org.Id, dept, ct) is null)
                throw new DomainException(Error.Forbidden);
        }
        else if (await access.HeadGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        return (org, dept);
    }

    private async Task<Scope> ScopeAsync(string? organizationCode, string? departmentCode, CancellationToken ct)
    {
        var (org, dept) = await OverseenAsync(db, access, organizationCode, departmentCode, ct);
        // Each person's department: where they hold a role with one (their first, if several).
        var map = (await db.RoleAssignments.AsNoTracking().Where(r => r.OrganizationId == org.Id && r.DepartmentId != null && r.Role != Role.Deputy)
                .OrderBy(r => r.Role == Role.DepartmentHead ? 0 : 1).Select(r => new { r.UserId, r.DepartmentId }).ToListAsync(ct))
            .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.First().DepartmentId!.Value);
        return new Scope(org, dept, dept is null ? null : departmentCode!.Trim().ToUpperInvariant(), map);
    }

    /// <summary>The period of the done figures: the month so far unless given.</summary>
    private static (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var start = from ?? new DateOnly(today.Year, today.Month, 1);
        var end = to ?? today;
        if (start > end) throw new DomainException(WorkErrors.Invalid(["Từ ngày phải trước hoặc bằng đến ngày."]));
        return (start, end);
    }

    private static (DateTimeOffset From, DateTimeOffset To) Bounds(DateOnly start, DateOnly end) =>
        (new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime(),
         new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime());

    private static SupervisionRow Sum(string kind, string? code, string? userName, string name, string? deptName, IEnumerable<Count> counts)
    {
        var list = counts.ToList();
        return new SupervisionRow(kind, code, userName, name, deptName, list.Sum(c => c.Open), list.Sum(c => c.DueSoon), list.Sum(c => c.Overdue),
            list.Sum(c => c.DoneOnTime), list.Sum(c => c.DoneLate));
    }
}
