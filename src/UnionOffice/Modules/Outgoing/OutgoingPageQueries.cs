using UnionOffice.Modules.Organizations;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Outgoing;

public sealed record OrganOption(Guid Id, string Code, string Name);
public sealed record RecipientGroup(string Name, List<OrganOption> Organs);

/// <summary>What the outgoing pages need around the services: the person's organs, the counts of each list, the organs one can send to.</summary>
public sealed class OutgoingPageQueries(AppDbContext db, CurrentUser current, OutgoingDrafts drafts, Arrivals arrivals, TimeProvider time)
{
    public static readonly string[] Views = ["mine", "to-review", "to-sign", "to-issue", "paper", "issued", "comments"];

    /// <summary>The organs where the person holds a role matching the filter (any role when none is given), by code.</summary>
    public async Task<List<OrganOption>> OrgansAsync(Func<Grant, bool>? filter, CancellationToken ct)
    {
        var ids = (await current.GrantsAsync(ct)).Where(g => filter?.Invoke(g) ?? g.Role != Role.Administrator).Select(g => g.OrganizationId).Distinct().ToList();
        return (await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct))
            .Select(o => new OrganOption(o.Id, o.Code, o.Name)).OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The organ a list page is asked for, among the person's own (<paramref name="organs"/>): the first of them when none is
    /// named; another organ is kept as a stand-in by its code so that the service refuses it (403) rather than the page
    /// silently showing one's own instead.
    /// </summary>
    public static OrganOption? Chosen(IReadOnlyList<OrganOption> organs, string? code) =>
        code is { Length: > 0 } c && c.Trim() is { Length: > 0 } trimmed
            ? organs.FirstOrDefault(o => string.Equals(o.Code, trimmed, StringComparison.OrdinalIgnoreCase)) ?? new OrganOption(Guid.Empty, trimmed.ToUpperInvariant(), trimmed)
            : organs.FirstOrDefault();

    /// <summary>How many documents each list of the organ holds for the person, all of them (a list shows at most 200).</summary>
    public Task<Dictionary<string, int>> CountsAsync(string organizationCode, CancellationToken ct) => drafts.CountsAsync(organizationCode, Views, ct);

    /// <summary>Documents waiting in the "to register" queues of the organs where the person is clerk or head.</summary>
    public async Task<int> ArrivalsWaitingAsync(CancellationToken ct)
    {
        var n = 0;
        foreach (var o in await OrgansAsync(g => g.Role is Role.Clerk or Role.Head, ct)) n += (await arrivals.ListAsync(o.Code, true, ct)).Count;
        return n;
    }

    /// <summary>Who can be named signer, with how they sign: the organ's heads, its deputies (KT., with their fields), and unit heads given thừa lệnh / thừa ủy quyền now.</summary>
    public sealed record SignerOption(string UserName, string Label);

    public async Task<List<SignerOption>> SignersAsync(Guid organizationId, CancellationToken ct)
    {
        var leaders = await (from r in db.RoleAssignments.AsNoTracking()
                             join u in db.Users.AsNoTracking() on r.UserId equals u.Id
                             join d in db.Departments.AsNoTracking() on r.DepartmentId equals d.Id into ds
                             from d in ds.DefaultIfEmpty()
                             where r.OrganizationId == organizationId && (r.Role == Role.Head || r.Role == Role.Deputy) && u.Status == AccountStatus.Active
                             orderby u.FullName
                             select new { u.UserName, u.FullName, u.JobTitle, r.Role, Field = d == null ? null : d.Name }).ToListAsync(ct);
        var today = Common.Formats.Today(time);
        var mandated = await (from d in db.Delegations.AsNoTracking()
                              join u in db.Users.AsNoTracking() on d.ToUserId equals u.Id
                              where d.OrganizationId == organizationId && d.Kind != DelegationKind.Role && d.Status == DelegationStatus.Approved
                                    && d.StartDate <= today && d.EndDate >= today && u.Status == AccountStatus.Active
                              select new { u.UserName, u.FullName, d.Kind, d.DocumentTypes }).ToListAsync(ct);
        // A deputy is shown with the fields they sign KT. for; the head with their title.
        return leaders.GroupBy(l => l.UserName).Select(g =>
            {
                var first = g.First();
                var fields = g.Where(x => x.Role == Role.Deputy && x.Field != null).Select(x => x.Field!).Order(StringComparer.Ordinal).ToList();
                var label = fields.Count > 0 ? $"{first.FullName} (KT., lĩnh vực: {string.Join(", ", fields)})"
                    : first.JobTitle is { Length: > 0 } t ? $"{first.FullName} ({t})" : first.FullName;
                return new SignerOption(first.UserName!, label);
            })
            .Concat(mandated.Select(m => new SignerOption(m.UserName!,
                $"{m.FullName} ({(m.Kind == DelegationKind.SignByOrder ? "TL." : "TUQ.")}: {m.DocumentTypes?.Replace(";", ", ", StringComparison.Ordinal)})")))
            .ToList();
    }

    /// <summary>Every active organ of the system but the sender, for the recipients list.</summary>
    /// <summary>
    /// The recipients offered, in the groups people send to (issue 22 §4): "Các LĐLĐ tỉnh, thành phố", "Các công đoàn
    /// ngành Trung ương", "Đơn vị trực thuộc"… — each can be chosen whole.
    /// </summary>
    public async Task<List<RecipientGroup>> RecipientGroupsAsync(Guid senderId, CancellationToken ct) =>
        (await db.Organizations.AsNoTracking().Where(o => o.IsActive && o.Id != senderId).Select(o => new { o.Id, o.Code, o.Name, o.Kind }).ToListAsync(ct))
            .GroupBy(o => o.Kind).OrderBy(g => g.Key)
            .Select(g => new RecipientGroup(GroupName(g.Key), g.Select(o => new OrganOption(o.Id, o.Code, o.Name)).OrderBy(o => o.Code, StringComparer.Ordinal).ToList()))
            .ToList();

    private static string GroupName(OrganizationKind kind) => kind switch
    {
        OrganizationKind.Confederation => "Tổng Liên đoàn Lao động Việt Nam",
        OrganizationKind.ProvincialFederation => "Các LĐLĐ tỉnh, thành phố",
        OrganizationKind.SectorUnion => "Các công đoàn ngành Trung ương và tương đương",
        OrganizationKind.DirectUnit => "Các đơn vị trực thuộc Tổng Liên đoàn",
        OrganizationKind.UpperUnion => "Các công đoàn cấp trên trực tiếp cơ sở",
        _ => "Các công đoàn cơ sở",
    };
}
