using System.Linq.Expressions;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// What a person looks for among the incoming documents they may see: words (full text) and filters. Bound from the
/// query string of the API and of the page alike, so a saved search is simply its query string.
/// </summary>
public sealed record IncomingFilter(
    string? Q = null, int? Year = null, string? Type = null, string? Urgency = null, string? Issuer = null,
    DateOnly? From = null, DateOnly? To = null, DateOnly? DeadlineFrom = null, DateOnly? DeadlineTo = null,
    string? Assignee = null, string? Status = null, bool? Overdue = null)
{
    public bool IsEmpty => this == new IncomingFilter();

    /// <summary>The filter a query string gives; a value that is not what its parameter takes is refused, naming it.</summary>
    /// <exception cref="DomainException">FILTER_INVALID, with every bad parameter.</exception>
    public static IncomingFilter FromQuery(IQueryCollection q)
    {
        var errors = new List<string>();
        static string? S(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        DateOnly? D(string name)
        {
            if (S(q[name]) is not { } v) return null;
            if (Export.TryParseDate(v, out var d)) return d;
            errors.Add($"\"{v}\" của {name} không phải là ngày (yyyy-MM-dd hoặc dd/MM/yyyy).");
            return null;
        }
        int? year = null;
        if (S(q["year"]) is { } ys)
        {
            if (int.TryParse(ys, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100) year = y;
            else errors.Add($"\"{ys}\" của year không phải là năm.");
        }
        bool? overdue = null;
        if (S(q["overdue"]) is { } os)
        {
            if (bool.TryParse(os, out var o)) overdue = o;
            else errors.Add($"\"{os}\" của overdue phải là true hoặc false.");
        }
        var filter = new IncomingFilter(S(q["q"]), year, S(q["type"]), S(q["urgency"]), S(q["issuer"]),
            D("from"), D("to"), D("deadlineFrom"), D("deadlineTo"), S(q["assignee"]), S(q["status"]), overdue);
        if (errors.Count > 0) throw new DomainException(new Error("FILTER_INVALID", "Điều kiện tìm kiếm không hợp lệ: " + string.Join(" ", errors)));
        return filter;
    }

    /// <summary>The query string of the filter (without paging or format), as saved and as linked.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string k, object? v) { if (v is not null && $"{v}" != "") parts.Add($"{k}={Uri.EscapeDataString(v is DateOnly d ? d.ToString("yyyy-MM-dd") : $"{v}")}"); }
        Add("q", Q); Add("year", Year); Add("type", Type); Add("urgency", Urgency); Add("issuer", Issuer); Add("from", From); Add("to", To);
        Add("deadlineFrom", DeadlineFrom); Add("deadlineTo", DeadlineTo); Add("assignee", Assignee); Add("status", Status);
        Add("overdue", Overdue?.ToString().ToLowerInvariant());
        return string.Join('&', parts);
    }
}

public sealed record FoundItem(Guid Id, string OrganizationCode, int Year, long ArrivalNumber, DateOnly ArrivalDate, string Notation, DateOnly IssuedDate,
    string IssuerName, string TypeName, string Subject, string Urgency, string Status, DateOnly? DueDate);

/// <summary>A page of found documents. <c>Total</c> is exact when the matches end on this page; otherwise it counts up to
/// the end of this page and <c>TotalIsAtLeast</c> is true ("hơn 50 văn bản"), and there is a next page.</summary>
public sealed record FoundPage(IReadOnlyList<FoundItem> Items, int Total, int PageNumber, int PageSize, bool TotalIsAtLeast);

public sealed class IncomingFinder(AppDbContext db, CurrentUser current, Search.SearchIndex index, IOptions<Search.SearchOptions> options, TimeProvider time)
{
    public const int MaxExportRows = 10_000;

    public async Task<FoundPage> FindAsync(IncomingFilter f, int page, int pageSize, CancellationToken ct)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var m = await MatchesAsync(f, ct);
        // No separate count: the page is read with one row more, which tells whether there is a next page. The total is
        // exact when the matches end on this page, otherwise "at least" (hơn …): counting the matches of a frequent word
        // costs as much as reading them all, whatever the index.
        var skip = (page - 1) * pageSize;
        List<FoundItem>? rows = null;
        if (m.Words is not null && m.OneOrgan)
        {
            // Words within one organ: first the organ's newest documents, each checked for the words, a bounded walk
            // (about 10 µs a document on PostgreSQL, docs/benchmarks.md). When they hold the page, it is the page: the
            // walk follows the order of the results. Otherwise the words are rare among them, and the index, which
            // costs by the number of matches, answers; it is not tried first because PostgreSQL cannot know how often
            // words come together ("an toàn thông tin" in one document of six, "mái ấm công đoàn" in one of fifty).
            var window = Math.Max(1, options.Value.WalkPerRow) * (skip + pageSize + 1);
            var newest = m.Filtered.OrderByDescending(d => d.RegisteredAt).ThenByDescending(d => d.ArrivalNumber).Take(window);
            var checks = index.CheckEach(Search.SearchIndex.Incoming, m.Terms);
            rows = await Project(newest.Where(d => checks.Any(h => h.OwnerId == d.Id))).Skip(skip).Take(pageSize + 1).ToListAsync(ct);
            if (rows.Count <= pageSize) rows = null;
        }
        rows ??= await Project(m.All).Skip(skip).Take(pageSize + 1).ToListAsync(ct);
        var more = rows.Count > pageSize;
        if (more) rows.RemoveAt(pageSize);
        return new FoundPage(rows, skip + rows.Count, page, pageSize, more);
    }

    /// <summary>Every match (up to the export limit), for export.</summary>
    public async Task<List<FoundItem>> AllAsync(IncomingFilter f, CancellationToken ct) =>
        await Project((await MatchesAsync(f, ct)).All).Take(MaxExportRows).ToListAsync(ct);

    /// <summary>The documents a person may see that pass the filters, and the words of the query with their condition
    /// (through the index) if there are words; <see cref="OneOrgan"/> when all of them are of one organ.</summary>
    private sealed record Matches(IQueryable<IncomingDocument> Filtered, IReadOnlyList<Search.SearchWord> Terms,
        Expression<Func<IncomingDocument, bool>>? Words, bool OneOrgan)
    {
        public IQueryable<IncomingDocument> All => Words is null ? Filtered : Filtered.Where(Words);
    }

    /// <summary>Newest first, with the register's year and the organ's code.</summary>
    private IQueryable<FoundItem> Project(IQueryable<IncomingDocument> docs) =>
        from d in docs
        join r in db.IncomingRegisters on d.RegisterId equals r.Id
        join o in db.Organizations on d.OrganizationId equals o.Id
        orderby d.RegisteredAt descending, d.ArrivalNumber descending
        select new FoundItem(d.Id, o.Code, r.Year, d.ArrivalNumber, d.ArrivalDate, d.CodeNumber + "/" + d.CodeNotation, d.IssuedDate,
            d.IssuerName, d.TypeName, d.Subject, d.Urgency.ToString(), d.Status.ToString(), d.DueDate);

    private async Task<Matches> MatchesAsync(IncomingFilter f, CancellationToken ct)
    {
        var errors = new List<string>();
        Urgency? urgency = null;
        if (f.Urgency is { } u)
        {
            if (Enum.TryParse<Urgency>(u, true, out var parsed) && Enum.IsDefined(parsed)) urgency = parsed;
            else errors.Add($"Độ khẩn \"{u}\" không hợp lệ (Normal, Urgent, VeryUrgent, Immediate).");
        }
        IncomingStatus? status = null;
        if (f.Status is { } s)
        {
            if (Enum.TryParse<IncomingStatus>(s, true, out var parsed) && Enum.IsDefined(parsed)) status = parsed;
            else errors.Add($"Trạng thái \"{s}\" không hợp lệ (Registered, Presented, Assigned, InProgress, Done).");
        }
        if (f.From is { } from && f.To is { } to && from > to) errors.Add("Ngày đến \"từ\" phải trước ngày \"đến\".");
        if (errors.Count > 0) throw new DomainException(IncomingErrors.Invalid(errors));

        var grants = await current.GrantsAsync(ct);
        var orgs = grants.Where(g => g.Role is Role.Clerk or Role.Head).Select(g => g.OrganizationId).Distinct().ToList();
        var me = current.UserId!.Value;
        var depts = await current.DepartmentsLedAsync(ct);
        // What the person may see: the documents of the organs where they are clerk or head, and those assigned to them
        // or to the departments they lead. Written as one OR, PostgreSQL tests the scope of every document matching the
        // words (1.7 million for "công đoàn"): so the usual cases get a query of their own. Without organs, only the
        // assigned ones; with organs and nothing assigned outside them (clerks, heads), only the organs — for one organ an
        // equality, walked newest first on IX_IncomingDocuments_OrganizationId_RegisteredAt_ArrivalNumber, which stops
        // after a page. Otherwise the OR.
        var all = db.IncomingDocuments.AsNoTracking();
        var mine = db.IncomingAssignments.Where(a => a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value)));
        IQueryable<IncomingDocument> docs;
        Guid? oneOrgan = null;
        if (orgs.Count == 0) docs = all.Where(d => mine.Any(a => a.DocumentId == d.Id));
        // The organs of the documents assigned to the person (a list, not AnyAsync: under an EXISTS PostgreSQL expects an
        // early hit and scans all the assignments, 1.3 s at 5 million, when there is none).
        else if ((await (from x in mine join d in all on x.DocumentId equals d.Id select d.OrganizationId).Distinct().ToListAsync(ct)).All(orgs.Contains))
        {
            var org = orgs[0];
            if (orgs.Count == 1) oneOrgan = org;
            docs = orgs.Count == 1 ? all.Where(d => d.OrganizationId == org) : all.Where(d => orgs.Contains(d.OrganizationId));
        }
        else docs = all.Where(d => orgs.Contains(d.OrganizationId) || mine.Any(a => a.DocumentId == d.Id));

        Expression<Func<IncomingDocument, bool>>? matching = null;
        var words = Search.SearchText.Words(f.Q);
        if (words.Count > 0)
        {
            // Within one organ the organ is a key of the GIN index too, so the index answers organ and words at once.
            var hits = oneOrgan is { } only
                ? index.MatchInOrganization(Search.SearchIndex.Incoming, only, words)
                : index.Match(Search.SearchIndex.Incoming, words);
            matching = d => hits.Any(h => h.OwnerId == d.Id);
        }
        if (f.Type is { } type) docs = docs.Where(d => d.TypeName == type);
        if (urgency is { } ur) docs = docs.Where(d => d.Urgency == ur);
        if (status is { } st) docs = docs.Where(d => d.Status == st);
        if (f.Issuer is { } issuer)
        {
            var code = issuer.ToUpperInvariant();
            var folded = VietnameseText.Fold(issuer);
            docs = docs.Where(d => d.IssuerCode == code || d.SearchKey.StartsWith(folded));
        }
        if (f.From is { } a) docs = docs.Where(d => d.ArrivalDate >= a);
        if (f.To is { } b) docs = docs.Where(d => d.ArrivalDate <= b);
        if (f.DeadlineFrom is { } c) docs = docs.Where(d => d.DueDate >= c || db.IncomingAssignments.Any(x => x.DocumentId == d.Id && x.Deadline >= c));
        if (f.DeadlineTo is { } e) docs = docs.Where(d => d.DueDate <= e || db.IncomingAssignments.Any(x => x.DocumentId == d.Id && x.Deadline <= e));
        if (f.Assignee is { } who)
        {
            var name = who.Trim().ToLowerInvariant();
            var deptCode = who.Trim().ToUpperInvariant();
            docs = docs.Where(d => db.IncomingAssignments.Any(x => x.DocumentId == d.Id && x.Status != AssignmentStatus.Reassigned
                && (db.Users.Any(usr => usr.Id == x.UserId && usr.UserName == name)
                    || db.Departments.Any(dp => dp.Id == x.DepartmentId && dp.Code == deptCode && dp.OrganizationId == d.OrganizationId))));
        }
        if (f.Overdue == true)
        {
            var today = Formats.Today(time);
            docs = docs.Where(d => db.IncomingAssignments.Any(x => x.DocumentId == d.Id && x.Kind != AssignmentKind.ForInformation
                && (x.Status == AssignmentStatus.Open || x.Status == AssignmentStatus.InProgress) && x.Deadline < today));
        }
        if (f.Year is { } year) docs = docs.Where(d => db.IncomingRegisters.Any(r => r.Id == d.RegisterId && r.Year == year));
        return new Matches(docs, words, matching, oneOrgan is not null);
    }
}

