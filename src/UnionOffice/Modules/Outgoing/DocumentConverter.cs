using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Recognition;

namespace UnionOffice.Modules.Outgoing;

/// <summary>Settings of the DOCX → PDF conversion (section "Conversion").</summary>
public sealed class ConversionOptions
{
    /// <summary>LibreOffice's soffice: a name looked up on PATH or a full path (Debian package libreoffice-writer-nogui).</summary>
    public string Soffice { get; set; } = "soffice";
    /// <summary>Limit of one conversion, LibreOffice's start with a fresh profile included (a few seconds of it).</summary>
    public int TimeoutSeconds { get; set; } = 120;
    /// <summary>Conversions at once in this process; more wait their turn (each is a LibreOffice of ~200 MB).</summary>
    public int MaxConcurrentRuns { get; set; } = 1;
    /// <summary>Where each conversion gets its directory (input, output, LibreOffice profile; always removed); the system's temp by default.</summary>
    public string? TempRoot { get; set; }
}

public static class ConversionErrors
{
    public static readonly Error Unavailable = new("CONVERSION_UNAVAILABLE",
        "Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp DOCX sang PDF. Hãy tải lên bản PDF của văn bản hoặc báo quản trị hệ thống.", 503);
    public static readonly Error NotDocx = new("CONVERSION_FAILED",
        "Không chuyển được tệp DOCX sang PDF: tệp bị hỏng hoặc không phải tệp Word (.docx). Hãy mở tệp bằng Word, lưu lại rồi tải lên lần nữa, hoặc tải lên bản PDF.", 422);
    public static readonly Error Failed = new("CONVERSION_FAILED",
        "Không chuyển được tệp DOCX sang PDF: LibreOffice không đọc được nội dung tệp. Hãy mở tệp bằng Word, lưu lại rồi tải lên lần nữa, hoặc tải lên bản PDF.", 422);
    public static Error TimedOut(int seconds) => new("CONVERSION_TIMEOUT",
        $"Không chuyển được tệp DOCX sang PDF: quá {seconds} giây mà chưa xong. Tệp có thể quá lớn hoặc phức tạp; hãy thử lại sau hoặc tải lên bản PDF.", 422);
}

