using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

public static class AccountErrors
{
    public static readonly Error InvalidCredentials = new("LOGIN_INVALID", "Tên đăng nhập hoặc mật khẩu không đúng.", 401);
    /// <summary>One address failed too often for this name (whether or not it has an account): that address waits.</summary>
    public static Error SourceLockedOut(DateTimeOffset until) => new("LOGIN_LOCKED_OUT",
        $"Đăng nhập bằng tên này từ máy của bạn tạm bị chặn vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {Formats.DateTime(until)}; nếu không phải bạn nhập, hãy báo quản trị hệ thống.", 423);
    public static Error LockedOut(DateTimeOffset until) => new("LOGIN_LOCKED_OUT", $"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {Formats.DateTime(until)}.", 423);
    public static Error OtpLockedOut(DateTimeOffset until) => new("LOGIN_LOCKED_OUT", $"Tài khoản tạm khóa do nhập sai mã xác thực (OTP) nhiều lần. Vui lòng thử lại sau {Formats.DateTime(until)}; nếu không phải bạn nhập, hãy đổi mật khẩu và báo quản trị hệ thống.", 423);
    public static Error AccountLocked(string? reason) => new("ACCOUNT_LOCKED", $"Tài khoản đã bị khóa{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)}. Liên hệ quản trị hệ thống của cơ quan.", 423);
    public static Error AccountRevoked(string? reason) => new("ACCOUNT_REVOKED", $"Tài khoản đã bị thu hồi{(string.IsNullOrEmpty(reason) ? "" : ": " + reason)}. Liên hệ quản trị hệ thống của cơ quan.", 423);
    public static readonly Error OtpRequired = new("OTP_REQUIRED", "Vui lòng nhập mã xác thực (OTP) 6 chữ số từ ứng dụng xác thực.", 401);
    public static readonly Error OtpInvalid = new("OTP_INVALID", "Mã xác thực (OTP) không đúng hoặc đã hết hạn.", 401);
    public static readonly Error OtpReused = new("OTP_REUSED", "Mã xác thực (OTP) này đã được dùng. Vui lòng chờ mã mới.", 401);
    public static readonly Error OtpNotEnrolled = new("OTP_NOT_ENROLLED", "Chưa đăng ký ứng dụng xác thực.", 409);
    public static readonly Error OtpMandatory = new("OTP_MANDATORY", "Cơ quan bắt buộc dùng mã xác thực (OTP) cho vai trò của bạn; không thể tắt.", 409);
    public static readonly Error TooManyAttempts = new("LOGIN_RATE_LIMITED", "Quá nhiều lần đăng nhập trong thời gian ngắn. Vui lòng thử lại sau ít phút.", 429);
    public static readonly Error PasswordChangeRequired = new("PASSWORD_CHANGE_REQUIRED", "Bạn phải đổi mật khẩu trước khi tiếp tục.", 403);
    public static readonly Error OtpEnrollmentRequired = new("OTP_ENROLLMENT_REQUIRED", "Cơ quan yêu cầu đăng ký mã xác thực (OTP) trước khi tiếp tục.", 403);
    public static readonly Error SessionInvalid = new("SESSION_INVALID", "Phiên đăng nhập không còn hiệu lực (tài khoản đã bị khóa, thu hồi hoặc đổi mật khẩu). Vui lòng đăng nhập lại.", 401);
    public static readonly Error FullNameRequired = new("FULL_NAME_REQUIRED", "Họ và tên không được để trống.");
    public static Error TextTooLong(string field, int max) => new("TEXT_TOO_LONG", $"{field} quá dài (tối đa {max} ký tự).");
    public static Error UserNameTaken(string name) => new("USERNAME_TAKEN", $"Tên đăng nhập {name} đã có người dùng.", 409);
    public static Error UserNameInvalid(string name) => new("USERNAME_INVALID", $"Tên đăng nhập \"{name}\" không hợp lệ (chữ thường không dấu, chữ số và dấu chấm).");
    public static Error PasswordRejected(string details) => new("PASSWORD_REJECTED", $"Mật khẩu không đạt yêu cầu: {details}");
    public static readonly Error CurrentPasswordWrong = new("PASSWORD_CURRENT_WRONG", "Mật khẩu hiện tại không đúng.");
    public static readonly Error DepartmentRequired = new("DEPARTMENT_REQUIRED", "Vai trò Lãnh đạo phòng/ban cần chọn phòng/ban.");
    public static readonly Error DepartmentMismatch = new("DEPARTMENT_MISMATCH", "Phòng/ban không thuộc cơ quan đã chọn.");
    public static readonly Error RoleExists = new("ROLE_EXISTS", "Người dùng đã có vai trò này.", 409);
    public static readonly Error LastAdministrator = new("LAST_ADMINISTRATOR", "Không thể gỡ vai trò quản trị cuối cùng của cơ quan gốc.", 409);
    public static Error RoleInvalid(string role) => new("ROLE_INVALID", $"Vai trò \"{role}\" không hợp lệ.");
    public static readonly Error DelegateToSelf = new("DELEGATION_SELF", "Không thể ủy quyền cho chính mình.");
    public static readonly Error DelegationDates = new("DELEGATION_DATES", "Ngày kết thúc ủy quyền phải sau hoặc bằng ngày bắt đầu.");
    public static Error RoleNotDelegable(Role role) => new("DELEGATION_ROLE", $"Không thể ủy quyền vai trò {Roles.Vietnamese(role)}.");
    public static readonly Error DelegatorLacksRole = new("DELEGATION_NO_ROLE", "Người ủy quyền không giữ vai trò này tại cơ quan.");
    public static readonly Error DelegateNotInOrgan = new("DELEGATION_OUTSIDE", "Người nhận ủy quyền phải có tài khoản đang hoạt động trong cùng cơ quan.");
    public static readonly Error DelegationNotPending = new("DELEGATION_NOT_PENDING", "Ủy quyền này đã được xử lý.", 409);
    public static readonly Error DelegationNotOpen = new("DELEGATION_CLOSED", "Ủy quyền này đã kết thúc.", 409);
    public static readonly Error SigningDelegationNeedsHead = new("DELEGATION_SIGNING_ROLE", "Chỉ người đứng đầu cơ quan mới giao ký thừa lệnh, thừa ủy quyền.");
    public static readonly Error SigningDelegationNeedsTypes = new("DELEGATION_SIGNING_TYPES", "Giao ký thừa lệnh, thừa ủy quyền phải nêu rõ những loại văn bản được ký.");
    public static readonly Error SigningDelegateNotUnitHead = new("DELEGATION_SIGNING_DELEGATE", "Chỉ người đứng đầu đơn vị thuộc cơ quan (lãnh đạo phòng, ban) mới được giao ký thừa lệnh, thừa ủy quyền.");
    public static Error SigningDelegationTypeUnknown(string name) => new("DELEGATION_SIGNING_TYPES", $"Loại văn bản “{name}” không có trong danh mục.");
    public static readonly Error DelegationKindInvalid = new("DELEGATION_KIND", "Hình thức ủy quyền không hợp lệ (Role, SignByOrder – thừa lệnh, SignByAuthorisation – thừa ủy quyền).");
    public static readonly Error DelegationPast = new("DELEGATION_PAST", "Không thể ủy quyền cho khoảng thời gian đã qua.");
}
