using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using UnionOffice.Common;

namespace UnionOffice.Modules.Files;

public sealed class StorageOptions
{
    /// <summary>Directory of the content-addressed files (relative paths are under the content root).</summary>
    public string Root { get; set; } = "data/files";
    public long MaxFileBytes { get; set; } = 50 * 1024 * 1024;
    /// <summary>What <see cref="StorageSweep"/> leaves alone: anything younger than this (a request in flight).</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromDays(1);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromDays(1);
    public bool RunSweepJob { get; set; } = true;
    /// <summary>Local (folders on the disk, the default) or S3 (an S3-compatible bucket, <see cref="S3"/>).</summary>
    public StorageKind Kind { get; set; } = StorageKind.Local;
    public S3StorageOptions S3 { get; set; } = new();
}

public sealed record StoredContent(string Sha256, long Length, string ContentType);

/// <summary>Where document files live. Content-addressed and write-once: the same bytes are stored once, never changed.</summary>
public interface IFileStore
{
    Task<StoredContent> PutAsync(Stream content, string fileName, CancellationToken ct);
    /// <summary>The content as a stream; <see cref="FileErrors.NotFound"/> when there is none of that name.</summary>
    Task<Stream> OpenReadAsync(string sha256, CancellationToken ct);
}

public static class FileStoreExtensions
{
    /// <summary>The whole content in memory: for what needs the bytes at once (a PDF to sign, verify or mark, an image).</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this IFileStore store, string sha256, CancellationToken ct)
    {
        await using var s = await store.OpenReadAsync(sha256, ct);
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms, ct);
        return ms.ToArray();
    }

    /// <summary>The content's length in bytes.</summary>
    public static async Task<long> LengthOfAsync(this IFileStore store, string sha256, CancellationToken ct)
    {
        await using var s = await store.OpenReadAsync(sha256, ct);
        return s.Length;
    }
}

public static class FileErrors
{
    public static Error TooLarge(long max) => new("FILE_TOO_LARGE",
        $"Tệp quá lớn (tối đa {(max >= 1024 * 1024 ? $"{max / 1024 / 1024} MB" : $"{Math.Max(1, max / 1024)} KB")}).", 413);
    public static readonly Error TypeRefused = new("FILE_TYPE_REFUSED", "Chỉ nhận tệp PDF, DOCX hoặc ảnh quét (PNG, JPEG, TIFF). Nội dung tệp không đúng định dạng cho phép.", 415);
    public static readonly Error Missing = new("FILE_MISSING", "Chưa chọn tệp.");
    public static readonly Error NotFound = new("FILE_NOT_FOUND", "Không tìm thấy tệp.", 404);
    public static Error Unsafe(string why) => ZipPackage.Unsafe(why);
}

/// <summary>
/// The document files, content-addressed in <see cref="IContentStorage"/> (a folder or a bucket): written to a staging
/// file while hashed and checked — size limit, type decided by the content, not the file name — then committed under
/// their SHA-256, once.
/// </summary>
public sealed class FileStore(IContentStorage storage, IOptions<StorageOptions> options) : IFileStore
{
    public async Task<StoredContent> PutAsync(Stream content, string fileName, CancellationToken ct)
    {
        var max = options.Value.MaxFileBytes;
        var temp = storage.NewStagingFile(ContentArea.Files);
        try
        {
            long length = 0;
            var head = new byte[8];
            var headLength = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buffer, ct)) > 0)
                {
                    length += n;
                    if (length > max) throw new DomainException(FileErrors.TooLarge(max));
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(head.Length - headLength, n);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                // On disk before the database commits a row that points at it: a crash after the commit must not leave
                // a registered document whose file was still only in the page cache.
                if (length > 0) file.Flush(flushToDisk: true);
            }
            if (length == 0) throw new DomainException(FileErrors.Missing);
            var type = Sniff(head.AsSpan(0, headLength), temp) ?? throw new DomainException(FileErrors.TypeRefused);
            var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            await storage.CommitAsync(ContentArea.Files, hash, temp, ct);
            return new StoredContent(hash, length, type);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public async Task<Stream> OpenReadAsync(string sha256, CancellationToken ct) =>
        IsContentName(sha256) && await storage.OpenReadAsync(ContentArea.Files, sha256, ct) is { } s
            ? s
            : throw new DomainException(FileErrors.NotFound);

    /// <summary>A stored content's name: its SHA-256, 64 lower-case hex digits (anything else in the store is a leftover).</summary>
    public static bool IsContentName(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    /// <summary>Where a content-addressed store under <paramref name="root"/> keeps a content: ab/cd/&lt;sha256&gt;.</summary>
    public static string PathIn(string root, string sha256) => Path.Combine(root, sha256[..2], sha256[2..4], sha256);

    /// <summary>
    /// PDF, DOCX, PNG, JPEG, TIFF by their first bytes (and, for DOCX, the package's main part). A DOCX is proven within
    /// <see cref="PackageLimits.Docx"/> before it is stored (every part inflated and counted, nothing kept), so that no
    /// reader of a stored file — text extraction, LibreOffice — meets a decompression bomb.
    /// </summary>
    internal static string? Sniff(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 })) return "image/png";
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return "image/jpeg";
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return "image/tiff";
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            try
            {
                using var zip = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
                if (!ZipPackage.ReadDirectory(zip, PackageLimits.Docx).Any(e => e.Name == "word/document.xml")) return null;
                ZipPackage.Verify(zip, PackageLimits.Docx);
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }
            catch (PackageLimitException e) when (e.Damaged)
            {
                return null; // not a Word document: refused as a type, as before
            }
            catch (PackageLimitException e)
            {
                throw new DomainException(FileErrors.Unsafe(e.Message));
            }
        }
        return null;
    }
}
