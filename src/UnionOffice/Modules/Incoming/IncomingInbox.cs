using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Incoming;

public sealed record InboxItem(Guid Id, string OrganizationCode, long ArrivalNumber, DateOnly ArrivalDate, string Notation,
    string IssuerName, string Subject, string Urgency, string Status, DateOnly? Deadline, Guid? AssignmentId, string? AssignmentKind, bool Overdue);
public sealed record InboxCounts(int ToPresent, int ToDirect, int ToHandle, int Overdue, int ForInformation, int Done, int InProgress = 0);
public sealed record TrailItem(DateTimeOffset At, string Action, string ActorUserName, string ActorFullName, string? OnBehalfOfUserName, string? Text);

/// <summary>
/// "Nothing is forgotten": the views each role works from. to-present (clerk: registered, not yet presented),
/// to-direct (head: presented), to-handle (my open assignments, and my departments' ones for a department head),
/// overdue, for-information, done. Urgent documents first (Hỏa tốc before Thượng khẩn before Khẩn), then oldest.
/// </summary>
public sealed class IncomingInbox(AppDbContext db, CurrentUser current, AccessPolicy access, IncomingFinder finder, TimeProvider time)
{
    public static readonly string[] Views = ["to-present", "to-direct", "to-handle", "in-progress", "overdue", "for-information", "done"];

    // Member initialisation (not a constructor), so that the list can project single columns of D and A in SQL.
    private sealed class Row
    {
        public required IncomingDocument D { get; init; }
        public IncomingAssignment? A { get; init; }
    }

