using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public static class DossierErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("DOSSIER_INVALID", string.Join(" ", problems));
    public static readonly Error CatalogueNotFound = new("CATALOGUE_NOT_FOUND", "Không tìm thấy danh mục hồ sơ.", 404);
    public static readonly Error CatalogueExists = new("CATALOGUE_EXISTS", "Cơ quan đã có danh mục hồ sơ của năm này.", 409);
    public static Error CatalogueWrongStatus(CatalogueStatus s, string step) => new("CATALOGUE_WRONG_STATUS",
        $"Không thể {step}: danh mục hồ sơ đang ở trạng thái \"{DossierText.Status(s)}\".", 409);
    public static readonly Error HeadingNotFound = new("HEADING_NOT_FOUND", "Không tìm thấy đề mục trong danh mục.", 404);
    public static readonly Error EntryNotFound = new("CATALOGUE_ENTRY_NOT_FOUND", "Không tìm thấy hồ sơ trong danh mục.", 404);
    public static readonly Error NotFound = new("DOSSIER_NOT_FOUND", "Không tìm thấy hồ sơ.", 404);
    public static readonly Error EntryTaken = new("DOSSIER_EXISTS", "Hồ sơ này trong danh mục đã được mở.", 409);
    public static readonly Error NotKeeper = new("DOSSIER_NOT_KEEPER", "Chỉ người được giao lập hồ sơ mới mở, cập nhật hoặc kết thúc hồ sơ này.", 403);
    public static readonly Error Closed = new("DOSSIER_CLOSED", "Hồ sơ đã kết thúc: không thêm, bớt văn bản được nữa.", 409);
    public static readonly Error Empty = new("DOSSIER_EMPTY", "Hồ sơ chưa có văn bản, tài liệu nào để kết thúc.", 409);
    public static readonly Error AlreadyFiled = new("DOSSIER_ALREADY_FILED", "Văn bản này đã có trong hồ sơ.", 409);
    public static readonly Error DocumentUnknown = new("DOSSIER_DOCUMENT_UNKNOWN",
        "Không tìm thấy văn bản để đưa vào hồ sơ: văn bản phải của cơ quan, bạn được xem, và văn bản đi phải đã phát hành.", 400);
    public static readonly Error NotClosed = new("DOSSIER_NOT_CLOSED", "Chỉ nộp lưu được hồ sơ đã kết thúc.", 409);
    public static readonly Error NotDue = new("DOSSIER_NOT_DUE",
        "Hồ sơ này không phải nộp lưu: chỉ hồ sơ đã kết thúc có thời hạn bảo quản từ 05 năm trở lên (hoặc vĩnh viễn) được nộp vào Lưu trữ cơ quan.", 409);
    public static readonly Error WithArchive = new("DOSSIER_WITH_ARCHIVE", "Hồ sơ đang nộp lưu hoặc đã ở Lưu trữ cơ quan.", 409);
    public static readonly Error KeeperUnknown = new("DOSSIER_KEEPER_UNKNOWN", "Người nhận hồ sơ phải là cán bộ đang làm việc tại cơ quan.", 400);
    public static readonly Error TransferNotFound = new("TRANSFER_NOT_FOUND", "Không tìm thấy đợt nộp lưu.", 404);
    public static readonly Error TransferEmpty = new("TRANSFER_EMPTY", "Chọn ít nhất một hồ sơ để nộp lưu.", 400);
    public static readonly Error TransferTooBig = new("TRANSFER_TOO_BIG", "Một đợt nộp lưu có tối đa 500 hồ sơ.", 400);
    public static Error TransferWrongStatus(string status, string step) => new("TRANSFER_WRONG_STATUS", $"Không thể {step}: đợt nộp lưu đang ở trạng thái \"{status}\".", 409);
    public static readonly Error TransferItemNotFound = new("TRANSFER_ITEM_NOT_FOUND", "Không tìm thấy hồ sơ trong đợt nộp lưu.", 404);
    public static readonly Error TransferItemDecided = new("TRANSFER_ITEM_DECIDED", "Hồ sơ này đã được nhận hoặc trả lại.", 409);
    public static readonly Error ReasonRequired = new("REASON_REQUIRED", "Ghi rõ lý do trả lại hồ sơ.", 400);
    public static readonly Error NotGiver = new("TRANSFER_NOT_GIVER", "Bên giao ký biên bản là người nộp lưu.", 403);
    public static readonly Error SameSides = new("TRANSFER_SAME_PERSON", "Bên nhận phải là người khác với bên giao.", 409);
    public static readonly Error NotArchived = new("DOSSIER_NOT_ARCHIVED", "Chỉ đề nghị khai thác được hồ sơ đã nộp vào Lưu trữ cơ quan.", 409);
    public static readonly Error ConsultNotFound = new("CONSULT_NOT_FOUND", "Không tìm thấy đề nghị khai thác hồ sơ.", 404);
    public static readonly Error ConsultDecided = new("CONSULT_DECIDED", "Đề nghị khai thác này đã được xử lý.", 409);
    public static readonly Error ConsultNeedless = new("CONSULT_NEEDLESS", "Bạn đã được xem hồ sơ này, không cần đề nghị khai thác.", 409);
    public static readonly Error ItemFileMissing = new("DOSSIER_ITEM_NO_FILE", "Văn bản này không có tệp để xem.", 404);
    public static Error Frozen(string reference) => new("DOSSIER_FROZEN", $"Hồ sơ đang bị phong tỏa theo {reference}: không thay đổi, chuyển giao hay hủy được.", 409);
    public static readonly Error HoldNotFound = new("HOLD_NOT_FOUND", "Không tìm thấy lệnh phong tỏa hồ sơ.", 404);
    public static readonly Error HoldLifted = new("HOLD_LIFTED", "Lệnh phong tỏa này đã được gỡ.", 409);
    public static readonly Error DisposalNotFound = new("DISPOSAL_NOT_FOUND", "Không tìm thấy danh mục hồ sơ hủy.", 404);
    public static readonly Error ItemNotFound = new("DOSSIER_ITEM_NOT_FOUND", "Không tìm thấy văn bản, tài liệu trong hồ sơ.", 404);
}
