using UnionOffice.Pdf;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Common.Pdf;

/// <summary>How a paragraph of a drafted document is set: plain text with a first-line indent, a bold heading, or a dash item.</summary>
public enum Nd30Style
{
    Text,
    Heading,
    Item,
    Centered,
}

public sealed record Nd30Paragraph(string Text, Nd30Style Style = Nd30Style.Text);

/// <summary>
/// What a document the system drafts for a person says (a Giấy mời, a Biên bản, a Thông báo from a meeting's record):
/// the organs of the header, the notation after the blank number ("GM-LĐLĐ"), the place, the year of the blank date,
/// the document's name and its summary line, the body, and the "Nơi nhận" list.
/// </summary>
public sealed record Nd30DraftData(string? ParentOrganName, string OrganName, string NotationPlaceholder, string Place, int Year, string TypeTitle,
    string? Summary, IReadOnlyList<Nd30Paragraph> Body, IReadOnlyList<string> Recipients);

/// <summary>
/// Composes an administrative document's draft in the layout of NĐ30 Phụ lục I (A4 portrait, margins 20/30/15 mm, Times-
/// like serif 13–14 pt): managing organ and organ at the top left, the national title and motto at the top right; the
/// line of ô 3 ("Số:      /GM-LĐLĐ") and ô 4 ("Nghệ An, ngày      tháng      năm 2026") left blank where
/// <see cref="Nd30Layout"/> puts the number and date fields at issue; the document's name and summary (ô 5), the body
/// (ô 6), "Nơi nhận" at the bottom left of the last page (ô 9a) — and the right of the last page's foot left free for the
/// signer's block the head's signature draws (authority, title, image, name: ô 7). The person drafting may still replace
/// the text with their own version before it goes for approval; this is the first version, never the signed one.
/// </summary>
public static class Nd30Draft
{
    private const double Size = 13, Lead = Size * 1.3;
    /// <summary>Where the head's signature block starts on the last page (OutgoingPdf: page height − 260 pt): the body stays above it.</summary>
    private const double BodyBottom = PdfComposer.A4Height - 270, PageBottom = PdfComposer.A4Height - 20 * Nd30Layout.PointsPerMm;
    private const double Width = Nd30Layout.Right - Nd30Layout.Left;

    public static byte[] Compose(Nd30DraftData d, DateTimeOffset createdAt)
    {
        var doc = new PdfComposer { Title = d.Summary is null ? d.TypeTitle : $"{d.TypeTitle} {d.Summary}", Subject = d.OrganName, Creator = "UnionOffice", CreatedAt = createdAt };
        var page = doc.AddPage();
        var regular = StandardFonts.Serif();
        var bold = StandardFonts.Serif(bold: true);
        var italic = StandardFonts.Serif(italic: true);
        var y = Header(page, d.ParentOrganName, d.OrganName, $"Số:        /{d.NotationPlaceholder}", $"{d.Place}, ngày      tháng      năm {d.Year}");
        var center = PdfComposer.A4Width / 2 + 7.5 * Nd30Layout.PointsPerMm;
        y += 30;
        page.TextCentered(center, y, d.TypeTitle.ToUpper(Formats.Vi), bold, 14);
        if (d.Summary is { Length: > 0 } summary)
            foreach (var line in PdfComposer.Wrap(PrintedTable.Clean(summary), bold, 14, Width - 60))
            {
                y += 14 * 1.3;
                page.TextCentered(center, y, line, bold, 14);
            }
        y += 7;
        page.Line(center - 40, y, center + 40, y);
        y += 26;

        foreach (var p in d.Body)
        {
            var (font, indent, first) = p.Style switch
            {
                Nd30Style.Heading => (bold, 0.0, 10 * Nd30Layout.PointsPerMm),
                Nd30Style.Item => (regular, 10 * Nd30Layout.PointsPerMm, 0.0),
                _ => (regular, 0.0, 10 * Nd30Layout.PointsPerMm),
            };
            if (p.Style == Nd30Style.Heading) y += 4;
            var lines = Lines(PrintedTable.Clean(p.Text), font, Width - indent, first);
            for (var i = 0; i < lines.Count; i++)
            {
                if (y > PageBottom)
                {
                    page = doc.AddPage();
                    y = Nd30Layout.Top + Size;
                }
                if (p.Style == Nd30Style.Centered) page.TextCentered(Nd30Layout.Left + Width / 2, y, lines[i], font, Size);
                else page.Text(Nd30Layout.Left + indent + (i == 0 ? first : 0), y, lines[i], font, Size);
                y += Lead;
            }
            y += 3;
        }

        // The foot of the last page: "Nơi nhận" on the left, the right kept free for the signer's block.
        if (y > BodyBottom)
        {
            page = doc.AddPage();
            y = Nd30Layout.Top + Size;
        }
        y = Math.Max(y + 10, BodyBottom - 10);
        page.Text(Nd30Layout.Left, y, "Nơi nhận:", StandardFonts.Serif(bold: true, italic: true), 12);
        foreach (var r in d.Recipients)
            foreach (var line in PdfComposer.Wrap(PrintedTable.Clean(r), regular, 11, Nd30Layout.LeftColumnWidth))
            {
                y += 13;
                if (y > PageBottom + 20) break;
                page.Text(Nd30Layout.Left, y, line, regular, 11);
            }
        return doc.ToArray();
    }

