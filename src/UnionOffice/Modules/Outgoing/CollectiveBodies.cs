namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// The collective bodies a union organ's leader signs for, "TM." (NĐ30 Điều 13.2; Điều lệ Công đoàn: Ban Chấp hành, its
/// Ban Thường vụ, the Confederation's Đoàn Chủ tịch, and the Ủy ban Kiểm tra). The seeds sign "TM. BAN THƯỜNG VỤ",
/// "TM. BAN CHẤP HÀNH", "TM. ĐOÀN CHỦ TỊCH".
/// </summary>
public static class CollectiveBodies
{
    public static readonly IReadOnlyList<string> All = ["Ban Chấp hành", "Ban Thường vụ", "Đoàn Chủ tịch", "Ủy ban Kiểm tra"];

    /// <summary>The body by its name in any case and composition; null when none or not one of <see cref="All"/>.</summary>
    public static string? Find(string? name)
    {
        var n = OutgoingDocument.Clean(name);
        return n.Length == 0 ? null : All.FirstOrDefault(b => string.Equals(b, n, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The authority line: "TM. BAN THƯỜNG VỤ".</summary>
    public static string Line(string body) => $"TM. {body.ToUpperInvariant()}";
}
