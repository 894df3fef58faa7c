namespace UnionOffice.Pdf.Signing;

/// <summary>How a text field's value sits in its box.</summary>
public enum PdfTextAlignment
{
    Left = 0,
    Center = 1,
    Right = 2,
}

/// <summary>
/// An empty text form field to add to a document (points from the top-left corner of the page). The head certifies a
/// document before it has a number and a date (DocMDP P=2); fields for them, added in the certified revision, can be
/// filled later without breaking that signature, because P=2 allows filling in forms.
/// </summary>
public sealed record PdfTextField(string Name, int PageIndex, double X, double Y, double Width, double Height)
{
    /// <summary>The largest size the value is written at; a longer value is written smaller so that it fits the box.</summary>
    public double FontSize { get; init; } = 13;
    public bool Bold { get; init; }
    public bool Italic { get; init; }
    public PdfTextAlignment Alignment { get; init; } = PdfTextAlignment.Center;
    /// <summary>
    /// Filled with white under its value (/MK /BG): the field covers what the page prints beneath it — a draft's
    /// placeholder "Số:      /LĐLĐ-VP" is replaced by the real number rather than printed over.
    /// </summary>
    public bool Opaque { get; init; }
}

/// <summary>
/// The places NĐ30/2020 Phụ lục I (Mục IV, ô số 1–4) gives the header of an A4 page, in points from the top-left corner:
/// margins 20 mm top, 30 mm left, 15 mm right; the organ's name in a left column, the national title and motto in a
/// right column; under them, on one line, "Số: …" (ô 3, size 13, upright, centred under the organ's name) and the
/// place and date (ô 4, size 13–14, italic, centred under the motto). Drafts composed with these positions leave that
/// line blank, and <see cref="NumberField"/> and <see cref="DateField"/> put the fields exactly there — chosen over
/// finding "Số:" in the page's text, which our reader does not extract, and which a draft need not contain.
/// </summary>
public static class Nd30Layout
{
    public const double PointsPerMm = 72 / 25.4;
    public const double Top = 20 * PointsPerMm;
    public const double Left = 30 * PointsPerMm;
    public const double Right = PdfComposer.A4Width - 15 * PointsPerMm;
    /// <summary>The left column (organ) takes 40% of the text width; the right one (title, motto) the rest.</summary>
    public const double LeftColumnWidth = (Right - Left) * 0.4;
    public const double RightColumnX = Left + LeftColumnWidth;
    public const double RightColumnWidth = Right - RightColumnX;
    /// <summary>Baselines of the two header lines (managing organ / national title; organ / motto) and of the rule under them.</summary>
    public const double HeaderLine1 = Top + 12;
    public const double HeaderLine2 = Top + 27;
    public const double HeaderRule = Top + 33;
    /// <summary>The band of the number-and-date line (ô 3 and ô 4).</summary>
    public const double NumberLineTop = Top + 38;
    public const double NumberLineHeight = 20;

    public static PdfTextField NumberField(string name = "SoKyHieu", int pageIndex = 0) =>
        new(name, pageIndex, Left, NumberLineTop, LeftColumnWidth, NumberLineHeight) { FontSize = 13 };

    public static PdfTextField DateField(string name = "NgayBanHanh", int pageIndex = 0) =>
        new(name, pageIndex, RightColumnX, NumberLineTop, RightColumnWidth, NumberLineHeight) { FontSize = 13, Italic = true };

    /// <summary>"Nghệ An, ngày 05 tháng 01 năm 2026": day below 10 and months 1–2 with a leading zero (Phụ lục I II.4b).</summary>
    public static string PlaceAndDate(string place, DateOnly date) =>
        $"{place}, ngày {date.Day:00} tháng {(date.Month <= 2 ? date.Month.ToString("00", System.Globalization.CultureInfo.InvariantCulture) : date.Month.ToString(System.Globalization.CultureInfo.InvariantCulture))} năm {date.Year}";
}
