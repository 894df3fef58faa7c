using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Organizations;

/// <summary>
/// A module that keeps records of an organ (documents, accounts …) says so here, so that the organ is never deleted
/// while it has them. Incoming and outgoing documents will add their own.
/// </summary>
public interface IOrganizationUsage
{
    /// <summary>Why the organ cannot be deleted, in Vietnamese; null if this module holds nothing of it.</summary>
    Task<string?> ReasonInUseAsync(Guid organizationId, CancellationToken ct);
}

internal sealed class TreeAndAccountUsage(AppDbContext db) : IOrganizationUsage
{
    public async Task<string?> ReasonInUseAsync(Guid id, CancellationToken ct)
    {
        if (await db.Organizations.AnyAsync(o => o.ParentId == id, ct)) return "còn đơn vị cấp dưới";
        if (await db.Users.AnyAsync(u => u.HomeOrganizationId == id, ct)) return "còn tài khoản người dùng";
        if (await db.RoleAssignments.AnyAsync(r => r.OrganizationId == id, ct)) return "còn người dùng giữ vai trò tại cơ quan";
        if (await db.Departments.AnyAsync(d => d.OrganizationId == id, ct)) return "còn phòng/ban";
        if (await db.Delegations.AnyAsync(d => d.OrganizationId == id, ct)) return "còn ủy quyền đã ghi nhận";
        return null;
    }
}

public sealed record NewOrganization(string Code, string Name, string ParentCode, string? Kind, string? UserNameSuffix);
public sealed record OrganizationChanges(string? Name, string? UserNameSuffix, IReadOnlyList<string>? OtpRequiredRoles);

public sealed class OrganizationService(AppDbContext db, AccessPolicy access, Auditor audit, IEnumerable<IOrganizationUsage> usages)
{
    private const long TreeLockKey = 0x55_4F_54_52_45_45;

    public Task<Organization> GetAsync(string code, CancellationToken ct) => db.Organizations.ByCodeAsync(code, ct);

    public async Task<Organization> CreateAsync(NewOrganization r, CancellationToken ct)
    {
        var parent = await GetAsync(r.ParentCode, ct);
        await access.RequireAdministerAsync(parent.Id, ct);
        var org = await BuildAsync(r, parent, ct);
        db.Organizations.Add(org);
        audit.Record(AuditActions.OrganizationCreated, org.Id, "organization", org.Code, new { org.Code, org.Name, parent = parent.Code });
        await SaveAsync(org.Code, ct);
        return org;
    }

    internal async Task<Organization> BuildAsync(NewOrganization r, Organization parent, CancellationToken ct)
    {
        var org = NewUnder(parent, r.Code, r.Name, r.Kind, r.UserNameSuffix);
        if (await db.Organizations.AnyAsync(o => o.Code == org.Code, ct))
            throw new DomainException(OrganizationErrors.DuplicateCode(org.Code));
        return org;
    }

    public async Task<Organization> UpdateAsync(string code, OrganizationChanges changes, CancellationToken ct)
    {
        var org = await GetAsync(code, ct);
        await access.RequireAdministerAsync(org.Id, ct);
        var before = new { org.Name, org.UserNameSuffix, org.OtpRequiredRoles };
        if (changes.Name is not null) org.Rename(changes.Name);
        if (changes.UserNameSuffix is not null) org.SetUserNameSuffix(changes.UserNameSuffix);
        if (changes.OtpRequiredRoles is not null)
        {
            var roles = new List<Accounts.Role>();
            foreach (var s in changes.OtpRequiredRoles)
                roles.Add(Accounts.Roles.TryParse(s, out var role) ? role : throw new DomainException(Accounts.AccountErrors.RoleInvalid(s)));
            org.SetOtpRequiredRoles(roles);
        }
        audit.Record(AuditActions.OrganizationUpdated, org.Id, "organization", org.Code,
            new { before, after = new { org.Name, org.UserNameSuffix, org.OtpRequiredRoles } });
        await db.SaveChangesAsync(ct);
        return org;
    }

    public async Task<Organization> MoveAsync(string code, string newParentCode, CancellationToken ct)
    {
        var org = await GetAsync(code, ct);
        var parent = await GetAsync(newParentCode, ct);
        await RequireAdministerAboveAsync(org, ct);
        await access.RequireAdministerAsync(parent.Id, ct);
        var oldParent = org.ParentId;
        // Moves are serialised (PostgreSQL advisory lock, SQLite's immediate transaction) and the ancestors read
        // inside, so two crossing moves (A under B, B under A) cannot both pass the cycle check.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({TreeLockKey})", ct);
        org.MoveUnder(parent, await OrganizationTree.AncestorsAndSelfAsync(db, parent.Id, ct));
        audit.Record(AuditActions.OrganizationMoved, org.Id, "organization", org.Code, new { from = oldParent, to = parent.Code });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return org;
    }

