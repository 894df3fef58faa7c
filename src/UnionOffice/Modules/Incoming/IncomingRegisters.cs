using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// The organ's incoming registers as NĐ30 Phụ lục IV prints them: the "Sổ đăng ký văn bản đến" (VI, 10 columns) and the
/// "Sổ theo dõi giải quyết văn bản đến" (VIII, 7 columns), for one year, optionally between two arrival dates. They list
/// every document of the organ, so only who keeps or directs them may take them: the organ's clerks and heads (own or
/// delegated), as for the list of incoming documents. Each export is an access to the documents' metadata and is audited.
/// </summary>
public sealed record KeptOrgan(string Code, string Name);

public sealed class IncomingRegisters(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, TimeProvider time)
{
    public const string RegisterExported = "incoming.register.exported";
    public const string TrackingExported = "incoming.tracking.exported";

    public static readonly PrintedColumn[] RegisterColumns =
    [
        new("Ngày đến", 11, true), new("Số đến", 7, true), new("Tác giả", 20), new("Số, ký hiệu văn bản", 14, true),
        new("Ngày tháng văn bản", 11, true), new("Tên loại và trích yếu nội dung văn bản", 38), new("Đơn vị hoặc người nhận", 20),
        new("Ngày chuyển", 11, true), new("Ký nhận", 10), new("Ghi chú", 12),
    ];

    public static readonly PrintedColumn[] TrackingColumns =
    [
        new("Số đến", 7, true), new("Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản", 42),
        new("Đơn vị hoặc người nhận", 24), new("Thời hạn giải quyết", 12, true), new("Tiến độ giải quyết", 20),
        new("Số, ký hiệu văn bản trả lời", 16), new("Ghi chú", 14),
    ];

