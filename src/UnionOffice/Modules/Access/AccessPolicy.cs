using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Access;

/// <summary>
/// Who acts, and on whose behalf when under a delegation (<see cref="Kind"/>: which kind, when it matters — signing;
/// <see cref="Deputy"/>: a deputy signing KT. for the head in an assigned field, standing).
/// </summary>
public sealed record Act(Guid UserId, Guid? OnBehalfOfUserId, DelegationKind? Kind = null, bool Deputy = false);

/// <summary>
/// Every access decision of the foundation, in one place. Endpoints and pages ask here; nothing else
/// compares roles. An administrator of an organ administers that organ and everything below it.
/// </summary>
public sealed class AccessPolicy(CurrentUser current, AppDbContext db, TimeProvider time)
{
    public async Task<bool> IsAuthenticatedAsync(CancellationToken ct = default) => await current.AccessAsync(ct) is not null;

    public async Task<bool> CanAdministerAsync(Guid organizationId, CancellationToken ct = default)
    {
        var adminOrgs = (await current.GrantsAsync(ct)).Where(g => g.Role == Role.Administrator && g.OnBehalfOfUserId is null)
            .Select(g => g.OrganizationId).ToHashSet();
        if (adminOrgs.Count == 0) return false;
        var chain = await OrganizationTree.AncestorsAndSelfAsync(db, organizationId, ct);
        return chain.Any(adminOrgs.Contains);
    }

    public async Task<bool> IsAnyAdministratorAsync(CancellationToken ct = default) =>
        (await current.GrantsAsync(ct)).Any(g => g.Role == Role.Administrator && g.OnBehalfOfUserId is null);

    public async Task<bool> IsSystemAdministratorAsync(CancellationToken ct = default)
    {
        var root = await OrganizationTree.RootAsync(db, ct);
        return root is not null && (await current.GrantsAsync(ct))
            .Any(g => g.Role == Role.Administrator && g.OrganizationId == root.Id && g.OnBehalfOfUserId is null);
    }

    /// <summary>Organs the person administers (roots of their administrative scope).</summary>
    public async Task<List<Guid>> AdministeredRootsAsync(CancellationToken ct = default) =>
        (await current.GrantsAsync(ct)).Where(g => g.Role == Role.Administrator && g.OnBehalfOfUserId is null)
            .Select(g => g.OrganizationId).Distinct().ToList();

    public async Task RequireAdministerAsync(Guid organizationId, CancellationToken ct = default)
    {
        if (!await CanAdministerAsync(organizationId, ct)) throw new DomainException(Error.Forbidden);
    }

    public async Task RequireAnyAdministratorAsync(CancellationToken ct = default)
    {
        if (!await IsAnyAdministratorAsync(ct)) throw new DomainException(Error.Forbidden);
    }

    public async Task RequireSystemAdministratorAsync(CancellationToken ct = default)
    {
        if (!await IsSystemAdministratorAsync(ct)) throw new DomainException(Error.Forbidden);
    }

    /// <summary>
    /// An account is managed by whoever administers the organ that issued it <b>and</b> every organ where it holds a
    /// role: otherwise a lower administrator could reset the password of someone who is, say, a head or an
    /// administrator higher up, and sign in as them.
    /// </summary>
    public async Task<bool> CanManageUserAsync(AppUser user, CancellationToken ct = default)
    {
        if (!await CanAdministerAsync(user.HomeOrganizationId, ct)) return false;
        var organs = await db.RoleAssignments.Where(r => r.UserId == user.Id).Select(r => r.OrganizationId).Distinct().ToListAsync(ct);
        foreach (var organ in organs)
            if (!await CanAdministerAsync(organ, ct)) return false;
        return true;
    }

    public async Task RequireManageUserAsync(AppUser user, CancellationToken ct = default)
    {
        if (!await CanManageUserAsync(user, ct)) throw new DomainException(Error.Forbidden);
    }

