using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using UnionOffice.Pdf;
using UnionOffice.Modules.Recognition;

namespace UnionOffice.OcrAccuracy.Corpus;

/// <summary>An 8-bit grey image, row by row.</summary>
public sealed class GrayImage(int width, int height, int dpi)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public int Dpi { get; } = dpi;
    public byte[] Pixels { get; } = new byte[width * height];

    public byte this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value;
    }
}

/// <summary>How a page was "scanned": the parameters drawn for it, reported with the results.</summary>
public sealed record ScanSettings(int Dpi, double RotationDegrees, double Noise, int BlurPasses, int Paper, int Ink, int Speckles, bool AsPdf, int NoiseSeed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Dpi} dpi, {RotationDegrees:+0.00;-0.00}°, noise σ {Noise:0.0}, blur {BlurPasses}, paper {Paper}, ink {Ink}, speckles {Speckles}{(AsPdf ? ", PDF" : ", PNG")}");
}

/// <summary>
/// Makes a clean typeset page look scanned: the page is rasterised by pdftoppm in grey at 200–300 dpi, then tilted
/// by 0.3–1.5° (either way, bilinear), blurred slightly (optics), its contrast reduced (grey paper, ink not black),
/// given sensor noise (Gaussian) and sometimes dust specks. Everything is drawn from the seeded random source, so a
/// seed gives the same scans. The result is a PNG (with its resolution) or, for some, that PNG inside a PDF as a
/// scanner would write it.
/// </summary>
public sealed class ScanSimulator(int seed)
{
    private readonly Random _rng = new(seed);

    public ScanSettings Draw()
    {
        var dpi = new[] { 200, 240, 300 }[_rng.Next(3)];
        var angle = (0.3 + _rng.NextDouble() * 1.2) * (_rng.Next(2) == 0 ? -1 : 1);
        return new ScanSettings(dpi, angle, 4 + _rng.NextDouble() * 10, _rng.Next(1, 3), _rng.Next(215, 246), _rng.Next(15, 70),
            _rng.Next(3) == 0 ? _rng.Next(50, 400) : 0, _rng.Next(5) < 2, _rng.Next());
    }

