using System.IO.Compression;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Search;

public sealed class SearchOptions
{
    public bool RunExtractionJob { get; set; } = true;
    public TimeSpan ExtractionInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Pages read by OCR from one scanned file (the tools and their time limits are Recognition's).</summary>
    public int MaxOcrPages { get; set; } = 20;
    /// <summary>A search of words within one organ first checks that many of the organ's newest documents per row it
    /// needs (3,060 for a page of 50: about 30 ms on PostgreSQL) before it asks the index (IncomingFinder).</summary>
    public int WalkPerRow { get; set; } = 60;
}

public sealed record ExtractionRun(int Done, int Failed, int Unavailable, int Indexed);

/// <summary>
/// Turns stored files into searchable text, in the background: the PDF text layer (pdftotext), the paragraphs of a
/// DOCX, and — for scans and PDFs without a text layer — OCR. Work is claimed row by row with a conditional update, so
/// several nodes share it without doing anything twice; a claim left by a node that died is taken over after a lease.
/// Each finished file re-indexes the documents it belongs to.
/// </summary>
public sealed class TextExtraction(AppDbContext db, IFileStore store, SearchIndex index, IOptions<SearchOptions> options,
    Recognition.OcrReader ocr, TimeProvider time, ILogger<TextExtraction> log)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    /// <summary>Queues a stored content for extraction unless its text is known or queued (same bytes, same text).</summary>
    /// <returns>Whether it was queued now, in this unit of work: then nobody can have extracted its text before this unit
    /// commits (the job sees the row only then), and the job will index whatever the commit attached it to. Otherwise
    /// the text may already be there, to be indexed by whoever attaches the content (IncomingFiles.IndexKnownTextAsync).</returns>
    public static async Task<bool> EnqueueAsync(AppDbContext db, StoredContent content, DateTimeOffset now, CancellationToken ct)
    {
        if (db.FileTexts.Local.Any(f => f.Sha256 == content.Sha256) || await db.FileTexts.AnyAsync(f => f.Sha256 == content.Sha256, ct)) return false;
        db.FileTexts.Add(new FileText(content.Sha256, content.ContentType, now));
        return true;
    }