    /// <summary>The grant under which the person holds a role in the organ (department): their own first, else a delegated one.</summary>
    private async Task<Grant?> GrantAsync(Role role, Guid organizationId, Guid? departmentId, CancellationToken ct) =>
        (await current.GrantsAsync(ct)).OrderBy(g => g.OnBehalfOfUserId is null ? 0 : 1)
            .FirstOrDefault(g => g.Role == role && g.OrganizationId == organizationId && (departmentId == null || g.DepartmentId == departmentId));

    private Act? ActOf(Grant? g) => g is null ? null : new Act(current.UserId!.Value, g.OnBehalfOfUserId);

    /// <summary>The grant under which the person may direct and decide on delegations in the organ: Head, own or delegated.</summary>
    public Task<Grant?> HeadGrantAsync(Guid organizationId, CancellationToken ct = default) => GrantAsync(Role.Head, organizationId, null, ct);

    public async Task<bool> CanSeeDelegationAsync(Delegation d, CancellationToken ct = default)
    {
        var me = current.UserId;
        if (d.FromUserId == me || d.ToUserId == me) return true;
        return await HeadGrantAsync(d.OrganizationId, ct) is not null || await CanAdministerAsync(d.OrganizationId, ct);
    }

    /// <summary>Organ ids whose audit entries the person may read; null means all (system administrator).</summary>
    public async Task<HashSet<Guid>?> AuditScopeAsync(CancellationToken ct = default)
    {
        if (await IsSystemAdministratorAsync(ct)) return null;
        var roots = await AdministeredRootsAsync(ct);
        if (roots.Count == 0) throw new DomainException(Error.Forbidden);
        var scope = new HashSet<Guid>();
        foreach (var r in roots) scope.UnionWith(await OrganizationTree.DescendantsAndSelfAsync(db, r, ct));
        return scope;
    }

    /// <summary>Whether the person is a clerk of some organ, own role or delegated (reading scans to pre-fill a registration).</summary>
    public async Task<bool> IsClerkAnywhereAsync(CancellationToken ct = default) =>
        (await current.GrantsAsync(ct)).Any(g => g.Role == Role.Clerk);

    /// <summary>The grant under which the person registers incoming documents of the organ: Clerk, own or delegated.</summary>
    public async Task<Act?> ClerkGrantAsync(Guid organizationId, CancellationToken ct = default) =>
        ActOf(await GrantAsync(Role.Clerk, organizationId, null, ct));

    /// <summary>
    /// Lưu trữ cơ quan (NĐ30 Điều 30): the organ's archivists, own role or delegated; where the organ names no archivist,
    /// its clerks do the archive's work.
    /// </summary>
    public async Task<Act?> ArchiveGrantAsync(Guid organizationId, CancellationToken ct = default)
    {
        if (ActOf(await GrantAsync(Role.Archivist, organizationId, null, ct)) is { } own) return own;
        if (await db.RoleAssignments.AnyAsync(r => r.OrganizationId == organizationId && r.Role == Role.Archivist, ct)) return null;
        return await ClerkGrantAsync(organizationId, ct);
    }

    /// <summary>The organ's office: its clerks and its heads (own or delegated), who keep its catalogue, schedule and meetings.</summary>
    public async Task<bool> IsOfficeAsync(Guid organizationId, CancellationToken ct = default) =>
        await ClerkGrantAsync(organizationId, ct) is not null || await HeadGrantAsync(organizationId, ct) is not null;

    /// <summary>The organ's archive or its heads: who see what is due at the archive, what has expired, what is frozen.</summary>
    public async Task<bool> IsArchiveOrHeadAsync(Guid organizationId, CancellationToken ct = default) =>
        await ArchiveGrantAsync(organizationId, ct) is not null || await HeadGrantAsync(organizationId, ct) is not null;

