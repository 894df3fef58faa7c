using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Dossiers;

public sealed record CatalogueRequest(string? OrganizationCode, int Year, bool NumberPerHeading, bool CopyLastYear);
public sealed record HeadingRequest(string? Title, string? Abbreviation, Guid? ParentId, string? DepartmentCode);
public sealed record EntryRequest(Guid HeadingId, string? Title, int? RetentionYears, bool Permanent, string? KeeperUserName, string? Note);
public sealed record ApproveCatalogueRequest(string? Decision);
public sealed record CatalogueEntryDto(Guid Id, int? Number, string? Notation, string Title, int? RetentionYears, string Retention, string Keeper,
    string KeeperUserName, string? Note, Guid? DossierId);
public sealed record CatalogueHeadingDto(Guid Id, Guid? ParentId, string Label, string Title, string? Abbreviation, List<CatalogueEntryDto> Entries);
public sealed record CatalogueDto(Guid Id, string OrganizationCode, string OrganizationName, int Year, string Status, string StatusText, string? Decision,
    bool NumberPerHeading, DateTimeOffset? IssuedAt, List<CatalogueHeadingDto> Headings, int Total, int Permanent, int Limited, bool CanEdit, bool CanApprove, bool CanIssue);

/// <summary>
/// The year's catalogue of dossiers (Danh mục hồ sơ, NĐ30 Điều 28, Phụ lục V): drafted by the office (the clerk, or the
/// head) — from last year's as a start —, approved by the head, which numbers it, issued to the departments, whose
/// keepers are told; exported in the form of Phụ lục V. Read by the people of the organ.
/// </summary>
public sealed class Catalogues(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, TimeProvider time)
{
    public async Task<Guid> CreateAsync(CatalogueRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        await RequireOfficeAsync(org.Id, ct);
        if (await db.FileCatalogs.AnyAsync(c => c.OrganizationId == org.Id && c.Year == r.Year, ct)) throw new DomainException(DossierErrors.CatalogueExists);
        var catalog = new FileCatalog(org.Id, r.Year, r.NumberPerHeading, current.UserId!.Value, time.GetUtcNow());
        db.FileCatalogs.Add(catalog);
        if (r.CopyLastYear && await db.FileCatalogs.AsNoTracking().FirstOrDefaultAsync(c => c.OrganizationId == org.Id && c.Year == r.Year - 1, ct) is { } last)
        {
            // Last year's structure and planned dossiers as a start (keepers still in the organ only).
            var members = await db.RoleAssignments.Where(a => a.OrganizationId == org.Id).Select(a => a.UserId).Distinct().ToListAsync(ct);
            var map = new Dictionary<Guid, Guid>();
            foreach (var h in await db.CatalogHeadings.AsNoTracking().Where(h => h.CatalogId == last.Id).OrderBy(h => h.ParentId != null).ThenBy(h => h.Order).ToListAsync(ct))
            {
                var copy = new CatalogHeading(catalog.Id, h.ParentId is { } p ? map[p] : null, h.Order, h.Title, h.Abbreviation, h.DepartmentId);
                map[h.Id] = copy.Id;
                db.CatalogHeadings.Add(copy);
            }
            foreach (var e in await db.CatalogEntries.AsNoTracking().Where(e => e.CatalogId == last.Id && members.Contains(e.KeeperUserId)).ToListAsync(ct))
                db.CatalogEntries.Add(new CatalogEntry(catalog.Id, map[e.HeadingId], e.Order, e.Title, e.RetentionYears, e.KeeperUserId, e.Note));
        }
        audit.Record("catalogue.drafted", org.Id, "catalogue", catalog.Id.ToString(), new { r.Year });
        await db.SaveChangesAsync(ct);
        return catalog.Id;
    }

    public async Task<Guid> AddHeadingAsync(Guid id, HeadingRequest r, CancellationToken ct)
    {
        var c = await EditableAsync(id, ct);
        if (r.ParentId is { } p && !await db.CatalogHeadings.AnyAsync(h => h.Id == p && h.CatalogId == c.Id && h.ParentId == null, ct))
            throw new DomainException(DossierErrors.HeadingNotFound);
        Guid? dept = null;
        if (!string.IsNullOrWhiteSpace(r.DepartmentCode))
            dept = await OrganMembers.DepartmentAsync(db, c.OrganizationId, r.DepartmentCode, ct) ?? throw new DomainException(Error.NotFound("phòng/ban"));
        var order = await db.CatalogHeadings.Where(h => h.CatalogId == c.Id && h.ParentId == r.ParentId).Select(h => (int?)h.Order).MaxAsync(ct) ?? 0;
        var heading = new CatalogHeading(c.Id, r.ParentId, order + 1, r.Title, r.Abbreviation, dept);
        db.CatalogHeadings.Add(heading);
        await db.SaveChangesAsync(ct);
        return heading.Id;
    }