    public async Task<ExportedFile> RegisterAsync(string? organizationCode, int year, DateOnly? from, DateOnly? to, ExportFormat format, CancellationToken ct)
    {
        var (org, docs, recipients, onBehalfOf) = await LoadAsync(organizationCode, year, from, to, ct);
        var rows = docs.Select(d => new PrintedRow([
            d.ArrivalDate, d.ArrivalNumber, d.IssuerName, Notation(d), d.IssuedDate, $"{d.TypeName} – {d.Subject}",
            recipients.GetValueOrDefault(d.Id), d.DirectedAt, null, Note(d),
        ]));
        var table = new PrintedTable(org.Name, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", Cover(year, from, to, docs), RegisterColumns, rows, SheetName: $"Sổ văn bản đến {year}");
        var file = Export.Render(table, format, $"Sổ đăng ký văn bản đến {year} - {org.Code}");
        audit.Record(RegisterExported, org.Id, "incoming-register", $"{org.Code}/{year}", new { year, from, to, format = Name(format), rows = docs.Count }, onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
        return file;
    }

    public async Task<ExportedFile> TrackingAsync(string? organizationCode, int year, DateOnly? from, DateOnly? to, ExportFormat format, CancellationToken ct)
    {
        var (org, docs, recipients, onBehalfOf) = await LoadAsync(organizationCode, year, from, to, ct);
        var today = Formats.Today(time);
        var rows = docs.Select(d => new PrintedRow([
            d.ArrivalNumber, $"{d.TypeName} số {Notation(d)} ngày {Formats.Date(d.IssuedDate)} của {d.IssuerName}",
            recipients.GetValueOrDefault(d.Id), d.DueDate, Progress(d, today),
            // Số, ký hiệu văn bản trả lời: left blank until the outgoing module exists and a reply can be linked to
            // the document it answers; the clerk fills it in by hand on the printed register meanwhile.
            null,
            Note(d),
        ]));
        var table = new PrintedTable(org.Name, "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", Cover(year, from, to, docs), TrackingColumns, rows,
            SheetName: $"Theo dõi giải quyết {year}");
        var file = Export.Render(table, format, $"Sổ theo dõi giải quyết văn bản đến {year} - {org.Code}");
        audit.Record(TrackingExported, org.Id, "incoming-register", $"{org.Code}/{year}", new { year, from, to, format = Name(format), rows = docs.Count }, onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
        return file;
    }

    /// <summary>The organs whose registers the person may take (clerk or head, own or delegated), for the pages' links.</summary>
    public async Task<(int Year, List<KeptOrgan> Organs)> KeptAsync(CancellationToken ct)
    {
        var ids = (await current.GrantsAsync(ct)).Where(g => g.Role is Accounts.Role.Clerk or Accounts.Role.Head).Select(g => g.OrganizationId).Distinct().ToList();
        var organs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Code)
            .Select(o => new KeptOrgan(o.Code, o.Name)).ToListAsync(ct);
        return (Formats.Today(time).Year, organs);
    }

    /// <summary>The documents of the organ's register of the year in arrival-number order, and to whom each went.</summary>
    private async Task<(Organization Org, List<IncomingDocument> Docs, Dictionary<Guid, string> Recipients, Guid? OnBehalfOf)> LoadAsync(
        string? organizationCode, int year, DateOnly? fromDate, DateOnly? toDate, CancellationToken ct)
    {
        var today = Formats.Today(time);
        if (year < 1900 || year > today.Year) throw new DomainException(RegisterErrors.YearInvalid(year));
        if (fromDate is { } f && toDate is { } t && f > t) throw new DomainException(RegisterErrors.RangeInvalid);
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        var onBehalfOf = await KeeperAsync(org.Id, ct);
        var docsQuery = from d in db.IncomingDocuments.AsNoTracking()
                        join r in db.IncomingRegisters on d.RegisterId equals r.Id
                        where r.OrganizationId == org.Id && r.Year == year
                              && (fromDate == null || d.ArrivalDate >= fromDate) && (toDate == null || d.ArrivalDate <= toDate)
                        select d;
        var docs = await docsQuery.OrderBy(d => d.ArrivalNumber).ToListAsync(ct);
        var assigned = await (from a in db.IncomingAssignments.AsNoTracking()
                              join d in docsQuery on a.DocumentId equals d.Id
                              join dep in db.Departments on a.DepartmentId equals dep.Id into dj
                              from dep in dj.DefaultIfEmpty()
                              join u in db.Users on a.UserId equals u.Id into uj
                              from u in uj.DefaultIfEmpty()
                              where a.ParentAssignmentId == null && a.Kind != AssignmentKind.ForInformation
                              select new { a.DocumentId, a.Kind, a.CreatedAt, Name = dep != null ? dep.Name : u!.FullName }).ToListAsync(ct);
        var recipients = assigned.GroupBy(a => a.DocumentId).ToDictionary(g => g.Key, g => string.Join("; ", g
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Kind)
            .Select(a => $"{a.Name} ({(a.Kind == AssignmentKind.Lead ? "chủ trì" : "phối hợp")})").Distinct()));
        return (org, docs, recipients, onBehalfOf);
    }

    /// <summary>A clerk or head of the organ (own role first, then delegated); the person it is held for, if delegated.</summary>
    private async Task<Guid?> KeeperAsync(Guid organizationId, CancellationToken ct)
    {
        var clerk = await access.ClerkGrantAsync(organizationId, ct);
        var head = await access.HeadGrantAsync(organizationId, ct);
        if (clerk is null && head is null) throw new DomainException(Error.Forbidden);
        if (clerk is { OnBehalfOfUserId: null } || head is { OnBehalfOfUserId: null }) return null;
        return clerk?.OnBehalfOfUserId ?? head!.OnBehalfOfUserId;
    }

    /// <summary>The first page of the register (Phụ lục IV, "Bìa và trang đầu"): year, numbers and dates it covers.</summary>
    private static List<string> Cover(int year, DateOnly? from, DateOnly? to, List<IncomingDocument> docs)
    {
        var lines = new List<string> { $"Năm {year}" };
        lines.AddRange((from, to) switch
        {
            (null, null) => [],
            ({ } f, null) => [$"Văn bản đến từ ngày {Formats.Date(f)}"],
            (null, { } t) => [$"Văn bản đến tới hết ngày {Formats.Date(t)}"],
            ({ } f, { } t) => [$"Văn bản đến từ ngày {Formats.Date(f)} đến ngày {Formats.Date(t)}"],
        });
        lines.Add(docs.Count == 0
            ? "Chưa có văn bản đến nào được đăng ký."
            : $"Từ số {docs[0].ArrivalNumber} ngày {Formats.Date(docs[0].ArrivalDate)} đến số {docs[^1].ArrivalNumber} ngày {Formats.Date(docs[^1].ArrivalDate)}");
        return lines;
    }

    internal static string Notation(IncomingDocument d) => $"{d.CodeNumber}/{d.CodeNotation}";

    private static string Note(IncomingDocument d) =>
        string.Join("; ", new[] { d.Urgency == Urgency.Normal ? null : IncomingText.Urgency(d.Urgency), d.Description }.Where(s => !string.IsNullOrEmpty(s)));

    private static string Progress(IncomingDocument d, DateOnly today) => d.Status switch
    {
        IncomingStatus.Done => $"Đã hoàn thành ngày {Formats.Date(d.DoneAt)}",
        var s when d.DueDate is { } due && due < today => $"{IncomingErrors.StatusName(s)} (quá hạn)",
        var s => IncomingErrors.StatusName(s),
    };

    internal static string Name(ExportFormat f) => f.ToString().ToLowerInvariant();
}

public static class RegisterErrors
{
    public static Error YearInvalid(int year) =>
        new("REGISTER_YEAR_INVALID", $"Năm {year} không hợp lệ: sổ văn bản đến chỉ có cho năm nay và các năm trước.");
    public static readonly Error RangeInvalid = new("REGISTER_RANGE_INVALID", "Ngày bắt đầu (from) không được sau ngày kết thúc (to).");
}
