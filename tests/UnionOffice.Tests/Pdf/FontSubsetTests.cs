using System.Text;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Pdf;

/// <summary>Fonts embedded as subsets: small files, and the Vietnamese marks (often composite glyphs) still drawn.</summary>
public class FontSubsetTests
{
    [Fact]
    public async Task ASubsetFont_KeepsTheDiacriticsOfCompositeGlyphs_AndTheFileIsSmall()
    {
        var pdf = new PdfComposer();
        var page = pdf.AddPage();
        page.Text(100, 400, "ệ", StandardFonts.Serif(), 200); // circumflex above, dot below: components of a composite glyph
        var bytes = pdf.ToArray();
        Assert.True(bytes.Length < 40_000, $"{bytes.Length} bytes: the whole font was embedded");
        var path = Path.Combine(Path.GetTempPath(), $"uo-subset-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            Assert.Matches(@"[A-Z]{6}\+LiberationSerif-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", await Tools.RunAsync("pdffonts", path));
            Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", path));
            await Tools.RunAsync("pdftoppm", "-r", "72", "-gray", "-singlefile", path, path);
            var pgm = await File.ReadAllBytesAsync(path + ".pgm");
            var header = Encoding.ASCII.GetString(pgm, 0, 20).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var width = int.Parse(header[1]);
            var start = pgm.Length - width * int.Parse(header[2]);
            int Dark(int y0, int y1) => Enumerable.Range(y0, y1 - y0).Sum(y => Enumerable.Range(90, 120).Count(x => pgm[start + y * width + x] < 128));
            Assert.True(Dark(400 - 90, 400) > 200, "the letter e is missing");
            Assert.True(Dark(400 - 160, 400 - 100) > 50, "the circumflex is missing");
            Assert.True(Dark(400 + 8, 400 + 50) > 50, "the dot below is missing");
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".pgm");
        }
    }
}
