using System.Diagnostics;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Pdf;

/// <summary>The PDFs the product composes, read back by outside tools (poppler's pdftotext and pdffonts, qpdf).</summary>
public class PdfComposerTests
{
    private const string Vietnamese = "Liên đoàn Lao động tỉnh Nghệ An — Quyết định về việc khen thưởng tập thể, cá nhân: ỹ ữ ặ ẫ Đ";

    [Fact]
    public async Task VietnameseText_IsExtractedBackExactly_FromAValidFile_WithTheFontEmbedded()
    {
        var pdf = new PdfComposer { Title = "Sổ đăng ký văn bản đến", CreatedAt = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(7)) };
        var page = pdf.AddPage(PdfComposer.A4Height, PdfComposer.A4Width);
        page.Text(40, 60, Vietnamese, StandardFonts.Serif(), 12);
        page.TextCentered(page.Width / 2, 100, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", StandardFonts.Serif(bold: true), 16);
        page.Rectangle(40, 120, 200, 40, PdfColor.Light, PdfColor.Black);
        page.Line(40, 170, 240, 170);
        pdf.AddPage().Text(40, 60, "Trang hai: Hà Nội, ngày 22 tháng 11 năm 2026", StandardFonts.Serif(italic: true), 13);
        var path = Path.Combine(Path.GetTempPath(), $"uo-compose-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf.ToArray());
        try
        {
            var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-");
            Assert.Contains(Vietnamese, text);
            Assert.Contains("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", text);
            Assert.Contains("Trang hai: Hà Nội, ngày 22 tháng 11 năm 2026", text);
            var fonts = await Tools.RunAsync("pdffonts", path);
            Assert.Contains("LiberationSerif-Regular", fonts);
            Assert.Contains("CID TrueType", fonts);
            // Columns: name type encoding emb sub uni object ID — every font embedded, with a Unicode map.
            var rows = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal(("yes", "yes"), (r[^5], r[^3])));
            var check = await Tools.RunAsync("qpdf", "--check", path);
            Assert.Contains("No syntax or stream encoding errors", check);
            var info = await Tools.RunAsync("pdfinfo", path);
            Assert.Contains("Pages:           2", info);
            Assert.Contains("Sổ đăng ký văn bản đến", info);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Wrap_BreaksAtSpaces_WithinTheWidth_AndCutsAWordLongerThanTheLine()
    {
        var font = StandardFonts.Serif();
        var lines = PdfComposer.Wrap("Tên loại và trích yếu nội dung văn bản đến của cơ quan ban hành", font, 11, 120);
        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(PdfComposer.Measure(l, font, 11) <= 120));
        Assert.Equal("Tên loại và trích yếu nội dung văn bản đến của cơ quan ban hành", string.Join(" ", lines));
        var cut = PdfComposer.Wrap(new string('Đ', 80), font, 11, 50);
        Assert.All(cut, l => Assert.True(PdfComposer.Measure(l, font, 11) <= 50));
        Assert.Equal(80, cut.Sum(l => l.Length));
    }

}

public class PdfComposerImageTests
{
    [Fact]
    public async Task AGrayImage_IsEmbedded_AndRendersWhereItWasPut()
    {
        const int w = 200, h = 100;
        var pixels = new byte[w * h];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i % w < w / 2 ? 0 : 255); // left half black
        var pdf = new PdfComposer();
        pdf.AddPage().Image(0, 0, PdfComposer.A4Width, PdfComposer.A4Height, w, h, pixels);
        var path = Path.Combine(Path.GetTempPath(), $"uo-image-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf.ToArray());
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("pdfimages") { RedirectStandardOutput = true };
            foreach (var a in new[] { "-list", path }) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi)!;
            var list = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.Matches(@"\s1\s+0\s+image\s+200\s+100\s+gray\s+1\s+8", list);
            var out1 = Path.Combine(Path.GetTempPath(), $"uo-image-{Guid.NewGuid():N}");
            var render = new System.Diagnostics.ProcessStartInfo("pdftoppm");
            foreach (var a in new[] { "-gray", "-r", "10", "-singlefile", path, out1 }) render.ArgumentList.Add(a);
            using (var r = System.Diagnostics.Process.Start(render)!) await r.WaitForExitAsync();
            var pgm = await File.ReadAllBytesAsync(out1 + ".pgm");
            File.Delete(out1 + ".pgm");
            // P5 header, then rows: the left side dark, the right side light.
            var text = System.Text.Encoding.ASCII.GetString(pgm, 0, 20).Split('\n');
            var dims = text[1].Split(' ').Select(int.Parse).ToArray();
            var start = pgm.Length - dims[0] * dims[1];
            var row = pgm.AsSpan(start + dims[1] / 2 * dims[0], dims[0]);
            Assert.True(row[2] < 64 && row[^3] > 192, $"left {row[2]}, right {row[^3]}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
