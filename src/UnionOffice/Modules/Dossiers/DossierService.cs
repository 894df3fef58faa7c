using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Dossiers;

public sealed record OpenDossierRequest(string? OrganizationCode, Guid? CatalogEntryId, string? Notation, string? Title, int? RetentionYears, bool Permanent,
    DateOnly? StartDate, string? Description);
public sealed record FileDocumentRequest(DossierItemKind Kind, Guid DocumentId);
public sealed record CloseDossierRequest(string? Title, int? RetentionYears, bool? Permanent);
public sealed record DossierListItem(Guid Id, int Year, string Notation, string Title, string Retention, string Status, int Items, DateOnly StartDate, DateOnly? EndDate,
    DateOnly? HandoverDue = null, bool CanSend = false);
public sealed record DossierItemDto(Guid Id, int Ordinal, string Kind, Guid RefId, string? Code, DateOnly Date, string Title, string? Author, int? Pages, string? Link);
public sealed record DossierDto(Guid Id, string OrganizationCode, int Year, string Notation, string Title, int? RetentionYears, string Retention, string Rights,
    string Language, string Keeper, string KeeperUserName, DateOnly StartDate, DateOnly? EndDate, string? Description, string Status, string StatusText,
    DateTimeOffset? ClosedAt, List<DossierItemDto> Items, bool CanEdit, Guid? CatalogEntryId, DateOnly? HandoverDue = null, DateTimeOffset? ArchivedAt = null,
    bool CanKeepBack = false, bool CanChangeKeeper = false, string? FrozenBy = null, bool CanFreeze = false);

