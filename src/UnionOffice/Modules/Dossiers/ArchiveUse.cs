using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Search;

namespace UnionOffice.Modules.Dossiers;

public sealed record ArchiveSearchHit(Guid Id, int Year, string Notation, string Title, string Retention, string Keeper, int Items, DateTimeOffset? ArchivedAt,
    bool CanRead);
public sealed record ConsultRequestBody(Guid DossierId, string? Purpose, DateOnly? Until);
public sealed record ConsultDecisionBody(bool Approve, DateOnly? Until, string? Note);
public sealed record ConsultDto(Guid Id, Guid DossierId, string Notation, string Title, string Requester, string Purpose, DateOnly RequestedUntil, string Status,
    string StatusText, string? Decider, DateOnly? ValidUntil, string? Note, DateTimeOffset CreatedAt, bool CanDecide, bool CanEnd, bool Active);

/// <summary>
/// The archive in use (NĐ30 Phụ lục VI III.6): finding dossiers in the organ's archive — everyone of the organ by the
/// dossier's own description (as the catalogue shows it), the archive and the heads also by what its documents say,
/// their metadata and their text (III.6d) — and reading one on an approved request with a time limit (III.6c), every
/// reading logged (III.6l, <see cref="DossierService"/>).
/// </summary>
public sealed class ArchiveUse(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, SearchIndex search, TimeProvider time)
{
    public const string DossierEntry = "dossier";
    public const string DocumentsEntry = "dossier-docs";

    public async Task<List<ArchiveSearchHit>> SearchAsync(string? organizationCode, string? q, int? year, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var full = await access.ArchiveGrantAsync(org.Id, ct) is not null || await access.HeadGrantAsync(org.Id, ct) is not null;
        var words = SearchText.Words(q);
        var archived = db.Dossiers.AsNoTracking().Where(d => d.OrganizationId == org.Id && d.Status == DossierStatus.Archived && (year == null || d.Year == year));
        if (words.Count > 0)
        {
            var own = search.MatchInOrganization(DossierEntry, org.Id, words).Select(e => e.OwnerId);
            if (full)
            {
                var docs = search.MatchInOrganization(DocumentsEntry, org.Id, words).Select(e => e.OwnerId);
                var text = search.MatchInOrganization(SearchIndex.Incoming, org.Id, words).Select(e => e.OwnerId);
                var byText = db.DossierItems.Where(i => i.Kind == DossierItemKind.Incoming && text.Contains(i.RefId)).Select(i => i.DossierId);
                archived = archived.Where(d => own.Contains(d.Id) || docs.Contains(d.Id) || byText.Contains(d.Id));
            }
            else archived = archived.Where(d => own.Contains(d.Id));
        }
        var rows = await (from d in archived
                          join u in db.Users on d.KeeperUserId equals u.Id
                          orderby d.Year descending, d.Notation
                          select new { d, u.FullName, Items = db.DossierItems.Count(i => i.DossierId == d.Id) }).Take(100).ToListAsync(ct);
        var me = current.UserId;
        var today = Formats.Today(time);
        var ids = rows.Select(r => r.d.Id).ToList();
        var consulting = await db.ConsultRequests.AsNoTracking()
            .Where(c => ids.Contains(c.DossierId) && c.RequesterUserId == me && c.Status == ConsultStatus.Approved && c.ValidUntil >= today)
            .Select(c => c.DossierId).ToListAsync(ct);
        audit.Record("archive.searched", org.Id, "organization", org.Id.ToString(), new { q = q is { Length: > 100 } ? q[..100] : q, year, found = rows.Count });
        await db.SaveChangesAsync(ct);
        return rows.Select(r => new ArchiveSearchHit(r.d.Id, r.d.Year, r.d.Notation, r.d.Title, DossierText.Retention(r.d.RetentionYears), r.FullName, r.Items,
            r.d.ArchivedAt, full || r.d.KeeperUserId == me || consulting.Contains(r.d.Id))).ToList();
    }

