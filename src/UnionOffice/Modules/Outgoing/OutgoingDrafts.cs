using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Outgoing;

/// <summary>A recipient as the author names it: an organ by identifier code (with its name when outside), or an e-mail.</summary>
/// <param name="AlsoOnPaper">A signed paper copy goes to this organ too (seed 003 Mục 2); the clerk records when it left.</param>
public sealed record RecipientRequest(string? OrganizationCode, string? Name, string? Email, bool? AlsoOnPaper = null);

public sealed record DraftRequest(string OrganizationCode, string? TypeName, string? Subject, Urgency Urgency, string? Secrecy,
    string? SignerUserName, string? SignerPosition, string? ToPlaces, Guid? ReplyToIncomingId, DateOnly? DueDate,
    IReadOnlyList<RecipientRequest>? Recipients, Guid? ReplacesId = null, bool? Publish = null, string? Collective = null, Guid? TaskId = null);

public sealed record RecipientDto(Guid Id, string Kind, string? OrganizationCode, string Name, string? Email, string State, string StateText,
    string? StatusCode, string? RefuseReason, DateTimeOffset? DecidedAt, bool? SignaturesValid, string? FailureReason = null, bool OnPaper = false, DateOnly? PaperSentOn = null);
public sealed record VersionDto(int Number, string FileName, bool FromDocx, string? Note, string By, DateTimeOffset At);
public sealed record TrailDto(DateTimeOffset At, string Actor, string? OnBehalfOf, string Action, string? Text);
public sealed record CommentDto(Guid Id, string AskedUser, string AskedBy, DateOnly? DueDate, string? Question, string? Answer, DateTimeOffset AskedAt, DateTimeOffset? AnsweredAt);
public sealed record OutgoingDto(Guid Id, string OrganizationCode, string? DepartmentCode, string TypeName, string? TypeCode, string Subject,
    string Urgency, string Status, string StatusText, string? ReturnReason, string Author, string Signer, string? SignerPosition, string? SignerAuthority,
    string? ToPlaces, Guid? ReplyToIncomingId, Guid? ReplacesId, DateOnly? DueDate, int CurrentVersion, long? Number, string? Notation, DateOnly? IssuedDate,
    DateTimeOffset? SignedAt, DateTimeOffset? IssuedAt, string Delivered, bool MayPublish, bool PublishRequested, DateTimeOffset? PublishedAt, IReadOnlyList<RecipientDto> Recipients,
    IReadOnlyList<VersionDto> Versions, IReadOnlyList<AppendixDto> Appendices, IReadOnlyList<CommentDto> Comments, IReadOnlyList<TrailDto> Trail, IReadOnlyList<string> Actions,
    string? SignerUserName = null, string? Collective = null, Guid? TaskId = null, bool SignedOnPaper = false)
{
    /// <summary>The number and notation as written on the document ("05/QĐ-LĐLĐ"), once issued.</summary>
    public string? Code => Number is { } n && Notation is not null ? OutgoingDocument.Code(n, Notation) : null;
}
public sealed record OutgoingListItem(Guid Id, string TypeName, string Subject, string Urgency, string Status, string StatusText, long? Number,
    string? Notation, DateOnly? IssuedDate, DateTimeOffset CreatedAt, string Author)
{
    public string? Code => Number is { } n && Notation is not null ? OutgoingDocument.Code(n, Notation) : null;
}
public sealed record AppendixDto(Guid Id, int Order, string FileName, bool Signed);
public sealed record AskCommentRequest(string? UserName, DateOnly? DueDate, string? Question);

