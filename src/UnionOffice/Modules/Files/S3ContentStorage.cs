using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Files;

/// <summary>
/// Contents in an S3-compatible bucket (issue 21 §2): <c>{prefix}files/ab/cd/&lt;sha256&gt;</c> and
/// <c>{prefix}exchange/ab/cd/&lt;sha256&gt;</c>. A content is staged in a local temporary file while hashed, then sent
/// from that file with its SHA-256 for the server to check, unless it is there already. Reads stream the server's answer.
/// Only plain PUT, GET, HEAD, DELETE and LIST are used (no server-side copy: S3-compatible servers differ in how they
/// read its header), so any S3 implementation serves.
/// <para>Age: each object carries <c>uo-touched</c>, when it was stored. Storing the same bytes again when the object is
/// older than half the sweep's grace sends them again (the same bytes under the same name; a versioned bucket keeps a
/// version) so that the sweep, which takes only what is older than the whole grace, cannot take it from under the row
/// about to point at it; a younger one is simply used.</para>
/// <para>S3 has no atomic rename, so removal keeps the content aside (<c>{prefix}trash/{area}/&lt;sha256&gt;</c>) until
/// the next sweep: written there, removed from its place, asked about again (stored again or referenced meanwhile: put
/// back). A reader that finds a content only in the trash puts it back; the next sweep deletes what has been in the trash
/// longer than the grace and is still unreferenced, and puts back what a row points at. So a row committed at any moment
/// of a removal finds its bytes. A bucket with versioning and Object Lock (retention) adds the server's own guarantee.</para>
/// </summary>
public sealed class S3ContentStorage : IContentStorage, IDisposable
{
    private const string Touched = "uo-touched", Trashed = "uo-trashed";
    private readonly AmazonS3Client _s3;
    private readonly S3StorageOptions _o;
    private readonly TimeProvider _time;
    private readonly ILogger<S3ContentStorage> _log;

    private readonly TimeSpan _fresh;

