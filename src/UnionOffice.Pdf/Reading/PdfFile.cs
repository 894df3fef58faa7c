using System.IO.Compression;
using System.Text;

namespace UnionOffice.Pdf.Reading;

/// <summary>
/// An existing PDF file, read for what incremental updates need (ISO 32000-1 §7.5): the cross-reference sections
/// (classic tables and cross-reference streams, with /Prev chains and hybrid /XRefStm), objects in the file body and
/// in object streams, the trailer and the page tree. Encrypted files are refused.
/// </summary>
public sealed class PdfFile
{
    private const int MaxObjects = 5_000_000;
    private readonly Dictionary<int, (int Type, long Field2, int Field3)> _xref = [];
    private readonly Dictionary<int, PdfObject> _cache = [];
    private readonly Dictionary<int, List<(int Number, int Offset)>> _objectStreams = [];
    /// <summary>
    /// Streams are inflated into memory (and object streams kept): each at most <see cref="MaxDecodedStream"/>, all of a
    /// file together at most <see cref="MaxDecodedTotal"/>, so a small file of compressed zeros cannot take the server's
    /// memory. Real files are far below: a 50 MB PDF's cross-reference and object streams hold a few MB.
    /// </summary>
    public const int MaxDecodedStream = 16 * 1024 * 1024, MaxDecodedTotal = 48 * 1024 * 1024;
    private long _decoded;

    private PdfFile(byte[] data)
    {
        Data = data;
        if (data.Length < 20 || data.AsSpan(0, Math.Min(1024, data.Length)).IndexOf("%PDF-"u8) < 0)
            throw new PdfFormatException("Tệp không phải PDF (thiếu phần đầu %PDF-).");
        StartXref = FindStartXref();
        var seen = new HashSet<long>();
        long? offset = StartXref;
        while (offset is { } at)
        {
            if (!seen.Add(at) || seen.Count > 1000) throw new PdfFormatException("Bảng tham chiếu chéo của PDF tạo vòng lặp.");
            var section = ReadXrefSection(at);
            Trailer ??= section;
            if (section["XRefStm"] is PdfNumber stm) ReadXrefSection(stm.Integer);
            offset = section["Prev"] is PdfNumber prev ? prev.Integer : null;
        }
        if (Trailer!["Encrypt"] is not null) throw new PdfFormatException("Tệp PDF được mã hóa; không thể xử lý.");
        if (Trailer["Root"] is not PdfRef) throw new PdfFormatException("Tệp PDF không có mục lục (Root).");
    }

    public byte[] Data { get; }
    /// <summary>Offset of the last cross-reference section (the /Prev of the next incremental update).</summary>
    public long StartXref { get; }
    /// <summary>The trailer of the last section (for a cross-reference stream, its dictionary).</summary>
    public PdfDictionary Trailer { get; private set; } = null!;
    /// <summary>Whether the last section is a cross-reference stream (an update should then write one too).</summary>
    public bool UsesXrefStreams { get; private set; }
    public int Size => (int)((PdfNumber)Trailer["Size"]!).Integer;

    public static PdfFile Parse(byte[] data)
    {
        try
        {
            return new PdfFile(data);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or FormatException or OverflowException or InvalidCastException or InvalidDataException or KeyNotFoundException)
        {
            throw new PdfFormatException($"Tệp PDF hỏng: {e.Message}");
        }
    }

    public PdfDictionary Catalog => Resolve(Trailer["Root"]) as PdfDictionary ?? throw new PdfFormatException("Mục lục PDF không hợp lệ.");

    /// <summary>The object, following a reference (objects are cached).</summary>
    public PdfObject? Resolve(PdfObject? o)
    {
        for (var i = 0; o is PdfRef r && i < 32; i++) o = Get(r.Number);
        return o is PdfRef ? null : o;
    }

    public PdfDictionary? Dict(PdfObject? o) => Resolve(o) switch
    {
        PdfDictionary d => d,
        PdfStream s => s.Dictionary,
        _ => null,
    };

    public PdfObject? Get(int number)
    {
        if (_cache.TryGetValue(number, out var cached)) return cached;
        if (!_xref.TryGetValue(number, out var e) || e.Type == 0) return null;
        var obj = e.Type == 1 ? ReadIndirectAt(e.Field2, number) : ReadFromObjectStream((int)e.Field2, e.Field3, number);
        _cache[number] = obj;
        return obj;
    }

