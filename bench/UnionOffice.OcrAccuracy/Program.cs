using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Recognition;
using UnionOffice.OcrAccuracy;
using UnionOffice.OcrAccuracy.Corpus;

// Field accuracy of "scans read themselves": typeset → scan-simulate → OCR → propose → compare with the truth.
// dotnet run -c Release --project bench/UnionOffice.OcrAccuracy -- --count 60 [--seed 2026] [--keep DIR [--reuse]]
// --keep DIR keeps the PDFs, scans and OCR texts; --reuse then reads the OCR texts kept there instead of running
// tesseract again (the same seed gives the same documents), for working on the proposer.
var count = 60;
var seed = 2026;
string? keep = null;
var reuse = false;
var plainFailures = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--keep": keep = args[++i]; break;
        case "--reuse": reuse = true; break;
        case "--plain-failures": plainFailures = true; break;
        default:
            Console.Error.WriteLine("usage: UnionOffice.OcrAccuracy [--count N] [--seed S] [--keep DIR [--reuse]] [--plain-failures]");
            return 2;
    }
}

var ocr = new OcrReader(Options.Create(new RecognitionOptions { MaxConcurrentRuns = 1 }));
if (!await ocr.IsAvailableAsync())
{
    Console.Error.WriteLine("tesseract (with the 'vie' language data) and pdftoppm are needed: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils");
    return 1;
}
var known = OrganizationSeed.Read().Select(e => new KnownOrgan(e.Code, e.Name)).ToList();
var dir = keep ?? Directory.CreateTempSubdirectory("uo-ocr-bench-").FullName;
Directory.CreateDirectory(dir);
Console.WriteLine($"# OCR field accuracy — {count} documents, seed {seed}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"tesseract: {TesseractVersion()}; files in {dir}{(keep is null ? " (deleted at the end)" : "")}");
Console.WriteLine();

var plain = new Tally(withCode: false);
var withKnown = new Tally(withCode: true);
var seconds = new List<double>();
var generator = new CorpusGenerator(seed);
var scanner = new ScanSimulator(seed);
try
{
    foreach (var doc in generator.Generate(count))
    {
        var settings = scanner.Draw();
        var kept = Path.Combine(dir, $"scan-{doc.Index:000}.txt");
        string text;
        if (reuse && File.Exists(kept))
        {
            text = await File.ReadAllTextAsync(kept);
        }
        else
        {
            var pdf = Path.Combine(dir, $"doc-{doc.Index:000}.pdf");
            await File.WriteAllBytesAsync(pdf, DocumentComposer.Compose(doc));
            var (scan, type) = await ScanSimulator.ScanFirstPageAsync(pdf, Path.Combine(dir, $"scan-{doc.Index:000}"), settings, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            text = (await ocr.ReadAsync(scan, type, 1, CancellationToken.None)).Text;
            seconds.Add(watch.Elapsed.TotalSeconds);
            if (keep is not null) await File.WriteAllTextAsync(kept, text);
        }
        plain.Add(doc, settings, FieldProposer.Propose(text));
        withKnown.Add(doc, settings, FieldProposer.Propose(text, known));
        Console.Error.Write($"\r{doc.Index}/{count}");
    }
    Console.Error.WriteLine();
}
finally
{
    if (keep is null) Directory.Delete(dir, recursive: true);
}

if (seconds.Count > 0)
    Console.WriteLine($"OCR time per page: mean {seconds.Average():0.0} s, max {seconds.Max():0.0} s (one tesseract process, one thread).");
Console.WriteLine();
Console.WriteLine("## Without the organisation tree (the proposer alone)");
Console.WriteLine();
plain.PrintSummary();
Console.WriteLine();
Console.WriteLine("## With the organisation tree of seed 000 (as the endpoint runs it)");
Console.WriteLine();
withKnown.PrintSummary();
Console.WriteLine();
Console.WriteLine("## Failures (with the tree; exact comparison)");
Console.WriteLine();
withKnown.PrintFailures();
if (plainFailures)
{
    Console.WriteLine();
    Console.WriteLine("## Failures (without the tree; exact comparison)");
    Console.WriteLine();
    plain.PrintFailures();
}
return 0;

static string TesseractVersion()
{
    try
    {
        var o = ExternalTool.RunAsync("tesseract", ["--version"], TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        return (o.StandardOutput + o.StandardError).Split('\n')[0].Trim();
    }
    catch (ExternalToolException e)
    {
        return e.Message;
    }
}

namespace UnionOffice.OcrAccuracy
{
    /// <summary>Per-field counts: found, exact (after trimming), normalised (case, diacritics and spacing set aside).</summary>
    internal sealed class Tally(bool withCode)
    {
        private static readonly string[] Fields = ["Số (number)", "Ký hiệu (notation)", "Ngày (date)", "Cơ quan ban hành (issuer)", "Loại (type)", "Trích yếu (subject)", "Mã định danh (issuer code)"];
        private readonly int[] _found = new int[Fields.Length], _exact = new int[Fields.Length], _normalised = new int[Fields.Length], _expected = new int[Fields.Length];
        private readonly List<(int Doc, string Field, string Expected, string Got, string Scan)> _failures = [];
        private int _docs, _numberAndDate;

        public void Add(CorpusDocument d, ScanSettings s, FieldProposal p)
        {
            _docs++;
            string?[] expected = [d.CodeNumber, d.CodeNotation, Formats.Date(d.IssuedOn), d.IssuerName, d.TypeName, d.Subject, d.IssuerCode];
            string?[] got = [p.CodeNumber, p.CodeNotation, p.IssuedOn is null ? null : Formats.Date(p.IssuedOn), p.IssuerName, p.TypeName, p.Subject, p.IssuerCode];
            var ok = new bool[Fields.Length];
            for (var f = 0; f < Fields.Length; f++)
            {
                if (f == 6 && !withCode) continue; // the code comes from the tree only
                if (expected[f] is null && f == 6)
                {
                    // An organ outside the tree: right when nothing is proposed.
                    if (got[f] is null) { _exact[f]++; _normalised[f]++; }
                    else _failures.Add((d.Index, Fields[f], "(none)", got[f]!, s.ToString()));
                    _expected[f]++;
                    continue;
                }
                _expected[f]++;
                if (got[f] is null)
                {
                    _failures.Add((d.Index, Fields[f], expected[f]!, "(not found)", s.ToString()));
                    continue;
                }
                _found[f]++;
                if (got[f]!.Trim() == expected[f]) { _exact[f]++; ok[f] = true; }
                else _failures.Add((d.Index, Fields[f], expected[f]!, got[f]!, s.ToString()));
                if (VietnameseText.Fold(got[f]!) == VietnameseText.Fold(expected[f]!)) _normalised[f]++;
            }
            if (ok[0] && ok[1] && ok[2]) _numberAndDate++;
        }

        public void PrintSummary()
        {
            Console.WriteLine("| Field | Proposed | Exact | Normalised |");
            Console.WriteLine("|---|---:|---:|---:|");
            for (var f = 0; f < Fields.Length; f++)
            {
                if (f == 6 && !withCode) continue;
                Console.WriteLine($"| {Fields[f]} | {Pct(_found[f], _expected[f])} | {Pct(_exact[f], _expected[f])} | {Pct(_normalised[f], _expected[f])} |");
            }
            Console.WriteLine($"| Number, notation and date all exact | | {Pct(_numberAndDate, _docs)} | |");
        }

        public void PrintFailures()
        {
            Console.WriteLine("| Doc | Field | Expected | Proposed | Scan |");
            Console.WriteLine("|---:|---|---|---|---|");
            foreach (var x in _failures.OrderBy(x => x.Field, StringComparer.Ordinal).ThenBy(x => x.Doc))
                Console.WriteLine($"| {x.Doc} | {x.Field} | {Cell(x.Expected)} | {Cell(x.Got)} | {x.Scan} |");
        }

        private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

        private static string Pct(int n, int of) => of == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of:0.0}% ({n}/{of})");
    }
}