    public async Task<Organization> SetActiveAsync(string code, bool active, CancellationToken ct)
    {
        var org = await GetAsync(code, ct);
        await RequireAdministerAboveAsync(org, ct);
        if (active)
        {
            if (org.ParentId is { } p && !await db.Organizations.AnyAsync(o => o.Id == p && o.IsActive, ct))
                throw new DomainException(OrganizationErrors.ParentInactive(code));
            org.Activate();
        }
        else org.Deactivate(await db.Organizations.AnyAsync(o => o.ParentId == org.Id && o.IsActive, ct));
        audit.Record(active ? AuditActions.OrganizationActivated : AuditActions.OrganizationDeactivated, org.Id, "organization", org.Code);
        await db.SaveChangesAsync(ct);
        return org;
    }

    public async Task DeleteAsync(string code, CancellationToken ct)
    {
        var org = await GetAsync(code, ct);
        await RequireAdministerAboveAsync(org, ct);
        if (org.ParentId is null) throw new DomainException(OrganizationErrors.InUse(org.Code, "đây là cơ quan gốc"));
        foreach (var usage in usages)
            if (await usage.ReasonInUseAsync(org.Id, ct) is { } reason)
                throw new DomainException(OrganizationErrors.InUse(org.Code, reason));
        db.Organizations.Remove(org);
        audit.Record(AuditActions.OrganizationDeleted, org.ParentId, "organization", org.Code, new { org.Code, org.Name });
        await db.SaveChangesAsync(ct);
    }

    public async Task<Department> AddDepartmentAsync(string orgCode, string code, string name, CancellationToken ct)
    {
        var org = await GetAsync(orgCode, ct);
        await access.RequireAdministerAsync(org.Id, ct);
        var d = new Department(org.Id, code, name);
        if (await db.Departments.AnyAsync(x => x.OrganizationId == org.Id && x.Code == d.Code, ct))
            throw new DomainException(OrganizationErrors.DuplicateDepartmentCode(d.Code));
        db.Departments.Add(d);
        audit.Record(AuditActions.DepartmentCreated, org.Id, "department", d.Id.ToString(), new { d.Code, d.Name });
        await db.SaveChangesAsync(ct);
        return d;
    }

    public async Task<Department> UpdateDepartmentAsync(Guid id, string? name, bool? active, CancellationToken ct)
    {
        var d = await db.Departments.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(Error.NotFound("phòng/ban"));
        await access.RequireAdministerAsync(d.OrganizationId, ct);
        if (name is not null) d.Rename(name);
        if (active is not null) d.SetActive(active.Value);
        audit.Record(AuditActions.DepartmentUpdated, d.OrganizationId, "department", d.Id.ToString(), new { d.Code, d.Name, d.IsActive });
        await db.SaveChangesAsync(ct);
        return d;
    }

    /// <summary>
    /// Whether an organ exists, where it sits and whether it is active is decided one level up: an organ's own
    /// administrators manage its content (name, departments, accounts, subtree) but cannot move, close or delete it.
    /// </summary>
    private Task RequireAdministerAboveAsync(Organization org, CancellationToken ct) =>
        access.RequireAdministerAsync(org.ParentId ?? org.Id, ct);

    /// <summary>A new organ under an active parent; kind and user-name suffix default from the parent.</summary>
    internal static Organization NewUnder(Organization parent, string code, string name, string? kind, string? userNameSuffix)
    {
        if (!parent.IsActive) throw new DomainException(OrganizationErrors.ParentInactive(parent.Code));
        return new Organization(code, name, ParseKind(kind, parent), parent,
            string.IsNullOrWhiteSpace(userNameSuffix) ? parent.UserNameSuffix : userNameSuffix);
    }

    internal static OrganizationKind ParseKind(string? kind, Organization parent)
    {
        if (string.IsNullOrWhiteSpace(kind))
            return parent.Kind is OrganizationKind.UpperUnion or OrganizationKind.GrassrootsUnion
                ? OrganizationKind.GrassrootsUnion
                : parent.Kind == OrganizationKind.Confederation ? OrganizationKind.DirectUnit : OrganizationKind.UpperUnion;
        return Enum.TryParse<OrganizationKind>(kind.Trim(), true, out var k) && Enum.IsDefined(k) && k != OrganizationKind.Confederation
            ? k : throw new DomainException(OrganizationErrors.UnknownKind(kind));
    }

    private async Task SaveAsync(string code, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two administrators adding the same code at once: the unique index decides, the loser gets the clear message.
            db.ChangeTracker.Clear();
            if (await db.Organizations.AsNoTracking().AnyAsync(o => o.Code == code, ct))
                throw new DomainException(OrganizationErrors.DuplicateCode(code));
            throw;
        }
    }

    public static string KindName(OrganizationKind kind) => kind switch
    {
        OrganizationKind.Confederation => "Tổng Liên đoàn",
        OrganizationKind.ProvincialFederation => "LĐLĐ tỉnh, thành phố",
        OrganizationKind.SectorUnion => "Công đoàn ngành Trung ương",
        OrganizationKind.DirectUnit => "Đơn vị trực thuộc",
        OrganizationKind.UpperUnion => "Công đoàn cấp trên trực tiếp cơ sở",
        OrganizationKind.GrassrootsUnion => "Công đoàn cơ sở",
        _ => kind.ToString(),
    };
}