/// <summary>
/// Turns a DOCX draft into PDF with LibreOffice headless (Debian libreoffice-writer-nogui; the fonts-liberation2 fonts
/// stand in, metric for metric, for Times New Roman and Arial, which Linux lacks, so lines and pages break as in Word).
/// Every run gets its own directory with its own LibreOffice profile (-env:UserInstallation) and HOME: two runs at
/// once, in this process or another, never meet on a profile lock, and a service account without a home works. The
/// directory is always deleted; on time-out the whole process tree (oosplash, soffice.bin) is killed. The DOCX is
/// first checked to be a readable Word package (LibreOffice would read random bytes as plain text and "succeed"),
/// and its links to outside resources are cut (LibreOffice would fetch a linked picture's URL or file).
/// Failures are <see cref="DomainException"/>s with <see cref="ConversionErrors"/>; the caller still has the DOCX.
/// </summary>
public sealed class DocumentConverter(IOptions<ConversionOptions> options, ILogger<DocumentConverter> logger)
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string PdfContentType = "application/pdf";

    private static readonly TimeSpan AvailabilityCacheFor = TimeSpan.FromMinutes(5);
    private readonly ConversionOptions _o = options.Value;
    private readonly SemaphoreSlim _runs = new(Math.Max(1, options.Value.MaxConcurrentRuns));
    private readonly Lock _gate = new();
    private (bool Available, DateTime At)? _availability;

    private int TimeoutSeconds => Math.Max(1, _o.TimeoutSeconds);

    /// <summary>
    /// LibreOffice's PDF export as PDF/A-2b (ISO 19005-2; filter options in JSON, LibreOffice 7.4 and later): fonts
    /// embedded, XMP and an output intent — the document the system makes is one an archive keeps (NĐ30 Phụ lục VI III.4g).
    /// </summary>
    private const string PdfA2bFilter = """pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}""";

    /// <summary>Whether LibreOffice is installed here and answers (soffice --version); asked at most every few minutes.</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_availability is { } a && DateTime.UtcNow - a.At < AvailabilityCacheFor) return a.Available;
        }
        var fresh = await AnswersAsync(ct);
        lock (_gate) _availability = (fresh, DateTime.UtcNow);
        return fresh;
    }

    /// <summary>The PDF of the DOCX read from <paramref name="docx"/> (read to its end, not disposed).</summary>
    /// <exception cref="DomainException">CONVERSION_UNAVAILABLE, CONVERSION_FAILED or CONVERSION_TIMEOUT.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; LibreOffice was killed.</exception>
    public async Task<byte[]> DocxToPdfAsync(Stream docx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(docx);
        var dir = _o.TempRoot is { Length: > 0 } root
            ? Directory.CreateDirectory(Path.Combine(root, $"uo-docx-{Guid.NewGuid():N}"))
            : Directory.CreateTempSubdirectory("uo-docx-");
        try
        {
            // A fixed name: the uploader's file name never reaches the command line, and LibreOffice names its output after it.
            var input = Path.Combine(dir.FullName, "document.docx");
            await using (var file = new FileStream(input, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await docx.CopyToAsync(file, ct);
            // LibreOffice inflates what it is given: the package is proven within the limits first (a stored file may predate them).
            try
            {
                ZipPackage.Verify(input, PackageLimits.Docx, ct);
            }
            catch (PackageLimitException e)
            {
                throw new DomainException(e.Damaged ? ConversionErrors.NotDocx : ZipPackage.Unsafe(e.Message));
            }
            if (!PrepareDocx(input)) throw new DomainException(ConversionErrors.NotDocx);

            var outDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "out")).FullName;
            await _runs.WaitAsync(ct);
            ToolOutput output;
            try
            {
                output = await ExternalTool.RunAsync(_o.Soffice,
                    [ProfileArgument(dir.FullName), "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
                     "--convert-to", PdfA2bFilter, "--outdir", outDir, input],
                    TimeSpan.FromSeconds(TimeoutSeconds), ct, ToolEnvironment(dir.FullName));
            }
            catch (ExternalToolException e)
            {
                // What LibreOffice said stays in the log (it names server paths); the user gets the plain reason.
                logger.LogWarning(e, "DOCX to PDF conversion failed ({Failure})", e.Failure);
                throw new DomainException(e.Failure switch
                {
                    ExternalToolFailure.NotFound => ConversionErrors.Unavailable,
                    ExternalToolFailure.TimedOut => ConversionErrors.TimedOut(TimeoutSeconds),
                    _ => ConversionErrors.Failed,
                });
            }
            finally
            {
                _runs.Release();
            }

            // soffice exits 0 even when it could not load the file ("Error: source file could not be loaded"): the PDF is the proof.
            var pdf = Path.Combine(outDir, "document.pdf");
            var bytes = File.Exists(pdf) ? await File.ReadAllBytesAsync(pdf, ct) : [];
            if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            {
                logger.LogWarning("LibreOffice wrote no PDF: {Output} {Error}", output.StandardOutput.Trim(), output.StandardError.Trim());
                throw new DomainException(ConversionErrors.Failed);
            }
            return bytes;
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort: a file still held by a dying process is left for the system's temp cleaning
            }
            catch (UnauthorizedAccessException)
            {
                // same
            }
        }
    }

    /// <summary>
    /// Checks that the copy is an OPC package with a WordprocessingML main part that is well-formed XML, and cuts its
    /// links to outside resources. The check is cheap (the XML is streamed, not loaded) and turns the usual bad uploads
    /// — another format renamed, a truncated download, a broken zip — into a clear refusal before LibreOffice starts.
    /// The cut matters for safety: LibreOffice fetches a picture that is linked rather than embedded (an external
    /// relationship to http://… or file://…) while it converts, so an uploaded draft could make the server call
    /// addresses of the uploader's choosing or print a local file into the PDF. Hyperlinks (only clicked, never fetched)
    /// stay; a linked picture or object prints as an empty frame, as it does in Word when its target is out of reach.
    /// </summary>
    /// <returns>Whether the DOCX can be converted; false when it is not a readable Word document.</returns>
    private bool PrepareDocx(string path)
    {
        try
        {
            using var doc = WordprocessingDocument.Open(path, isEditable: true);
            if (doc.MainDocumentPart is not { } main) return false;
            using (var stream = main.GetStream(FileMode.Open, FileAccess.Read))
            using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            {
                while (reader.Read())
                {
                }
            }
            var cut = 0;
            foreach (var part in doc.GetAllParts().Cast<OpenXmlPartContainer>().Prepend(doc))
            {
                foreach (var link in part.ExternalRelationships.ToList())
                {
                    part.DeleteExternalRelationship(link);
                    cut++;
                }
            }
            if (cut > 0) logger.LogInformation("Cut {Count} link(s) to outside resources from a DOCX before converting it", cut);
            return true;
        }
        catch (Exception e) when (e is OpenXmlPackageException or XmlException or InvalidDataException or IOException
                                      or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken ct)
    {
        if (!ExternalTool.Exists(_o.Soffice)) return false;
        var dir = _o.TempRoot is { Length: > 0 } root
            ? Directory.CreateDirectory(Path.Combine(root, $"uo-docx-{Guid.NewGuid():N}"))
            : Directory.CreateTempSubdirectory("uo-docx-");
        try
        {
            var output = await ExternalTool.RunAsync(_o.Soffice, [ProfileArgument(dir.FullName), "--version"],
                TimeSpan.FromSeconds(30), ct, ToolEnvironment(dir.FullName));
            return output.StandardOutput.Contains("LibreOffice", StringComparison.OrdinalIgnoreCase);
        }
        catch (ExternalToolException)
        {
            return false;
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    /// <summary>The run's own profile, as a file URL (the path is ours: a GUID under the temp root, no user text).</summary>
    private static string ProfileArgument(string dir) => "-env:UserInstallation=" + new Uri(Path.Combine(dir, "profile")).AbsoluteUri;

    private static Dictionary<string, string> ToolEnvironment(string dir) => new()
    {
        ["HOME"] = dir,           // LibreOffice writes caches under HOME; a service account may have none
        ["TMPDIR"] = dir,         // its temporary files go with the run's directory
        ["SAL_USE_VCLPLUGIN"] = "svp", // no display, whatever the server's environment says
    };
}
