using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Incoming;

public sealed record SignatureCheckDto(string FieldName, string? SignerName, DateTimeOffset? SigningTime, bool IsValid, string Summary);
public sealed record SignaturesDto(bool HasSignatures, bool AllValid, bool ModifiedAfterLastSignature, string Summary, IReadOnlyList<SignatureCheckDto> Signatures);

public sealed record FileDto(Guid Id, string FileName, string ContentType, long Length, string Sha256, DateTimeOffset UploadedAt);

/// <summary>
/// Files of an incoming document (the main text, appendices, the scan). The clerk attaches them; whoever may read the
/// document may open them, and every opening is recorded (NĐ30 Phụ lục VI I.6.l).
/// </summary>
public sealed class IncomingFiles(AppDbContext db, AccessPolicy access, CurrentUser current, IFileStore store, Auditor audit, Search.SearchIndex index,
    Signing.TrustAnchors anchors, TimeProvider time)
{
    public const string OwnerType = "incoming";

    /// <summary>Who may attach to the document — asked before an upload is read.</summary>
    public async Task<(IncomingDocument Doc, Act Clerk)> RequireAttachAsync(Guid documentId, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct)
            ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        return (doc, clerk);
    }

    public async Task<List<FileDto>> AttachAsync(Guid documentId, IReadOnlyList<IFormFile> files, CancellationToken ct) =>
        await AttachAsync(await RequireAttachAsync(documentId, ct), files, ct);

    /// <param name="allowed">What <see cref="RequireAttachAsync"/> answered for this request (asked before the upload was read).</param>
    public async Task<List<FileDto>> AttachAsync((IncomingDocument Doc, Act Clerk) allowed, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var added = await AddAsync(allowed.Doc, allowed.Clerk, files, ct);
        // The rows first, then the audit chain's lock with the entries and the commit: the chain, which every audited
        // write of the installation waits for, is held for one round trip, not for the inserts.
        await db.SaveAuditLastAsync(ct);
        await IndexKnownTextAsync(allowed.Doc.Id, added, ct);
        return added.Files.Select(ToDto).ToList();
    }

    /// <summary>
    /// Stores the files (content-addressed) and adds their rows, trail and audit entries to the unit of work, unsaved:
    /// for attaching, and for registering a document with its files in one transaction (<see cref="RegisterWithFiles"/>).
    /// </summary>
    /// <param name="kept">Files already in the store (the scan read on the registration page), added like the uploads.</param>
    public async Task<AddedFiles> AddAsync(IncomingDocument doc, Act clerk, IReadOnlyList<IFormFile> files, CancellationToken ct, IReadOnlyList<KeptUpload>? kept = null)
    {
        kept ??= [];
        if (files.Count == 0 && kept.Count == 0) throw new DomainException(FileErrors.Missing);
        var added = new List<DocumentFile>();
        var textMayBeKnown = false;
        foreach (var k in kept)
        {
            textMayBeKnown |= !await Search.TextExtraction.EnqueueAsync(db, k.Content, time.GetUtcNow(), ct);
            added.Add(new DocumentFile(OwnerType, doc.Id, k.Content, k.FileName, clerk.UserId, time.GetUtcNow()));
        }
        foreach (var f in files)
        {
            await using var s = f.OpenReadStream();
            var content = await store.PutAsync(s, f.FileName, ct);
            textMayBeKnown |= !await Search.TextExtraction.EnqueueAsync(db, content, time.GetUtcNow(), ct);
            added.Add(new DocumentFile(OwnerType, doc.Id, content, f.FileName, clerk.UserId, time.GetUtcNow()));
        }
        db.DocumentFiles.AddRange(added);
        foreach (var a in added)
        {
            db.IncomingTrail.Add(new IncomingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "file-added", a.FileName, time.GetUtcNow()));
            audit.Record("incoming.file.added", doc.OrganizationId, "incoming", doc.Id.ToString(), new { a.Sha256, a.Length }, onBehalfOf: clerk.OnBehalfOfUserId);
        }
        return new AddedFiles(added, textMayBeKnown);
    }

    /// <summary>
    /// After the commit: text already known for these bytes (attached before elsewhere) joins the document's search
    /// entry now; otherwise the extraction job adds it. Asked only when one of the contents was stored before: contents
    /// new to the installation were queued by the transaction that attached them, so the job indexes them.
    /// </summary>
    public async Task IndexKnownTextAsync(Guid documentId, AddedFiles added, CancellationToken ct)
    {
        if (!added.TextMayBeKnown) return;
        var shas = added.Files.Select(a => a.Sha256).ToList();
        if (await db.FileTexts.AnyAsync(t => shas.Contains(t.Sha256) && t.State == Search.TextState.Done, ct)) await index.IndexIncomingAsync(documentId, ct);
    }

    public async Task<List<FileDto>> ListAsync(Guid documentId, CancellationToken ct)
    {
        await ReadableAsync(documentId, ct);
        return (await db.DocumentFiles.AsNoTracking().Where(f => f.OwnerType == OwnerType && f.OwnerId == documentId)
            .OrderBy(f => f.UploadedAt).ToListAsync(ct)).Select(ToDto).ToList();
    }

    /// <summary>
    /// Opens a file for viewing, or for download. A downloaded PDF is a marked copy (who took it, when), added as an
    /// incremental update so the original revision and its signatures stay intact; a PDF that cannot be read as one
    /// (damaged, encrypted) is given as it is, and the audit says so.
    /// </summary>
    public async Task<(DocumentFile File, Stream Content)> OpenAsync(Guid documentId, Guid fileId, bool download, CancellationToken ct)
    {
        var (doc, file) = await FileOfAsync(documentId, fileId, ct);
        Stream stream;
        bool? marked = null;
        if (download && file.ContentType == "application/pdf")
        {
            var user = await current.UserAsync(ct);
            var bytes = await store.ReadAllBytesAsync(file.Sha256, ct);
            try
            {
                bytes = Pdf.PdfCopyMark.Apply(bytes, $"Bản sao điện tử của {user?.FullName} ({user?.UserName}), tải lúc {Formats.DateTime(time.GetUtcNow())} từ Văn phòng điện tử Công đoàn");
                marked = true;
            }
            catch (Pdf.Reading.PdfFormatException)
            {
                marked = false;
            }
            stream = new MemoryStream(bytes, writable: false);
        }
        else stream = await store.OpenReadAsync(file.Sha256, ct);
        audit.Record(download ? "incoming.file.downloaded" : "incoming.file.viewed", doc.OrganizationId, "incoming", doc.Id.ToString(),
            new { file.Sha256, marked });
        await db.SaveChangesAsync(ct);
        return (file, stream);
    }

    /// <summary>
    /// The digital signatures of a PDF file of the document, checked against the installation's trust anchors: each
    /// signature's integrity, its certificate's chain at signing time, and changes after the last signature (NĐ30 Điều 21:
    /// an electronic document is checked on arrival). A file with no signature says so.
    /// </summary>
    public async Task<SignaturesDto> SignaturesAsync(Guid documentId, Guid fileId, CancellationToken ct)
    {
        var (_, file) = await FileOfAsync(documentId, fileId, ct);
        if (file.ContentType != "application/pdf") return new SignaturesDto(false, false, false, "Tệp không phải PDF nên không có chữ ký số để kiểm tra.", []);
        var report = await anchors.VerifyPdfAsync(await store.ReadAllBytesAsync(file.Sha256, ct), ct);
        return new SignaturesDto(report.Signatures.Count > 0, report.AllValid, report.ModifiedAfterLastSignature, report.Summary,
            report.Signatures.Select(r => new SignatureCheckDto(r.Signature.FieldName, r.Signature.SignerName, r.Signature.SigningTime, r.IsValid, r.Summary)).ToList());
    }

    /// <summary>A file of a document the person may read; another document's file is not found, a recalled one's is withdrawn.</summary>
    private async Task<(IncomingDocument Doc, DocumentFile File)> FileOfAsync(Guid documentId, Guid fileId, CancellationToken ct)
    {
        var doc = await ReadableAsync(documentId, ct);
        if (doc.RecalledAt is { } recalled) throw new DomainException(IncomingErrors.Withdrawn(recalled));
        var file = await db.DocumentFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == OwnerType && f.OwnerId == documentId, ct)
            ?? throw new DomainException(FileErrors.NotFound);
        return (doc, file);
    }

    private async Task<IncomingDocument> ReadableAsync(Guid documentId, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct)
            ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        return doc;
    }

    public static FileDto ToDto(DocumentFile f) => new(f.Id, f.FileName, f.ContentType, f.Length, f.Sha256, f.UploadedAt);
}

