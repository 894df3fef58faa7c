using System.Diagnostics;
using UnionOffice.EdXml;

namespace UnionOffice.EdXml.Bench;

internal static class Sample
{
    public static EdXmlDocument Document(EdXmlAttachmentInfo attachment) => new()
    {
        From = new EdXmlOrgan("I02", "Tổng Liên đoàn Lao động Việt Nam"),
        To = [new EdXmlOrgan("I02.36", "LĐLĐ tỉnh Nghệ An"), new EdXmlOrgan("000.00.00.H41", "UBND tỉnh Nghệ An")],
        DocumentId = "I02,2026/03/05,123/TLĐ-VP",
        Code = new EdXmlCode("123", "TLĐ-VP"),
        Promulgation = new EdXmlPromulgationInfo("Hà Nội", new DateOnly(2026, 3, 5)),
        DocumentType = new EdXmlDocumentType(1, 0, "Công văn"),
        Subject = "V/v triển khai Tháng Công nhân năm 2026",
        Trace = new EdXmlTraceHeaderList([new EdXmlTraceHeader("I02", new DateTime(2026, 3, 5, 14, 30, 15))], new EdXmlBusiness { DocType = EdXmlBusinessDocType.New }),
        Attachments = [attachment],
    };
}

internal static class Stats
{
    public static async Task<List<double>> MeasureAsync(int iterations, Func<Task> action)
    {
        for (var i = 0; i < Math.Max(5, iterations / 8); i++) await action();
        var times = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    public static void Print(string what, List<double> t, long bytes)
    {
        double P(double q) => t[Math.Min(t.Count - 1, (int)Math.Ceiling(q * t.Count) - 1)];
        double Rate(double ms) => bytes / (1024.0 * 1024.0) / (ms / 1000);
        Console.WriteLine($"{what,-32} p50 {P(0.50),7:0.0} ms ({Rate(P(0.50)),4:0} MB/s)   p95 {P(0.95),7:0.0} ms ({Rate(P(0.95)),4:0} MB/s)");
    }
}

/// <summary>Samples the managed heap and the working set while a run moves bytes (called from the streams every 4 MB).</summary>
internal sealed class MemoryProbe
{
    private long _heapBaseline;
    private long _wsBaseline;
    private long _since;
    public long PeakHeap { get; private set; }
    public long PeakWorkingSet { get; private set; }
    public long Allocated { get; private set; }
    public double Seconds { get; private set; }

    public void Moved(int bytes)
    {
        _since += bytes;
        if (_since < 4 * 1024 * 1024) return;
        _since = 0;
        Sample();
    }

    private void Sample()
    {
        PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: false) - _heapBaseline);
        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet - _wsBaseline);
    }

    public static async Task<MemoryProbe> RunAsync(Func<MemoryProbe, Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var probe = new MemoryProbe { _heapBaseline = GC.GetTotalMemory(false), _wsBaseline = Environment.WorkingSet };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        await run(probe);
        probe.Seconds = sw.Elapsed.TotalSeconds;
        probe.Sample();
        probe.Allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return probe;
    }

    public void Print(string size, string phase, long bytes)
    {
        static string Mb(long b) => $"{b / (1024.0 * 1024.0),7:0.0} MB";
        Console.WriteLine($"{size,-11} {phase,-6} {Mb(Allocated),10} {Mb(PeakHeap),12} {Mb(PeakWorkingSet),10} {bytes / (1024.0 * 1024.0) / Seconds,7:0}");
    }
}

/// <summary>Deterministic bytes made as they are read, reported to the probe.</summary>
internal sealed class GeneratorStream(long length, MemoryProbe probe) : Stream
{
    private ulong _state = 0x9E3779B97F4A7C15;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(buffer[..(n & ~7)]);
        for (var i = 0; i < words.Length; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            words[i] = _state;
        }
        for (var i = n & ~7; i < n; i++) buffer[i] = (byte)i;
        _position += n;
        probe.Moved(n);
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Discards what is written, reporting it to the probe.</summary>
internal sealed class ProbeStream(MemoryProbe probe) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => 0;
    public override long Position { get => 0; set => throw new NotSupportedException(); }
    public override void Write(byte[] buffer, int offset, int count) => probe.Moved(count);
    public override void Write(ReadOnlySpan<byte> buffer) => probe.Moved(buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        probe.Moved(buffer.Length);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
