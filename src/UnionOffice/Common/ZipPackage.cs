using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace UnionOffice.Common;

/// <summary>How much a ZIP package from outside (DOCX, XLSX) may hold before it is refused as a decompression bomb.</summary>
/// <param name="MaxEntries">Parts in the package.</param>
/// <param name="MaxEntryBytes">Uncompressed size of any one part.</param>
/// <param name="MaxTotalBytes">Uncompressed size of all parts together.</param>
/// <param name="MaxRatio">Uncompressed ÷ compressed for a part of more than 1 MB (XML compresses 5–30 times; deflate can reach 1,000).</param>
public sealed record PackageLimits(int MaxEntries, long MaxEntryBytes, long MaxTotalBytes, int MaxRatio)
{
    /// <summary>A Word document: its XML parts, images, fonts.</summary>
    public static readonly PackageLimits Docx = new(1000, 64L * 1024 * 1024, 256L * 1024 * 1024, 200);

    /// <summary>An Excel file imported row by row (organisations, accounts).</summary>
    public static readonly PackageLimits Xlsx = new(500, 32L * 1024 * 1024, 96L * 1024 * 1024, 200);
}

/// <summary>A package over its limits, damaged, or lying about itself; the message says which, in Vietnamese.</summary>
/// <param name="Damaged">Not a readable ZIP at all (as opposed to one that is over a limit or lies): the caller may say
/// "not a Word/Excel file" rather than "unsafe".</param>
public sealed class PackageLimitException(string message, bool damaged = false) : IOException(message)
{
    public bool Damaged { get; } = damaged;
}

/// <summary>
/// Checks a ZIP package before anything reads it (review finding 3: a 1.4 MB DOCX holding a 400 MB document.xml took
/// the server to 5 GB). The central directory is read by hand, bounded (entries counted from the end record before one
/// is read), then every part is inflated into nothing — counted, never kept — so what the package says of its sizes is
/// proven: a part larger than the limit, a total over it, an extreme ratio, a size that is not the one declared, an
/// encrypted part, an unknown method, two parts of one name: all refused. Once it passes, readers (System.IO.Compression,
/// the Open XML SDK, LibreOffice) meet nothing larger than the limits.
/// </summary>
public static class ZipPackage
{
    public sealed record Entry(string Name, int Method, long CompressedLength, long Length, long LocalHeaderOffset, int Flags);

    private const uint EndOfDirectory = 0x06054b50, Zip64End = 0x06064b50, Zip64Locator = 0x07064b50, DirectoryHeader = 0x02014b50, LocalHeader = 0x04034b50;

    /// <summary>The answer of a request whose upload fails these checks.</summary>
    public static Error Unsafe(string why) => new("FILE_UNSAFE", $"Tệp nén có cấu trúc bất thường nên không được nhận: {why}", 422);