    /// <summary>The pages in order: (reference, dictionary with inherited Resources/MediaBox/Rotate resolved into it).</summary>
    public List<(PdfRef Ref, PdfDictionary Page)> Pages()
    {
        var result = new List<(PdfRef, PdfDictionary)>();
        var visited = new HashSet<int>();
        void Walk(PdfObject? node, Dictionary<string, PdfObject> inherited, int depth)
        {
            if (depth > 64 || node is not PdfRef r || !visited.Add(r.Number)) throw new PdfFormatException("Cây trang của PDF không hợp lệ.");
            var d = Dict(r) ?? throw new PdfFormatException("Trang PDF không hợp lệ.");
            var inh = new Dictionary<string, PdfObject>(inherited, StringComparer.Ordinal);
            foreach (var k in new[] { "Resources", "MediaBox", "CropBox", "Rotate" })
                if (d[k] is { } v) inh[k] = v;
            if (d["Type"] is PdfName { Value: "Pages" } || d["Kids"] is not null)
            {
                foreach (var kid in (Resolve(d["Kids"]) as PdfArray)?.Items ?? []) Walk(kid, inh, depth + 1);
                return;
            }
            var page = d.Copy();
            foreach (var (k, v) in inh) page.Entries.TryAdd(k, v);
            result.Add((r, page));
        }
        Walk(Catalog["Pages"], new Dictionary<string, PdfObject>(StringComparer.Ordinal), 0);
        return result;
    }

