using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Statistics;

public sealed record IncomingFigures(int Received, int Directed, int Done, int OnTime, int Late, int OverdueNow, int Open, double? AverageDays);
public sealed record OutgoingFigures(int Drafted, int Issued, int Returned, int SignedDigitally, int SentInternal, int SentInterconnect, int SentEmail, int OnPaper);
/// <summary>Meetings held in the period (closed), those held paperless (materials released in the system), and materials opened in them.</summary>
public sealed record MeetingFigures(int Held, int Paperless, int MaterialsOpened);
public sealed record OrganFigures(string Code, string Name, IncomingFigures Incoming, OutgoingFigures Outgoing, MeetingFigures? Meetings = null);
/// <summary>A department's or a person's part: incoming documents they lead (assigned, done, on time, late, overdue now) and outgoing drafts.</summary>
public sealed record UnitFigures(string Key, string Name, int Assigned, int Done, int OnTime, int Late, int OverdueNow, int Drafted, int Issued);
/// <summary>One month of an organ's (or a tree's) trend: documents registered, documents issued.</summary>
public sealed record MonthFigures(int Year, int Month, int Received, int Issued);
/// <summary>A document behind a figure, as its reader may see it in a list.</summary>
public sealed record FigureDocument(Guid Id, long ArrivalNumber, string Code, string Issuer, string Subject, DateOnly ArrivalDate, DateOnly? DueDate, DateTimeOffset? DoneAt,
    string Status);
/// <param name="Scope">organ: the organ's (and below) figures; department: the departments the person leads; own: the person's.</param>
public sealed record HandlingReport(string OrganizationCode, string OrganizationName, DateOnly From, DateOnly To, string Scope, OrganFigures? Total,
    List<OrganFigures> Organs, List<UnitFigures> Departments, List<UnitFigures> People);

/// <summary>
/// Handling statistics (issue 20 §1; NĐ30 Phụ lục VI §V.2, §V.4) for a period, computed from the documents themselves, never
/// typed in: incoming received (registered in the period), directed, done on time or late against their deadline, overdue
/// now, the average days from registration to done; outgoing drafted, issued, returned in review, signed digitally, and
/// how they went (inside the system, over the interconnection, by e-mail, on paper too). Heads and administrators of an
/// organ see it — and, rolled up, every organ below it; department heads their departments; everyone their own part.
/// </summary>
public sealed class Statistics(AppDbContext db, AccessPolicy access, CurrentUser current, TimeProvider time)
{
    public const int MaxDays = 1100;

    public async Task<HandlingReport> HandlingAsync(string? organizationCode, DateOnly? from, DateOnly? to, bool below, CancellationToken ct)
    {
        var (org, f, t) = await PeriodAsync(organizationCode, from, to, ct);
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var scope = await ScopeAsync(org.Id, ct);
        var today = Formats.Today(time);
        if (scope == "organ")
        {
            var ids = below ? (await OrganizationTree.DescendantsAndSelfAsync(db, org.Id, ct)).ToList() : [org.Id];
            var organs = await OrgansAsync(ids, f, t, today, ct);
            var total = Sum(org.Code, org.Name, organs);
            // The organ's own departments and people, whether or not the organs below are rolled up with it.
            var (departments, people) = await UnitsAsync(org.Id, f, t, today, null, null, ct);
            return new HandlingReport(org.Code, org.Name, f, t, scope, total, below ? organs : [], departments, people);
        }
        if (scope == "department")
        {
            var led = (await current.GrantsAsync(ct)).Where(g => g.OrganizationId == org.Id && g.Role == Role.DepartmentHead && g.DepartmentId != null)
                .Select(g => g.DepartmentId!.Value).Distinct().ToList();
            var (departments, people) = await UnitsAsync(org.Id, f, t, today, led, null, ct);
            return new HandlingReport(org.Code, org.Name, f, t, scope, null, [], departments, people);
        }
        var (_, mine) = await UnitsAsync(org.Id, f, t, today, [], me, ct);
        return new HandlingReport(org.Code, org.Name, f, t, scope, null, [], [], mine);
    }

