using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Recognition;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Outgoing;

/// <summary>The number and date fields go where the draft left the "Số:" and "…, ngày … tháng … năm …" lines (pdftotext's word boxes).</summary>
public sealed class NumberLineLocatorTests
{
    private static NumberLineLocator Locator(string pdftotext = "pdftotext") =>
        new(Options.Create(new RecognitionOptions { Pdftotext = pdftotext }), NullLogger<NumberLineLocator>.Instance);

    [Fact]
    public async Task FindsTheNumberAndDateLines_OfADraft_InItsHeader()
    {
        var pdf = new PdfComposer();
        var page = pdf.AddPage();
        page.TextCentered(150, 60, "LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", StandardFonts.Serif(bold: true), 12);
        page.TextCentered(150, 95, "Số:        /LĐLĐ-VP", StandardFonts.Serif(), 13);
        page.TextCentered(420, 95, "Nghệ An, ngày      tháng      năm 2026", StandardFonts.Serif(italic: true), 13);
        page.Text(72, 400, "Số: 3 lần trong năm, ngày 5 tháng 6 năm 2026 (trong thân văn bản, không phải tiêu đề).", StandardFonts.Serif(), 13);
        var (number, date) = await Locator().LocateAsync(pdf.ToArray(), default);
        Assert.InRange(number.Y, 75, 92);            // the line whose baseline is at 95 pt from the top
        Assert.InRange(number.X + number.Width / 2, 140, 160);
        Assert.InRange(date.Y, 75, 92);
        Assert.InRange(date.X + date.Width / 2, 400, 440);
        Assert.True(number.Opaque && date.Opaque);
    }

    [Fact]
    public async Task WithoutTheLines_OrWithoutPdftotext_ThePlacesOfPhuLucIAreUsed()
    {
        var pdf = new PdfComposer();
        pdf.AddPage().Text(72, 200, "Một trang không có dòng số và ngày.", StandardFonts.Serif(), 13);
        var (number, date) = await Locator().LocateAsync(pdf.ToArray(), default);
        Assert.Equal(Nd30Layout.NumberLineTop, number.Y);
        Assert.Equal(Nd30Layout.RightColumnX, date.X);
        var (n2, _) = await Locator("/nonexistent/pdftotext").LocateAsync(pdf.ToArray(), default);
        Assert.Equal(Nd30Layout.NumberLineTop, n2.Y);
    }

    /// <summary>Review finding 14: a draft must leave the number and date lines blank for the clerk; without them it is returned, not painted over.</summary>
    [Fact]
    public async Task ADraftWithoutItsNumberOrDateLine_IsAProblem_AWellFormedOneIsNot()
    {
        var bare = new PdfComposer();
        bare.AddPage().Text(72, 200, "Một trang không có dòng số và ngày.", StandardFonts.Serif(), 13);
        var problem = await Locator().ProblemAsync(bare.ToArray(), default);
        Assert.NotNull(problem);
        Assert.Contains("Số: …/…", problem);
        Assert.Contains("ngày      tháng", problem);
        Assert.Null(await Locator().ProblemAsync(OutgoingFlowTests.DraftPdf("Đủ dòng số và ngày"), default));
        var noDate = new PdfComposer();
        var p = noDate.AddPage();
        p.TextCentered(150, 80, "Số:      /LĐLĐ-VP", StandardFonts.Serif(), 13);
        var only = await Locator().ProblemAsync(noDate.ToArray(), default);
        Assert.DoesNotContain("Số: …/…", only);
        Assert.Contains("địa danh và ngày", only);
        Assert.Null(await Locator("/nonexistent/pdftotext").ProblemAsync(bare.ToArray(), default)); // cannot look: Phụ lục I's places
    }

    [Fact]
    public async Task ADraftMadeInWord_ConvertedByLibreOffice_HasItsLines()
    {
        var converter = new DocumentConverter(Options.Create(new ConversionOptions()), NullLogger<DocumentConverter>.Instance);
        var pdf = await converter.DocxToPdfAsync(new MemoryStream(DocumentConverterTests.BuildDraft()), default);
        Assert.Null(await Locator().ProblemAsync(pdf, default));
    }
}
