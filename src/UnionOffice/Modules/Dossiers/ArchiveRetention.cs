using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Dossiers;

public sealed record HoldRequest(string? OrganizationCode, string? Reference, string? Reason, List<Guid>? DossierIds);
public sealed record LiftRequest(string? Reason);
public sealed record HoldDto(Guid Id, string Reference, string? Reason, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LiftedAt, string? LiftReason,
    List<DossierListItem> Dossiers);
public sealed record ExpiredDossierDto(Guid Id, string Notation, string Title, int Year, string Retention, DateOnly? EndDate, int RetentionEndedYear, bool Frozen, int Items);
public sealed record DisposalRequest(string? OrganizationCode, List<Guid>? DossierIds);
public sealed record AppraiseRequest(string? Appraisal);
public sealed record DisposalDecisionRequest(string? Decision);
public sealed record DestroyRequest(string? Pin);
public sealed record DisposalDto(Guid Id, string Status, string StatusText, DateTimeOffset CreatedAt, string? Appraisal, string? Decision, DateTimeOffset? DestroyedAt,
    bool HasRecord, List<ExpiredDossierDto> Dossiers, bool CanAppraise, bool CanApprove, bool CanDestroy);

/// <summary>
/// The archive's keeping rules: freezing dossiers on an authority's order (Phụ lục VI IV.1g) and destroying those whose
/// retention has ended only after the appraisal council's conclusion and the head's decision, under a destruction record
/// the archivist signs. A frozen dossier is never changed, handed on or destroyed (<see cref="FrozenAsync"/>).
/// </summary>
public sealed class ArchiveRetention(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Certificates certificates, PdfSigning signing,
    IFileStore store, StorageSweep sweep, TimeProvider time)
{
    /// <summary>The order a dossier is frozen under, when it is: every change to it asks this first.</summary>
    public static async Task<string?> FrozenAsync(AppDbContext db, Guid dossierId, CancellationToken ct) =>
        await (from i in db.ArchiveHoldItems
               join h in db.ArchiveHolds on i.HoldId equals h.Id
               where i.DossierId == dossierId && h.LiftedAt == null
               select h.Reference).FirstOrDefaultAsync(ct);

    public static async Task RequireNotFrozenAsync(AppDbContext db, Guid dossierId, CancellationToken ct)
    {
        if (await FrozenAsync(db, dossierId, ct) is { } reference) throw new DomainException(DossierErrors.Frozen(reference));
    }

    /// <summary>The organ's head freezes dossiers of the organ (any, in the archive or not) on an authority's order.</summary>
    public async Task<Guid> HoldAsync(HoldRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        if (await access.HeadGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var ids = (r.DossierIds ?? []).Distinct().ToList();
        if (ids.Count == 0 || ids.Count > 1000) throw new DomainException(DossierErrors.Invalid(["Chọn từ 1 đến 1000 hồ sơ để phong tỏa."]));
        if (await db.Dossiers.CountAsync(d => ids.Contains(d.Id) && d.OrganizationId == org.Id && d.Status != DossierStatus.Destroyed, ct) != ids.Count)
            throw new DomainException(DossierErrors.NotFound);
        var now = time.GetUtcNow();
        var me = current.UserId!.Value;
        var hold = new ArchiveHold(org.Id, r.Reference, r.Reason, me, now);
        db.ArchiveHolds.Add(hold);
        foreach (var id in ids)
        {
            db.ArchiveHoldItems.Add(new ArchiveHoldItem(hold.Id, id));
            db.Trail.Add(new Work.TrailEntry("dossier", id, me, null, "frozen", hold.Reference, now));
        }
        audit.Record("archive.hold.placed", org.Id, "archive-hold", hold.Id.ToString(), new { dossiers = ids.Count, hold.Reference });
        await db.SaveChangesAsync(ct);
        return hold.Id;
    }

    public async Task<List<HoldDto>> HoldsAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsArchiveOrHeadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var holds = await (from h in db.ArchiveHolds.AsNoTracking()
                           join u in db.Users on h.CreatedByUserId equals u.Id
                           where h.OrganizationId == org.Id
                           orderby h.CreatedAt descending
                           select new { h, u.FullName }).Take(200).ToListAsync(ct);
        var holdIds = holds.Select(h => h.h.Id).ToList();
        var items = await (from i in db.ArchiveHoldItems.AsNoTracking()
                           join d in db.Dossiers on i.DossierId equals d.Id
                           where holdIds.Contains(i.HoldId)
                           select new { i.HoldId, d }).ToListAsync(ct);
        return holds.Select(h => new HoldDto(h.h.Id, h.h.Reference, h.h.Reason, h.FullName, h.h.CreatedAt, h.h.LiftedAt, h.h.LiftReason,
            items.Where(i => i.HoldId == h.h.Id).Select(i => new DossierListItem(i.d.Id, i.d.Year, i.d.Notation, i.d.Title, DossierText.Retention(i.d.RetentionYears),
                DossierText.Status(i.d.Status), 0, i.d.StartDate, i.d.EndDate)).ToList())).ToList();
    }

    public async Task LiftAsync(Guid id, LiftRequest r, CancellationToken ct)
    {
        var hold = await db.ArchiveHolds.FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new DomainException(DossierErrors.HoldNotFound);
        if (await access.HeadGrantAsync(hold.OrganizationId, ct) is null) throw new DomainException(DossierErrors.HoldNotFound);
        var now = time.GetUtcNow();
        hold.Lift(r.Reason, current.UserId!.Value, now);
        foreach (var d in await db.ArchiveHoldItems.Where(i => i.HoldId == hold.Id).Select(i => i.DossierId).ToListAsync(ct))
            db.Trail.Add(new Work.TrailEntry("dossier", d, current.UserId!.Value, null, "unfrozen", hold.LiftReason, now));
        audit.Record("archive.hold.lifted", hold.OrganizationId, "archive-hold", hold.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Dossiers in the archive whose retention has ended: kept N years counted from the year after their work ended, so
    /// ended with the year EndDate.Year + N. Permanent ones never appear; frozen ones appear marked.
    /// </summary>
    public async Task<List<ExpiredDossierDto>> ExpiredAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsArchiveOrHeadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var year = Formats.Today(time).Year;
        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.OrganizationId == org.Id && d.Status == DossierStatus.Archived && d.RetentionYears != null && d.EndDate != null
                        && d.EndDate.Value.Year + d.RetentionYears < year)
            .OrderBy(d => d.Year).ThenBy(d => d.Notation).Take(1000).ToListAsync(ct);
        return await DtosAsync(rows, ct);
    }

    /// <summary>The archive lists expired dossiers, not frozen and in no other open list, for appraisal.</summary>
    public async Task<Guid> ProposeAsync(DisposalRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        if (await access.ArchiveGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var ids = (r.DossierIds ?? []).Distinct().ToList();
        if (ids.Count == 0 || ids.Count > 1000) throw new DomainException(DossierErrors.Invalid(["Chọn từ 1 đến 1000 hồ sơ hết thời hạn bảo quản."]));
        var expired = (await ExpiredAsync(r.OrganizationCode, ct)).ToDictionary(e => e.Id);
        if (ids.Any(id => !expired.ContainsKey(id)))
            throw new DomainException(DossierErrors.Invalid(["Chỉ đưa vào danh mục hủy hồ sơ đã nộp lưu và hết thời hạn bảo quản."]));
        if (ids.Any(id => expired[id].Frozen)) throw new DomainException(DossierErrors.Frozen("lệnh phong tỏa đang có hiệu lực"));
        if (await (from i in db.DisposalItems
                   join l in db.DisposalLists on i.ListId equals l.Id
                   where ids.Contains(i.DossierId) && l.Status != DisposalStatus.Destroyed
                   select i).AnyAsync(ct))
            throw new DomainException(new Error("DISPOSAL_DUPLICATE", "Có hồ sơ đã ở trong một danh mục hủy khác chưa hoàn tất.", 409));
        var list = new DisposalList(org.Id, current.UserId!.Value, time.GetUtcNow());
        db.DisposalLists.Add(list);
        var n = 0;
        foreach (var id in ids.OrderBy(id => expired[id].Year).ThenBy(id => expired[id].Notation, StringComparer.Ordinal))
            db.DisposalItems.Add(new DisposalItem(list.Id, id, ++n));
        audit.Record("archive.disposal.proposed", org.Id, "disposal", list.Id.ToString(), new { dossiers = ids.Count });
        await db.SaveChangesAsync(ct);
        return list.Id;
    }

    public async Task<List<DisposalDto>> DisposalsAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsArchiveOrHeadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var ids = await db.DisposalLists.AsNoTracking().Where(l => l.OrganizationId == org.Id).OrderByDescending(l => l.CreatedAt).Select(l => l.Id).Take(100).ToListAsync(ct);
        var result = new List<DisposalDto>();
        foreach (var id in ids) result.Add(await GetAsync(id, ct));
        return result;
    }

    public async Task<DisposalDto> GetAsync(Guid id, CancellationToken ct)
    {
        var l = await ReadableAsync(id, ct);
        var ids = await db.DisposalItems.AsNoTracking().Where(i => i.ListId == l.Id).OrderBy(i => i.Order).Select(i => i.DossierId).ToListAsync(ct);
        var dossiers = await db.Dossiers.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var dtos = (await DtosAsync(dossiers, ct)).OrderBy(d => ids.IndexOf(d.Id)).ToList();
        var isArchive = await access.ArchiveGrantAsync(l.OrganizationId, ct) is not null;
        var isHead = await access.HeadGrantAsync(l.OrganizationId, ct) is not null;
        return new DisposalDto(l.Id, l.Status.ToString(), DisposalList.StatusText(l.Status), l.CreatedAt, l.Appraisal, l.Decision, l.DestroyedAt, l.RecordSha256 is not null,
            dtos, isArchive && l.Status == DisposalStatus.Draft, isHead && l.Status == DisposalStatus.Appraised, isArchive && l.Status == DisposalStatus.Approved);
    }

    /// <summary>The archive records the appraisal council's conclusion.</summary>
    public async Task AppraiseAsync(Guid id, AppraiseRequest r, CancellationToken ct)
    {
        var l = await ArchiveOwnedAsync(id, ct);
        l.Appraise(r.Appraisal, time.GetUtcNow());
        audit.Record("archive.disposal.appraised", l.OrganizationId, "disposal", l.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The organ's head decides the destruction (the number and date of the decision).</summary>
    public async Task ApproveAsync(Guid id, DisposalDecisionRequest r, CancellationToken ct)
    {
        var l = await db.DisposalLists.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.DisposalNotFound);
        if (await access.HeadGrantAsync(l.OrganizationId, ct) is null)
        {
            if (await access.ArchiveGrantAsync(l.OrganizationId, ct) is not null) throw new DomainException(Error.Forbidden);
            throw new DomainException(DossierErrors.DisposalNotFound);
        }
        l.Approve(r.Decision, current.UserId!.Value, time.GetUtcNow());
        audit.Record("archive.disposal.approved", l.OrganizationId, "disposal", l.Id.ToString(), new { l.Decision });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The archive destroys: each dossier checked again (not frozen meanwhile), its own files' records removed and their
    /// contents deleted when nothing else points at them, its references to the organ's registered documents removed (the
    /// documents stay in the registers, which have retention of their own), the dossier kept as a line that says it was
    /// destroyed and under which decision — and the destruction record, listing them, signed by the archivist.
    /// </summary>
    public async Task DestroyAsync(Guid id, DestroyRequest r, CancellationToken ct)
    {
        var l = await ArchiveOwnedAsync(id, ct);
        if (l.Status != DisposalStatus.Approved) throw new DomainException(new Error("DISPOSAL_WRONG_STATUS",
            $"Không thể hủy tài liệu: danh mục hủy đang ở trạng thái \"{DisposalList.StatusText(l.Status)}\".", 409));
        var ids = await db.DisposalItems.AsNoTracking().Where(i => i.ListId == l.Id).OrderBy(i => i.Order).Select(i => i.DossierId).ToListAsync(ct);
        foreach (var d in ids) await RequireNotFrozenAsync(db, d, ct);
        var (cert, signer) = await certificates.UnlockPersonalAsync(current.UserId!.Value, r.Pin, ct);
        var me = current.UserId!.Value;
        var now = time.GetUtcNow();
        var dossiers = await db.Dossiers.Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        var table = await RecordTableAsync(l, dossiers, ct);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.FullName).FirstAsync(ct);
        var pdf = Common.Pdf.PdfTableWriter.ToBytes(table, now);
        var signed = await signing.SignAsync(pdf, new PdfSignatureOptions("LuuTru", now, Reason: "Hủy tài liệu hết giá trị", Location: "Việt Nam", SignerName: name,
            Appearance: new SignatureAppearance(0, 569, 8, 230, 44, [$"Người hủy: {name}", Outgoing.OutgoingPdf.SigningTime(now)])), signer, ct);
        using var ms = new MemoryStream(signed);
        var content = await store.PutAsync(ms, "bien-ban-huy.pdf", ct);

        var items = await db.DossierItems.Where(i => ids.Contains(i.DossierId)).ToListAsync(ct);
        var ownFileIds = items.Where(i => i.Kind == DossierItemKind.File).Select(i => i.RefId).ToList();
        var ownFiles = await db.DocumentFiles.Where(f => ownFileIds.Contains(f.Id) && f.OwnerType == "dossier").ToListAsync(ct);
        var shas = ownFiles.Select(f => f.Sha256).ToList();
        db.DocumentFiles.RemoveRange(ownFiles);
        db.DossierItems.RemoveRange(items);
        await db.SearchEntries.Where(e => (e.OwnerType == ArchiveUse.DossierEntry || e.OwnerType == ArchiveUse.DocumentsEntry) && ids.Contains(e.OwnerId)).ExecuteDeleteAsync(ct);
        foreach (var d in dossiers)
        {
            d.Destroy();
            db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "destroyed", l.Decision, now));
        }
        l.Destroyed(content.Sha256, me, now);
        audit.Record("archive.disposal.destroyed", l.OrganizationId, "disposal", l.Id.ToString(),
            new { dossiers = dossiers.Count, files = ownFiles.Count, certificate = cert.Thumbprint });
        await db.SaveChangesAsync(ct);
        await sweep.DestroyUnreferencedAsync(shas, ct);
    }

    public async Task<ExportedFile> RecordFileAsync(Guid id, CancellationToken ct)
    {
        var l = await ReadableAsync(id, ct);
        if (l.RecordSha256 is null) throw new DomainException(new Error("DISPOSAL_NO_RECORD", "Chưa có biên bản hủy tài liệu.", 404));
        return new ExportedFile(await store.ReadAllBytesAsync(l.RecordSha256, ct), "application/pdf",
            $"Biên bản hủy tài liệu hết giá trị {Formats.Date(l.DestroyedAt).Replace('/', '-')}.pdf");
    }

    /// <summary>Biên bản hủy tài liệu hết giá trị: its grounds (appraisal, decision) above the list of what was destroyed.</summary>
    private async Task<PrintedTable> RecordTableAsync(DisposalList l, List<Dossier> dossiers, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == l.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var n = 0;
        var rows = dossiers.OrderBy(d => d.Year).ThenBy(d => d.Notation, StringComparer.Ordinal).Select(d => new PrintedRow([(++n).ToString(CultureInfo.InvariantCulture),
            d.Notation, d.Title, $"{Formats.Date(d.StartDate)} – {Formats.Date(d.EndDate)}", DossierText.Retention(d.RetentionYears), null]));
        return new PrintedTable(org, "BIÊN BẢN HỦY TÀI LIỆU HẾT GIÁ TRỊ", [
                $"Căn cứ {l.Decision}", $"Kết luận của Hội đồng xác định giá trị tài liệu: {l.Appraisal}",
                $"Đã hủy {dossiers.Count} hồ sơ ({VietnameseText.NumberInWords(dossiers.Count)} hồ sơ) dưới đây, ngày {Formats.Date(Formats.Today(time))}."],
            [new("Số TT", 6, true), new("Số, ký hiệu hồ sơ", 14, true), new("Tiêu đề hồ sơ", 50), new("Thời gian tài liệu", 20, true), new("Thời hạn bảo quản", 12, true),
             new("Ghi chú", 16)], rows, SheetName: "Biên bản hủy");
    }

    private async Task<List<ExpiredDossierDto>> DtosAsync(List<Dossier> rows, CancellationToken ct)
    {
        var ids = rows.Select(d => d.Id).ToList();
        var frozen = await (from i in db.ArchiveHoldItems
                            join h in db.ArchiveHolds on i.HoldId equals h.Id
                            where ids.Contains(i.DossierId) && h.LiftedAt == null
                            select i.DossierId).ToListAsync(ct);
        var counts = await db.DossierItems.AsNoTracking().Where(i => ids.Contains(i.DossierId)).GroupBy(i => i.DossierId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return rows.Select(d => new ExpiredDossierDto(d.Id, d.Notation, d.Title, d.Year, DossierText.Retention(d.RetentionYears), d.EndDate,
            (d.EndDate?.Year ?? d.Year) + (d.RetentionYears ?? 0), frozen.Contains(d.Id), counts.GetValueOrDefault(d.Id))).ToList();
    }

    private async Task<DisposalList> ReadableAsync(Guid id, CancellationToken ct)
    {
        var l = await db.DisposalLists.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.DisposalNotFound);
        if (!await access.IsArchiveOrHeadAsync(l.OrganizationId, ct)) throw new DomainException(DossierErrors.DisposalNotFound);
        return l;
    }

    private async Task<DisposalList> ArchiveOwnedAsync(Guid id, CancellationToken ct)
    {
        var l = await db.DisposalLists.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.DisposalNotFound);
        if (await access.ArchiveGrantAsync(l.OrganizationId, ct) is null)
        {
            if (await access.HeadGrantAsync(l.OrganizationId, ct) is not null) throw new DomainException(Error.Forbidden);
            throw new DomainException(DossierErrors.DisposalNotFound);
        }
        return l;
    }
}
