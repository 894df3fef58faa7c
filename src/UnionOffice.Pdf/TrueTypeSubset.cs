using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Pdf;

/// <summary>
/// Cuts a TrueType font down to the glyphs a PDF uses (and the components of composite glyphs), keeping every glyph
/// id where it was, so the Identity CID-to-glyph map and the widths stay right. A whole Liberation Serif face is about
/// 250 KB compressed; each signature appearance and each filled field would otherwise carry one. Only the tables a
/// PDF renderer needs for a CIDFontType2 are kept (ISO 32000-1 §9.9): the others (cmap, post, layout tables) are dropped.
/// </summary>
internal static class TrueTypeSubset
{
    private static readonly string[] Keep = ["OS/2", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "prep"];

    public static byte[] Create(byte[] font, IEnumerable<ushort> used)
    {
        var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
        int count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var rec = 12 + 16 * i;
            tables[Encoding.ASCII.GetString(font, rec, 4)] = ((int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(rec + 8)), (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(rec + 12)));
        }
        var (headAt, _) = tables["head"];
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(headAt + 50)) == 1;
        int glyphs = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
        var (locaAt, _) = tables["loca"];
        var (glyfAt, _) = tables["glyf"];
        int Loca(int g) => longLoca ? (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(locaAt + 4 * g)) : BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(locaAt + 2 * g)) * 2;

        // The used glyphs, .notdef, and every component of a composite glyph, transitively.
        var keep = new HashSet<int> { 0 };
        var queue = new Queue<int>(used.Select(g => (int)g).Where(g => g < glyphs));
        while (queue.Count > 0)
        {
            var g = queue.Dequeue();
            if (!keep.Add(g) && g != 0) continue;
            int start = Loca(g), end = Loca(g + 1);
            if (end - start < 10 || BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(glyfAt + start)) >= 0) continue;
            var p = glyfAt + start + 10;
            ushort flags;
            do
            {
                flags = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(p));
                int component = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(p + 2));
                if (component < glyphs && !keep.Contains(component)) queue.Enqueue(component);
                p += 4 + ((flags & 0x1) != 0 ? 4 : 2) + ((flags & 0x8) != 0 ? 2 : (flags & 0x40) != 0 ? 4 : (flags & 0x80) != 0 ? 8 : 0);
            }
            while ((flags & 0x20) != 0);
        }

        using var glyf = new MemoryStream();
        var loca = new byte[4 * (glyphs + 1)];
        for (var g = 0; g < glyphs; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * g), (uint)glyf.Length);
            if (!keep.Contains(g)) continue;
            glyf.Write(font, glyfAt + Loca(g), Loca(g + 1) - Loca(g));
            while (glyf.Length % 4 != 0) glyf.WriteByte(0);
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * glyphs), (uint)glyf.Length);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tag in Keep)
            if (tables.TryGetValue(tag, out var t)) output[tag] = font.AsSpan(t.Offset, t.Length).ToArray();
        output["glyf"] = glyf.ToArray();
        output["loca"] = loca;
        var head = output["head"];
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1); // long loca offsets
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0); // checksum adjustment, set below
        var file = Assemble(output);
        var adjustment = 0xB1B0AFBA - Checksum(file);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(TableOffset(file, "head") + 8), adjustment);
        return file;
    }

    /// <summary>A tag for the subset's name (ISO 32000-1 §9.6.4: six capital letters and "+"), from the glyphs it holds.</summary>
    public static string Tag(IEnumerable<ushort> used)
    {
        var hash = SHA256.HashData(used.Order().SelectMany(BitConverter.GetBytes).ToArray());
        return string.Concat(hash.Take(6).Select(b => (char)('A' + b % 26)));
    }

    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var n = tables.Count;
        var log = (int)Math.Floor(Math.Log2(n));
        using var ms = new MemoryStream();
        var header = new byte[12 + 16 * n];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)n);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)(16 << log));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)log);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)(16 * n - (16 << log)));
        var offset = header.Length;
        var i = 0;
        foreach (var (tag, data) in tables)
        {
            var rec = header.AsSpan(12 + 16 * i++);
            Encoding.ASCII.GetBytes(tag).CopyTo(rec);
            BinaryPrimitives.WriteUInt32BigEndian(rec[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(rec[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(rec[12..], (uint)data.Length);
            offset += (data.Length + 3) & ~3;
        }
        ms.Write(header);
        foreach (var data in tables.Values)
        {
            ms.Write(data);
            for (var pad = data.Length; pad % 4 != 0; pad++) ms.WriteByte(0);
        }
        return ms.ToArray();
    }

    private static int TableOffset(byte[] file, string tag)
    {
        int n = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(4));
        for (var i = 0; i < n; i++)
            if (Encoding.ASCII.GetString(file, 12 + 16 * i, 4) == tag) return (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12 + 16 * i + 8));
        throw new InvalidDataException($"No {tag} table.");
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var k = 0; k < 4; k++) word = (word << 8) | (i + k < data.Length ? data[i + k] : 0u);
            sum += word;
        }
        return sum;
    }
}
