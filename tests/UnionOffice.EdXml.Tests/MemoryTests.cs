using System.Security.Cryptography;

namespace UnionOffice.EdXml.Tests;

/// <summary>Runs alone: it measures the process's allocations, which tests running beside it would swell.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public sealed class MemoryCollection;

[Collection(nameof(MemoryCollection))]
public class MemoryTests
{
    private const long Size = 200L * 1024 * 1024;
    private const long Budget = 16L * 1024 * 1024; // measured: about 4 MB allocated, 2 MB of heap growth

    [Fact]
    public async Task WriteThenRead_200MbAttachment_NeverHoldsTheAttachment()
    {
        // The writer streams a generated 200 MB attachment into a pipe; the reader streams it out of the pipe into a
        // sink that hashes and discards. Neither side may hold the attachment (or its 267 MB of base64).
        var expected = await SHA256.HashDataAsync(new GeneratorStream(Size));
        var document = Messages.Document(new EdXmlAttachmentInfo("cid:big", "ban-quet.pdf", "application/pdf"));
        var pipe = new BoundedPipe(1024 * 1024);
        var sink = new MeasuringSink();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sink.Baseline = heapBefore;

        var writing = Task.Run(async () =>
        {
            await using (var output = pipe.Writer)
                await EdXmlWriter.WriteAsync(output, document, (_, _) => ValueTask.FromResult<Stream>(new GeneratorStream(Size)));
        });
        EdXmlReadResult result;
        await using (var input = pipe.Reader)
            result = await EdXmlReader.ReadAsync(input, sink);
        await writing;

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var received = Assert.Single(result.Attachments);
        Assert.Equal(Size, received.Length);
        Assert.Equal(Convert.ToHexStringLower(expected), received.Sha256);
        Assert.Equal(Size, sink.Written);
        Assert.True(allocated < Budget, $"allocated {allocated / 1024 / 1024} MB while moving {Size / 1024 / 1024} MB");
        Assert.True(sink.PeakGrowth < Budget, $"managed heap grew by {sink.PeakGrowth / 1024 / 1024} MB");
    }

    /// <summary>Discards what it is given and watches the managed heap as the bytes arrive.</summary>
    private sealed class MeasuringSink : IEdXmlAttachmentSink
    {
        public long Baseline { get; set; }
        public long PeakGrowth { get; private set; }
        public long Written { get; private set; }

        public ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct) => ValueTask.FromResult<Stream>(new Probe(this));

        private sealed class Probe(MeasuringSink sink) : Stream
        {
            private long _sinceSample;

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => sink.Written;
            public override long Position { get => sink.Written; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                sink.Written += buffer.Length;
                _sinceSample += buffer.Length;
                if (_sinceSample < 4 * 1024 * 1024) return;
                _sinceSample = 0;
                sink.PeakGrowth = Math.Max(sink.PeakGrowth, GC.GetTotalMemory(forceFullCollection: false) - sink.Baseline);
            }

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Write(buffer.Span);
                return ValueTask.CompletedTask;
            }

            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
