using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Statistics;

public sealed record AccessFigures(string Code, string Name, int Accounts, int ActiveAccounts, int Logins, int PeopleLoggedIn, int FailedLogins, int DocumentsOpened,
    int DossiersOpened);
public sealed record AccessReport(string OrganizationCode, string OrganizationName, DateOnly From, DateOnly To, AccessFigures Total, List<AccessFigures> Organs);

/// <summary>
/// Access statistics for administrators (NĐ30 Phụ lục VI §III.6a–b, issue 20 §5): per organ and period, its accounts
/// (active now), logins and the people who logged in, failed logins, documents and dossiers opened — counted from the
/// audit log, which records each of those (one row per opening), so the figures are what the log can show.
/// </summary>
public sealed class AccessStatistics(AppDbContext db, AccessPolicy access, Statistics statistics)
{
    /// <summary>The audit actions that are someone opening a document's file, an arrival, a task's file or a meeting's material.</summary>
    public static readonly string[] DocumentActions =
        ["incoming.file.viewed", "incoming.file.downloaded", "incoming.arrival.viewed", "outgoing.file.viewed", "task.file.opened", "meeting.material.opened", "meeting.material.downloaded"];

    /// <summary>The audit actions that are someone opening a dossier, one of its items, or an archived dossier.</summary>
    public static readonly string[] DossierActions = ["dossier.opened", "dossier.item.opened", "archive.dossier.read"];

    public async Task<AccessReport> ReportAsync(string? organizationCode, DateOnly? from, DateOnly? to, bool below, CancellationToken ct)
    {
        var (org, f, t) = await statistics.PeriodAsync(organizationCode, from, to, ct);
        if (!await access.CanAdministerAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var ids = below ? (await OrganizationTree.DescendantsAndSelfAsync(db, org.Id, ct)).ToList() : [org.Id];
        var (start, end) = Statistics.Instants(f, t);
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.HomeOrganizationId))
            .GroupBy(u => u.HomeOrganizationId).Select(g => new { g.Key, All = g.Count(), Active = g.Count(u => u.Status == AccountStatus.Active) })
            .ToDictionaryAsync(x => x.Key, ct);
        string[] counted = [AuditActions.LoginSucceeded, AuditActions.LoginFailed, .. DocumentActions, .. DossierActions];
        var events = await db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId != null && ids.Contains(a.OrganizationId.Value) && a.At >= start && a.At < end && counted.Contains(a.Action))
            .GroupBy(a => new { a.OrganizationId, a.Action })
            .Select(g => new { g.Key.OrganizationId, g.Key.Action, Count = g.Count(), People = g.Select(a => a.ActorUserId).Distinct().Count() })
            .ToListAsync(ct);
        var rows = names.OrderBy(n => n.Code, StringComparer.Ordinal).Select(n =>
        {
            var e = events.Where(x => x.OrganizationId == n.Id).ToList();
            var a = accounts.GetValueOrDefault(n.Id);
            var logins = e.Where(x => x.Action == AuditActions.LoginSucceeded).ToList();
            return new AccessFigures(n.Code, n.Name, a?.All ?? 0, a?.Active ?? 0, logins.Sum(x => x.Count), logins.Sum(x => x.People),
                e.Where(x => x.Action == AuditActions.LoginFailed).Sum(x => x.Count), e.Where(x => DocumentActions.Contains(x.Action)).Sum(x => x.Count),
                e.Where(x => DossierActions.Contains(x.Action)).Sum(x => x.Count));
        }).ToList();
        var total = new AccessFigures(org.Code, org.Name, rows.Sum(r => r.Accounts), rows.Sum(r => r.ActiveAccounts), rows.Sum(r => r.Logins), rows.Sum(r => r.PeopleLoggedIn),
            rows.Sum(r => r.FailedLogins), rows.Sum(r => r.DocumentsOpened), rows.Sum(r => r.DossiersOpened));
        return new AccessReport(org.Code, org.Name, f, t, total, below ? rows : []);
    }
}
