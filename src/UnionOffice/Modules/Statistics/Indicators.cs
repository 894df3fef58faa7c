using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Dossiers;
using UnionOffice.Modules.Meetings;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Schedules;

namespace UnionOffice.Modules.Statistics;

/// <param name="Source">Where the target is set: "KH 000 §III.5" (the Confederation's plan), "KH 001", "KH 004".</param>
/// <param name="Percent">Numerator over denominator, one decimal; null when there is nothing to measure yet (the note says why).</param>
public sealed record IndicatorValue(string Code, string Name, string Source, int Target, int Numerator, int Denominator, double? Percent, bool? Met, string? Note);
public sealed record IndicatorRow(string OrganizationCode, string OrganizationName, List<IndicatorValue> Values);
public sealed record IndicatorReport(string OrganizationCode, string OrganizationName, DateOnly From, DateOnly To, List<IndicatorValue> Total, List<IndicatorRow> Organs);

/// <summary>
/// The seeds' targets as measured indicators (issue 20 §2): each computed from what the system holds for the period —
/// never typed in — beside its target, per organ and rolled up over the organs below (sums of numerators and of
/// denominators, so a large organ weighs as much as its documents). An organ with nothing to measure for an indicator gets
/// no percentage and a note, never a zero that would read as a failure.
/// </summary>
public sealed class Indicators(AppDbContext db, Statistics statistics, TimeProvider time)
{
    public sealed record Definition(string Code, string Name, string Source, int Target, string Measure);

    /// <summary>The indicators, in the order of the Confederation's plan (seed 000 §III.5–11), then the province's (001, 004).</summary>
    public static readonly IReadOnlyList<Definition> Catalogue =
    [
        new("signed-on-system", "Văn bản đi được trình, ký số trên phần mềm", "KH 000 §III.5", 80,
            "Văn bản đi phát hành trong kỳ có chữ ký số của người có thẩm quyền / văn bản đi phát hành trong kỳ (sổ văn bản đi)."),
        new("directives-signed", "Văn bản chỉ đạo được ký số", "KH 000 §III.6", 100,
            "Nghị quyết, quyết định, chỉ thị, kế hoạch, chương trình, hướng dẫn, công điện phát hành trong kỳ có chữ ký số / số văn bản các loại đó phát hành."),
        new("interconnection", "Văn bản gửi cơ quan ngoài hệ thống qua trục liên thông", "KH 000 §III.7", 100,
            "Lượt gửi đến cơ quan ngoài hệ thống đã chuyển qua trục liên thông / lượt gửi đến cơ quan ngoài hệ thống của văn bản phát hành trong kỳ."),
        new("incoming-in-system", "Văn bản đến có tệp nội dung và được xử lý, giao việc trên phần mềm", "KH 000 §III.8", 100,
            "Văn bản đến đăng ký trong kỳ có tệp đính kèm và đã được phân công xử lý / văn bản đến đăng ký trong kỳ."),
        new("dossiers-electronic", "Hồ sơ công việc được lập và quản lý trên phần mềm", "KH 000 §III.9; KH 001", 80,
            "Hồ sơ trong danh mục hồ sơ của năm đã được lập trên phần mềm / số hồ sơ trong danh mục."),
        new("leader-schedule", "Lịch công tác của lãnh đạo trên phần mềm", "KH 000 §III.10", 100,
            "Số tuần trong kỳ có lịch công tác đã duyệt, công bố trên phần mềm / số tuần trong kỳ."),
        new("work-diary", "Cán bộ cập nhật nhật ký công việc", "KH 000 §III.11", 100,
            "Cán bộ thực hiện nhật ký (khóa sổ đủ các tuần đã qua thứ Sáu trong kỳ, như bảng tổng hợp nhật ký) / cán bộ của cơ quan (tài khoản đang hoạt động)."),
        new("paperless-meetings", "Cuộc họp không giấy tờ", "KH 001; KH 004", 100,
            "Cuộc họp kết thúc trong kỳ có tài liệu họp phát hành trên phần mềm / cuộc họp kết thúc trong kỳ."),
        new("staff-signature", "Cán bộ có chữ ký số", "KH 004", 100,
            "Cán bộ có chứng thư số cá nhân còn hiệu lực trên hệ thống / cán bộ của cơ quan (tài khoản đang hoạt động)."),
    ];