    public S3ContentStorage(IOptions<StorageOptions> options, TimeProvider time, ILogger<S3ContentStorage> log)
    {
        _o = options.Value.S3;
        _fresh = options.Value.SweepGrace / 2;
        if (string.IsNullOrWhiteSpace(_o.Bucket)) throw new InvalidOperationException("Storage:Kind là S3 nhưng chưa đặt Storage:S3:Bucket.");
        _time = time;
        _log = log;
        var config = new AmazonS3Config
        {
            ForcePathStyle = _o.ForcePathStyle,
            // The SHA-256 we computed goes with each upload; no trailing checksums in chunked bodies (not every S3-compatible server reads them).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (_o.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = _o.Region;
        }
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_o.Region);
        _s3 = _o.AccessKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(_o.AccessKey, _o.SecretKey), config)
            : new AmazonS3Client(config);
    }

    private string Folder(ContentArea area) => _o.Prefix + (area == ContentArea.Files ? "files/" : "exchange/");
    private string Key(ContentArea area, string sha) => $"{Folder(area)}{sha[..2]}/{sha[2..4]}/{sha}";
    private string TrashKey(ContentArea area, string sha) => $"{_o.Prefix}trash/{(area == ContentArea.Files ? "files" : "exchange")}/{sha}";

    public string Describe(ContentArea area) => $"s3://{_o.Bucket}/{Folder(area)}";

    public string NewStagingFile(ContentArea area) => Path.Combine(Path.GetTempPath(), $"uo-upload-{Guid.NewGuid():N}");

    public async Task CommitAsync(ContentArea area, string sha256, string stagedFile, CancellationToken ct)
    {
        var key = Key(area, sha256);
        var now = _time.GetUtcNow().UtcDateTime;
        if (await HeadAsync(key, ct) is { } head && TouchedOf(head) > now - _fresh) return;
        await PutFileAsync(key, stagedFile, sha256, now, null, ct);
    }

    private async Task PutFileAsync(string key, string file, string sha256, DateTime touched, DateTime? trashed, CancellationToken ct)
    {
        var put = new PutObjectRequest
        {
            BucketName = _o.Bucket, Key = key, FilePath = file, ContentType = "application/octet-stream",
            ChecksumSHA256 = Convert.ToBase64String(Convert.FromHexString(sha256)),
            UseChunkEncoding = false,
        };
        put.Metadata[Touched] = Stamp(touched);
        if (trashed is { } t) put.Metadata[Trashed] = Stamp(t);
        await _s3.PutObjectAsync(put, ct);
    }

    public async Task<Stream?> OpenReadAsync(ContentArea area, string sha256, CancellationToken ct)
    {
        var key = Key(area, sha256);
        if (await GetAsync(key, ct) is { } found) return found;
        // Kept aside by a sweep, yet someone asks for it: a row points at it — back in its place.
        if (await HeadAsync(TrashKey(area, sha256), ct) is null) return null;
        await PutBackAsync(area, sha256, ct);
        return await GetAsync(key, ct);
    }

    private async Task<Stream?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _o.Bucket, Key = key }, ct);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ContentEntry> ListAsync(ContentArea area, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var folder = Folder(area);
        await foreach (var o in ListKeysAsync(folder, ct))
        {
            var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
            if (!FileStore.IsContentName(name) || o.Key != Key(area, name)) continue;
            // The listing's time is when it was last written or touched; the sweep reads the exact one before it removes anything.
            yield return new ContentEntry(name, o.Size ?? 0, o.LastModified?.ToUniversalTime() ?? DateTime.MinValue);
        }
    }

    private async IAsyncEnumerable<S3Object> ListKeysAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _o.Bucket, Prefix = prefix, ContinuationToken = token, MaxKeys = 1000 }, ct);
            foreach (var o in page.S3Objects ?? []) yield return o;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    public async Task<bool> RemoveAsync(ContentArea area, string sha256, DateTime cutoff, bool immediately, Func<CancellationToken, Task<bool>> referenced, CancellationToken ct)
    {
        var key = Key(area, sha256);
        var trash = TrashKey(area, sha256);
        if (await HeadAsync(key, ct) is not { } head || TouchedOf(head) > cutoff) return false;
        var local = Path.Combine(Path.GetTempPath(), $"uo-upload-{Guid.NewGuid():N}");
        try
        {
            // Aside first (from a local copy), then out of its place; then asked again.
            if (!await DownloadAsync(key, local, ct)) return false;
            await PutFileAsync(trash, local, sha256, TouchedOf(head), _time.GetUtcNow().UtcDateTime, ct);
            if (await HeadAsync(key, ct) is { } again && TouchedOf(again) > cutoff)
            {
                await DeleteAsync(trash, ct); // stored again meanwhile
                return false;
            }
            await DeleteAsync(key, ct);
            if (await referenced(ct))
            {
                await PutBackAsync(area, sha256, ct);
                return false;
            }
            if (immediately) await DeleteAsync(trash, ct);
            return true;
        }
        finally
        {
            if (File.Exists(local)) File.Delete(local);
        }
    }

    /// <summary>From the trash back into its place (unless stored anew meanwhile), made young; the trash copy removed.</summary>
    private async Task PutBackAsync(ContentArea area, string sha256, CancellationToken ct)
    {
        var key = Key(area, sha256);
        var trash = TrashKey(area, sha256);
        if (await HeadAsync(key, ct) is null)
        {
            var local = Path.Combine(Path.GetTempPath(), $"uo-upload-{Guid.NewGuid():N}");
            try
            {
                if (!await DownloadAsync(trash, local, ct)) return; // another reader put it back first
                await PutFileAsync(key, local, sha256, _time.GetUtcNow().UtcDateTime, null, ct);
            }
            finally
            {
                if (File.Exists(local)) File.Delete(local);
            }
        }
        await DeleteAsync(trash, ct);
        _log.LogInformation("Content {Sha256} put back from the trash", sha256);
    }

    private async Task<bool> DownloadAsync(string key, string file, CancellationToken ct)
    {
        await using var source = await GetAsync(key, ct);
        if (source is null) return false;
        await using var target = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await source.CopyToAsync(target, ct);
        return true;
    }

    private Task DeleteAsync(string key, CancellationToken ct) => _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _o.Bucket, Key = key }, ct);

    public async Task<(int Count, long Bytes)> SweepLeftoversAsync(ContentArea area, DateTime cutoff, bool dryRun, Func<string, CancellationToken, Task<bool>> referenced,
        CancellationToken ct)
    {
        var (count, bytes) = (0, 0L);
        var prefix = TrashKey(area, "");
        await foreach (var o in ListKeysAsync(prefix, ct))
        {
            var sha = o.Key[prefix.Length..];
            if (!FileStore.IsContentName(sha) || await HeadAsync(o.Key, ct) is not { } head) continue;
            if (await referenced(sha, ct))
            {
                if (!dryRun) await PutBackAsync(area, sha, ct);
                continue;
            }
            var trashed = head.Metadata[Trashed] is { Length: > 0 } t ? Parse(t) : head.LastModified?.ToUniversalTime() ?? DateTime.MaxValue;
            if (trashed > cutoff) continue;
            if (!dryRun) await DeleteAsync(o.Key, ct);
            count++;
            bytes += o.Size ?? 0;
        }
        return (count, bytes);
    }

    public async Task<bool> ProbeAsync(CancellationToken ct)
    {
        var key = $"{_o.Prefix}.ready/{Guid.NewGuid():N}";
        try
        {
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _o.Bucket, Key = key, ContentBody = "ok", UseChunkEncoding = false }, ct);
            using var back = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _o.Bucket, Key = key }, ct);
            using var reader = new StreamReader(back.ResponseStream);
            var ok = await reader.ReadToEndAsync(ct) == "ok";
            await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _o.Bucket, Key = key }, ct);
            return ok;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            _log.LogWarning(e, "The object store {Bucket} cannot be written", _o.Bucket);
            return false;
        }
    }

    private async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            return await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _o.Bucket, Key = key }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>When the content was last stored or stored again: our own stamp (the server's time where there is none).</summary>
    private static DateTime TouchedOf(GetObjectMetadataResponse head) =>
        head.Metadata[Touched] is { Length: > 0 } t ? Parse(t) : head.LastModified?.ToUniversalTime() ?? DateTime.MaxValue;

    private static string Stamp(DateTime utc) => utc.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime Parse(string s) =>
        DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : DateTime.MaxValue;

    public void Dispose() => _s3.Dispose();

    /// <summary>The server's answer as a read-only stream whose Length is known, disposing the response with it.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            _position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await _inner.ReadAsync(buffer, cancellationToken);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
