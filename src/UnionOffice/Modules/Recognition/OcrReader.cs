using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Recognition;

/// <summary>
/// What OCR read. <paramref name="Text"/> holds the pages in order, separated by a form feed ('\f', as tesseract and
/// pdftotext write them); <paramref name="Available"/> is false when the tools are not installed, and then nothing
/// was read (Text empty, Pages 0).
/// </summary>
public sealed record OcrResult(string Text, int Pages, bool Available)
{
    public static readonly OcrResult Unavailable = new("", 0, false);

    /// <summary>The text of the first page.</summary>
    public string FirstPage => Text.Split('\f', 2)[0];
}

/// <summary>
/// Reads scans with Tesseract (Debian packages tesseract-ocr and tesseract-ocr-vie). PDFs are rasterised page by page
/// by pdftoppm (poppler-utils) at 300 dpi in grey into a temporary directory that is always deleted; images (PNG,
/// JPEG, TIFF) go to tesseract as they are. OCR takes a core for seconds per page, so at most
/// Recognition:MaxConcurrentRuns pages are read at once in the process and tesseract is kept to one thread.
/// </summary>
public sealed class OcrReader(IOptions<RecognitionOptions> options)
{
    public const string Pdf = "application/pdf";
    public static readonly IReadOnlySet<string> SupportedTypes = new HashSet<string>(StringComparer.Ordinal)
        { Pdf, "image/png", "image/jpeg", "image/tiff" };

    /// <summary>The largest page rendered, in pixels (A3 at 300 dpi): a bigger page is cut to its top-left part.</summary>
    private const int MaxPagePixelsWide = 3600, MaxPagePixelsHigh = 5100;
    private static readonly TimeSpan AvailabilityCacheFor = TimeSpan.FromMinutes(5);
    private static readonly IReadOnlyDictionary<string, string> ToolEnvironment = new Dictionary<string, string>
    {
        ["OMP_THREAD_LIMIT"] = "1", // tesseract's OpenMP threads only contend with each other on a shared server
    };

