using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Dossiers;

public sealed record DueDossierDto(Guid Id, string Notation, string Title, int Year, string Retention, DateOnly? EndDate, DateOnly Due, bool Overdue, bool KeptBack,
    string Keeper, bool KeeperActive, int Items);
public sealed record AnnounceRequest(string? OrganizationCode, DateOnly? Until);
public sealed record SendTransferRequest(List<Guid>? DossierIds, string? Note);
public sealed record DecideTransferItemRequest(bool Accept, string? Reason);
public sealed record RecordTransferRequest(string? Condition);
public sealed record SignTransferRequest(string? Pin);
public sealed record KeepBackRequest(DateOnly? Until, string? Reason);
public sealed record ChangeKeeperRequest(string? UserName);
public sealed record TransferListItem(Guid Id, string Giver, string? Department, DateTimeOffset SentAt, string Status, string StatusText, int Dossiers);
public sealed record TransferItemDto(Guid Id, Guid DossierId, string Notation, string Title, string Period, string Retention, int Items, string Decision,
    string DecisionText, string? Reason);
public sealed record TransferDto(Guid Id, string OrganizationName, string Giver, string? Department, string? Note, DateTimeOffset SentAt, string Status,
    string StatusText, string? Receiver, string? Condition, bool HasRecord, List<TransferItemDto> Items, bool CanDecide, bool CanRecord, bool CanSignAsGiver,
    bool CanSignAsReceiver);