/// <summary>A search a person keeps under a name: the query string of an <see cref="IncomingFilter"/>.</summary>
public sealed class SavedSearch
{
    private SavedSearch() { }

    public SavedSearch(Guid userId, string name, string query, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Name = name;
        Query = query;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    public string Query { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

public sealed record SavedSearchDto(Guid Id, string Name, string Query, DateTimeOffset CreatedAt);
public sealed record SaveSearchRequest(string? Name, string? Query);

public sealed class SavedSearches(AppDbContext db, CurrentUser current, TimeProvider time)
{
    public const int MaxPerPerson = 50;

    public async Task<List<SavedSearchDto>> MineAsync(CancellationToken ct)
    {
        var me = current.UserId!.Value;
        return await db.SavedSearches.AsNoTracking().Where(s => s.UserId == me).OrderBy(s => s.Name)
            .Select(s => new SavedSearchDto(s.Id, s.Name, s.Query, s.CreatedAt)).ToListAsync(ct);
    }

    public async Task<SavedSearchDto> SaveAsync(SaveSearchRequest r, CancellationToken ct)
    {
        var me = current.UserId!.Value;
        var name = (r.Name ?? "").Trim();
        var errors = new List<string>();
        if (name.Length == 0) errors.Add("Tên tìm kiếm không được để trống.");
        if (name.Length > 100) errors.Add("Tên tìm kiếm quá dài (tối đa 100 ký tự).");
        // Only what the filter understands is kept: the saved query is re-read through the same binder.
        var filter = IncomingFilter.FromQuery(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(r.Query ?? "")));
        if (filter.IsEmpty) errors.Add("Chưa có điều kiện tìm kiếm nào để lưu.");
        var query = filter.ToQueryString();
        if (query.Length > 1000) errors.Add("Điều kiện tìm kiếm quá dài.");
        if (errors.Count > 0) throw new DomainException(IncomingErrors.Invalid(errors));
        if (await db.SavedSearches.CountAsync(s => s.UserId == me, ct) >= MaxPerPerson)
            throw new DomainException(new Error("SAVED_SEARCH_LIMIT", $"Mỗi người lưu tối đa {MaxPerPerson} tìm kiếm; hãy xóa bớt.", 409));
        if (await db.SavedSearches.AnyAsync(s => s.UserId == me && s.Name == name, ct))
            throw new DomainException(new Error("SAVED_SEARCH_EXISTS", $"Đã có tìm kiếm tên \"{name}\".", 409));
        var saved = new SavedSearch(me, name, query, time.GetUtcNow());
        db.SavedSearches.Add(saved);
        await db.SaveChangesAsync(ct);
        return new SavedSearchDto(saved.Id, saved.Name, saved.Query, saved.CreatedAt);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        var me = current.UserId!.Value;
        var n = await db.SavedSearches.Where(s => s.Id == id && s.UserId == me).ExecuteDeleteAsync(ct);
        if (n == 0) throw new DomainException(new Error("SAVED_SEARCH_NOT_FOUND", "Không tìm thấy tìm kiếm đã lưu.", 404));
    }
}
