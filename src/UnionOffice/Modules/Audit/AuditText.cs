using System.Globalization;
using System.Text.Json;
using UnionOffice.Common;

namespace UnionOffice.Modules.Audit;

/// <summary>
/// The audit log as an administrator reads it: each action code in Vietnamese, the kinds of objects named, the details
/// as labelled lines instead of JSON. The codes stay what the chain hashes and what the API filters by; this is their
/// reading. Steps of a document's or a task's flow (<c>incoming.directed</c>, <c>task.reported</c>…) are named by the
/// same texts their trails use, so the log and the trail say the same thing.
/// </summary>
public static class AuditText
{
    /// <summary>Every action code recorded by name, with its reading.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auth.login.succeeded"] = "Đăng nhập",
        ["auth.login.failed"] = "Đăng nhập không thành công",
        ["auth.logout"] = "Đăng xuất",
        ["account.created"] = "Tạo tài khoản",
        ["account.updated"] = "Sửa thông tin tài khoản",
        ["account.imported"] = "Nhập danh sách tài khoản từ tệp",
        ["account.locked"] = "Khóa tài khoản",
        ["account.unlocked"] = "Mở khóa tài khoản",
        ["account.lifecycle.locked"] = "Tự động khóa tài khoản lâu không dùng",
        ["account.lifecycle.revoked"] = "Tự động thu hồi quyền của tài khoản đã nghỉ",
        ["account.password.changed"] = "Đổi mật khẩu",
        ["account.password.reset"] = "Đặt lại mật khẩu",
        ["account.passkey.added"] = "Thêm khóa đăng nhập (passkey)",
        ["account.passkey.removed"] = "Xóa khóa đăng nhập (passkey)",
        ["outgoing.recipients.saved"] = "Lưu danh sách nơi nhận",
        ["outgoing.recipients.removed"] = "Xóa danh sách nơi nhận",
        ["account.push.added"] = "Bật thông báo đẩy trên một thiết bị",
        ["account.push.removed"] = "Gỡ thiết bị nhận thông báo đẩy",
        ["account.otp.enabled"] = "Bật xác thực hai lớp",
        ["account.otp.disabled"] = "Tắt xác thực hai lớp",
        ["account.role.granted"] = "Giao vai trò",
        ["account.role.removed"] = "Thu hồi vai trò",
        ["delegation.requested"] = "Đề nghị ủy quyền",
        ["delegation.approved"] = "Duyệt ủy quyền",
        ["delegation.rejected"] = "Từ chối ủy quyền",
        ["delegation.revoked"] = "Thu hồi ủy quyền",
        ["organization.created"] = "Thêm cơ quan, đơn vị",
        ["organization.updated"] = "Sửa thông tin cơ quan, đơn vị",
        ["organization.moved"] = "Chuyển cơ quan, đơn vị sang cấp trên khác",
        ["organization.deactivated"] = "Ngừng hoạt động cơ quan, đơn vị",
        ["organization.activated"] = "Hoạt động trở lại cơ quan, đơn vị",
        ["organization.deleted"] = "Xóa cơ quan, đơn vị",
        ["organization.imported"] = "Nhập cây tổ chức từ tệp",
        ["department.created"] = "Thêm phòng, ban",
        ["department.updated"] = "Sửa phòng, ban",
        ["incoming.registered"] = "Đăng ký văn bản đến",
        ["incoming.exported"] = "Xuất danh sách văn bản đến",
        ["incoming.file.added"] = "Đính kèm tệp vào văn bản đến",
        ["incoming.file.viewed"] = "Xem tệp văn bản đến",
        ["incoming.file.downloaded"] = "Tải tệp văn bản đến",
        ["incoming.register.exported"] = "Xuất sổ đăng ký văn bản đến",
        ["incoming.tracking.exported"] = "Xuất sổ theo dõi giải quyết văn bản đến",
        ["incoming.slip.exported"] = "In phiếu xử lý văn bản đến",
        ["incoming.arrival.viewed"] = "Xem văn bản gửi đến qua trục liên thông",
        ["incoming.arrival.accepted"] = "Tiếp nhận văn bản gửi đến",
        ["incoming.arrival.refused"] = "Từ chối văn bản gửi đến",
        ["incoming.arrival.recall-accepted"] = "Đồng ý thu hồi văn bản đã nhận",
        ["incoming.arrival.recall-refused"] = "Không đồng ý thu hồi văn bản đã nhận",
        ["incoming.arrival.update-accepted"] = "Đồng ý cập nhật văn bản đã nhận",
        ["incoming.arrival.update-refused"] = "Không đồng ý cập nhật văn bản đã nhận",
        ["outgoing.created"] = "Tạo dự thảo văn bản đi",
        ["outgoing.version.added"] = "Tải lên phiên bản dự thảo",
        ["outgoing.file.viewed"] = "Xem tệp văn bản đi",
        ["outgoing.sign.prepared"] = "Chuẩn bị ký số văn bản đi",
        ["outgoing.signed"] = "Ký số văn bản đi",
        ["outgoing.signed-on-paper"] = "Ký trên giấy và cấp số văn bản đi",
        ["outgoing.issued"] = "Phát hành văn bản đi",
        ["outgoing.recalled"] = "Thu hồi văn bản đi",
        ["outgoing.unpublished"] = "Gỡ văn bản khỏi trang công khai",
        ["outgoing.paper.sent"] = "Gửi bản giấy văn bản đi",
        ["outgoing.policy.changed"] = "Sửa quy định trình ký văn bản đi",
        ["outgoing.register.exported"] = "Xuất sổ đăng ký văn bản đi",
        ["signing.certificate.imported"] = "Nhập chứng thư số",
        ["signing.certificate.registered"] = "Đăng ký chứng thư số",
        ["signing.image.set"] = "Đặt hình ảnh chữ ký",
        ["signing.pin.wrong"] = "Nhập sai mã PIN khi ký số",
        ["task.file.added"] = "Đính kèm tệp vào nhiệm vụ",
        ["task.file.opened"] = "Mở tệp của nhiệm vụ",
        ["task.giao-ban.exported"] = "Xuất báo cáo giao ban",
        ["plan.drafted"] = "Lập kế hoạch công tác",
        ["plan.issued"] = "Ban hành kế hoạch công tác",
        ["diary.commented"] = "Nhận xét nhật ký công việc",
        ["diary.week-closed"] = "Chốt nhật ký công việc của tuần",
        ["diary.summary.exported"] = "Xuất tổng hợp nhật ký công việc",
        ["dossier.opened"] = "Mở hồ sơ",
        ["dossier.closed"] = "Kết thúc hồ sơ",
        ["dossier.item.opened"] = "Mở văn bản trong hồ sơ",
        ["dossier.keeper.changed"] = "Giao người khác giữ hồ sơ",
        ["dossier.kept-back"] = "Lãnh đạo đồng ý giữ lại hồ sơ",
        ["dossier.contents.exported"] = "Xuất mục lục văn bản trong hồ sơ",
        ["dossier.package.exported"] = "Xuất gói hồ sơ điện tử",
        ["catalogue.drafted"] = "Lập danh mục hồ sơ",
        ["catalogue.approved"] = "Duyệt danh mục hồ sơ",
        ["catalogue.issued"] = "Ban hành danh mục hồ sơ",
        ["catalogue.exported"] = "Xuất danh mục hồ sơ",
        ["archive.announced"] = "Thông báo nộp lưu hồ sơ",
        ["archive.transfer.sent"] = "Gửi hồ sơ nộp lưu",
        ["archive.transfer.recorded"] = "Lập biên bản giao nhận hồ sơ",
        ["archive.record.signed.giver"] = "Bên giao ký số biên bản giao nhận",
        ["archive.record.signed.receiver"] = "Bên nhận ký số biên bản giao nhận",
        ["archive.record.downloaded"] = "Tải biên bản giao nhận",
        ["archive.dossier.accepted"] = "Lưu trữ nhận hồ sơ",
        ["archive.dossier.returned"] = "Lưu trữ trả lại hồ sơ để hoàn thiện",
        ["archive.dossier.read"] = "Đọc hồ sơ lưu trữ",
        ["archive.searched"] = "Tra cứu lưu trữ",
        ["archive.list.exported"] = "Xuất danh sách hồ sơ lưu trữ",
        ["archive.year.exported"] = "Xuất hồ sơ lưu trữ của năm",
        ["archive.consult.asked"] = "Đề nghị khai thác hồ sơ lưu trữ",
        ["archive.consult.approved"] = "Duyệt đề nghị khai thác hồ sơ",
        ["archive.consult.refused"] = "Từ chối đề nghị khai thác hồ sơ",
        ["archive.consult.ended"] = "Kết thúc khai thác hồ sơ",
        ["archive.hold.placed"] = "Phong tỏa hồ sơ lưu trữ",
        ["archive.hold.lifted"] = "Gỡ phong tỏa hồ sơ lưu trữ",
        ["archive.disposal.proposed"] = "Đề nghị hủy hồ sơ hết thời hạn bảo quản",
        ["archive.disposal.appraised"] = "Thẩm định hồ sơ đề nghị hủy",
        ["archive.disposal.approved"] = "Duyệt hủy hồ sơ hết thời hạn bảo quản",
        ["archive.disposal.destroyed"] = "Hủy hồ sơ hết thời hạn bảo quản",
        ["schedule.event.registered"] = "Đưa sự kiện vào lịch công tác",
        ["schedule.event.proposed"] = "Đề xuất sự kiện vào lịch công tác",
        ["schedule.event.accepted"] = "Duyệt sự kiện đề xuất",
        ["schedule.event.changed"] = "Sửa sự kiện trong lịch công tác",
        ["schedule.event.cancelled"] = "Hủy sự kiện trong lịch công tác",
        ["schedule.week.published"] = "Công bố lịch công tác tuần",
        ["schedule.week.exported"] = "Xuất lịch công tác tuần",
        ["schedule.resource.created"] = "Thêm phòng họp, xe, thiết bị",
        ["schedule.booking.approved"] = "Duyệt đăng ký phòng họp, xe, thiết bị",
        ["schedule.booking.refused"] = "Từ chối đăng ký phòng họp, xe, thiết bị",
        ["calendar.feed.created"] = "Tạo liên kết lịch cho ứng dụng lịch",
        ["calendar.feed.revoked"] = "Thu hồi liên kết lịch",
        ["meeting.created"] = "Tạo cuộc họp",
        ["meeting.convened"] = "Gửi giấy mời họp",
        ["meeting.answered"] = "Trả lời giấy mời họp",
        ["meeting.attendance"] = "Điểm danh cuộc họp",
        ["meeting.started"] = "Bắt đầu cuộc họp",
        ["meeting.closed"] = "Kết thúc cuộc họp",
        ["meeting.material.added"] = "Thêm tài liệu họp",
        ["meeting.material.released"] = "Phát hành tài liệu họp",
        ["meeting.material.opened"] = "Mở tài liệu họp",
        ["meeting.material.downloaded"] = "Tải tài liệu họp",
        ["meeting.opinion.given"] = "Góp ý tại cuộc họp",
        ["meeting.vote.opened"] = "Mở biểu quyết",
        ["meeting.vote.closed"] = "Kết thúc biểu quyết",
        ["meeting.paper.drafted"] = "Lập dự thảo biên bản, thông báo kết luận cuộc họp",
        ["meeting.record.filed"] = "Đưa hồ sơ cuộc họp vào hồ sơ công việc",
        ["report.form.created"] = "Tạo mẫu báo cáo thống kê",
        ["report.form.sent"] = "Gửi yêu cầu báo cáo xuống đơn vị",
        ["report.values.saved"] = "Lưu số liệu báo cáo",
        ["report.submitted"] = "Gửi báo cáo lên cấp trên",
    };

    /// <summary>Kinds of records a code starts with, by the name the filter offers them under.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Name)> Groups =
    [
        ("auth.", "Đăng nhập, đăng xuất"),
        ("account.", "Tài khoản"),
        ("delegation.", "Ủy quyền"),
        ("organization.", "Cơ quan, đơn vị"),
        ("department.", "Phòng, ban"),
        ("incoming.", "Văn bản đến"),
        ("outgoing.", "Văn bản đi"),
        ("signing.", "Chữ ký số"),
        ("task.", "Nhiệm vụ"),
        ("plan.", "Kế hoạch công tác"),
        ("diary.", "Nhật ký công việc"),
        ("dossier.", "Hồ sơ công việc"),
        ("catalogue.", "Danh mục hồ sơ"),
        ("archive.", "Lưu trữ"),
        ("schedule.", "Lịch công tác"),
        ("calendar.", "Liên kết lịch"),
        ("meeting.", "Cuộc họp"),
        ("report.", "Báo cáo thống kê"),
    ];

    /// <summary>The reading of an action code; a step of a flow by its trail's text; never the bare code alone.</summary>
    public static string Action(string code)
    {
        if (Reading(code) is { } text) return text;
        var group = Groups.FirstOrDefault(g => code.StartsWith(g.Prefix, StringComparison.Ordinal)).Name;
        return group is null ? $"Thao tác khác ({code})" : $"{group}: thao tác khác ({code})";
    }

    /// <summary>Whether a code has a reading of its own (otherwise it is shown as "thao tác khác (code)").</summary>
    public static bool IsKnown(string code) => Reading(code) is not null;

    /// <summary>The code's own reading: from the list, or a flow's step as its trail names it; null when there is none.</summary>
    private static string? Reading(string code)
    {
        if (Actions.TryGetValue(code, out var text)) return text;
        var dot = code.IndexOf('.');
        var (module, step) = dot < 0 ? ("", code) : (code[..dot], code[(dot + 1)..]);
        var stepText = module switch
        {
            "incoming" => Incoming.IncomingText.Action(step),
            "outgoing" => Outgoing.OutgoingText.Action(step),
            "task" => Work.WorkText.Action(step),
            "dossier" => Dossiers.DossierText.Action(step),
            _ => step,
        };
        if (stepText == step) return null;
        var group = Groups.FirstOrDefault(g => g.Prefix == module + ".").Name;
        return group is null ? stepText : $"{group}: {Lower(stepText)}";
    }

    public static string Target(string? type) => type switch
    {
        null or "" => "",
        "user" => "Tài khoản",
        "organization" => "Cơ quan, đơn vị",
        "department" => "Phòng, ban",
        "delegation" => "Ủy quyền",
        "certificate" => "Chứng thư số",
        "incoming" => "Văn bản đến",
        "incoming-register" => "Sổ văn bản đến",
        "outgoing" => "Văn bản đi",
        "outgoing-register" => "Sổ văn bản đi",
        "recipient-list" => "Danh sách nơi nhận",
        "delivery" => "Văn bản gửi qua trục liên thông",
        "task" => "Nhiệm vụ",
        "task-report" => "Báo cáo giao ban",
        "plan" => "Kế hoạch công tác",
        "diary" => "Nhật ký công việc",
        "diary-summary" => "Tổng hợp nhật ký công việc",
        "dossier" => "Hồ sơ",
        "catalogue" => "Danh mục hồ sơ",
        "archive-transfer" => "Đợt nộp lưu",
        "archive-hold" => "Phong tỏa hồ sơ",
        "disposal" => "Đợt hủy hồ sơ",
        "schedule-event" => "Sự kiện lịch công tác",
        "schedule-week" => "Lịch công tác tuần",
        "schedule-resource" => "Phòng họp, xe, thiết bị",
        "schedule-booking" => "Đăng ký phòng họp, xe, thiết bị",
        "calendar-feed" => "Liên kết lịch",
        "meeting" => "Cuộc họp",
        "report-form" => "Mẫu báo cáo",
        "report-request" => "Yêu cầu báo cáo",
        _ => type,
    };

    /// <summary>The page where the object is read, for kinds that have one (access is checked there, not here).</summary>
    public static string? Link(string? type, string? id) => Guid.TryParse(id, out var g) ? type switch
    {
        "user" => $"/admin/accounts/{g}",
        "incoming" => $"/incoming/{g}",
        "outgoing" => $"/outgoing/{g}",
        "task" => $"/tasks/{g}",
        "plan" => $"/plans/{g}",
        "dossier" => $"/dossiers/{g}",
        "meeting" => $"/meetings/{g}",
        "archive-transfer" => $"/archive/transfers/{g}",
        "report-request" => $"/reports/requests/{g}",
        _ => null,
    } : null;

    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["userName"] = "Tên đăng nhập", ["fullName"] = "Họ tên", ["role"] = "Vai trò", ["reason"] = "Lý do",
        ["code"] = "Mã", ["name"] = "Tên", ["parent"] = "Cấp trên", ["isActive"] = "Đang hoạt động",
        ["organization"] = "Cơ quan", ["organs"] = "Cơ quan", ["department"] = "Phòng, ban", ["until"] = "Đến",
        ["from"] = "Từ", ["to"] = "Đến", ["year"] = "Năm", ["month"] = "Tháng", ["week"] = "Tuần", ["format"] = "Định dạng",
        ["rows"] = "Số dòng", ["count"] = "Số lượng", ["number"] = "Số", ["notation"] = "Ký hiệu", ["subject"] = "Trích yếu",
        ["version"] = "Phiên bản", ["sha256"] = "Mã băm SHA-256", ["sha"] = "Mã băm SHA-256", ["pdfSha"] = "Mã băm tệp PDF",
        ["sourceSha"] = "Mã băm tệp gốc", ["length"] = "Kích thước (byte)", ["thumbprint"] = "Dấu vân tay chứng thư",
        ["issuer"] = "Tổ chức cấp", ["holder"] = "Người giữ", ["certificate"] = "Chứng thư", ["isTest"] = "Chứng thư thử nghiệm",
        ["provider"] = "Nhà cung cấp", ["kind"] = "Loại", ["channel"] = "Kênh", ["recipients"] = "Nơi nhận", ["files"] = "Tệp",
        ["paper"] = "Bản giấy", ["papers"] = "Bản giấy", ["published"] = "Đăng công khai", ["isPublic"] = "Công khai",
        ["signedOnPaper"] = "Ký trên giấy", ["longTermValidation"] = "Dữ liệu kiểm tra dài hạn",
        ["noRevocationDataFor"] = "Thiếu dữ liệu thu hồi của", ["organCertificate"] = "Chứng thư của cơ quan",
        ["document"] = "Văn bản", ["incoming"] = "Văn bản đến", ["delivery"] = "Lượt gửi", ["dossier"] = "Hồ sơ",
        ["dossiers"] = "Số hồ sơ", ["item"] = "Mục", ["keepers"] = "Người giữ hồ sơ", ["transfer"] = "Đợt nộp lưu",
        ["request"] = "Yêu cầu", ["response"] = "Trả lời", ["material"] = "Tài liệu", ["vote"] = "Biểu quyết",
        ["yes"] = "Tán thành", ["no"] = "Không tán thành", ["abstain"] = "Không biểu quyết", ["present"] = "Có mặt",
        ["passed"] = "Thông qua", ["decision"] = "Quyết định", ["invited"] = "Người được mời", ["invitee"] = "Người được mời",
        ["tasks"] = "Nhiệm vụ", ["order"] = "Thứ tự", ["appendix"] = "Phụ lục", ["types"] = "Loại", ["fields"] = "Trường",
        ["q"] = "Từ khóa", ["query"] = "Từ khóa", ["source"] = "Nguồn", ["batch"] = "Lô", ["marked"] = "Đánh dấu",
        ["before"] = "Trước", ["after"] = "Sau", ["on"] = "Ngày", ["issued"] = "Ban hành", ["key"] = "Khóa",
        ["session"] = "Phiên", ["lastLogin"] = "Lần đăng nhập cuối", ["demo"] = "Dữ liệu mẫu", ["reference"] = "Tham chiếu",
        ["device"] = "Thiết bị", ["secret"] = "Mật", ["otpRequiredRoles"] = "Vai trò bắt buộc xác thực hai lớp", ["userNameSuffix"] = "Hậu tố tên đăng nhập",
    };

    /// <summary>Details kept as JSON, read as labelled lines (a value that is itself a structure is shown compactly).</summary>
    public static IReadOnlyList<(string Label, string Value)> Details(string? details)
    {
        if (string.IsNullOrWhiteSpace(details)) return [];
        try
        {
            using var json = JsonDocument.Parse(details);
            if (json.RootElement.ValueKind != JsonValueKind.Object) return [("Chi tiết", Value(json.RootElement))];
            return json.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .Select(p => (Keys.GetValueOrDefault(p.Name, p.Name), Value(p.Value))).ToList();
        }
        catch (JsonException)
        {
            return [("Chi tiết", details)];
        }
    }

    private static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => "có",
        JsonValueKind.False => "không",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.String => Text(v.GetString()!),
        JsonValueKind.Array => string.Join(", ", v.EnumerateArray().Select(Value)),
        JsonValueKind.Object => string.Join("; ", v.EnumerateObject().Select(p => $"{Keys.GetValueOrDefault(p.Name, p.Name)}: {Value(p.Value)}")),
        _ => "",
    };

    /// <summary>Dates in a value as people write them (dd/MM/yyyy, Vietnam's time); everything else as it was.</summary>
    private static string Text(string s)
    {
        if (s.Length >= 20 && s[4] == '-' && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            return Formats.DateTime(at);
        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Formats.Date(day);
        return s;
    }

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLower(s[0], Formats.Vi) + s[1..];
}
