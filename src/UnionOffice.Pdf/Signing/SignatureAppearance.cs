using System.Globalization;
using System.Text;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// Where and how a signature shows on the page: a box (points from the top-left corner of the page) with lines of text
/// and, per NĐ30 Phụ lục I (II.7d and II.8a), the signer's signature image (blue PNG, transparent background) centred
/// in the box above the lines, and the organ's seal image (red PNG) at its real size over the left third of the
/// signature image. The seal may reach outside the box: the widget grows to hold it, so the seal keeps its real size.
/// Without images the box is framed, as the text-only appearances have always been.
/// </summary>
public sealed record SignatureAppearance(int PageIndex, double X, double Y, double Width, double Height, IReadOnlyList<string> Lines)
{
    private const double PointsPerMm = 72 / 25.4;

    /// <summary>The handwritten signature of the person signing (NĐ30: blue, PNG with a transparent background).</summary>
    public RasterImage? SignatureImage { get; init; }
    /// <summary>The organ's seal (NĐ30: red, PNG with a transparent background), drawn at <see cref="SealDiameterMm"/>.</summary>
    public RasterImage? SealImage { get; init; }
    /// <summary>The seal's real width in millimetres (a round seal's diameter; 36 mm is common for a provincial organ).</summary>
    public double SealDiameterMm { get; init; } = 36;
    /// <summary>
    /// Lines written above the signature image — the signing authority and the signer's title (NĐ30 Phụ lục I II.7:
    /// the image sits between the title and the name); <see cref="Lines"/> go under it.
    /// </summary>
    public IReadOnlyList<string> TitleLines { get; init; } = [];

    /// <summary>
    /// The text is the document's signature block (NĐ30 Phụ lục I II.7đ): authority and title in capitals, the name in
    /// ordinary letters, both bold, 13–14 pt, black — 13 pt, smaller only as far as a line needs to fit the box's width
    /// (never under 11 pt). Otherwise the text is the signature's small note (10 pt at most, dark blue).
    /// </summary>
    public bool SignatureBlock { get; init; }

    private const double BlockSize = 13, BlockMinimum = 11;

