using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Pdf;

/// <summary>An RGB colour, components 0–1.</summary>
public readonly record struct PdfColor(double R, double G, double B)
{
    public static readonly PdfColor Black = new(0, 0, 0);
    public static readonly PdfColor Gray = new(0.45, 0.45, 0.45);
    public static readonly PdfColor Light = new(0.92, 0.92, 0.92);
}

/// <summary>
/// Composes a new PDF 1.7 file: pages with text in embedded TrueType fonts (Type0/CIDFontType2, Identity-H, with a
/// ToUnicode map so the text can be searched, copied and extracted), lines and rectangles. Coordinates are points from
/// the top-left corner of the page, as people lay out forms; the composer turns them into PDF's bottom-up space.
/// Enough for registers, forms and marked copies; signing (incremental updates) is a separate concern.
/// </summary>
public sealed class PdfComposer
{
    public const double A4Width = 595.28;
    public const double A4Height = 841.89;

    private readonly List<PdfPage> _pages = [];
    private readonly List<(string Name, RasterImage Image)> _images = [];
    private readonly Dictionary<TrueTypeFont, FontUse> _fonts = [];

    public string? Title { get; set; }
    public string? Author { get; set; }
    public string? Subject { get; set; }
    public string Creator { get; set; } = "UnionOffice";
    /// <summary>The moment written as creation date (the caller's clock; tests pass a fixed one).</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<PdfPage> Pages => _pages;

    public PdfPage AddPage(double width = A4Width, double height = A4Height)
    {
        var page = new PdfPage(this, width, height);
        _pages.Add(page);
        return page;
    }

    /// <summary>Registers an image once per instance: the same seal drawn on several pages is written once.</summary>
    internal string AddImage(RasterImage image)
    {
        foreach (var (existing, im) in _images)
            if (ReferenceEquals(im, image)) return existing;
        var name = $"Im{_images.Count + 1}";
        _images.Add((name, image));
        return name;
    }

    internal FontUse Use(TrueTypeFont font)
    {
        if (!_fonts.TryGetValue(font, out var use)) _fonts[font] = use = new FontUse(font, $"F{_fonts.Count + 1}");
        return use;
    }

    public static double Measure(string text, TrueTypeFont font, double size)
    {
        double w = 0;
        foreach (var r in text.Normalize(NormalizationForm.FormC).EnumerateRunes()) w += font.Advance(font.GlyphOf(r.Value));
        return w * size / 1000;
    }

    /// <summary>Splits text into lines no wider than the width, at spaces (a word longer than the line is cut).</summary>
    public static List<string> Wrap(string text, TrueTypeFont font, double size, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Measure(candidate, font, size) <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (Measure(line, font, size) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut], font, size) > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    public byte[] ToArray()
    {
        using var ms = new MemoryStream();
        Save(ms);
        return ms.ToArray();
    }