    /// <summary>
    /// The header of Phụ lục I (ô 1–4): the national title and motto on the right, the managing organ and the organ (bold,
    /// underlined) on the left, and under them the number line and the place-and-date line; returns the baseline of that line.
    /// A long managing organ's name ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM") takes two lines of the narrow left column.
    /// </summary>
    public static double Header(PdfPage page, string? parentOrganName, string organName, string? numberLine, string placeAndDate)
    {
        var regular = StandardFonts.Serif();
        var bold = StandardFonts.Serif(bold: true);
        var italic = StandardFonts.Serif(italic: true);
        var leftCenter = Nd30Layout.Left + Nd30Layout.LeftColumnWidth / 2;
        var rightCenter = Nd30Layout.RightColumnX + Nd30Layout.RightColumnWidth / 2;
        var y = Nd30Layout.Top + 12;
        page.TextCentered(rightCenter, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 12);
        page.TextCentered(rightCenter, y + 15, "Độc lập - Tự do - Hạnh phúc", bold, 13);
        page.Line(rightCenter - 80, y + 21, rightCenter + 80, y + 21);
        var left = new List<(string Text, TrueTypeFont Font)>();
        if (parentOrganName is { Length: > 0 } parent)
            left.AddRange(PdfComposer.Wrap(parent.ToUpper(Formats.Vi), regular, 12, Nd30Layout.LeftColumnWidth).Take(2).Select(l => (l, regular)));
        left.AddRange(PdfComposer.Wrap(organName.ToUpper(Formats.Vi), bold, 12, Nd30Layout.LeftColumnWidth).Take(2).Select(l => (l, bold)));
        foreach (var (text, font) in left)
        {
            page.TextCentered(leftCenter, y, text, font, 12);
            y += 15;
        }
        y -= 9;
        page.Line(leftCenter - 30, y, leftCenter + 30, y);
        y = Math.Max(y, Nd30Layout.Top + 33);
        y += 22;
        if (numberLine is not null) page.TextCentered(leftCenter, y, numberLine, regular, 13);
        page.TextCentered(rightCenter, y, placeAndDate, italic, 13);
        return y;
    }

    /// <summary>Wrapped lines of a paragraph whose first line is indented by <paramref name="first"/>.</summary>
    private static List<string> Lines(string text, TrueTypeFont font, double width, double first)
    {
        var result = new List<string>();
        var lines = PdfComposer.Wrap(text.Replace('\n', ' '), font, Size, width - first);
        if (lines.Count == 0) return result;
        result.Add(lines[0]);
        var rest = string.Join(' ', lines.Skip(1));
        if (rest.Length > 0) result.AddRange(PdfComposer.Wrap(rest, font, Size, width));
        return result;
    }
}
