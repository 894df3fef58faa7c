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
        var found = Find(await LinesAsync(pdf, ct));
        return (found.Number, found.Date);
    }

    /// <summary>
    /// What keeps the number and date from going on the draft without covering anything (review finding 14): null when
    /// the draft has both lines, or they cannot be looked for (no pdftotext: then Phụ lục I's places are used); else the
    /// reason, in Vietnamese, for the clerk to return the draft with. Checked at format review, before the head signs.
    /// </summary>
    public async Task<string?> ProblemAsync(byte[] pdf, CancellationToken ct)
    {
        var lines = await LinesAsync(pdf, ct);
        if (lines is null) return null;
        var f = Find(lines);
        var problems = new List<string>();
        if (!f.NumberFound)
            problems.Add("Dự thảo chưa có dòng \"Số: …/…\" để trống ở đầu trang 1, dưới tên cơ quan (ô 3, Phụ lục I Nghị định 30/2020/NĐ-CP), ví dụ \"Số:      /LĐLĐ-VP\".");
        if (!f.DateFound)
            problems.Add("Dự thảo chưa có dòng địa danh và ngày để trống ở đầu trang 1, dưới quốc hiệu, tiêu ngữ (ô 4), ví dụ \"Nghệ An, ngày      tháng      năm 2026\".");
        problems.AddRange(f.Collisions);
        return problems.Count == 0 ? null
            : string.Join(" ", problems) + " Số và ngày ban hành chỉ được ghi vào chỗ để trống đó, không đè lên nội dung văn bản: hãy trả lại để người soạn bổ sung.";
    }

    private sealed record Found(PdfTextField Number, PdfTextField Date, bool NumberFound, bool DateFound, List<string> Collisions);

    private static Found Find((double PageWidth, double PageHeight, List<Word> Words)? lines)
    {
        var number = Nd30Layout.NumberField(OutgoingPdf.NumberField) with { Opaque = true };
        var date = Nd30Layout.DateField(OutgoingPdf.DateField) with { Opaque = true };
        var collisions = new List<string>();
        if (lines is null) return new Found(number, date, false, false, collisions);
        var (pageWidth, pageHeight, words) = lines.Value;
        // Only the header part of the page (the body may well say "số" or "ngày … tháng … năm" too). pdftotext may cut a
        // line at a wide blank ("Số:        /LĐLĐ-VP"), so a line is every word on the anchor's band on its side of the page.
        var header = words.Where(w => w.Top < pageHeight * 0.4).OrderBy(w => w.Top).ThenBy(w => w.Left).ToList();
        var mid = pageWidth / 2;
        List<Word> Band(Word anchor) => header.Where(w => Math.Abs((w.Top + w.Bottom) / 2 - (anchor.Top + anchor.Bottom) / 2) < (anchor.Bottom - anchor.Top) / 2
            && ((w.Left + w.Right) / 2 < mid) == ((anchor.Left + anchor.Right) / 2 < mid)).ToList();
        var so = header.FirstOrDefault(w => VietnameseText.Fold(w.Text) is "so:" or "so" && (w.Text.EndsWith(':') || header.Any(x => x.Text.StartsWith(':') && Math.Abs(x.Left - w.Right) < 8)));
        var numberFound = false;
        if (so is not null)
        {
            var band = Band(so);
            number = Field(number, band, minWidth: 150, words.Except(band).ToList(), "số, ký hiệu", collisions);
            numberFound = true;
        }
        var dateFound = false;
        foreach (var ngay in header.Where(w => VietnameseText.Fold(w.Text) == "ngay"))
        {
            var band = Band(ngay);
            var folded = band.Select(w => VietnameseText.Fold(w.Text)).ToList();
            if (!folded.Contains("thang") || !folded.Contains("nam")) continue;
            date = Field(date, band, minWidth: 220, words.Except(band).ToList(), "địa danh và ngày", collisions);
            dateFound = true;
            break;
        }
        return new Found(number, date, numberFound, dateFound, collisions);
    }

    /// <summary>
    /// The field over the line: wide enough for what will be written, but cut back where it would reach another word —
    /// the motto above, the date line below, a word beside it. Word boxes of neighbouring lines overlap a little (the room
    /// for Vietnamese accents), so a neighbour counts from a quarter into its box; a line the field cannot fit beside its
    /// neighbours is named.
    /// </summary>
    private static PdfTextField Field(PdfTextField field, List<Word> band, double minWidth, List<Word> others, string what, List<string> collisions)
    {
        var line = new Word(band.Min(w => w.Left), band.Min(w => w.Top), band.Max(w => w.Right), band.Max(w => w.Bottom), "");
        var lineHeight = line.Bottom - line.Top;
        var centre = (line.Left + line.Right) / 2;
        var width = Math.Max(minWidth, line.Right - line.Left + 8);
        double left = Math.Max(0, centre - width / 2), right = left + width;
        double top = Math.Max(0, line.Top - 2), bottom = line.Bottom + 2;
        var lineMiddle = (line.Top + line.Bottom) / 2;
        foreach (var o in others)
        {
            var inset = (o.Bottom - o.Top) / 4;
            double oTop = o.Top + inset, oBottom = o.Bottom - inset;
            var sameRow = oTop < line.Bottom && line.Top < oBottom;
            if (sameRow && o.Right > left && o.Left < right)
            {
                // Beside the line: the field stops short of it.
                if (o.Left >= line.Right) right = Math.Min(right, o.Left - 1);
                else if (o.Right <= line.Left) left = Math.Max(left, o.Right + 1);
                else collisions.Add($"Dòng {what} ở đầu trang 1 chồng lên chữ khác.");
            }
            else if (!sameRow && o.Right > left && o.Left < right)
            {
                // Above or below: the field stops where that word's letters begin.
                if ((o.Top + o.Bottom) / 2 < lineMiddle) top = Math.Max(top, oBottom);
                else bottom = Math.Min(bottom, oTop);
            }
        }
        if (right - left < line.Right - line.Left || bottom - top < lineHeight * 0.6)
            collisions.Add($"Dòng {what} ở đầu trang 1 nằm quá sát chữ khác, không đủ chỗ ghi.");
        return field with
        {
            X = left, Y = top, Width = Math.Max(1, right - left), Height = Math.Max(1, bottom - top),
            FontSize = Math.Clamp(lineHeight, 10, 14),
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
