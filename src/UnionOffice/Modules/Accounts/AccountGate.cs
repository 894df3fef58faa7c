using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// What a signed-in person must do before anything else: change the one-time password, or enrol an
/// authenticator when the organ requires it for one of their roles. Checked on every request, UI and API.
/// </summary>
public sealed class AccountGate(OtpService otp)
{
    public async Task<Error?> PendingStepAsync(AppUser user, CancellationToken ct)
    {
        if (user.MustChangePassword) return AccountErrors.PasswordChangeRequired;
        if (!user.TwoFactorEnabled && await otp.IsMandatoryAsync(user, ct)) return AccountErrors.OtpEnrollmentRequired;
        return null;
    }
}
