using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Accounts;

public sealed record RoleDto(Guid Id, string OrganizationCode, string OrganizationName, string Role, string RoleName, string? DepartmentCode, string? DepartmentName);
public sealed record UserDto(Guid Id, string UserName, string FullName, string? Email, string? PhoneNumber, string? JobTitle,
    string HomeOrganizationCode, string HomeOrganizationName, string Status, string? StatusReason, DateTimeOffset IssuedAt,
    DateTimeOffset? LastLoginAt, bool MustChangePassword, bool OtpEnabled, bool LockedOut, IReadOnlyList<RoleDto> Roles);
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

public sealed class AccountQueries(AppDbContext db, AccessPolicy access, TimeProvider time)
{
    public async Task<Page<UserDto>> ListAsync(string? organizationCode, string? q, string? status, int page, int pageSize, CancellationToken ct)
    {
        await access.RequireAnyAdministratorAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        HashSet<Guid> scope;
        if (!string.IsNullOrWhiteSpace(organizationCode))
        {
            var code = organizationCode.Trim().ToUpperInvariant();
            var org = await db.Organizations.FirstOrDefaultAsync(o => o.Code == code, ct) ?? throw new DomainException(Error.NotFound("cơ quan"));
            await access.RequireAdministerAsync(org.Id, ct);
            scope = [org.Id];
        }
        else
        {
            scope = [];
            foreach (var root in await access.AdministeredRootsAsync(ct))
                scope.UnionWith(await OrganizationTree.DescendantsAndSelfAsync(db, root, ct));
        }
        var query = db.Users.AsNoTracking().Where(u => scope.Contains(u.HomeOrganizationId));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = VietnameseText.Fold(q);
            query = query.Where(u => u.SearchKey.Contains(folded));
        }
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<AccountStatus>(status.Trim(), true, out var st) || !Enum.IsDefined(st) || int.TryParse(status, out _))
                throw new DomainException(new Error("FILTER_INVALID", $"Trạng thái \"{status}\" không hợp lệ ({string.Join(", ", Enum.GetNames<AccountStatus>())})."));
            query = query.Where(u => u.Status == st);
        }
        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.UserName).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<UserDto>(await ToDtosAsync(users, ct), total, page, pageSize);
    }

    public async Task<UserDto> GetAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException(Error.NotFound("tài khoản"));
        await access.RequireManageUserAsync(user, ct);
        return (await ToDtosAsync([user], ct))[0];
    }

    private async Task<List<UserDto>> ToDtosAsync(List<AppUser> users, CancellationToken ct)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from r in db.RoleAssignments
                           join o in db.Organizations on r.OrganizationId equals o.Id
                           join d in db.Departments on r.DepartmentId equals d.Id into dj
                           from d in dj.DefaultIfEmpty()
                           where ids.Contains(r.UserId)
                           select new { r.UserId, r.Id, o.Code, o.Name, r.Role, DCode = d == null ? null : d.Code, DName = d == null ? null : d.Name })
            .ToListAsync(ct);
        var homeIds = users.Select(u => u.HomeOrganizationId).Distinct().ToList();
        var homes = await db.Organizations.Where(o => homeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var now = time.GetUtcNow();
        return users.Select(u => new UserDto(u.Id, u.UserName!, u.FullName, u.Email, u.PhoneNumber, u.JobTitle,
            homes[u.HomeOrganizationId].Code, homes[u.HomeOrganizationId].Name, u.Status.ToString(), u.StatusReason, u.IssuedAt,
            u.LastLoginAt, u.MustChangePassword, u.TwoFactorEnabled, u.LockoutEnd > now,
            roles.Where(r => r.UserId == u.Id).Select(r => new RoleDto(r.Id, r.Code, r.Name, r.Role.ToString(), Roles.Vietnamese(r.Role), r.DCode, r.DName)).ToList()))
            .ToList();
    }
}
