using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>Vietnamese names of the incoming module's values, for pages and exports.</summary>
public static class IncomingText
{
    public static string Urgency(string urgency) => Enum.TryParse<Incoming.Urgency>(urgency, out var u) ? Urgency(u) : urgency;

    public static string Urgency(Urgency u) => u switch
    {
        Incoming.Urgency.Immediate => "Hỏa tốc",
        Incoming.Urgency.VeryUrgent => "Thượng khẩn",
        Incoming.Urgency.Urgent => "Khẩn",
        _ => "Thường",
    };

    public static string Status(string status) => Enum.TryParse<IncomingStatus>(status, out var s) ? IncomingErrors.StatusName(s) : status;

    public static string Kind(string kind) => kind switch
    {
        nameof(AssignmentKind.Lead) => "Chủ trì",
        nameof(AssignmentKind.CoHandler) => "Phối hợp",
        nameof(AssignmentKind.ForInformation) => "Để biết",
        _ => kind,
    };

    public static string AssignmentStatus(string status) => status switch
    {
        nameof(Work.AssignmentStatus.Open) => "Chưa xử lý",
        nameof(Work.AssignmentStatus.InProgress) => "Đang xử lý",
        nameof(Work.AssignmentStatus.Done) => "Đã xong",
        nameof(Work.AssignmentStatus.Returned) => "Đã trả lại",
        nameof(Work.AssignmentStatus.Reassigned) => "Đã giao lại",
        nameof(Work.AssignmentStatus.Ended) => "Kết thúc cùng nhiệm vụ",
        _ => status,
    };

    public static string Action(string action) => action switch
    {
        "registered" => "Đăng ký văn bản đến",
        "received" => "Tiếp nhận văn bản điện tử",
        "recalled" => "Nơi gửi thu hồi văn bản",
        "updated-by-sender" => "Nơi gửi cập nhật văn bản",
        "presented" => "Trình lãnh đạo",
        "directed" => "Cho ý kiến chỉ đạo",
        "forwarded" => "Chuyển xử lý",
        "opinion" => "Ý kiến xử lý",
        "completed" => "Hoàn thành",
        "co-handlers-open" => "Hoàn thành khi còn phần phối hợp chưa xong",
        "returned" => "Trả lại",
        "reassigned" => "Giao lại",
        "chased" => "Đôn đốc",
        "extension-requested" => "Đề nghị gia hạn",
        "extension-granted" => "Đồng ý gia hạn",
        "extension-refused" => "Không đồng ý gia hạn",
        "file-added" => "Đính kèm tệp",
        _ => action,
    };
}