    public async Task<Guid> AddEntryAsync(Guid id, EntryRequest r, CancellationToken ct)
    {
        var c = await EditableAsync(id, ct);
        if (!await db.CatalogHeadings.AnyAsync(h => h.Id == r.HeadingId && h.CatalogId == c.Id, ct)) throw new DomainException(DossierErrors.HeadingNotFound);
        var keeper = await OrganMembers.PersonAsync(db, c.OrganizationId, r.KeeperUserName, null, null, ct)
            ?? throw new DomainException(DossierErrors.Invalid(["Người lập hồ sơ phải là người của cơ quan."]));
        if (!r.Permanent && r.RetentionYears is null) throw new DomainException(DossierErrors.Invalid(["Chọn thời hạn bảo quản: vĩnh viễn hoặc số năm."]));
        var order = await db.CatalogEntries.Where(e => e.HeadingId == r.HeadingId).Select(e => (int?)e.Order).MaxAsync(ct) ?? 0;
        var entry = new CatalogEntry(c.Id, r.HeadingId, order + 1, r.Title, r.Permanent ? null : r.RetentionYears, keeper, r.Note);
        db.CatalogEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    public async Task RemoveEntryAsync(Guid id, Guid entryId, CancellationToken ct)
    {
        var c = await EditableAsync(id, ct);
        var e = await db.CatalogEntries.FirstOrDefaultAsync(x => x.Id == entryId && x.CatalogId == c.Id, ct) ?? throw new DomainException(DossierErrors.EntryNotFound);
        db.CatalogEntries.Remove(e);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The head approves: the planned dossiers take their numbers and notations, in the catalogue's order.</summary>
    public async Task ApproveAsync(Guid id, ApproveCatalogueRequest r, CancellationToken ct)
    {
        var c = await db.FileCatalogs.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.CatalogueNotFound);
        var head = await access.HeadGrantAsync(c.OrganizationId, ct);
        if (head is null) throw new DomainException(await CanReadAsync(c.OrganizationId, ct) ? Error.Forbidden : DossierErrors.CatalogueNotFound);
        var headings = await db.CatalogHeadings.Where(h => h.CatalogId == c.Id).ToListAsync(ct);
        var entries = await db.CatalogEntries.Where(e => e.CatalogId == c.Id).ToListAsync(ct);
        if (entries.Count == 0) throw new DomainException(DossierErrors.Invalid(["Danh mục chưa có hồ sơ nào."]));
        c.Approve(r.Decision, current.UserId!.Value, time.GetUtcNow());
        var number = 0;
        foreach (var big in headings.Where(h => h.ParentId == null).OrderBy(h => h.Order))
        {
            if (c.NumberPerHeading) number = 0;
            var inBig = entries.Where(e => e.HeadingId == big.Id).OrderBy(e => e.Order)
                .Concat(headings.Where(h => h.ParentId == big.Id).OrderBy(h => h.Order).SelectMany(s => entries.Where(e => e.HeadingId == s.Id).OrderBy(e => e.Order)));
            foreach (var e in inBig) e.Numbered(++number, big.Abbreviation!);
        }
        audit.Record("catalogue.approved", c.OrganizationId, "catalogue", c.Id.ToString(), onBehalfOf: head.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Issued to the departments at the start of the year: each keeper is told which dossiers are theirs to keep.</summary>
    public async Task IssueAsync(Guid id, CancellationToken ct)
    {
        var c = await db.FileCatalogs.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.CatalogueNotFound);
        await RequireOfficeAsync(c.OrganizationId, ct);
        c.Issue(time.GetUtcNow());
        foreach (var g in (await db.CatalogEntries.AsNoTracking().Where(e => e.CatalogId == c.Id).ToListAsync(ct)).GroupBy(e => e.KeeperUserId))
            notify.Tell([g.Key], "dossier-assigned", $"Danh mục hồ sơ năm {c.Year}: bạn được giao lập {g.Count()} hồ sơ", "/dossiers");
        audit.Record("catalogue.issued", c.OrganizationId, "catalogue", c.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    public async Task<CatalogueDto?> ForYearAsync(string? organizationCode, int year, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await CanReadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var id = await db.FileCatalogs.AsNoTracking().Where(c => c.OrganizationId == org.Id && c.Year == year).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        return id is { } i ? await GetAsync(i, ct) : null;
    }

    public async Task<CatalogueDto> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await db.FileCatalogs.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.CatalogueNotFound);
        if (!await CanReadAsync(c.OrganizationId, ct)) throw new DomainException(DossierErrors.CatalogueNotFound);
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == c.OrganizationId).Select(o => new { o.Code, o.Name }).FirstAsync(ct);
        var headings = await db.CatalogHeadings.AsNoTracking().Where(h => h.CatalogId == c.Id).ToListAsync(ct);
        var entries = await (from e in db.CatalogEntries.AsNoTracking()
                             join u in db.Users on e.KeeperUserId equals u.Id
                             where e.CatalogId == c.Id
                             select new { e, u.FullName, u.UserName, Dossier = db.Dossiers.Where(d => d.CatalogEntryId == e.Id).Select(d => (Guid?)d.Id).FirstOrDefault() })
            .ToListAsync(ct);
        List<CatalogueEntryDto> Of(Guid heading) => entries.Where(x => x.e.HeadingId == heading).OrderBy(x => x.e.Order)
            .Select(x => new CatalogueEntryDto(x.e.Id, x.e.Number, x.e.Notation, x.e.Title, x.e.RetentionYears, DossierText.Retention(x.e.RetentionYears),
                x.FullName, x.UserName!, x.e.Note, x.Dossier)).ToList();
        var list = new List<CatalogueHeadingDto>();
        var i = 0;
        foreach (var big in headings.Where(h => h.ParentId == null).OrderBy(h => h.Order))
        {
            list.Add(new CatalogueHeadingDto(big.Id, null, $"{DossierText.Roman(++i)}.", big.Title, big.Abbreviation, Of(big.Id)));
            var j = 0;
            foreach (var small in headings.Where(h => h.ParentId == big.Id).OrderBy(h => h.Order))
                list.Add(new CatalogueHeadingDto(small.Id, big.Id, $"{++j}.", small.Title, null, Of(small.Id)));
        }
        var office = await access.IsOfficeAsync(c.OrganizationId, ct);
        var head = await access.HeadGrantAsync(c.OrganizationId, ct) is not null;
        return new CatalogueDto(c.Id, org.Code, org.Name, c.Year, c.Status.ToString(), DossierText.Status(c.Status), c.Decision, c.NumberPerHeading, c.IssuedAt, list,
            entries.Count, entries.Count(x => x.e.RetentionYears is null), entries.Count(x => x.e.RetentionYears is not null),
            CanEdit: office && c.Status == CatalogueStatus.Draft, CanApprove: head && c.Status == CatalogueStatus.Draft, CanIssue: office && c.Status == CatalogueStatus.Approved);
    }

    /// <summary>The catalogue in the form of NĐ30 Phụ lục V II: five columns, headings as rows, the counts above.</summary>
    public async Task<ExportedFile> ExportAsync(Guid id, ExportFormat format, CancellationToken ct)
    {
        var c = await GetAsync(id, ct);
        var rows = new List<PrintedRow>();
        foreach (var h in c.Headings)
        {
            rows.Add(new PrintedRow([null, $"{h.Label} {(h.ParentId is null ? h.Title.ToUpperInvariant() : h.Title)}", null, null, null], Strong: h.ParentId is null));
            foreach (var e in h.Entries) rows.Add(new PrintedRow([e.Notation ?? "", e.Title, e.Retention, e.Keeper, e.Note]));
        }
        var lines = new List<string> { $"Năm {c.Year}" };
        if (c.Decision is not null) lines.Add($"(Kèm theo {c.Decision})");
        lines.Add($"Danh mục hồ sơ này có {c.Total} hồ sơ, bao gồm: {c.Permanent} hồ sơ bảo quản vĩnh viễn; {c.Limited} hồ sơ bảo quản có thời hạn.");
        var table = new PrintedTable(c.OrganizationName, "DANH MỤC HỒ SƠ", lines,
            [new("Số và ký hiệu hồ sơ", 14, true), new("Tên đề mục và tiêu đề hồ sơ", 50), new("Thời hạn bảo quản", 12, true), new("Người lập hồ sơ", 22), new("Ghi chú", 16)],
            rows, SheetName: $"Danh mục hồ sơ {c.Year}");
        audit.Record("catalogue.exported", null, "catalogue", c.Id.ToString(), new { format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Danh mục hồ sơ năm {c.Year} - {c.OrganizationCode}");
    }

    private async Task<FileCatalog> EditableAsync(Guid id, CancellationToken ct)
    {
        var c = await db.FileCatalogs.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.CatalogueNotFound);
        if (!await CanReadAsync(c.OrganizationId, ct)) throw new DomainException(DossierErrors.CatalogueNotFound);
        await RequireOfficeAsync(c.OrganizationId, ct);
        c.RequireDraft("sửa");
        return c;
    }

    /// <summary>The office drafts and issues the catalogue: the organ's clerks, and its heads.</summary>
    private async Task RequireOfficeAsync(Guid organizationId, CancellationToken ct)
    {
        if (!await access.IsOfficeAsync(organizationId, ct)) throw new DomainException(Error.Forbidden);
    }

    private async Task<bool> CanReadAsync(Guid organizationId, CancellationToken ct) => await access.MemberGrantAsync(organizationId, ct) is not null;
}