    public async Task<ExtractionRun> RunAsync(CancellationToken ct)
    {
        int done = 0, failed = 0, unavailable = 0;
        var stale = time.GetUtcNow() - Lease;
        var candidates = await db.FileTexts.AsNoTracking()
            .Where(f => f.State == TextState.Pending || (f.State == TextState.Working && f.UpdatedAt < stale))
            .OrderBy(f => f.UpdatedAt).Select(f => new { f.Sha256, f.ContentType, f.State }).Take(100).ToListAsync(ct);
        foreach (var c in candidates)
        {
            var now = time.GetUtcNow();
            var claimed = await db.FileTexts
                .Where(f => f.Sha256 == c.Sha256 && (f.State == TextState.Pending || (f.State == TextState.Working && f.UpdatedAt < stale)))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, TextState.Working).SetProperty(f => f.UpdatedAt, now)
                    .SetProperty(f => f.Attempts, f => f.Attempts + 1), ct);
            if (claimed == 0) continue; // another node has it
            var (state, method, text, error) = await ExtractAsync(c.Sha256, c.ContentType, ct);
            var row = await db.FileTexts.FirstAsync(f => f.Sha256 == c.Sha256, ct);
            row.Finish(state, method, text, error, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            switch (state)
            {
                case TextState.Done: done++; break;
                case TextState.Failed: failed++; break;
                default: unavailable++; break;
            }
            if (state == TextState.Done) await index.ReindexFilesOfAsync(c.Sha256, ct);
        }
        var indexed = await index.IndexMissingAsync(ct);
        return new ExtractionRun(done, failed, unavailable, indexed);
    }

    private async Task<(TextState, string?, string?, string?)> ExtractAsync(string sha256, string contentType, CancellationToken ct)
    {
        try
        {
            switch (contentType)
            {
                case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                    {
                        var path = await TempCopyAsync(sha256, ct);
                        try
                        {
                            await using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
                            return (TextState.Done, "docx", Docx(s, FileText.MaxChars, ct), null);
                        }
                        finally { File.Delete(path); }
                    }
                case "application/pdf":
                    {
                        var path = await TempCopyAsync(sha256, ct);
                        try
                        {
                            var layer = await ocr.ReadPdfTextLayerAsync(path, 1, int.MaxValue, ct);
                            if (layer is null) return await OcrAsync(path, contentType, "Chưa cài pdftotext (poppler-utils).", ct);
                            if (layer.Count(char.IsLetter) >= 40) return (TextState.Done, "text-layer", layer, null);
                            return await OcrAsync(path, contentType, null, ct); // a scan saved as PDF: no text layer
                        }
                        finally { File.Delete(path); }
                    }
                default:
                    {
                        var path = await TempCopyAsync(sha256, ct);
                        try { return await OcrAsync(path, contentType, null, ct); }
                        finally { File.Delete(path); }
                    }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or XmlException
            or TimeoutException or Recognition.ExternalToolException)
        {
            log.LogWarning(e, "Text extraction of {Sha256} failed", sha256);
            return (TextState.Failed, null, null, e.Message);
        }
    }

    private async Task<(TextState, string?, string?, string?)> OcrAsync(string path, string contentType, string? why, CancellationToken ct)
    {
        if (!Recognition.OcrReader.SupportedTypes.Contains(contentType)) return (TextState.Unavailable, null, null, $"Không đọc được chữ từ tệp {contentType}.");
        if (!await ocr.IsAvailableAsync(contentType, ct)) return (TextState.Unavailable, null, null, why ?? "Chưa cài công cụ nhận dạng chữ (tesseract-ocr, tesseract-ocr-vie, poppler-utils).");
        var result = await ocr.ReadAsync(path, contentType, Math.Max(1, options.Value.MaxOcrPages), ct);
        return result.Available ? (TextState.Done, "ocr", result.Text, null) : (TextState.Unavailable, null, null, why ?? "Công cụ nhận dạng chữ không sẵn sàng.");
    }

    private const string WordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>
    /// The paragraphs of a DOCX, one per line, at most <paramref name="maxChars"/> characters. The package is proven within
    /// <see cref="PackageLimits.Docx"/> first (a file stored before that check existed may be a bomb), then its main part
    /// is read as a stream of XML nodes — never as a tree in memory — and reading stops at the limit.
    /// </summary>
    internal static string Docx(Stream s, int maxChars, CancellationToken ct = default)
    {
        using var zip = ZipPackage.OpenVerified(s, PackageLimits.Docx, ct);
        var main = zip.GetEntry("word/document.xml");
        if (main is null) return "";
        using var part = main.Open();
        using var xml = XmlReader.Create(part, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
        var text = new StringBuilder();
        var paragraph = false;
        while (text.Length < maxChars && xml.Read())
        {
            if (xml.NamespaceURI != WordNs) continue;
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "p":
                        if (paragraph) text.Append('\n');
                        paragraph = true;
                        break;
                    case "t" when !xml.IsEmptyElement:
                        // The run's text, in bounded chunks (a single w:t may be as long as the part).
                        var chunk = new char[4096];
                        xml.Read();
                        while (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace && text.Length < maxChars)
                        {
                            int n;
                            while (text.Length < maxChars && (n = xml.ReadValueChunk(chunk, 0, Math.Min(chunk.Length, maxChars - text.Length))) > 0) text.Append(chunk, 0, n);
                            xml.Read();
                        }
                        break;
                    case "tab":
                        text.Append(' ');
                        break;
                }
            }
        }
        return text.Length > maxChars ? text.ToString(0, maxChars) : text.ToString();
    }

    private async Task<string> TempCopyAsync(string sha256, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uo-extract-{Guid.NewGuid():N}");
        await using var s = await store.OpenReadAsync(sha256, ct);
        await using var f = File.Create(path);
        await s.CopyToAsync(f, ct);
        return path;
    }

}

public sealed class TextExtractionJob(IServiceScopeFactory scopes, IOptions<SearchOptions> options, TimeProvider time, ILogger<TextExtractionJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExtractionInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var r = await scope.ServiceProvider.GetRequiredService<TextExtraction>().RunAsync(stoppingToken);
                if (r.Done + r.Failed + r.Unavailable + r.Indexed > 0)
                    log.LogInformation("Text extraction: {Done} done, {Failed} failed, {Unavailable} without a tool, {Indexed} documents indexed", r.Done, r.Failed, r.Unavailable, r.Indexed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Text extraction run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
