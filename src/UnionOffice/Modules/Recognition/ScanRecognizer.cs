using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Recognition;

/// <summary>
/// The proposal read from a document's first page. <paramref name="Source"/> is "ocr" for a scan, "text-layer" for a
/// PDF that carries its text (read as is, no OCR); <paramref name="Text"/> is that first page's text.
/// </summary>
public sealed record RecognizedScan(string Source, int Pages, FieldProposal Proposal, string Text);

public static class RecognitionErrors
{
    public static readonly Error Unavailable = new("OCR_UNAVAILABLE",
        "Máy chủ chưa cài công cụ nhận dạng chữ (Tesseract với dữ liệu tiếng Việt), nên chưa đọc được bản quét. Vui lòng nhập thông tin văn bản bằng tay hoặc báo quản trị hệ thống.", 503);
    public static readonly Error Unsupported = new("RECOGNITION_FILE_UNSUPPORTED",
        "Chỉ đọc được bản quét PDF hoặc ảnh (PNG, JPEG, TIFF). Nội dung tệp không phải các định dạng này.", 422);
    public static readonly Error Unreadable = new("RECOGNITION_FILE_UNREADABLE",
        "Không đọc được tệp: tệp bị hỏng hoặc nội dung không đúng định dạng.", 422);
    public static readonly Error TimedOut = new("OCR_TIMEOUT",
        "Đọc bản quét quá lâu nên đã dừng. Vui lòng thử lại sau hoặc nhập thông tin bằng tay.", 503);
}

/// <summary>
/// "Đọc từ bản quét": a clerk sends the scan (or the PDF) of an arrived document and gets the number and notation,
/// date, issuing organ, type and subject proposed from its first page, to confirm or correct before registering.
/// Nothing is stored: the upload lives in a temporary directory for the request only. The type is decided by the
/// content (as the file store does), never by the name. A PDF with a text layer is read from it; a scan goes to OCR.
/// </summary>
public sealed class ScanRecognizer(OcrReader ocr, AccessPolicy access, AppDbContext db, IOptions<StorageOptions> storage, ILogger<ScanRecognizer> log)
{
    /// <summary>Fewer letters than this on the first page's text layer means a scan inside a PDF.</summary>
    private const int TextLayerMinLetters = 80;

    /// <summary>Recognition is for those who register incoming documents: a clerk of some organ (own role or delegated).</summary>
    public async Task RequireClerkAsync(CancellationToken ct)
    {
        if (!await access.IsClerkAnywhereAsync(ct)) throw new DomainException(Error.Forbidden);
    }

    public Task<bool> IsAvailableAsync(CancellationToken ct = default) => ocr.IsAvailableAsync(ct);

    public long MaxFileBytes => storage.Value.MaxFileBytes;

    public async Task<RecognizedScan> RecognizeAsync(IFormFile? file, CancellationToken ct)
    {
        await RequireClerkAsync(ct);
        if (file is null || file.Length == 0) throw new DomainException(FileErrors.Missing);
        var max = storage.Value.MaxFileBytes;
        if (file.Length > max) throw new DomainException(FileErrors.TooLarge(max));

        var dir = Directory.CreateTempSubdirectory("uo-recognize-");
        try
        {
            var path = Path.Combine(dir.FullName, "upload");
            var head = new byte[8];
            int headLength;
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await using (var source = file.OpenReadStream())
            {
                await source.CopyToAsync(target, ct);
            }
            await using (var check = File.OpenRead(path))
                headLength = await check.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            var type = FileStore.Sniff(head.AsSpan(0, headLength), path);
            if (type is null || !OcrReader.SupportedTypes.Contains(type)) throw new DomainException(RecognitionErrors.Unsupported);

            var (origin, pages, text) = await ReadFirstPageAsync(path, type, ct);
            var known = await db.Organizations.AsNoTracking().Select(o => new KnownOrgan(o.Code, o.Name)).ToListAsync(ct);
            var firstPage = text.Split('\f')[0];
            return new RecognizedScan(origin, pages, FieldProposer.Propose(firstPage, known), firstPage.Trim());
        }
        finally
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException e)
            {
                log.LogWarning(e, "Temporary upload {Dir} could not be deleted", dir.FullName);
            }
        }
    }

    private async Task<(string Source, int Pages, string Text)> ReadFirstPageAsync(string path, string type, CancellationToken ct)
    {
        try
        {
            if (type == OcrReader.Pdf && await ocr.ReadPdfTextLayerAsync(path, 1, 1, ct) is { } layer && layer.Count(char.IsLetter) >= TextLayerMinLetters)
                return ("text-layer", 1, layer);
            if (!await ocr.IsAvailableAsync(type, ct)) throw new DomainException(RecognitionErrors.Unavailable);
            var read = await ocr.ReadAsync(path, type, 1, ct);
            if (!read.Available) throw new DomainException(RecognitionErrors.Unavailable);
            return ("ocr", read.Pages, read.Text);
        }
        catch (ImageTooLargeException e) when (e.Unreadable)
        {
            throw new DomainException(RecognitionErrors.Unreadable);
        }
        catch (ImageTooLargeException e)
        {
            throw new DomainException(new Error("IMAGE_TOO_LARGE", e.Message, 422));
        }
        catch (ExternalToolException e)
        {
            log.LogWarning("Recognition of a {Type} failed ({Failure}): {Message}", type, e.Failure, e.Message);
            throw new DomainException(e.Failure switch
            {
                // The tool ran and refused the file: damaged, or not what its first bytes claim.
                ExternalToolFailure.ExitCode => RecognitionErrors.Unreadable,
                ExternalToolFailure.TimedOut => RecognitionErrors.TimedOut,
                _ => RecognitionErrors.Unavailable,
            });
        }
    }
}
