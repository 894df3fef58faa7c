using UnionOffice.Common;

namespace UnionOffice.Modules.Outgoing;

/// <summary>How a type of document travels (seed 003): electronic only, or a signed paper copy to the lead recipient too.</summary>
public enum Delivered
{
    ElectronicOnly = 0,
    PaperAndElectronic = 1,
}

/// <summary>A document type of NĐ30 Phụ lục III, with its abbreviation in the notation (null for a công văn).</summary>
public sealed record DocumentType(string Name, string? Code);

/// <summary>
/// The types an organ may issue: NĐ30 Phụ lục III, plus the union's own (Nghị quyết of a congress, Chỉ thị …). How each
/// travels and whether it may be published is not the catalogue's to say: each organ keeps its own rule
/// (<see cref="DocumentPolicies"/>; seed 003 is one federation's).
/// </summary>
public static class DocumentTypes
{
    private static readonly DocumentType[] Catalogue =
    [
        new("Công văn", null), new("Nghị quyết", "NQ"), new("Quyết định", "QĐ"), new("Chỉ thị", "CT"), new("Quy chế", "QC"), new("Quy định", "QyĐ"),
        new("Thông cáo", "TC"), new("Thông báo", "TB"), new("Hướng dẫn", "HD"), new("Chương trình", "CTr"), new("Kế hoạch", "KH"), new("Phương án", "PA"),
        new("Đề án", "ĐA"), new("Dự án", "DA"), new("Báo cáo", "BC"), new("Biên bản", "BB"), new("Tờ trình", "TTr"), new("Hợp đồng", "HĐ"), new("Công điện", "CĐ"),
        new("Bản ghi nhớ", "GN"), new("Bản thỏa thuận", "TTh"), new("Giấy ủy quyền", "GUQ"), new("Giấy mời", "GM"), new("Giấy giới thiệu", "GGT"),
        new("Giấy nghỉ phép", "GNP"), new("Phiếu gửi", "PG"), new("Phiếu chuyển", "PC"), new("Phiếu báo", "PB"),
    ];

    public static IReadOnlyList<DocumentType> All => Catalogue;

    public static DocumentType? Find(string? name)
    {
        var key = VietnameseText.Fold(name ?? "");
        if (key.Length == 0) return null;
        return Catalogue.FirstOrDefault(t => VietnameseText.Fold(t.Name) == key || (t.Code is not null && VietnameseText.Fold(t.Code) == key));
    }
}