    /// <summary>
    /// The organ's signature as NĐ30 Phụ lục I II.8a shows it: only the seal, at real size, over the left third of the
    /// signature image that <paramref name="signer"/> drew (the head's appearance), on the same page. The clerk signs
    /// with this after the head, so the seal lands on the head's signature as the stamp does on paper.
    /// </summary>
    public static SignatureAppearance SealOver(SignatureAppearance signer, RasterImage seal, double diameterMm = 36)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(seal);
        var sealOnly = new SignatureAppearance(signer.PageIndex, 0, 0, 0, 0, []) { SealImage = seal, SealDiameterMm = diameterMm };
        var (w, h) = sealOnly.SealSize();
        var (left, top) = SealPlace(signer, w, h);
        return sealOnly with { X = left, Y = top, Width = w, Height = h };
    }

    /// <summary>
    /// The empty signature field for the organ's signature, made with <paramref name="signer"/>'s (the head's
    /// certification): exactly where <see cref="SealOver"/> will put a round seal (a square image) of that diameter, so
    /// the clerk signs into it and the seal lands on the field as it was made. A seal image that is not square keeps its
    /// real size and centre; the widget's rectangle then follows the image.
    /// </summary>
    public static PdfSignatureField SealField(string name, SignatureAppearance signer, double diameterMm = 36)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var w = diameterMm * PointsPerMm;
        var (left, top) = SealPlace(signer, w, w);
        return new PdfSignatureField(name, signer.PageIndex, left, top, w, w);
    }

    /// <summary>Top-left page coordinates of a w×h seal: its right edge at a third of the signer's signature image, centred on it vertically.</summary>
    private static (double X, double Y) SealPlace(SignatureAppearance signer, double w, double h)
    {
        var target = signer.Layout().Signature ?? signer.Layout().ImageArea;
        return (signer.X + target.X + target.Width / 3 - w, signer.Y + signer.Height - (target.Y + target.Height / 2) - h / 2);
    }

    /// <summary>A rectangle in the box's own space: origin at its lower-left corner, y up (PDF's way).</summary>
    internal readonly record struct Box(double X, double Y, double Width, double Height)
    {
        public double Right => X + Width;
        public double Top => Y + Height;
        public Box Union(Box o)
        {
            double x = Math.Min(X, o.X), y = Math.Min(Y, o.Y);
            return new Box(x, y, Math.Max(Right, o.Right) - x, Math.Max(Top, o.Top) - y);
        }
    }

    /// <param name="Lines">The lines to write under the images, or in the frame: <see cref="Lines"/>, wrapped when a text-only box is too narrow for them.</param>
    internal sealed record Arrangement(double FontSize, double TextHeight, Box ImageArea, Box? Signature, Box? Seal, Box Extent, IReadOnlyList<string> Lines);

    private bool HasImages => SignatureImage is not null || SealImage is not null;

    private (double W, double H) SealSize()
    {
        var w = SealDiameterMm * PointsPerMm;
        // A round seal's square image: exactly the diameter both ways, as SealField made the field.
        return (w, SealImage!.Height == SealImage.Width ? w : w * SealImage.Height / SealImage.Width);
    }

    internal Arrangement Layout()
    {
        var lines = Math.Max(1, Lines.Count + TitleLines.Count);
        // A signature block's lines take 13 pt of height whatever size their letters are drawn at (BlockFontSize): the
        // image between them, and so the seal's place, depend on the box and the number of lines alone.
        var size = SignatureBlock ? BlockSize : Math.Min(10, Math.Max(6, (HasImages ? Height * 0.45 : Height) / lines / 1.3));
        IReadOnlyList<string> written = Lines;
        if (!HasImages && !SignatureBlock && TitleLines.Count == 0) (size, written) = FitFrame(size);
        var textHeight = Lines.Count == 0 ? 0 : Lines.Count * size * 1.3 + size * 0.3;
        var titleHeight = TitleLines.Count == 0 ? 0 : TitleLines.Count * size * 1.3 + size * 0.3;
        var area = new Box(0, textHeight, Width, Math.Max(0, Height - textHeight - titleHeight));
        Box? signature = null;
        if (SignatureImage is { } s && area.Height > 0)
        {
            var scale = Math.Min(area.Width / s.Width, area.Height / s.Height);
            var (w, h) = (s.Width * scale, s.Height * scale);
            signature = new Box(area.X + (area.Width - w) / 2, area.Y + (area.Height - h) / 2, w, h);
        }
        Box? seal = null;
        if (SealImage is not null)
        {
            var (w, h) = SealSize();
            seal = signature is { } sig
                ? new Box(sig.X + sig.Width / 3 - w, sig.Y + sig.Height / 2 - h / 2, w, h)
                : new Box(area.X + (area.Width - w) / 2, area.Y + (area.Height - h) / 2, w, h);
        }
        var extent = new Box(0, 0, Width, Height);
        if (seal is { } sl) extent = extent.Union(sl);
        return new Arrangement(size, textHeight, area, signature, seal, extent, written);
    }

    /// <summary>13 pt, or as much less (not under 11) as the widest line of the block needs to fit the box.</summary>
    private double BlockFontSize()
    {
        var font = StandardFonts.Serif(bold: true);
        var widest = TitleLines.Concat(Lines).Select(l => PdfComposer.Measure(l, font, BlockSize)).DefaultIfEmpty(0).Max();
        return widest <= Width - 4 ? BlockSize : Math.Max(BlockMinimum, BlockSize * (Width - 4) / widest);
    }

    /// <summary>
    /// The size and lines of a text-only box: as they are when every line fits the frame's width (how these boxes have
    /// always been drawn); otherwise the largest size at which the lines, wrapped at spaces, fit the frame — not larger
    /// than lets each line that can be whole at 7 pt stay whole, so "Ký số: 22/11/2026 09:30" is not cut while a long
    /// organ name is wrapped. A small box (a text signature in the seal's place) so holds the organ's name, not clipped.
    /// </summary>
    private (double Size, IReadOnlyList<string> Lines) FitFrame(double size)
    {
        const double pad = 4, minimum = 5, whole = 7;
        var font = StandardFonts.Serif();
        var width = Width - 2 * pad;
        if (Lines.Count == 0 || width <= 0 || Lines.All(l => PdfComposer.Measure(l, font, size) <= width)) return (size, Lines);
        var cap = size;
        foreach (var line in Lines)
        {
            var perPoint = PdfComposer.Measure(line, font, 1);
            if (perPoint > 0 && perPoint * whole <= width) cap = Math.Min(cap, width / perPoint);
        }
        List<string> Wrap(double s) => Lines.SelectMany(l => PdfComposer.Wrap(l, font, s, width)).ToList();
        // Baselines from Height - 1.2·size down by 1.3·size; the last one's descent must stay inside the frame.
        // Words are not cut while a smaller size keeps them whole.
        var words = Lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        bool Fits(double s, List<string> wrapped) =>
            s * (1.2 + (wrapped.Count - 1) * 1.3 + 0.3) <= Height && words.All(w => PdfComposer.Measure(w, font, s) <= width);
        for (var s = Math.Floor(cap * 4) / 4; s >= minimum; s -= 0.25)
        {
            var wrapped = Wrap(s);
            if (Fits(s, wrapped)) return (s, wrapped);
        }
        return (minimum, Wrap(minimum));
    }

    /// <summary>Writes the appearance as a form XObject into the update; returns its object number and its extent in the box's space.</summary>
    internal (int Ref, Box Extent) Write(PdfIncrementalUpdate update)
    {
        var l = Layout();
        var ops = new StringBuilder("q ");
        var xobjects = new StringBuilder();
        if (!HasImages && !SignatureBlock) ops.Append(CultureInfo.InvariantCulture, $"0.1 0.2 0.6 RG 0.8 w 0.4 0.4 {N(Width - 0.8)} {N(Height - 0.8)} re S ");
        void Draw(string name, RasterImage image, Box at)
        {
            xobjects.Append(CultureInfo.InvariantCulture, $"/{name} {image.WriteTo(update)} 0 R ");
            ops.Append(CultureInfo.InvariantCulture, $"q {N(at.Width)} 0 0 {N(at.Height)} {N(at.X)} {N(at.Y)} cm /{name} Do Q ");
        }
        if (SignatureImage is { } s && l.Signature is { } sb) Draw("Sig", s, sb);
        if (SealImage is { } seal && l.Seal is { } sealBox) Draw("Seal", seal, sealBox); // over the signature, as the stamp is on paper
        var fonts = "";
        if (l.Lines.Count > 0 || TitleLines.Count > 0)
        {
            var font = new PdfComposer.FontUse(StandardFonts.Serif(bold: SignatureBlock), "SigF");
            ops.Append("0 0 0 rg "); // NĐ30 Phụ lục I: the block and the signature's information in black
            var drawn = SignatureBlock ? BlockFontSize() : l.FontSize;
            var top = Height - l.FontSize * 1.05;
            foreach (var line in TitleLines)
            {
                var x = (Width - PdfComposer.Measure(line, font.Font, drawn)) / 2;
                ops.Append(CultureInfo.InvariantCulture, $"BT /SigF {N(drawn)} Tf {N(x)} {N(top)} Td <{PdfComposer.Encode(font, line)}> Tj ET ");
                top -= l.FontSize * 1.3;
            }
            // Under the images, centred; without images from the top of the framed box, as the text-only appearances always were.
            var y = HasImages || SignatureBlock ? l.TextHeight - l.FontSize * 1.05 : Height - l.FontSize * 1.2;
            foreach (var line in l.Lines)
            {
                var x = HasImages || SignatureBlock ? (Width - PdfComposer.Measure(line, font.Font, drawn)) / 2 : 4;
                ops.Append(CultureInfo.InvariantCulture, $"BT /SigF {N(drawn)} Tf {N(x)} {N(y)} Td <{PdfComposer.Encode(font, line)}> Tj ET ");
                y -= l.FontSize * 1.3;
            }
            fonts = $"/Font << /SigF {PdfComposer.WriteFont(update, font)} 0 R >> ";
        }
        ops.Append('Q');
        var e = l.Extent;
        var xo = xobjects.Length > 0 ? $"/XObject << {xobjects}>> " : "";
        var reference = update.Stream(Encoding.ASCII.GetBytes(ops.ToString()), compress: true,
            $"/Type /XObject /Subtype /Form /BBox [{N(e.X)} {N(e.Y)} {N(e.Right)} {N(e.Top)}] /Resources << {fonts}{xo}>> ");
        return (reference, e);
    }

    private static string N(double v) => PdfComposer.N(v);
}
