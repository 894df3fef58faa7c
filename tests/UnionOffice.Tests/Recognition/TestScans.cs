using System.Collections.Concurrent;
using UnionOffice.OcrAccuracy.Corpus;

namespace UnionOffice.Tests.Recognition;

/// <summary>A typeset document, its PDF (with its text layer) and a simulated scan of its first page.</summary>
public sealed record TestScan(CorpusDocument Truth, byte[] Pdf, byte[] Scan, string ScanContentType, ScanSettings Settings);

/// <summary>
/// Documents of the bench's generator (bench/UnionOffice.OcrAccuracy), made once per test run: the tests read the
/// same kind of documents the accuracy was measured on. Deterministic: a seed gives the same documents and scans.
/// </summary>
public static class TestScans
{
    public const int Seed = 31;
    private static readonly ConcurrentDictionary<(int Count, bool Png), Lazy<Task<IReadOnlyList<TestScan>>>> Made = new();

    /// <summary>The first <paramref name="count"/> documents of the seed; <paramref name="png"/> makes every scan a PNG, otherwise some are PDFs as a scanner writes them.</summary>
    public static Task<IReadOnlyList<TestScan>> GetAsync(int count, bool png = false) =>
        Made.GetOrAdd((count, png), k => new Lazy<Task<IReadOnlyList<TestScan>>>(() => MakeAsync(k.Count, k.Png))).Value;

    private static async Task<IReadOnlyList<TestScan>> MakeAsync(int count, bool png)
    {
        var dir = Directory.CreateTempSubdirectory("uo-test-scans-");
        try
        {
            var scanner = new ScanSimulator(Seed);
            var made = new List<TestScan>();
            foreach (var doc in new CorpusGenerator(Seed).Generate(count))
            {
                var pdf = DocumentComposer.Compose(doc);
                var pdfPath = Path.Combine(dir.FullName, $"doc-{doc.Index}.pdf");
                await File.WriteAllBytesAsync(pdfPath, pdf);
                var settings = scanner.Draw();
                if (png) settings = settings with { AsPdf = false };
                var (scanPath, type) = await ScanSimulator.ScanFirstPageAsync(pdfPath, Path.Combine(dir.FullName, $"scan-{doc.Index}"), settings, CancellationToken.None);
                made.Add(new TestScan(doc, pdf, await File.ReadAllBytesAsync(scanPath), type, settings));
            }
            return made;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
