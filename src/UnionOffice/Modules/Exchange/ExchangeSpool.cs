using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// The exchange's files: each message in or out, as the bytes that travel, named by its SHA-256 under Exchange:SpoolRoot
/// and never changed. edXML is neither a document type the file store accepts nor bounded by its size limit, hence a
/// place of its own. Writes go to a temporary file while hashed and are moved into place.
/// </summary>
public sealed class ExchangeSpool(IOptions<ExchangeOptions> options, IWebHostEnvironment env)
{
    private string Root => Path.GetFullPath(options.Value.SpoolRoot, env.ContentRootPath);

    /// <summary>Writes what <paramref name="write"/> produces; returns its length and SHA-256. Beyond the size limit: refused.</summary>
    public async Task<(long Length, string Sha256)> WriteAsync(Func<Stream, Task> write, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".part-{Guid.NewGuid():N}");
        try
        {
            long length;
            string sha;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await write(new LimitStream(file, options.Value.MaxMessageBytes));
                await file.FlushAsync(ct);
                length = file.Length;
                file.Position = 0;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
            }
            var path = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path))
            {
                try { File.Move(temp, path, overwrite: false); }
                catch (IOException) when (File.Exists(path)) { }
            }
            return (length, sha);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<(long Length, string Sha256)> CopyAsync(Stream content, CancellationToken ct) => WriteAsync(s => content.CopyToAsync(s, ct), ct);

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    private string PathOf(string sha) => Files.LocalFileStore.PathIn(Root, sha);

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
