using UnionOffice.Common;

namespace UnionOffice.Modules.Organizations;

public static class OrganizationErrors
{
    public static Error InvalidCode(string code) => new("ORG_CODE_INVALID", $"Mã định danh \"{code}\" không hợp lệ (ví dụ hợp lệ: I02.36 hoặc I02.36.05).");
    public static Error DuplicateCode(string code) => new("ORG_CODE_DUPLICATE", $"Mã định danh {code} đã được dùng cho một cơ quan khác.", 409);
    public static readonly Error NameRequired = new("ORG_NAME_REQUIRED", "Tên cơ quan không được để trống.");
    public static Error NameTooLong(int max) => new("NAME_TOO_LONG", $"Tên quá dài (tối đa {max} ký tự).");
    public static Error InvalidSuffix(string s) => new("ORG_SUFFIX_INVALID", $"Hậu tố tên tài khoản \"{s}\" không hợp lệ (2–16 chữ cái thường hoặc chữ số, không dấu).");
    public static Error Cycle(string code, string parent) => new("ORG_CYCLE", $"Không thể chuyển {code} vào {parent}: {parent} là chính nó hoặc đơn vị cấp dưới của nó.", 409);
    public static readonly Error RootCannotMove = new("ORG_ROOT_MOVE", "Không thể chuyển cơ quan gốc (Tổng Liên đoàn).", 409);
    public static readonly Error RootCannotDeactivate = new("ORG_ROOT_DEACTIVATE", "Không thể ngừng hoạt động cơ quan gốc.", 409);
    public static Error ParentInactive(string code) => new("ORG_PARENT_INACTIVE", $"Cơ quan cấp trên {code} đã ngừng hoạt động.", 409);
    public static Error HasActiveChildren(string code) => new("ORG_HAS_CHILDREN", $"{code} còn đơn vị cấp dưới đang hoạt động; hãy chuyển hoặc ngừng hoạt động các đơn vị đó trước.", 409);
    public static Error InUse(string code, string reason) => new("ORG_IN_USE", $"Không thể xóa {code}: {reason}. Chỉ có thể ngừng hoạt động.", 409);
    public static Error InvalidDepartmentCode(string code) => new("DEPT_CODE_INVALID", $"Mã phòng/ban \"{code}\" không hợp lệ (chữ in hoa, chữ số, dấu gạch ngang; tối đa 16 ký tự).");
    public static Error DuplicateDepartmentCode(string code) => new("DEPT_CODE_DUPLICATE", $"Mã phòng/ban {code} đã có trong cơ quan này.", 409);
    public static Error UnknownKind(string kind) => new("ORG_KIND_INVALID", $"Loại cơ quan \"{kind}\" không hợp lệ.");
}
