using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnionOffice.Commands;

/// <summary>
/// Drawn stand-ins for the demo: a blue handwritten-looking signature and a red round seal, as PNGs with transparent
/// backgrounds (what NĐ30 Phụ lục I asks of the real scans). Real organs upload their own scans.
/// </summary>
public static class DemoImages
{
    /// <summary>A flourish: a few loops of a pen stroke in blue.</summary>
    public static byte[] Signature(int seed)
    {
        const int w = 360, h = 140;
        var px = new byte[w * h * 4];
        var rnd = new Random(seed);
        double a1 = 20 + rnd.Next(15), f1 = 0.045 + rnd.NextDouble() * 0.02, a2 = 10 + rnd.Next(10), f2 = 0.13 + rnd.NextDouble() * 0.04;
        for (double x = 20; x < w - 20; x += 0.25)
        {
            var y = h / 2.0 + a1 * Math.Sin(x * f1) + a2 * Math.Sin(x * f2 + 1) - (x - w / 2.0) * 0.12;
            Dot(px, w, h, x, y, 2.2, 20, 50, 170);
        }
        for (double x = 60; x < w - 60; x += 0.25) Dot(px, w, h, x, h - 28 + 4 * Math.Sin(x * 0.03), 1.6, 20, 50, 170); // the underline
        return Png(w, h, px);
    }

    /// <summary>A round seal: two red rings and a star, 300 px across (drawn at its real size by the signer).</summary>
    public static byte[] Seal()
    {
        const int size = 300;
        var px = new byte[size * size * 4];
        var c = size / 2.0;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var r = Math.Sqrt((x - c) * (x - c) + (y - c) * (y - c));
                if (r is > 138 and < 146 || r is > 96 and < 100 || InStar(x - c, y - c, 46)) Set(px, size, x, y, 210, 25, 30, 235);
            }
        return Png(size, size, px);
    }

    private static bool InStar(double x, double y, double radius)
    {
        var angle = Math.Atan2(y, x) + Math.PI / 2;
        var r = Math.Sqrt(x * x + y * y);
        var k = (angle % (2 * Math.PI / 5) + 2 * Math.PI / 5) % (2 * Math.PI / 5) / (2 * Math.PI / 5);
        var edge = radius * (0.45 + 0.55 * Math.Abs(2 * k - 1));
        return r < edge;
    }

    private static void Dot(byte[] px, int w, int h, double cx, double cy, double radius, byte r, byte g, byte b)
    {
        for (var y = (int)(cy - radius - 1); y <= cy + radius + 1; y++)
            for (var x = (int)(cx - radius - 1); x <= cx + radius + 1; x++)
            {
                if (x < 0 || y < 0 || x >= w || y >= h) continue;
                var d = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                var alpha = (byte)Math.Clamp((radius + 0.5 - d) * 255, 0, 255);
                var i = (y * w + x) * 4;
                if (alpha > px[i + 3]) Set(px, w, x, y, r, g, b, alpha);
            }
    }

    private static void Set(byte[] px, int w, int x, int y, byte r, byte g, byte b, byte a)
    {
        var i = (y * w + x) * 4;
        (px[i], px[i + 1], px[i + 2], px[i + 3]) = (r, g, b, a);
    }

    /// <summary>RGBA, 8 bits, no filter: the smallest correct PNG writer.</summary>
    private static byte[] Png(int w, int h, byte[] rgba)
    {
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            for (var y = 0; y < h; y++)
            {
                z.WriteByte(0);
                z.Write(rgba, y * w * 4, w * 4);
            }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, w);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), h);
        header[8] = 8;
        header[9] = 6;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(n, data.Length);
        s.Write(n);
        var t = Encoding.ASCII.GetBytes(type);
        s.Write(t);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(n, Crc(t, data));
        s.Write(n);
    }

    private static uint Crc(byte[] type, byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in type.Concat(data))
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}
