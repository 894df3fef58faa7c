using UnionOffice.Common;

namespace UnionOffice.Modules.Incoming;

public static class IncomingErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("INCOMING_INVALID", string.Join(" ", problems));
    public static Error SecretRefused(string level) => new("SECRET_REFUSED",
        $"Văn bản có độ mật \"{level}\" không được đưa vào hệ thống (Quy chế, Điều 5). Văn bản mật được xử lý theo quy định bảo vệ bí mật nhà nước, ngoài hệ thống.", 422);
    public static Error Duplicate(long arrivalNumber, DateOnly arrivalDate) => new("INCOMING_DUPLICATE",
        $"Văn bản có cùng số, ký hiệu và cơ quan ban hành đã được đăng ký (số đến {arrivalNumber}, ngày {Formats.Date(arrivalDate)}). Kiểm tra lại; nếu đúng là văn bản khác, xác nhận để đăng ký.", 409);
    public static readonly Error NotFound = new("INCOMING_NOT_FOUND", "Không tìm thấy văn bản đến.", 404);
}