    public void Save(Stream output)
    {
        if (_pages.Count == 0) AddPage();
        var w = new ObjectWriter();
        var catalog = w.Reserve();
        var pagesRoot = w.Reserve();
        var fontRefs = new Dictionary<FontUse, int>();
        foreach (var use in _fonts.Values) fontRefs[use] = WriteFont(w, use);
        var fontDict = string.Concat(fontRefs.Select(f => $"/{f.Key.Name} {f.Value} 0 R"));
        var imageDict = string.Concat(_images.Select(i => $"/{i.Name} {i.Image.WriteTo(w)} 0 R"));
        var kids = new List<int>();
        foreach (var page in _pages)
        {
            var content = w.Stream(page.Content(), compress: true);
            var pageId = w.Add($"<< /Type /Page /Parent {pagesRoot} 0 R /MediaBox [0 0 {N(page.Width)} {N(page.Height)}] /Resources << /Font << {fontDict} >>{(imageDict.Length > 0 ? $" /XObject << {imageDict} >>" : "")} >> /Contents {content} 0 R >>");
            kids.Add(pageId);
        }
        w.Set(pagesRoot, $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>");
        // PDF/A-2b (ISO 19005-2): the XMP metadata saying so, agreeing with the document information dictionary, and an
        // sRGB output intent giving the device colours their meaning; fonts are embedded, nothing is encrypted.
        var metadata = w.Stream(Xmp(), compress: false, extra: "/Type /Metadata /Subtype /XML ");
        var profile = w.Stream(IccProfile.SrgbV2(), compress: true, extra: "/N 3 ");
        var intent = w.Add($"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier {Text("sRGB")} /Info {Text(IccProfile.Description)} /DestOutputProfile {profile} 0 R >>");
        w.Set(catalog, $"<< /Type /Catalog /Pages {pagesRoot} 0 R /Metadata {metadata} 0 R /OutputIntents [{intent} 0 R] /Lang {Text("vi-VN")} >>");
        var info = w.Add($"<< /Producer {Text(Producer)} /Creator {Text(Creator)} /CreationDate {Text(PdfDate(CreatedAt))}"
            + (Title is null ? "" : $" /Title {Text(Title)}") + (Author is null ? "" : $" /Author {Text(Author)}")
            + (Subject is null ? "" : $" /Subject {Text(Subject)}") + " >>");
        w.WriteTo(output, catalog, info);
    }

    private const string Producer = "UnionOffice";

    /// <summary>The XMP packet: PDF/A-2b identification and the same title, author, subject, tool and date as the info dictionary.</summary>
    private byte[] Xmp()
    {
        static string X(string s) => System.Security.SecurityElement.Escape(s);
        var date = CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
        sb.Append("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        sb.Append("<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" ");
        sb.Append("xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
        sb.Append("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n<dc:format>application/pdf</dc:format>\n");
        if (Title is not null) sb.Append(CultureInfo.InvariantCulture, $"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(Title)}</rdf:li></rdf:Alt></dc:title>\n");
        if (Author is not null) sb.Append(CultureInfo.InvariantCulture, $"<dc:creator><rdf:Seq><rdf:li>{X(Author)}</rdf:li></rdf:Seq></dc:creator>\n");
        if (Subject is not null) sb.Append(CultureInfo.InvariantCulture, $"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(Subject)}</rdf:li></rdf:Alt></dc:description>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<xmp:CreatorTool>{X(Creator)}</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<pdf:Producer>{Producer}</pdf:Producer>\n");
        sb.Append("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    internal static int WriteFont(IObjectSink w, FontUse use)
    {
        var f = use.Font;
        // Only the glyphs the text uses, under a subset tag: a whole face is about 250 KB per font object.
        var program = TrueTypeSubset.Create(f.Data, use.Glyphs.Keys);
        var name = $"{TrueTypeSubset.Tag(use.Glyphs.Keys)}+{f.PostScriptName}";
        var file = w.Stream(program, compress: true, extra: $"/Length1 {program.Length}");
        var descriptor = w.Add($"<< /Type /FontDescriptor /FontName /{name} /Flags {(f.ItalicAngle != 0 ? 34 + 64 : 34)} " +
            $"/FontBBox [{string.Join(" ", f.BBox.Select(N))}] /ItalicAngle {N(f.ItalicAngle)} /Ascent {N(f.Ascent)} /Descent {N(f.Descent)} " +
            $"/CapHeight {N(f.CapHeight)} /StemV 80 /FontFile2 {file} 0 R >>");
        var glyphs = use.Glyphs.Keys.Order().ToList();
        var widths = new StringBuilder();
        foreach (var g in glyphs) widths.Append(CultureInfo.InvariantCulture, $"{g} [{N(f.Advance(g))}] ");
        var cid = w.Add($"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> " +
            $"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>");
        var toUnicode = w.Stream(Encoding.ASCII.GetBytes(ToUnicodeMap(use)), compress: true);
        return w.Add($"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H /DescendantFonts [{cid} 0 R] /ToUnicode {toUnicode} 0 R >>");
    }

    private static string ToUnicodeMap(FontUse use)
    {
        var sb = new StringBuilder();
        sb.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
        sb.Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in use.Glyphs.OrderBy(g => g.Key).Chunk(100))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (glyph, codePoint) in chunk)
            {
                var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)));
                sb.Append(CultureInfo.InvariantCulture, $"<{glyph:X4}> <{utf16}>\n");
            }
            sb.Append("endbfchar\n");
        }
        sb.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return sb.ToString();
    }

    internal static string N(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A PDF text string: UTF-16BE with a byte-order mark, as hex.</summary>
    internal static string Text(string s) => $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(s))}>";

    internal static string PdfDate(DateTimeOffset t)
    {
        var off = t.Offset;
        return $"D:{t:yyyyMMddHHmmss}{(off < TimeSpan.Zero ? '-' : '+')}{Math.Abs(off.Hours):00}'{Math.Abs(off.Minutes):00}'";
    }

    /// <summary>The body of a stream object: its dictionary (length, Flate filter when compressed, extra entries) and data.</summary>
    internal static byte[] EncodeStream(byte[] data, bool compress, string extra)
    {
        var bytes = data;
        var filter = "";
        if (compress)
        {
            using var ms = new MemoryStream();
            using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
            bytes = ms.ToArray();
            filter = " /Filter /FlateDecode";
        }
        return [.. Encoding.ASCII.GetBytes($"<< /Length {bytes.Length}{filter} {extra}>>\nstream\n"), .. bytes, .. "\nendstream"u8.ToArray()];
    }

    /// <summary>Glyph ids of the text as hex for a Tj operator (Identity-H), recording each glyph for the ToUnicode map.</summary>
    internal static string Encode(FontUse use, string text)
    {
        var hex = new StringBuilder();
        foreach (var r in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var g = use.Font.GlyphOf(r.Value);
            if (g != 0) use.Glyphs.TryAdd(g, r.Value);
            hex.Append(g.ToString("X4", CultureInfo.InvariantCulture));
        }
        return hex.ToString();
    }

    internal sealed class FontUse(TrueTypeFont font, string name)
    {
        public TrueTypeFont Font { get; } = font;
        public string Name { get; } = name;
        /// <summary>Glyphs used, with the character each stands for (for the ToUnicode map).</summary>
        public Dictionary<ushort, int> Glyphs { get; } = [];
    }

    /// <summary>Numbers the objects, writes them with the cross-reference table and the trailer.</summary>
    internal sealed class ObjectWriter : IObjectSink
    {
        private readonly List<byte[]?> _objects = [];

        public int Reserve()
        {
            _objects.Add(null);
            return _objects.Count;
        }

        public void Set(int id, string body) => _objects[id - 1] = Encoding.ASCII.GetBytes(body);

        public int Add(string body)
        {
            _objects.Add(Encoding.ASCII.GetBytes(body));
            return _objects.Count;
        }

        public int Stream(byte[] data, bool compress, string extra = "")
        {
            _objects.Add(EncodeStream(data, compress, extra));
            return _objects.Count;
        }

        public void WriteTo(Stream output, int root, int info)
        {
            var offsets = new long[_objects.Count];
            long pos = 0;
            void Write(ReadOnlySpan<byte> b) { output.Write(b); pos += b.Length; }
            Write(Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n")); // binary comment: transfer tools keep it binary
            for (var i = 0; i < _objects.Count; i++)
            {
                offsets[i] = pos;
                Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
                Write(_objects[i] ?? throw new InvalidOperationException($"Object {i + 1} reserved but never written."));
                Write("\nendobj\n"u8);
            }
            var xref = pos;
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
            foreach (var o in offsets) sb.Append(CultureInfo.InvariantCulture, $"{o:0000000000} 00000 n \n");
            var id = Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(pos).Concat(BitConverter.GetBytes(DateTime.UtcNow.Ticks)).ToArray())[..16]);
            sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_objects.Count + 1} /Root {root} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
            Write(Encoding.ASCII.GetBytes(sb.ToString()));
        }
    }
}

