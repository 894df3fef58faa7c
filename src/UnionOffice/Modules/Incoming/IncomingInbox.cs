using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

public sealed record InboxItem(Guid Id, string OrganizationCode, long ArrivalNumber, DateOnly ArrivalDate, string Notation,
    string IssuerName, string Subject, string Urgency, string Status, DateOnly? Deadline, Guid? AssignmentId, string? AssignmentKind, bool Overdue,
    DateTimeOffset? ReadAt = null);
/// <param name="Unread">Copies for information not yet opened (the "Để biết" tab's count).</param>
/// <param name="All">Clerks and heads: every document of their organs.</param>
/// The list of what the person directed or gave out ("given") has no count: it is their history, not work waiting, and
/// counting it for a head who directed tens of thousands of documents took seconds on every page (issue 22 §13's benchmark).
public sealed record InboxCounts(int ToPresent, int ToDirect, int ToHandle, int Overdue, int ForInformation, int Done, int InProgress = 0,
    int Unread = 0, int All = 0);
public sealed record TrailItem(DateTimeOffset At, string Action, string ActorUserName, string ActorFullName, string? OnBehalfOfUserName, string? Text,
    string? OnBehalfOfFullName = null);

/// <summary>
/// "Nothing is forgotten": the views each role works from. to-present (clerk: registered, not yet presented),
/// to-direct (head: registered or presented), in-progress (clerk and head: directed, not done; for others their
/// assignments being handled), to-handle (my open assignments, and my departments' ones for a department head),
/// overdue, for-information, done. Urgent documents first (Hỏa tốc before Thượng khẩn before Khẩn), then the nearest
/// deadline, then the oldest.
/// Each view is one EF query compiled once (ADR 0010): a list is one SQL command, and no expression tree is built,
/// compared or walked for parameters on the request.
/// </summary>
public sealed class IncomingInbox(AppDbContext db, CurrentUser current, AccessPolicy access, IncomingFinder finder, TimeProvider time)
{
    public static readonly string[] Views = ["to-present", "to-direct", "to-handle", "in-progress", "overdue", "for-information", "done",
        "unread", "all", "given"];

    /// <summary>
    /// The organ-wide views: which documents, which roles see them for their organs, and whether the newest come first
    /// (lists to look back over) rather than the most urgent (lists to work from).
    /// </summary>
    private static readonly Dictionary<string, (Role[] Roles, Expression<Func<IncomingDocument, DateOnly, bool>> Filter, bool NewestFirst)> OrganViews = new()
    {
        ["to-present"] = ([Role.Clerk], (d, today) => d.Status == IncomingStatus.Registered, false),
        // The head may direct what the clerk has not yet formally presented (an urgent document, say).
        ["to-direct"] = ([Role.Head], (d, today) => d.Status == IncomingStatus.Registered || d.Status == IncomingStatus.Presented, false),
        // The organ's clerks and heads follow everything directed and not yet done…
        ["in-progress"] = ([Role.Clerk, Role.Head], (d, today) => d.Status == IncomingStatus.Assigned || d.Status == IncomingStatus.InProgress, false),
        // …see what was finished (their own assignments are not where the organ's work ends: "Đã xử lý" counted none)…
        ["done"] = ([Role.Clerk, Role.Head], (d, today) => d.Status == IncomingStatus.Done, true),
        // …and every document of the organ.
        ["all"] = ([Role.Clerk, Role.Head], (d, today) => true, true),
    };

