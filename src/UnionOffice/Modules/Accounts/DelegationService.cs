using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// <paramref name="Kind"/>: "Role" (default — the whole role, ký thay for a head), "SignByOrder" (thừa lệnh) or
/// "SignByAuthorisation" (thừa ủy quyền); the last two need <paramref name="DocumentTypes"/>.
/// </summary>
public sealed record NewDelegation(string ToUserName, string OrganizationCode, string Role, DateOnly StartDate, DateOnly EndDate, string? Reason,
    string? Kind = null, IReadOnlyList<string>? DocumentTypes = null);

/// <summary>
/// Ủy quyền: the holder of a role asks to hand it to a colleague of the same organ for a date range; a Head of
/// the organ approves (a Head delegating their own role approves by asking). While in force the delegate holds the
/// role, and what they do is recorded as done on behalf of the delegator.
/// </summary>
/// <summary>A person who may be named delegate: chosen by name and where they work, sent as the user name.</summary>
public sealed record DelegateOption(string UserName, string FullName, string Where);

public sealed class DelegationService(AppDbContext db, CurrentUser current, AccessPolicy access, Auditor audit, TimeProvider time)
{
    public async Task<Delegation> RequestAsync(NewDelegation r, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var code = (r.OrganizationCode ?? "").Trim().ToUpperInvariant();
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new DomainException(Error.NotFound("cơ quan"));
        if (!Roles.TryParse(r.Role, out var role)) throw new DomainException(AccountErrors.RoleInvalid(r.Role));
        if (!await db.RoleAssignments.AnyAsync(a => a.UserId == me.Id && a.OrganizationId == org.Id && a.Role == role, ct))
            throw new DomainException(AccountErrors.DelegatorLacksRole);
        var toName = (r.ToUserName ?? "").Trim().ToLowerInvariant();
        var to = await db.Users.FirstOrDefaultAsync(u => u.UserName == toName && u.Status == AccountStatus.Active, ct);
        if (to is null || !await db.RoleAssignments.AnyAsync(a => a.UserId == to.Id && a.OrganizationId == org.Id, ct))
            throw new DomainException(AccountErrors.DelegateNotInOrgan);
        var now = time.GetUtcNow();
        if (r.EndDate < Formats.Today(time)) throw new DomainException(AccountErrors.DelegationPast);
        var kind = DelegationKind.Role;
        if (!string.IsNullOrWhiteSpace(r.Kind) && (!Enum.TryParse(r.Kind.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(r.Kind, out _)))
            throw new DomainException(AccountErrors.DelegationKindInvalid);
        List<string>? types = null;
        if (kind != DelegationKind.Role)
        {
            // NĐ30 Điều 13.3–4: thừa lệnh / thừa ủy quyền go to the head of a unit of the organ, for named types of document.
            if (!await db.RoleAssignments.AnyAsync(a => a.UserId == to.Id && a.OrganizationId == org.Id && a.Role == Role.DepartmentHead, ct))
                throw new DomainException(AccountErrors.SigningDelegateNotUnitHead);
            types = [];
            foreach (var name in r.DocumentTypes ?? [])
                types.Add((Outgoing.DocumentTypes.Find(name) ?? throw new DomainException(AccountErrors.SigningDelegationTypeUnknown(name))).Name);
        }
        var d = new Delegation(org.Id, me.Id, to.Id, role, r.StartDate, r.EndDate, r.Reason, now, kind, types);
        db.Delegations.Add(d);
        audit.Record(AuditActions.DelegationRequested, org.Id, "delegation", d.Id.ToString(),
            new { to = to.UserName, role = role.ToString(), kind = kind.ToString(), types = d.DocumentTypes, from = r.StartDate, until = r.EndDate });
        // The head is the approver; a head delegating their own authority decides by asking.
        if (await db.RoleAssignments.AnyAsync(a => a.UserId == me.Id && a.OrganizationId == org.Id && a.Role == Role.Head, ct))
        {
            d.Approve(me.Id, now);
            audit.Record(AuditActions.DelegationApproved, org.Id, "delegation", d.Id.ToString());
        }
        await db.SaveChangesAsync(ct);
        return d;
    }

    public async Task<Delegation> DecideAsync(Guid id, bool approve, CancellationToken ct)
    {
        var d = await db.Delegations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(Error.NotFound("ủy quyền"));
        var grant = await access.HeadGrantAsync(d.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        var me = current.UserId!.Value;
        if (d.FromUserId == me || (grant.OnBehalfOfUserId is { } principal && principal == d.FromUserId))
            throw new DomainException(Error.Forbidden); // nobody approves their own request, directly or by delegation
        if (approve) d.Approve(me, time.GetUtcNow()); else d.Reject(me, time.GetUtcNow());
        audit.Record(approve ? AuditActions.DelegationApproved : AuditActions.DelegationRejected, d.OrganizationId,
            "delegation", d.Id.ToString(), onBehalfOf: grant.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
        return d;
    }

    public async Task<Delegation> RevokeAsync(Guid id, CancellationToken ct)
    {
        var d = await db.Delegations.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(Error.NotFound("ủy quyền"));
        var me = current.UserId!.Value;
        var head = await access.HeadGrantAsync(d.OrganizationId, ct);
        if (d.FromUserId != me && head is null && !await access.CanAdministerAsync(d.OrganizationId, ct))
            throw new DomainException(Error.Forbidden);
        d.Revoke(me, time.GetUtcNow());
        audit.Record(AuditActions.DelegationRevoked, d.OrganizationId, "delegation", d.Id.ToString(),
            onBehalfOf: d.FromUserId == me ? null : head?.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
        return d;
    }

    public sealed record DelegationView(Guid Id, string OrganizationCode, string OrganizationName, string FromUserName, string FromFullName,
        string ToUserName, string ToFullName, Role Role, DateOnly StartDate, DateOnly EndDate, string? Reason, DelegationStatus Status, bool InForce,
        DelegationKind Kind, IReadOnlyList<string> DocumentTypes);

    /// <summary>
    /// Whom the person may name as delegate, by name (issue 22 §2: the form asked for a user name): the active people
    /// holding a role in the organs where the person holds a role of their own, other than themselves and administrators.
    /// </summary>
    public async Task<List<DelegateOption>> CandidatesAsync(CancellationToken ct)
    {
        var me = current.UserId;
        var organs = (await current.GrantsAsync(ct)).Where(g => g.OnBehalfOfUserId is null).Select(g => g.OrganizationId).Distinct().ToList();
        var rows = await (from r in db.RoleAssignments.AsNoTracking()
                          join u in db.Users on r.UserId equals u.Id
                          join o in db.Organizations on r.OrganizationId equals o.Id
                          join d in db.Departments on r.DepartmentId equals d.Id into dj
                          from d in dj.DefaultIfEmpty()
                          where organs.Contains(r.OrganizationId) && u.Id != me && u.Status == AccountStatus.Active && r.Role != Role.Administrator
                          select new { u.UserName, u.FullName, Organ = o.Name, Department = d == null ? null : d.Name }).ToListAsync(ct);
        return rows.GroupBy(x => x.UserName!)
            .Select(g => new DelegateOption(g.Key, g.First().FullName,
                string.Join(", ", g.Select(x => x.Department is null ? x.Organ : $"{x.Department}, {x.Organ}").Distinct())))
            .OrderBy(x => x.FullName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Delegations the person gave or received, plus those of organs where they are Head or administrator.</summary>
    public async Task<List<DelegationView>> ListAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var grants = await current.GrantsAsync(ct);
        var orgs = grants.Where(g => g.Role is Role.Head).Select(g => g.OrganizationId).ToHashSet();
        foreach (var root in await access.AdministeredRootsAsync(ct))
            orgs.UnionWith(await Organizations.OrganizationTree.DescendantsAndSelfAsync(db, root, ct));
        var today = Formats.Today(time);
        var rows = await (from d in db.Delegations
                          join o in db.Organizations on d.OrganizationId equals o.Id
                          join f in db.Users on d.FromUserId equals f.Id
                          join t in db.Users on d.ToUserId equals t.Id
                          where d.FromUserId == me || d.ToUserId == me || orgs.Contains(d.OrganizationId)
                          orderby d.CreatedAt descending
                          select new { d, o.Code, o.Name, F = f.UserName, FN = f.FullName, T = t.UserName, TN = t.FullName })
            .Take(500).ToListAsync(ct);
        return rows.Select(x => new DelegationView(x.d.Id, x.Code, x.Name, x.F!, x.FN, x.T!, x.TN, x.d.Role, x.d.StartDate,
            x.d.EndDate, x.d.Reason, x.d.Status, x.d.IsInForce(today), x.d.Kind, (x.d.DocumentTypes ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))).ToList();
    }
}