/// <summary>Where objects go: a new file, or the update appended to an existing one.</summary>
internal interface IObjectSink
{
    int Add(string body);
    int Stream(byte[] data, bool compress, string extra = "");
}

/// <summary>One page being drawn. Positions in points from the top-left corner.</summary>
public sealed class PdfPage
{
    private readonly PdfComposer _doc;
    private readonly StringBuilder _content = new();

    internal PdfPage(PdfComposer doc, double width, double height)
    {
        _doc = doc;
        Width = width;
        Height = height;
    }

    public double Width { get; }
    public double Height { get; }

    /// <summary>Writes text with its baseline at <paramref name="baseline"/> (from the top).</summary>
    public void Text(double x, double baseline, string text, TrueTypeFont font, double size, PdfColor? color = null)
    {
        if (string.IsNullOrEmpty(text)) return;
        var use = _doc.Use(font);
        var hex = PdfComposer.Encode(use, text);
        var c = color ?? PdfColor.Black;
        _content.Append(CultureInfo.InvariantCulture,
            $"BT {N(c.R)} {N(c.G)} {N(c.B)} rg /{use.Name} {N(size)} Tf {N(x)} {N(Height - baseline)} Td <{hex}> Tj ET\n");
    }

    /// <summary>Text centred on <paramref name="centerX"/>.</summary>
    public void TextCentered(double centerX, double baseline, string text, TrueTypeFont font, double size, PdfColor? color = null) =>
        Text(centerX - PdfComposer.Measure(text, font, size) / 2, baseline, text, font, size, color);

