using UnionOffice.Common;

namespace UnionOffice.Modules.Work;

public static class WorkErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("TASK_INVALID", string.Join(" ", problems));
    public static readonly Error NotFound = new("TASK_NOT_FOUND", "Không tìm thấy nhiệm vụ.", 404);
    public static Error WrongStatus(WorkStatus status, string step) => new("TASK_WRONG_STATUS",
        $"Không thể {step}: nhiệm vụ đang ở trạng thái \"{WorkText.Status(status)}\".", 409);
    public static readonly Error AssigneeOutside = new("ASSIGNEE_OUTSIDE", "Đơn vị hoặc cá nhân được giao phải thuộc cơ quan giao nhiệm vụ.");
    public static readonly Error OutsideDepartment = new("ASSIGNEE_OUTSIDE_DEPARTMENT",
        "Lãnh đạo phòng/ban chỉ giao nhiệm vụ cho người trong phòng/ban mình.");
    public static readonly Error SubTaskOnlyFromDepartment = new("SUBTASK_INVALID",
        "Chỉ nhiệm vụ giao cho phòng/ban mới được lãnh đạo phòng/ban giao tiếp cho chuyên viên; nhiệm vụ giao tiếp không giao tiếp được nữa.", 409);
    public static Error DeadlineAfterParent(DateOnly parent) => new("DEADLINE_AFTER_PARENT", $"Thời hạn không được sau thời hạn của nhiệm vụ được giao ({Formats.Date(parent)}).");
    public static readonly Error NotYourPart = new("TASK_NOT_ASSIGNED", "Bạn không được giao phần việc này.", 403);
    public static readonly Error ReassignSame = new("REASSIGN_SAME", "Việc đang được giao đúng cho đơn vị/cá nhân này; hãy chọn người khác.", 409);
    public static readonly Error AssignmentClosed = new("ASSIGNMENT_CLOSED", "Phần việc này đã kết thúc.", 409);
    public static readonly Error CoHandlersOpen = new("COHANDLERS_OPEN",
        "Còn đơn vị/cá nhân phối hợp chưa báo cáo xong phần việc: hãy ghi rõ phần việc của họ đã được xử lý thế nào.");

    public static readonly Error NoDeadline = new("EXTENSION_NO_DEADLINE", "Việc này không có thời hạn nên không cần gia hạn.", 409);
    public static Error ExtensionNotLater(DateOnly current) => new("EXTENSION_NOT_LATER", $"Thời hạn đề nghị phải sau thời hạn hiện tại ({Formats.Date(current)}).");
    public static Error ExtensionInvalid(IEnumerable<string> problems) => new("EXTENSION_INVALID", string.Join(" ", problems));
    public static readonly Error ExtensionPending = new("EXTENSION_PENDING", "Đã có một đề nghị gia hạn đang chờ quyết định cho việc này.", 409);
    public static readonly Error ExtensionDecided = new("EXTENSION_DECIDED", "Đề nghị gia hạn này đã được quyết định.", 409);
    public static readonly Error ExtensionNotFound = new("EXTENSION_NOT_FOUND", "Không tìm thấy đề nghị gia hạn.", 404);
    public static readonly Error ChaseClosed = new("CHASE_CLOSED", "Chỉ đôn đốc được việc đang xử lý.", 409);
}
