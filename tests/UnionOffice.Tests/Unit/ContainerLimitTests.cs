using System.IO.Compression;
using System.Text;
using UnionOffice.Common;
using UnionOffice.Modules.Recognition;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Unit;

/// <summary>
/// The readers of untrusted containers stop at their limits (review finding 3): ZIP packages are proven before they
/// are read, DOCX text is streamed and capped, PDF streams inflate to a bounded size, a tool's output is cut, an image's
/// pixels are counted from its header before OCR.
/// </summary>
public sealed class ContainerLimitTests
{
    private static readonly PackageLimits Small = new(MaxEntries: 10, MaxEntryBytes: 1024 * 1024, MaxTotalBytes: 2 * 1024 * 1024, MaxRatio: 200);

    [Fact]
    public void AnHonestBomb_IsRefusedByItsDeclaredSize_BeforeAnythingIsInflated()
    {
        using var s = new MemoryStream(Bombs.Docx(20 * Bombs.Mb));
        var e = Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(s, Small));
        Assert.Contains("word/document.xml", e.Message);
        Assert.Contains("vượt giới hạn 1 MB", e.Message);
    }

    [Fact]
    public void APackageLyingAboutItsSize_IsRefused_InflatingNoMoreThanItDeclared()
    {
        using var s = new MemoryStream(Bombs.Docx(20 * Bombs.Mb, declare: 4096));
        var e = Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(s, Small));
        Assert.Contains("khai báo 4.096 byte nhưng thực chứa nhiều hơn", e.Message.Replace(",", ".", StringComparison.Ordinal));
        // Declaring more than it holds is refused too (a reader trusting the header would wait for bytes that never come).
        using var t = new MemoryStream(Bombs.Docx(100_000, declare: 900_000));
        Assert.Contains("thực chứa 100", Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(t, Small)).Message.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal));
    }

    [Fact]
    public void TooManyParts_TwoOfOneName_AndAnExtremeRatio_AreRefused()
    {
        using (var many = Zip(Enumerable.Range(0, 11).Select(i => ($"part{i}.xml", new byte[10])).ToArray()))
            Assert.Contains("11 phần", Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(many, Small)).Message);
        using (var twice = Zip(("a.xml", new byte[10]), ("a.xml", new byte[20])))
            Assert.Contains("hai phần cùng tên", Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(twice, Small)).Message);
        var roomy = Small with { MaxEntryBytes = 64 * Bombs.Mb, MaxTotalBytes = 64 * Bombs.Mb };
        using (var dense = new MemoryStream(Bombs.Docx(16 * Bombs.Mb)))
            Assert.Contains("tỉ lệ", Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(dense, roomy)).Message);
        using (var broken = new MemoryStream("PK\u0003\u0004 không phải tệp nén"u8.ToArray()))
            Assert.Contains("bị hỏng", Assert.Throws<PackageLimitException>(() => ZipPackage.Verify(broken, Small)).Message);
    }

    [Fact]
    public void AnOrdinaryPackage_Passes_AndIsReadableAfterwards()
    {
        var docx = Bombs.Docx(200_000);
        using var s = new MemoryStream(docx);
        var entries = ZipPackage.Verify(s, PackageLimits.Docx);
        Assert.Contains(entries, e => e.Name == "word/document.xml" && e.Length == 200_000);
        Assert.Equal(0, s.Position);
        Assert.Equal("Bom giải nén", Modules.Search.TextExtraction.Docx(new MemoryStream(docx), 1000));
    }

    [Fact]
    public void DocxText_IsStreamedAndCapped()
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 5000).Select(i => $"<w:p><w:r><w:t>Đoạn văn số {i}</w:t><w:tab/><w:t>tiếp</w:t></w:r></w:p>"));
        var docx = Package(("word/document.xml", $"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{paragraphs}</w:body></w:document>"));
        var text = Modules.Search.TextExtraction.Docx(new MemoryStream(docx), 100);
        Assert.Equal(100, text.Length);
        Assert.StartsWith("Đoạn văn số 1 tiếp\nĐoạn văn số 2 tiếp\n", text);
        Assert.Throws<PackageLimitException>(() => Modules.Search.TextExtraction.Docx(new MemoryStream(DecompressionBombTestsData.Honest), 1000));
    }

    [Fact]
    public void APdfStream_InflatesToABoundedSize()
    {
        var e = Assert.Throws<UnionOffice.Pdf.Reading.PdfFormatException>(() => UnionOffice.Pdf.Reading.PdfFile.Parse(Bombs.Pdf(100 * Bombs.Mb)));
        Assert.Contains("giải nén ra quá lớn", e.Message);
    }

    [Fact]
    public async Task AToolWritingWithoutEnd_IsStoppedAtTheLimit_AndItsOutputCut()
    {
        var output = await ExternalTool.RunAsync("yes", ["dòng chữ"], TimeSpan.FromSeconds(30), default, maxOutputChars: 100_000);
        Assert.True(output.Truncated);
        Assert.Equal(100_000, output.StandardOutput.Length);
        Assert.StartsWith("dòng chữ\ndòng chữ\n", output.StandardOutput);
    }

    [Fact]
    public void AnImage_IsMeasuredByItsHeader_BeforeOcr()
    {
        var dir = Directory.CreateTempSubdirectory("uo-image-size-");
        try
        {
            string Write(string name, byte[] bytes)
            {
                var path = Path.Combine(dir.FullName, name);
                File.WriteAllBytes(path, bytes);
                return path;
            }
            ImageSize.Check(Write("ok.png", Bombs.Png(2480, 3508)), "image/png");
            Assert.Contains("60.000 × 60.000", Assert.Throws<ImageTooLargeException>(() => ImageSize.Check(Write("big.png", Bombs.Png(60_000, 60_000)), "image/png"))
                .Message.Replace(",", ".", StringComparison.Ordinal));
            // JPEG: SOI, an APP0 segment, then SOF0 declaring 65,535 × 65,535.
            byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x01, 0x11, 0x00];
            Assert.Throws<ImageTooLargeException>(() => ImageSize.Check(Write("big.jpg", jpeg), "image/jpeg"));
            // TIFF (little-endian), one page declaring 50,000 × 50,000 as LONG values.
            var tiff = new byte[8 + 2 + 2 * 12 + 4];
            "II*\0"u8.CopyTo(tiff);
            BitConverter.TryWriteBytes(tiff.AsSpan(4), 8u);
            BitConverter.TryWriteBytes(tiff.AsSpan(8), (ushort)2);
            void Tag(int i, ushort tag, uint value)
            {
                var at = 10 + i * 12;
                BitConverter.TryWriteBytes(tiff.AsSpan(at), tag);
                BitConverter.TryWriteBytes(tiff.AsSpan(at + 2), (ushort)4);
                BitConverter.TryWriteBytes(tiff.AsSpan(at + 4), 1u);
                BitConverter.TryWriteBytes(tiff.AsSpan(at + 8), value);
            }
            Tag(0, 256, 50_000);
            Tag(1, 257, 50_000);
            Assert.Throws<ImageTooLargeException>(() => ImageSize.Check(Write("big.tif", tiff), "image/tiff"));
            Tag(0, 256, 2480);
            Tag(1, 257, 3508);
            ImageSize.Check(Write("ok.tif", tiff), "image/tiff");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static MemoryStream Zip(params (string Name, byte[] Bytes)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var e = zip.CreateEntry(name).Open();
                e.Write(bytes);
            }
        ms.Position = 0;
        return ms;
    }

    private static byte[] Package(params (string Name, string Text)[] parts) => Zip(parts.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Text))).ToArray()).ToArray();
}

/// <summary>A bomb made once for the unit tests.</summary>
internal static class DecompressionBombTestsData
{
    private static readonly Lazy<byte[]> HonestBomb = new(() => Bombs.Docx(100 * Bombs.Mb));
    public static byte[] Honest => HonestBomb.Value;
}
