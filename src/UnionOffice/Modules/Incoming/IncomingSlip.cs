using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// "Phiếu giải quyết văn bản đến" (NĐ30 Phụ lục IV, VII) of one document, filled from what the system recorded: (1) the
/// leader's direction with the lead, co-handlers and their deadlines and the date; (2) each department head's forwarding
/// to a person with its deadline and date; (3) the handlers' opinions, results and returns with their dates. Parts not
/// reached yet print empty, so the slip can still be completed by hand. Whoever may read the document may take its slip.
/// </summary>
public sealed class IncomingSlip(AppDbContext db, AccessPolicy access, Auditor audit)
{
    public const string SlipExported = "incoming.slip.exported";

    public static readonly PrintedColumn[] Columns = [new("Nội dung", 30), new("Ý kiến, thông tin giải quyết", 70)];

    public async Task<ExportedFile> ExportAsync(Guid id, ExportFormat format, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        var organ = await db.Organizations.AsNoTracking().Where(o => o.Id == doc.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        // Ordered in memory: SQLite cannot order by DateTimeOffset, and a document has a handful of entries.
        var trail = (await db.IncomingTrail.AsNoTracking().Where(t => t.DocumentId == id).ToListAsync(ct)).OrderBy(t => t.At).ToList();
        var assignments = (await db.IncomingAssignments.AsNoTracking().Where(a => a.DocumentId == id).ToListAsync(ct))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Kind).ToList();
        var userIds = trail.SelectMany(t => new[] { t.ActorUserId, t.OnBehalfOfUserId })
            .Concat(assignments.SelectMany(a => new[] { a.UserId, a.AssignedByUserId, a.AssignedOnBehalfOfUserId }))
            .OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var deptIds = assignments.Select(a => a.DepartmentId).OfType<Guid>().Distinct().ToList();
        var depts = await db.Departments.AsNoTracking().Where(d => deptIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);

        var rows = new Rows(names, depts);
        Leader(rows, trail, assignments);
        DepartmentHeads(rows, assignments);
        Handlers(rows, trail);
        var table = new PrintedTable(organ, "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN",
            [
                $"{doc.TypeName} số {IncomingRegisters.Notation(doc)} ngày {Formats.Date(doc.IssuedDate)} của {doc.IssuerName}",
                $"Trích yếu: {doc.Subject}",
                $"Số đến: {doc.ArrivalNumber}, ngày đến: {Formats.Date(doc.ArrivalDate)}",
            ],
            Columns, rows.List, NumberColumns: false, Portrait: true, SheetName: "Phiếu giải quyết");
        var file = Export.Render(table, format, $"Phiếu giải quyết văn bản đến số {doc.ArrivalNumber}-{doc.ArrivalDate.Year}");
        audit.Record(SlipExported, doc.OrganizationId, "incoming", doc.Id.ToString(), new { format = IncomingRegisters.Name(format) });
        await db.SaveChangesAsync(ct);
        return file;
    }

    private static void Leader(Rows rows, List<IncomingTrailEntry> trail, List<IncomingAssignment> assignments)
    {
        rows.Section("1. Ý kiến của lãnh đạo cơ quan, tổ chức");
        var directions = trail.Where(t => t.Action == "directed").ToList();
        if (directions.Count == 0)
        {
            rows.Blank("Ý kiến chỉ đạo", "Giao đơn vị, cá nhân chủ trì", "Giao đơn vị, cá nhân phối hợp", "Ngày cho ý kiến");
            return;
        }
        var top = assignments.Where(a => a.ParentAssignmentId is null).ToList();
        for (var i = 0; i < directions.Count; i++)
        {
            var d = directions[i];
            // The assignments of a direction are made just before its trail entry and after the previous one's.
            var after = i == 0 ? DateTimeOffset.MinValue : directions[i - 1].At;
            var group = top.Where(a => a.CreatedAt > after && (a.CreatedAt <= d.At || i == directions.Count - 1)).ToList();
            rows.Item(directions.Count > 1 ? $"Ý kiến chỉ đạo (lần {i + 1})" : "Ý kiến chỉ đạo", d.Text);
            rows.Item("Giao đơn vị, cá nhân chủ trì", rows.Targets(group.Where(a => a.Kind == AssignmentKind.Lead)));
            rows.Item("Giao đơn vị, cá nhân phối hợp", rows.Targets(group.Where(a => a.Kind == AssignmentKind.CoHandler)));
            if (group.Any(a => a.Kind == AssignmentKind.ForInformation))
                rows.Item("Để biết", rows.Targets(group.Where(a => a.Kind == AssignmentKind.ForInformation)));
            rows.Item("Người cho ý kiến", rows.Person(d.ActorUserId, d.OnBehalfOfUserId));
            rows.Item("Ngày cho ý kiến", d.At);
        }
    }