/// <summary>Files added to a document's unit of work; <paramref name="TextMayBeKnown"/>: one of their contents was stored
/// before, so its text may already have been extracted.</summary>
public sealed record AddedFiles(IReadOnlyList<DocumentFile> Files, bool TextMayBeKnown);

/// <summary>What registering with files answers: the number, and the files as attaching answers them.</summary>
public sealed record RegisteredIncomingWithFiles(Guid Id, int Year, long ArrivalNumber, DateOnly ArrivalDate, IReadOnlyList<FileDto> Files);

/// <summary>
/// The clerk registers a document together with its files (the scan, the file that came by e-mail): one transaction,
/// so there is never a registered document whose file is missing, and one pass through the audit chain's lock instead
/// of two. The files are stored after the document's rules and the duplicate check passed, so a refused registration
/// (secret, duplicate, invalid) stores nothing.
/// </summary>
public sealed class RegisterWithFiles(RegisterIncomingDocument register, IncomingFiles files)
{
    public async Task<RegisteredIncomingWithFiles> HandleAsync(RegisterIncomingRequest r, IReadOnlyList<IFormFile> uploads, CancellationToken ct,
        IReadOnlyList<KeptUpload>? kept = null)
    {
        if (uploads.Count == 0 && kept is not { Count: > 0 }) throw new DomainException(FileErrors.Missing);
        AddedFiles? added = null;
        var done = await register.HandleAsync(r, ct, prepare: async (doc, clerk) => added = await files.AddAsync(doc, clerk, uploads, ct, kept));
        await files.IndexKnownTextAsync(done.Id, added!, ct);
        return new RegisteredIncomingWithFiles(done.Id, done.Year, done.ArrivalNumber, done.ArrivalDate, added!.Files.Select(IncomingFiles.ToDto).ToList());
    }
}
