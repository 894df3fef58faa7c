namespace UnionOffice.EdXml.Tests;

/// <summary>
/// A fixed ring buffer between a writing and a reading task, which allocates nothing per transfer (System.IO.Pipelines'
/// pooled segments allocated tens of megabytes over 200 MB, which would hide what the library itself allocates).
/// </summary>
internal sealed class BoundedPipe(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _data = new(0);
    private readonly SemaphoreSlim _space = new(0);
    private int _start;
    private int _count;
    private bool _completed;

    public Stream Writer => new End(this, writing: true);
    public Stream Reader => new End(this, writing: false);

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken ct)
    {
        while (source.Length > 0)
        {
            int n;
            lock (_lock)
            {
                n = Math.Min(source.Length, capacity - _count);
                var tail = (_start + _count) % capacity;
                var first = Math.Min(n, capacity - tail);
                source.Span[..first].CopyTo(_ring.AsSpan(tail));
                source.Span[first..n].CopyTo(_ring);
                _count += n;
            }
            if (n > 0)
            {
                source = source[n..];
                Signal(_data);
            }
            else await _space.WaitAsync(ct);
        }
    }

    private async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken ct)
    {
        while (true)
        {
            int n;
            lock (_lock)
            {
                n = Math.Min(destination.Length, _count);
                var first = Math.Min(n, capacity - _start);
                _ring.AsSpan(_start, first).CopyTo(destination.Span);
                _ring.AsSpan(0, n - first).CopyTo(destination.Span[first..]);
                _start = (_start + n) % capacity;
                _count -= n;
                if (n == 0 && _completed) return 0;
            }
            if (n > 0)
            {
                Signal(_space);
                return n;
            }
            await _data.WaitAsync(ct);
        }
    }

    private void Complete()
    {
        lock (_lock) _completed = true;
        Signal(_data);
    }

    // A waiter re-checks under the lock, so one pending signal is enough.
    private static void Signal(SemaphoreSlim s)
    {
        if (s.CurrentCount == 0) s.Release();
    }

    private sealed class End(BoundedPipe pipe, bool writing) : Stream
    {
        public override bool CanRead => !writing;
        public override bool CanSeek => false;
        public override bool CanWrite => writing;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => pipe.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => pipe.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override void Write(byte[] buffer, int offset, int count) => pipe.WriteAsync(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult();
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => pipe.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => pipe.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => pipe.ReadAsync(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult();
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && writing) pipe.Complete();
            base.Dispose(disposing);
        }
    }
}
