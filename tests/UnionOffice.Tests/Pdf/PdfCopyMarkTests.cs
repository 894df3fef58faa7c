using System.Diagnostics;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Tests.Pdf;

/// <summary>Marked copies: an incremental update that outside tools read, leaving the original bytes as they were.</summary>
public class PdfCopyMarkTests
{
    private const string Mark = "Bản sao điện tử của Nguyễn Văn An (nvan.ldld), tải lúc 22/11/2026 09:15";

    private static byte[] Original(int pages = 2)
    {
        var pdf = new PdfComposer();
        for (var i = 1; i <= pages; i++) pdf.AddPage().Text(60, 100, $"Trang {i}: Quyết định về việc khen thưởng đoàn viên công đoàn xuất sắc", StandardFonts.Serif(), 13);
        return pdf.ToArray();
    }

    [Fact]
    public async Task EveryPage_CarriesTheMark_AndTheOriginalRevisionIsUntouched()
    {
        var original = Original();
        var marked = PdfCopyMark.Apply(original, Mark);
        Assert.True(marked.AsSpan(0, original.Length).SequenceEqual(original));
        var text = await ToolAsync("pdftotext", marked, "-enc", "UTF-8", "{0}", "-");
        Assert.Equal(2, Count(text, Mark));
        Assert.Contains("Trang 2: Quyết định về việc khen thưởng", text);
        Assert.Contains("No syntax or stream encoding errors", await ToolAsync("qpdf", marked, "--check", "{0}"));

        // Marked again (a copy of a copy): the chain of updates still reads.
        var twice = PdfCopyMark.Apply(marked, "Lần hai");
        Assert.Contains("Lần hai", await ToolAsync("pdftotext", twice, "-enc", "UTF-8", "{0}", "-"));
        Assert.Contains("No syntax or stream encoding errors", await ToolAsync("qpdf", twice, "--check", "{0}"));
    }

    [Fact]
    public async Task AFileWithCrossReferenceAndObjectStreams_IsMarkedWithAStreamUpdate()
    {
        var compact = await QpdfAsync(Original(3), "--object-streams=generate");
        Assert.True(PdfFile.Parse(compact).UsesXrefStreams);
        var marked = PdfCopyMark.Apply(compact, Mark);
        Assert.True(PdfFile.Parse(marked).UsesXrefStreams);
        var text = await ToolAsync("pdftotext", marked, "-enc", "UTF-8", "{0}", "-");
        Assert.Equal(3, Count(text, Mark));
        Assert.Contains("No syntax or stream encoding errors", await ToolAsync("qpdf", marked, "--check", "{0}"));
    }

    [Fact]
    public async Task BadFiles_AreRefused_WithAReason()
    {
        Assert.Throws<PdfFormatException>(() => PdfCopyMark.Apply("%PDF-1.7\nnot really a pdf at all, no trailer\n"u8.ToArray(), Mark));
        var truncated = Original()[..400];
        Assert.Throws<PdfFormatException>(() => PdfCopyMark.Apply(truncated, Mark));
        var encrypted = await QpdfAsync(Original(), "--encrypt", "user", "owner", "256", "--");
        var e = Assert.Throws<PdfFormatException>(() => PdfCopyMark.Apply(encrypted, Mark));
        Assert.Contains("mã hóa", e.Message);
        // Garbage that looks like a deeply nested object does not blow the stack.
        var deep = System.Text.Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n" + new string('[', 100_000) + "\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n100009\n%%EOF\n");
        Assert.Throws<PdfFormatException>(() => PdfCopyMark.Apply(deep, Mark));
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static async Task<byte[]> QpdfAsync(byte[] input, params string[] options)
    {
        var inPath = Path.GetTempFileName();
        var outPath = Path.GetTempFileName();
        await File.WriteAllBytesAsync(inPath, input);
        try
        {
            await Tools.RunAsync("qpdf", [.. options, inPath, outPath]);
            return await File.ReadAllBytesAsync(outPath);
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
        }
    }

    private static async Task<string> ToolAsync(string tool, byte[] pdf, params string[] args)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, pdf);
        try { return await Tools.RunAsync(tool, args.Select(a => a == "{0}" ? path : a).ToArray()); }
        finally { File.Delete(path); }
    }

}