    /// <summary>
    /// The last twelve months up to <paramref name="to"/>'s month, for the organ (and those below it): documents received
    /// and issued, counted month by month in the database from the organ-and-date index, so a year of the whole tree is
    /// two dozen index-only counts.
    /// For those who see the organ's figures.
    /// </summary>
    public async Task<List<MonthFigures>> TrendAsync(string? organizationCode, DateOnly? to, bool below, CancellationToken ct)
    {
        var (org, _, t) = await PeriodAsync(organizationCode, null, to, ct);
        if (await ScopeAsync(org.Id, ct) != "organ") throw new DomainException(Error.Forbidden);
        var ids = below ? (await OrganizationTree.DescendantsAndSelfAsync(db, org.Id, ct)).ToList() : [org.Id];
        var result = new List<MonthFigures>();
        for (var k = 11; k >= 0; k--)
        {
            var first = new DateOnly(t.Year, t.Month, 1).AddMonths(-k);
            var last = first.AddMonths(1).AddDays(-1);
            var (start, end) = Instants(first, last);
            // Counted from the organ-and-date index alone (how many were done needs every row: that is the period's report).
            var received = await db.IncomingDocuments.AsNoTracking().CountAsync(d => ids.Contains(d.OrganizationId) && d.RegisteredAt >= start && d.RegisteredAt < end, ct);
            result.Add(new MonthFigures(first.Year, first.Month, received,
                await db.OutgoingDocuments.AsNoTracking().CountAsync(d => ids.Contains(d.OrganizationId) && d.IssuedDate >= first && d.IssuedDate <= last
                    && (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled), ct)));
        }
        return result;
    }

    public static readonly string[] Figures = ["received", "directed", "done", "on-time", "late", "overdue", "open"];

    /// <summary>
    /// The incoming documents behind one of an organ's figures for the period (the first 500, newest first) — only those the
    /// person may read: all of the organ's for its clerks and heads; otherwise those their departments or they themselves
    /// were given to lead. A head of a higher organ sees the province's figures, not its documents.
    /// </summary>
    public async Task<List<FigureDocument>> DocumentsAsync(string? organizationCode, DateOnly? from, DateOnly? to, string? figure, CancellationToken ct)
    {
        var (org, f, t) = await PeriodAsync(organizationCode, from, to, ct);
        await ScopeAsync(org.Id, ct);
        var which = (figure ?? "received").Trim().ToLowerInvariant();
        if (!Figures.Contains(which)) throw new DomainException(StatisticsErrors.Invalid($"Chỉ số \"{(which.Length > 20 ? which[..20] : which)}\" không có; chọn một trong: {string.Join(", ", Figures)}."));
        var (start, end) = Instants(f, t);
        var today = Formats.Today(time);
        var q = db.IncomingDocuments.AsNoTracking().Where(d => d.OrganizationId == org.Id && d.RegisteredAt >= start && d.RegisteredAt < end);
        if (!await access.CanReadIncomingAsync(org.Id, ct))
        {
            var me = current.UserId;
            var led = await current.DepartmentsLedAsync(ct);
            q = q.Where(d => db.IncomingAssignments.Any(a => a.DocumentId == d.Id && a.Kind == AssignmentKind.Lead && a.Status != AssignmentStatus.Reassigned
                && (a.UserId == me || (a.UserId == null && a.DepartmentId != null && led.Contains(a.DepartmentId.Value)))));
        }
        q = which switch
        {
            "directed" => q.Where(d => d.DirectedAt != null),
            "done" or "on-time" or "late" => q.Where(d => d.Status == IncomingStatus.Done && d.DoneAt != null),
            "open" => q.Where(d => d.Status != IncomingStatus.Done),
            "overdue" => q.Where(d => d.Status != IncomingStatus.Done && d.DueDate < today),
            _ => q,
        };
        var rows = await q.OrderByDescending(d => d.RegisteredAt).ThenByDescending(d => d.ArrivalNumber).Take(which is "on-time" or "late" ? 5000 : 500)
            .Select(d => new { d.Id, d.ArrivalNumber, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.ArrivalDate, d.DueDate, d.DoneAt, d.Status }).ToListAsync(ct);
        return rows.Where(d => which switch { "on-time" => OnTime(d.DoneAt!.Value, d.DueDate), "late" => !OnTime(d.DoneAt!.Value, d.DueDate), _ => true }).Take(500)
            .Select(d => new FigureDocument(d.Id, d.ArrivalNumber, $"{d.CodeNumber}/{d.CodeNotation}", d.IssuerName, d.Subject, d.ArrivalDate, d.DueDate, d.DoneAt,
                IncomingErrors.StatusName(d.Status))).ToList();
    }

