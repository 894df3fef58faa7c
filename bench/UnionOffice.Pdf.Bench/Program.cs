using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Signing;

// Signing and verifying a 2 MB PDF (the signing issue's targets: ≤ 10 ms each). Run in Release:
//   dotnet run -c Release --project bench/UnionOffice.Pdf.Bench -- [iterations]
// Prints p50/p95/p99 in milliseconds after a warm-up. The key is a local RSA-2048 key of the test CA, so the numbers
// are the library's own cost (a token or a remote signing service adds its own latency on top).
var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
var now = DateTimeOffset.UtcNow;
using var ca = TestCertificateAuthority.Create(now.AddDays(-1));
using var head = ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
var signer = head.SignatureProvider();

// A 2 MB document: text pages and a scanned page (an incompressible image keeps the size honest).
var composer = new PdfComposer();
for (var p = 0; p < 5; p++)
{
    var page = composer.AddPage();
    for (var l = 0; l < 40; l++) page.Text(60, 60 + l * 18, $"Dòng {l + 1}: Liên đoàn Lao động tỉnh Nghệ An báo cáo kết quả hoạt động công đoàn năm 2026.", StandardFonts.Serif(), 11);
}
var noise = new byte[1200 * 1500];
new Random(7).NextBytes(noise);
composer.AddPage().Image(0, 0, PdfComposer.A4Width, PdfComposer.A4Height, 1200, 1500, noise);
var pdf = composer.ToArray();
Console.WriteLine($"Document: {pdf.Length / 1024.0 / 1024.0:0.00} MB, {composer.Pages.Count} pages; {iterations} iterations after warm-up; {Environment.ProcessorCount} cores");

var options = new PdfSignatureOptions("LanhDao", now, Reason: "Phê duyệt", CertifyPermission: 2);
Task<byte[]> Sign() => PdfSigner.SignAsync(pdf, options, (digest, ct) => CadesSignature.CreateAsync(digest, signer, null, ct));
var signed = await Sign();
var anchors = new[] { ca.RootPublic };

var signTimes = await MeasureAsync(iterations, async () => await Sign());
var verifyTimes = await MeasureAsync(iterations, () =>
{
    var report = PdfSignatureVerifier.Verify(signed, anchors);
    if (!report.AllValid) throw new InvalidOperationException(report.Summary);
    return Task.CompletedTask;
});
// The two halves of a signature whose key is elsewhere (issue 16): what the server does before the token or remote
// service signs (lay out, digest of the signed attributes) and after (read the kept PDF back, check, build the CMS,
// embed). The key's own signature in between is excluded — on a token or a phone it is the person's time.
var key = head.Certificate.GetRSAPrivateKey()!;
var prepareTimes = await MeasureAsync(iterations, () =>
{
    var p = PdfSigner.Prepare(pdf, options);
    _ = CadesSignature.ToBeSigned(p.ContentDigest, head.Certificate);
    return Task.CompletedTask;
});
var kept = PdfSigner.Prepare(pdf, options);
var keptTbs = CadesSignature.ToBeSigned(kept.ContentDigest, head.Certificate);
var raw = key.SignHash(keptTbs.Digest, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
var completeTimes = await MeasureAsync(iterations, async () =>
{
    var restored = PreparedPdfSignature.Restore(kept.Pdf);
    var tbs = CadesSignature.ToBeSigned(restored.ContentDigest, head.Certificate);
    var cms = await CadesSignature.CompleteAsync(tbs, head.Certificate, null, raw, null, default);
    _ = restored.Embed(cms);
});
Print("sign (PAdES B-B, invisible, RSA-2048)", signTimes);
Print("verify (structure, digest, CMS, chain)", verifyTimes);
Print("deferred: prepare (layout + digest)", prepareTimes);
Print("deferred: complete (check + CMS + embed)", completeTimes);

static async Task<List<double>> MeasureAsync(int iterations, Func<Task> action)
{
    for (var i = 0; i < Math.Max(10, iterations / 10); i++) await action();
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

static void Print(string what, List<double> t)
{
    double P(double q) => t[Math.Min(t.Count - 1, (int)Math.Ceiling(q * t.Count) - 1)];
    Console.WriteLine($"{what,-42} p50 {P(0.50),7:0.00} ms   p95 {P(0.95),7:0.00} ms   p99 {P(0.99),7:0.00} ms");
}
