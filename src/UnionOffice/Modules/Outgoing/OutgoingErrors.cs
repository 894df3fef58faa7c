using UnionOffice.Common;

namespace UnionOffice.Modules.Outgoing;

public static class OutgoingErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("OUTGOING_INVALID", string.Join(" ", problems));
    public static readonly Error NotFound = new("OUTGOING_NOT_FOUND", "Không tìm thấy văn bản đi.", 404);
    public static readonly Error NoFile = new("OUTGOING_NO_FILE", "Dự thảo chưa có tệp nội dung (PDF hoặc DOCX).", 409);
    public static Error WrongStatus(OutgoingStatus status, string step) => new("OUTGOING_WRONG_STATUS",
        $"Không thể {step}: văn bản đang ở trạng thái \"{OutgoingText.Status(status)}\".", 409);
    public static readonly Error NoUpdateRequested = new("NO_UPDATE_REQUESTED", "Nơi gửi không gửi cập nhật nào chờ xử lý cho văn bản này.", 409);
    public static readonly Error NoRecallRequested = new("NO_RECALL_REQUESTED", "Nơi gửi không đề nghị thu hồi văn bản này (hoặc đề nghị đã được xử lý).", 409);
    public static readonly Error SignerInvalid = new("SIGNER_INVALID", "Người ký phải là lãnh đạo của cơ quan ban hành văn bản, cấp phó được phân công lĩnh vực của đơn vị soạn thảo, hoặc lãnh đạo đơn vị được giao ký thừa lệnh, thừa ủy quyền loại văn bản này.");
    public static Error CollectiveNeedsLeader(string body) => new("SIGNER_INVALID",
        $"Chỉ lãnh đạo cơ quan (người đứng đầu hoặc cấp phó) mới ký thay mặt {body}; người ký thừa lệnh, thừa ủy quyền không ký thay mặt tập thể.");
    public static readonly Error NotTheSigner = new("NOT_THE_SIGNER", "Chỉ người ký được chọn (hoặc người được người đó ủy quyền) mới ký được văn bản này; giao ký thừa lệnh, thừa ủy quyền phải còn hiệu lực và bao gồm loại văn bản này.", 403);
    public static readonly Error RecipientsRequired = new("RECIPIENTS_REQUIRED", "Văn bản phát hành phải có ít nhất một nơi nhận.");
    public static Error RecipientUnknown(string what) => new("RECIPIENT_UNKNOWN", $"Không xác định được nơi nhận \"{what}\".");
    public static readonly Error RecipientSelf = new("RECIPIENT_SELF", "Cơ quan không gửi văn bản cho chính mình qua hàng đợi tiếp nhận.");
    public static readonly Error ReplyToUnknown = new("REPLY_TO_UNKNOWN", "Không tìm thấy văn bản đến được trả lời (hoặc bạn không được xem văn bản đó).");
    public static Error DeliveryDecided(DeliveryState state, string step) => new("DELIVERY_DECIDED",
        $"Không thể {step}: văn bản này {OutgoingText.Delivery(state).ToLowerInvariant()}.", 409);
    public static readonly Error DeliveryNotFound = new("DELIVERY_NOT_FOUND", "Không tìm thấy văn bản chờ tiếp nhận.", 404);
    public static readonly Error CommentAnswered = new("COMMENT_ANSWERED", "Ý kiến này đã được gửi.", 409);
    public static readonly Error CommentNotFound = new("COMMENT_NOT_FOUND", "Không tìm thấy yêu cầu góp ý.", 404);
    public static readonly Error ConvertibleOnly = new("OUTGOING_FILE_TYPE", "Tệp dự thảo phải là PDF hoặc DOCX.", 415);
    public static readonly Error PublishNotRequested = new("PUBLISH_NOT_REQUESTED", "Người soạn không đề nghị đăng công khai văn bản này.", 409);
    public static readonly Error NotPublished = new("NOT_PUBLISHED", "Văn bản này không được đăng công khai.", 409);
    public static readonly Error NotOnPaper = new("NOT_ON_PAPER", "Nơi nhận này không được gửi bản giấy.", 409);
    public static readonly Error VersionNotFound = new("VERSION_NOT_FOUND", "Không tìm thấy phiên bản dự thảo.", 404);
}

public static class OutgoingText
{
    public static string Action(string action) => action switch
    {
        "created" => "Tạo dự thảo",
        "updated" => "Sửa thông tin",
        "version" => "Tải lên phiên bản",
        "submitted" => "Trình duyệt",
        "content-approved" => "Đồng ý nội dung",
        "format-approved" => "Đồng ý thể thức",
        "returned" => "Trả lại",
        "signed" => "Ký số",
        "signed-on-paper" => "Ký trên giấy, cấp số",
        "issued" => "Phát hành",
        "recalled" => "Thu hồi",
        "published" => "Đăng công khai",
        "not-published" => "Không đăng công khai",
        "unpublished" => "Gỡ công khai",
        "paper-sent" => "Gửi bản giấy",
        "comment-asked" => "Xin ý kiến",
        "commented" => "Góp ý",
        _ => action,
    };

    public static string Status(OutgoingStatus s) => s switch
    {
        OutgoingStatus.Drafting => "Đang soạn thảo",
        OutgoingStatus.ContentReview => "Chờ lãnh đạo phòng/ban duyệt nội dung",
        OutgoingStatus.FormatReview => "Chờ văn thư kiểm tra thể thức",
        OutgoingStatus.AwaitingSignature => "Chờ lãnh đạo ký",
        OutgoingStatus.Signed => "Đã ký, chờ phát hành",
        OutgoingStatus.Issued => "Đã phát hành",
        OutgoingStatus.Recalled => "Đã thu hồi",
        OutgoingStatus.PaperSigned => "Đã ký trên giấy và cấp số, chờ số hóa và phát hành",
        _ => s.ToString(),
    };

    /// <summary>The recipient's state as the sender reads it, with the edXML status code.</summary>
    public static string Delivery(DeliveryState s) => s switch
    {
        DeliveryState.Planned => "Chưa gửi",
        DeliveryState.Arrived => "Đã đến (01)",
        DeliveryState.Refused => "Bị từ chối (02)",
        DeliveryState.Accepted => "Đã tiếp nhận (03)",
        DeliveryState.Queued => "Chờ gửi",
        DeliveryState.Emailed => "Đã gửi thư điện tử",
        DeliveryState.Delivered => "Đã chuyển liên thông",
        DeliveryState.Failed => "Gửi liên thông không thành công",
        DeliveryState.Recalled => "Đã thu hồi",
        _ => s.ToString(),
    };
}
