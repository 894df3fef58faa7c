using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Signing;

namespace UnionOffice.Modules.Outgoing;

public sealed record ReasonRequest(string? Reason);
public sealed record PinRequest(string? Pin);
/// <param name="Publish">The clerk confirms the author's proposal to publish it on the organ's page (false or absent: not published).</param>
public sealed record IssueRequest(string? Pin, bool? Publish = null);
/// <param name="SentOn">The day the paper copy left (today when absent).</param>
public sealed record PaperSentRequest(DateOnly? SentOn);
/// <param name="Code">The number and notation as written on the document ("05/QĐ-LĐLĐ").</param>
public sealed record IssuedResult(Guid Id, long Number, string Notation, DateOnly IssuedDate, int Recipients)
{
    public string Code => OutgoingDocument.Code(Number, Notation);
}

/// <summary>
/// The steps of an outgoing document after drafting (NĐ30 Điều 12–16): review of content and form, return with a
/// reason, the head's signature, and the clerk's issue — number, date, the organ's signature and delivery — done
/// once however often it is asked.
/// </summary>
public sealed class OutgoingWorkflow(AppDbContext db, AccessPolicy access, CurrentUser current, OutgoingDrafts drafts, Certificates certificates, DeferredSigning deferred,
    OutgoingPdf pdf, IFileStore store, TrustAnchors anchors, Auditor audit, Notifier notify, Work.DiaryRecorder diary, TimeProvider time, IOutgoingDispatch dispatch, DocumentPolicies policies,
    NumberLineLocator locator, ValidationData validation)
{
    public async Task SubmitAsync(Guid id, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        if (doc.AuthorUserId != current.UserId) throw new DomainException(Error.Forbidden);
        // The department head checks the content, unless the author is that head (or the draft has no department).
        var reviewers = doc.DepartmentId is { } dept ? (await Notifier.DepartmentHeadsAsync(db, dept, ct)).Where(u => u != doc.AuthorUserId).ToList() : [];
        doc.Submit(reviewers.Count > 0);
        var next = reviewers.Count > 0 ? reviewers : await ClerksAsync(doc.OrganizationId, ct);
        notify.Tell(next, NotificationKinds.DraftToReview, $"Dự thảo chờ {(reviewers.Count > 0 ? "duyệt nội dung" : "kiểm tra thể thức")}: {OutgoingDrafts.Short(doc.Subject)}", Link(doc));
        await SaveAsync(doc, null, "submitted", null, ct);
    }

    public async Task ApproveAsync(Guid id, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        Act act;
        List<Guid> next;
        if (doc.Status == OutgoingStatus.ContentReview)
        {
            act = await access.DepartmentHeadGrantAsync(doc.OrganizationId, doc.DepartmentId, ct) ?? throw new DomainException(Error.Forbidden);
            next = await ClerksAsync(doc.OrganizationId, ct);
        }
        else if (doc.Status == OutgoingStatus.FormatReview)
        {
            act = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
            next = [doc.SignerUserId];
            // The number and the date will be written where the draft left them blank: without those lines they would
            // cover its text (review finding 14), so the form is not right yet.
            var version = await db.OutgoingVersions.AsNoTracking().FirstAsync(v => v.DocumentId == doc.Id && v.Number == doc.CurrentVersion, ct);
            if (await locator.ProblemAsync(await store.ReadAllBytesAsync(version.PdfSha256, ct), ct) is { } problem)
                throw new DomainException(new Error("FORMAT_PLACEHOLDERS_MISSING", problem, 422));
        }
        else throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "đồng ý"));
        var step = doc.Status;
        doc.Approve(step);
        notify.Tell(next, NotificationKinds.DraftToReview,
            $"{(doc.Status == OutgoingStatus.AwaitingSignature ? "Văn bản chờ ký" : "Dự thảo chờ kiểm tra thể thức")}: {OutgoingDrafts.Short(doc.Subject)}", Link(doc));
        await SaveAsync(doc, act.OnBehalfOfUserId, step == OutgoingStatus.ContentReview ? "content-approved" : "format-approved", null, ct);
    }

    public async Task ReturnAsync(Guid id, ReasonRequest r, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var act = doc.Status switch
        {
            OutgoingStatus.ContentReview => await access.DepartmentHeadGrantAsync(doc.OrganizationId, doc.DepartmentId, ct),
            OutgoingStatus.FormatReview => await access.ClerkGrantAsync(doc.OrganizationId, ct),
            OutgoingStatus.AwaitingSignature => await access.SignerGrantAsync(doc.OrganizationId, doc.SignerUserId, doc.TypeName, doc.DepartmentId, ct),
            _ => throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "trả lại")),
        } ?? throw new DomainException(Error.Forbidden);
        doc.Return(r.Reason);
        notify.Tell([doc.AuthorUserId], NotificationKinds.DraftReturned, $"Dự thảo bị trả lại: {OutgoingDrafts.Short(doc.ReturnReason)}", Link(doc));
        await SaveAsync(doc, act.OnBehalfOfUserId, "returned", doc.ReturnReason, ct);
    }

    /// <summary>
    /// The head approves by signing the current version with their own certificate and PIN. A delegate signs "KT." for
    /// the named signer (ký thay), recorded on whose behalf. The signed PDF is kept; the number comes at issue.
    /// </summary>
    public async Task SignAsync(Guid id, PinRequest r, CancellationToken ct)
    {
        var s = await BeginSignAsync(id, ct);
        var (cert, signer) = await certificates.UnlockPersonalAsync(s.Act.UserId, r.Pin, ct);
        using var _ = signer.Certificate;
        await SignWithAsync(s, cert, signer, ct);
    }

    /// <summary>
    /// One document of a batch (ký lô): signed with the key already opened by the batch's one PIN, after every check of
    /// <see cref="SignAsync"/> for this document — the key must be the one of the person who acts on it.
    /// </summary>
    internal async Task SignUnlockedAsync(Guid id, SigningCertificate cert, Pdf.Signing.ISignatureProvider signer, CancellationToken ct)
    {
        var s = await BeginSignAsync(id, ct);
        if (cert.UserId != s.Act.UserId) throw new DomainException(OutgoingErrors.NotTheSigner);
        await SignWithAsync(s, cert, signer, ct);
    }

    private async Task SignWithAsync(SignStart s, SigningCertificate cert, Pdf.Signing.ISignatureProvider signer, CancellationToken ct)
    {
        var signed = await pdf.CertifyByHeadAsync(await store.ReadAllBytesAsync(s.Version.PdfSha256, ct), signer,
            new SignerBlock(s.Authority, s.Position, s.Me.FullName, await certificates.ImageAsync(cert, ct)), time.GetUtcNow(), ct);
        await FinishSignAsync(s, cert, signed, null, ct);
        await db.SaveChangesAsync(ct);
    }

    public const string HeadSignaturePurpose = "outgoing.head";

    /// <summary>
    /// The first half of the head's signature with a key held elsewhere (USB token, remote service): the same checks and
    /// the same signed layout as <see cref="SignAsync"/>, kept with the digest the key must sign.
    /// </summary>
    public async Task<PreparedSignatureDto> PrepareSignAsync(Guid id, CancellationToken ct)
    {
        var (pending, cert, description) = await PrepareOneAsync(id, null, ct);
        if (cert.Holder == KeyHolder.Remote) await deferred.SendToServiceAsync([pending], cert, description, ct);
        await db.SaveChangesAsync(ct);
        return DeferredSigning.Dto(pending, cert, description);
    }

    /// <summary>One document prepared for a key held elsewhere (added to the context, not saved; nothing sent to a service).</summary>
    internal async Task<(PendingSignature Pending, SigningCertificate Cert, string Description)> PrepareOneAsync(Guid id, Guid? batchId, CancellationToken ct)
    {
        var s = await BeginSignAsync(id, ct);
        var cert = await certificates.PersonalAsync(s.Act.UserId, ct);
        if (cert.Holder == KeyHolder.ServerPkcs12) throw new DomainException(DeferredSigningErrors.KeyOnServer);
        var now = time.GetUtcNow();
        var source = await store.ReadAllBytesAsync(s.Version.PdfSha256, ct);
        var options = await pdf.HeadSignatureAsync(source, new SignerBlock(s.Authority, s.Position, s.Me.FullName, await certificates.ImageAsync(cert, ct)), now, ct);
        var details = System.Text.Json.JsonSerializer.Serialize(new HeadSignatureDetails(s.Authority, s.Position, s.Act.OnBehalfOfUserId));
        var pending = await deferred.PrepareAsync(HeadSignaturePurpose, s.Doc.Id, s.Version.Number, s.Me.Id, cert, source, options, details, batchId, ct);
        audit.Record("outgoing.sign.prepared", s.Doc.OrganizationId, "outgoing", s.Doc.Id.ToString(),
            new { certificate = cert.Thumbprint, holder = cert.Holder.ToString(), version = s.Version.Number, session = pending.Id, batch = batchId }, onBehalfOf: s.Act.OnBehalfOfUserId);
        return (pending, cert, $"{s.Doc.TypeName}: {OutgoingDrafts.Short(s.Doc.Subject)}");
    }

    /// <summary>
    /// The second half: the signature the token or service made is checked against the prepared digest and the head's
    /// certificate, embedded, and the draft is signed exactly as by <see cref="SignAsync"/>. Completing the same session
    /// again (a double click, a retry) finds it done and changes nothing.
    /// </summary>
    public async Task CompleteSignAsync(Guid id, CompleteSignatureRequest r, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        // Who may complete is who may sign: the document's readers find it, its signer alone goes on.
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        if (await access.SignerGrantAsync(doc.OrganizationId, doc.SignerUserId, doc.TypeName, doc.DepartmentId, ct) is null)
            throw new DomainException(OutgoingErrors.NotTheSigner);
        if (r.PendingId == Guid.Empty) throw new DomainException(DeferredSigningErrors.SessionMissing);
        var pending = await deferred.MineAsync(r.PendingId, HeadSignaturePurpose, id, me, ct);
        if (pending.State == PendingSignatureState.Completed) return;
        if (doc.Status != OutgoingStatus.AwaitingSignature || doc.CurrentVersion != pending.SubjectVersion)
        {
            await deferred.FailAsync(pending, "văn bản đã thay đổi.", ct);
            throw new DomainException(DeferredSigningErrors.SubjectChanged);
        }
        var s = await BeginSignAsync(id, ct);
        var (signed, cert) = await deferred.CompleteAsync(pending, r.Signature, ct);
        var prepared = System.Text.Json.JsonSerializer.Deserialize<HeadSignatureDetails>(pending.Details)!;
        s = s with { Authority = prepared.Authority, Position = prepared.Position };
        try
        {
            await FinishSignAsync(s, cert, signed, pending, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e) when (e.Error == Concurrency.Conflict)
        {
            // Another completion of the same session won the race: it stands.
            db.ChangeTracker.Clear();
            if (await db.PendingSignatures.AsNoTracking().AnyAsync(p => p.Id == pending.Id && p.State == PendingSignatureState.Completed, ct)) return;
            throw;
        }
    }

    /// <summary>
    /// For a head whose key is at a remote signing service: asks the service whether the person confirmed on the phone.
    /// False while waiting; once confirmed, the signature is completed exactly as from a token (<see cref="CompleteSignAsync"/>)
    /// and true. Refused, expired and failed answers end the session and say so.
    /// </summary>
    public async Task<bool> CollectRemoteSignAsync(Guid id, Guid pendingId, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var doc = await drafts.ReadableAsync(id, ct);
        if (await access.SignerGrantAsync(doc.OrganizationId, doc.SignerUserId, doc.TypeName, doc.DepartmentId, ct) is null)
            throw new DomainException(OutgoingErrors.NotTheSigner);
        if (pendingId == Guid.Empty) throw new DomainException(DeferredSigningErrors.SessionMissing);
        var pending = await deferred.MineAsync(pendingId, HeadSignaturePurpose, id, me, ct);
        if (pending.State == PendingSignatureState.Completed) return true;
        if (pending.State == PendingSignatureState.Failed) throw new DomainException(DeferredSigningErrors.Failed(pending.Error ?? ""));
        var signature = await deferred.SignatureFromServiceAsync(pending, ct);
        if (signature is null) return false;
        await CompleteSignAsync(id, new CompleteSignatureRequest(pendingId, signature), ct);
        return true;
    }

    private sealed record HeadSignatureDetails(string? Authority, string Position, Guid? OnBehalfOfUserId);

    private sealed record SignStart(OutgoingDocument Doc, Act Act, OutgoingVersion Version, AppUser Me, string? Authority, string Position);

    /// <summary>Who signs what: the draft awaiting the signature, the person entitled to sign it, its current version and the block above the name.</summary>
    private async Task<SignStart> BeginSignAsync(Guid id, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        if (doc.Status != OutgoingStatus.AwaitingSignature) throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "ký"));
        var act = await access.SignerGrantAsync(doc.OrganizationId, doc.SignerUserId, doc.TypeName, doc.DepartmentId, ct) ?? throw new DomainException(OutgoingErrors.NotTheSigner);
        var version = await db.OutgoingVersions.AsNoTracking().FirstAsync(v => v.DocumentId == doc.Id && v.Number == doc.CurrentVersion, ct);
        var me = await current.RequireUserAsync(ct);
        var (authority, position) = await AuthorityAsync(doc, act, me, ct);
        return new SignStart(doc, act, version, me, authority, position);
    }

    /// <summary>The signed file kept and the draft marked signed, told, audited and in the trail (saved by the caller).</summary>
    private async Task FinishSignAsync(SignStart s, SigningCertificate cert, byte[] signed, PendingSignature? pending, CancellationToken ct)
    {
        var (doc, act, version, me) = (s.Doc, s.Act, s.Version, s.Me);
        var now = time.GetUtcNow();
        using var ms = new MemoryStream(signed, writable: false);
        var content = await store.PutAsync(ms, "signed.pdf", ct);
        doc.MarkSigned(content.Sha256, cert.ImageSha256, me.Id, act.OnBehalfOfUserId, s.Authority, s.Position, now);
        pending?.Complete(content.Sha256, now);
        notify.Tell(await ClerksAsync(doc.OrganizationId, ct), NotificationKinds.DraftToReview, $"Văn bản đã ký, chờ phát hành: {OutgoingDrafts.Short(doc.Subject)}", Link(doc));
        notify.Tell([doc.AuthorUserId], NotificationKinds.DraftToReview, $"Văn bản đã được ký: {OutgoingDrafts.Short(doc.Subject)}", Link(doc));
        audit.Record("outgoing.signed", doc.OrganizationId, "outgoing", doc.Id.ToString(),
            new { certificate = cert.Thumbprint, holder = cert.Holder.ToString(), sha256 = content.Sha256, version = version.Number }, onBehalfOf: act.OnBehalfOfUserId);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, me.Id, act.OnBehalfOfUserId, "signed",
            $"Ký phiên bản {version.Number}{cert.Holder switch { KeyHolder.Token => " bằng USB token", KeyHolder.Remote => " bằng dịch vụ ký số từ xa", _ => "" }}", now));
        diary.Record(doc.OrganizationId, "outgoing", doc.Id, "signed", $"{OutgoingText.Action("signed")} văn bản đi: {doc.Subject}");
    }

    /// <summary>
    /// What stands above the signer's name (NĐ30 Điều 13, Phụ lục I ô 7a–7b): "TM. &lt;the body&gt;" then the signer's own
    /// title when the draft names a collective (the seeds: "TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH THƯỜNG TRỰC"); otherwise
    /// "KT. &lt;the head's title&gt;" then the deputy's title for a deputy — in an assigned field or under a dated delegation;
    /// "TL." / "TUQ. &lt;the head's title&gt;" then the unit head's title; or the signer's title alone for the head.
    /// </summary>
    private async Task<(string? Authority, string Position)> AuthorityAsync(OutgoingDocument doc, Act act, AppUser me, CancellationToken ct)
    {
        var position = doc.SignerPosition ?? "Thủ trưởng cơ quan";
        if (act.Kind is DelegationKind.SignByOrder or DelegationKind.SignByAuthorisation)
        {
            if (doc.Collective is { } body) throw new DomainException(OutgoingErrors.CollectiveNeedsLeader(body));
            var headTitle = await db.Users.Where(u => u.Id == act.OnBehalfOfUserId).Select(u => u.JobTitle).FirstOrDefaultAsync(ct) ?? "Thủ trưởng cơ quan";
            return ($"{(act.Kind == DelegationKind.SignByOrder ? "TL." : "TUQ.")} {headTitle.ToUpperInvariant()}", me.JobTitle ?? doc.SignerPosition ?? "Trưởng đơn vị");
        }
        if (doc.Collective is { } collective)
            return (CollectiveBodies.Line(collective), act.Kind == DelegationKind.Role || act.Deputy ? me.JobTitle ?? "Phó Chủ tịch" : position);
        if (act.Kind == DelegationKind.Role)
            return ($"KT. {position.ToUpperInvariant()}", me.JobTitle ?? "Cấp phó");
        if (act.Deputy)
            return ($"KT. {(await HeadTitleAsync(doc.OrganizationId, ct)).ToUpperInvariant()}", me.JobTitle ?? doc.SignerPosition ?? "Cấp phó");
        return (null, position);
    }

    /// <summary>
    /// The document this one answers, named as its sender named it: the key it arrived with by interconnection, else one
    /// made of its register line when the issuer's code is known. Null for none, or for a paper one from an unknown issuer.
    /// </summary>
    private async Task<Incoming.DocumentReference?> ReplyToAsync(OutgoingDocument doc, CancellationToken ct)
    {
        if (doc.ReplyToIncomingId is not { } incomingId) return null;
        var arrived = await db.ReceivedDocuments.AsNoTracking().Where(r => r.IncomingDocumentId == incomingId && r.DocumentKey != null)
            .Select(r => r.DocumentKey).FirstOrDefaultAsync(ct);
        if (Incoming.DocumentReference.Parse(arrived) is { } key) return key;
        var line = await db.IncomingDocuments.AsNoTracking().Where(i => i.Id == incomingId)
            .Select(i => new { i.IssuerCode, i.IssuedDate, i.CodeNumber, i.CodeNotation }).FirstOrDefaultAsync(ct);
        return line is null ? null : Incoming.DocumentReference.Of(line.IssuerCode, line.IssuedDate, line.CodeNumber, line.CodeNotation);
    }

    /// <summary>The title of the organ's head (người đứng đầu): the one holding the head role who is no one's deputy.</summary>
    private async Task<string> HeadTitleAsync(Guid organizationId, CancellationToken ct) =>
        await (from r in db.RoleAssignments.AsNoTracking()
               join u in db.Users on r.UserId equals u.Id
               where r.OrganizationId == organizationId && r.Role == Role.Head && u.Status == AccountStatus.Active && u.JobTitle != null
                     && !db.RoleAssignments.Any(d => d.UserId == r.UserId && d.OrganizationId == organizationId && d.Role == Role.Deputy)
               orderby u.FullName
               select u.JobTitle).FirstOrDefaultAsync(ct) ?? "Thủ trưởng cơ quan";

    /// <summary>
    /// The clerk issues: the next number of the organ's register for the year, the notation and the date go on the
    /// document with the organ's signature, and every recipient gets it — all in one transaction. The number is taken by
    /// an atomic update of the register row (locked until commit), so two clerks never get the same one; a failure rolls
    /// it back, so none is skipped; the document's version check makes a second "issue" (double click, retry, another
    /// clerk) find it issued and answer with the same number instead of giving a new one.
    /// </summary>
    public Task<IssuedResult> IssueAsync(Guid id, IssueRequest r, CancellationToken ct) => IssueCoreAsync(id, r, null, ct);

    /// <summary>
    /// The head signed on paper (seed 002 Điều 8.3b): the clerk, holding the signed paper, records it and takes the next
    /// number of the register for it — to write on the paper with the date before stamping the seal and scanning it.
    /// Asking again answers with the same number.
    /// </summary>
    public async Task<IssuedResult> NumberOnPaperAsync(Guid id, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        if (doc.SignedOnPaper) return await IssuedAsync(doc, ct);
        if (doc.Status != OutgoingStatus.AwaitingSignature) throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "ghi nhận ký trên giấy"));
        if (!await db.Deliveries.AnyAsync(d => d.DocumentId == doc.Id, ct)) throw new DomainException(OutgoingErrors.RecipientsRequired);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == doc.OrganizationId, ct);
        var now = time.GetUtcNow();
        var today = Formats.Today(time);
        var registerId = await RegisterOfYearAsync(doc.OrganizationId, today.Year, ct);
        var notation = await NotationAsync(doc, org, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var number = await Registers.YearRegisters.NextNumberAsync(db, "OutgoingRegisters", registerId, auditLockFirst: false, ct);
            doc.MarkSignedOnPaper(registerId, number, notation, today, now);
            db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "signed-on-paper",
                $"Lãnh đạo ký trên giấy; cấp số {OutgoingDocument.Code(number, notation)} ngày {Formats.Date(today)}", now));
            audit.Record("outgoing.signed-on-paper", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { number, notation, year = today.Year }, onBehalfOf: clerk.OnBehalfOfUserId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return await IssuedAsync(doc, ct);
        }
        catch (Exception e) when (e is DomainException { Error: var error } && error == Concurrency.Conflict || e is DbUpdateException)
        {
            // Another clerk (or a double click) numbered it first: that number stands.
            db.ChangeTracker.Clear();
            var again = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            if (again.SignedOnPaper) return await IssuedAsync(again, ct);
            throw;
        }
    }

    /// <summary>
    /// The scan of the paper the head signed (numbered, dated and stamped) becomes the issued electronic document: the
    /// organ's digital signature authenticates it (NĐ30 Điều 18.6, 25.1c) and it goes to every recipient as an issue does.
    /// </summary>
    /// <param name="readScan">Reads the upload — only once the caller is known to be the organ's clerk and the document waits for it.</param>
    public Task<IssuedResult> IssuePaperAsync(Guid id, Func<CancellationToken, Task<byte[]>> readScan, IssueRequest r, CancellationToken ct) => IssueCoreAsync(id, r, readScan, ct);

    /// <summary>The scan as uploaded: a PDF (what scanners write), read up to the upload limit and no further.</summary>
    public static async Task<byte[]> ReadScanAsync(IFormFile file, long maxBytes, CancellationToken ct)
    {
        if (file.Length > maxBytes) throw new DomainException(FileErrors.TooLarge(maxBytes));
        await using var s = file.OpenReadStream();
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await s.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + n > maxBytes) throw new DomainException(FileErrors.TooLarge(maxBytes));
            ms.Write(buffer, 0, n);
        }
        var bytes = ms.ToArray();
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf("%PDF-"u8) < 0)
            throw new DomainException(new Error("SCAN_NOT_PDF", "Bản quét phải là tệp PDF (chọn lưu dạng PDF trên máy quét).", 415));
        return bytes;
    }

    private async Task<IssuedResult> IssueCoreAsync(Guid id, IssueRequest r, Func<CancellationToken, Task<byte[]>>? readScan, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        if (doc.Status == OutgoingStatus.Issued) return await IssuedAsync(doc, ct);
        if (doc.Status != (readScan is null ? OutgoingStatus.Signed : OutgoingStatus.PaperSigned))
            throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, readScan is null ? "phát hành" : "phát hành bản số hóa"));
        var scan = readScan is null ? null : await readScan(ct);
        // Publication is refused before anything is numbered or signed (MarkIssued then Publish check it again on the entity).
        var mayPublish = r.Publish == true && (await policies.OfAsync(doc.OrganizationId, doc.TypeName, ct)).MayPublish;
        if (r.Publish == true && !doc.PublishRequested) throw new DomainException(OutgoingErrors.PublishNotRequested);
        if (r.Publish == true && !mayPublish) throw new DomainException(DocumentPolicies.NotPublishable);
        var deliveries = await db.Deliveries.Where(d => d.DocumentId == doc.Id).ToListAsync(ct);
        if (deliveries.Count == 0) throw new DomainException(OutgoingErrors.RecipientsRequired);
        var (cert, organSigner) = await certificates.UnlockOrganAsync(doc.OrganizationId, r.Pin, ct);
        using var _ = organSigner.Certificate;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == doc.OrganizationId, ct);
        var headSigned = scan is null ? await store.ReadAllBytesAsync(doc.SignedSha256!, ct) : null;
        var sealImage = await certificates.ImageAsync(cert, ct);
        var headImage = doc.SignerImageSha256 is { } img ? await store.ReadAllBytesAsync(img, ct) : null;
        var now = time.GetUtcNow();
        // Signed on paper: numbered and dated when the clerk recorded it, as the paper says.
        var today = scan is null ? Formats.Today(time) : doc.IssuedDate!.Value;
        var registerId = doc.RegisterId ?? await RegisterOfYearAsync(doc.OrganizationId, today.Year, ct);
        var notation = doc.Notation ?? await NotationAsync(doc, org, ct);
        // The CRLs and OCSP answers of the head's signature and of the organ's certificate, asked before the register is locked.
        var gathered = await validation.GatherAsync(headSigned ?? scan!, organSigner, ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var number = scan is null ? await Registers.YearRegisters.NextNumberAsync(db, "OutgoingRegisters", registerId, auditLockFirst: false, ct) : doc.Number!.Value;
            var final = scan is null
                ? await pdf.NumberAndSealAsync(headSigned!, organSigner, org.Name, sealImage, headImage, doc.SignerAuthority is null ? 1 : 2, OutgoingDocument.Code(number, notation),
                    Pdf.Signing.Nd30Layout.PlaceAndDate(OrganAbbreviations.Place(org), today), now, ct)
                : await pdf.AuthenticateScanAsync(scan, organSigner, org.Name, OutgoingDocument.Code(number, notation), now, ct);
            var longTerm = await validation.AddAsync(final, gathered, ct);
            final = longTerm.Pdf;
            using var ms = new MemoryStream(final, writable: false);
            var content = await store.PutAsync(ms, $"{number}-{notation}.pdf", ct);
            if (scan is null) doc.MarkIssued(registerId, number, notation, today, content.Sha256, clerk.UserId, now);
            else doc.MarkPaperIssued(content.Sha256, clerk.UserId, now);
            if (r.Publish == true) doc.Publish(mayPublish, clerk.UserId, now);
            foreach (var appendix in await db.OutgoingAppendices.Where(a => a.DocumentId == doc.Id).OrderBy(a => a.Order).ToListAsync(ct))
            {
                var sealedAppendix = (await validation.AddAsync(
                    await pdf.SealAppendixAsync(await store.ReadAllBytesAsync(appendix.PdfSha256, ct), organSigner, org.Name, OutgoingDocument.Code(number, notation), now, ct),
                    gathered, ct)).Pdf;
                using var am = new MemoryStream(sealedAppendix, writable: false);
                appendix.MarkIssued((await store.PutAsync(am, appendix.FileName, ct)).Sha256);
            }
            var report = await anchors.VerifyPdfAsync(final, ct);
            foreach (var d in deliveries) d.Send(now, report.AllValid, report.Summary);
            var files = new List<ReceivedFileSpec> { new(OutgoingDocument.IssuedFileName(number, notation), content.Sha256, content.Length) };
            foreach (var a in await db.OutgoingAppendices.Where(a => a.DocumentId == doc.Id).OrderBy(a => a.Order).ToListAsync(ct))
                files.Add(new ReceivedFileSpec(Path.ChangeExtension(a.FileName, ".pdf"), a.IssuedSha256!, await store.LengthOfAsync(a.IssuedSha256!, ct)));
            var issued = new IssuedDocument(doc, org, await db.Users.Where(u => u.Id == doc.SignedByUserId).Select(u => u.FullName).FirstOrDefaultAsync(ct),
                files, report.AllValid, report.Summary, Pdf.Reading.PdfFile.Parse(final).Pages().Count, await ReplyToAsync(doc, ct));
            // Organs of the installation find it in their queue at once; the others are the exchange's to deliver.
            foreach (var d in deliveries.Where(d => d.Kind == RecipientKind.Internal))
            {
                var received = Incoming.ReceivedDocument.Internal(d.Id, d.RecipientOrganizationId!.Value, issued.Sender, issued.Metadata, now, report.AllValid, report.Summary);
                db.ReceivedDocuments.Add(received);
                db.ReceivedFiles.AddRange(files.Select((f, i) => new Incoming.ReceivedFile(received.Id, i, f.FileName, f.Sha256, f.Length, "application/pdf")));
            }
            await dispatch.DispatchAsync(issued, deliveries.Where(d => d.Kind == RecipientKind.External).ToList(), ct);
            var internalOrgs = deliveries.Where(d => d.Kind == RecipientKind.Internal).Select(d => d.RecipientOrganizationId!.Value).ToList();
            notify.Tell(await ClerksOfAsync(internalOrgs, ct), NotificationKinds.DocumentArrived,
                $"Văn bản {OutgoingDocument.Code(number, notation)} của {org.Name} chờ tiếp nhận", "/incoming/arrivals");
            notify.Tell([doc.AuthorUserId], NotificationKinds.DraftToReview, $"Văn bản đã phát hành: số {OutgoingDocument.Code(number, notation)}", Link(doc));
            db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "issued",
                scan is null ? $"Số {OutgoingDocument.Code(number, notation)}, gửi {deliveries.Count} nơi nhận"
                    : $"Bản giấy đã ký được số hóa, xác thực bằng chữ ký số của cơ quan; số {OutgoingDocument.Code(number, notation)}, gửi {deliveries.Count} nơi nhận", now));
            if (doc.PublishedAt is not null)
                db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "published", "Đăng trên trang công khai của cơ quan", now));
            else if (doc.PublishRequested)
                db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "not-published", "Văn thư không xác nhận đăng công khai", now));
            if (doc.ReplacesId is { } replacedId)
            {
                var replaced = await db.OutgoingDocuments.FirstAsync(d => d.Id == replacedId, ct);
                if (replaced.Status == OutgoingStatus.Issued)
                    await RecallCoreAsync(replaced, $"Được thay thế bằng văn bản số {OutgoingDocument.Code(number, notation)}", clerk.UserId, clerk.OnBehalfOfUserId, now, ct);
            }
            audit.Record("outgoing.issued", doc.OrganizationId, "outgoing", doc.Id.ToString(),
                new { number, notation, year = today.Year, sha256 = content.Sha256, organCertificate = cert.Thumbprint, recipients = deliveries.Count, published = doc.PublishedAt is not null, signedOnPaper = scan is not null,
                    longTermValidation = longTerm.Added, noRevocationDataFor = longTerm.Missing },
                onBehalfOf: clerk.OnBehalfOfUserId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new IssuedResult(doc.Id, number, notation, today, deliveries.Count);
        }
        catch (Exception e) when (e is DomainException { Error: var error } && error == Concurrency.Conflict || e is DbUpdateException)
        {
            // Someone issued it between our read and our write — caught by the document's version, or by the arrivals
            // it made first (same ids) — theirs stands, and we answer with it.
            db.ChangeTracker.Clear();
            var again = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            if (again.Status == OutgoingStatus.Issued) return await IssuedAsync(again, ct);
            throw;
        }
    }

    /// <summary>Off the organ's public page (a clerk or a head), with the reason in the trail; the document stays issued.</summary>
    public async Task UnpublishAsync(Guid id, ReasonRequest r, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var act = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? await ActOfHeadAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        doc.Unpublish();
        var reason = OutgoingDocument.Clean(r.Reason);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, act.UserId, act.OnBehalfOfUserId, "unpublished", reason.Length == 0 ? null : reason, time.GetUtcNow()));
        audit.Record("outgoing.unpublished", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { reason }, onBehalfOf: act.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The clerk records the day the signed paper copy left for a recipient marked "also on paper" (seed 003 Mục 2).</summary>
    public async Task PaperSentAsync(Guid id, Guid deliveryId, PaperSentRequest r, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        if (doc.Status != OutgoingStatus.Issued || doc.IssuedDate is not { } issued) throw new DomainException(OutgoingErrors.WrongStatus(doc.Status, "ghi nhận gửi bản giấy"));
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.DocumentId == doc.Id, ct) ?? throw new DomainException(OutgoingErrors.DeliveryNotFound);
        var today = Formats.Today(time);
        delivery.PaperSent(r.SentOn ?? today, issued, today, clerk.UserId);
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "paper-sent",
            $"Bản giấy gửi {delivery.RecipientName} ngày {Formats.Date(delivery.PaperSentOn)}", time.GetUtcNow()));
        audit.Record("outgoing.paper.sent", doc.OrganizationId, "outgoing", doc.Id.ToString(), new { delivery = delivery.Id, on = delivery.PaperSentOn }, onBehalfOf: clerk.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
    }

    public async Task RecallAsync(Guid id, ReasonRequest r, CancellationToken ct)
    {
        var doc = await drafts.ReadableAsync(id, ct, tracked: true);
        var act = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? await ActOfHeadAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        await RecallCoreAsync(doc, r.Reason, act.UserId, act.OnBehalfOfUserId, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Thu hồi: the document is marked recalled, every recipient's copy too; a copy already registered stays in the
    /// recipient's register, frozen (no further handling), and the recipients' clerks are told.
    /// </summary>
    private async Task RecallCoreAsync(OutgoingDocument doc, string? reason, Guid actor, Guid? onBehalfOf, DateTimeOffset now, CancellationToken ct)
    {
        doc.Recall(reason, now);
        var deliveries = await db.Deliveries.Where(d => d.DocumentId == doc.Id).ToListAsync(ct);
        foreach (var d in deliveries) d.Recall(now);
        var ids = deliveries.Select(d => d.Id).ToList();
        foreach (var received in await db.ReceivedDocuments.Where(x => x.SourceDeliveryId != null && ids.Contains(x.SourceDeliveryId.Value)).ToListAsync(ct))
            received.Recall(now);
        await dispatch.RecallAsync(doc, deliveries.Where(d => d.Kind == RecipientKind.External).ToList(), ct);
        var registered = deliveries.Where(d => d.IncomingDocumentId != null).Select(d => d.IncomingDocumentId!.Value).ToList();
        foreach (var incoming in await db.IncomingDocuments.Where(i => registered.Contains(i.Id)).ToListAsync(ct))
        {
            incoming.Freeze(now);
            await Search.SearchIndex.WithdrawAsync(db, incoming, now, ct);
            db.IncomingTrail.Add(new Incoming.IncomingTrailEntry(incoming.Id, actor, onBehalfOf, "recalled", doc.RecallReason, now));
        }
        var orgs = deliveries.Where(d => d.Kind == RecipientKind.Internal).Select(d => d.RecipientOrganizationId!.Value).ToList();
        notify.Tell(await ClerksOfAsync(orgs, ct), NotificationKinds.DocumentRecalled, $"Văn bản {OutgoingDocument.Code(doc.Number!.Value, doc.Notation!)} đã bị thu hồi: {OutgoingDrafts.Short(doc.RecallReason)}", "/incoming/arrivals");
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, actor, onBehalfOf, "recalled", doc.RecallReason, now));
        audit.Record("outgoing.recalled", doc.OrganizationId, "outgoing", doc.Id.ToString(), onBehalfOf: onBehalfOf);
    }

    private async Task<Act?> ActOfHeadAsync(Guid orgId, CancellationToken ct) =>
        await access.HeadGrantAsync(orgId, ct) is { } g ? new Act(current.UserId!.Value, g.OnBehalfOfUserId) : null;

    /// <summary>The notation the document gets from its organ, type and drafting department (NĐ30 Phụ lục I).</summary>
    private async Task<string> NotationAsync(OutgoingDocument doc, Organizations.Organization org, CancellationToken ct) =>
        doc.NotationFor(OrganAbbreviations.Of(org), doc.DepartmentId is { } dId
            ? await db.Departments.AsNoTracking().Where(x => x.Id == dId).Select(x => x.Code).FirstOrDefaultAsync(ct) : null);

    private async Task<IssuedResult> IssuedAsync(OutgoingDocument doc, CancellationToken ct) =>
        new(doc.Id, doc.Number!.Value, doc.Notation!, doc.IssuedDate!.Value, await db.Deliveries.CountAsync(d => d.DocumentId == doc.Id, ct));

    private Task<Guid> RegisterOfYearAsync(Guid organizationId, int year, CancellationToken ct) =>
        Registers.YearRegisters.OfYearAsync(db, db.OutgoingRegisters, organizationId, year, () => new OutgoingRegister(organizationId, year), ct);


    private Task<List<Guid>> ClerksAsync(Guid orgId, CancellationToken ct) => ClerksOfAsync([orgId], ct);

    private Task<List<Guid>> ClerksOfAsync(List<Guid> orgs, CancellationToken ct) => Notifier.HoldersAsync(db, orgs, Role.Clerk, ct);

    private async Task SaveAsync(OutgoingDocument doc, Guid? onBehalfOf, string action, string? text, CancellationToken ct)
    {
        db.OutgoingTrail.Add(new OutgoingTrailEntry(doc.Id, current.UserId!.Value, onBehalfOf, action, text, time.GetUtcNow()));
        diary.Record(doc.OrganizationId, "outgoing", doc.Id, action, $"{OutgoingText.Action(action)} văn bản đi: {doc.Subject}");
        audit.Record($"outgoing.{action}", doc.OrganizationId, "outgoing", doc.Id.ToString(), onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
    }

    private static string Link(OutgoingDocument doc) => $"/outgoing/{doc.Id}";
}

/// <summary>
/// The organ's short name in notations (NĐ30 Phụ lục I: chữ viết tắt tên cơ quan ban hành) and its place name on the
/// date line. The Confederation is TLĐ; provincial and city federations LĐLĐ; sector unions CĐN; others CĐ. An organ
/// can have its own in settings later; these are the union's usual forms.
/// </summary>
public static class OrganAbbreviations
{
    public static string Of(Organizations.Organization org) => org.Kind switch
    {
        Organizations.OrganizationKind.Confederation => "TLĐ",
        Organizations.OrganizationKind.ProvincialFederation => "LĐLĐ",
        Organizations.OrganizationKind.SectorUnion => "CĐN",
        Organizations.OrganizationKind.UpperUnion => "LĐLĐ",
        _ => "CĐ",
    };

    /// <summary>"Hà Nội" for the Confederation, the province's name for a provincial federation ("Nghệ An").</summary>
    public static string Place(Organizations.Organization org)
    {
        if (org.Kind == Organizations.OrganizationKind.Confederation) return "Hà Nội";
        foreach (var marker in new[] { "thành phố ", "tỉnh " })
        {
            var at = org.Name.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0) return org.Name[(at + marker.Length)..].Trim();
        }
        return "Hà Nội";
    }
}
