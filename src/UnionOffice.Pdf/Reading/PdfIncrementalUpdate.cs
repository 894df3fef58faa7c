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
        // Sized for the original and the update at once: a 2 MB document is copied once, not regrown and copied again.
        using var ms = new MemoryStream(_file.Data.Length + _objects.Values.Sum(o => o.Length + 32) + 64 * 1024);
        ms.Write(_file.Data);
        if (_file.Data[^1] is not (10 or 13)) ms.WriteByte(10);
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
        return ms.ToArray();
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
