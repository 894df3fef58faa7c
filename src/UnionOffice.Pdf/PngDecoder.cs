using System.Buffers.Binary;
using System.IO.Compression;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf;

/// <summary>
/// Reads PNG files (ISO/IEC 15948) of the kinds signature and seal scans come in — 8-bit gray, gray with alpha, RGB,
/// RGBA, and palette images (1, 2, 4 or 8 bits) with or without tRNS transparency — into a <see cref="RasterImage"/>.
/// Ours rather than a package's because the library takes no third-party code (docs/adr/0004-pdf.md), and bounded
/// because the file comes from a user: sides up to <see cref="RasterImage.MaxPngSide"/>, every chunk's CRC checked, and
/// the inflated data must be exactly the size the header announces. 16-bit and interlaced images are refused with
/// a message saying how to save the image instead: scanners and editors can always write the plain form.
/// </summary>
internal static class PngDecoder
{
    private const int MaxCompressed = 64 * 1024 * 1024;
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] CrcTable = MakeCrcTable();

    public static RasterImage Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature)) throw Bad("tệp không phải ảnh PNG");
        var pos = 8;
        Header? header = null;
        byte[]? palette = null, transparency = null;
        using var idat = new MemoryStream();
        var ended = false;
        while (!ended)
        {
            if (pos + 12 > png.Length) throw Bad("tệp bị cắt cụt");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (length > int.MaxValue || pos + 12 + (long)length > png.Length) throw Bad("tệp bị cắt cụt");
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, (int)length);
            if (Crc(png.AsSpan(pos + 4, 4 + (int)length)) != BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + (int)length)))
                throw Bad($"khối {type} bị hỏng (sai mã kiểm tra CRC)");
            if (header is null && type != "IHDR") throw Bad("thiếu phần đầu IHDR");
            switch (type)
            {
                case "IHDR": header = ReadHeader(data); break;
                case "PLTE":
                    if (length % 3 != 0 || length > 768) throw Bad("bảng màu không hợp lệ");
                    palette = data.ToArray();
                    break;
                case "tRNS": transparency = data.ToArray(); break;
                case "IDAT":
                    if (idat.Length + length > MaxCompressed) throw Bad("dữ liệu ảnh quá lớn");
                    idat.Write(data);
                    break;
                case "IEND": ended = true; break;
                default:
                    // Ancillary chunks (lower-case first letter) are skipped; an unknown critical one cannot be.
                    if (char.IsAsciiLetterUpper(type[0])) throw Bad($"khối {type} không được hỗ trợ");
                    break;
            }
            pos += 12 + (int)length;
        }
        var h = header!.Value;
        if (h.ColorType == 3 && palette is null) throw Bad("ảnh dùng bảng màu nhưng thiếu bảng màu (PLTE)");
        var raw = Unfilter(Inflate(idat.ToArray(), h.RowBytes * (long)h.Height + h.Height), h);
        return Convert(raw, h, palette, transparency);
    }

    private readonly record struct Header(int Width, int Height, int BitDepth, int ColorType)
    {
        public int Channels => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        public int BitsPerPixel => Channels * BitDepth;
        public int RowBytes => (Width * BitsPerPixel + 7) / 8;
        /// <summary>The distance to the byte of the pixel on the left, as the PNG filters define it.</summary>
        public int FilterStep => Math.Max(1, BitsPerPixel / 8);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> d)
    {
        if (d.Length != 13) throw Bad("phần đầu IHDR không hợp lệ");
        var width = BinaryPrimitives.ReadUInt32BigEndian(d);
        var height = BinaryPrimitives.ReadUInt32BigEndian(d[4..]);
        int depth = d[8], color = d[9];
        if (width == 0 || height == 0) throw Bad("kích thước ảnh bằng 0");
        if (width > RasterImage.MaxPngSide || height > RasterImage.MaxPngSide)
            throw new PdfFormatException($"Ảnh PNG quá lớn ({width}×{height} điểm ảnh); tối đa {RasterImage.MaxPngSide}×{RasterImage.MaxPngSide}.");
        if (depth == 16) throw new PdfFormatException("Ảnh PNG 16 bit mỗi kênh màu chưa được hỗ trợ; hãy lưu lại ảnh ở dạng 8 bit.");
        var valid = color switch
        {
            0 or 3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth == 8,
            _ => false,
        };
        if (!valid) throw Bad($"kiểu màu {color} với {depth} bit không hợp lệ");
        if (d[10] != 0 || d[11] != 0) throw Bad("phương pháp nén hoặc lọc không hợp lệ");
        if (d[12] == 1) throw new PdfFormatException("Ảnh PNG xen kẽ (interlaced) chưa được hỗ trợ; hãy lưu lại ảnh ở dạng không xen kẽ.");
        if (d[12] != 0) throw Bad("kiểu xen kẽ không hợp lệ");
        return new Header((int)width, (int)height, depth, color);
    }

    /// <summary>Inflates exactly <paramref name="expected"/> bytes: less or more means a damaged or forged file.</summary>
    private static byte[] Inflate(byte[] compressed, long expected)
    {
        var result = new byte[expected];
        try
        {
            using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var read = 0;
            int n;
            while (read < result.Length && (n = z.Read(result, read, result.Length - read)) > 0) read += n;
            if (read < result.Length) throw Bad("dữ liệu ảnh bị thiếu so với kích thước khai báo");
            if (z.Read(new byte[1], 0, 1) > 0) throw Bad("dữ liệu ảnh dài hơn kích thước khai báo");
        }
        catch (InvalidDataException)
        {
            throw Bad("dữ liệu nén bị hỏng");
        }
        return result;
    }

    /// <summary>Undoes the per-row filters (None, Sub, Up, Average, Paeth) in place; returns the rows without their filter bytes.</summary>
    private static byte[] Unfilter(byte[] data, Header h)
    {
        int stride = h.RowBytes, step = h.FilterStep;
        var rows = new byte[stride * h.Height];
        for (var y = 0; y < h.Height; y++)
        {
            var filter = data[y * (stride + 1)];
            var src = data.AsSpan(y * (stride + 1) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            var up = y > 0 ? rows.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= step ? row[x - step] : 0, b = up[x], c = x >= step ? up[x - step] : 0;
                row[x] = (byte)(filter switch
                {
                    0 => src[x],
                    1 => src[x] + a,
                    2 => src[x] + b,
                    3 => src[x] + (a + b) / 2,
                    4 => src[x] + Paeth(a, b, c),
                    _ => throw Bad($"bộ lọc dòng {filter} không hợp lệ"),
                });
            }
        }
        return rows;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static RasterImage Convert(byte[] rows, Header h, byte[]? palette, byte[]? trns)
    {
        int w = h.Width, count = w * h.Height;
        var components = h.ColorType is 0 or 4 ? 1 : 3;
        var pixels = new byte[count * components];
        var alpha = new byte[count];
        alpha.AsSpan().Fill(255);
        var max = (1 << h.BitDepth) - 1;
        for (var y = 0; y < h.Height; y++)
        {
            var row = rows.AsSpan(y * h.RowBytes, h.RowBytes);
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                switch (h.ColorType)
                {
                    case 0:
                        var g = Sample(row, x, h.BitDepth);
                        pixels[i] = (byte)(g * 255 / max);
                        if (trns is { Length: >= 2 } && BinaryPrimitives.ReadUInt16BigEndian(trns) == g) alpha[i] = 0;
                        break;
                    case 3:
                        var index = Sample(row, x, h.BitDepth);
                        if (index * 3 + 2 >= palette!.Length) throw Bad("chỉ số màu vượt ngoài bảng màu");
                        palette.AsSpan(index * 3, 3).CopyTo(pixels.AsSpan(i * 3));
                        if (trns is not null && index < trns.Length) alpha[i] = trns[index];
                        break;
                    case 4:
                        pixels[i] = row[x * 2];
                        alpha[i] = row[x * 2 + 1];
                        break;
                    case 2:
                        row.Slice(x * 3, 3).CopyTo(pixels.AsSpan(i * 3));
                        if (trns is { Length: >= 6 } && row[x * 3] == trns[1] && row[x * 3 + 1] == trns[3] && row[x * 3 + 2] == trns[5]) alpha[i] = 0;
                        break;
                    default:
                        row.Slice(x * 4, 3).CopyTo(pixels.AsSpan(i * 3));
                        alpha[i] = row[x * 4 + 3];
                        break;
                }
            }
        }
        return new RasterImage(w, h.Height, components, pixels, alpha);
    }

    /// <summary>The x-th sample of a row packed at 1, 2, 4 or 8 bits, most significant bits first.</summary>
    private static int Sample(ReadOnlySpan<byte> row, int x, int bits)
    {
        if (bits == 8) return row[x];
        var bit = x * bits;
        return (row[bit >> 3] >> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static PdfFormatException Bad(string what) => new($"Ảnh PNG không hợp lệ: {what}.");
}
