using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Pdf.Reading;

/// <summary>
/// An incremental update (ISO 32000-1 §7.5.6): new and changed objects appended after the original bytes, which stay
/// untouched, with a new cross-reference section pointing back (/Prev) — a cross-reference stream when the file uses
/// them, a classic table otherwise. This is how a marked copy keeps the original revision intact, and how signatures
/// are added one after another without breaking the earlier ones.
/// </summary>
public sealed class PdfIncrementalUpdate : IObjectSink
{
    private readonly PdfFile _file;
    private readonly SortedDictionary<int, byte[]> _objects = [];
    private int _next;

    public PdfIncrementalUpdate(PdfFile file)
    {
        _file = file;
        _next = file.Size;
    }

    public PdfFile File => _file;

    public int Add(string body)
    {
        var n = _next++;
        _objects[n] = Encoding.ASCII.GetBytes(body);
        return n;
    }

    public int Add(PdfObject obj) => Add(obj.ToString());

    int IObjectSink.Stream(byte[] data, bool compress, string extra) => Stream(data, compress, extra);

    public int Stream(byte[] data, bool compress, string extra = "")
    {
        var n = _next++;
        _objects[n] = PdfComposer.EncodeStream(data, compress, extra);
        return n;
    }

    /// <summary>A new revision of an existing object (same number).</summary>
    public void Replace(PdfRef target, PdfObject obj)
    {
        if (target.Generation != 0) throw new PdfFormatException("Chỉ cập nhật được đối tượng thế hệ 0.");
        _objects[target.Number] = Encoding.ASCII.GetBytes(obj.ToString());
    }

    public byte[] Save()
    {
        // The update is written on its own (offsets counted from the end of the original), then the original and the
        // update are copied once into the result: a 2 MB document costs one large allocation, not a buffer and a copy.
        var separator = _file.Data[^1] is not (10 or 13);
        var start = _file.Data.Length + (separator ? 1 : 0);
        using var ms = new PositionedStream(start, _objects.Values.Sum(o => o.Length + 32) + 4096);
        var offsets = new SortedDictionary<int, long>();
        foreach (var (n, body) in _objects)
        {
            offsets[n] = ms.Position;
            ms.Write(Encoding.ASCII.GetBytes($"{n} 0 obj\n"));
            ms.Write(body);
            ms.Write("\nendobj\n"u8);
        }
        var original = _file.Trailer["ID"] is PdfArray { Items: [PdfString firstId, ..] } ? firstId.Bytes : RandomNumberGenerator.GetBytes(16);
        var id = $"[<{Convert.ToHexString(original)}> <{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}>]";
        var common = new StringBuilder();
        common.Append(CultureInfo.InvariantCulture, $"/Root {_file.Trailer["Root"]} /Prev {_file.StartXref} /ID {id}");
        if (_file.Trailer["Info"] is PdfRef info) common.Append(CultureInfo.InvariantCulture, $" /Info {info}");
        long xrefAt;
        if (_file.UsesXrefStreams)
        {
            var self = _next++;
            xrefAt = ms.Position;
            offsets[self] = xrefAt;
            var rows = new MemoryStream();
            foreach (var (_, off) in offsets)
            {
                rows.WriteByte(1);
                for (var s = 24; s >= 0; s -= 8) rows.WriteByte((byte)(off >> s));
                rows.WriteByte(0);
                rows.WriteByte(0);
            }
            var data = rows.ToArray();
            var index = string.Join(' ', Runs(offsets.Keys).Select(r => $"{r.First} {r.Count}"));
            ms.Write(Encoding.ASCII.GetBytes($"{self} 0 obj\n<< /Type /XRef /Size {_next} /Index [{index}] /W [1 4 2] /Length {data.Length} {common} >>\nstream\n"));
            ms.Write(data);
            ms.Write("\nendstream\nendobj\n"u8);
        }
        else
        {
            xrefAt = ms.Position;
            var sb = new StringBuilder("xref\n");
            foreach (var (first, count) in Runs(offsets.Keys))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{first} {count}\n");
                foreach (var n in Enumerable.Range(first, count)) sb.Append(CultureInfo.InvariantCulture, $"{offsets[n]:0000000000} 00000 n \n");
            }
            sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {_next} {common} >>\n");
            ms.Write(Encoding.ASCII.GetBytes(sb.ToString()));
        }
        ms.Write(Encoding.ASCII.GetBytes($"startxref\n{xrefAt}\n%%EOF\n"));
        var update = ms.Written;
        var result = GC.AllocateUninitializedArray<byte>(start + update.Length);
        _file.Data.CopyTo(result, 0);
        if (separator) result[_file.Data.Length] = 10;
        update.CopyTo(result.AsSpan(start));
        return result;
    }

    private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> numbers)
    {
        int? start = null, last = null;
        foreach (var n in numbers)
        {
            if (start is null) { start = last = n; continue; }
            if (n == last + 1) { last = n; continue; }
            yield return (start.Value, last!.Value - start.Value + 1);
            start = last = n;
        }
        if (start is not null) yield return (start.Value, last!.Value - start.Value + 1);
    }
}

/// <summary>A memory stream whose Position starts at an offset: the update's objects get their offsets in the final file.</summary>
internal sealed class PositionedStream(long origin, int capacity) : IDisposable
{
    private readonly MemoryStream _inner = new(capacity);

    public long Position => origin + _inner.Position;
    public ReadOnlySpan<byte> Written => _inner.GetBuffer().AsSpan(0, (int)_inner.Length);
    public void Write(ReadOnlySpan<byte> bytes) => _inner.Write(bytes);
    public void WriteByte(byte b) => _inner.WriteByte(b);
    public void Dispose() => _inner.Dispose();
}
