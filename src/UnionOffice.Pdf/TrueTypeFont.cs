using System.Buffers.Binary;
using System.Reflection;

namespace UnionOffice.Pdf;

/// <summary>
/// The parts of a TrueType font a PDF needs: character → glyph (cmap formats 4 and 12), advance widths (hmtx), and
/// the metrics of the font descriptor. The font program itself is embedded whole.
/// </summary>
public sealed class TrueTypeFont
{
    private readonly Dictionary<int, ushort> _glyphs = [];
    private readonly ushort[] _advances;

    private TrueTypeFont(string postScriptName, byte[] data)
    {
        PostScriptName = postScriptName;
        Data = data;
        var tables = Tables(data);
        var head = tables["head"];
        UnitsPerEm = U16(data, head + 18);
        BBox = [Scale(I16(data, head + 36)), Scale(I16(data, head + 38)), Scale(I16(data, head + 40)), Scale(I16(data, head + 42))];
        var hhea = tables["hhea"];
        Ascent = Scale(I16(data, hhea + 4));
        Descent = Scale(I16(data, hhea + 6));
        int metrics = U16(data, hhea + 34);
        var maxp = tables["maxp"];
        int glyphCount = U16(data, maxp + 4);
        _advances = new ushort[glyphCount];
        var hmtx = tables["hmtx"];
        for (var g = 0; g < glyphCount; g++)
            _advances[g] = g < metrics ? U16(data, hmtx + 4 * g) : _advances[metrics - 1];
        CapHeight = tables.TryGetValue("OS/2", out var os2) && U16(data, os2) >= 2 ? Scale(I16(data, os2 + 88)) : Ascent * 0.7;
        ItalicAngle = tables.TryGetValue("post", out var post) ? BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(post + 4)) / 65536.0 : 0;
        ReadCmap(data, tables["cmap"]);
    }

    public string PostScriptName { get; }
    public byte[] Data { get; }
    public int UnitsPerEm { get; }
    /// <summary>In thousandths of the font size, as PDF font descriptors want them.</summary>
    public double[] BBox { get; }
    public double Ascent { get; }
    public double Descent { get; }
    public double CapHeight { get; }
    public double ItalicAngle { get; }

    public ushort GlyphOf(int codePoint) => _glyphs.GetValueOrDefault(codePoint);

    public bool Has(int codePoint) => _glyphs.ContainsKey(codePoint);

    /// <summary>Advance width of a glyph in thousandths of the font size.</summary>
    public double Advance(ushort glyph) => Scale(_advances[glyph < _advances.Length ? glyph : 0]);

    public static TrueTypeFont Parse(string postScriptName, byte[] data) => new(postScriptName, data);

    private double Scale(int v) => v * 1000.0 / UnitsPerEm;

    private static Dictionary<string, int> Tables(byte[] d)
    {
        int n = U16(d, 4);
        var t = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var rec = 12 + 16 * i;
            t[System.Text.Encoding.ASCII.GetString(d, rec, 4)] = (int)BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(rec + 8));
        }
        foreach (var required in new[] { "head", "hhea", "hmtx", "maxp", "cmap" })
            if (!t.ContainsKey(required)) throw new InvalidDataException($"TrueType font without a {required} table.");
        return t;
    }

    private void ReadCmap(byte[] d, int cmap)
    {
        int n = U16(d, cmap + 2);
        int best = -1, bestFormat = 0;
        for (var i = 0; i < n; i++)
        {
            var rec = cmap + 4 + 8 * i;
            int platform = U16(d, rec), encoding = U16(d, rec + 2);
            var offset = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(rec + 4));
            int format = U16(d, offset);
            if (platform == 3 && encoding == 10 && format == 12) { best = offset; bestFormat = 12; break; }
            if (platform == 3 && encoding == 1 && format == 4 && bestFormat != 12) { best = offset; bestFormat = 4; }
        }
        if (best < 0) throw new InvalidDataException("TrueType font without a Unicode cmap.");
        if (bestFormat == 12)
        {
            var groups = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(best + 12));
            for (var g = 0; g < groups; g++)
            {
                var p = best + 16 + 12 * g;
                var start = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p));
                var end = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p + 4));
                var glyph = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p + 8));
                for (var c = start; c <= end && c < 0x110000; c++) _glyphs[(int)c] = (ushort)(glyph + c - start);
            }
            return;
        }
        int segments = U16(d, best + 6) / 2;
        var ends = best + 14;
        var starts = ends + 2 * segments + 2;
        var deltas = starts + 2 * segments;
        var ranges = deltas + 2 * segments;
        for (var s = 0; s < segments; s++)
        {
            int end = U16(d, ends + 2 * s), start = U16(d, starts + 2 * s), delta = I16(d, deltas + 2 * s), range = U16(d, ranges + 2 * s);
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (range == 0) glyph = (c + delta) & 0xFFFF;
                else
                {
                    var at = ranges + 2 * s + range + 2 * (c - start);
                    glyph = U16(d, at);
                    if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0) _glyphs[c] = (ushort)glyph;
            }
        }
    }

    private static ushort U16(byte[] d, int at) => BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(at));
    private static short I16(byte[] d, int at) => BinaryPrimitives.ReadInt16BigEndian(d.AsSpan(at));
}

/// <summary>
/// The product's typeface: Liberation Serif (SIL OFL 1.1, metric-compatible with Times New Roman, which Decree 30
/// Phụ lục I prescribes, with the Vietnamese letters), embedded in this assembly so that no machine needs fonts installed.
/// </summary>
public static class StandardFonts
{
    private static readonly Lazy<TrueTypeFont> Regular = new(() => Load("LiberationSerif-Regular"));
    private static readonly Lazy<TrueTypeFont> Bold = new(() => Load("LiberationSerif-Bold"));
    private static readonly Lazy<TrueTypeFont> Italic = new(() => Load("LiberationSerif-Italic"));
    private static readonly Lazy<TrueTypeFont> BoldItalic = new(() => Load("LiberationSerif-BoldItalic"));

    public static TrueTypeFont Serif(bool bold = false, bool italic = false) => (bold, italic) switch
    {
        (true, true) => BoldItalic.Value,
        (true, false) => Bold.Value,
        (false, true) => Italic.Value,
        _ => Regular.Value,
    };

    private static TrueTypeFont Load(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"UnionOffice.Pdf.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"Font {name} is not embedded.");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return TrueTypeFont.Parse(name, ms.ToArray());
    }
}
