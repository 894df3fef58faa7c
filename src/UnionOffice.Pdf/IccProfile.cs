using System.Buffers.Binary;
using System.Text;

namespace UnionOffice.Pdf;

/// <summary>
/// A small ICC v2 display profile for sRGB (D50-adapted sRGB primaries, gamma 2.2 curves), written here rather than shipped
/// as a file: what a PDF/A output intent needs to give DeviceRGB a meaning (ISO 19005-2 §6.2.3). About 500 bytes.
/// </summary>
public static class IccProfile
{
    private static readonly Lazy<byte[]> Srgb = new(Build);

    /// <summary>The profile's bytes (a copy each time).</summary>
    public static byte[] SrgbV2() => (byte[])Srgb.Value.Clone();

    public const string Description = "sRGB (UnionOffice)";

    private static byte[] Build()
    {
        var tags = new List<(string Signature, byte[] Data)>
        {
            ("desc", TextDescription(Description)),
            ("cprt", Text("Public domain")),
            ("wtpt", Xyz(0.9642, 1.0, 0.8249)),
            ("rXYZ", Xyz(0.4361, 0.2225, 0.0139)),
            ("gXYZ", Xyz(0.3851, 0.7169, 0.0971)),
            ("bXYZ", Xyz(0.1431, 0.0606, 0.7141)),
        };
        var curve = Curve(2.2);
        // The three curves are one tag's data, pointed at three times.
        var offsets = new List<(string Signature, int Offset, int Size)>();
        var body = new MemoryStream();
        var tableSize = 4 + 12 * (tags.Count + 3);
        var start = 128 + tableSize;
        foreach (var (signature, data) in tags)
        {
            offsets.Add((signature, start + (int)body.Length, data.Length));
            Append(body, data);
        }
        var curveOffset = start + (int)body.Length;
        Append(body, curve);
        foreach (var s in new[] { "rTRC", "gTRC", "bTRC" }) offsets.Add((s, curveOffset, curve.Length));

        var size = start + (int)body.Length;
        var profile = new byte[size];
        var span = profile.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 0x02100000); // version 2.1
        Ascii("mntr").CopyTo(span[12..]);
        Ascii("RGB ").CopyTo(span[16..]);
        Ascii("XYZ ").CopyTo(span[20..]);
        // Date and time of creation: fixed, so the profile is the same bytes every time.
        ushort[] date = [2026, 1, 1, 0, 0, 0];
        for (var i = 0; i < date.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(span[(24 + 2 * i)..], date[i]);
        Ascii("acsp").CopyTo(span[36..]);
        // Rendering intent 0 (perceptual), then the PCS illuminant D50.
        WriteS15(span[68..], 0.9642);
        WriteS15(span[72..], 1.0);
        WriteS15(span[76..], 0.8249);
        BinaryPrimitives.WriteUInt32BigEndian(span[128..], (uint)offsets.Count);
        for (var i = 0; i < offsets.Count; i++)
        {
            var at = span[(132 + 12 * i)..];
            Ascii(offsets[i].Signature).CopyTo(at);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], (uint)offsets[i].Offset);
            BinaryPrimitives.WriteUInt32BigEndian(at[8..], (uint)offsets[i].Size);
        }
        body.ToArray().CopyTo(span[start..]);
        return profile;
    }

    private static void Append(MemoryStream body, byte[] data)
    {
        body.Write(data);
        while (body.Length % 4 != 0) body.WriteByte(0); // every tag starts on a 4-byte boundary
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static void WriteS15(Span<byte> at, double v) => BinaryPrimitives.WriteInt32BigEndian(at, (int)Math.Round(v * 65536));

    private static byte[] Xyz(double x, double y, double z)
    {
        var b = new byte[20];
        Ascii("XYZ ").CopyTo(b, 0);
        WriteS15(b.AsSpan(8), x);
        WriteS15(b.AsSpan(12), y);
        WriteS15(b.AsSpan(16), z);
        return b;
    }

    private static byte[] Curve(double gamma)
    {
        var b = new byte[14];
        Ascii("curv").CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(12), (ushort)Math.Round(gamma * 256)); // u8Fixed8
        return b;
    }

    private static byte[] Text(string s)
    {
        var ascii = Ascii(s);
        var b = new byte[8 + ascii.Length + 1];
        Ascii("text").CopyTo(b, 0);
        ascii.CopyTo(b, 8);
        return b;
    }

    /// <summary>textDescriptionType (ICC.1:2001-04 §6.5.17): ASCII, then empty Unicode and ScriptCode parts.</summary>
    private static byte[] TextDescription(string s)
    {
        var ascii = Ascii(s);
        var b = new byte[8 + 4 + ascii.Length + 1 + 4 + 4 + 2 + 1 + 67];
        Ascii("desc").CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), (uint)(ascii.Length + 1));
        ascii.CopyTo(b, 12);
        return b;
    }
}
