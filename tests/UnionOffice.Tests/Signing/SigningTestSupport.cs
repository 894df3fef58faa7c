using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// One test PKI shared by the signing tests (RSA 3072 keys take a moment to make): a root, a person, an organ, a TSA,
/// all counted from the real clock (openssl checks certificates against it), and a second, untrusted CA.
/// </summary>
internal static class TestPki
{
    private static readonly Lazy<Bundle> Shared = new(() => new Bundle(DateTimeOffset.UtcNow));

    public static Bundle Get() => Shared.Value;

    internal sealed class Bundle
    {
        public Bundle(DateTimeOffset now)
        {
            Now = now;
            Ca = TestCertificateAuthority.Create(now);
            Person = Ca.IssuePerson("Nguyễn Văn An", "Liên đoàn Lao động tỉnh Bắc Ninh", email: "nvan@example.test");
            Tsa = Ca.IssueTimestampAuthority(notBefore: now.AddDays(-60));
            Other = TestCertificateAuthority.Create(now, "Một CA lạ – KHÔNG TIN CẬY (test)", TestKeyType.EcdsaP256);
            Stranger = Other.IssuePerson("Trần Thị Bình", "Công ty giả mạo");
        }

        public DateTimeOffset Now { get; }
        public TestCertificateAuthority Ca { get; }
        public IssuedCertificate Person { get; }
        public IssuedCertificate Tsa { get; }
        public TestCertificateAuthority Other { get; }
        public IssuedCertificate Stranger { get; }
        public X509Certificate2[] Anchors => [Ca.RootPublic];
    }
}

internal static class Content
{
    /// <summary>Bytes standing in for a PDF's signed byte ranges.</summary>
    public static byte[] Sample(int length = 10_000, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Flip(byte[] content, int index)
    {
        var copy = (byte[])content.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}

/// <summary>
/// Stands for a remote signing service: the digest is queued, signed later on another task, and the caller's task
/// completes only then. <see cref="Received"/> tells when a digest has arrived; <see cref="Release"/> lets it sign.
/// </summary>
internal sealed class RemoteLikeSigner(X509Certificate2 certificateWithKey) : ISignatureProvider
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public X509Certificate2 Certificate { get; } = X509CertificateLoader.LoadCertificate(certificateWithKey.RawData);
    public IReadOnlyList<X509Certificate2> Chain { get; init; } = [];
    public Task<byte[]> Received => _received.Task;
    public int SignedOnThread { get; private set; }

    public void Release() => _gate.TrySetResult();

    public Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct)
    {
        _received.TrySetResult(sha256Digest);
        return Task.Run(async () =>
        {
            await _gate.Task.WaitAsync(ct);
            await Task.Delay(50, ct); // the network's round trip
            SignedOnThread = Environment.CurrentManagedThreadId;
            using var key = certificateWithKey.GetRSAPrivateKey();
            if (key is not null) return key.SignHash(sha256Digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var ec = certificateWithKey.GetECDsaPrivateKey()!;
            return ec.SignHash(sha256Digest, DSASignatureFormat.Rfc3279DerSequence);
        }, ct);
    }
}

/// <summary>A signer that answers with somebody else's signature.</summary>
internal sealed class WrongKeySigner(X509Certificate2 claimed, ISignatureProvider actual) : ISignatureProvider
{
    public X509Certificate2 Certificate => claimed;
    public IReadOnlyList<X509Certificate2> Chain => [];
    public Task<byte[]> SignDigestAsync(byte[] sha256Digest, CancellationToken ct) => actual.SignDigestAsync(sha256Digest, ct);
}

internal static class OpenSsl
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs openssl in a temp folder holding the given files.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, byte[]> files, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("uo-cms-");
        try
        {
            foreach (var (name, bytes) in files) await File.WriteAllBytesAsync(Path.Combine(dir.FullName, name), bytes);
            var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.FullName };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return new Result(p.ExitCode, await output + await error);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static Task<Result> VerifyAsync(byte[] cms, byte[] content, string caPem) => RunAsync(
        new Dictionary<string, byte[]> { ["sig.der"] = cms, ["content.bin"] = content, ["ca.pem"] = System.Text.Encoding.ASCII.GetBytes(caPem) },
        "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der", "-content", "content.bin", "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null");

    public static Task<Result> PrintAsync(byte[] cms) => RunAsync(
        new Dictionary<string, byte[]> { ["sig.der"] = cms }, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der");
}

/// <summary>
/// Outside oracles over PDFs in a temporary folder: poppler's pdfsig with an NSS database trusting the given test root,
/// and a place to save files for pdftotext, qpdf, pdftoppm.
/// </summary>
internal sealed class PdfOracles(TestCertificateAuthority ca, string dir)
{
    public async Task<string> PdfsigAsync(byte[] pdf)
    {
        var nss = Path.Combine(dir, "nss");
        if (!Directory.Exists(nss))
        {
            Directory.CreateDirectory(nss);
            await Infrastructure.Tools.RunAsync("certutil", "-N", "-d", $"sql:{nss}", "--empty-password");
            var pem = Path.Combine(dir, "root.pem");
            await File.WriteAllTextAsync(pem, ca.RootPem);
            await Infrastructure.Tools.RunAsync("certutil", "-A", "-d", $"sql:{nss}", "-n", "UnionOffice TEST CA", "-t", "CT,C,C", "-a", "-i", pem);
        }
        return await Infrastructure.Tools.RunAsync("pdfsig", "-nssdir", $"sql:{nss}", await SaveAsync(pdf));
    }

    public async Task<string> SaveAsync(byte[] pdf)
    {
        var path = Path.Combine(dir, $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }

    public static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}

/// <summary>The form fields of a signed PDF as our reader sees them, for checking what a signature added or changed.</summary>
internal static class PdfFields
{
    /// <summary>
    /// The AcroForm fields named so (how many; the object number and dictionary of the last) and how many annotations on
    /// all pages are that object or a widget named so; the 1-based page of the last one found.
    /// </summary>
    public static (int Count, int Number, PdfDictionary Dict, int OnPage, int Page) Named(byte[] pdf, string name)
    {
        var file = PdfFile.Parse(pdf);
        static string Name(PdfDictionary d) => d["T"] is PdfString t
            ? t.Bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(t.Bytes, 2, t.Bytes.Length - 2) : Encoding.Latin1.GetString(t.Bytes)
            : "";
        var fields = (file.Resolve(file.Dict(file.Catalog["AcroForm"])?["Fields"]) as PdfArray)?.Items ?? [];
        var named = fields.OfType<PdfRef>().Where(f => file.Dict(f) is { } d && Name(d) == name).ToList();
        Assert.NotEmpty(named);
        var (onPage, page) = (0, 0);
        var pages = file.Pages();
        for (var i = 0; i < pages.Count; i++)
            foreach (var a in (file.Resolve(pages[i].Page["Annots"]) as PdfArray)?.Items ?? [])
                if (a is PdfRef r && (named.Contains(r) || file.Dict(r) is { } d && Name(d) == name))
                    (onPage, page) = (onPage + 1, i + 1);
        return (named.Count, named[^1].Number, file.Dict(named[^1])!, onPage, page);
    }
}
