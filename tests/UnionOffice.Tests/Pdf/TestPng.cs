using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnionOffice.Tests.Pdf;

/// <summary>
/// A small PNG encoder for the tests (System.Drawing is not there on Linux): raw scanlines already packed for the
/// colour type and bit depth, each row given a chosen filter, so the decoder's unfiltering is exercised on real files.
/// Written from the PNG specification independently of the product's decoder (its own CRC and filters).
/// </summary>
internal static class TestPng
{
    /// <summary>Encodes rows (each <c>rowBytes</c> long) with the filter types cycling through <paramref name="filters"/>.</summary>
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, byte[] packedRows, byte[]? palette = null, byte[]? trns = null,
        int[]? filters = null, int interlace = 0)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var rowBytes = (width * channels * bitDepth + 7) / 8;
        var bpp = Math.Max(1, channels * bitDepth / 8);
        filters ??= [0, 1, 2, 3, 4];
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            var f = filters[y % filters.Length];
            raw.WriteByte((byte)f);
            for (var x = 0; x < rowBytes; x++)
            {
                int cur = packedRows[y * rowBytes + x];
                int a = x >= bpp ? packedRows[y * rowBytes + x - bpp] : 0;
                int b = y > 0 ? packedRows[(y - 1) * rowBytes + x] : 0;
                int c = x >= bpp && y > 0 ? packedRows[(y - 1) * rowBytes + x - bpp] : 0;
                var predicted = f switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => Paeth(a, b, c) };
                raw.WriteByte((byte)(cur - predicted));
            }
        }
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zs.Write(raw.ToArray());
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        (ihdr[8], ihdr[9], ihdr[12]) = ((byte)bitDepth, (byte)colorType, (byte)interlace);
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", ihdr);
        if (palette is not null) Chunk(png, "PLTE", palette);
        if (trns is not null) Chunk(png, "tRNS", trns);
        Chunk(png, "tEXt", Encoding.ASCII.GetBytes("Comment\0ancillary, skipped"));
        var data = z.ToArray();
        Chunk(png, "IDAT", data[..(data.Length / 2)]); // split: IDAT chunks are one stream
        Chunk(png, "IDAT", data[(data.Length / 2)..]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>An RGBA image from a function of (x, y) giving (r, g, b, a).</summary>
    public static byte[] Rgba(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        var rows = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                var i = (y * width + x) * 4;
                (rows[i], rows[i + 1], rows[i + 2], rows[i + 3]) = (r, g, b, a);
            }
        return Encode(width, height, 6, 8, rows);
    }

    /// <summary>A blue handwritten-like stroke on a transparent background (NĐ30: the signer's signature image). Transparent pixels are black underneath, so a lost soft mask shows as black.</summary>
    public static byte[] BlueSignature(int width = 300, int height = 120) => Rgba(width, height, (x, y) =>
    {
        var curve = height / 2 + Math.Sin(x / 18.0) * height / 4 + (x - width / 2) * 0.1;
        return Math.Abs(y - curve) < 4 ? ((byte)20, (byte)40, (byte)200, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)0);
    });

    /// <summary>A red ring with a star on a transparent background (NĐ30: the organ's seal image).</summary>
    public static byte[] RedSeal(int side = 200) => Rgba(side, side, (x, y) =>
    {
        var r = Math.Sqrt(Math.Pow(x - side / 2.0, 2) + Math.Pow(y - side / 2.0, 2));
        var ink = Math.Abs(r - side * 0.46) < side * 0.03 || Math.Abs(r - side * 0.33) < side * 0.015 || r < side * 0.08;
        return ink ? ((byte)220, (byte)20, (byte)30, (byte)230) : ((byte)0, (byte)0, (byte)0, (byte)0);
    });

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(head, 4);
        s.Write(head);
        s.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. head[4..], .. data]));
        s.Write(crc);
    }

    public static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
