namespace UnionOffice.Modules.Work;

/// <summary>Vietnamese names of the work module's values, for pages, exports and messages.</summary>
public static class WorkText
{
    public static string Status(WorkStatus s) => s switch
    {
        WorkStatus.Open => "Mới giao",
        WorkStatus.InProgress => "Đang thực hiện",
        WorkStatus.Reported => "Chờ đánh giá",
        WorkStatus.Done => "Hoàn thành",
        WorkStatus.Cancelled => "Đã hủy",
        _ => s.ToString(),
    };

    public static string Status(string s) => Enum.TryParse<WorkStatus>(s, out var v) ? Status(v) : s;

    public static string Priority(WorkPriority p) => p switch
    {
        WorkPriority.Urgent => "Khẩn",
        WorkPriority.High => "Quan trọng",
        _ => "Bình thường",
    };

    public static string Priority(string p) => Enum.TryParse<WorkPriority>(p, out var v) ? Priority(v) : p;

    public static string Origin(WorkOrigin o) => o switch
    {
        WorkOrigin.IncomingDocument => "Văn bản đến",
        WorkOrigin.Meeting => "Kết luận cuộc họp",
        WorkOrigin.PlanItem => "Kế hoạch công tác",
        _ => "Lãnh đạo giao trực tiếp",
    };

    public static string Origin(string o) => Enum.TryParse<WorkOrigin>(o, out var v) ? Origin(v) : o;

    public static string Action(string action) => action switch
    {
        "given" => "Giao nhiệm vụ",
        "subtask-given" => "Giao tiếp cho chuyên viên",
        "progress" => "Báo cáo tiến độ",
        "part-done" => "Hoàn thành phần việc phối hợp",
        "reported" => "Báo cáo hoàn thành",
        "accepted" => "Đánh giá: đạt, hoàn thành",
        "returned" => "Đánh giá: trả lại",
        "reassigned" => "Giao lại",
        "cancelled" => "Hủy nhiệm vụ",
        "chased" => "Đôn đốc",
        "extension-requested" => "Đề nghị gia hạn",
        "extension-granted" => "Đồng ý gia hạn",
        "extension-refused" => "Không đồng ý gia hạn",
        "file-added" => "Đính kèm tệp",
        _ => action,
    };
}
