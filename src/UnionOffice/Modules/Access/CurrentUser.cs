using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Access;

/// <summary>A role the current person may act in: their own, or one handed to them by a delegation in force.</summary>
public sealed record Grant(Guid OrganizationId, Role Role, Guid? DepartmentId, Guid? OnBehalfOfUserId, Guid? DelegationId);

/// <summary>The person behind the current request, loaded once per request from the database (never trusted from the token alone).</summary>
public sealed class CurrentUser(IHttpContextAccessor http, AppDbContext db, TimeProvider time)
{
    private bool _loaded;
    private AppUser? _user;
    private List<Grant> _grants = [];

    public Guid? UserId =>
        Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserNameHint => http.HttpContext?.User.FindFirstValue(ClaimTypes.Name);

    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<AppUser?> UserAsync(CancellationToken ct = default)
    {
        await LoadAsync(ct);
        return _user;
    }

    public async Task<IReadOnlyList<Grant>> GrantsAsync(CancellationToken ct = default)
    {
        await LoadAsync(ct);
        return _grants;
    }

    /// <summary>Departments the person leads, own or by delegation: work assigned to them is the person's to see and act on.</summary>
    public async Task<List<Guid>> DepartmentsLedAsync(CancellationToken ct = default) =>
        (await GrantsAsync(ct)).Where(g => g.Role == Role.DepartmentHead && g.DepartmentId != null).Select(g => g.DepartmentId!.Value).Distinct().ToList();

    public async Task<AppUser> RequireUserAsync(CancellationToken ct = default) =>
        await UserAsync(ct) ?? throw new DomainException(Error.Unauthenticated);

    /// <summary>Forget the cached user, e.g. after the request changed the account.</summary>
    public void Reset() => _loaded = false;

    private async Task LoadAsync(CancellationToken ct)
    {
        if (_loaded) return;
        _loaded = true;
        _grants = [];
        _user = UserId is { } id ? await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        if (_user is null) return;
        var own = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == _user.Id)
            .Select(r => new Grant(r.OrganizationId, r.Role, r.DepartmentId, null, null)).ToListAsync(ct);
        var today = Formats.Today(time);
        var delegated = await (
            from d in db.Delegations.AsNoTracking()
            where d.ToUserId == _user.Id && d.Status == DelegationStatus.Approved && d.StartDate <= today && d.EndDate >= today
            join r in db.RoleAssignments.AsNoTracking() on new { U = d.FromUserId, O = d.OrganizationId, R = d.Role }
                equals new { U = r.UserId, O = r.OrganizationId, R = r.Role }
            join giver in db.Users.AsNoTracking() on d.FromUserId equals giver.Id
            where giver.Status == AccountStatus.Active // a locked or revoked person's authority is not exercised through others
            select new Grant(d.OrganizationId, d.Role, r.DepartmentId, d.FromUserId, d.Id)).ToListAsync(ct);
        _grants = [.. own, .. delegated];
    }
}
