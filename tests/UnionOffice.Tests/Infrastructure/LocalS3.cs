using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace UnionOffice.Tests.Infrastructure;

/// <summary>
/// A real S3-speaking server on loopback: s3rver (from npm, tests/peers, installed by test.sh), one per test process,
/// each fixture in a bucket of its own. It signs and checks requests as S3 does (AWS Signature V4, its fixed key pair).
/// </summary>
public sealed partial class LocalS3
{
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER";
    private static readonly Lazy<Task<LocalS3>> Started = new(StartAsync);
    private readonly Process _process;

    private LocalS3(Process process, Uri serviceUrl)
    {
        _process = process;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>The process's server (started on first use, stopped when the test process ends).</summary>
    public static Task<LocalS3> SharedAsync() => Started.Value;

    private static async Task<LocalS3> StartAsync()
    {
        var script = Path.Combine(Cli.CommandTests.RepositoryRoot(), "tests", "peers", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script)) throw new InvalidOperationException($"s3rver is not installed ({script}): run ./test.sh, or npm ci --prefix tests/peers.");
        var data = Directory.CreateTempSubdirectory("uo-s3rver-").FullName;
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "-d", data, "-a", "127.0.0.1", "-p", "0" }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
                Directory.Delete(data, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException) { }
        };
        _ = process.StandardError.ReadToEndAsync();
        // It says where it listens once it does ("S3rver listening on 127.0.0.1:PORT"); it then logs every request, read and dropped.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                _ = DrainAsync(process.StandardOutput);
                return new LocalS3(process, new Uri($"http://127.0.0.1:{m.Groups[1].Value}/"));
            }
        }
        throw new InvalidOperationException($"s3rver did not start (exit {(process.HasExited ? process.ExitCode : -1)}).");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        var buffer = new char[8192];
        while (await reader.ReadAsync(buffer) > 0) { }
    }

    [GeneratedRegex(@"listening on [0-9.]+:(\d+)")]
    private static partial Regex Listening();

    public AmazonS3Client Client() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>A new, empty bucket; its name.</summary>
    public async Task<string> NewBucketAsync()
    {
        var name = $"uo-{Guid.NewGuid():N}"[..30];
        using var s3 = Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>The settings that put an installation's contents in the bucket.</summary>
    public KeyValuePair<string, string>[] Settings(string bucket, string prefix = "uo/") =>
    [
        new("Storage:Kind", "S3"), new("Storage:S3:ServiceUrl", ServiceUrl.ToString()), new("Storage:S3:Bucket", bucket),
        new("Storage:S3:Prefix", prefix), new("Storage:S3:AccessKey", AccessKey), new("Storage:S3:SecretKey", SecretKey),
    ];

    /// <summary>Every key in the bucket under the prefix.</summary>
    public async Task<List<S3Object>> ListAsync(string bucket, string prefix)
    {
        using var s3 = Client();
        var all = new List<S3Object>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token });
            all.AddRange(page.S3Objects ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return all;
    }

    public async Task<byte[]?> GetAsync(string bucket, string key)
    {
        using var s3 = Client();
        try
        {
            using var o = await s3.GetObjectAsync(bucket, key);
            using var ms = new MemoryStream();
            await o.ResponseStream.CopyToAsync(ms);
            return ms.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
