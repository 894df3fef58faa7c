using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Recognition;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// Finds, on the first page of a draft, the line "Số: …" (ô 3 of NĐ30 Phụ lục I) and the place-and-date line
/// ("…, ngày … tháng … năm …", ô 4), from the positions of the words pdftotext reports, so that the number and date
/// fields sit exactly where the draft left them blank (and, opaque, cover a placeholder such as "Số:      /LĐLĐ-VP").
/// A line it cannot find — a scan, a draft without it, no pdftotext — falls back to the positions Phụ lục I gives.
/// </summary>
public sealed class NumberLineLocator(IOptions<RecognitionOptions> options, ILogger<NumberLineLocator> logger)
{
    public async Task<(PdfTextField Number, PdfTextField Date)> LocateAsync(byte[] pdf, CancellationToken ct)
    {
        var number = Nd30Layout.NumberField(OutgoingPdf.NumberField) with { Opaque = true };
        var date = Nd30Layout.DateField(OutgoingPdf.DateField) with { Opaque = true };
        var lines = await LinesAsync(pdf, ct);
        if (lines is null) return (number, date);
        var (pageWidth, pageHeight, words) = lines.Value;
        // Only the header part of the page (the body may well say "số" or "ngày … tháng … năm" too). pdftotext may cut a
        // line at a wide blank ("Số:        /LĐLĐ-VP"), so a line is every word on the anchor's band on its side of the page.
        var header = words.Where(w => w.Top < pageHeight * 0.4).OrderBy(w => w.Top).ThenBy(w => w.Left).ToList();
        var mid = pageWidth / 2;
        List<Word> Band(Word anchor) => header.Where(w => Math.Abs((w.Top + w.Bottom) / 2 - (anchor.Top + anchor.Bottom) / 2) < (anchor.Bottom - anchor.Top) / 2
            && ((w.Left + w.Right) / 2 < mid) == ((anchor.Left + anchor.Right) / 2 < mid)).ToList();
        var so = header.FirstOrDefault(w => VietnameseText.Fold(w.Text) is "so:" or "so" && (w.Text.EndsWith(':') || header.Any(x => x.Text.StartsWith(':') && Math.Abs(x.Left - w.Right) < 8)));
        if (so is not null) number = Field(number, Band(so), minWidth: 150);
        foreach (var ngay in header.Where(w => VietnameseText.Fold(w.Text) == "ngay"))
        {
            var band = Band(ngay);
            var folded = band.Select(w => VietnameseText.Fold(w.Text)).ToList();
            if (!folded.Contains("thang") || !folded.Contains("nam")) continue;
            date = Field(date, band, minWidth: 220);
            break;
        }
        return (number, date);
    }

    private static PdfTextField Field(PdfTextField field, List<Word> band, double minWidth)
    {
        var line = new Word(band.Min(w => w.Left), band.Min(w => w.Top), band.Max(w => w.Right), band.Max(w => w.Bottom), "");
        var height = Math.Max(14, line.Bottom - line.Top + 4);
        var width = Math.Max(minWidth, line.Right - line.Left + 8);
        var centre = (line.Left + line.Right) / 2;
        return field with
        {
            X = Math.Max(0, centre - width / 2), Y = Math.Max(0, line.Top - 2), Width = width, Height = height,
            FontSize = Math.Clamp(line.Bottom - line.Top, 10, 14),
        };
    }

    private sealed record Word(double Left, double Top, double Right, double Bottom, string Text);

    private async Task<(double PageWidth, double PageHeight, List<Word> Words)?> LinesAsync(byte[] pdf, CancellationToken ct)
    {
        var tool = options.Value.Pdftotext;
        if (!ExternalTool.Exists(tool)) return null;
        var dir = Directory.CreateTempSubdirectory("uo-locate-").FullName;
        try
        {
            var file = Path.Combine(dir, "draft.pdf");
            await File.WriteAllBytesAsync(file, pdf, ct);
            // One page's words as XML: a real page is tens of KB; a page drawn to hold a million words is not read as a tree.
            var output = await ExternalTool.RunAsync(tool, ["-bbox-layout", "-f", "1", "-l", "1", "-enc", "UTF-8", file, "-"], TimeSpan.FromSeconds(30), ct,
                maxOutputChars: 1_000_000);
            if (output.Truncated) return null;
            var xml = XDocument.Parse(output.StandardOutput);
            XNamespace ns = "http://www.w3.org/1999/xhtml";
            var page = xml.Descendants(ns + "page").FirstOrDefault();
            if (page is null) return null;
            double A(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);
            var words = page.Descendants(ns + "word")
                .Select(w => new Word(A(w, "xMin"), A(w, "yMin"), A(w, "xMax"), A(w, "yMax"), w.Value.Normalize(System.Text.NormalizationForm.FormC))).ToList();
            return (A(page, "width"), A(page, "height"), words);
        }
        catch (Exception e) when (e is ExternalToolException or System.Xml.XmlException or FormatException or NullReferenceException)
        {
            logger.LogWarning(e, "Could not read the words of the draft's first page; the number and date go where NĐ30 Phụ lục I places them.");
            return null;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
