using System.Globalization;
using UnionOffice.Common;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>An operation of the axis: its path after the endpoint and its name in messages.</summary>
internal sealed record AxisOperation(string Path, string Label)
{
    public static readonly AxisOperation SendEdoc = new("sendEdoc", "gửi văn bản");
    public static readonly AxisOperation ReceivedList = new("getReceivedEdocList", "lấy danh sách văn bản đến");
    public static readonly AxisOperation SentList = new("getSentEdocList", "lấy danh sách văn bản đã gửi");
    public static readonly AxisOperation GetEdoc = new("getEdoc", "lấy văn bản");
    public static readonly AxisOperation UpdateStatus = new("updateStatus", "cập nhật trạng thái nhận");
    public static readonly AxisOperation Agencies = new("getAgenciesList", "lấy danh sách đơn vị");
    public static readonly AxisOperation RegisterAgency = new("registerAgency", "đăng ký đơn vị");
    public static readonly AxisOperation DeleteAgency = new("deleteAgency", "hủy đăng ký đơn vị");
}

/// <summary>
/// How a failed exchange with the axis becomes an <see cref="ExchangeTransportException"/>. Transient (worth retrying the
/// same bytes later): our deadline passed, the connection failed or broke, HTTP 5xx, 408 or 429, or a FAIL reply whose
/// code or description says the axis is busy (<see cref="IsBusy"/>). Not transient: any other FAIL reply (bad signature,
/// hash mismatch, unknown receiver …), another HTTP error, a reply that is not the expected JSON, data that fails its hash.
/// The axis' own ErrorDesc and ErrorCode are always in the message.
/// </summary>
internal static class AxisFailures
{
    public static ExchangeTransportException TimedOut(TimeSpan timeout) =>
        new($"Trục liên thông không phản hồi trong {Seconds(timeout)} giây.", true);

    public static ExchangeTransportException Unreachable(AxisOperation op, Exception e) =>
        new($"Không kết nối được tới trục liên thông khi {op.Label}: {e.Message}", true, e);

    public static ExchangeTransportException Http(AxisOperation op, int status, string? desc)
    {
        var transient = status >= 500 || status is 408 or 429;
        var tail = string.IsNullOrWhiteSpace(desc) ? "" : $": {desc}";
        return new($"Trục liên thông trả lỗi HTTP {status} khi {op.Label}{tail}.", transient);
    }

    public static ExchangeTransportException Refused(AxisOperation op, string? code, string? desc)
    {
        var text = string.IsNullOrWhiteSpace(desc) ? "(trục không nêu lý do)" : desc.Trim();
        var codeText = string.IsNullOrWhiteSpace(code) ? "" : $" (mã lỗi {code})";
        return new($"Trục liên thông từ chối {op.Label}: {text}{codeText}.", IsBusy(code, desc));
    }

    public static ExchangeTransportException Malformed(AxisOperation op, string what, Exception? inner = null) =>
        new($"Trục liên thông trả lời {op.Label} không đúng định dạng: {what}.", false, inner);

    public static ExchangeTransportException TooLarge(string what, long size, long max) =>
        new($"{what} ({size:N0} byte) vượt giới hạn {max:N0} byte (Exchange:Axis:MaxDocumentBytes).", false);

    public static ExchangeTransportException Corrupt(string docId, string expected, string actual) =>
        new($"Văn bản {docId} nhận từ trục liên thông bị sai lệch: mã băm SHA-256 trục ghi là {expected}, dữ liệu nhận được có mã {actual}.", false);

    public static ExchangeTransportException NotConfigured() =>
        new($"Chưa cấu hình trục liên thông ({AxisOptions.Section}:Endpoint, SystemId, Secret).", false);

    /// <summary>
    /// The axis publishes no list of error codes. A FAIL counts as "busy" when its code is 429 or 503, or its description
    /// (diacritics ignored) speaks of overload, busyness, a time-out or trying again later. Anything else is a refusal.
    /// </summary>
    public static bool IsBusy(string? code, string? desc)
    {
        if (code?.Trim() is "429" or "503") return true;
        if (string.IsNullOrWhiteSpace(desc)) return false;
        var folded = VietnameseText.RemoveDiacritics(desc).ToLowerInvariant();
        return BusyWords.Any(folded.Contains);
    }

    private static readonly string[] BusyWords =
    [
        "busy", "overload", "too many requests", "try again", "timeout", "timed out", "temporarily unavailable",
        "qua tai", "dang ban", "thu lai sau", "het thoi gian cho", "tam thoi khong",
    ];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.GetCultureInfo("vi-VN"));
}