    /// <summary>The types that carry the Confederation's direction (seed 000 §III.6: "văn bản chỉ đạo").</summary>
    public static readonly IReadOnlyList<string> DirectiveTypes = ["Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Chương trình", "Hướng dẫn", "Công điện"];

    public async Task<IndicatorReport> ReportAsync(string? organizationCode, DateOnly? from, DateOnly? to, bool below, CancellationToken ct)
    {
        var (org, f, t) = await statistics.PeriodAsync(organizationCode, from, to, ct);
        if (await statistics.ScopeAsync(org.Id, ct) != "organ") throw new DomainException(Error.Forbidden);
        var ids = below ? (await OrganizationTree.DescendantsAndSelfAsync(db, org.Id, ct)).ToList() : [org.Id];
        var measured = await MeasureAsync(ids, f, t, ct);
        var organs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
        var rows = organs.OrderBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => new IndicatorRow(o.Code, o.Name, Catalogue.Select(d => Value(d, measured[d.Code].GetValueOrDefault(o.Id))).ToList())).ToList();
        var total = Catalogue.Select(d => Value(d, (measured[d.Code].Values.Sum(x => x.N), measured[d.Code].Values.Sum(x => x.D)))).ToList();
        return new IndicatorReport(org.Code, org.Name, f, t, total, below ? rows : []);
    }

    private static IndicatorValue Value(Definition d, (int N, int D) x)
    {
        if (x.D == 0)
            return new IndicatorValue(d.Code, d.Name, d.Source, d.Target, 0, 0, null, null, d.Code switch
            {
                "dossiers-electronic" => "Chưa có danh mục hồ sơ của năm được duyệt.",
                "paperless-meetings" => "Không có cuộc họp nào kết thúc trong kỳ.",
                "interconnection" => "Không có văn bản gửi cơ quan ngoài hệ thống trong kỳ.",
                _ => "Không có số liệu trong kỳ.",
            });
        var percent = Math.Round(x.N * 100.0 / x.D, 1);
        return new IndicatorValue(d.Code, d.Name, d.Source, d.Target, x.N, x.D, percent, percent >= d.Target, null);
    }

    /// <summary>Each indicator's numerator and denominator per organ.</summary>
    internal async Task<Dictionary<string, Dictionary<Guid, (int N, int D)>>> MeasureAsync(List<Guid> ids, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, end) = Statistics.Instants(from, to);
        var (first, last) = (from, to); // "from" is a keyword inside query expressions
        var result = new Dictionary<string, Dictionary<Guid, (int N, int D)>>();
        static Dictionary<Guid, (int N, int D)> Group<T>(IEnumerable<T> rows, Func<T, Guid> org, Func<T, bool> counts) =>
            rows.GroupBy(org).ToDictionary(g => g.Key, g => (g.Count(counts), g.Count()));

        var issued = await db.OutgoingDocuments.AsNoTracking()
            .Where(d => ids.Contains(d.OrganizationId) && d.IssuedDate >= from && d.IssuedDate <= to && (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled))
            .Select(d => new { d.OrganizationId, d.TypeName, Signed = d.SignedSha256 != null }).ToListAsync(ct);
        result["signed-on-system"] = Group(issued, x => x.OrganizationId, x => x.Signed);
        result["directives-signed"] = Group(issued.Where(x => DirectiveTypes.Contains(x.TypeName)), x => x.OrganizationId, x => x.Signed);

        var external = await (from x in db.Deliveries.AsNoTracking()
                              join d in db.OutgoingDocuments on x.DocumentId equals d.Id
                              where ids.Contains(d.OrganizationId) && d.IssuedDate >= first && d.IssuedDate <= last && x.Kind == RecipientKind.External
                                    && (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled)
                              select new { d.OrganizationId, x.State }).ToListAsync(ct);
        result["interconnection"] = Group(external, x => x.OrganizationId,
            x => x.State is DeliveryState.Delivered or DeliveryState.Arrived or DeliveryState.Accepted or DeliveryState.Refused or DeliveryState.Recalled);

        var incoming = await db.IncomingDocuments.AsNoTracking()
            .Where(d => ids.Contains(d.OrganizationId) && d.RegisteredAt >= start && d.RegisteredAt < end)
            .Select(d => new
            {
                d.OrganizationId,
                Handled = d.DirectedAt != null && db.DocumentFiles.Any(f => f.OwnerType == Incoming.IncomingFiles.OwnerType && f.OwnerId == d.Id),
            }).ToListAsync(ct);
        result["incoming-in-system"] = Group(incoming, x => x.OrganizationId, x => x.Handled);

        // The catalogues of the years the period touches, once approved: their dossiers opened in the system.
        var entries = await (from e in db.CatalogEntries.AsNoTracking()
                             join c in db.FileCatalogs on e.CatalogId equals c.Id
                             where ids.Contains(c.OrganizationId) && c.Year >= first.Year && c.Year <= last.Year && c.Status != CatalogueStatus.Draft
                             select new { c.OrganizationId, Opened = db.Dossiers.Any(d => d.CatalogEntryId == e.Id) }).ToListAsync(ct);
        result["dossiers-electronic"] = Group(entries, x => x.OrganizationId, x => x.Opened);

        // Weeks run Monday to Sunday; a week counts when part of it is in the period.
        var firstMonday = from.AddDays(-(((int)from.DayOfWeek + 6) % 7));
        var weeks = (to.DayNumber - firstMonday.DayNumber) / 7 + 1;
        var published = await db.ScheduleWeeks.AsNoTracking()
            .Where(w => ids.Contains(w.OrganizationId) && w.WeekStart >= firstMonday && w.WeekStart <= to && w.Status == ScheduleWeekStatus.Published)
            .GroupBy(w => w.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        result["leader-schedule"] = ids.ToDictionary(id => id, id => (Math.Min(published.GetValueOrDefault(id), weeks), weeks));

        // The organ's people as the diary's summary counts them: active accounts holding a role there other than a committee
        // seat (those work elsewhere) or the system's administration; kept their diary by the summary's own rule.
        var staff = await (from r in db.RoleAssignments.AsNoTracking()
                           join u in db.Users on r.UserId equals u.Id
                           where ids.Contains(r.OrganizationId) && r.Role != Role.CommitteeMember && r.Role != Role.Administrator && u.Status == AccountStatus.Active
                           select new { r.OrganizationId, r.UserId }).Distinct().ToListAsync(ct);
        var staffIds = staff.Select(s => s.UserId).Distinct().ToList();
        var kept = await Work.DiarySummary.KeptAsync(db, staffIds, from, to, Formats.Today(time), ct);
        result["work-diary"] = Group(staff, x => x.OrganizationId, x => kept.Contains(x.UserId));
        var now = time.GetUtcNow();
        var certified = (await db.SigningCertificates.AsNoTracking().Where(c => c.UserId != null && staffIds.Contains(c.UserId.Value) && c.IsActive && c.NotAfter > now)
            .Select(c => c.UserId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        result["staff-signature"] = Group(staff, x => x.OrganizationId, x => certified.Contains(x.UserId));

        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => ids.Contains(m.OrganizationId) && m.Status == MeetingStatus.Closed && m.StartsAt >= start && m.StartsAt < end)
            .Select(m => new { m.OrganizationId, Paperless = db.MeetingMaterials.Any(x => x.MeetingId == m.Id && x.Released) }).ToListAsync(ct);
        result["paperless-meetings"] = Group(meetings, x => x.OrganizationId, x => x.Paperless);
        return result;
    }
}
