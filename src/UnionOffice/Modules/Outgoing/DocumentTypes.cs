using UnionOffice.Common;

namespace UnionOffice.Modules.Outgoing;

/// <summary>How a type of document travels (seed 003): electronic only, or a signed paper copy to the lead recipient too.</summary>
public enum Delivered
{
    ElectronicOnly = 0,
    PaperAndElectronic = 1,
}

/// <summary>A document type of NĐ30 Phụ lục III (with its abbreviation in the notation) and how it is sent.</summary>
public sealed record DocumentType(string Name, string? Code, Delivered Delivered, bool Published);

/// <summary>
/// The types an organ may issue: NĐ30 Phụ lục III, plus the union's own (Nghị quyết of a congress, Chỉ thị …). The
/// defaults follow seed 003: công văn, báo cáo, chương trình công tác, thông báo, hướng dẫn and kế hoạch go electronic
/// only and are published on the organ's page; every other type needs a signed paper copy for the lead recipient too.
/// Settings (Outgoing:Types:&lt;name&gt;:Delivered / :Published) change the policy per type.
/// </summary>
public static class DocumentTypes
{
    private static readonly (string Name, string? Code)[] Catalogue =
    [
        ("Công văn", null), ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"), ("Kế hoạch", "KH"), ("Phương án", "PA"),
        ("Đề án", "ĐA"), ("Dự án", "DA"), ("Báo cáo", "BC"), ("Biên bản", "BB"), ("Tờ trình", "TTr"), ("Hợp đồng", "HĐ"), ("Công điện", "CĐ"),
        ("Bản ghi nhớ", "GN"), ("Bản thỏa thuận", "TTh"), ("Giấy ủy quyền", "GUQ"), ("Giấy mời", "GM"), ("Giấy giới thiệu", "GGT"),
        ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"), ("Phiếu báo", "PB"),
    ];

    private static readonly HashSet<string> ElectronicOnlyByDefault = ["Công văn", "Báo cáo", "Chương trình", "Thông báo", "Hướng dẫn", "Kế hoạch", "Giấy mời"];

    private static IConfiguration? _settings;

    /// <summary>Reads the per-type overrides once at start.</summary>
    public static void Configure(IConfiguration settings) => _settings = settings;

    public static IReadOnlyList<DocumentType> All => Catalogue.Select(c => Of(c.Name, c.Code)).ToList();

    public static DocumentType? Find(string? name)
    {
        var key = VietnameseText.Fold(name ?? "");
        if (key.Length == 0) return null;
        foreach (var (n, c) in Catalogue)
            if (VietnameseText.Fold(n) == key || (c is not null && VietnameseText.Fold(c) == key)) return Of(n, c);
        return null;
    }

    private static DocumentType Of(string name, string? code)
    {
        var electronic = ElectronicOnlyByDefault.Contains(name);
        var section = _settings?.GetSection($"Outgoing:Types:{name}");
        var delivered = Enum.TryParse<Delivered>(section?["Delivered"], true, out var d) ? d
            : electronic ? Delivered.ElectronicOnly : Delivered.PaperAndElectronic;
        var published = bool.TryParse(section?["Published"], out var p) ? p : electronic;
        return new DocumentType(name, code, delivered, published);
    }
}