/// <summary>
/// Work dossiers (NĐ30 Điều 29, Phụ lục VI III.4): opened by whoever keeps them, filled with the organ's documents by
/// reference and other files, numbered in time order, closed by their keeper; each person sees their own and how many
/// documents each holds. A dossier is read by its keeper, the heads of the keeper's departments and the organ's heads.
/// </summary>
public sealed class DossierService(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, IFileStore store, TimeProvider time)
{
    public async Task<Guid> OpenAsync(OpenDossierRequest r, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var today = Formats.Today(time);
        Dossier d;
        if (r.CatalogEntryId is { } entryId)
        {
            var entry = await db.CatalogEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId, ct) ?? throw new DomainException(DossierErrors.EntryNotFound);
            var catalog = await db.FileCatalogs.AsNoTracking().FirstAsync(c => c.Id == entry.CatalogId, ct);
            if (await access.MemberGrantAsync(catalog.OrganizationId, ct) is null) throw new DomainException(DossierErrors.EntryNotFound);
            if (catalog.Status != CatalogueStatus.Issued) throw new DomainException(DossierErrors.CatalogueWrongStatus(catalog.Status, "mở hồ sơ theo danh mục"));
            if (entry.KeeperUserId != me) throw new DomainException(DossierErrors.NotKeeper);
            if (await db.Dossiers.AnyAsync(x => x.CatalogEntryId == entry.Id, ct)) throw new DomainException(DossierErrors.EntryTaken);
            d = Dossier.Open(catalog.OrganizationId, catalog.Year, entry.Id, entry.Notation, entry.Title, entry.RetentionYears, me,
                r.StartDate ?? today, r.Description, time.GetUtcNow());
        }
        else
        {
            // Not in the catalogue (Điều 29.2): the person sets its title, notation, retention and start.
            var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
            if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
            if (!r.Permanent && r.RetentionYears is null) throw new DomainException(DossierErrors.Invalid(["Chọn thời hạn bảo quản: vĩnh viễn hoặc số năm."]));
            var start = r.StartDate ?? today;
            if (start > today) throw new DomainException(DossierErrors.Invalid(["Ngày bắt đầu không thể ở tương lai."]));
            d = Dossier.Open(org.Id, start.Year, null, r.Notation, r.Title, r.Permanent ? null : r.RetentionYears, me, start, r.Description, time.GetUtcNow());
        }
        db.Dossiers.Add(d);
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "opened", d.Title, time.GetUtcNow()));
        audit.Record("dossier.opened", d.OrganizationId, "dossier", d.Id.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DomainException(DossierErrors.EntryTaken); // opened twice at once: the unique entry holds
        }
        return d.Id;
    }

    /// <summary>The person's dossiers, newest first, with how many documents each holds (III.4đ).</summary>
    public async Task<List<DossierListItem>> MineAsync(int? year, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        return (await db.Dossiers.AsNoTracking().Where(d => d.KeeperUserId == me && (year == null || d.Year == year))
                .OrderByDescending(d => d.Year).ThenBy(d => d.Notation)
                .Select(d => new { d, Items = db.DossierItems.Count(i => i.DossierId == d.Id) }).Take(500).ToListAsync(ct))
            .Select(x => new DossierListItem(x.d.Id, x.d.Year, x.d.Notation, x.d.Title, DossierText.Retention(x.d.RetentionYears), DossierText.Status(x.d.Status),
                x.Items, x.d.StartDate, x.d.EndDate, x.d.HandoverDue, x.d.Status == DossierStatus.Closed && x.d.HandoverDue != null)).ToList();
    }

    public async Task<DossierDto> GetAsync(Guid id, CancellationToken ct)
    {
        var d = await ReadableAsync(id, ct);
        if (d.Status == DossierStatus.Archived)
        {
            // Every reading of the archive is logged (Phụ lục VI III.6l): the page, the contents, the package all come here.
            audit.Record("archive.dossier.read", d.OrganizationId, "dossier", d.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        var keeper = await db.Users.AsNoTracking().Where(u => u.Id == d.KeeperUserId).Select(u => new { u.FullName, u.UserName }).FirstAsync(ct);
        return new DossierDto(d.Id, org, d.Year, d.Notation, d.Title, d.RetentionYears, DossierText.Retention(d.RetentionYears), d.Rights, d.Language,
            keeper.FullName, keeper.UserName!, d.StartDate, d.EndDate, d.Description, d.Status.ToString(), DossierText.Status(d.Status), d.ClosedAt,
            await ItemsAsync(d.Id, ct), d.KeeperUserId == current.UserId && d.Status == DossierStatus.Open, d.CatalogEntryId, d.HandoverDue, d.ArchivedAt,
            CanKeepBack: d.Status == DossierStatus.Closed && d.LegalHandoverDue is not null && await access.HeadGrantAsync(d.OrganizationId, ct) is not null,
            CanChangeKeeper: d.Status is DossierStatus.Open or DossierStatus.Closed
                && (await access.HeadGrantAsync(d.OrganizationId, ct) is not null || await access.ArchiveGrantAsync(d.OrganizationId, ct) is not null),
            FrozenBy: await ArchiveRetention.FrozenAsync(db, d.Id, ct),
            CanFreeze: d.Status != DossierStatus.Destroyed && await access.HeadGrantAsync(d.OrganizationId, ct) is not null);
    }

    /// <summary>Files a document of the organ the keeper may read (an outgoing one once issued) into the dossier, by reference.</summary>
    public async Task FileAsync(Guid id, FileDocumentRequest r, CancellationToken ct)
    {
        var d = await KeptAsync(id, ct);
        if (!Enum.IsDefined(r.Kind) || r.Kind == DossierItemKind.File) throw new DomainException(DossierErrors.DocumentUnknown);
        DateOnly date;
        if (r.Kind == DossierItemKind.Incoming)
        {
            var doc = await db.IncomingDocuments.AsNoTracking().Where(x => x.Id == r.DocumentId).Select(x => new { x.OrganizationId, x.IssuedDate }).FirstOrDefaultAsync(ct);
            if (doc is null || doc.OrganizationId != d.OrganizationId || !await access.CanReadIncomingDocumentAsync(doc.OrganizationId, r.DocumentId, ct))
                throw new DomainException(DossierErrors.DocumentUnknown);
            date = doc.IssuedDate;
        }
        else date = await IssuedDateAsync(d, r.DocumentId, ct);
        if (await db.DossierItems.AnyAsync(i => i.DossierId == d.Id && i.Kind == r.Kind && i.RefId == r.DocumentId, ct)) throw new DomainException(DossierErrors.AlreadyFiled);
        db.DossierItems.Add(new DossierItem(d.Id, r.Kind, r.DocumentId, date, current.UserId!.Value, time.GetUtcNow()));
        await SaveNumberedAsync(d, "filed", r.Kind == DossierItemKind.Incoming ? "Văn bản đến" : "Văn bản đi", ct);
    }

    /// <summary>The issue date of an outgoing document of the dossier's organ that the keeper may read, issued (or recalled since).</summary>
    private async Task<DateOnly> IssuedDateAsync(Dossier d, Guid documentId, CancellationToken ct)
    {
        var doc = await db.OutgoingDocuments.AsNoTracking().Where(x => x.Id == documentId)
            .Select(x => new { x.OrganizationId, x.IssuedDate, x.Status, x.AuthorUserId, x.SignerUserId, x.DepartmentId }).FirstOrDefaultAsync(ct);
        if (doc is null || doc.OrganizationId != d.OrganizationId || doc.IssuedDate is null || doc.Status is not (OutgoingStatus.Issued or OutgoingStatus.Recalled)
            || !await access.CanReadOutgoingAsync(doc.OrganizationId, documentId, doc.AuthorUserId, doc.SignerUserId, doc.DepartmentId, ct))
            throw new DomainException(DossierErrors.DocumentUnknown);
        return doc.IssuedDate.Value;
    }

    /// <summary>
    /// The record another module keeps of a piece of work (a meeting's: its record sheet, its materials) filed at once into
    /// the keeper's dossier: its own files, stored once by their hash and dated the day of the work, and the issued
    /// documents that belong to it (its Giấy mời, Biên bản, Thông báo) by reference — those already there are not filed twice.
    /// The caller saves within its own transaction, so that the record is filed entirely or not at all.
    /// </summary>
    internal async Task FileRecordAsync(Guid id, IReadOnlyList<(string Name, string Sha256)> files, IReadOnlyList<Guid> outgoingIds, DateOnly day, string what,
        CancellationToken ct)
    {
        var d = await KeptAsync(id, ct);
        var me = current.UserId!.Value;
        var now = time.GetUtcNow();
        foreach (var (name, sha) in files)
        {
            await using var stream = await store.OpenReadAsync(sha, ct);
            var content = await store.PutAsync(stream, name, ct);
            var file = new DocumentFile("dossier", d.Id, content, name, me, now);
            db.DocumentFiles.Add(file);
            db.DossierItems.Add(new DossierItem(d.Id, DossierItemKind.File, file.Id, day, me, now));
        }
        foreach (var docId in outgoingIds)
        {
            var date = await IssuedDateAsync(d, docId, ct);
            if (!await db.DossierItems.AnyAsync(i => i.DossierId == d.Id && i.Kind == DossierItemKind.Outgoing && i.RefId == docId, ct))
                db.DossierItems.Add(new DossierItem(d.Id, DossierItemKind.Outgoing, docId, date, me, now));
        }
        await SaveNumberedAsync(d, "record-filed", what, ct);
    }

    /// <summary>
    /// Other files of the work (photos, recordings, notes): stored once by their hash, dated as the keeper says (the day a
    /// photo was taken, a note written; today when not said, never in the future) so they take their place in time order.
    /// </summary>
    public async Task<int> UploadAsync(Guid id, IReadOnlyList<IFormFile> files, CancellationToken ct, DateOnly? date = null)
    {
        var d = await KeptAsync(id, ct);
        if (files.Count == 0) throw new DomainException(FileErrors.Missing);
        var day = date ?? Formats.Today(time);
        if (day > Formats.Today(time)) throw new DomainException(DossierErrors.Invalid(["Ngày của tài liệu không thể ở tương lai."]));
        var now = time.GetUtcNow();
        foreach (var f in files)
        {
            await using var stream = f.OpenReadStream();
            var content = await store.PutAsync(stream, f.FileName, ct);
            var file = new DocumentFile("dossier", d.Id, content, f.FileName, current.UserId!.Value, now);
            db.DocumentFiles.Add(file);
            db.DossierItems.Add(new DossierItem(d.Id, DossierItemKind.File, file.Id, day, current.UserId!.Value, now));
        }
        await SaveNumberedAsync(d, "file-added", string.Join(", ", files.Select(f => f.FileName)), ct);
        return files.Count;
    }

    /// <summary>While reviewing it, the keeper takes out drafts and duplicates (by reference: the document itself stays).</summary>
    public async Task RemoveAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var d = await KeptAsync(id, ct);
        var item = await db.DossierItems.FirstOrDefaultAsync(i => i.Id == itemId && i.DossierId == d.Id, ct) ?? throw new DomainException(DossierErrors.ItemNotFound);
        db.DossierItems.Remove(item);
        await SaveNumberedAsync(d, "removed", null, ct, removed: item.Id);
    }

    /// <summary>
    /// The file a dossier's item stands for — an incoming document's first file, an outgoing one as issued (signed), another
    /// file as added — for whoever may read the dossier (a consultation reader too, who may not open the document's own
    /// page); every opening is logged.
    /// </summary>
    public async Task<(Stream Content, string ContentType, string FileName)> ItemFileAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        var d = await ReadableAsync(id, ct);
        var item = await db.DossierItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.DossierId == d.Id, ct) ?? throw new DomainException(DossierErrors.ItemNotFound);
        (string Sha, string Type, string Name)? file = item.Kind switch
        {
            DossierItemKind.Incoming => await db.DocumentFiles.AsNoTracking().Where(f => f.OwnerType == Incoming.IncomingFiles.OwnerType && f.OwnerId == item.RefId)
                .OrderBy(f => f.UploadedAt).Select(f => new ValueTuple<string, string, string>(f.Sha256, f.ContentType, f.FileName)).FirstOrDefaultAsync(ct),
            DossierItemKind.Outgoing => await db.OutgoingDocuments.AsNoTracking().Where(o => o.Id == item.RefId && o.IssuedSha256 != null)
                .Select(o => new { o.IssuedSha256, o.Number, o.Notation }).FirstOrDefaultAsync(ct) is { } o
                ? (o.IssuedSha256!, "application/pdf", OutgoingDocument.IssuedFileName(o.Number, o.Notation)) : null,
            _ => await db.DocumentFiles.AsNoTracking().Where(f => f.Id == item.RefId)
                .Select(f => new ValueTuple<string, string, string>(f.Sha256, f.ContentType, f.FileName)).FirstOrDefaultAsync(ct),
        };
        if (file is not { } found || found.Sha is null) throw new DomainException(DossierErrors.ItemFileMissing);
        audit.Record("dossier.item.opened", d.OrganizationId, "dossier", d.Id.ToString(), new { item = item.Id, found.Sha });
        await db.SaveChangesAsync(ct);
        return (await store.OpenReadAsync(found.Sha, ct), found.Type, found.Name);
    }

    /// <summary>Kết thúc hồ sơ: title and retention confirmed, closed; nothing changes afterwards.</summary>
    public async Task CloseAsync(Guid id, CloseDossierRequest r, CancellationToken ct)
    {
        var d = await KeptAsync(id, ct);
        var dates = await db.DossierItems.Where(i => i.DossierId == d.Id).Select(i => i.DocumentDate).ToListAsync(ct);
        d.Close(r.Title, r.Permanent == true ? null : r.RetentionYears, r.Permanent == true || r.RetentionYears is not null,
            dates.Count == 0 ? Formats.Today(time) : dates.Max(), dates.Count, time.GetUtcNow());
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, current.UserId!.Value, null, "closed", null, time.GetUtcNow()));
        audit.Record("dossier.closed", d.OrganizationId, "dossier", d.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Mục lục văn bản, tài liệu trong hồ sơ (NĐ30 Phụ lục V IV): seven columns, the documents in time order.</summary>
    public async Task<ExportedFile> ContentsAsync(Guid id, ExportFormat format, CancellationToken ct)
    {
        var d = await GetAsync(id, ct);
        var orgName = await db.Organizations.AsNoTracking().Where(o => o.Code == d.OrganizationCode).Select(o => o.Name).FirstAsync(ct);
        var rows = d.Items.Select(i => new PrintedRow([i.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Code, i.Date, i.Title, i.Author,
            i.Pages?.ToString(System.Globalization.CultureInfo.InvariantCulture), null]));
        var table = new PrintedTable(orgName, "MỤC LỤC VĂN BẢN, TÀI LIỆU", [$"Số, ký hiệu hồ sơ: {d.Notation}", $"Năm {d.Year}", d.Title],
            [new("STT", 6, true), new("Số, ký hiệu văn bản", 16), new("Ngày tháng năm văn bản", 12, true), new("Tên loại và trích yếu nội dung văn bản", 46),
             new("Tác giả văn bản", 22), new("Tờ số/ Trang số", 9, true), new("Ghi chú", 12)],
            rows, SheetName: "Mục lục văn bản");
        audit.Record("dossier.contents.exported", null, "dossier", d.Id.ToString(), new { format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Mục lục văn bản hồ sơ {d.Notation.Replace('/', '-')} năm {d.Year}");
    }

    /// <summary>
    /// Where to file a document the person just finished with: their open dossiers of the organ, those whose title shares the
    /// most words with the document's subject first.
    /// </summary>
    public async Task<List<DossierListItem>> SuggestAsync(DossierItemKind kind, Guid documentId, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var doc = kind == DossierItemKind.Incoming
            ? await db.IncomingDocuments.AsNoTracking().Where(x => x.Id == documentId).Select(x => new { x.OrganizationId, x.Subject }).FirstOrDefaultAsync(ct)
            : await db.OutgoingDocuments.AsNoTracking().Where(x => x.Id == documentId).Select(x => new { x.OrganizationId, x.Subject }).FirstOrDefaultAsync(ct);
        if (doc is null) throw new DomainException(DossierErrors.DocumentUnknown);
        var words = VietnameseText.Fold(doc.Subject).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 2).ToHashSet();
        var open = await db.Dossiers.AsNoTracking().Where(d => d.KeeperUserId == me && d.OrganizationId == doc.OrganizationId && d.Status == DossierStatus.Open)
            .Select(d => new { d, Items = db.DossierItems.Count(i => i.DossierId == d.Id) }).ToListAsync(ct);
        return open.OrderByDescending(x => VietnameseText.Fold(x.d.Title).Split(' ').Count(words.Contains)).ThenByDescending(x => x.d.Year).Take(10)
            .Select(x => new DossierListItem(x.d.Id, x.d.Year, x.d.Notation, x.d.Title, DossierText.Retention(x.d.RetentionYears), DossierText.Status(x.d.Status),
                x.Items, x.d.StartDate, x.d.EndDate)).ToList();
    }

    /// <summary>The items with what the table of contents prints: number and notation, date, type and subject, author, pages.</summary>
    private async Task<List<DossierItemDto>> ItemsAsync(Guid dossierId, CancellationToken ct)
    {
        var items = await db.DossierItems.AsNoTracking().Where(i => i.DossierId == dossierId).OrderBy(i => i.Ordinal).ToListAsync(ct);
        var inIds = items.Where(i => i.Kind == DossierItemKind.Incoming).Select(i => i.RefId).ToList();
        var outIds = items.Where(i => i.Kind == DossierItemKind.Outgoing).Select(i => i.RefId).ToList();
        var fileIds = items.Where(i => i.Kind == DossierItemKind.File).Select(i => i.RefId).ToList();
        var incoming = await db.IncomingDocuments.AsNoTracking().Where(x => inIds.Contains(x.Id))
            .Select(x => new { x.Id, x.CodeNumber, x.CodeNotation, x.TypeName, x.Subject, x.IssuerName, x.PageAmount }).ToDictionaryAsync(x => x.Id, ct);
        var outgoing = await (from x in db.OutgoingDocuments.AsNoTracking()
                              join o in db.Organizations on x.OrganizationId equals o.Id
                              where outIds.Contains(x.Id)
                              select new { x.Id, x.Number, x.Notation, x.TypeName, x.Subject, o.Name }).ToDictionaryAsync(x => x.Id, ct);
        var files = await db.DocumentFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).Select(f => new { f.Id, f.FileName }).ToDictionaryAsync(f => f.Id, ct);
        return items.Select(i => i.Kind switch
        {
            DossierItemKind.Incoming when incoming.TryGetValue(i.RefId, out var x) => new DossierItemDto(i.Id, i.Ordinal, i.Kind.ToString(), i.RefId,
                $"{x.CodeNumber}/{x.CodeNotation}", i.DocumentDate, $"{x.TypeName}: {x.Subject}", x.IssuerName, x.PageAmount, $"/incoming/{i.RefId}"),
            DossierItemKind.Outgoing when outgoing.TryGetValue(i.RefId, out var x) => new DossierItemDto(i.Id, i.Ordinal, i.Kind.ToString(), i.RefId,
                x.Number is { } n && x.Notation is not null ? OutgoingDocument.Code(n, x.Notation) : null, i.DocumentDate, $"{x.TypeName}: {x.Subject}", x.Name, null, $"/outgoing/{i.RefId}"),
            DossierItemKind.File when files.TryGetValue(i.RefId, out var f) => new DossierItemDto(i.Id, i.Ordinal, i.Kind.ToString(), i.RefId, null, i.DocumentDate,
                f.FileName, null, null, null),
            _ => new DossierItemDto(i.Id, i.Ordinal, i.Kind.ToString(), i.RefId, null, i.DocumentDate, "(không còn)", null, null, null),
        }).ToList();
    }

    /// <summary>Saves with every item numbered again in time order (document date, then when it was filed): III.4b.</summary>
    private async Task SaveNumberedAsync(Dossier d, string action, string? text, CancellationToken ct, Guid? removed = null)
    {
        var items = await db.DossierItems.Where(i => i.DossierId == d.Id && i.Id != removed).ToListAsync(ct);
        items.AddRange(db.ChangeTracker.Entries<DossierItem>().Where(e => e.State == EntityState.Added && e.Entity.DossierId == d.Id).Select(e => e.Entity));
        var n = 0;
        foreach (var i in items.DistinctBy(i => i.Id).OrderBy(i => i.DocumentDate).ThenBy(i => i.FiledAt).ThenBy(i => i.Id)) i.Place(++n);
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, current.UserId!.Value, null, action, text, time.GetUtcNow()));
        audit.Record($"dossier.{action}", d.OrganizationId, "dossier", d.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    private async Task<Dossier> KeptAsync(Guid id, CancellationToken ct)
    {
        var d = await ReadableAsync(id, ct, tracked: true);
        if (d.KeeperUserId != current.UserId) throw new DomainException(DossierErrors.NotKeeper);
        d.RequireOpen();
        await ArchiveRetention.RequireNotFrozenAsync(db, d.Id, ct);
        return d;
    }

    private async Task<Dossier> ReadableAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.Dossiers : db.Dossiers.AsNoTracking();
        var d = await q.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.NotFound);
        if (!await CanReadAsync(d, ct)) throw new DomainException(DossierErrors.NotFound);
        return d;
    }

    /// <summary>
    /// Its keeper, the heads of the departments the keeper works in, the organ's heads; the archive once it is sent there;
    /// in the archive, whoever holds an approved consultation request.
    /// </summary>
    private async Task<bool> CanReadAsync(Dossier d, CancellationToken ct)
    {
        if (d.KeeperUserId == current.UserId) return true;
        if (await access.HeadGrantAsync(d.OrganizationId, ct) is not null) return true;
        if (d.Status is DossierStatus.Transferring or DossierStatus.Archived && await access.ArchiveGrantAsync(d.OrganizationId, ct) is not null) return true;
        // In the archive: whoever holds an approved request to consult it, until its last day (Phụ lục VI III.6c).
        var today = Formats.Today(time);
        if (d.Status == DossierStatus.Archived && await db.ConsultRequests.AnyAsync(c => c.DossierId == d.Id && c.RequesterUserId == current.UserId
                && c.Status == ConsultStatus.Approved && c.ValidUntil >= today, ct)) return true;
        var led = await current.DepartmentsLedAsync(ct);
        return led.Count > 0 && await db.RoleAssignments.AnyAsync(r => r.UserId == d.KeeperUserId && r.OrganizationId == d.OrganizationId
            && r.DepartmentId != null && led.Contains(r.DepartmentId.Value), ct);
    }
}