    public void TextRight(double rightX, double baseline, string text, TrueTypeFont font, double size, PdfColor? color = null) =>
        Text(rightX - PdfComposer.Measure(text, font, size), baseline, text, font, size, color);

    public void Line(double x1, double y1, double x2, double y2, double width = 0.5, PdfColor? color = null)
    {
        var c = color ?? PdfColor.Black;
        _content.Append(CultureInfo.InvariantCulture,
            $"q {N(c.R)} {N(c.G)} {N(c.B)} RG {N(width)} w {N(x1)} {N(Height - y1)} m {N(x2)} {N(Height - y2)} l S Q\n");
    }

    public void Rectangle(double x, double y, double w, double h, PdfColor? fill = null, PdfColor? stroke = null, double lineWidth = 0.5)
    {
        var ops = new StringBuilder("q ");
        if (fill is { } f) ops.Append(CultureInfo.InvariantCulture, $"{N(f.R)} {N(f.G)} {N(f.B)} rg ");
        if (stroke is { } s) ops.Append(CultureInfo.InvariantCulture, $"{N(s.R)} {N(s.G)} {N(s.B)} RG {N(lineWidth)} w ");
        ops.Append(CultureInfo.InvariantCulture, $"{N(x)} {N(Height - y - h)} {N(w)} {N(h)} re ");
        ops.Append(fill is not null && stroke is not null ? "B" : fill is not null ? "f" : "S").Append(" Q\n");
        _content.Append(ops);
    }

    /// <summary>
    /// Draws raw 8-bit pixels (1 component: gray, 3: RGB, rows top to bottom) into the box whose top-left corner is
    /// (<paramref name="x"/>, <paramref name="y"/>) — a scanned page, a signature or a seal.
    /// </summary>
    public void Image(double x, double y, double width, double height, int pixelWidth, int pixelHeight, byte[] pixels, int components = 1) =>
        Image(x, y, width, height, new RasterImage(pixelWidth, pixelHeight, components, pixels));

    /// <summary>
    /// Draws an image into the box whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>), transparent
    /// where its alpha says so (a soft mask), so a signature or seal PNG shows the page beneath its background.
    /// </summary>
    public void Image(double x, double y, double width, double height, RasterImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = _doc.AddImage(image);
        _content.Append(CultureInfo.InvariantCulture, $"q {N(width)} 0 0 {N(height)} {N(x)} {N(Height - y - height)} cm /{name} Do Q\n");
    }

    internal byte[] Content() => Encoding.ASCII.GetBytes(_content.ToString());

    private static string N(double v) => PdfComposer.N(v);
}