    private readonly RecognitionOptions _o = options.Value;
    private readonly SemaphoreSlim _runs = new(Math.Max(1, options.Value.MaxConcurrentRuns));
    private readonly Lock _gate = new();
    private (bool Ocr, bool Pdf, DateTime At)? _availability;

    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, _o.TimeoutSeconds));

    /// <summary>Whether scans can be read here: tesseract with the language data, and pdftoppm for scanned PDFs.</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken ct = default)
    {
        var a = await AvailabilityAsync(ct);
        return a.Ocr && a.Pdf;
    }

    /// <summary>Whether this type of file can be read here now.</summary>
    public async Task<bool> IsAvailableAsync(string contentType, CancellationToken ct = default)
    {
        var a = await AvailabilityAsync(ct);
        return a.Ocr && (contentType != Pdf || a.Pdf);
    }

    /// <summary>The text of the first <paramref name="maxPages"/> pages of a scan (PDF or image), by OCR.</summary>
    /// <exception cref="NotSupportedException">The content type is not one of <see cref="SupportedTypes"/>.</exception>
    /// <exception cref="ExternalToolException">A tool failed: usually the file is damaged or not what its type says.</exception>
    /// <exception cref="ImageTooLargeException">An image declares more pixels than OCR may hold (<see cref="ImageSize.MaxPixels"/>).</exception>
    public async Task<OcrResult> ReadAsync(string filePath, string contentType, int maxPages, CancellationToken ct)
    {
        if (!SupportedTypes.Contains(contentType)) throw new NotSupportedException($"OCR does not read {contentType}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        if (!await IsAvailableAsync(contentType, ct)) return OcrResult.Unavailable;
        using var activity = Hosting.Telemetry.Source.StartActivity("ocr.read");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await ReadAvailableAsync(filePath, contentType, maxPages, ct);
        }
        finally
        {
            Hosting.Telemetry.OcrDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("uo.content_type", contentType));
        }
    }

    private async Task<OcrResult> ReadAvailableAsync(string filePath, string contentType, int maxPages, CancellationToken ct)
    {
        filePath = Path.GetFullPath(filePath); // never "-…", which a tool would take for an option
        if (contentType != Pdf)
        {
            ImageSize.Check(filePath, contentType); // before tesseract holds it in memory
            // A multi-page TIFF is read whole by tesseract; for one page it is told which.
            var extra = contentType == "image/tiff" && maxPages == 1 ? new[] { "-c", "tessedit_page_number=0" } : [];
            var pages = SplitPages(await TesseractAsync(filePath, null, extra, ct)).Take(maxPages).ToList();
            return new OcrResult(string.Join('\f', pages), pages.Count, true);
        }

        var dir = _o.TempRoot is { Length: > 0 } root
            ? Directory.CreateDirectory(Path.Combine(root, $"uo-ocr-{Guid.NewGuid():N}"))
            : Directory.CreateTempSubdirectory("uo-ocr-");
        try
        {
            await ExternalTool.RunAsync(_o.Pdftoppm,
                ["-r", "300", "-gray", "-forcenum", "-f", "1", "-l", maxPages.ToString(CultureInfo.InvariantCulture),
                 "-x", "0", "-y", "0", "-W", MaxPagePixelsWide.ToString(CultureInfo.InvariantCulture), "-H", MaxPagePixelsHigh.ToString(CultureInfo.InvariantCulture),
                 filePath, Path.Combine(dir.FullName, "page")],
                Timeout, ct);
            var images = dir.EnumerateFiles("page-*.pgm").OrderBy(f => PageNumber(f.Name)).Take(maxPages).ToList();
            var texts = new List<string>(images.Count);
            foreach (var image in images)
            {
                texts.Add(SplitPages(await TesseractAsync(image.FullName, 300, [], ct)).FirstOrDefault() ?? "");
                image.Delete(); // a page is 9 MB; do not keep them all until the end
            }
            return new OcrResult(string.Join('\f', texts), texts.Count, true);
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort: the temp directory is the system's to clean if a file is still held
            }
        }
    }

    /// <summary>
    /// The text layer of pages <paramref name="firstPage"/>..<paramref name="lastPage"/> of a PDF (pdftotext -layout:
    /// columns kept apart by spaces, as on the page), pages separated by '\f'; null when pdftotext is not installed.
    /// A scanned PDF gives (almost) no text.
    /// </summary>
    public async Task<string?> ReadPdfTextLayerAsync(string filePath, int firstPage, int lastPage, CancellationToken ct)
    {
        if (!ExternalTool.Exists(_o.Pdftotext)) return null;
        filePath = Path.GetFullPath(filePath);
        var output = await ExternalTool.RunAsync(_o.Pdftotext,
            ["-layout", "-f", firstPage.ToString(CultureInfo.InvariantCulture), "-l", lastPage.ToString(CultureInfo.InvariantCulture), "-enc", "UTF-8", filePath, "-"],
            Timeout, ct);
        return output.StandardOutput.Normalize(NormalizationForm.FormC);
    }

    private async Task<string> TesseractAsync(string image, int? dpi, string[] extra, CancellationToken ct)
    {
        // Automatic page segmentation; spaces kept as wide as printed, so the two columns of a header (organ name
        // left, national motto right) stay apart on a line instead of running into each other.
        List<string> args = [image, "stdout", "-l", _o.Language, "--psm", "3", "-c", "preserve_interword_spaces=1"];
        if (dpi is { } d) args.AddRange(["--dpi", d.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(extra);
        await _runs.WaitAsync(ct);
        try
        {
            return (await ExternalTool.RunAsync(_o.Tesseract, args, Timeout, ct, ToolEnvironment)).StandardOutput.Normalize(NormalizationForm.FormC);
        }
        finally
        {
            _runs.Release();
        }
    }

    /// <summary>Tesseract ends every page with a form feed; the pages without it, trailing blanks trimmed.</summary>
    private static IEnumerable<string> SplitPages(string output)
    {
        var pages = output.Split('\f').Select(p => p.TrimEnd()).ToList();
        if (pages.Count > 1 && pages[^1].Length == 0) pages.RemoveAt(pages.Count - 1);
        return pages;
    }

    private static int PageNumber(string fileName)
    {
        var digits = Path.GetFileNameWithoutExtension(fileName).Split('-')[^1];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    /// <summary>Asked of the tools themselves at most every few minutes; awaited, never blocking a request's thread.</summary>
    private async Task<(bool Ocr, bool Pdf, DateTime At)> AvailabilityAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_availability is { } a && DateTime.UtcNow - a.At < AvailabilityCacheFor) return a;
        }
        var fresh = (Ocr: await TesseractHasLanguagesAsync(ct), Pdf: ExternalTool.Exists(_o.Pdftoppm), At: DateTime.UtcNow);
        lock (_gate) _availability = fresh;
        return fresh;
    }

    /// <summary>tesseract runs and knows every language asked for ("vie", or "vie+eng").</summary>
    private async Task<bool> TesseractHasLanguagesAsync(CancellationToken ct)
    {
        if (!ExternalTool.Exists(_o.Tesseract)) return false;
        try
        {
            var output = await ExternalTool.RunAsync(_o.Tesseract, ["--list-langs"], TimeSpan.FromSeconds(20), ct);
            // Tesseract 4 wrote the list to stderr, 5 to stdout.
            var known = (output.StandardOutput + "\n" + output.StandardError).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return _o.Language.Split('+', StringSplitOptions.RemoveEmptyEntries).All(l => known.Contains(l, StringComparer.Ordinal));
        }
        catch (ExternalToolException)
        {
            return false;
        }
    }
}
