using System.Buffers.Binary;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Tests.Pdf;

/// <summary>PNGs written by the test encoder (every filter type, split IDAT, an ancillary chunk) read back pixel for pixel.</summary>
public class PngDecoderTests
{
    [Fact]
    public void Rgba_IsReadIntoRgbPixelsAndASeparateAlpha_ThroughEveryFilter()
    {
        const int w = 37, h = 23; // odd sizes: filters that look left and up meet row and image edges
        var png = TestPng.Rgba(w, h, (x, y) => ((byte)(x * 7), (byte)(y * 11), (byte)(x * y), (byte)(x + y * 3)));
        var image = RasterImage.FromPng(png);
        Assert.Equal((w, h, 3), (image.Width, image.Height, image.Components));
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                Assert.Equal(((byte)(x * 7), (byte)(y * 11), (byte)(x * y)), (image.Pixels[i * 3], image.Pixels[i * 3 + 1], image.Pixels[i * 3 + 2]));
                Assert.Equal((byte)(x + y * 3), image.Alpha![i]);
            }
    }

    [Fact]
    public void GrayAlpha_Rgb_AndGray_AreRead_AndAnOpaqueImageHasNoAlpha()
    {
        var ga = RasterImage.FromPng(TestPng.Encode(3, 2, 4, 8, [10, 255, 20, 0, 30, 128, 40, 255, 50, 255, 60, 1]));
        Assert.Equal(1, ga.Components);
        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60 }, ga.Pixels);
        Assert.Equal(new byte[] { 255, 0, 128, 255, 255, 1 }, ga.Alpha);

        var rgb = RasterImage.FromPng(TestPng.Encode(2, 2, 2, 8, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, rgb.Pixels);
        Assert.Null(rgb.Alpha);

        // RGB with a tRNS colour: that colour becomes transparent.
        var keyed = RasterImage.FromPng(TestPng.Encode(2, 1, 2, 8, [255, 255, 255, 0, 0, 255], trns: [0, 255, 0, 255, 0, 255]));
        Assert.Equal(new byte[] { 0, 255 }, keyed.Alpha);

        // 1-bit gray, 10 pixels wide: two bytes per row, samples packed from the high bit.
        var bits = RasterImage.FromPng(TestPng.Encode(10, 1, 0, 1, [0b1010_0000, 0b1100_0000]));
        Assert.Equal(new byte[] { 255, 0, 255, 0, 0, 0, 0, 0, 255, 255 }, bits.Pixels);
    }

    [Fact]
    public void APaletteImage_WithTrns_IsExpandedToRgbWithAlpha_At4Bits()
    {
        byte[] palette = [255, 0, 0, 0, 0, 255, 255, 255, 255];
        // 5 pixels of 4 bits: indexes 0 1 2 1 0 → bytes 0x01 0x21 0x00.
        var image = RasterImage.FromPng(TestPng.Encode(5, 1, 3, 4, [0x01, 0x21, 0x00], palette, trns: [200, 255, 0]));
        Assert.Equal(new byte[] { 255, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 255, 255, 0, 0 }, image.Pixels);
        Assert.Equal(new byte[] { 200, 255, 0, 255, 200 }, image.Alpha); // index 2 fully transparent; beyond tRNS opaque
        var outOfRange = TestPng.Encode(1, 1, 3, 8, [7], palette);
        Assert.Contains("bảng màu", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(outOfRange)).Message);
    }

    [Fact]
    public void SixteenBit_Interlaced_TooLarge_AndNotPng_AreRefusedInVietnamese()
    {
        var sixteen = TestPng.Encode(1, 1, 2, 16, new byte[6]);
        Assert.Contains("16 bit", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(sixteen)).Message);
        var interlaced = TestPng.Encode(2, 2, 0, 8, new byte[4], interlace: 1);
        Assert.Contains("xen kẽ", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(interlaced)).Message);
        // The header claims 5000×5000: refused before anything is inflated.
        var huge = TestPng.Encode(5000, 1, 0, 8, new byte[5000]);
        Assert.Contains("quá lớn", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(huge)).Message);
        Assert.Contains("không phải ảnh PNG", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng("%PDF-1.7"u8.ToArray())).Message);
    }

    [Fact]
    public void ACorruptOrLyingPng_IsRefused_NotMisread()
    {
        var png = TestPng.Rgba(20, 20, (x, y) => (1, 2, 3, 4));
        // A flipped byte inside the pixel data: the chunk's CRC no longer matches.
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        var flipped = (byte[])png.Clone();
        flipped[idat + 6] ^= 0x40;
        Assert.Contains("CRC", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(flipped)).Message);
        // Cut short.
        Assert.Contains("cắt cụt", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(png[..(png.Length - 20)])).Message);
        // A header that says 20 rows over data for 10 (CRC recomputed, so only the size check can catch it).
        var tall = TestPng.Rgba(20, 10, (x, y) => (1, 2, 3, 4));
        var ihdr = tall.AsSpan().IndexOf("IHDR"u8);
        BinaryPrimitives.WriteInt32BigEndian(tall.AsSpan(ihdr + 8), 20);
        BinaryPrimitives.WriteUInt32BigEndian(tall.AsSpan(ihdr + 17), TestPng.Crc32(tall[ihdr..(ihdr + 17)]));
        Assert.Contains("thiếu", Assert.Throws<PdfFormatException>(() => RasterImage.FromPng(tall)).Message);
    }
}

/// <summary>A PNG with transparency drawn on a composed page: an image with a soft mask, the page showing through.</summary>
public class ComposedImageAlphaTests
{
    [Fact]
    public async Task APngWithAlpha_IsDrawnWithASoftMask_AndItsTransparentPartShowsThePage()
    {
        var seal = RasterImage.FromPng(TestPng.RedSeal());
        var pdf = new PdfComposer();
        var page = pdf.AddPage();
        page.Rectangle(100, 100, 200, 200, fill: PdfColor.Light);
        page.Image(100, 100, 200, 200, seal);
        var path = Path.Combine(Path.GetTempPath(), $"uo-alpha-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf.ToArray());
        try
        {
            var list = await Infrastructure.Tools.RunAsync("pdfimages", "-list", path);
            Assert.Contains(" smask ", list);
            await Infrastructure.Tools.RunAsync("pdftoppm", "-r", "72", "-singlefile", path, path);
            var ppm = await File.ReadAllBytesAsync(path + ".ppm");
            var header = System.Text.Encoding.ASCII.GetString(ppm, 0, 20).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var width = int.Parse(header[1]);
            var start = ppm.Length - width * int.Parse(header[2]) * 3;
            (int, int, int) At(int x, int y) { var i = start + (y * width + x) * 3; return (ppm[i], ppm[i + 1], ppm[i + 2]); }
            Assert.Equal((235, 235, 235), At(200, 200 - 50)); // transparent (black underneath): the light rectangle shows
            var centre = At(200, 200);
            Assert.True(centre.Item1 > 150 && centre.Item2 < 110, $"the seal's centre renders {centre}");
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".ppm");
        }
    }
}