/// <summary>
/// Nộp lưu hồ sơ vào Lưu trữ cơ quan (NĐ30 Điều 30–31): the archive lists and announces the closed dossiers that are due
/// (a year after their work ended; only those kept five years or more) and keepers are reminded 30 days ahead
/// (<see cref="DossierDueWork"/>); the keeper sends them with the list of Phụ lục V III; the archive accepts each or returns
/// it with a reason (it opens again for the keeper); the archive makes the handover record of Phụ lục V V, which the giver
/// and then the archive sign digitally; the accepted dossiers pass into the archive's keeping. The head may let a unit
/// keep a due dossier up to two years more (Điều 31.3d) and give the dossiers of someone who leaves to another keeper
/// (Điều 31.3đ).
/// </summary>
public sealed class ArchiveHandover(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, IFileStore store,
    Certificates certificates, PdfSigning signing, TimeProvider time)
{
    /// <summary>Keepers are reminded this many days before a dossier is due (Phụ lục VI III.5b).</summary>
    public const int ReminderDays = 30;

    /// <summary>
    /// The closed dossiers due at the archive by <paramref name="until"/> (all of them when null), earliest first: for the
    /// archive and the organ's heads, with whether the keeper still works (a keeper who left needs another).
    /// </summary>
    public async Task<List<DueDossierDto>> DueAsync(string? organizationCode, DateOnly? until, CancellationToken ct)
    {
        var org = await OrganAsync(organizationCode, ct);
        if (!await access.IsArchiveOrHeadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var today = Formats.Today(time);
        var rows = await (from d in db.Dossiers.AsNoTracking()
                          join u in db.Users on d.KeeperUserId equals u.Id
                          where d.OrganizationId == org.Id && d.Status == DossierStatus.Closed && d.HandoverDue != null && (until == null || d.HandoverDue <= until)
                          orderby d.HandoverDue, d.Notation
                          select new { d, u.FullName, u.Status, Items = db.DossierItems.Count(i => i.DossierId == d.Id) }).Take(1000).ToListAsync(ct);
        return rows.Select(x => new DueDossierDto(x.d.Id, x.d.Notation, x.d.Title, x.d.Year, DossierText.Retention(x.d.RetentionYears), x.d.EndDate,
            x.d.HandoverDue!.Value, x.d.HandoverDue < today, x.d.HandoverDue != x.d.LegalHandoverDue, x.FullName, x.Status == AccountStatus.Active, x.Items)).ToList();
    }

    /// <summary>The archive tells each keeper which of their dossiers are due by the date (Điều 30: "thông báo"); returns how many keepers.</summary>
    public async Task<int> AnnounceAsync(AnnounceRequest r, CancellationToken ct)
    {
        var org = await OrganAsync(r.OrganizationCode, ct);
        if (await access.ArchiveGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var until = r.Until ?? Formats.Today(time).AddDays(ReminderDays);
        var due = await db.Dossiers.AsNoTracking()
            .Where(d => d.OrganizationId == org.Id && d.Status == DossierStatus.Closed && d.HandoverDue != null && d.HandoverDue <= until)
            .GroupBy(d => d.KeeperUserId).Select(g => new { Keeper = g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var k in due)
            notify.Tell([k.Keeper], NotificationKinds.ArchiveDue,
                $"Lưu trữ cơ quan thông báo: {k.Count} hồ sơ của bạn đến hạn nộp lưu trước ngày {Formats.Date(until)}", "/dossiers");
        audit.Record("archive.announced", org.Id, "organization", org.Id.ToString(), new { until = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), keepers = due.Count });
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>The keeper sends closed dossiers due at the archive, all of one organ, with an optional note.</summary>
    public async Task<Guid> SendAsync(SendTransferRequest r, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var ids = (r.DossierIds ?? []).Distinct().ToList();
        if (ids.Count == 0) throw new DomainException(DossierErrors.TransferEmpty);
        if (ids.Count > 500) throw new DomainException(DossierErrors.TransferTooBig);
        var dossiers = await db.Dossiers.Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        if (dossiers.Count != ids.Count || dossiers.Any(d => d.KeeperUserId != me)) throw new DomainException(DossierErrors.NotFound);
        if (dossiers.Select(d => d.OrganizationId).Distinct().Count() != 1)
            throw new DomainException(DossierErrors.Invalid(["Mỗi đợt nộp lưu gồm hồ sơ của một cơ quan."]));
        var orgId = dossiers[0].OrganizationId;
        var grant = await access.MemberGrantAsync(orgId, ct) ?? throw new DomainException(Error.Forbidden);
        foreach (var d in dossiers)
        {
            d.SendToArchive();
            await ArchiveRetention.RequireNotFrozenAsync(db, d.Id, ct);
        }
        var now = time.GetUtcNow();
        var t = new ArchiveTransfer(orgId, me, grant.DepartmentId, r.Note, now);
        db.ArchiveTransfers.Add(t);
        var order = 0;
        foreach (var d in dossiers.OrderBy(d => d.Year).ThenBy(d => d.Notation, StringComparer.Ordinal))
        {
            db.ArchiveTransferItems.Add(new ArchiveTransferItem(t.Id, d.Id, ++order));
            db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "sent-to-archive", null, now));
        }
        db.Trail.Add(new Work.TrailEntry("archive-transfer", t.Id, me, null, "sent", $"{dossiers.Count} hồ sơ", now));
        notify.Tell(await Notifier.ArchiveAsync(db, orgId, ct), NotificationKinds.ArchiveSent,
            $"{await NameAsync(me, ct)} nộp lưu {dossiers.Count} hồ sơ: chờ kiểm tra", $"/archive/transfers/{t.Id}");
        audit.Record("archive.transfer.sent", orgId, "archive-transfer", t.Id.ToString(), new { dossiers = dossiers.Count });
        await SaveAsync(ct);
        return t.Id;
    }

    /// <summary>Transfers the person may see: all of the organs whose archive or head they are, and their own.</summary>
    public async Task<List<TransferListItem>> ListAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var organs = new List<Guid>();
        foreach (var g in (await current.GrantsAsync(ct)).Select(g => g.OrganizationId).Distinct())
            if (await access.IsArchiveOrHeadAsync(g, ct)) organs.Add(g);
        var rows = await (from t in db.ArchiveTransfers.AsNoTracking()
                          join u in db.Users on t.GiverUserId equals u.Id
                          join dep in db.Departments on t.DepartmentId equals dep.Id into deps
                          from dep in deps.DefaultIfEmpty()
                          where t.GiverUserId == me || organs.Contains(t.OrganizationId)
                          orderby t.SentAt descending
                          select new { t, u.FullName, Dept = dep == null ? null : dep.Name, Count = db.ArchiveTransferItems.Count(i => i.TransferId == t.Id) })
            .Take(300).ToListAsync(ct);
        return rows.Select(x => new TransferListItem(x.t.Id, x.FullName, x.Dept, x.t.SentAt, x.t.Status.ToString(), ArchiveTransfer.StatusText(x.t.Status), x.Count)).ToList();
    }

    public async Task<TransferDto> GetAsync(Guid id, CancellationToken ct)
    {
        var t = await ReadableAsync(id, ct);
        var me = current.UserId;
        var isArchive = await access.ArchiveGrantAsync(t.OrganizationId, ct) is not null;
        var items = await ItemsAsync(t.Id, ct);
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == t.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var dept = t.DepartmentId is { } dep ? await db.Departments.AsNoTracking().Where(x => x.Id == dep).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var receiver = t.ReceiverUserId is { } rid ? await NameAsync(rid, ct) : null;
        return new TransferDto(t.Id, org, await NameAsync(t.GiverUserId, ct), dept, t.Note, t.SentAt, t.Status.ToString(), ArchiveTransfer.StatusText(t.Status),
            receiver, t.Condition, t.RecordSha256 is not null, items,
            CanDecide: isArchive && t.Status == TransferStatus.Sent && me != t.GiverUserId && items.Any(i => i.Decision == nameof(TransferDecision.Pending)),
            CanRecord: isArchive && t.Status == TransferStatus.Sent && me != t.GiverUserId && items.All(i => i.Decision != nameof(TransferDecision.Pending)),
            CanSignAsGiver: t.Status == TransferStatus.Recorded && me == t.GiverUserId,
            CanSignAsReceiver: t.Status == TransferStatus.GiverSigned && me == t.ReceiverUserId);
    }

    /// <summary>The archive accepts a dossier or returns it with a reason; a returned dossier opens again for its keeper.</summary>
    public async Task DecideAsync(Guid id, Guid itemId, DecideTransferItemRequest r, CancellationToken ct)
    {
        var t = await ArchiveOwnedAsync(id, ct);
        t.Require(TransferStatus.Sent, "kiểm tra hồ sơ");
        var item = await db.ArchiveTransferItems.FirstOrDefaultAsync(i => i.Id == itemId && i.TransferId == t.Id, ct)
            ?? throw new DomainException(DossierErrors.TransferItemNotFound);
        var now = time.GetUtcNow();
        var me = current.UserId!.Value;
        item.Decide(r.Accept ? TransferDecision.Accepted : TransferDecision.Returned, r.Reason, me, now);
        var d = await db.Dossiers.FirstAsync(x => x.Id == item.DossierId, ct);
        if (!r.Accept)
        {
            d.ReturnToKeeper();
            db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "returned-by-archive", item.Reason, now));
            notify.Tell([t.GiverUserId], NotificationKinds.ArchiveReturned, $"Lưu trữ trả lại hồ sơ {d.Notation}: {Work.WorkReminders.Short(item.Reason!)}",
                $"/dossiers/{d.Id}");
        }
        db.Trail.Add(new Work.TrailEntry("archive-transfer", t.Id, me, null, r.Accept ? "accepted" : "returned", $"{d.Notation}{(r.Accept ? "" : ": " + item.Reason)}", now));
        audit.Record(r.Accept ? "archive.dossier.accepted" : "archive.dossier.returned", t.OrganizationId, "dossier", d.Id.ToString(), new { transfer = t.Id });
        // Every decision changes the transfer's version, so two archivists deciding its last dossiers at once cannot both
        // miss that the other was the last: the second is told to look again.
        db.Entry(t).State = EntityState.Modified;
        // The last decision: when everything was returned there is nothing to hand over.
        var others = await db.ArchiveTransferItems.Where(i => i.TransferId == t.Id && i.Id != item.Id).Select(i => i.Decision).ToListAsync(ct);
        if (others.All(x => x == TransferDecision.Returned) && !r.Accept) t.Decided(false, me, null, null, now);
        await SaveAsync(ct);
    }

    /// <summary>Every dossier decided: the archive states the condition of what it received and makes the record, which the giver signs first.</summary>
    public async Task RecordAsync(Guid id, RecordTransferRequest r, CancellationToken ct)
    {
        var t = await ArchiveOwnedAsync(id, ct);
        t.Require(TransferStatus.Sent, "lập biên bản");
        var items = await db.ArchiveTransferItems.AsNoTracking().Where(i => i.TransferId == t.Id).ToListAsync(ct);
        if (items.Any(i => i.Decision == TransferDecision.Pending))
            throw new DomainException(DossierErrors.Invalid(["Còn hồ sơ chưa kiểm tra: nhận hoặc trả lại từng hồ sơ trước khi lập biên bản."]));
        if (items.All(i => i.Decision == TransferDecision.Returned))
            throw new DomainException(DossierErrors.TransferWrongStatus(ArchiveTransfer.StatusText(TransferStatus.Returned), "lập biên bản"));
        var condition = TextRules.OneLine(r.Condition);
        if (condition.Length == 0) condition = "Hồ sơ điện tử đầy đủ thành phần, đã kết thúc, dữ liệu đặc tả đầy đủ.";
        if (condition.Length > 300) throw new DomainException(DossierErrors.Invalid(["Tình trạng tài liệu quá dài (tối đa 300 ký tự)."]));
        var me = current.UserId!.Value;
        var now = time.GetUtcNow();
        var pdf = await ComposeAsync(t, me, condition, now, ct);
        using var ms = new MemoryStream(pdf);
        var content = await store.PutAsync(ms, "bien-ban-giao-nhan.pdf", ct);
        t.Decided(true, me, condition, content.Sha256, now);
        db.Trail.Add(new Work.TrailEntry("archive-transfer", t.Id, me, null, "recorded", condition, now));
        notify.Tell([t.GiverUserId], NotificationKinds.ArchiveRecord, "Biên bản giao nhận hồ sơ đã lập: mời bên giao ký số", $"/archive/transfers/{t.Id}");
        audit.Record("archive.transfer.recorded", t.OrganizationId, "archive-transfer", t.Id.ToString());
        await SaveAsync(ct);
    }

    /// <summary>
    /// Signs the record with the person's own certificate: the giver first (bên giao), then the archivist who made it
    /// (bên nhận); with the second signature the accepted dossiers pass into the archive.
    /// </summary>
    public async Task SignAsync(Guid id, SignTransferRequest r, CancellationToken ct)
    {
        var t = await ReadableAsync(id, ct, tracked: true);
        var me = current.UserId!.Value;
        bool giver;
        if (t.Status == TransferStatus.Recorded)
        {
            if (me != t.GiverUserId) throw new DomainException(DossierErrors.NotGiver);
            giver = true;
        }
        else if (t.Status == TransferStatus.GiverSigned)
        {
            if (me != t.ReceiverUserId || await access.ArchiveGrantAsync(t.OrganizationId, ct) is null)
                throw new DomainException(new Error("TRANSFER_NOT_RECEIVER", "Bên nhận ký biên bản là người của Lưu trữ cơ quan đã lập biên bản.", 403));
            giver = false;
        }
        else throw new DomainException(DossierErrors.TransferWrongStatus(ArchiveTransfer.StatusText(t.Status), "ký biên bản"));

        var (cert, signer) = await certificates.UnlockPersonalAsync(me, r.Pin, ct);
        var name = await NameAsync(me, ct);
        var now = time.GetUtcNow();
        var pdf = await store.ReadAllBytesAsync(t.RecordSha256!, ct);
        var options = new PdfSignatureOptions(giver ? HandoverRecord.GiverField : HandoverRecord.ReceiverField, now,
            Reason: giver ? "Bên giao hồ sơ, tài liệu" : "Bên nhận hồ sơ, tài liệu (Lưu trữ cơ quan)", Location: "Việt Nam", SignerName: name,
            Appearance: HandoverRecord.Place(giver, name, now) with { SignatureImage = Image(await certificates.ImageAsync(cert, ct)) });
        var signed = await signing.SignAsync(pdf, options, signer, ct);
        using var ms = new MemoryStream(signed);
        var content = await store.PutAsync(ms, "bien-ban-giao-nhan.pdf", ct);
        if (giver)
        {
            t.SignedByGiver(content.Sha256, now);
            notify.Tell([t.ReceiverUserId!.Value], NotificationKinds.ArchiveRecord, "Bên giao đã ký biên bản giao nhận hồ sơ: mời bên nhận ký số",
                $"/archive/transfers/{t.Id}");
        }
        else
        {
            t.SignedByReceiver(me, content.Sha256, now);
            var accepted = await db.ArchiveTransferItems.Where(i => i.TransferId == t.Id && i.Decision == TransferDecision.Accepted).Select(i => i.DossierId).ToListAsync(ct);
            foreach (var d in await db.Dossiers.Where(d => accepted.Contains(d.Id)).ToListAsync(ct))
            {
                d.Archive(now);
                db.Trail.Add(new Work.TrailEntry("dossier", d.Id, me, null, "archived", null, now));
            }
            await ArchiveUse.IndexAsync(db, accepted, now, ct);
            notify.Tell([t.GiverUserId], NotificationKinds.ArchiveReceived, $"Lưu trữ cơ quan đã nhận {accepted.Count} hồ sơ; biên bản giao nhận đã có chữ ký số của hai bên",
                $"/archive/transfers/{t.Id}");
        }
        db.Trail.Add(new Work.TrailEntry("archive-transfer", t.Id, me, null, giver ? "signed-by-giver" : "signed-by-receiver", cert.Subject, now));
        audit.Record(giver ? "archive.record.signed.giver" : "archive.record.signed.receiver", t.OrganizationId, "archive-transfer", t.Id.ToString(),
            new { certificate = cert.Thumbprint });
        await SaveAsync(ct);
    }

    /// <summary>The handover record as it stands (the signed PDF once signed).</summary>
    public async Task<ExportedFile> RecordFileAsync(Guid id, CancellationToken ct)
    {
        var t = await ReadableAsync(id, ct);
        if (t.RecordSha256 is null) throw new DomainException(new Error("TRANSFER_NO_RECORD", "Biên bản giao nhận chưa được lập.", 404));
        audit.Record("archive.record.downloaded", t.OrganizationId, "archive-transfer", t.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new ExportedFile(await store.ReadAllBytesAsync(t.RecordSha256, ct), "application/pdf", $"Biên bản giao nhận hồ sơ {Formats.Date(t.SentAt).Replace('/', '-')}.pdf");
    }

    /// <summary>Mục lục hồ sơ, tài liệu nộp lưu (NĐ30 Phụ lục V III) of a transfer, as sent (all its dossiers) until the record lists the accepted ones.</summary>
    public async Task<ExportedFile> ListFileAsync(Guid id, ExportFormat format, CancellationToken ct)
    {
        var t = await ReadableAsync(id, ct);
        var table = await ListAsync(t, onlyAccepted: t.Status is TransferStatus.Recorded or TransferStatus.GiverSigned or TransferStatus.Completed, ct);
        audit.Record("archive.list.exported", t.OrganizationId, "archive-transfer", t.Id.ToString(), new { format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Mục lục hồ sơ nộp lưu {Formats.Date(t.SentAt).Replace('/', '-')}");
    }

    /// <summary>Giữ lại (Điều 31.3d): the organ's head lets the keeper keep a due dossier for their work, until a date at most two years past due.</summary>
    public async Task KeepBackAsync(Guid dossierId, KeepBackRequest r, CancellationToken ct)
    {
        var d = await db.Dossiers.FirstOrDefaultAsync(x => x.Id == dossierId, ct) ?? throw new DomainException(DossierErrors.NotFound);
        if (await access.HeadGrantAsync(d.OrganizationId, ct) is null) throw new DomainException(DossierErrors.NotFound);
        await ArchiveRetention.RequireNotFrozenAsync(db, d.Id, ct);
        var reason = TextRules.OneLine(r.Reason);
        if (reason.Length == 0) throw new DomainException(DossierErrors.Invalid(["Ghi rõ lý do giữ lại hồ sơ."]));
        if (r.Until is not { } until) throw new DomainException(DossierErrors.Invalid(["Chọn ngày giữ lại đến."]));
        d.KeepUntil(until, Formats.Today(time));
        var now = time.GetUtcNow();
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, current.UserId!.Value, null, "kept-back", $"đến {Formats.Date(until)}: {reason}", now));
        notify.Tell([d.KeeperUserId], NotificationKinds.ArchiveDue, $"Lãnh đạo đồng ý giữ lại hồ sơ {d.Notation} đến ngày {Formats.Date(until)}", $"/dossiers/{d.Id}");
        audit.Record("dossier.kept-back", d.OrganizationId, "dossier", d.Id.ToString(), new { until = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        await SaveAsync(ct);
    }

    /// <summary>Another keeper for a dossier not yet with the archive (its keeper leaves, Điều 31.3đ): the head or the archive decides.</summary>
    public async Task ChangeKeeperAsync(Guid dossierId, ChangeKeeperRequest r, CancellationToken ct)
    {
        var d = await db.Dossiers.FirstOrDefaultAsync(x => x.Id == dossierId, ct) ?? throw new DomainException(DossierErrors.NotFound);
        if (!await access.IsArchiveOrHeadAsync(d.OrganizationId, ct)) throw new DomainException(DossierErrors.NotFound);
        var to = await OrganMembers.PersonAsync(db, d.OrganizationId, r.UserName, null, null, ct) ?? throw new DomainException(DossierErrors.KeeperUnknown);
        var from = d.KeeperUserId;
        if (to == from) return;
        await ArchiveRetention.RequireNotFrozenAsync(db, d.Id, ct);
        d.HandTo(to);
        var now = time.GetUtcNow();
        db.Trail.Add(new Work.TrailEntry("dossier", d.Id, current.UserId!.Value, null, "keeper-changed", $"{await NameAsync(from, ct)} → {await NameAsync(to, ct)}", now));
        notify.Tell([to], NotificationKinds.Reassigned, $"Bạn được giao giữ hồ sơ {d.Notation}: {Work.WorkReminders.Short(d.Title)}", $"/dossiers/{d.Id}");
        audit.Record("dossier.keeper.changed", d.OrganizationId, "dossier", d.Id.ToString(), new { from, to });
        await SaveAsync(ct);
    }

    private async Task<PrintedTable> ListAsync(ArchiveTransfer t, bool onlyAccepted, CancellationToken ct)
    {
        var items = await ItemsAsync(t.Id, ct);
        if (onlyAccepted) items = items.Where(i => i.Decision == nameof(TransferDecision.Accepted)).ToList();
        var unit = await UnitAsync(t, ct);
        var years = await YearsAsync(items.Select(i => i.DossierId).ToList(), ct);
        var n = 0;
        var rows = items.Select(i => new PrintedRow([(++n).ToString(CultureInfo.InvariantCulture), i.Notation, i.Title, i.Period, i.Retention,
            $"{i.Items} văn bản", i.Reason]));
        return new PrintedTable(unit, "MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU", [$"Năm {years}",
                $"Mục lục này gồm: {items.Count} hồ sơ (đơn vị bảo quản).", $"Viết bằng chữ: {VietnameseText.NumberInWords(items.Count)} hồ sơ (đơn vị bảo quản)."],
            [new("Số TT", 6, true), new("Số, ký hiệu hồ sơ", 14, true), new("Tiêu đề hồ sơ", 50), new("Thời gian tài liệu", 20, true), new("Thời hạn bảo quản", 12, true),
             new("Số tờ/ Số trang", 12, true), new("Ghi chú", 16)], rows, SheetName: "Mục lục nộp lưu");
    }

    private async Task<byte[]> ComposeAsync(ArchiveTransfer t, Guid receiver, string condition, DateTimeOffset now, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == t.OrganizationId, ct);
        var parent = org.ParentId is { } p ? await db.Organizations.AsNoTracking().Where(o => o.Id == p).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var list = await ListAsync(t, onlyAccepted: true, ct);
        var accepted = await db.ArchiveTransferItems.AsNoTracking().Where(i => i.TransferId == t.Id && i.Decision == TransferDecision.Accepted).Select(i => i.DossierId).ToListAsync(ct);
        var files = await db.DossierItems.CountAsync(i => accepted.Contains(i.DossierId), ct);
        var people = await db.Users.AsNoTracking().Where(u => u.Id == t.GiverUserId || u.Id == receiver).Select(u => new { u.Id, u.FullName, u.JobTitle }).ToListAsync(ct);
        var g = people.First(x => x.Id == t.GiverUserId);
        var rc = people.First(x => x.Id == receiver);
        var years = await YearsAsync(accepted, ct);
        var data = new HandoverRecordData(parent, org.Name, Outgoing.OrganAbbreviations.Place(org), Formats.Today(time), await UnitAsync(t, ct), g.FullName, g.JobTitle,
            rc.FullName, rc.JobTitle, $"Danh mục hồ sơ năm {years} của {org.Name}", await PeriodAsync(accepted, ct), accepted.Count, files, condition, list);
        return HandoverRecord.Compose(data, now);
    }

    private async Task<string> UnitAsync(ArchiveTransfer t, CancellationToken ct) =>
        t.DepartmentId is { } dep ? await db.Departments.AsNoTracking().Where(x => x.Id == dep).Select(x => x.Name).FirstAsync(ct) : await NameAsync(t.GiverUserId, ct);

    private async Task<string> YearsAsync(List<Guid> dossierIds, CancellationToken ct)
    {
        var years = await db.Dossiers.AsNoTracking().Where(d => dossierIds.Contains(d.Id)).Select(d => d.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        return years.Count == 0 ? "" : years[0] == years[^1] ? $"{years[0]}" : $"{years[0]}–{years[^1]}";
    }

    private async Task<string> PeriodAsync(List<Guid> dossierIds, CancellationToken ct)
    {
        var d = await db.Dossiers.AsNoTracking().Where(x => dossierIds.Contains(x.Id)).Select(x => new { x.StartDate, x.EndDate }).ToListAsync(ct);
        return d.Count == 0 ? "" : $"từ {Formats.Date(d.Min(x => x.StartDate))} đến {Formats.Date(d.Max(x => x.EndDate ?? x.StartDate))}";
    }

    private async Task<List<TransferItemDto>> ItemsAsync(Guid transferId, CancellationToken ct) =>
        (await (from i in db.ArchiveTransferItems.AsNoTracking()
                join d in db.Dossiers on i.DossierId equals d.Id
                where i.TransferId == transferId
                orderby i.Order
                select new { i, d.Notation, d.Title, d.StartDate, d.EndDate, d.RetentionYears, Items = db.DossierItems.Count(x => x.DossierId == d.Id) }).ToListAsync(ct))
        .Select(x => new TransferItemDto(x.i.Id, x.i.DossierId, x.Notation, x.Title,
            $"{Formats.Date(x.StartDate)} – {(x.EndDate is { } e ? Formats.Date(e) : "")}", DossierText.Retention(x.RetentionYears), x.Items,
            x.i.Decision.ToString(), x.i.Decision switch
            {
                TransferDecision.Accepted => "Đã nhận",
                TransferDecision.Returned => "Trả lại",
                _ => "Chờ kiểm tra",
            }, x.i.Reason)).ToList();

    private static Pdf.RasterImage? Image(byte[]? png)
    {
        if (png is null) return null;
        try
        {
            return Pdf.RasterImage.FromPng(png);
        }
        catch (Pdf.Reading.PdfFormatException)
        {
            return null; // a signature image that cannot be read: the signature shows its text only
        }
    }

    private async Task<string> NameAsync(Guid userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.FullName).FirstAsync(ct);

    private async Task<Organization> OrganAsync(string? code, CancellationToken ct) =>
        await db.Organizations.AsNoTracking().ByCodeAsync(code ?? "", ct);

    /// <summary>A transfer the person may read: its giver, the organ's archive and heads.</summary>
    private async Task<ArchiveTransfer> ReadableAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.ArchiveTransfers : db.ArchiveTransfers.AsNoTracking();
        var t = await q.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(DossierErrors.TransferNotFound);
        if (t.GiverUserId == current.UserId) return t;
        if (await access.IsArchiveOrHeadAsync(t.OrganizationId, ct)) return t;
        throw new DomainException(DossierErrors.TransferNotFound);
    }

    /// <summary>A transfer the archive works on; the giver never checks their own dossiers.</summary>
    private async Task<ArchiveTransfer> ArchiveOwnedAsync(Guid id, CancellationToken ct)
    {
        var t = await ReadableAsync(id, ct, tracked: true);
        if (await access.ArchiveGrantAsync(t.OrganizationId, ct) is null) throw new DomainException(Error.Forbidden);
        if (t.GiverUserId == current.UserId) throw new DomainException(DossierErrors.SameSides);
        return t;
    }

    /// <summary>Saves; two people acting on the same transfer or dossier at once: the second is told to look again (AppDbContext).</summary>
    private Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
}

/// <summary>Closed dossiers due at the archive within 30 days, or overdue: their keeper is reminded (Phụ lục VI III.5b).</summary>
public sealed class DossierDueWork(AppDbContext db) : Work.IDueWorkSource
{
    public async Task<List<Work.DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var until = today.AddDays(ArchiveHandover.ReminderDays);
        return (await db.Dossiers.AsNoTracking().Where(d => d.Status == DossierStatus.Closed && d.HandoverDue != null && d.HandoverDue <= until)
                .Select(d => new { d.Id, d.KeeperUserId, Due = d.HandoverDue!.Value, d.Notation, d.Title }).ToListAsync(ct))
            .Select(d => new Work.DueWork(d.Id, "dossier-handover", d.KeeperUserId, null, d.Due,
                $"nộp lưu hồ sơ {d.Notation} (hạn {Formats.Date(d.Due)}): {Work.WorkReminders.Short(d.Title)}", $"/dossiers/{d.Id}")).ToList();
    }
}