    /// <summary>The parts the central directory lists, at most <see cref="PackageLimits.MaxEntries"/>; nothing inflated.</summary>
    public static List<Entry> ReadDirectory(Stream zip, PackageLimits limits)
    {
        if (!zip.CanSeek) throw new ArgumentException("The package must be seekable.", nameof(zip));
        var (count, offset, size) = FindDirectory(zip);
        if (count > limits.MaxEntries) throw Limit($"có {N(count)} phần, vượt giới hạn {N(limits.MaxEntries)} phần.");
        if (offset < 0 || size < 0 || offset + size > zip.Length) throw Damaged();
        if (size > 1024L * limits.MaxEntries + 65_536) throw Limit($"danh mục của tệp nén quá lớn ({Size(size)}).");
        zip.Position = offset;
        var directory = ReadExactly(zip, (int)size);
        var entries = new List<Entry>((int)count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            if (pos + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(pos)) != DirectoryHeader) throw Damaged();
            var d = directory.AsSpan(pos);
            int flags = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]), method = BinaryPrimitives.ReadUInt16LittleEndian(d[10..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(d[20..]), length = BinaryPrimitives.ReadUInt32LittleEndian(d[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(d[28..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(d[30..]),
                commentLength = BinaryPrimitives.ReadUInt16LittleEndian(d[32..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(d[42..]);
            if (pos + 46 + nameLength + extraLength + commentLength > directory.Length) throw Damaged();
            var name = Encoding.UTF8.GetString(d.Slice(46, nameLength));
            ReadZip64(d.Slice(46 + nameLength, extraLength), ref length, ref compressed, ref local);
            if ((flags & 1) != 0) throw Limit($"phần {name} được mã hóa.");
            if (method is not (0 or 8)) throw Limit($"phần {name} dùng phương thức nén {method} không được hỗ trợ.");
            if (!names.Add(name)) throw Limit($"có hai phần cùng tên {name}.");
            if (compressed < 0 || length < 0 || local < 0 || local + 30 + compressed > zip.Length) throw Damaged();
            entries.Add(new Entry(name, method, compressed, length, local, flags));
            pos += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /// <summary>
    /// Proves the package within <paramref name="limits"/>: sizes and ratio as declared, then every part inflated and
    /// counted (never more than its declared size plus one byte) against what was declared.
    /// </summary>
    /// <exception cref="PackageLimitException">Over a limit, damaged, or declaring other sizes than it holds.</exception>
    public static List<Entry> Verify(Stream zip, PackageLimits limits, CancellationToken ct = default)
    {
        var entries = ReadDirectory(zip, limits);
        long total = 0;
        foreach (var e in entries)
        {
            if (e.Length > limits.MaxEntryBytes) throw Limit($"phần {e.Name} giải nén ra {Size(e.Length)}, vượt giới hạn {Size(limits.MaxEntryBytes)} mỗi phần.");
            total += e.Length;
            if (total > limits.MaxTotalBytes) throw Limit($"tổng dung lượng giải nén vượt giới hạn {Size(limits.MaxTotalBytes)}.");
            if (e.Length > 1024 * 1024 && e.Length > (long)limits.MaxRatio * Math.Max(1, e.CompressedLength))
                throw Limit($"phần {e.Name} nén với tỉ lệ {N(e.Length / Math.Max(1, e.CompressedLength))}:1, vượt giới hạn {limits.MaxRatio}:1.");
        }
        var scratch = new byte[81920];
        foreach (var e in entries)
        {
            ct.ThrowIfCancellationRequested();
            var actual = Inflated(zip, e, e.Length + 1, scratch);
            if (actual != e.Length) throw Limit($"phần {e.Name} khai báo {N(e.Length)} byte nhưng thực chứa {(actual > e.Length ? "nhiều hơn" : $"{N(actual)} byte")}.");
        }
        zip.Position = 0;
        return entries;
    }

    /// <summary>
    /// The package proven, then opened for reading by System.IO.Compression — which must see the very parts that were
    /// proven (same names, same sizes), or the package is refused: a second guard against a file whose structure reads
    /// one way here and another way there.
    /// </summary>
    public static System.IO.Compression.ZipArchive OpenVerified(Stream zip, PackageLimits limits, CancellationToken ct = default)
    {
        var proven = Verify(zip, limits, ct).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        if (archive.Entries.Count != proven.Count
            || archive.Entries.Any(e => !proven.TryGetValue(e.FullName, out var p) || p.Length != e.Length || p.CompressedLength != e.CompressedLength))
        {
            archive.Dispose();
            throw Limit("cấu trúc tệp nén đọc được theo hai cách khác nhau.");
        }
        return archive;
    }

    /// <summary><see cref="Verify(Stream, PackageLimits, CancellationToken)"/> of a file on disk.</summary>
    public static List<Entry> Verify(string path, PackageLimits limits, CancellationToken ct = default)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        return Verify(f, limits, ct);
    }

    /// <summary>Bytes the part inflates to, counted up to <paramref name="cap"/> (then it stops).</summary>
    private static long Inflated(Stream zip, Entry e, long cap, byte[] scratch)
    {
        zip.Position = e.LocalHeaderOffset;
        var header = ReadExactly(zip, 30);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader) throw Damaged();
        var start = e.LocalHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        if (start + e.CompressedLength > zip.Length) throw Damaged();
        if (e.Method == 0) return e.CompressedLength;
        using var inflate = new DeflateStream(new Window(zip, start, e.CompressedLength), CompressionMode.Decompress);
        long n = 0;
        try
        {
            int read;
            while (n < cap && (read = inflate.Read(scratch, 0, (int)Math.Min(scratch.Length, cap - n))) > 0) n += read;
        }
        catch (InvalidDataException)
        {
            throw Damaged();
        }
        return n;
    }

    /// <summary>
    /// The central directory as the end record (and its zip64 form) names it. Both forms must agree — every 32-bit field
    /// saturated or equal to its 64-bit one — and the archive must be on one disk: a package whose two end records point
    /// at two directories would be checked by one and read by another (System.IO.Compression chooses by other fields).
    /// </summary>
    private static (long Count, long Offset, long Size) FindDirectory(Stream zip)
    {
        var tail = (int)Math.Min(zip.Length, 22 + 65535);
        zip.Position = zip.Length - tail;
        var end = ReadExactly(zip, tail);
        for (var i = tail - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(i)) != EndOfDirectory) continue;
            long disk = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(i + 4));
            long directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(i + 6));
            long onDisk = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(i + 8));
            long count = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(i + 10));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(i + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(i + 16));
            if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(i - 20)) == Zip64Locator)
            {
                var at = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(i - 12)), long.MaxValue);
                if (at < 0 || at + 56 > zip.Length) throw Damaged();
                zip.Position = at;
                var z = ReadExactly(zip, 56);
                if (BinaryPrimitives.ReadUInt32LittleEndian(z) != Zip64End) throw Damaged();
                long U64(int o) => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(z.AsSpan(o)), long.MaxValue);
                long disk64 = BinaryPrimitives.ReadUInt32LittleEndian(z.AsSpan(16)), directoryDisk64 = BinaryPrimitives.ReadUInt32LittleEndian(z.AsSpan(20));
                long onDisk64 = U64(24), count64 = U64(32), size64 = U64(40), offset64 = U64(48);
                static bool Agrees(long narrow, long saturated, long wide) => narrow == saturated || narrow == wide;
                if (!Agrees(disk, 0xFFFF, disk64) || !Agrees(directoryDisk, 0xFFFF, directoryDisk64) || !Agrees(onDisk, 0xFFFF, onDisk64)
                    || !Agrees(count, 0xFFFF, count64) || !Agrees(size, 0xFFFFFFFF, size64) || !Agrees(offset, 0xFFFFFFFF, offset64))
                    throw Limit("hai bản ghi cuối (ZIP và ZIP64) chỉ đến hai danh mục khác nhau.");
                (disk, directoryDisk, onDisk, count, size, offset) = (disk64, directoryDisk64, onDisk64, count64, size64, offset64);
            }
            else if (disk == 0xFFFF || directoryDisk == 0xFFFF || onDisk == 0xFFFF || count == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
                throw Damaged(); // names a ZIP64 record it does not have
            if (disk != 0 || directoryDisk != 0 || onDisk != count) throw Limit("tệp nén chia nhiều phần (nhiều đĩa) không được hỗ trợ.");
            return (count, offset, size);
        }
        throw Damaged();
    }

    private static void ReadZip64(ReadOnlySpan<byte> extra, ref long length, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra), size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length) throw Damaged();
            if (id == 1)
            {
                var z = extra.Slice(4, size);
                long Next(ref ReadOnlySpan<byte> s)
                {
                    if (s.Length < 8) throw Damaged();
                    var v = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(s), long.MaxValue);
                    s = s[8..];
                    return v;
                }
                if (length == 0xFFFFFFFF) length = Next(ref z);
                if (compressed == 0xFFFFFFFF) compressed = Next(ref z);
                if (local == 0xFFFFFFFF) local = Next(ref z);
            }
            extra = extra[(4 + size)..];
        }
    }

    private static byte[] ReadExactly(Stream s, int count)
    {
        var buffer = new byte[count];
        try
        {
            s.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Damaged();
        }
        return buffer;
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{N(bytes / 1024 / 1024)} MB" : $"{N(Math.Max(1, bytes / 1024))} KB";

    /// <summary>A number as Vietnamese write it: 4.096, 1.000.</summary>
    private static string N(long v) => v.ToString("N0", Formats.Vi);

    private static PackageLimitException Limit(string why) => new(why);

    private static PackageLimitException Damaged() => new("tệp nén bị hỏng hoặc không đúng định dạng ZIP.", damaged: true);

    /// <summary>A read-only view of <paramref name="length"/> bytes of a seekable stream from <paramref name="start"/>.</summary>
    private sealed class Window(Stream inner, long start, long length) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var left = length - _position;
            if (left <= 0) return 0;
            inner.Position = start + _position;
            var n = inner.Read(buffer, offset, (int)Math.Min(count, left));
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
