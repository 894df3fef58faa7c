namespace UnionOffice.Modules.Audit;

public static class AuditActions
{
    public const string LoginSucceeded = "auth.login.succeeded";
    public const string LoginFailed = "auth.login.failed";
    public const string Logout = "auth.logout";
    public const string PasswordChanged = "account.password.changed";
    public const string PasswordReset = "account.password.reset";
    public const string PasskeyAdded = "account.passkey.added";
    public const string PasskeyRemoved = "account.passkey.removed";
    public const string RecipientListSaved = "outgoing.recipients.saved";
    public const string RecipientListRemoved = "outgoing.recipients.removed";
    public const string PushDeviceAdded = "account.push.added";
    public const string PushDeviceRemoved = "account.push.removed";
    public const string OtpEnabled = "account.otp.enabled";
    public const string OtpDisabled = "account.otp.disabled";
    public const string AccountCreated = "account.created";
    public const string AccountUpdated = "account.updated";
    public const string AccountLocked = "account.locked";
    public const string AccountUnlocked = "account.unlocked";
    public const string AccountLifecycleLocked = "account.lifecycle.locked";
    public const string AccountLifecycleRevoked = "account.lifecycle.revoked";
    public const string RoleGranted = "account.role.granted";
    public const string RoleRemoved = "account.role.removed";
    public const string DelegationRequested = "delegation.requested";
    public const string DelegationApproved = "delegation.approved";
    public const string DelegationRejected = "delegation.rejected";
    public const string DelegationRevoked = "delegation.revoked";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string OrganizationMoved = "organization.moved";
    public const string OrganizationDeactivated = "organization.deactivated";
    public const string OrganizationActivated = "organization.activated";
    public const string OrganizationDeleted = "organization.deleted";
    public const string OrganizationsImported = "organization.imported";
    public const string DepartmentCreated = "department.created";
    public const string DepartmentUpdated = "department.updated";
    public const string AccountsImported = "account.imported";
    public const string IncomingRegistered = "incoming.registered";
}