    /// <summary>The personal views: which of the person's assignments (theirs, and their departments' for a department head).</summary>
    private static readonly Dictionary<string, Expression<Func<IncomingAssignment, DateOnly, bool>>> AssignmentViews = new()
    {
        ["to-handle"] = (a, today) => a.Kind != AssignmentKind.ForInformation && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress),
        ["in-progress"] = (a, today) => a.Kind != AssignmentKind.ForInformation && a.Status == AssignmentStatus.InProgress,
        ["overdue"] = (a, today) => a.Kind != AssignmentKind.ForInformation && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress) && a.Deadline < today,
        ["for-information"] = (a, today) => a.Kind == AssignmentKind.ForInformation,
        ["unread"] = (a, today) => a.Kind == AssignmentKind.ForInformation && a.ReadAt == null,
        ["done"] = (a, today) => a.Kind != AssignmentKind.ForInformation && a.Status == AssignmentStatus.Done,
    };

    // The queries, written once; CompiledViews.Filter stands for the view's condition.
    private static readonly Expression<Func<AppDbContext, List<Guid>, DateOnly, int, IQueryable<ListRow>>> OrganList = (db, orgs, today, take) =>
        db.IncomingDocuments.AsNoTracking()
            .Where(d => orgs.Contains(d.OrganizationId) && CompiledViews.Filter(d, today))
            .OrderByDescending(d => d.Urgency).ThenBy(d => d.DueDate == null).ThenBy(d => d.DueDate).ThenBy(d => d.RegisteredAt)
            .Select(d => new ListRow(d.Id, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
                d.ArrivalNumber, d.ArrivalDate, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.Urgency, d.Status, d.DueDate,
                null, null, null, null, null))
            .Take(take);

    /// <summary>
    /// A list to look back over, newest first, of one organ: by (organ, registration time, number) — the index's own order,
    /// so PostgreSQL reads the first page of it and stops (an organ list over several organs, "= ANY", sorted every document:
    /// a second for the Confederation's 97,000). Several organs are read one by one and merged.
    /// </summary>
    private static readonly Expression<Func<AppDbContext, Guid, DateOnly, int, IQueryable<ListRow>>> OrganListNewest = (db, org, today, take) =>
        db.IncomingDocuments.AsNoTracking()
            .Where(d => d.OrganizationId == org && CompiledViews.Filter(d, today))
            .OrderByDescending(d => d.RegisteredAt).ThenByDescending(d => d.ArrivalNumber)
            .Select(d => new ListRow(d.Id, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
                d.ArrivalNumber, d.ArrivalDate, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.Urgency, d.Status, d.DueDate,
                null, null, null, null, null, d.RegisteredAt))
            .Take(take);

    /// <summary>
    /// What the person gave out, newest first: their directions and forwardings in their own right, and those given in
    /// their name under a delegation, each walked back from the newest by its (giver, time) index — a head who directed
    /// tens of thousands of documents reads only the first page's worth (migration 0032).
    /// </summary>
    private static readonly CompiledViews.PerModel<Func<AppDbContext, Guid, int, IAsyncEnumerable<GivenAt>>> GivenBy = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid me, int take) =>
            db.IncomingAssignments.AsNoTracking().Where(a => a.AssignedByUserId == me)
                .OrderByDescending(a => a.CreatedAt).Select(a => new GivenAt(a.DocumentId, a.CreatedAt)).Take(take)));

    private static readonly CompiledViews.PerModel<Func<AppDbContext, Guid, int, IAsyncEnumerable<GivenAt>>> GivenOnBehalf = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid me, int take) =>
            db.IncomingAssignments.AsNoTracking().Where(a => a.AssignedOnBehalfOfUserId == me)
                .OrderByDescending(a => a.CreatedAt).Select(a => new GivenAt(a.DocumentId, a.CreatedAt)).Take(take)));

    private sealed record GivenAt(Guid DocumentId, DateTimeOffset At);

    /// <summary>
    /// Those of the given documents the person may still read (AccessPolicy.CanReadIncomingDocumentAsync): a deputy whose
    /// delegation ended does not keep a list of the organ's documents.
    /// </summary>
    private static readonly CompiledViews.PerModel<Func<AppDbContext, List<Guid>, Guid, List<Guid>, List<Guid>, IAsyncEnumerable<ListRow>>> GivenList = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, List<Guid> ids, Guid me, List<Guid> organs, List<Guid> depts) =>
            db.IncomingDocuments.AsNoTracking()
                .Where(d => ids.Contains(d.Id)
                    && (organs.Contains(d.OrganizationId)
                        || db.IncomingAssignments.Any(a => a.DocumentId == d.Id && (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))))))
                .Select(d => new ListRow(d.Id, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
                    d.ArrivalNumber, d.ArrivalDate, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.Urgency, d.Status, d.DueDate,
                    null, null, null, null, null))));

    private static readonly Expression<Func<AppDbContext, List<Guid>, DateOnly, CancellationToken, int>> OrganCount = (db, orgs, today, ct) =>
        db.IncomingDocuments.Count(d => orgs.Contains(d.OrganizationId) && CompiledViews.Filter(d, today));

    private static readonly Expression<Func<AppDbContext, Guid, List<Guid>, DateOnly, int, IQueryable<ListRow>>> AssignmentList = (db, me, depts, today, take) =>
        (from a in db.IncomingAssignments.AsNoTracking()
         join d in db.IncomingDocuments.AsNoTracking() on a.DocumentId equals d.Id
         where (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))) && CompiledViews.Filter(a, today)
         orderby d.Urgency descending, a.Deadline == null, a.Deadline, a.CreatedAt
         select new ListRow(d.Id, db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
             d.ArrivalNumber, d.ArrivalDate, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.Urgency, d.Status, d.DueDate,
             a.Id, a.Kind, a.Status, a.Deadline, a.ReadAt))
        .Take(take);

    /// <summary>
    /// The person's finished work, newest first: ordered by the assignments' own time, so the database takes the page of
    /// them before reading their documents (ordered by the document's urgency, every finished document of years was read
    /// and sorted: 135 ms for an officer with 2,324 at 2 million documents).
    /// </summary>
    private static readonly Expression<Func<AppDbContext, Guid, List<Guid>, DateOnly, int, IQueryable<ListRow>>> AssignmentListNewest = (db, me, depts, today, take) =>
        (from a in db.IncomingAssignments.AsNoTracking()
         where (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))) && CompiledViews.Filter(a, today)
         orderby a.CreatedAt descending, a.Id descending
         select a).Take(take)
        .Join(db.IncomingDocuments.AsNoTracking(), a => a.DocumentId, d => d.Id, (a, d) => new ListRow(d.Id,
            db.Organizations.Where(o => o.Id == d.OrganizationId).Select(o => o.Code).FirstOrDefault() ?? "",
            d.ArrivalNumber, d.ArrivalDate, d.CodeNumber, d.CodeNotation, d.IssuerName, d.Subject, d.Urgency, d.Status, d.DueDate,
            a.Id, a.Kind, a.Status, a.Deadline, a.ReadAt, a.CreatedAt));

    /// <summary>The personal views read newest first (lists to look back over); the others, most urgent first.</summary>
    private static readonly HashSet<string> AssignmentNewestFirst = ["done"];

    private static readonly Expression<Func<AppDbContext, Guid, List<Guid>, DateOnly, CancellationToken, int>> AssignmentCount = (db, me, depts, today, ct) =>
        db.IncomingAssignments.Count(a => (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))) && CompiledViews.Filter(a, today));

    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, List<Guid>, DateOnly, int, IAsyncEnumerable<ListRow>>>> OrganLists =
        CompiledViews.PerView(OrganViews.Where(v => !v.Value.NewestFirst).ToDictionary(), v => EF.CompileAsyncQuery(CompiledViews.WithFilter(OrganList, v.Filter)));
    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, Guid, DateOnly, int, IAsyncEnumerable<ListRow>>>> OrganNewestLists =
        CompiledViews.PerView(OrganViews.Where(v => v.Value.NewestFirst).ToDictionary(), v => EF.CompileAsyncQuery(CompiledViews.WithFilter(OrganListNewest, v.Filter)));
    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, List<Guid>, DateOnly, CancellationToken, Task<int>>>> OrganCounts =
        CompiledViews.PerView(OrganViews, v => EF.CompileAsyncQuery(CompiledViews.WithFilter(OrganCount, v.Filter)));
    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, Guid, List<Guid>, DateOnly, int, IAsyncEnumerable<ListRow>>>> AssignmentLists =
        CompiledViews.PerView(AssignmentViews.Where(v => !AssignmentNewestFirst.Contains(v.Key)).ToDictionary(), v => EF.CompileAsyncQuery(CompiledViews.WithFilter(AssignmentList, v)));
    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, Guid, List<Guid>, DateOnly, int, IAsyncEnumerable<ListRow>>>> AssignmentNewestLists =
        CompiledViews.PerView(AssignmentViews.Where(v => AssignmentNewestFirst.Contains(v.Key)).ToDictionary(), v => EF.CompileAsyncQuery(CompiledViews.WithFilter(AssignmentListNewest, v)));
    private static readonly Dictionary<string, CompiledViews.PerModel<Func<AppDbContext, Guid, List<Guid>, DateOnly, CancellationToken, Task<int>>>> AssignmentCounts =
        CompiledViews.PerView(AssignmentViews, v => EF.CompileAsyncQuery(CompiledViews.WithFilter(AssignmentCount, v)));

    public async Task<List<InboxItem>> ListAsync(string view, int take, CancellationToken ct)
    {
        var today = Formats.Today(time);
        var rows = new List<ListRow>();
        var n = Math.Clamp(take, 1, 200);
        if (view == "given")
        {
            var me = current.UserId!.Value;
            // One direction gives several assignments (the lead, co-handlers, readers): enough of them for n documents.
            var given = new List<GivenAt>();
            await foreach (var g in GivenBy.For(db)(db, me, n * 8).WithCancellation(ct)) given.Add(g);
            await foreach (var g in GivenOnBehalf.For(db)(db, me, n * 8).WithCancellation(ct)) given.Add(g);
            var newest = given.GroupBy(g => g.DocumentId).Select(g => (Id: g.Key, At: g.Max(x => x.At)))
                .OrderByDescending(g => g.At).ThenByDescending(g => g.Id).Take(n).ToList();
            var (organs, depts) = await ReadersScopeAsync(ct);
            await foreach (var r in GivenList.For(db)(db, newest.Select(g => g.Id).ToList(), me, organs, depts).WithCancellation(ct)) rows.Add(r);
            var order = newest.Select((g, i) => (g.Id, i)).ToDictionary(x => x.Id, x => x.i);
            return rows.OrderBy(r => order[r.Id]).Select(r => Item(r, today)).ToList();
        }
        var scope = await ScopeAsync(view, ct);
        if (scope.OrganWide && OrganNewestLists.TryGetValue(view, out var newestFirst))
        {
            foreach (var org in scope.Ids)
                await foreach (var r in newestFirst.For(db)(db, org, today, n).WithCancellation(ct)) rows.Add(r);
            return rows.OrderByDescending(r => r.NewestAt).ThenByDescending(r => r.ArrivalNumber).Take(n).Select(r => Item(r, today)).ToList();
        }
        if (!scope.OrganWide && AssignmentNewestLists.TryGetValue(view, out var assignmentsNewest))
        {
            // The page of assignments is taken in order; joined to their documents it is put back in that order here.
            await foreach (var r in assignmentsNewest.For(db)(db, current.UserId!.Value, scope.Ids, today, n).WithCancellation(ct)) rows.Add(r);
            return rows.OrderByDescending(r => r.NewestAt).ThenByDescending(r => r.AssignmentId).Select(r => Item(r, today)).ToList();
        }
        var query = scope.OrganWide
            ? OrganLists[view].For(db)(db, scope.Ids, today, n)
            : AssignmentLists[view].For(db)(db, current.UserId!.Value, scope.Ids, today, n);
        await foreach (var r in query.WithCancellation(ct)) rows.Add(r);
        return rows.Select(r => Item(r, today)).ToList();
    }

    private sealed record ListRow(Guid Id, string OrganizationCode, long ArrivalNumber, DateOnly ArrivalDate, string? CodeNumber,
        string? CodeNotation, string IssuerName, string Subject, Urgency Urgency, IncomingStatus Status, DateOnly? DueDate,
        Guid? AssignmentId, AssignmentKind? Kind, AssignmentStatus? AssignmentStatus, DateOnly? AssignmentDeadline, DateTimeOffset? ReadAt,
        DateTimeOffset? NewestAt = null);

    public async Task<InboxCounts> CountsAsync(CancellationToken ct)
    {
        var today = Formats.Today(time);
        async Task<int> N(string view)
        {
            var scope = await ScopeAsync(view, ct);
            return scope.OrganWide
                ? await OrganCounts[view].For(db)(db, scope.Ids, today, ct)
                : await AssignmentCounts[view].For(db)(db, current.UserId!.Value, scope.Ids, today, ct);
        }
        return new InboxCounts(await N("to-present"), await N("to-direct"), await N("to-handle"), await N("overdue"), await N("for-information"), await N("done"),
            await N("in-progress"), await N("unread"), await N("all"));
    }

    /// <summary>The organs whose documents the person reads (clerk, head) and the departments they lead.</summary>
    private async Task<(List<Guid> Organs, List<Guid> Departments)> ReadersScopeAsync(CancellationToken ct) =>
        ((await current.GrantsAsync(ct)).Where(g => g.Role is Role.Clerk or Role.Head).Select(g => g.OrganizationId).Distinct().ToList(),
         await current.DepartmentsLedAsync(ct));

    /// <summary>A view over the documents of organs (<see cref="Ids"/>: the organs) or over the person's assignments (the departments they lead).</summary>
    private sealed record ViewScope(bool OrganWide, List<Guid> Ids);

    /// <summary>Whether the view lists the documents of the person's organs (in the role it needs) or the person's assignments.</summary>
    private async Task<ViewScope> ScopeAsync(string view, CancellationToken ct)
    {
        if (!Views.Contains(view)) throw new DomainException(new Error("VIEW_INVALID", $"Danh sách \"{view}\" không tồn tại ({string.Join(", ", Views)})."));
        var grants = await current.GrantsAsync(ct);
        if (OrganViews.TryGetValue(view, out var organView) && (!AssignmentViews.ContainsKey(view) || grants.Any(g => organView.Roles.Contains(g.Role))))
            return new ViewScope(true, grants.Where(g => organView.Roles.Contains(g.Role)).Select(g => g.OrganizationId).Distinct().ToList());
        return new ViewScope(false, await current.DepartmentsLedAsync(ct));
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
                          select new TrailItem(t.At, t.Action, u.UserName!, u.FullName, b == null ? null : b.UserName, t.Text, b == null ? null : b.FullName)).ToListAsync(ct);
        return rows;
    }

    private static InboxItem Item(ListRow r, DateOnly today)
    {
        var deadline = r.AssignmentId is null ? r.DueDate : r.AssignmentDeadline ?? r.DueDate;
        var open = r.AssignmentId is null
            ? r.Status is not IncomingStatus.Done
            : r.AssignmentStatus is AssignmentStatus.Open or AssignmentStatus.InProgress;
        return new InboxItem(r.Id, r.OrganizationCode, r.ArrivalNumber, r.ArrivalDate, $"{r.CodeNumber}/{r.CodeNotation}",
            r.IssuerName, r.Subject, r.Urgency.ToString(), r.Status.ToString(), deadline, r.AssignmentId, r.Kind?.ToString(),
            open && deadline is { } dl && dl < today, r.ReadAt);
    }
}
