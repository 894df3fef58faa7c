using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Organizations;

/// <summary>Who and what may be given work in an organ: its active people and departments, by user name or code.</summary>
public static class OrganMembers
{
    /// <summary>An active account holding a role in the organ (of the given kind, in the given department), by user name.</summary>
    public static async Task<Guid?> PersonAsync(AppDbContext db, Guid organizationId, string? userName, Role? role, Guid? departmentId, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0) return null;
        return await (from u in db.Users
                      join r in db.RoleAssignments on u.Id equals r.UserId
                      where u.UserName == name && u.Status == AccountStatus.Active && r.OrganizationId == organizationId
                            && (role == null || r.Role == role) && (departmentId == null || r.DepartmentId == departmentId)
                      select (Guid?)u.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>An active department of the organ by its code.</summary>
    public static async Task<Guid?> DepartmentAsync(AppDbContext db, Guid organizationId, string? code, CancellationToken ct)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        if (c.Length == 0) return null;
        return await db.Departments.Where(d => d.OrganizationId == organizationId && d.Code == c && d.IsActive)
            .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Who was given the work as people read it in a trail: the department's name, or the person's full name — never a
    /// code or a user name (issue 22 §2).
    /// </summary>
    public static async Task<string> NameAsync(AppDbContext db, Guid? departmentId, Guid? userId, CancellationToken ct)
    {
        if (departmentId is { } d) return await db.Departments.Where(x => x.Id == d).Select(x => x.Name).FirstAsync(ct);
        if (userId is { } u) return await db.Users.Where(x => x.Id == u).Select(x => x.FullName).FirstAsync(ct);
        return "";
    }
}
