using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Accounts;

public sealed record RoleRequest(string Role, string OrganizationCode, string? DepartmentCode);

public sealed record NewAccount(string FullName, string OrganizationCode, string? UserName, string? Email,
    string? PhoneNumber, string? JobTitle, IReadOnlyList<RoleRequest>? Roles);

public sealed record IssuedAccount(Guid Id, string UserName, string FullName, string OneTimePassword);

/// <summary>Account administration: creation with a one-time password, roles, locking, password reset.</summary>
public sealed class AccountService(
    AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, AccessPolicy access, Auditor audit, TimeProvider time,
    LoginThrottle throttle, Access.CurrentUser currentUser)
{
    public async Task<string> ProposeUserNameAsync(string fullName, string organizationCode, CancellationToken ct)
    {
        var org = await FindOrgAsync(organizationCode, ct);
        await access.RequireAdministerAsync(org.Id, ct);
        return await ProposeAsync(fullName, org, [], ct);
    }

    public async Task<IssuedAccount> CreateAsync(NewAccount request, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issued = await CreateInTransactionAsync(request, [], ct);
        await tx.CommitAsync(ct);
        return issued;
    }

    /// <summary>Creates the accounts of one file: all of them, or none with every bad row reported.</summary>
    public async Task<IReadOnlyList<IssuedAccount>> ImportAsync(IReadOnlyList<(int Row, NewAccount Account)> rows, CancellationToken ct)
    {
        var errors = new List<RowError>();
        var issued = new List<IssuedAccount>();
        var reserved = new HashSet<string>(StringComparer.Ordinal);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (row, account) in rows)
        {
            try
            {
                var a = await CreateInTransactionAsync(account, reserved, ct);
                reserved.Add(a.UserName);
                issued.Add(a);
            }
            catch (DomainException e)
            {
                errors.Add(new RowError(row, e.Error.Message));
            }
        }
        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw new ImportException(errors);
        }
        audit.Record(AuditActions.AccountsImported, null, "user", null, new { count = issued.Count });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return issued;
    }

    private async Task<IssuedAccount> CreateInTransactionAsync(NewAccount r, HashSet<string> reserved, CancellationToken ct)
    {
        var org = await FindOrgAsync(r.OrganizationCode, ct);
        await access.RequireAdministerAsync(org.Id, ct);
        var fullName = (r.FullName ?? "").Trim();
        if (fullName.Length == 0) throw new DomainException(AccountErrors.FullNameRequired);
        if (fullName.Length > 200) throw new DomainException(AccountErrors.TextTooLong("Họ và tên", 200));
        var roles = new List<(Organization Org, Role Role, Guid? Dept)>();
        foreach (var rr in r.Roles ?? []) roles.Add(await ResolveRoleAsync(rr, ct));

        string userName;
        if (string.IsNullOrWhiteSpace(r.UserName))
            userName = await ProposeAsync(fullName, org, reserved, ct);
        else
        {
            userName = r.UserName.Trim().ToLowerInvariant();
            if (!UserNameProposer.IsValid(userName)) throw new DomainException(AccountErrors.UserNameInvalid(userName));
            if (reserved.Contains(userName) || await users.FindByNameAsync(userName) is not null)
                throw new DomainException(AccountErrors.UserNameTaken(userName));
        }
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = userName,
            Email = string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim(),
            PhoneNumber = string.IsNullOrWhiteSpace(r.PhoneNumber) ? null : r.PhoneNumber.Trim(),
            JobTitle = string.IsNullOrWhiteSpace(r.JobTitle) ? null : r.JobTitle.Trim(),
            HomeOrganizationId = org.Id,
            IssuedAt = time.GetUtcNow(),
            MustChangePassword = true,
        };
        user.SetFullName(fullName);
        var password = PasswordGenerator.Generate();
        Check(await users.CreateAsync(user, password));
        foreach (var (o, role, dept) in roles)
        {
            db.RoleAssignments.Add(new RoleAssignment(user.Id, o.Id, role, dept));
            audit.Record(AuditActions.RoleGranted, o.Id, "user", user.Id.ToString(), new { userName, role = role.ToString(), organization = o.Code });
        }
        audit.Record(AuditActions.AccountCreated, org.Id, "user", user.Id.ToString(), new { userName, fullName });
        await db.SaveChangesAsync(ct);
        return new IssuedAccount(user.Id, userName, fullName, password);
    }

    public async Task<RoleAssignment> GrantRoleAsync(Guid userId, RoleRequest request, CancellationToken ct)
    {
        // Roles are given per organ: the administrator of the account's home organ and of the role's organ decide,
        // whatever the person holds elsewhere (that only guards the account itself: password, lock, profile).
        var user = await FindUserAsync(userId, ct, accountLevel: false);
        var (org, role, dept) = await ResolveRoleAsync(request, ct);
        if (await db.RoleAssignments.AnyAsync(a => a.UserId == userId && a.OrganizationId == org.Id && a.Role == role && a.DepartmentId == dept, ct))
            throw new DomainException(AccountErrors.RoleExists);
        var assignment = new RoleAssignment(userId, org.Id, role, dept);
        db.RoleAssignments.Add(assignment);
        audit.Record(AuditActions.RoleGranted, org.Id, "user", user.Id.ToString(), new { user.UserName, role = role.ToString(), organization = org.Code });
        await db.SaveChangesAsync(ct);
        return assignment;
    }

    public async Task RemoveRoleAsync(Guid userId, Guid assignmentId, CancellationToken ct)
    {
        await FindUserAsync(userId, ct, accountLevel: false);
        var a = await db.RoleAssignments.FirstOrDefaultAsync(x => x.Id == assignmentId && x.UserId == userId, ct)
            ?? throw new DomainException(Error.NotFound("vai trò"));
        await access.RequireAdministerAsync(a.OrganizationId, ct);
        var root = await OrganizationTree.RootAsync(db, ct);
        if (a.Role == Role.Administrator && a.OrganizationId == root?.Id
            && await db.RoleAssignments.CountAsync(x => x.Role == Role.Administrator && x.OrganizationId == root.Id, ct) == 1)
            throw new DomainException(AccountErrors.LastAdministrator);
        db.RoleAssignments.Remove(a);
        audit.Record(AuditActions.RoleRemoved, a.OrganizationId, "user", userId.ToString(), new { role = a.Role.ToString() });
        await db.SaveChangesAsync(ct);
    }

    public async Task SetStatusAsync(Guid userId, bool active, string? reason, CancellationToken ct)
    {
        var user = await FindUserAsync(userId, ct);
        if (active)
        {
            user.Status = AccountStatus.Active;
            user.StatusReason = null;
            // A reinstated account starts a new period of use, or the lifecycle job would lock it again at once.
            user.IssuedAt = time.GetUtcNow();
            user.LastLoginAt = null;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        else
        {
            user.Status = AccountStatus.Locked;
            user.StatusReason = string.IsNullOrWhiteSpace(reason) ? "Khóa bởi quản trị hệ thống" : reason.Trim()[..Math.Min(500, reason.Trim().Length)];
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await RemovePasskeysAsync(user);
        }
        audit.Record(active ? AuditActions.AccountUnlocked : AuditActions.AccountLocked, user.HomeOrganizationId, "user", user.Id.ToString(), new { user.UserName, reason });
        await db.SaveChangesAsync(ct);
    }

    public async Task<string> ResetPasswordAsync(Guid userId, CancellationToken ct)
    {
        var user = await FindUserAsync(userId, ct);
        var password = PasswordGenerator.Generate();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        await RemovePasskeysAsync(user);
        user.MustChangePassword = true;
        audit.Record(AuditActions.PasswordReset, user.HomeOrganizationId, "user", user.Id.ToString(), new { user.UserName });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return password;
    }

    public async Task UpdateProfileAsync(AppUser user, string fullName, string? email, string? phone, string? jobTitle, CancellationToken ct)
    {
        fullName = (fullName ?? "").Trim();
        if (fullName.Length == 0) throw new DomainException(AccountErrors.FullNameRequired);
        if (fullName.Length > 200) throw new DomainException(AccountErrors.TextTooLong("Họ và tên", 200));
        user.SetFullName(fullName);
        user.Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        user.PhoneNumber = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        user.JobTitle = string.IsNullOrWhiteSpace(jobTitle) ? null : jobTitle.Trim();
        audit.Record(AuditActions.AccountUpdated, user.HomeOrganizationId, "user", user.Id.ToString(), new { user.UserName });
        Check(await users.UpdateAsync(user)); // validates (e-mail format) and saves, with the audit entry
    }

    public async Task ChangePasswordAsync(AppUser user, string? current, string? next, CancellationToken ct)
    {
        // Checked like a login (failures count towards lockout), so a stolen session cannot guess the password.
        // The address is counted like a login's: five wrong answers and it may not sign in as this person for a while either.
        if (throttle.BlockedUntil(currentUser.IpAddress, user.UserName!) is { } until) throw new DomainException(AccountErrors.SourceLockedOut(until));
        if (string.IsNullOrEmpty(current) || !(await signIn.CheckPasswordSignInAsync(user, current, lockoutOnFailure: true)).Succeeded)
        {
            throttle.Failed(currentUser.IpAddress, user.UserName!);
            throw new DomainException(AccountErrors.CurrentPasswordWrong);
        }
        if (string.Equals(current, next, StringComparison.Ordinal))
            throw new DomainException(AccountErrors.PasswordRejected("mật khẩu mới phải khác mật khẩu hiện tại."));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.ChangePasswordAsync(user, current, next ?? ""));
        user.MustChangePassword = false;
        user.PasswordChangedAt = time.GetUtcNow();
        audit.Record(AuditActions.PasswordChanged, user.HomeOrganizationId, "user", user.Id.ToString(), actor: user);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>After a lock or a reset the person proves themselves again: no passkey registered before survives.</summary>
    private async Task RemovePasskeysAsync(AppUser user)
    {
        foreach (var p in await users.GetPasskeysAsync(user))
            Check(await users.RemovePasskeyAsync(user, p.CredentialId));
    }

    private async Task<AppUser> FindUserAsync(Guid id, CancellationToken ct, bool accountLevel = true)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException(Error.NotFound("tài khoản"));
        if (accountLevel) await access.RequireManageUserAsync(user, ct);
        else await access.RequireAdministerAsync(user.HomeOrganizationId, ct);
        return user;
    }

    /// <summary>Refuses before an upload is read when the person does not administer the organ.</summary>
    public async Task RequireAdministerAsync(string organizationCode, CancellationToken ct) =>
        await access.RequireAdministerAsync((await FindOrgAsync(organizationCode, ct)).Id, ct);

    private Task<Organization> FindOrgAsync(string? code, CancellationToken ct) => db.Organizations.ByCodeAsync(code, ct);

    private async Task<(Organization, Role, Guid?)> ResolveRoleAsync(RoleRequest rr, CancellationToken ct)
    {
        if (!Roles.TryParse(rr.Role, out var role)) throw new DomainException(AccountErrors.RoleInvalid(rr.Role));
        var org = await FindOrgAsync(rr.OrganizationCode, ct);
        await access.RequireAdministerAsync(org.Id, ct);
        Guid? dept = null;
        if (!string.IsNullOrWhiteSpace(rr.DepartmentCode))
        {
            var code = rr.DepartmentCode.Trim().ToUpperInvariant();
            dept = await db.Departments.Where(d => d.OrganizationId == org.Id && d.Code == code).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct)
                ?? throw new DomainException(AccountErrors.DepartmentMismatch);
        }
        else if (Roles.NeedsDepartment(role)) throw new DomainException(AccountErrors.DepartmentRequired);
        return (org, role, dept);
    }

    private async Task<string> ProposeAsync(string fullName, Organization org, HashSet<string> reserved, CancellationToken ct)
    {
        var stem = UserNameProposer.Base(fullName, org.UserNameSuffix);
        var prefix = stem[..stem.LastIndexOf('.')];
        var taken = (await db.Users.Where(u => u.UserName!.StartsWith(prefix) && u.UserName.EndsWith("." + org.UserNameSuffix))
            .Select(u => u.UserName!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        taken.UnionWith(reserved);
        return UserNameProposer.Propose(fullName, org.UserNameSuffix, taken.Contains);
    }

    internal static void Check(IdentityResult result)
    {
        if (result.Succeeded) return;
        var first = result.Errors.First();
        var message = string.Join(" ", result.Errors.Select(e => e.Description));
        throw new DomainException(first.Code.StartsWith("Password", StringComparison.Ordinal)
            ? AccountErrors.PasswordRejected(message)
            : new Error("ACCOUNT_INVALID", message));
    }
}
