using System.Buffers.Binary;

namespace UnionOffice.Modules.Recognition;

/// <summary>An image whose pixels would not fit the memory OCR may take, or (<see cref="Unreadable"/>) whose size cannot be read.</summary>
public sealed class ImageTooLargeException(string message, bool unreadable = false) : IOException(message)
{
    public bool Unreadable { get; } = unreadable;
}

/// <summary>
/// The size in pixels an image declares in its header (PNG IHDR, JPEG SOFn, every TIFF page), read before OCR: a
/// 50 KB PNG can declare 60,000 × 60,000 pixels, which tesseract would try to hold as 3.6 GB. An A3 page scanned at
/// 600 dpi is 70 million pixels; <see cref="MaxPixels"/> leaves room for that and no more.
/// </summary>
public static class ImageSize
{
    public const long MaxPixels = 100_000_000;
    private const int MaxTiffPages = 500;

    /// <exception cref="ImageTooLargeException">Larger than <see cref="MaxPixels"/> on any page, or a header that cannot be read.</exception>
    public static void Check(string path, string contentType)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        foreach (var (w, h) in Pages(f, contentType))
        {
            // A size that cannot be read is not passed on to find out: the tool would read the file its own way.
            if (w <= 0 || h <= 0) throw new ImageTooLargeException("Không đọc được kích thước ảnh: tệp ảnh bị hỏng hoặc không đúng định dạng.", unreadable: true);
            if (w * h > MaxPixels)
                throw new ImageTooLargeException(string.Create(Common.Formats.Vi,
                    $"Ảnh quá lớn để nhận dạng chữ ({w:N0} × {h:N0} điểm ảnh; tối đa {MaxPixels / 1_000_000} triệu điểm ảnh). Hãy quét lại ở độ phân giải 300 dpi."));
        }
    }

    private static IEnumerable<(long Width, long Height)> Pages(Stream f, string contentType) => contentType switch
    {
        "image/png" => [Png(f)],
        "image/jpeg" => [Jpeg(f)],
        "image/tiff" => Tiff(f),
        _ => [],
    };

    private static (long, long) Png(Stream f)
    {
        var h = Read(f, 0, 24);
        if (h.Length < 24 || BinaryPrimitives.ReadUInt32BigEndian(h.AsSpan(12)) != 0x49484452) return (0, 0); // "IHDR"
        return (BinaryPrimitives.ReadUInt32BigEndian(h.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(h.AsSpan(20)));
    }

    private static (long, long) Jpeg(Stream f)
    {
        long pos = 2;
        while (pos + 4 <= f.Length) // each step moves on by at least two bytes: bounded by the file's length
        {
            var m = Read(f, pos, 4);
            if (m.Length < 4 || m[0] != 0xFF) return (0, 0);
            var marker = m[1];
            if (marker == 0xFF) { pos++; continue; } // fill byte
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7) { pos += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(m.AsSpan(2));
            // Start of frame (baseline, progressive, lossless …), not DHT (C4), JPG (C8) or DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var sof = Read(f, pos + 4, 5);
                return sof.Length < 5 ? (0, 0) : (BinaryPrimitives.ReadUInt16BigEndian(sof.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(sof.AsSpan(1)));
            }
            if (marker == 0xDA || length < 2) return (0, 0);
            pos += 2 + length;
        }
        return (0, 0);
    }

    private static List<(long, long)> Tiff(Stream f)
    {
        var head = Read(f, 0, 8);
        if (head.Length < 8) return [(0, 0)];
        var little = head[0] == (byte)'I';
        uint U32(byte[] b, int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
        ushort U16(byte[] b, int at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at));
        var pages = new List<(long, long)>();
        var seen = new HashSet<long>();
        long ifd = U32(head, 4);
        while (ifd != 0)
        {
            if (!seen.Add(ifd) || pages.Count >= MaxTiffPages) throw new ImageTooLargeException("Tệp TIFF có quá nhiều trang hoặc bị hỏng.");
            var countBytes = Read(f, ifd, 2);
            if (countBytes.Length < 2) return [.. pages, (0, 0)];
            int count = U16(countBytes, 0);
            var entries = Read(f, ifd + 2, count * 12 + 4);
            if (entries.Length < count * 12 + 4) return [.. pages, (0, 0)];
            long width = 0, height = 0;
            for (var i = 0; i < count; i++)
            {
                var at = i * 12;
                int tag = U16(entries, at), type = U16(entries, at + 2);
                long value = type == 3 ? U16(entries, at + 8) : U32(entries, at + 8);
                // Two sizes for one page: which one a reader takes is its own choice; neither is taken on trust.
                if (tag == 256) width = width == 0 ? value : throw new ImageTooLargeException("Tệp TIFF khai hai chiều rộng cho một trang.", unreadable: true);
                else if (tag == 257) height = height == 0 ? value : throw new ImageTooLargeException("Tệp TIFF khai hai chiều cao cho một trang.", unreadable: true);
            }
            pages.Add((width, height));
            ifd = U32(entries, count * 12);
        }
        return pages;
    }

    private static byte[] Read(Stream f, long at, int count)
    {
        if (at < 0 || at >= f.Length) return [];
        f.Position = at;
        var buffer = new byte[(int)Math.Min(count, f.Length - at)];
        f.ReadExactly(buffer);
        return buffer;
    }
}