    /// <summary>The organs whose figures the person may open: where they work, and every organ below those they lead or administer.</summary>
    public async Task<List<(string Code, string Name)>> OrgansAsync(CancellationToken ct)
    {
        var grants = (await current.GrantsAsync(ct)).Where(g => g.OnBehalfOfUserId is null).ToList();
        var ids = grants.Select(g => g.OrganizationId).ToHashSet();
        foreach (var g in grants.Where(g => g.Role is Role.Head or Role.Deputy or Role.Administrator).Select(g => g.OrganizationId).Distinct().ToList())
            ids.UnionWith(await OrganizationTree.DescendantsAndSelfAsync(db, g, ct));
        return (await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id) && o.IsActive).Select(o => new { o.Code, o.Name }).ToListAsync(ct))
            .OrderBy(o => o.Code.Count(c => c == '.')).ThenBy(o => o.Code, StringComparer.Ordinal).Select(o => (o.Code, o.Name)).ToList();
    }

    /// <summary>
    /// What the person may see of an organ's figures: "organ" for its heads, deputies and administrators — and those of any
    /// organ above it —, "department" for its department heads, "own" for everyone else who works there; nothing otherwise.
    /// </summary>
    internal async Task<string> ScopeAsync(Guid organizationId, CancellationToken ct)
    {
        var grants = await current.GrantsAsync(ct);
        var chain = await OrganizationTree.AncestorsAndSelfAsync(db, organizationId, ct);
        if (grants.Any(g => chain.Contains(g.OrganizationId) && g.Role is Role.Head or Role.Deputy && g.OnBehalfOfUserId is null)
            || await access.CanAdministerAsync(organizationId, ct))
            return "organ";
        if (grants.Any(g => g.OrganizationId == organizationId && g.Role == Role.DepartmentHead && g.OnBehalfOfUserId is null)) return "department";
        if (grants.Any(g => g.OrganizationId == organizationId && g.OnBehalfOfUserId is null)) return "own";
        throw new DomainException(Error.Forbidden);
    }

    internal async Task<(Organization Org, DateOnly From, DateOnly To)> PeriodAsync(string? organizationCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        var today = Formats.Today(time);
        var t = to ?? today;
        var f = from ?? new DateOnly(t.Year, t.Month, 1);
        if (f > t) throw new DomainException(StatisticsErrors.Invalid("Ngày bắt đầu phải trước ngày kết thúc của kỳ thống kê."));
        if (t.DayNumber - f.DayNumber > MaxDays) throw new DomainException(StatisticsErrors.Invalid("Kỳ thống kê dài nhất 3 năm."));
        return (org, f, t);
    }

    /// <summary>The instants a period of days covers in Việt Nam time: from the first day's midnight to the day after the last.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) Instants(DateOnly from, DateOnly to) =>
        (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime(),
         new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime());

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Formats.VietnamOffset).DateTime);

    /// <summary>Done by its deadline: the day it was done (Việt Nam time) not after the due day; a document without one is on time.</summary>
    internal static bool OnTime(DateTimeOffset doneAt, DateOnly? due) => due is not { } d || Day(doneAt) <= d;

    internal async Task<List<OrganFigures>> OrgansAsync(List<Guid> ids, DateOnly from, DateOnly to, DateOnly today, CancellationToken ct)
    {
        var (start, end) = Instants(from, to);
        var (first, last) = (from, to); // "from" is a keyword inside query expressions
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
        var incoming = await db.IncomingDocuments.AsNoTracking()
            .Where(d => ids.Contains(d.OrganizationId) && d.RegisteredAt >= start && d.RegisteredAt < end)
            .Select(d => new { d.OrganizationId, d.Status, d.DueDate, d.DoneAt, d.RegisteredAt, Directed = d.DirectedAt != null }).ToListAsync(ct);
        var drafted = await db.OutgoingDocuments.AsNoTracking().Where(d => ids.Contains(d.OrganizationId) && d.CreatedAt >= start && d.CreatedAt < end)
            .GroupBy(d => d.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var issued = await db.OutgoingDocuments.AsNoTracking()
            .Where(d => ids.Contains(d.OrganizationId) && d.IssuedDate >= from && d.IssuedDate <= to && (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled))
            .Select(d => new { d.Id, d.OrganizationId, Signed = d.SignedSha256 != null }).ToListAsync(ct);
        var returned = await (from e in db.OutgoingTrail.AsNoTracking()
                              join d in db.OutgoingDocuments on e.DocumentId equals d.Id
                              where ids.Contains(d.OrganizationId) && e.Action == "returned" && e.At >= start && e.At < end
                              select new { d.OrganizationId, d.Id }).Distinct().ToListAsync(ct);
        var issuedIds = issued.Select(i => i.Id).ToList();
        var deliveries = await (from x in db.Deliveries.AsNoTracking()
                                join d in db.OutgoingDocuments on x.DocumentId equals d.Id
                                where ids.Contains(d.OrganizationId) && d.IssuedDate >= first && d.IssuedDate <= last
                                      && (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled)
                                select new { d.OrganizationId, x.Kind, x.OnPaper }).ToListAsync(ct);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => ids.Contains(m.OrganizationId) && m.Status == Meetings.MeetingStatus.Closed && m.StartsAt >= start && m.StartsAt < end)
            .Select(m => new { m.OrganizationId, Paperless = db.MeetingMaterials.Any(x => x.MeetingId == m.Id && x.Released) }).ToListAsync(ct);
        var opened = await db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId != null && ids.Contains(a.OrganizationId.Value) && a.Action == "meeting.material.opened" && a.At >= start && a.At < end)
            .GroupBy(a => a.OrganizationId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        // Grouped once: a roll-up of 95 organs looks each organ's rows up instead of scanning all of them 95 times.
        var meetingsBy = meetings.ToLookup(m => m.OrganizationId);
        var incomingBy = incoming.ToLookup(d => d.OrganizationId);
        var issuedBy = issued.ToLookup(d => d.OrganizationId);
        var deliveriesBy = deliveries.ToLookup(d => d.OrganizationId);
        var returnedBy = returned.GroupBy(r => r.OrganizationId).ToDictionary(g => g.Key, g => g.Count());
        return names.OrderBy(n => n.Code, StringComparer.Ordinal).Select(n =>
        {
            var inc = incomingBy[n.Id].ToList();
            var done = inc.Where(d => d.Status == IncomingStatus.Done && d.DoneAt is not null).ToList();
            var onTime = done.Count(d => OnTime(d.DoneAt!.Value, d.DueDate));
            var open = inc.Where(d => d.Status != IncomingStatus.Done).ToList();
            var iss = issuedBy[n.Id].ToList();
            var del = deliveriesBy[n.Id].ToList();
            return new OrganFigures(n.Code, n.Name,
                new IncomingFigures(inc.Count, inc.Count(d => d.Directed), done.Count, onTime, done.Count - onTime, open.Count(d => d.DueDate < today), open.Count,
                    done.Count == 0 ? null : Math.Round(done.Average(d => (d.DoneAt!.Value - d.RegisteredAt).TotalDays), 1)),
                new OutgoingFigures(drafted.GetValueOrDefault(n.Id), iss.Count, returnedBy.GetValueOrDefault(n.Id), iss.Count(d => d.Signed),
                    del.Count(d => d.Kind == RecipientKind.Internal), del.Count(d => d.Kind == RecipientKind.External), del.Count(d => d.Kind == RecipientKind.Email),
                    del.Count(d => d.OnPaper)),
                new MeetingFigures(meetingsBy[n.Id].Count(), meetingsBy[n.Id].Count(m => m.Paperless), opened.GetValueOrDefault(n.Id)));
        }).ToList();
    }

    private static OrganFigures Sum(string code, string name, List<OrganFigures> organs)
    {
        var done = organs.Sum(o => o.Incoming.Done);
        var days = organs.Where(o => o.Incoming.AverageDays is not null).Sum(o => o.Incoming.AverageDays!.Value * o.Incoming.Done);
        return new OrganFigures(code, name,
            new IncomingFigures(organs.Sum(o => o.Incoming.Received), organs.Sum(o => o.Incoming.Directed), done, organs.Sum(o => o.Incoming.OnTime),
                organs.Sum(o => o.Incoming.Late), organs.Sum(o => o.Incoming.OverdueNow), organs.Sum(o => o.Incoming.Open), done == 0 ? null : Math.Round(days / done, 1)),
            new OutgoingFigures(organs.Sum(o => o.Outgoing.Drafted), organs.Sum(o => o.Outgoing.Issued), organs.Sum(o => o.Outgoing.Returned),
                organs.Sum(o => o.Outgoing.SignedDigitally), organs.Sum(o => o.Outgoing.SentInternal), organs.Sum(o => o.Outgoing.SentInterconnect),
                organs.Sum(o => o.Outgoing.SentEmail), organs.Sum(o => o.Outgoing.OnPaper)),
            new MeetingFigures(organs.Sum(o => o.Meetings?.Held ?? 0), organs.Sum(o => o.Meetings?.Paperless ?? 0), organs.Sum(o => o.Meetings?.MaterialsOpened ?? 0)));
    }

    /// <summary>
    /// The organ's departments and people: the incoming documents registered in the period they were given to lead (the
    /// first direction's lead, not handed on), and the outgoing drafts they wrote. Limited to some departments (a department
    /// head's) or to one person (their own).
    /// </summary>
    private async Task<(List<UnitFigures> Departments, List<UnitFigures> People)> UnitsAsync(Guid orgId, DateOnly from, DateOnly to, DateOnly today,
        List<Guid>? departments, Guid? person, CancellationToken ct)
    {
        var (start, end) = Instants(from, to);
        var leads = await (from a in db.IncomingAssignments.AsNoTracking()
                           join d in db.IncomingDocuments on a.DocumentId equals d.Id
                           where d.OrganizationId == orgId && d.RegisteredAt >= start && d.RegisteredAt < end && a.Kind == AssignmentKind.Lead
                                 && a.Status != AssignmentStatus.Reassigned && a.Status != AssignmentStatus.Returned
                           select new { a.DepartmentId, a.UserId, a.Status, a.CompletedAt, Due = a.Deadline ?? d.DueDate }).ToListAsync(ct);
        var drafts = await db.OutgoingDocuments.AsNoTracking().Where(d => d.OrganizationId == orgId && d.CreatedAt >= start && d.CreatedAt < end)
            .Select(d => new { d.DepartmentId, d.AuthorUserId, Issued = d.IssuedDate != null }).ToListAsync(ct);
        var deptNames = await db.Departments.AsNoTracking().Where(d => d.OrganizationId == orgId).Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct);

        var deptRows = new List<UnitFigures>();
        if (person is null)
            foreach (var dept in deptNames.Where(d => departments is null || departments.Contains(d.Id)).OrderBy(d => d.Code, StringComparer.Ordinal))
            {
                var parts = leads.Where(l => l.DepartmentId == dept.Id && l.UserId == null).ToList();
                var done = parts.Where(p => p.Status == AssignmentStatus.Done && p.CompletedAt is not null).ToList();
                var onTime = done.Count(p => OnTime(p.CompletedAt!.Value, p.Due));
                var written = drafts.Where(d => d.DepartmentId == dept.Id).ToList();
                deptRows.Add(new UnitFigures(dept.Code, dept.Name, parts.Count, done.Count, onTime, done.Count - onTime,
                    parts.Count(p => p.Status is not (AssignmentStatus.Done or AssignmentStatus.Ended) && p.Due < today), written.Count, written.Count(w => w.Issued)));
            }
        // People: those of the organ (or of the departments asked for, or the one person) with a part or a draft.
        var staff = await (from r in db.RoleAssignments.AsNoTracking()
                           join u in db.Users on r.UserId equals u.Id
                           where r.OrganizationId == orgId && u.Status == AccountStatus.Active
                           select new { u.Id, u.UserName, u.FullName, r.DepartmentId }).ToListAsync(ct);
        var people = staff.Where(s => person is null ? departments is null || (s.DepartmentId is { } dep && departments.Contains(dep)) : s.Id == person)
            .GroupBy(s => s.Id).Select(g => g.First()).OrderBy(s => s.FullName, StringComparer.Create(Formats.Vi, false)).ToList();
        var personRows = new List<UnitFigures>();
        foreach (var p in people)
        {
            var parts = leads.Where(l => l.UserId == p.Id).ToList();
            var done = parts.Where(x => x.Status == AssignmentStatus.Done && x.CompletedAt is not null).ToList();
            var onTime = done.Count(x => OnTime(x.CompletedAt!.Value, x.Due));
            var written = drafts.Where(d => d.AuthorUserId == p.Id).ToList();
            if (person is null && parts.Count == 0 && written.Count == 0) continue;
            personRows.Add(new UnitFigures(p.UserName!, p.FullName, parts.Count, done.Count, onTime, done.Count - onTime,
                parts.Count(x => x.Status is not (AssignmentStatus.Done or AssignmentStatus.Ended) && x.Due < today), written.Count, written.Count(w => w.Issued)));
        }
        return (deptRows, personRows);
    }
}

public static class StatisticsErrors
{
    public static Error Invalid(string message) => new("STATISTICS_INVALID", message);
}
