using UnionOffice.Common;

namespace UnionOffice.Modules.Incoming;

public static class IncomingErrors
{
    /// <summary>NĐ30 Điều 18.4b, Phụ lục VI 8b (hủy văn bản đến): a recalled copy keeps its register line and trail, not its content.</summary>
    public static Error Withdrawn(DateTimeOffset at) => new("DOCUMENT_WITHDRAWN",
        $"Văn bản đã bị nơi gửi thu hồi ngày {Formats.Date(at)}: nội dung không còn được mở; số đến, dòng trong sổ và quá trình xử lý vẫn được giữ.", 410);
    public static Error Invalid(IEnumerable<string> problems) => new("INCOMING_INVALID", string.Join(" ", problems));
    public static Error SecretRefused(string level) => new("SECRET_REFUSED",
        $"Văn bản có độ mật \"{level}\" không được đưa vào hệ thống (Quy chế, Điều 5). Văn bản mật được xử lý theo quy định bảo vệ bí mật nhà nước, ngoài hệ thống.", 422);
    public static readonly Error ComplaintRefused = new("COMPLAINT_REFUSED",
        "Đơn thư khiếu nại, tố cáo không được đưa vào hệ thống (Quy chế, Điều 5; Thông tư 08/2015/TT-BCA): tiếp nhận và giải quyết theo quy trình giải quyết khiếu nại, tố cáo, ngoài hệ thống.", 422);
    public static Error Duplicate(long arrivalNumber, DateOnly arrivalDate) => new("INCOMING_DUPLICATE",
        $"Văn bản có cùng số, ký hiệu và cơ quan ban hành đã được đăng ký (số đến {arrivalNumber}, ngày {Formats.Date(arrivalDate)}). Kiểm tra lại; nếu đúng là văn bản khác, xác nhận để đăng ký.", 409);
    public static Error WrongStatus(IncomingStatus status, string step) => new("INCOMING_WRONG_STATUS",
        $"Không thể {step}: văn bản đang ở trạng thái \"{StatusName(status)}\".", 409);
    public static readonly Error AssigneeRequired = new("ASSIGNEE_INVALID", "Mỗi lần giao phải chọn một đơn vị hoặc một cá nhân.");
    public static readonly Error AssigneeOutside = new("ASSIGNEE_OUTSIDE", "Đơn vị hoặc cá nhân được giao phải thuộc cơ quan nhận văn bản.");
    public static readonly Error OnlyDepartmentForwards = new("FORWARD_INVALID", "Chỉ việc giao cho phòng/ban mới được lãnh đạo phòng/ban chuyển tiếp.", 409);
    public static readonly Error OfficerOutsideDepartment = new("FORWARD_OUTSIDE", "Người được chuyển phải thuộc phòng/ban được giao.");
    public static Error DeadlineAfterParent(DateOnly parent) => new("DEADLINE_AFTER_PARENT", $"Thời hạn không được sau thời hạn lãnh đạo giao ({Formats.Date(parent)}).");
    public static readonly Error AssignmentClosed = new("ASSIGNMENT_CLOSED", "Việc được giao này đã kết thúc.", 409);
    public static readonly Error AssignmentNotFound = new("ASSIGNMENT_NOT_FOUND", "Không tìm thấy việc được giao.", 404);

    public static readonly Error ReassignSame = new("REASSIGN_SAME", "Việc đang được giao đúng cho đơn vị/cá nhân này; hãy chọn người khác.", 409);
    public static readonly Error ChaseClosed = new("CHASE_CLOSED", "Chỉ đôn đốc được việc đang xử lý.", 409);

    public static string StatusName(IncomingStatus s) => s switch
    {
        IncomingStatus.Registered => "Đã đăng ký, chờ trình",
        IncomingStatus.Presented => "Chờ ý kiến chỉ đạo",
        IncomingStatus.Assigned => "Đã giao xử lý",
        IncomingStatus.InProgress => "Đang xử lý",
        IncomingStatus.Done => "Đã hoàn thành",
        _ => s.ToString(),
    };

    public static readonly Error Recalled = new("INCOMING_RECALLED", "Văn bản này đã bị cơ quan gửi thu hồi; bản đã nhận được giữ lại để tra cứu và không xử lý tiếp.", 409);
    public static readonly Error NotFound = new("INCOMING_NOT_FOUND", "Không tìm thấy văn bản đến.", 404);
}