    /// <summary>Scans the first page of <paramref name="pdfPath"/> into <paramref name="outputWithoutExtension"/>.png or .pdf; returns the file.</summary>
    public static async Task<(string Path, string ContentType)> ScanFirstPageAsync(string pdfPath, string outputWithoutExtension, ScanSettings s, CancellationToken ct)
    {
        var prefix = outputWithoutExtension + "-raster";
        await ExternalTool.RunAsync("pdftoppm",
            ["-r", s.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-f", "1", "-l", "1", "-singlefile", pdfPath, prefix],
            TimeSpan.FromMinutes(2), ct);
        var clean = ReadPgm(prefix + ".pgm", s.Dpi);
        File.Delete(prefix + ".pgm");
        var scanned = Degrade(clean, s);
        var png = EncodePng(scanned);
        if (!s.AsPdf)
        {
            var path = outputWithoutExtension + ".png";
            await File.WriteAllBytesAsync(path, png, ct);
            return (path, "image/png");
        }
        var pdf = outputWithoutExtension + ".pdf";
        await File.WriteAllBytesAsync(pdf, WrapInPdf(scanned), ct);
        return (pdf, OcrReader.Pdf);
    }

    /// <summary>The page's own noise comes from its own seed: a document's scan does not depend on the others.</summary>
    public static GrayImage Degrade(GrayImage src, ScanSettings s)
    {
        var rng = new Random(s.NoiseSeed);
        var img = Rotate(src, s.RotationDegrees);
        for (var i = 0; i < s.BlurPasses; i++) img = Blur(img);
        var p = img.Pixels;
        var range = (s.Paper - s.Ink) / 255.0;
        for (var i = 0; i < p.Length; i++)
        {
            var v = s.Ink + p[i] * range + Gaussian(rng) * s.Noise;
            p[i] = (byte)Math.Clamp(Math.Round(v), 0, 255);
        }
        for (var i = 0; i < s.Speckles; i++)
        {
            var cx = rng.Next(img.Width);
            var cy = rng.Next(img.Height);
            var r = 0.6 + rng.NextDouble() * 1.8 * img.Dpi / 200.0;
            var shade = (byte)rng.Next(s.Ink, s.Ink + 60);
            for (var y = (int)(cy - r); y <= cy + r; y++)
                for (var x = (int)(cx - r); x <= cx + r; x++)
                    if (x >= 0 && y >= 0 && x < img.Width && y < img.Height && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                        img[x, y] = shade;
        }
        return img;
    }

    private static double Gaussian(Random rng)
    {
        // Box–Muller on the seeded source.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Rotation about the centre, bilinear; what falls outside the page is white paper.</summary>
    private static GrayImage Rotate(GrayImage src, double degrees)
    {
        var dst = new GrayImage(src.Width, src.Height, src.Dpi);
        var a = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(a), Math.Sin(a));
        var (cx, cy) = (src.Width / 2.0, src.Height / 2.0);
        for (var y = 0; y < dst.Height; y++)
        {
            for (var x = 0; x < dst.Width; x++)
            {
                var dx = x - cx;
                var dy = y - cy;
                var sx = cos * dx + sin * dy + cx;
                var sy = -sin * dx + cos * dy + cy;
                var x0 = (int)Math.Floor(sx);
                var y0 = (int)Math.Floor(sy);
                var fx = sx - x0;
                var fy = sy - y0;
                double At(int px, int py) => px < 0 || py < 0 || px >= src.Width || py >= src.Height ? 255 : src[px, py];
                var v = At(x0, y0) * (1 - fx) * (1 - fy) + At(x0 + 1, y0) * fx * (1 - fy) + At(x0, y0 + 1) * (1 - fx) * fy + At(x0 + 1, y0 + 1) * fx * fy;
                dst[x, y] = (byte)Math.Round(v);
            }
        }
        return dst;
    }

    /// <summary>One pass of the 3×3 binomial kernel (1 2 1)²/16.</summary>
    private static GrayImage Blur(GrayImage src)
    {
        var dst = new GrayImage(src.Width, src.Height, src.Dpi);
        for (var y = 0; y < src.Height; y++)
        {
            var ym = Math.Max(0, y - 1);
            var yp = Math.Min(src.Height - 1, y + 1);
            for (var x = 0; x < src.Width; x++)
            {
                var xm = Math.Max(0, x - 1);
                var xp = Math.Min(src.Width - 1, x + 1);
                var sum = src[xm, ym] + 2 * src[x, ym] + src[xp, ym]
                    + 2 * src[xm, y] + 4 * src[x, y] + 2 * src[xp, y]
                    + src[xm, yp] + 2 * src[x, yp] + src[xp, yp];
                dst[x, y] = (byte)((sum + 8) / 16);
            }
        }
        return dst;
    }

    /// <summary>Binary PGM (P5, maxval 255), as pdftoppm -gray writes it.</summary>
    public static GrayImage ReadPgm(string path, int dpi)
    {
        var bytes = File.ReadAllBytes(path);
        var pos = 0;
        string Token()
        {
            while (pos < bytes.Length)
            {
                if (bytes[pos] == '#') { while (pos < bytes.Length && bytes[pos] != '\n') pos++; }
                else if (char.IsWhiteSpace((char)bytes[pos])) pos++;
                else break;
            }
            var start = pos;
            while (pos < bytes.Length && !char.IsWhiteSpace((char)bytes[pos])) pos++;
            return Encoding.ASCII.GetString(bytes, start, pos - start);
        }
        if (Token() != "P5") throw new InvalidDataException($"{path} is not a binary PGM.");
        var width = int.Parse(Token(), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), CultureInfo.InvariantCulture);
        if (int.Parse(Token(), CultureInfo.InvariantCulture) != 255) throw new InvalidDataException("Only 8-bit PGM is read.");
        pos++; // the single whitespace after maxval
        var img = new GrayImage(width, height, dpi);
        Buffer.BlockCopy(bytes, pos, img.Pixels, 0, width * height);
        return img;
    }

    /// <summary>8-bit greyscale PNG with its resolution (pHYs), so tesseract knows the dpi as it would from a scanner.</summary>
    public static byte[] EncodePng(GrayImage img)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, img.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), img.Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        Chunk(ms, "IHDR", ihdr);
        var phys = new byte[9];
        var perMetre = (int)Math.Round(img.Dpi / 0.0254);
        BinaryPrimitives.WriteInt32BigEndian(phys, perMetre);
        BinaryPrimitives.WriteInt32BigEndian(phys.AsSpan(4), perMetre);
        phys[8] = 1; // metres
        Chunk(ms, "pHYs", phys);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[img.Width + 1]; // filter byte 0 (none) + the row
                for (var y = 0; y < img.Height; y++)
                {
                    Buffer.BlockCopy(img.Pixels, y * img.Width, row, 1, img.Width);
                    z.Write(row);
                }
            }
            Chunk(ms, "IDAT", raw.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        Span<byte> c = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(c, Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu);
        s.Write(c);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>The CRC-32 of PNG chunks (ISO 3309), continued from <paramref name="crc"/>.</summary>
    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The scan as an A4 PDF page without text, as a scanner's "scan to PDF" gives it.</summary>
    private static byte[] WrapInPdf(GrayImage scan)
    {
        var pdf = new PdfComposer();
        pdf.AddPage().Image(0, 0, PdfComposer.A4Width, PdfComposer.A4Height, scan.Width, scan.Height, scan.Pixels);
        return pdf.ToArray();
    }
}