    /// <summary>The grant under which the person leads the department (own or delegated), if they do.</summary>
    public async Task<Act?> DepartmentHeadGrantAsync(Guid organizationId, Guid? departmentId, CancellationToken ct = default) =>
        departmentId is null ? null : ActOf(await GrantAsync(Role.DepartmentHead, organizationId, departmentId, ct));

    /// <summary>
    /// All incoming documents of an organ: its clerks (who keep the registers) and its heads. Department heads and
    /// officers see a document when it was assigned to their department or to them (CanReadIncomingDocumentAsync);
    /// administrators manage accounts, not documents.
    /// </summary>
    public async Task<bool> CanReadIncomingAsync(Guid organizationId, CancellationToken ct = default) =>
        (await current.GrantsAsync(ct)).Any(g => g.OrganizationId == organizationId && g.Role is Role.Clerk or Role.Head);

    /// <summary>One incoming document: the organ's clerks and heads, and whoever it was assigned to (person or department).</summary>
    public async Task<bool> CanReadIncomingDocumentAsync(Guid organizationId, Guid documentId, CancellationToken ct = default)
    {
        if (await CanReadIncomingAsync(organizationId, ct)) return true;
        var me = current.UserId;
        var depts = await current.DepartmentsLedAsync(ct);
        return await db.IncomingAssignments.AnyAsync(a => a.DocumentId == documentId
            && (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))), ct);
    }

    public async Task RequireReadIncomingAsync(Guid organizationId, CancellationToken ct = default)
    {
        if (!await CanReadIncomingAsync(organizationId, ct)) throw new DomainException(Error.Forbidden);
    }

    /// <summary>Whether the person holds any role in the organ (own or delegated): who may start a draft there.</summary>
    public async Task<Grant?> MemberGrantAsync(Guid organizationId, CancellationToken ct = default) =>
        (await current.GrantsAsync(ct)).Where(g => g.OrganizationId == organizationId && g.Role != Role.Administrator && g.Role != Role.CommitteeMember)
            .OrderBy(g => g.OnBehalfOfUserId is null ? 0 : 1).ThenBy(g => g.DepartmentId is null || g.Role == Role.Deputy ? 1 : 0).FirstOrDefault();

    /// <summary>
    /// One outgoing document: its author, its signer (and whoever signs for them under a delegation), the organ's clerks
    /// and heads, the head of its drafting department, and colleagues asked for comments. No one of another organ.
    /// </summary>
    public async Task<bool> CanReadOutgoingAsync(Guid organizationId, Guid documentId, Guid authorId, Guid signerId, Guid? departmentId, CancellationToken ct = default)
    {
        var me = current.UserId;
        if (me is null) return false;
        if (me == authorId || me == signerId) return true;
        var grants = await current.GrantsAsync(ct);
        if (grants.Any(g => g.OrganizationId == organizationId && (g.Role is Role.Clerk or Role.Head
                || (g.Role == Role.DepartmentHead && departmentId != null && g.DepartmentId == departmentId)
                || g.OnBehalfOfUserId == signerId || g.OnBehalfOfUserId == authorId)))
            return true;
        return await db.OutgoingComments.AnyAsync(c => c.DocumentId == documentId && c.AskedUserId == me, ct);
    }

    /// <summary>
    /// Who signs a document of type <paramref name="typeName"/>, drafted in <paramref name="departmentId"/>, whose named
    /// signer is <paramref name="signerId"/>: the signer as head; the signer as a deputy whose assigned fields cover the
    /// department (ký thay, KT., standing — NĐ30 Điều 13); a delegate holding the signer's head role (ký thay, KT., dated);
    /// or the signer as the holder of a thừa lệnh / thừa ủy quyền delegation in force from an active head of the organ that
    /// covers the type (TL., TUQ.). A deputy signs as deputy even when they also hold the head role.
    /// </summary>
    public async Task<Act?> SignerGrantAsync(Guid organizationId, Guid signerId, string? typeName, Guid? departmentId, CancellationToken ct = default)
    {
        var me = current.UserId;
        if (me is null) return null;
        var grants = await current.GrantsAsync(ct);
        if (me == signerId)
        {
            var fields = grants.Where(g => g.OrganizationId == organizationId && g.Role == Role.Deputy && g.OnBehalfOfUserId is null).ToList();
            if (fields.Count > 0 && departmentId is not null && fields.Any(g => g.DepartmentId == departmentId))
                return new Act(me.Value, null, Deputy: true);
            if (fields.Count == 0 && grants.Any(g => g.OrganizationId == organizationId && g.Role == Role.Head && g.OnBehalfOfUserId is null))
                return new Act(me.Value, null);
        }
        if (grants.Any(g => g.OrganizationId == organizationId && g.Role == Role.Head && g.OnBehalfOfUserId == signerId))
            return new Act(me.Value, signerId, DelegationKind.Role);
        if (me != signerId) return null;
        var mandate = await SigningMandatesAsync(me.Value, organizationId, ct);
        var d = mandate.FirstOrDefault(x => x.Covers(typeName));
        return d is null ? null : new Act(me.Value, d.FromUserId, d.Kind);
    }

    /// <summary>
    /// Whether <paramref name="userId"/> may be named the signer of a draft of the type, drafted in the department: a head
    /// who is not a deputy, a deputy whose fields cover the department, or a holder of TL. / TUQ. for the type. Null when
    /// they may; otherwise why not.
    /// </summary>
    public async Task<Error?> SignerProblemAsync(Guid userId, Guid organizationId, string? typeName, Guid? departmentId, CancellationToken ct = default)
    {
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId && r.OrganizationId == organizationId
            && (r.Role == Role.Head || r.Role == Role.Deputy)).Select(r => new { r.Role, r.DepartmentId }).ToListAsync(ct);
        var fields = roles.Where(r => r.Role == Role.Deputy).Select(r => r.DepartmentId).ToList();
        if (fields.Count > 0 && departmentId is not null && fields.Contains(departmentId)) return null;
        if (fields.Count == 0 && roles.Any(r => r.Role == Role.Head)) return null;
        if ((await SigningMandatesAsync(userId, organizationId, ct)).Any(d => d.Covers(typeName))) return null;
        if (fields.Count == 0) return Outgoing.OutgoingErrors.SignerInvalid;
        var names = await db.Departments.AsNoTracking().Where(d => fields.Contains(d.Id)).Select(d => d.Name).ToListAsync(ct);
        return new Error("SIGNER_OUTSIDE_FIELD", $"Cấp phó chỉ ký thay các văn bản thuộc lĩnh vực được phân công phụ trách ({string.Join(", ", names.Order(StringComparer.Ordinal))}); "
            + "văn bản này không do đơn vị thuộc lĩnh vực đó soạn thảo. Hãy chọn người ký khác.");
    }

    /// <summary>
    /// The thừa lệnh / thừa ủy quyền delegations in force to the person in the organ, from heads who are still active
    /// and still head — read from the database each time: signing is rare, and these are not part of the cached grants.
    /// </summary>
    public async Task<List<Delegation>> SigningMandatesAsync(Guid userId, Guid organizationId, CancellationToken ct = default)
    {
        var today = Formats.Today(time);
        return await (from d in db.Delegations.AsNoTracking()
                      where d.ToUserId == userId && d.OrganizationId == organizationId && d.Kind != DelegationKind.Role
                            && d.Status == DelegationStatus.Approved && d.StartDate <= today && d.EndDate >= today
                            && db.RoleAssignments.Any(r => r.UserId == d.FromUserId && r.OrganizationId == organizationId && r.Role == Role.Head)
                            && db.Users.Any(u => u.Id == d.FromUserId && u.Status == AccountStatus.Active)
                            && db.RoleAssignments.Any(r => r.UserId == userId && r.OrganizationId == organizationId && r.Role == Role.DepartmentHead)
                      select d).ToListAsync(ct);
    }
}
