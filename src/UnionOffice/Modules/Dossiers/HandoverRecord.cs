using UnionOffice.Common;
using UnionOffice.Common.Pdf;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Dossiers;

/// <summary>What the handover record says (NĐ30 Phụ lục V V) and the list it carries (Phụ lục V III).</summary>
public sealed record HandoverRecordData(
    string? ParentOrganName, string OrganName, string Place, DateOnly Date, string GiverUnit, string GiverName, string? GiverPosition,
    string ReceiverName, string? ReceiverPosition, string Basis, string Period, int Dossiers, int Files, string Condition, PrintedTable List);

/// <summary>
/// Biên bản giao nhận hồ sơ, tài liệu (NĐ30 Phụ lục V V) as a PDF: the text of the form on the first page (A4 portrait,
/// Phụ lục I margins), with two places for the signatures — the giver's on the left, the archive's on the right — and the
/// list of the dossiers handed over (Mục lục hồ sơ, tài liệu nộp lưu, Phụ lục V III) on the pages after it, so that the
/// two digital signatures cover the list as well.
/// </summary>
public static class HandoverRecord
{
    public const string GiverField = "BenGiao";
    public const string ReceiverField = "BenNhan";
    private const double Mm = 72 / 25.4;
    private const double Left = 30 * Mm, Right = PdfComposer.A4Width - 15 * Mm, Top = 20 * Mm, Width = Right - Left;
    private const double SignatureTop = 650, SignatureHeight = 110, ColumnWidth = Width / 2;

    /// <summary>Where each side signs: under its "ĐẠI DIỆN BÊN …" heading, above its printed name, on the first page.</summary>
    public static SignatureAppearance Place(bool giver, string name, DateTimeOffset at) =>
        new(0, (giver ? Left : Left + ColumnWidth) + 10, SignatureTop, ColumnWidth - 20, SignatureHeight - 30,
            [$"Ký số bởi: {name}", Outgoing.OutgoingPdf.SigningTime(at)]);

    public static byte[] Compose(HandoverRecordData d, DateTimeOffset createdAt)
    {
        var doc = new PdfComposer { Title = "Biên bản giao nhận hồ sơ, tài liệu", Subject = d.GiverUnit, Creator = "UnionOffice", CreatedAt = createdAt };
        var page = doc.AddPage();
        var regular = StandardFonts.Serif();
        var bold = StandardFonts.Serif(bold: true);
        var italic = StandardFonts.Serif(italic: true);
        const double size = 13, lead = 13 * 1.25;

        // The header of Phụ lục I (ô 1, 2, 4); a record has no number line.
        var y = Nd30Draft.Header(page, d.ParentOrganName, d.OrganName, null, Nd30Layout.PlaceAndDate(d.Place, d.Date));
        y += 34;
        page.TextCentered(PdfComposer.A4Width / 2 + 7.5 * Mm, y, "BIÊN BẢN", bold, 14);
        y += lead;
        page.TextCentered(PdfComposer.A4Width / 2 + 7.5 * Mm, y, "Giao nhận hồ sơ, tài liệu", bold, 14);
        y += 6;
        page.Line(PdfComposer.A4Width / 2 + 7.5 * Mm - 40, y, PdfComposer.A4Width / 2 + 7.5 * Mm + 40, y);
        y += 22;

        void Para(string text, TrueTypeFont font, double indent = 0)
        {
            foreach (var line in PdfComposer.Wrap(PrintedTable.Clean(text), font, size, Width - indent))
            {
                page.Text(Left + indent, y, line, font, size);
                y += lead;
            }
        }

        Para("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;", italic, 20);
        Para($"Căn cứ {d.Basis};", italic, 20);
        Para("Chúng tôi gồm:", regular, 20);
        Para($"BÊN GIAO: {d.GiverUnit}", bold, 20);
        Para($"Ông (bà): {d.GiverName}", regular, 20);
        Para($"Chức vụ công tác: {d.GiverPosition ?? ""}", regular, 20);
        Para("BÊN NHẬN: Lưu trữ cơ quan", bold, 20);
        Para($"Ông (bà): {d.ReceiverName}", regular, 20);
        Para($"Chức vụ công tác: {d.ReceiverPosition ?? ""}", regular, 20);
        Para("Thống nhất lập biên bản giao nhận tài liệu với những nội dung như sau:", regular, 20);
        Para($"1. Tên khối tài liệu giao nộp: Hồ sơ, tài liệu điện tử của {d.GiverUnit}", regular, 20);
        Para($"2. Thời gian của hồ sơ, tài liệu: {d.Period}", regular, 20);
        Para("3. Số lượng tài liệu (hồ sơ, tài liệu điện tử):", regular, 20);
        Para($"- Tổng số hồ sơ: {d.Dossiers} ({VietnameseText.NumberInWords(d.Dossiers)} hồ sơ);", regular, 40);
        Para($"- Tổng số tệp tin trong hồ sơ: {d.Files}.", regular, 40);
        Para($"4. Tình trạng tài liệu giao nộp: {d.Condition}", regular, 20);
        Para("5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo (các trang sau).", regular, 20);
        Para("Biên bản này được lập thành bản điện tử có chữ ký số của hai bên; bên giao giữ một bản, bên nhận giữ một bản./.", regular, 20);

        // The two signature columns of the form; the signatures go into the boxes between heading and name.
        var top = Math.Max(y + 14, SignatureTop - 36);
        if (top > SignatureTop - 36) throw new DomainException(DossierErrors.Invalid(["Nội dung biên bản quá dài để in trên một trang; rút gọn tình trạng tài liệu."]));
        foreach (var (center, heading) in new[] { (Left + ColumnWidth / 2, "ĐẠI DIỆN BÊN GIAO"), (Left + ColumnWidth * 1.5, "ĐẠI DIỆN BÊN NHẬN") })
        {
            page.TextCentered(center, top + 13, heading, bold, size);
            page.TextCentered(center, top + 13 + lead, "(Ký và ghi rõ họ và tên)", italic, size);
        }
        page.TextCentered(Left + ColumnWidth / 2, SignatureTop + SignatureHeight, Fit(d.GiverName, bold, size, ColumnWidth), bold, size);
        page.TextCentered(Left + ColumnWidth * 1.5, SignatureTop + SignatureHeight, Fit(d.ReceiverName, bold, size, ColumnWidth), bold, size);

        PdfTableWriter.Append(d.List, doc);
        return doc.ToArray();
    }

    /// <summary>A line cut with an ellipsis to fit a width (a very long organ name in the narrow left column).</summary>
    private static string Fit(string text, TrueTypeFont font, double size, double width)
    {
        if (PdfComposer.Measure(text, font, size) <= width) return text;
        var t = text;
        while (t.Length > 1 && PdfComposer.Measure(t + "…", font, size) > width) t = t[..^1];
        return t + "…";
    }
}
