using Microsoft.AspNetCore.Identity;

namespace UnionOffice.Modules.Accounts;

public enum AccountStatus
{
    Active = 0,
    /// <summary>Temporarily locked (seed 002 Điều 7 §3.1: not used 30 days after issue, or by an administrator).</summary>
    Locked = 1,
    /// <summary>Revoked (§3.2: no login for 60 days).</summary>
    Revoked = 2,
}

public sealed class AppUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = "";
    /// <summary>The organ that issued the account; its administrators manage it.</summary>
    public Guid HomeOrganizationId { get; set; }
    public AccountStatus Status { get; set; }
    public string? StatusReason { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public bool MustChangePassword { get; set; }
    /// <summary>When its holder last chose the password (null: not since the account was issued or the password reset).</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
    /// <summary>The last TOTP time step accepted, so that a code is never accepted twice.</summary>
    public long LastOtpTimeStep { get; set; }
    public string? JobTitle { get; set; }
    /// <summary>Who sees the phone and e-mail in the directory (the person's choice).</summary>
    public ContactVisibility DirectoryContact { get; set; }
    /// <summary>Full name and user name folded (no diacritics, lower case) for searching.</summary>
    public string SearchKey { get; private set; } = "";

    public void SetFullName(string fullName)
    {
        FullName = fullName;
        SearchKey = Common.VietnameseText.Fold($"{fullName} {UserName}");
    }
}
