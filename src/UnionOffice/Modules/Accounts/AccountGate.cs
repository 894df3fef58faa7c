using UnionOffice.Common;
using UnionOffice.Modules.Access;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// What a signed-in person must do before anything else: change the one-time password, or enrol an
/// authenticator when the organ requires it for one of their roles. Checked on every request, UI and API.
/// </summary>
public static class AccountGate
{
    public static Error? PendingStep(AccessState state)
    {
        if (state.MustChangePassword) return AccountErrors.PasswordChangeRequired;
        if (!state.TwoFactorEnabled && state.OtpMandatory) return AccountErrors.OtpEnrollmentRequired;
        return null;
    }
}
