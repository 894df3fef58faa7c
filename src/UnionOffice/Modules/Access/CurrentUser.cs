using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Access;

/// <summary>A role the current person may act in: their own, or one handed to them by a delegation in force.</summary>
public sealed record Grant(Guid OrganizationId, Role Role, Guid? DepartmentId, Guid? OnBehalfOfUserId, Guid? DelegationId);

/// <summary>
/// The person behind the current request, read from the database (never trusted from the token alone). Their
/// <see cref="AccessState"/> (account state, roles, OTP rule) comes from <see cref="AccessCache"/> when a current entry
/// is there, otherwise from three queries; the account entity itself (<see cref="UserAsync"/>) is read only by the
/// requests that need it.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, AppDbContext db, AccessCache cache, TimeProvider time)
{
    private AccessState? _state;
    private bool _stateLoaded;
    private AppUser? _user;
    private bool _userLoaded;

    public Guid? UserId =>
        Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserNameHint => http.HttpContext?.User.FindFirstValue(ClaimTypes.Name);

    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>The person's account state and roles; null when not signed in or the account no longer exists.</summary>
    public async Task<AccessState?> AccessAsync(CancellationToken ct = default)
    {
        if (_stateLoaded) return _state;
        _stateLoaded = true;
        if (UserId is not { } id) return _state = null;
        return _state = cache.Get(id, Formats.Today(time)) ?? await ReadAsync(id, ct);
    }

    /// <summary>The state read again from the database, past the cache (e.g. when the session carries a newer security stamp than the cached one).</summary>
    public async Task<AccessState?> RefreshAccessAsync(CancellationToken ct = default)
    {
        _stateLoaded = true;
        return _state = UserId is { } id ? await ReadAsync(id, ct) : null;
    }

    /// <summary>The account entity, tracked, for requests that show or change it.</summary>
    public async Task<AppUser?> UserAsync(CancellationToken ct = default)
    {
        if (_userLoaded) return _user;
        _userLoaded = true;
        return _user = UserId is { } id ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
    }

    public async Task<IReadOnlyList<Grant>> GrantsAsync(CancellationToken ct = default) =>
        (await AccessAsync(ct))?.Grants ?? [];

    /// <summary>Departments the person leads, own or by delegation: work assigned to them is the person's to see and act on.</summary>
    public async Task<List<Guid>> DepartmentsLedAsync(CancellationToken ct = default) =>
        (await GrantsAsync(ct)).Where(g => g.Role == Role.DepartmentHead && g.DepartmentId != null).Select(g => g.DepartmentId!.Value).Distinct().ToList();

    public async Task<AppUser> RequireUserAsync(CancellationToken ct = default) =>
        await UserAsync(ct) ?? throw new DomainException(Error.Unauthenticated);

    /// <summary>Forget what this request read, e.g. after the request changed the account.</summary>
    public void Reset() => _stateLoaded = _userLoaded = false;

    private async Task<AccessState?> ReadAsync(Guid id, CancellationToken ct)
    {
        var version = cache.Version; // before reading: a change committed meanwhile makes this entry stale at once
        var today = Formats.Today(time);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.UserName, u.FullName, u.HomeOrganizationId, u.Status, u.SecurityStamp, u.MustChangePassword, u.TwoFactorEnabled })
            .FirstOrDefaultAsync(ct);
        if (user is null) return null;
        var own = await (from r in db.RoleAssignments.AsNoTracking()
                         join o in db.Organizations.AsNoTracking() on r.OrganizationId equals o.Id
                         where r.UserId == id
                         select new { r.OrganizationId, r.Role, r.DepartmentId, o.OtpRequiredRoles }).ToListAsync(ct);
        var delegated = await (
            from d in db.Delegations.AsNoTracking()
            where d.ToUserId == id && d.Status == DelegationStatus.Approved && d.StartDate <= today && d.EndDate >= today
                  && d.Kind == DelegationKind.Role // thừa lệnh / thừa ủy quyền pass the signing of some types, not the role (AccessPolicy.SignerGrantAsync)
            join r in db.RoleAssignments.AsNoTracking() on new { U = d.FromUserId, O = d.OrganizationId, R = d.Role }
                equals new { U = r.UserId, O = r.OrganizationId, R = r.Role }
            join giver in db.Users.AsNoTracking() on d.FromUserId equals giver.Id
            where giver.Status == AccountStatus.Active // a locked or revoked person's authority is not exercised through others
            select new Grant(d.OrganizationId, d.Role, r.DepartmentId, d.FromUserId, d.Id)).ToListAsync(ct);
        var grants = own.Select(r => new Grant(r.OrganizationId, r.Role, r.DepartmentId, null, null)).Concat(delegated).ToList();
        // The organ's rule (OtpService.IsMandatoryAsync): an authenticator is required for these roles of the person's own.
        var otpMandatory = own.Any(r => r.OtpRequiredRoles.Length > 0 && r.OtpRequiredRoles.Split(',').Contains(r.Role.ToString()));
        var state = new AccessState(id, user.UserName, user.FullName, user.HomeOrganizationId, user.Status, user.SecurityStamp,
            user.MustChangePassword, user.TwoFactorEnabled, otpMandatory, grants, today);
        cache.Set(state, version);
        return state;
    }
}