/// <summary>
/// Drafts of outgoing documents (NĐ30 Điều 10–11): created by any member of the organ, with metadata, recipients and
/// versions of the text (each upload a new version, the older ones kept readable); colleagues asked for comments.
/// </summary>
public sealed class OutgoingDrafts(AppDbContext db, AccessPolicy access, CurrentUser current, IFileStore store, Auditor audit, Notifier notify,
    TimeProvider time, DocumentConverter converter, Exchange.ExchangeDirectory directory, DocumentPolicies policies, Work.DiaryRecorder diary,
    Work.TaskAccess tasks)
{
    public const string OwnerType = "outgoing";

    public async Task<OutgoingDto> CreateAsync(DraftRequest r, CancellationToken ct)
    {
        var doc = await NewDraftAsync(r, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(doc.Id, ct);
    }

    /// <summary>
    /// A draft whose first version another module composed from its own record (a meeting's Giấy mời, Biên bản, Thông báo
    /// kết luận): created, with that version, in one save; its author then works on it like on any draft.
    /// </summary>
    public async Task<Guid> CreateComposedAsync(DraftRequest r, byte[] pdf, string fileName, string note, CancellationToken ct)
    {
        var doc = await NewDraftAsync(r, ct);
        using var ms = new MemoryStream(pdf, writable: false);
        var content = await store.PutAsync(ms, fileName, ct);
        AddVersion(doc, content.Sha256, null, fileName, note);
        await db.SaveChangesAsync(ct);
        return doc.Id;
    }

    private async Task<OutgoingDocument> NewDraftAsync(DraftRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode, ct);
        var grant = await access.MemberGrantAsync(org.Id, ct) ?? throw new DomainException(Error.Forbidden);
        var me = current.UserId!.Value;
        // The drafting department: the author's own (a deputy's field is not where they draft).
        var department = grant.OnBehalfOfUserId is null && grant.Role != Role.Deputy ? grant.DepartmentId : null;
        var fields = await FieldsAsync(org.Id, department, r, ct);
        var doc = OutgoingDocument.Create(org.Id, department, me, fields, Formats.Today(time), time.GetUtcNow());
        db.OutgoingDocuments.Add(doc);
        db.Deliveries.AddRange(await RecipientsAsync(doc, org.Id, r.Recipients, ct));
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, me, grant.OnBehalfOfUserId, "created", null, time.GetUtcNow()));
        diary.Record(org.Id, "outgoing", doc.Id, "created", $"{OutgoingText.Action("created")} văn bản đi: {doc.Subject}");
        audit.Record("outgoing.created", org.Id, "outgoing", doc.Id.ToString(), onBehalfOf: grant.OnBehalfOfUserId);
        return doc;
    }

    public async Task<OutgoingDto> UpdateAsync(Guid id, DraftRequest r, CancellationToken ct)
    {
        var doc = await AuthorsDraftAsync(id, ct);
        doc.Update(await FieldsAsync(doc.OrganizationId, doc.DepartmentId, r, ct), Formats.Today(time));
        if (r.Recipients is not null)
        {
            // Replaced in the same SaveChanges as the rest: a refused update leaves the old recipients.
            db.Deliveries.RemoveRange(await db.Deliveries.Where(d => d.DocumentId == doc.Id).ToListAsync(ct));
            db.Deliveries.AddRange(await RecipientsAsync(doc, doc.OrganizationId, r.Recipients, ct));
        }
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, current.UserId!.Value, null, "updated", null, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return await GetAsync(doc.Id, ct);
    }

    /// <summary>
    /// A new version of the text: a PDF as it is, or a DOCX converted to PDF (the DOCX is kept beside it). The draft must be
    /// the author's and in drafting; reviewers return it rather than edit it.
    /// </summary>
    public async Task<VersionDto> UploadAsync(Guid id, IFormFile file, string? note, CancellationToken ct)
    {
        var doc = await AuthorsDraftAsync(id, ct);
        var (pdfSha, sourceSha) = await StoreAsPdfAsync(file, ct);
        var version = AddVersion(doc, pdfSha, sourceSha, DocumentFileName(file.FileName), note);
        await db.SaveChangesAsync(ct);
        return new VersionDto(version.Number, version.FileName, sourceSha is not null, version.Note, (await current.UserAsync(ct))!.FullName, version.At);
    }

    private OutgoingVersion AddVersion(OutgoingDocument doc, string pdfSha, string? sourceSha, string fileName, string? note)
    {
        var number = doc.CurrentVersion + 1;
        var noteText = OutgoingDocument.Clean(note);
        var version = new OutgoingVersion(doc.Id, number, pdfSha, sourceSha, fileName, noteText.Length == 0 ? null : noteText[..Math.Min(500, noteText.Length)],
            current.UserId!.Value, time.GetUtcNow());
        doc.NewVersion(number);
        db.OutgoingVersions.Add(version);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, current.UserId!.Value, null, "version", $"Phiên bản {number}: {version.FileName}", time.GetUtcNow()));
        audit.Record("outgoing.version.added", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { number, pdfSha, sourceSha });
        return version;
    }

    public const string DocxType = DocumentConverter.DocxContentType;

    /// <summary>The upload stored as it is when a PDF, or with the PDF LibreOffice makes of it when a DOCX; anything else refused.</summary>
    private async Task<(string PdfSha, string? SourceSha)> StoreAsPdfAsync(IFormFile file, CancellationToken ct)
    {
        await using var s = file.OpenReadStream();
        var content = await store.PutAsync(s, file.FileName, ct);
        if (content.ContentType == "application/pdf")
        {
            await RequireReadablePdfAsync(content.Sha256, ct);
            return (content.Sha256, null);
        }
        if (content.ContentType != DocxType) throw new DomainException(OutgoingErrors.ConvertibleOnly);
        var pdf = await ConvertAsync(content.Sha256, ct);
        using var ms = new MemoryStream(pdf, writable: false);
        return ((await store.PutAsync(ms, Path.ChangeExtension(file.FileName, ".pdf"), ct)).Sha256, content.Sha256);
    }

    /// <summary>A phụ lục as a separate file (PDF, or DOCX converted): the organ signs it at issue.</summary>
    public async Task<AppendixDto> AddAppendixAsync(Guid id, IFormFile file, CancellationToken ct)
    {
        var doc = await AuthorsDraftAsync(id, ct);
        var count = await db.OutgoingAppendices.CountAsync(a => a.DocumentId == id, ct);
        if (count >= 20) throw new DomainException(OutgoingErrors.Invalid(["Mỗi văn bản có tối đa 20 phụ lục."]));
        var (pdfSha, sourceSha) = await StoreAsPdfAsync(file, ct);
        var order = count == 0 ? 1 : await db.OutgoingAppendices.Where(a => a.DocumentId == id).MaxAsync(a => a.Order, ct) + 1;
        var appendix = new OutgoingAppendix(doc.Id, order, DocumentFileName(file.FileName), pdfSha, sourceSha, current.UserId!.Value, time.GetUtcNow());
        db.OutgoingAppendices.Add(appendix);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, current.UserId!.Value, null, "appendix-added", appendix.FileName, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return new AppendixDto(appendix.Id, appendix.Order, appendix.FileName, false);
    }

    public async Task RemoveAppendixAsync(Guid id, Guid appendixId, CancellationToken ct)
    {
        var doc = await AuthorsDraftAsync(id, ct);
        var appendix = await db.OutgoingAppendices.FirstOrDefaultAsync(a => a.Id == appendixId && a.DocumentId == doc.Id, ct)
            ?? throw new DomainException(new Error("APPENDIX_NOT_FOUND", "Không tìm thấy phụ lục.", 404));
        db.OutgoingAppendices.Remove(appendix);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, current.UserId!.Value, null, "appendix-removed", appendix.FileName, time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A phụ lục's file: the organ-signed copy once issued, else the draft's.</summary>
    public async Task<(string FileName, Stream Content)> OpenAppendixAsync(Guid id, Guid appendixId, CancellationToken ct)
    {
        var doc = await ReadableAsync(id, ct);
        var appendix = await db.OutgoingAppendices.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appendixId && a.DocumentId == doc.Id, ct)
            ?? throw new DomainException(new Error("APPENDIX_NOT_FOUND", "Không tìm thấy phụ lục.", 404));
        audit.Record("outgoing.file.viewed", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { appendix = appendix.Id });
        await db.SaveChangesAsync(ct);
        return (Path.ChangeExtension(appendix.FileName, ".pdf"), await store.OpenReadAsync(appendix.IssuedSha256 ?? appendix.PdfSha256, ct));
    }

    private static string DocumentFileName(string name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        return n.Length == 0 ? "du-thao" : n.Length > 200 ? n[..200] : n;
    }

    private async Task<byte[]> ConvertAsync(string docxSha, CancellationToken ct)
    {
        await using var docx = await store.OpenReadAsync(docxSha, ct);
        return await converter.DocxToPdfAsync(docx, ct);
    }

    private async Task RequireReadablePdfAsync(string sha, CancellationToken ct)
    {
        var bytes = await store.ReadAllBytesAsync(sha, ct);
        try
        {
            if (Pdf.Reading.PdfFile.Parse(bytes).Pages().Count == 0) throw new Pdf.Reading.PdfFormatException("không có trang nào");
        }
        catch (Pdf.Reading.PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Tệp PDF không đọc được nên không thể ký: {e.Message}", 422));
        }
    }

    public async Task<(string FileName, Stream Content, string ContentType)> OpenVersionAsync(Guid id, int? number, bool source, CancellationToken ct)
    {
        var doc = await ReadableAsync(id, ct);
        Stream content;
        string name;
        string type = "application/pdf";
        if (number is null && doc.IssuedSha256 is not null)
        {
            (content, name) = (await store.OpenReadAsync(doc.IssuedSha256, ct), OutgoingDocument.IssuedFileName(doc.Number, doc.Notation));
        }
        else if (number is null && doc.SignedSha256 is not null)
        {
            (content, name) = (await store.OpenReadAsync(doc.SignedSha256, ct), "van-ban-da-ky.pdf");
        }
        else
        {
            var n = number ?? doc.CurrentVersion;
            var v = await db.OutgoingVersions.AsNoTracking().FirstOrDefaultAsync(x => x.DocumentId == id && x.Number == n, ct)
                ?? throw new DomainException(OutgoingErrors.VersionNotFound);
            if (source && v.SourceSha256 is null) throw new DomainException(OutgoingErrors.VersionNotFound);
            content = await store.OpenReadAsync(source ? v.SourceSha256! : v.PdfSha256, ct);
            name = source ? v.FileName : Path.ChangeExtension(v.FileName, ".pdf");
            if (source) type = DocxType;
        }
        audit.Record("outgoing.file.viewed", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { version = number, source });
        await db.SaveChangesAsync(ct);
        return (name, content, type);
    }

    public async Task<CommentDto> AskCommentAsync(Guid id, AskCommentRequest r, CancellationToken ct)
    {
        var doc = await ReadableAsync(id, ct);
        if (doc.Status is OutgoingStatus.Issued or OutgoingStatus.Recalled) throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "lấy ý kiến"));
        var me = current.UserId!.Value;
        if (me != doc.AuthorUserId && await access.DepartmentHeadGrantAsync(doc.OrganizationId, doc.DepartmentId, ct) is null
            && await access.HeadGrantAsync(doc.OrganizationId, ct) is null)
            throw new DomainException(Error.Forbidden);
        var name = (r.UserName ?? "").Trim().ToLowerInvariant();
        var asked = await (from u in db.Users
                           join ra in db.RoleAssignments on u.Id equals ra.UserId
                           where u.UserName == name && u.Status == AccountStatus.Active && ra.OrganizationId == doc.OrganizationId
                           select (Guid?)u.Id).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(new Error("COMMENTER_OUTSIDE", "Người được lấy ý kiến phải thuộc cơ quan ban hành văn bản."));
        if (r.DueDate is { } due && due < Formats.Today(time)) throw new DomainException(OutgoingErrors.Invalid(["Hạn góp ý không thể ở quá khứ."]));
        var q = OutgoingDocument.Clean(r.Question);
        var c = new OutgoingComment(doc.Id, asked, me, r.DueDate, q.Length == 0 ? null : q[..Math.Min(1000, q.Length)], time.GetUtcNow());
        db.OutgoingComments.Add(c);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, me, null, "comment-asked", $"Xin ý kiến {name}", time.GetUtcNow()));
        notify.Tell([asked], NotificationKinds.CommentAsked, $"Xin ý kiến góp ý dự thảo: {Short(doc.Subject)}", $"/outgoing/{doc.Id}");
        await db.SaveChangesAsync(ct);
        return (await CommentsAsync(doc.Id, ct)).Single(x => x.Id == c.Id);
    }

    public async Task ReplyCommentAsync(Guid commentId, string? text, CancellationToken ct)
    {
        var c = await db.OutgoingComments.FirstOrDefaultAsync(x => x.Id == commentId && x.AskedUserId == current.UserId, ct)
            ?? throw new DomainException(OutgoingErrors.CommentNotFound);
        c.Reply(text, time.GetUtcNow());
        var doc = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == c.DocumentId, ct);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(c.DocumentId, current.UserId!.Value, null, "commented", c.Answer, time.GetUtcNow()));
        diary.Record(null, "outgoing", c.DocumentId, "commented", $"{OutgoingText.Action("commented")} dự thảo văn bản đi: {c.Answer}");
        notify.Tell([c.AskedByUserId], NotificationKinds.CommentAsked, $"Đã có ý kiến góp ý dự thảo: {Short(doc.Subject)}", $"/outgoing/{doc.Id}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Drafts and documents the person works on: their own, those waiting for them, and (clerk, head) the organ's.</summary>
    public async Task<List<OutgoingListItem>> ListAsync(string organizationCode, string view, int take, CancellationToken ct)
    {
        var q = (await ViewsAsync(organizationCode, ct))(view);
        var rows = await (from d in q
                          join u in db.Users on d.AuthorUserId equals u.Id
                          orderby d.Urgency descending, d.CreatedAt descending
                          select new { d, u.FullName }).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        return rows.Select(x => new OutgoingListItem(x.d.Id, x.d.TypeName, x.d.Subject, x.d.Urgency.ToString(), x.d.Status.ToString(), OutgoingText.Status(x.d.Status),
            x.d.Number, x.d.Notation, x.d.IssuedDate, x.d.CreatedAt, x.FullName)).ToList();
    }

    /// <summary>
    /// Outgoing documents of the organ that the person may read (the "readable" list: clerks and heads all of them;
    /// others what they drafted, sign, review as department head or were asked to comment on), drafted or issued in the
    /// year, whose subject, number and notation, type or author hold every word of <paramref name="q"/> — without regard to
    /// diacritics or case ("ke hoach" finds "Kế hoạch"). An organ writes a few thousand documents a year: the year's rows
    /// are read (five columns) and matched here, newest first.
    /// </summary>
    public async Task<List<OutgoingListItem>> FindAsync(string organizationCode, string? q, int year, int take, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) throw new DomainException(new Error("YEAR_INVALID", "Năm không hợp lệ.", 400));
        var readable = (await ViewsAsync(organizationCode, ct))("readable");
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, Formats.VietnamOffset).ToUniversalTime(); // PostgreSQL takes UTC only
        var end = start.AddYears(1);
        DateOnly first = new(year, 1, 1), last = new(year, 12, 31);
        var rows = await (from d in readable
                          join u in db.Users on d.AuthorUserId equals u.Id
                          where (d.IssuedDate != null && d.IssuedDate >= first && d.IssuedDate <= last) || (d.IssuedDate == null && d.CreatedAt >= start && d.CreatedAt < end)
                          select new { d.Id, d.TypeName, d.Subject, d.Urgency, d.Status, d.Number, d.Notation, d.IssuedDate, d.CreatedAt, u.FullName }).ToListAsync(ct);
        var words = Common.VietnameseText.Fold(q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rows
            .Where(x => words.Length == 0 || words.All(Common.VietnameseText.Fold(string.Join(' ', x.Subject, x.TypeName, x.FullName,
                x.Number is { } n && x.Notation is not null ? OutgoingDocument.Code(n, x.Notation) : "")).Contains))
            .OrderByDescending(x => x.IssuedDate).ThenByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
            .Take(Math.Clamp(take, 1, 200))
            .Select(x => new OutgoingListItem(x.Id, x.TypeName, x.Subject, x.Urgency.ToString(), x.Status.ToString(), OutgoingText.Status(x.Status),
                x.Number, x.Notation, x.IssuedDate, x.CreatedAt, x.FullName)).ToList();
    }

    /// <summary>How many documents each of these lists holds for the person, all of them (a list shows at most 200).</summary>
    public async Task<Dictionary<string, int>> CountsAsync(string organizationCode, IEnumerable<string> views, CancellationToken ct)
    {
        var of = await ViewsAsync(organizationCode, ct);
        var counts = new Dictionary<string, int>();
        foreach (var v in views) counts[v] = await of(v).CountAsync(ct);
        return counts;
    }

    /// <summary>
    /// The lists (<see cref="ListAsync"/>) of the organ for the person: the organ and the person's roles there read once,
    /// then the documents of a list by its name. Refused without a role there.
    /// </summary>
    private async Task<Func<string, IQueryable<OutgoingDocument>>> ViewsAsync(string organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var grants = await current.GrantsAsync(ct);
        var inOrg = grants.Where(g => g.OrganizationId == org.Id).ToList();
        if (inOrg.Count == 0) throw new DomainException(Error.Forbidden);
        var isClerk = inOrg.Any(g => g.Role == Role.Clerk);
        var isHead = inOrg.Any(g => g.Role == Role.Head);
        var depts = inOrg.Where(g => g.Role == Role.DepartmentHead && g.DepartmentId != null).Select(g => g.DepartmentId!.Value).ToList();
        // Named as signer (a head, or under thừa lệnh / thừa ủy quyền), or signing for a head under a delegation of the role.
        var signerFor = inOrg.Where(g => g.Role == Role.Head).Select(g => g.OnBehalfOfUserId ?? me).Append(me).ToList();
        var behalf = inOrg.Where(g => g.OnBehalfOfUserId != null).Select(g => g.OnBehalfOfUserId!.Value).Distinct().ToList();
        var q = db.OutgoingDocuments.AsNoTracking().Where(d => d.OrganizationId == org.Id);
        return view => view switch
        {
            "mine" => q.Where(d => d.AuthorUserId == me && d.Status != OutgoingStatus.Issued && d.Status != OutgoingStatus.Recalled),
            "to-review" => q.Where(d => (d.Status == OutgoingStatus.ContentReview && d.DepartmentId != null && depts.Contains(d.DepartmentId.Value))
                                        || (isClerk && d.Status == OutgoingStatus.FormatReview)),
            "to-sign" => q.Where(d => d.Status == OutgoingStatus.AwaitingSignature && signerFor.Contains(d.SignerUserId)),
            "to-issue" => isClerk ? q.Where(d => d.Status == OutgoingStatus.Signed || d.Status == OutgoingStatus.PaperSigned) : q.Where(_ => false),
            "issued" => isClerk || isHead
                ? q.Where(d => d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled)
                : q.Where(d => (d.Status == OutgoingStatus.Issued || d.Status == OutgoingStatus.Recalled) && (d.AuthorUserId == me || (d.DepartmentId != null && depts.Contains(d.DepartmentId.Value)))),
            "comments" => q.Where(d => db.OutgoingComments.Any(c => c.DocumentId == d.Id && c.AskedUserId == me && c.AnsweredAt == null)),
            // Everything the person may read in the organ (CanReadOutgoingAsync's rule), for finding: not a tab.
            "readable" => isClerk || isHead
                ? q
                : q.Where(d => d.AuthorUserId == me || d.SignerUserId == me || behalf.Contains(d.AuthorUserId) || behalf.Contains(d.SignerUserId)
                               || (d.DepartmentId != null && depts.Contains(d.DepartmentId.Value))
                               || db.OutgoingComments.Any(c => c.DocumentId == d.Id && c.AskedUserId == me)),
            "paper" => isClerk
                ? q.Where(d => d.Status == OutgoingStatus.Issued && db.Deliveries.Any(x => x.DocumentId == d.Id && x.OnPaper && x.PaperSentOn == null))
                : q.Where(_ => false),
            _ => throw new DomainException(new Error("VIEW_INVALID", "Danh sách không hợp lệ (mine, to-review, to-sign, to-issue, issued, comments, paper, readable).")),
        };
    }

    public async Task<OutgoingDto> GetAsync(Guid id, CancellationToken ct)
    {
        var doc = await ReadableAsync(id, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == doc.OrganizationId, ct);
        var dept = doc.DepartmentId is { } dId ? await db.Departments.AsNoTracking().Where(x => x.Id == dId).Select(x => x.Code).FirstOrDefaultAsync(ct) : null;
        var names = await NamesAsync([doc.AuthorUserId, doc.SignerUserId], ct);
        var recipients = await RecipientsOfAsync(doc.Id, ct);
        var versions = await (from v in db.OutgoingVersions.AsNoTracking()
                              join u in db.Users on v.ByUserId equals u.Id
                              where v.DocumentId == id
                              orderby v.Number
                              select new VersionDto(v.Number, v.FileName, v.SourceSha256 != null, v.Note, u.FullName, v.At)).ToListAsync(ct);
        var trail = await (from t in db.OutgoingTrail.AsNoTracking()
                           join u in db.Users on t.ActorUserId equals u.Id
                           join b in db.Users on t.OnBehalfOfUserId equals b.Id into bs
                           from b in bs.DefaultIfEmpty()
                           where t.DocumentId == id
                           orderby t.At
                           select new TrailDto(t.At, u.FullName, b == null ? null : b.FullName, t.Action, t.Text)).ToListAsync(ct);
        var policy = await policies.OfAsync(doc.OrganizationId, doc.TypeName, ct);
        return new OutgoingDto(doc.Id, org.Code, dept, doc.TypeName, doc.TypeCode, doc.Subject, doc.Urgency.ToString(), doc.Status.ToString(),
            OutgoingText.Status(doc.Status), doc.ReturnReason, names.GetValueOrDefault(doc.AuthorUserId, ""), names.GetValueOrDefault(doc.SignerUserId, ""),
            doc.SignerPosition, doc.SignerAuthority, doc.ToPlaces, doc.ReplyToIncomingId, doc.ReplacesId, doc.DueDate, doc.CurrentVersion, doc.Number, doc.Notation,
            doc.IssuedDate, doc.SignedAt, doc.IssuedAt, policy.Delivered.ToString(), policy.MayPublish, doc.PublishRequested, doc.PublishedAt,
            recipients, versions, await db.OutgoingAppendices.AsNoTracking().Where(a => a.DocumentId == id).OrderBy(a => a.Order)
                .Select(a => new AppendixDto(a.Id, a.Order, a.FileName, a.IssuedSha256 != null)).ToListAsync(ct),
            await CommentsAsync(id, ct), trail, await ActionsAsync(doc, ct),
            await db.Users.AsNoTracking().Where(u => u.Id == doc.SignerUserId).Select(u => u.UserName).FirstOrDefaultAsync(ct), doc.Collective, doc.TaskId, doc.SignedOnPaper);
    }

    /// <summary>What the person may do with the document now (the page shows these buttons; the API enforces them anyway).</summary>
    private async Task<List<string>> ActionsAsync(OutgoingDocument doc, CancellationToken ct)
    {
        var me = current.UserId;
        var actions = new List<string>();
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) is not null;
        switch (doc.Status)
        {
            case OutgoingStatus.Drafting when doc.AuthorUserId == me:
                actions.AddRange(["edit", "upload", "submit", "ask-comment"]);
                break;
            case OutgoingStatus.ContentReview when await access.DepartmentHeadGrantAsync(doc.OrganizationId, doc.DepartmentId, ct) is not null:
                actions.AddRange(["approve", "return", "ask-comment"]);
                break;
            case OutgoingStatus.FormatReview when clerk:
                actions.AddRange(["approve", "return"]);
                break;
            case OutgoingStatus.AwaitingSignature when await access.SignerGrantAsync(doc.OrganizationId, doc.SignerUserId, doc.TypeName, doc.DepartmentId, ct) is not null:
                actions.AddRange(["sign", "return"]);
                break;
            case OutgoingStatus.Signed when clerk:
                actions.Add("issue");
                break;
            case OutgoingStatus.PaperSigned when clerk:
                actions.Add("paper-issue");
                break;
            case OutgoingStatus.Issued when clerk || await access.HeadGrantAsync(doc.OrganizationId, ct) is not null:
                actions.Add("recall");
                if (doc.PublishedAt is not null) actions.Add("unpublish");
                if (clerk && await db.Deliveries.AnyAsync(d => d.DocumentId == doc.Id && d.OnPaper && d.PaperSentOn == null, ct)) actions.Add("paper-sent");
                break;
        }
        // The head signed the printed draft by hand: the clerk numbers it (seed 002 Điều 8.3b).
        if (doc.Status == OutgoingStatus.AwaitingSignature && clerk) actions.Add("paper-number");
        return actions;
    }

    internal async Task<List<RecipientDto>> RecipientsOfAsync(Guid documentId, CancellationToken ct)
    {
        var rows = await (from d in db.Deliveries.AsNoTracking()
                          join o in db.Organizations on d.RecipientOrganizationId equals o.Id into os
                          from o in os.DefaultIfEmpty()
                          join i in db.IncomingDocuments on d.IncomingDocumentId equals i.Id into ins
                          from i in ins.DefaultIfEmpty()
                          where d.DocumentId == documentId
                          orderby d.RecipientName
                          select new { d, Code = o == null ? d.RecipientCode : o.Code, Handling = i == null ? (IncomingStatus?)null : i.Status }).ToListAsync(ct);
        return rows.Select(x =>
        {
            var (code, text) = x.d.Kind == RecipientKind.External && x.d.RemoteStatus is { } remote
                    && (x.d.State is DeliveryState.Arrived or DeliveryState.Accepted or DeliveryState.Refused || remote is 15 or 16)
                ? (remote.ToString("00", System.Globalization.CultureInfo.InvariantCulture), RemoteText(remote, x.d.RemoteStatusText))
                : StatusOf(x.d.State, x.Handling);
            return new RecipientDto(x.d.Id, x.d.Kind.ToString(), x.Code, x.d.RecipientName, x.d.Email, x.d.State.ToString(), text, code,
                x.d.RefuseReason, x.d.DecidedAt, x.d.SignaturesValid, x.d.FailureReason, x.d.OnPaper, x.d.PaperSentOn);
        }).ToList();
    }

    private static string RemoteText(int code, string? text) => code switch
    {
        1 => "Đã đến (01)", 2 => "Bị từ chối (02)", 3 => "Đã tiếp nhận (03)", 4 => "Đã giao xử lý (04)", 5 => "Đang xử lý (05)", 6 => "Đã hoàn thành (06)",
        15 => "Bên nhận đồng ý thu hồi (15)", 16 => $"Bên nhận từ chối thu hồi (16): {text}",
        _ => $"Trạng thái {code:00}",
    };

    /// <summary>The edXML status (01–06) the sender sees: the delivery's own, then the registered document's handling.</summary>
    internal static (string? Code, string Text) StatusOf(DeliveryState state, IncomingStatus? handling) => (state, handling) switch
    {
        (DeliveryState.Accepted, IncomingStatus.Assigned) => ("04", "Đã giao xử lý (04)"),
        (DeliveryState.Accepted, IncomingStatus.InProgress) => ("05", "Đang xử lý (05)"),
        (DeliveryState.Accepted, IncomingStatus.Done) => ("06", "Đã hoàn thành (06)"),
        (DeliveryState.Accepted, _) => ("03", OutgoingText.Delivery(state)),
        (DeliveryState.Arrived, _) => ("01", OutgoingText.Delivery(state)),
        (DeliveryState.Refused, _) => ("02", OutgoingText.Delivery(state)),
        (DeliveryState.Recalled, _) => ("15", OutgoingText.Delivery(state)),
        _ => (null, OutgoingText.Delivery(state)),
    };

    private async Task<List<CommentDto>> CommentsAsync(Guid id, CancellationToken ct) =>
        await (from c in db.OutgoingComments.AsNoTracking()
               join a in db.Users on c.AskedUserId equals a.Id
               join b in db.Users on c.AskedByUserId equals b.Id
               where c.DocumentId == id
               orderby c.AskedAt
               select new CommentDto(c.Id, a.FullName, b.FullName, c.DueDate, c.Question, c.Answer, c.AskedAt, c.AnsweredAt)).ToListAsync(ct);

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    internal async Task<OutgoingDocument> ReadableAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.OutgoingDocuments : db.OutgoingDocuments.AsNoTracking();
        var doc = await q.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(OutgoingErrors.NotFound);
        if (!await access.CanReadOutgoingAsync(doc.OrganizationId, doc.Id, doc.AuthorUserId, doc.SignerUserId, doc.DepartmentId, ct))
            throw new DomainException(OutgoingErrors.NotFound);
        return doc;
    }

    private async Task<OutgoingDocument> AuthorsDraftAsync(Guid id, CancellationToken ct)
    {
        var doc = await ReadableAsync(id, ct, tracked: true);
        if (doc.AuthorUserId != current.UserId) throw new DomainException(Error.Forbidden);
        if (doc.Status != OutgoingStatus.Drafting) throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "sửa dự thảo"));
        return doc;
    }

    private async Task<OutgoingDocument.Fields> FieldsAsync(Guid orgId, Guid? departmentId, DraftRequest r, CancellationToken ct)
    {
        var signerName = (r.SignerUserName ?? "").Trim().ToLowerInvariant();
        var signer = await db.Users.Where(u => u.UserName == signerName && u.Status == AccountStatus.Active)
            .Select(u => new { u.Id, u.JobTitle }).FirstOrDefaultAsync(ct) ?? throw new DomainException(OutgoingErrors.SignerInvalid);
        // The signer is a head of the organ, a deputy whose fields cover the drafting department (KT.), or the head of a
        // unit who signs this type "TL." or "TUQ." under a delegation.
        var typeName = DocumentTypes.Find(r.TypeName)?.Name;
        if (await access.SignerProblemAsync(signer.Id, orgId, typeName, departmentId, ct) is { } problem)
            throw new DomainException(problem);
        // Thay mặt tập thể is the organ's leaders' to sign (NĐ30 Điều 13.2), not a unit head's under thừa lệnh / thừa ủy quyền.
        if (CollectiveBodies.Find(r.Collective) is { } body
            && !await db.RoleAssignments.AnyAsync(ra => ra.UserId == signer.Id && ra.OrganizationId == orgId && (ra.Role == Role.Head || ra.Role == Role.Deputy), ct))
            throw new DomainException(OutgoingErrors.CollectiveNeedsLeader(body));
        if (r.ReplyToIncomingId is { } reply)
        {
            var incoming = await db.IncomingDocuments.AsNoTracking().Where(d => d.Id == reply).Select(d => new { d.OrganizationId }).FirstOrDefaultAsync(ct);
            if (incoming is null || incoming.OrganizationId != orgId || !await access.CanReadIncomingDocumentAsync(orgId, reply, ct))
                throw new DomainException(OutgoingErrors.ReplyToUnknown);
        }
        // A draft written for a task (seed 000: the work and its documents together): a task of the organ the author may read.
        if (r.TaskId is { } taskId)
        {
            var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ct);
            if (task is null || task.OrganizationId != orgId || !await tasks.CanReadAsync(task, ct))
                throw new DomainException(new Error("TASK_UNKNOWN", "Nhiệm vụ mà dự thảo phục vụ không tồn tại, không thuộc cơ quan hoặc bạn không được xem."));
        }
        if (r.ReplacesId is { } replaced
            && !await db.OutgoingDocuments.AnyAsync(d => d.Id == replaced && d.OrganizationId == orgId && d.Status == OutgoingStatus.Issued, ct))
            throw new DomainException(new Error("REPLACES_INVALID", "Văn bản được thay thế phải là văn bản đã phát hành của chính cơ quan."));
        var mayPublish = r.Publish == true && DocumentTypes.Find(r.TypeName) is { } type && (await policies.OfAsync(orgId, type.Name, ct)).MayPublish;
        return new OutgoingDocument.Fields(r.TypeName, r.Subject, r.Urgency, r.Secrecy, signer.Id,
            string.IsNullOrWhiteSpace(r.SignerPosition) ? signer.JobTitle : r.SignerPosition, r.ToPlaces, r.ReplyToIncomingId, r.DueDate, r.ReplacesId,
            r.Publish == true, mayPublish, r.Collective, r.TaskId);
    }

    private async Task<List<Delivery>> RecipientsAsync(OutgoingDocument doc, Guid orgId, IReadOnlyList<RecipientRequest>? recipients, CancellationToken ct)
    {
        var list = new List<Delivery>();
        var seen = new HashSet<string>();
        foreach (var r in recipients ?? [])
        {
            if (!string.IsNullOrWhiteSpace(r.Email))
            {
                if (r.AlsoOnPaper == true) throw new DomainException(OutgoingErrors.Invalid([$"Bản giấy chỉ gửi cho cơ quan, không gửi cho địa chỉ thư điện tử {r.Email.Trim()}."]));
                var email = r.Email.Trim().ToLowerInvariant();
                if (email.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(email, out _)) throw new DomainException(OutgoingErrors.RecipientUnknown(r.Email));
                if (seen.Add("@" + email)) list.Add(new Delivery(doc.Id, RecipientKind.Email, null, null, string.IsNullOrWhiteSpace(r.Name) ? email : r.Name.Trim(), email));
                continue;
            }
            var code = (r.OrganizationCode ?? "").Trim().ToUpperInvariant();
            if (code.Length == 0) throw new DomainException(OutgoingErrors.RecipientUnknown(r.Name ?? ""));
            if (!seen.Add(code)) continue;
            var organ = await db.Organizations.AsNoTracking().Where(o => o.Code == code).Select(o => new { o.Id, o.Name, o.IsActive }).FirstOrDefaultAsync(ct);
            if (organ is not null && !directory.ServesHere(code))
            {
                // In the tree but served by another installation: reached by the exchange, under the name the tree gives it.
                if (organ.Id == orgId) throw new DomainException(OutgoingErrors.RecipientSelf);
                list.Add(new Delivery(doc.Id, RecipientKind.External, null, code, organ.Name, null, r.AlsoOnPaper == true));
            }
            else if (organ is not null)
            {
                if (organ.Id == orgId) throw new DomainException(OutgoingErrors.RecipientSelf);
                if (!organ.IsActive) throw new DomainException(OutgoingErrors.RecipientUnknown(code));
                list.Add(new Delivery(doc.Id, RecipientKind.Internal, organ.Id, null, organ.Name, null, r.AlsoOnPaper == true));
            }
            else
            {
                // An organ outside this installation: its identifier code and name travel with the interconnection.
                try { Organization.ValidateCode(code); }
                catch (DomainException) { throw new DomainException(OutgoingErrors.RecipientUnknown(code)); }
                if (string.IsNullOrWhiteSpace(r.Name)) throw new DomainException(OutgoingErrors.RecipientUnknown($"{code} (cần tên cơ quan nhận ngoài hệ thống)"));
                list.Add(new Delivery(doc.Id, RecipientKind.External, null, code, r.Name.Trim(), null, r.AlsoOnPaper == true));
            }
        }
        return list;
    }

    internal static string Short(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..77] + "…";
}