    public async Task<List<InboxItem>> ListAsync(string view, int take, CancellationToken ct)
    {
        var today = Formats.Today(time);
        // One command: the columns the list shows, and the organ's code from a subquery on its primary key.
        var rows = await (await QueryAsync(view, today, ct)).Take(Math.Clamp(take, 1, 200)).Select(r => new ListRow(
            r.D.Id, db.Organizations.Where(o => o.Id == r.D.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
            r.D.ArrivalNumber, r.D.ArrivalDate, r.D.CodeNumber, r.D.CodeNotation, r.D.IssuerName, r.D.Subject, r.D.Urgency, r.D.Status,
            r.D.DueDate, r.A == null ? null : (Guid?)r.A.Id, r.A == null ? null : (AssignmentKind?)r.A.Kind,
            r.A == null ? null : (AssignmentStatus?)r.A.Status, r.A == null ? null : r.A.Deadline)).ToListAsync(ct);
        return rows.Select(r => Item(r, today)).ToList();
    }

    private sealed record ListRow(Guid Id, string OrganizationCode, long ArrivalNumber, DateOnly ArrivalDate, string? CodeNumber,
        string? CodeNotation, string IssuerName, string Subject, Urgency Urgency, IncomingStatus Status, DateOnly? DueDate,
        Guid? AssignmentId, AssignmentKind? Kind, AssignmentStatus? AssignmentStatus, DateOnly? AssignmentDeadline);

    public async Task<InboxCounts> CountsAsync(CancellationToken ct)
    {
        var today = Formats.Today(time);
        async Task<int> N(string v) => await (await QueryAsync(v, today, ct)).CountAsync(ct);
        return new InboxCounts(await N("to-present"), await N("to-direct"), await N("to-handle"), await N("overdue"), await N("for-information"), await N("done"),
            await N("in-progress"));
    }

    private async Task<IQueryable<Row>> QueryAsync(string view, DateOnly today, CancellationToken ct)
    {
        if (!Views.Contains(view)) throw new DomainException(new Error("VIEW_INVALID", $"Danh sách \"{view}\" không tồn tại ({string.Join(", ", Views)})."));
        var grants = await current.GrantsAsync(ct);
        if (view is "to-present" or "to-direct")
        {
            var role = view == "to-present" ? Role.Clerk : Role.Head;
            var orgs = grants.Where(g => g.Role == role).Select(g => g.OrganizationId).Distinct().ToList();
            // The head may direct what the clerk has not yet formally presented (an urgent document, say).
            var docs = db.IncomingDocuments.AsNoTracking().Where(d => orgs.Contains(d.OrganizationId)
                && (d.Status == IncomingStatus.Registered || (view == "to-direct" && d.Status == IncomingStatus.Presented)));
            return docs.OrderByDescending(d => d.Urgency).ThenBy(d => d.RegisteredAt).Select(d => new Row { D = d, A = null });
        }
        if (view == "in-progress" && grants.Any(g => g.Role is Role.Clerk or Role.Head))
        {
            // The organ's clerks and heads follow everything directed and not yet done.
            var orgs = grants.Where(g => g.Role is Role.Clerk or Role.Head).Select(g => g.OrganizationId).Distinct().ToList();
            return db.IncomingDocuments.AsNoTracking()
                .Where(d => orgs.Contains(d.OrganizationId) && (d.Status == IncomingStatus.Assigned || d.Status == IncomingStatus.InProgress))
                .OrderByDescending(d => d.Urgency).ThenBy(d => d.DueDate == null).ThenBy(d => d.DueDate).ThenBy(d => d.RegisteredAt).Select(d => new Row { D = d, A = null });
        }
        var me = current.UserId!.Value;
        var depts = await current.DepartmentsLedAsync(ct);
        var q = from a in db.IncomingAssignments.AsNoTracking()
                join d in db.IncomingDocuments.AsNoTracking() on a.DocumentId equals d.Id
                where a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))
                select new { a, d };
        var open = new[] { AssignmentStatus.Open, AssignmentStatus.InProgress };
        q = view switch
        {
            "to-handle" => q.Where(x => x.a.Kind != AssignmentKind.ForInformation && open.Contains(x.a.Status)),
            "in-progress" => q.Where(x => x.a.Kind != AssignmentKind.ForInformation && x.a.Status == AssignmentStatus.InProgress),
            "overdue" => q.Where(x => x.a.Kind != AssignmentKind.ForInformation && open.Contains(x.a.Status) && x.a.Deadline < today),
            "for-information" => q.Where(x => x.a.Kind == AssignmentKind.ForInformation),
            _ => q.Where(x => x.a.Kind != AssignmentKind.ForInformation && x.a.Status == AssignmentStatus.Done),
        };
        return q.OrderByDescending(x => x.d.Urgency).ThenBy(x => x.a.Deadline == null).ThenBy(x => x.a.Deadline).ThenBy(x => x.a.CreatedAt)
            .Select(x => new Row { D = x.d, A = x.a });
    }

    /// <summary>
    /// Full-text search of the documents the person may see, over the metadata and the text of the files (text layer,
    /// DOCX, OCR), insensitive to diacritics and case ("da nang" finds "Đà Nẵng", "d" matches "đ"): every word of the
    /// query must begin a word of the document. Same results on SQLite and PostgreSQL (see SearchIndex.Match).
    /// </summary>
    public async Task<List<InboxItem>> SearchAsync(string? q, int take, CancellationToken ct)
    {
        if (Search.SearchText.Words(q).Count == 0) return [];
        // The finder holds the one definition of what a person may see and how words match.
        var found = await finder.FindAsync(new IncomingFilter(Q: q), 1, Math.Clamp(take, 1, 200), ct);
        var today = Formats.Today(time);
        return found.Items.Select(f => new InboxItem(f.Id, f.OrganizationCode, f.ArrivalNumber, f.ArrivalDate, f.Notation, f.IssuerName, f.Subject,
            f.Urgency, f.Status, f.DueDate, null, null, f.Status != nameof(IncomingStatus.Done) && f.DueDate is { } due && due < today)).ToList();
    }

    public async Task<List<TrailItem>> TrailAsync(Guid documentId, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct) ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        var rows = await (from t in db.IncomingTrail.AsNoTracking()
                          join u in db.Users on t.ActorUserId equals u.Id
                          join b in db.Users on t.OnBehalfOfUserId equals b.Id into bj
                          from b in bj.DefaultIfEmpty()
                          where t.DocumentId == documentId
                          orderby t.At
                          select new TrailItem(t.At, t.Action, u.UserName!, u.FullName, b == null ? null : b.UserName, t.Text)).ToListAsync(ct);
        return rows;
    }

    private static InboxItem Item(ListRow r, DateOnly today)
    {
        var deadline = r.AssignmentId is null ? r.DueDate : r.AssignmentDeadline ?? r.DueDate;
        var open = r.AssignmentId is null
            ? r.Status is not IncomingStatus.Done
            : r.AssignmentStatus is Incoming.AssignmentStatus.Open or Incoming.AssignmentStatus.InProgress;
        return new InboxItem(r.Id, r.OrganizationCode, r.ArrivalNumber, r.ArrivalDate, $"{r.CodeNumber}/{r.CodeNotation}",
            r.IssuerName, r.Subject, r.Urgency.ToString(), r.Status.ToString(), deadline, r.AssignmentId, r.Kind?.ToString(),
            open && deadline is { } dl && dl < today);
    }
}