    /// <summary>Someone of the organ asks to read a dossier of its archive, saying why and until when; the organ's heads are told.</summary>
    public async Task<Guid> RequestAsync(ConsultRequestBody r, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var d = await db.Dossiers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == r.DossierId, ct) ?? throw new DomainException(DossierErrors.NotFound);
        if (await access.MemberGrantAsync(d.OrganizationId, ct) is null) throw new DomainException(DossierErrors.NotFound);
        var readsIt = d.KeeperUserId == me || await access.ArchiveGrantAsync(d.OrganizationId, ct) is not null || await access.HeadGrantAsync(d.OrganizationId, ct) is not null;
        // A dossier not in the archive is its keeper's: someone else learns nothing of it, not even that it exists.
        if (d.Status != DossierStatus.Archived) throw new DomainException(readsIt ? DossierErrors.NotArchived : DossierErrors.NotFound);
        if (readsIt) throw new DomainException(DossierErrors.ConsultNeedless);
        var today = Formats.Today(time);
        var c = new ConsultRequest(d.OrganizationId, d.Id, me, r.Purpose, r.Until ?? today.AddDays(7), today, time.GetUtcNow());
        db.ConsultRequests.Add(c);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.FullName).FirstAsync(ct);
        notify.Tell(await Notifier.HoldersAsync(db, [d.OrganizationId], Accounts.Role.Head, ct), NotificationKinds.ConsultAsked,
            $"{name} đề nghị khai thác hồ sơ lưu trữ {d.Notation}: {Work.WorkReminders.Short(c.Purpose)}", "/archive?view=consults");
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "consult-asked", c.Purpose, time.GetUtcNow()));
        audit.Record("archive.consult.asked", d.OrganizationId, "dossier", d.Id.ToString(), new { request = c.Id });
        await db.SaveChangesAsync(ct);
        return c.Id;
    }

    /// <summary>Requests the person made, and those of the organs they head or keep the archive of (newest first).</summary>
    public async Task<List<ConsultDto>> ListAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var heads = new HashSet<Guid>();
        var archives = new HashSet<Guid>();
        foreach (var o in (await current.GrantsAsync(ct)).Select(g => g.OrganizationId).Distinct())
        {
            if (await access.HeadGrantAsync(o, ct) is not null) heads.Add(o);
            if (await access.ArchiveGrantAsync(o, ct) is not null) archives.Add(o);
        }
        var rows = await (from c in db.ConsultRequests.AsNoTracking()
                          join d in db.Dossiers on c.DossierId equals d.Id
                          join u in db.Users on c.RequesterUserId equals u.Id
                          join x in db.Users on c.DeciderUserId equals x.Id into xs
                          from x in xs.DefaultIfEmpty()
                          where c.RequesterUserId == me || heads.Contains(c.OrganizationId) || archives.Contains(c.OrganizationId)
                          orderby c.CreatedAt descending
                          select new { c, d.Notation, d.Title, Requester = u.FullName, Decider = x == null ? null : x.FullName }).Take(300).ToListAsync(ct);
        var today = Formats.Today(time);
        return rows.Select(r => new ConsultDto(r.c.Id, r.c.DossierId, r.Notation, r.Title, r.Requester, r.c.Purpose, r.c.RequestedUntil, r.c.Status.ToString(),
            ConsultRequest.StatusText(r.c.Status), r.Decider, r.c.ValidUntil, r.c.Note, r.c.CreatedAt,
            CanDecide: r.c.Status == ConsultStatus.Pending && heads.Contains(r.c.OrganizationId) && r.c.RequesterUserId != me,
            CanEnd: r.c.Status is ConsultStatus.Pending or ConsultStatus.Approved && (r.c.RequesterUserId == me || heads.Contains(r.c.OrganizationId)),
            Active: r.c.IsActive(today))).ToList();
    }

    /// <summary>The organ's head approves (for at most the time asked) or refuses with a reason; the person is told.</summary>
    public async Task DecideAsync(Guid id, ConsultDecisionBody r, CancellationToken ct)
    {
        var c = await db.ConsultRequests.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.ConsultNotFound);
        if (await access.HeadGrantAsync(c.OrganizationId, ct) is null)
        {
            if (c.RequesterUserId == current.UserId) throw new DomainException(Error.Forbidden);
            throw new DomainException(DossierErrors.ConsultNotFound);
        }
        if (c.RequesterUserId == current.UserId) throw new DomainException(Error.Forbidden);
        var now = time.GetUtcNow();
        c.Decide(r.Approve, r.Until, r.Note, current.UserId!.Value, Formats.Today(time), now);
        var d = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == c.DossierId, ct);
        notify.Tell([c.RequesterUserId], NotificationKinds.ConsultDecided, r.Approve
            ? $"Đề nghị khai thác hồ sơ {d.Notation} được duyệt đến ngày {Formats.Date(c.ValidUntil)}"
            : $"Đề nghị khai thác hồ sơ {d.Notation} bị từ chối: {Work.WorkReminders.Short(c.Note!)}", $"/dossiers/{d.Id}");
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, current.UserId!.Value, null, r.Approve ? "consult-approved" : "consult-refused",
            r.Approve ? $"đến {Formats.Date(c.ValidUntil)}" : c.Note, now));
        audit.Record(r.Approve ? "archive.consult.approved" : "archive.consult.refused", c.OrganizationId, "dossier", d.Id.ToString(), new { request = c.Id });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The person (done reading) or the head ends a request before its time.</summary>
    public async Task EndAsync(Guid id, CancellationToken ct)
    {
        var c = await db.ConsultRequests.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.ConsultNotFound);
        if (c.RequesterUserId != current.UserId && await access.HeadGrantAsync(c.OrganizationId, ct) is null) throw new DomainException(DossierErrors.ConsultNotFound);
        c.End();
        audit.Record("archive.consult.ended", c.OrganizationId, "dossier", c.DossierId.ToString(), new { request = c.Id });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// What search finds of dossiers that entered the archive: their own description (for everyone of the organ), and the
    /// metadata of their documents (for the archive and the heads); the text of incoming documents is in their own entries.
    /// </summary>
    public static async Task IndexAsync(AppDbContext db, IReadOnlyCollection<Guid> dossierIds, DateTimeOffset now, CancellationToken ct)
    {
        var dossiers = await (from d in db.Dossiers.AsNoTracking()
                              join u in db.Users on d.KeeperUserId equals u.Id
                              where dossierIds.Contains(d.Id)
                              select new { d, u.FullName }).ToListAsync(ct);
        var items = await db.DossierItems.AsNoTracking().Where(i => dossierIds.Contains(i.DossierId)).ToListAsync(ct);
        var inIds = items.Where(i => i.Kind == DossierItemKind.Incoming).Select(i => i.RefId).ToList();
        var outIds = items.Where(i => i.Kind == DossierItemKind.Outgoing).Select(i => i.RefId).ToList();
        var fileIds = items.Where(i => i.Kind == DossierItemKind.File).Select(i => i.RefId).ToList();
        var incoming = await db.IncomingDocuments.AsNoTracking().Where(x => inIds.Contains(x.Id))
            .Select(x => new { x.Id, Text = x.CodeNumber + "/" + x.CodeNotation + " " + x.TypeName + " " + x.Subject + " " + x.IssuerName }).ToDictionaryAsync(x => x.Id, x => x.Text, ct);
        var outgoing = await db.OutgoingDocuments.AsNoTracking().Where(x => outIds.Contains(x.Id))
            .Select(x => new { x.Id, x.Number, x.Notation, x.TypeName, x.Subject }).ToDictionaryAsync(x => x.Id, x => $"{x.Number}/{x.Notation} {x.TypeName} {x.Subject}", ct);
        var files = await db.DocumentFiles.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.FileName, ct);
        var existing = await db.SearchEntries.Where(e => (e.OwnerType == DossierEntry || e.OwnerType == DocumentsEntry) && dossierIds.Contains(e.OwnerId)).ToListAsync(ct);
        foreach (var x in dossiers)
        {
            var own = $"{x.d.Notation} {x.d.Title} {x.d.Description} {x.d.Year} {x.FullName}";
            var docs = string.Join(' ', items.Where(i => i.DossierId == x.d.Id).Select(i => i.Kind switch
            {
                DossierItemKind.Incoming => incoming.GetValueOrDefault(i.RefId),
                DossierItemKind.Outgoing => outgoing.GetValueOrDefault(i.RefId),
                _ => files.GetValueOrDefault(i.RefId),
            }));
            foreach (var (type, text) in new[] { (DossierEntry, own), (DocumentsEntry, docs) })
            {
                if (existing.FirstOrDefault(e => e.OwnerType == type && e.OwnerId == x.d.Id) is { } e) e.Update(text, now);
                else db.SearchEntries.Add(new SearchEntry(type, x.d.Id, x.d.OrganizationId, text, now));
            }
        }
    }
}
