namespace UnionOffice.OcrAccuracy.Corpus;

/// <summary>
/// One generated administrative document: what is printed where (NĐ30 Phụ lục I) and, from that, the ground truth
/// of the fields the proposer should find. The truth is written down by the generator from its own choices, never
/// derived by the code under test.
/// </summary>
public sealed record CorpusDocument(
    int Index,
    // Upper organ ("tên cơ quan chủ quản"), regular weight; empty when the issuer has none printed.
    IReadOnlyList<string> ParentLines,
    // The issuing organ or body, bold.
    IReadOnlyList<string> IssuerLines,
    string CodeNumber,
    string CodeNotation,
    string Place,
    DateOnly IssuedOn,
    // Type name as the register writes it: "Quyết định", "Công văn"…
    string TypeName,
    // Trích yếu as printed, on one line ("V/v …" for a công văn).
    string Subject,
    // "Kính gửi" lines of a công văn (empty otherwise).
    IReadOnlyList<string> Addressees,
    // Body: paragraphs; a paragraph starting with '\u0001' is a centred bold heading ("QUYẾT ĐỊNH:"), with '\u0002' italic (căn cứ).
    IReadOnlyList<string> Body,
    string SignerAuthority,
    string SignerTitle,
    string SignerName,
    IReadOnlyList<string> Recipients,
    // "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC" or null.
    string? Urgency,
    // Truth of IssuerName: the issuing body, qualified by its organ when it is a body inside the organ.
    string IssuerName,
    // Identifier code of the issuing organ in the tree of seed 000 (of the organ a body belongs to); null if not there.
    string? IssuerCode)
{
    public bool IsCongVan => TypeName == "Công văn";

    /// <summary>"Số: 12/QĐ-LĐLĐ" as printed.</summary>
    public string NumberLine => $"Số: {CodeNumber}/{CodeNotation}";

    /// <summary>"Nghệ An, ngày 05 tháng 3 năm 2026": day below 10 and months 1, 2 with a leading zero (Phụ lục I, II.4.b).</summary>
    public string PlaceDateLine =>
        $"{Place}, ngày {IssuedOn.Day:00} tháng {(IssuedOn.Month <= 2 ? IssuedOn.Month.ToString("00", System.Globalization.CultureInfo.InvariantCulture) : IssuedOn.Month.ToString(System.Globalization.CultureInfo.InvariantCulture))} năm {IssuedOn.Year}";
}
