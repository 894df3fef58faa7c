using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

public sealed record OtpSetup(bool Enabled, bool Mandatory, string? SharedKey, string? AuthenticatorUri, string? QrSvg);

/// <summary>Enrolment of an authenticator app (TOTP) and the organ's rule making it mandatory for a role.</summary>
public sealed class OtpService(AppDbContext db, UserManager<AppUser> users, IUserStore<AppUser> store, Auditor audit, LoginService login)
{
    public const string Issuer = "UnionOffice";

    public async Task<bool> IsMandatoryAsync(AppUser user, CancellationToken ct)
    {
        var pairs = await (from r in db.RoleAssignments
                           join o in db.Organizations on r.OrganizationId equals o.Id
                           where r.UserId == user.Id && o.OtpRequiredRoles != ""
                           select new { r.Role, o.OtpRequiredRoles }).ToListAsync(ct);
        return pairs.Any(p => p.OtpRequiredRoles.Split(',').Contains(p.Role.ToString()));
    }

    public async Task<OtpSetup> GetSetupAsync(AppUser user, CancellationToken ct)
    {
        var mandatory = await IsMandatoryAsync(user, ct);
        if (user.TwoFactorEnabled) return new OtpSetup(true, mandatory, null, null, null);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
            key = await NewKeyAsync(user, ct);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.UserName!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(5);
        return new OtpSetup(false, mandatory, FormatKey(key!), uri, svg);
    }

    public async Task<Error?> EnableAsync(AppUser user, string? code, CancellationToken ct)
    {
        if (user.TwoFactorEnabled) return null;
        if (await users.GetAuthenticatorKeyAsync(user) is null) return AccountErrors.OtpNotEnrolled;
        if (await login.VerifyOtpAsync(user, code, ct) is { } error) return error;
        user.TwoFactorEnabled = true;
        audit.Record(AuditActions.OtpEnabled, user.HomeOrganizationId, "user", user.Id.ToString(), actor: user);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<Error?> DisableAsync(AppUser user, string? code, CancellationToken ct)
    {
        if (!user.TwoFactorEnabled) return null;
        if (await IsMandatoryAsync(user, ct)) return AccountErrors.OtpMandatory;
        if (await login.VerifyOtpAsync(user, code, ct) is { } error) return error;
        user.TwoFactorEnabled = false;
        audit.Record(AuditActions.OtpDisabled, user.HomeOrganizationId, "user", user.Id.ToString(), actor: user);
        await NewKeyAsync(user, ct);
        return null;
    }

    // UserManager.ResetAuthenticatorKeyAsync also renews the security stamp, which would end the very
    // session that is enrolling; the key is set through the store instead.
    private async Task<string> NewKeyAsync(AppUser user, CancellationToken ct)
    {
        var key = users.GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, ct);
        await db.SaveChangesAsync(ct);
        return key;
    }

    private static string FormatKey(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
}