    private static void DepartmentHeads(Rows rows, List<IncomingAssignment> assignments)
    {
        rows.Section("2. Ý kiến của lãnh đạo đơn vị");
        var forwards = assignments.Where(a => a.ParentAssignmentId is not null).ToList();
        if (forwards.Count == 0) rows.Blank("Giao cho cá nhân", "Thời hạn giải quyết", "Ngày cho ý kiến");
        foreach (var f in forwards)
        {
            var parent = assignments.FirstOrDefault(a => a.Id == f.ParentAssignmentId);
            var unit = parent is null ? "" : $" – {rows.Target(parent)} ({IncomingText.Kind(parent.Kind.ToString()).ToLower(Formats.Vi)})";
            rows.Item("Lãnh đạo đơn vị", rows.Person(f.AssignedByUserId, f.AssignedOnBehalfOfUserId) + unit);
            rows.Item("Giao cho cá nhân", rows.Target(f));
            rows.Item("Thời hạn giải quyết", f.Deadline);
            rows.Item("Ngày cho ý kiến", f.CreatedAt);
        }
    }

    private static void Handlers(Rows rows, List<IncomingTrailEntry> trail)
    {
        rows.Section("3. Ý kiến đề xuất của người giải quyết");
        var proposals = trail.Where(t => t.Action is "opinion" or "completed" or "returned").ToList();
        if (proposals.Count == 0) rows.Blank("Ý kiến đề xuất", "Ngày đề xuất");
        foreach (var p in proposals)
        {
            rows.Item(p.Action switch { "completed" => "Kết quả giải quyết", "returned" => "Trả lại (lý do)", _ => "Ý kiến đề xuất" }, p.Text);
            rows.Item("Người đề xuất", rows.Person(p.ActorUserId, p.OnBehalfOfUserId));
            rows.Item("Ngày đề xuất", p.At);
        }
    }

    private sealed class Rows(Dictionary<Guid, string> names, Dictionary<Guid, string> depts)
    {
        public List<PrintedRow> List { get; } = [];
        public void Section(string title) => List.Add(new PrintedRow([title], Strong: true, Span: true));
        public void Item(string label, object? value) => List.Add(new PrintedRow([label, value]));
        public void Blank(params string[] labels) { foreach (var l in labels) Item(l, null); }
        public string Person(Guid id, Guid? onBehalfOf) =>
            onBehalfOf is { } b ? $"{names.GetValueOrDefault(id, "")} (thay {names.GetValueOrDefault(b, "")})" : names.GetValueOrDefault(id, "");
        public string Target(IncomingAssignment a) =>
            a.DepartmentId is { } d ? depts.GetValueOrDefault(d, "") : names.GetValueOrDefault(a.UserId ?? Guid.Empty, "");
        public string Targets(IEnumerable<IncomingAssignment> list) =>
            string.Join("; ", list.Select(a => a.Deadline is { } dl ? $"{Target(a)} (hạn {Formats.Date(dl)})" : Target(a)));
    }
}