    /// <summary>The decoded bytes of a stream (FlateDecode with PNG predictors; no filter).</summary>
    public byte[] Decode(PdfStream s)
    {
        var filter = Resolve(s.Dictionary["Filter"]);
        var names = filter switch
        {
            PdfName n => [n.Value],
            PdfArray a => a.Items.Select(i => (Resolve(i) as PdfName)?.Value ?? "").ToList(),
            _ => new List<string>(),
        };
        var parms = Resolve(s.Dictionary["DecodeParms"]);
        var data = s.Raw;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != "FlateDecode") throw new PdfFormatException($"Bộ lọc PDF {names[i]} chưa được hỗ trợ.");
            data = Inflate(data, (int)Math.Min(MaxDecodedStream, MaxDecodedTotal - _decoded));
            _decoded += data.Length;
            var p = parms switch { PdfDictionary d => d, PdfArray a when i < a.Items.Count => Dict(a.Items[i]), _ => null };
            if (p?["Predictor"] is PdfNumber { Integer: >= 10 } ) data = Unpredict(data, (int)((p["Columns"] as PdfNumber)?.Integer ?? 1));
        }
        return data;
    }

    private static byte[] Inflate(byte[] raw, int max)
    {
        using var input = new MemoryStream(raw);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        try
        {
            while ((n = z.Read(buffer)) > 0)
            {
                if (output.Length + n > max)
                    throw new PdfFormatException($"Dữ liệu nén trong tệp PDF giải nén ra quá lớn (giới hạn {MaxDecodedStream / 1024 / 1024} MB mỗi luồng, {MaxDecodedTotal / 1024 / 1024} MB cả tệp): tệp có thể là tệp nén độc hại.");
                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException) when (output.Length > 0)
        {
            // A truncated stream: keep what was decoded, as readers do.
        }
        return output.ToArray();
    }

    private static byte[] Unpredict(byte[] data, int columns)
    {
        var rowLength = columns + 1;
        var rows = data.Length / rowLength;
        var result = new byte[rows * columns];
        var previous = new byte[columns];
        for (var r = 0; r < rows; r++)
        {
            var type = data[r * rowLength];
            var row = data.AsSpan(r * rowLength + 1, columns);
            for (var c = 0; c < columns; c++)
            {
                var left = c > 0 ? result[r * columns + c - 1] : 0;
                var up = previous[c];
                var upLeft = c > 0 ? previous[c - 1] : 0;
                result[r * columns + c] = (byte)(type switch
                {
                    0 => row[c],
                    1 => row[c] + left,
                    2 => row[c] + up,
                    3 => row[c] + (left + up) / 2,
                    4 => row[c] + Paeth(left, up, upLeft),
                    _ => throw new PdfFormatException("Bộ dự đoán PNG không hợp lệ trong PDF."),
                });
            }
            result.AsSpan(r * columns, columns).CopyTo(previous);
        }
        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private long FindStartXref()
    {
        var tail = Math.Max(0, Data.Length - 2048);
        var at = Data.AsSpan(tail).LastIndexOf("startxref"u8);
        if (at < 0) throw new PdfFormatException("Tệp PDF không có startxref (bị cắt cụt?).");
        var lexer = new PdfLexer(Data, tail + at + 9);
        var token = lexer.Token();
        if (!long.TryParse(token, out var offset) || offset < 0 || offset >= Data.Length) throw new PdfFormatException("Vị trí bảng tham chiếu chéo (startxref) không hợp lệ.");
        return offset;
    }

    private PdfDictionary ReadXrefSection(long offset)
    {
        var lexer = new PdfLexer(Data, (int)offset);
        if (lexer.Token(peek: true) == "xref")
        {
            lexer.Token();
            while (true)
            {
                var t = lexer.Token(peek: true);
                if (t == "trailer") { lexer.Token(); break; }
                var first = int.Parse(lexer.Token());
                var count = int.Parse(lexer.Token());
                if (first < 0 || count < 0 || first + (long)count > MaxObjects) throw new PdfFormatException("Bảng tham chiếu chéo PDF không hợp lệ.");
                for (var i = 0; i < count; i++)
                {
                    var off = long.Parse(lexer.Token());
                    var gen = int.Parse(lexer.Token());
                    var kind = lexer.Token();
                    _xref.TryAdd(first + i, kind == "n" ? (1, off, gen) : (0, 0, gen));
                }
            }
            if (lexer.ReadObject() is not PdfDictionary trailer) throw new PdfFormatException("Phần trailer của PDF không hợp lệ.");
            if (Trailer is null) UsesXrefStreams = false;
            return trailer;
        }
        // A cross-reference stream: "n g obj << /Type /XRef … >> stream … endstream".
        var (obj, _) = ReadIndirect(lexer);
        if (obj is not PdfStream { Dictionary: var d } s || d["Type"] is not PdfName { Value: "XRef" })
            throw new PdfFormatException("Không tìm thấy bảng tham chiếu chéo tại vị trí startxref.");
        if (Trailer is null) UsesXrefStreams = true;
        var w = ((PdfArray)d["W"]!).Items.Select(x => (int)((PdfNumber)x).Integer).ToArray();
        if (w.Length != 3 || w.Any(x => x is < 0 or > 8)) throw new PdfFormatException("Luồng tham chiếu chéo PDF có /W không hợp lệ.");
        var size = (int)((PdfNumber)d["Size"]!).Integer;
        var index = d["Index"] is PdfArray idx ? idx.Items.Select(x => (int)((PdfNumber)x).Integer).ToList() : [0, size];
        var bytes = Decode(s);
        var entry = w.Sum();
        var pos = 0;
        for (var p = 0; p + 1 < index.Count; p += 2)
        {
            if (index[p + 1] < 0 || index[p] + (long)index[p + 1] > MaxObjects) throw new PdfFormatException("Luồng tham chiếu chéo PDF không hợp lệ.");
            for (var i = 0; i < index[p + 1] && pos + entry <= bytes.Length; i++, pos += entry)
            {
                long Field(int k, int start) { long v = 0; for (var j = 0; j < w[k]; j++) v = (v << 8) | bytes[pos + start + j]; return v; }
                var type = w[0] == 0 ? 1 : (int)Field(0, 0);
                _xref.TryAdd(index[p] + i, (type, Field(1, w[0]), (int)Field(2, w[0] + w[1])));
            }
        }
        return d;
    }

    private PdfObject ReadIndirectAt(long offset, int expected)
    {
        if (offset < 0 || offset >= Data.Length) throw new PdfFormatException($"Đối tượng PDF {expected} ở vị trí không hợp lệ.");
        var (obj, number) = ReadIndirect(new PdfLexer(Data, (int)offset));
        if (number != expected) throw new PdfFormatException($"Bảng tham chiếu chéo trỏ sai đối tượng ({expected}).");
        return obj;
    }

    private (PdfObject, int) ReadIndirect(PdfLexer lexer)
    {
        var num = lexer.Token();
        var gen = lexer.Token();
        if (!PdfLexer.IsInteger(num) || !PdfLexer.IsInteger(gen) || lexer.Token() != "obj") throw new PdfFormatException("Đối tượng PDF không hợp lệ.");
        var obj = lexer.ReadObject();
        if (obj is PdfDictionary d && lexer.Token(peek: true) == "stream")
        {
            lexer.Token();
            var p = lexer.Position;
            if (p < Data.Length && Data[p] == 13) p++;
            if (p < Data.Length && Data[p] == 10) p++;
            var length = Resolve(d["Length"]) is PdfNumber n ? n.Integer : -1;
            if (length < 0 || p + length > Data.Length)
            {
                // A wrong /Length: find endstream instead, as readers do.
                var end = Data.AsSpan(p).IndexOf("endstream"u8);
                if (end < 0) throw new PdfFormatException("Luồng PDF không kết thúc.");
                length = end;
                while (length > 0 && Data[p + length - 1] is 10 or 13) length--;
            }
            obj = new PdfStream(d, Data.AsSpan(p, (int)length).ToArray());
        }
        return (obj, int.Parse(num));
    }

    private PdfObject ReadFromObjectStream(int stream, int index, int expected)
    {
        if (!_objectStreams.TryGetValue(stream, out var table))
        {
            if (Get(stream) is not PdfStream s || s.Dictionary["Type"] is not PdfName { Value: "ObjStm" }) throw new PdfFormatException("Luồng đối tượng PDF không hợp lệ.");
            var decoded = Decode(s);
            var n = (int)((PdfNumber)s.Dictionary["N"]!).Integer;
            var first = (int)((PdfNumber)s.Dictionary["First"]!).Integer;
            var lexer = new PdfLexer(decoded);
            table = [];
            for (var i = 0; i < n; i++) table.Add((int.Parse(lexer.Token()), first + int.Parse(lexer.Token())));
            _objectStreams[stream] = table;
            _cache[-stream - 1] = new PdfStream(s.Dictionary, decoded); // decoded body kept for the objects below
        }
        if (index < 0 || index >= table.Count || table[index].Number != expected) throw new PdfFormatException($"Đối tượng PDF {expected} không có trong luồng đối tượng.");
        var body = ((PdfStream)_cache[-stream - 1]).Raw;
        return new PdfLexer(body, table[index].Offset).ReadObject();
    }
}
