using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// The exchange's files: each message in or out, as the bytes that travel, named by its SHA-256 in the content storage's
/// exchange area (Exchange:SpoolRoot on a disk, or the bucket) and never changed. edXML is neither a document type the
/// file store accepts nor bounded by its size limit, hence a place of its own. Written to a staging file while hashed,
/// then committed.
/// </summary>
public sealed class ExchangeSpool(IContentStorage storage, IOptions<ExchangeOptions> options)
{
    /// <summary>Writes what <paramref name="write"/> produces; returns its length and SHA-256. Beyond the size limit: refused.</summary>
    public async Task<(long Length, string Sha256)> WriteAsync(Func<Stream, Task> write, CancellationToken ct)
    {
        var temp = storage.NewStagingFile(ContentArea.Exchange);
        try
        {
            long length;
            string sha;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await write(new LimitStream(file, options.Value.MaxMessageBytes));
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                length = file.Length;
                file.Position = 0;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
            }
            await storage.CommitAsync(ContentArea.Exchange, sha, temp, ct);
            return (length, sha);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<(long Length, string Sha256)> CopyAsync(Stream content, CancellationToken ct) => WriteAsync(s => content.CopyToAsync(s, ct), ct);

    /// <summary>A message the spool holds (its row names it); absent is a broken installation, said as such.</summary>
    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken ct) =>
        Files.FileStore.IsContentName(sha256) && await storage.OpenReadAsync(ContentArea.Exchange, sha256, ct) is { } s
            ? s
            : throw new FileNotFoundException($"Thông điệp {sha256} không có trong kho ({storage.Describe(ContentArea.Exchange)}).");

    /// <summary>Refuses to grow past a limit, so an endless upload cannot fill the disk.</summary>
    private sealed class LimitStream(Stream inner, long max) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Check(count);
            return inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        private void Check(int count)
        {
            if (inner.Position + count > max) throw new Common.DomainException(ExchangeErrors.TooLarge);
        }

        // The file belongs to the spool, which disposes it; this wrapper holds nothing of its own.
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
