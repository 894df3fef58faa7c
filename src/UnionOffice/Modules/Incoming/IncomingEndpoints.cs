using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

public sealed record IncomingDto(Guid Id, string OrganizationCode, int Year, long ArrivalNumber, DateOnly ArrivalDate,
    string IssuerName, string? IssuerCode, string CodeNumber, string CodeNotation, DateOnly IssuedDate, string TypeName,
    string Subject, string Language, int? PageAmount, string? Description, string? SignerPosition, string? SignerName,
    string Urgency, string? ToPlaces, DateOnly? DueDate, string Status, DateTimeOffset RegisteredAt, DateTimeOffset? RecalledAt = null,
    string? ReplyToKey = null, Guid? ReplyToOutgoingId = null)
{
    /// <summary>The document it answers, as the sender named it: "số 12/LĐLĐ-VP ngày 01/12/2026".</summary>
    public string? ReplyTo => DocumentReference.Parse(ReplyToKey)?.Text;
}
public sealed record RegisterDto(Guid Id, int Year, string Name, long LastNumber);

public sealed class IncomingQueries(AppDbContext db, AccessPolicy access, CurrentUser current, TimeProvider time)
{
    public async Task<Page<IncomingDto>> ListAsync(string organizationCode, int? year, int page, int pageSize, CancellationToken ct)
    {
        var org = await OrgAsync(organizationCode, ct);
        await access.RequireReadIncomingAsync(org.Id, ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var q = from d in db.IncomingDocuments.AsNoTracking()
                join r in db.IncomingRegisters on d.RegisterId equals r.Id
                where d.OrganizationId == org.Id && (year == null || r.Year == year)
                select new { d, r.Year };
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(x => x.Year).ThenByDescending(x => x.d.ArrivalNumber)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<IncomingDto>(rows.Select(x => ToDto(x.d, x.Year, org.Code)).ToList(), total, page, pageSize);
    }

    public async Task<IncomingDto> GetAsync(Guid id, CancellationToken ct)
    {
        var row = await (from d in db.IncomingDocuments.AsNoTracking()
                         join r in db.IncomingRegisters on d.RegisterId equals r.Id
                         join o in db.Organizations on d.OrganizationId equals o.Id
                         where d.Id == id
                         select new { d, r.Year, o.Code }).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(IncomingErrors.NotFound);
        // Another organ's document answers exactly like a missing one: its existence is not disclosed.
        if (!await access.CanReadIncomingDocumentAsync(row.d.OrganizationId, id, ct)) throw new DomainException(IncomingErrors.NotFound);
        await MarkReadAsync(id, ct);
        return ToDto(row.d, row.Year, row.Code) with { ReplyToOutgoingId = await AnsweredAsync(row.d, row.Code, ct) };
    }

    /// <summary>
    /// Opening the document reads the copies sent to the person "để biết" (theirs, and their department's when they lead
    /// it): the first opening is kept, so the list says what is unread and the giver sees who has read it.
    /// </summary>
    private async Task MarkReadAsync(Guid documentId, CancellationToken ct)
    {
        if (current.UserId is not { } me) return;
        var depts = await current.DepartmentsLedAsync(ct);
        var now = time.GetUtcNow();
        await db.IncomingAssignments
            .Where(a => a.DocumentId == documentId && a.Kind == AssignmentKind.ForInformation && a.ReadAt == null
                && (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ReadAt, now), ct);
    }

    /// <summary>The organ's own issued document a reply answers — by its number, notation and date — when the reply names one.</summary>
    private async Task<Guid?> AnsweredAsync(IncomingDocument d, string organCode, CancellationToken ct)
    {
        if (Incoming.DocumentReference.Parse(d.ReplyToKey) is not { NumberValue: { } number } r || r.OrganCode != organCode) return null;
        return await db.OutgoingDocuments.AsNoTracking()
            .Where(o => o.OrganizationId == d.OrganizationId && o.Number == number && o.Notation == r.Notation && o.IssuedDate == r.Date)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<List<RegisterDto>> RegistersAsync(string organizationCode, CancellationToken ct)
    {
        var org = await OrgAsync(organizationCode, ct);
        await access.RequireReadIncomingAsync(org.Id, ct);
        return await db.IncomingRegisters.AsNoTracking().Where(r => r.OrganizationId == org.Id).OrderByDescending(r => r.Year)
            .Select(r => new RegisterDto(r.Id, r.Year, r.Name, r.LastNumber)).ToListAsync(ct);
    }

    private Task<Organizations.Organization> OrgAsync(string code, CancellationToken ct) =>
        db.Organizations.AsNoTracking().ByCodeAsync(code, ct);

    private static IncomingDto ToDto(IncomingDocument d, int year, string orgCode) =>
        new(d.Id, orgCode, year, d.ArrivalNumber, d.ArrivalDate, d.IssuerName, d.IssuerCode, d.CodeNumber, d.CodeNotation,
            d.IssuedDate, d.TypeName, d.Subject, d.Language, d.PageAmount, d.Description, d.SignerPosition, d.SignerName,
            d.Urgency.ToString(), d.ToPlaces, d.DueDate, d.Status.ToString(), d.RegisteredAt, d.RecalledAt, d.ReplyToKey);
}

public static class IncomingEndpoints
{
    public static IServiceCollection AddIncomingModule(this IServiceCollection services) =>
        services.AddScoped<RegisterIncomingDocument>().AddScoped<IncomingQueries>().AddScoped<IncomingWorkflow>().AddScoped<IncomingInbox>()
            .AddScoped<IncomingPageQueries>().AddScoped<IncomingFiles>().AddScoped<IDueWorkSource, IncomingDueWork>().AddScoped<IncomingFinder>().AddScoped<SavedSearches>()
            .AddScoped<IncomingRegisters>().AddScoped<IncomingSlip>().AddScoped<RegisterWithFiles>().AddScoped<KeptScans>()
            .AddScoped<Organizations.IOrganizationUsage, IncomingUsage>();

    /// <summary>Files for the pages, with the session cookie (the API's file route takes bearer tokens).</summary>
    public static void MapIncomingPageFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/incoming/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, bool? download, IncomingFiles files, CancellationToken ct) =>
        {
            try
            {
                var (file, content) = await files.OpenAsync(id, fileId, download == true, ct);
                return Results.File(content, file.ContentType, download == true ? file.FileName : null, enableRangeProcessing: true);
            }
            catch (DomainException e) when (e.Error.Status == 410)
            {
                return Results.Text(e.Error.Message, "text/plain; charset=utf-8", statusCode: 410);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization().ExcludeFromDescription();

    private static readonly string[] FoundHeader = ["Số đến", "Năm", "Ngày đến", "Số, ký hiệu", "Ngày văn bản", "Cơ quan ban hành", "Loại văn bản", "Trích yếu", "Độ khẩn", "Trạng thái", "Hạn giải quyết"];

    internal static IEnumerable<IReadOnlyList<string?>> FoundTable(List<FoundItem> rows) =>
        new[] { FoundHeader }.Concat(rows.Select(r => (IReadOnlyList<string?>)[r.ArrivalNumber.ToString(), r.Year.ToString(), Formats.Date(r.ArrivalDate), r.Notation,
            Formats.Date(r.IssuedDate), r.IssuerName, r.TypeName, r.Subject, IncomingText.Urgency(r.Urgency), IncomingText.Status(r.Status), Formats.Date(r.DueDate)]));

    internal static byte[] FoundXlsx(List<FoundItem> rows, string query, DateOnly today) =>
        Common.Xlsx.XlsxWriter.ToBytes(new PrintedTable("", "KẾT QUẢ TÌM KIẾM VĂN BẢN ĐẾN", [$"Ngày xuất: {Formats.Date(today)}", $"Điều kiện: {Uri.UnescapeDataString(query)}"],
            FoundHeader.Select(h => new PrintedColumn(h, h is "Trích yếu" ? 60 : h is "Cơ quan ban hành" ? 30 : 14)).ToList(),
            FoundTable(rows).Skip(1).Select(r => new PrintedRow(r.Cast<object?>().ToList())), NumberColumns: false, SheetName: "Văn bản đến"));

    private static async Task<IResult> ExportFoundAsync(HttpRequest req, string? format, IncomingFinder finder, Audit.Auditor audit, Data.AppDbContext db,
        TimeProvider time, CancellationToken ct)
    {
        var fmt = (format ?? "csv").ToLowerInvariant();
        if (fmt is not ("csv" or "xlsx")) throw new DomainException(new Error("FORMAT_INVALID", "Định dạng xuất không hợp lệ (csv hoặc xlsx)."));
        var filter = IncomingFilter.FromQuery(req.Query);
        var rows = await finder.AllAsync(filter, ct);
        audit.Record("incoming.exported", null, "incoming", null, new { count = rows.Count, query = filter.ToQueryString() });
        await db.SaveChangesAsync(ct);
        var name = $"van-ban-den-{Formats.Today(time):yyyyMMdd}";
        return fmt == "csv"
            ? Results.File(Csv.File(FoundTable(rows)), "text/csv; charset=utf-8", $"{name}.csv")
            : Results.File(FoundXlsx(rows, filter.ToQueryString(), Formats.Today(time)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}.xlsx");
    }

    /// <summary>The export of search results for the pages (session cookie); a refused filter answers 400 with its message.</summary>
    public static void MapIncomingPageExports(this IEndpointRouteBuilder app) =>
        app.MapGet("/incoming/find/export", async (HttpRequest req, string? format, IncomingFinder finder, Audit.Auditor audit, Data.AppDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            try
            {
                return await ExportFoundAsync(req, format, finder, audit, db, time, ct);
            }
            catch (DomainException e)
            {
                return Results.Text(e.Error.Message, "text/plain; charset=utf-8", statusCode: e.Error.Status);
            }
        }).RequireAuthorization().ExcludeFromDescription();

    /// <summary>How an upload is read: up to the file limit; a file of up to 1 MB (a scanned page, a typical document) is
    /// kept in memory instead of a temporary file, which the store would only copy again.</summary>
    private static Microsoft.AspNetCore.Http.Features.FormOptions UploadForm(long maxUploadBytes) =>
        new() { MultipartBodyLengthLimit = maxUploadBytes, MemoryBufferThreshold = 1024 * 1024 };

    public static void MapIncomingEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        var g = api.MapGroup("/incoming").WithTags("Văn bản đến");
        g.MapPost("", async (RegisterIncomingRequest r, RegisterIncomingDocument register, CancellationToken ct) =>
        {
            var done = await register.HandleAsync(r, ct);
            return Results.Created($"/api/v1/incoming/{done.Id}", done);
        }).WithSummary("Văn thư đăng ký văn bản đến: cấp số đến liên tục trong năm; từ chối văn bản mật; cảnh báo trùng số, ký hiệu, cơ quan ban hành.");
        g.MapPost("/with-files", async (HttpRequest request, RegisterWithFiles register, AccessPolicy access,
            Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            // Only a clerk's upload is read (the organ named inside it is checked by the registration).
            if (!await access.IsClerkAnywhereAsync(ct)) throw new DomainException(Error.Forbidden);
            if (!request.HasFormContentType) throw new DomainException(Files.FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(UploadForm(maxUploadBytes), ct);
            RegisterIncomingRequest? r;
            try
            {
                r = System.Text.Json.JsonSerializer.Deserialize<RegisterIncomingRequest>(form["document"].ToString(), json.Value.SerializerOptions);
            }
            catch (System.Text.Json.JsonException)
            {
                r = null;
            }
            if (r is null) throw new DomainException(IncomingErrors.Invalid(["Phần \"document\" phải là thông tin văn bản dạng JSON, như khi đăng ký không kèm tệp."]));
            var done = await register.HandleAsync(r, form.Files, ct);
            return Results.Created($"/api/v1/incoming/{done.Id}", done);
        }).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes))
            .WithSummary("Văn thư đăng ký văn bản đến kèm tệp trong một lần (multipart/form-data: phần document là JSON như POST /incoming, các phần files là tệp): số đến và tệp cùng một giao dịch.");
        g.MapGet("", async (string organizationCode, int? year, int? page, int? pageSize, IncomingQueries q, CancellationToken ct) =>
            Results.Ok(await q.ListAsync(organizationCode, year, page ?? 1, pageSize ?? 50, ct)));
        g.MapGet("/{id:guid}", async (Guid id, IncomingQueries q, CancellationToken ct) => Results.Ok(await q.GetAsync(id, ct)));
        g.MapGet("/inbox", async (string view, int? take, IncomingInbox inbox, CancellationToken ct) => Results.Ok(await inbox.ListAsync(view, take ?? 50, ct)))
            .WithSummary("Danh sách làm việc: to-present, to-direct, to-handle, in-progress, overdue, for-information (readAt: lần mở đầu tiên), unread, done, given (văn bản tôi đã chỉ đạo/giao), all (văn thư, lãnh đạo: mọi văn bản đến của cơ quan).");
        g.MapGet("/search", async (string? q, int? take, IncomingInbox inbox, CancellationToken ct) => Results.Ok(await inbox.SearchAsync(q, take ?? 50, ct)))
            .WithSummary("Tìm văn bản đến trong phạm vi được xem, không phân biệt dấu và chữ hoa (\"da nang\" tìm được \"Đà Nẵng\").");
        g.MapGet("/find", async (HttpRequest req, int? page, int? pageSize, IncomingFinder finder, CancellationToken ct) =>
            Results.Ok(await finder.FindAsync(IncomingFilter.FromQuery(req.Query), page ?? 1, pageSize ?? 50, ct)))
            .WithSummary("Tìm và lọc văn bản đến được xem: q (toàn văn, không dấu), year, type, urgency, issuer, from, to, deadlineFrom, deadlineTo, assignee (tên đăng nhập hoặc mã phòng), status, overdue. Mới nhất trước. total chỉ chính xác khi totalIsAtLeast = false (kết quả hết ở trang này); khi totalIsAtLeast = true thì có hơn total văn bản và còn trang sau (không đếm hết để trả lời nhanh).");
        g.MapGet("/find/export", ExportFoundAsync).WithSummary("Xuất kết quả tìm kiếm (tối đa 10.000 văn bản) ra CSV hoặc Excel; việc xuất được ghi nhật ký.");
        g.MapGet("/saved-searches", async (SavedSearches s, CancellationToken ct) => Results.Ok(await s.MineAsync(ct)));
        g.MapPost("/saved-searches", async (SaveSearchRequest r, SavedSearches s, CancellationToken ct) =>
        {
            var saved = await s.SaveAsync(r, ct);
            return Results.Created($"/api/v1/incoming/saved-searches/{saved.Id}", saved);
        }).WithSummary("Lưu một tìm kiếm (query: chuỗi truy vấn của /find) dưới một tên.");
        g.MapDelete("/saved-searches/{id:guid}", async (Guid id, SavedSearches s, CancellationToken ct) => { await s.DeleteAsync(id, ct); return Results.NoContent(); });
        g.MapGet("/inbox/counts", async (IncomingInbox inbox, CancellationToken ct) => Results.Ok(await inbox.CountsAsync(ct)));
        g.MapGet("/{id:guid}/trail", async (Guid id, IncomingInbox inbox, CancellationToken ct) => Results.Ok(await inbox.TrailAsync(id, ct)));
        g.MapPost("/{id:guid}/present", async (Guid id, PresentRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.PresentAsync(id, r, ct); return Results.NoContent(); });
        g.MapPost("/{id:guid}/direct", async (Guid id, DirectRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.DirectAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Lãnh đạo cho ý kiến chỉ đạo: targets [{kind: Lead|CoHandler|ForInformation, departmentCode | userName}], đúng một Lead.");
        g.MapPost("/assignments/{id:guid}/forward", async (Guid id, ForwardRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.ForwardAsync(id, r, ct); return Results.NoContent(); });
        g.MapPost("/assignments/{id:guid}/opinion", async (Guid id, HandlingRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.OpinionAsync(id, r, ct); return Results.NoContent(); });
        g.MapPost("/assignments/{id:guid}/complete", async (Guid id, HandlingRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.CompleteAsync(id, r, ct); return Results.NoContent(); });
        g.MapPost("/assignments/{id:guid}/return", async (Guid id, HandlingRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.ReturnAsync(id, r, ct); return Results.NoContent(); });
        g.MapPost("/assignments/{id:guid}/reassign", async (Guid id, ReassignRequest r, IncomingWorkflow w, CancellationToken ct) =>
            Results.Ok(new { assignmentId = await w.ReassignAsync(id, r, ct) }))
            .WithSummary("Người giao việc giao lại cho phòng/ban hoặc cá nhân khác (cùng hình thức, cùng thời hạn).");
        g.MapPost("/assignments/{id:guid}/chase", async (Guid id, HandlingRequest r, IncomingWorkflow w, CancellationToken ct) => { await w.ChaseAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Đôn đốc người đang xử lý (lãnh đạo cơ quan; lãnh đạo phòng/ban với việc đã chuyển trong phòng).");
        g.MapPost("/assignments/{id:guid}/extensions", async (Guid id, ExtensionRequest r, IncomingWorkflow w, CancellationToken ct) =>
        {
            var extId = await w.RequestExtensionAsync(id, r, ct);
            return Results.Created($"/api/v1/incoming/extensions/{extId}", new { id = extId });
        }).WithSummary("Người xử lý đề nghị gia hạn (thời hạn mới, lý do); người giao việc quyết định.");
        g.MapPost("/extensions/{id:guid}/decide", async (Guid id, ExtensionDecision r, IncomingWorkflow w, CancellationToken ct) => { await w.DecideExtensionAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người giao việc đồng ý (grant=true) hoặc từ chối (grant=false, kèm lý do) đề nghị gia hạn.");
        g.MapGet("/{id:guid}/extensions", async (Guid id, IncomingWorkflow w, CancellationToken ct) => Results.Ok(await w.ExtensionsAsync(id, ct)));
        g.MapPost("/{id:guid}/files", async (Guid id, HttpRequest request, IncomingFiles files, CancellationToken ct) =>
        {
            var allowed = await files.RequireAttachAsync(id, ct);
            if (!request.HasFormContentType) throw new DomainException(Files.FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(UploadForm(maxUploadBytes), ct);
            return Results.Ok(await files.AttachAsync(allowed, form.Files, ct));
        }).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes))
            .WithSummary("Văn thư đính kèm tệp (PDF, DOCX, ảnh quét); lưu theo mã băm SHA-256, không ghi đè.");
        g.MapGet("/{id:guid}/files", async (Guid id, IncomingFiles files, CancellationToken ct) => Results.Ok(await files.ListAsync(id, ct)));
        g.MapGet("/{id:guid}/files/{fileId:guid}/signatures", async (Guid id, Guid fileId, IncomingFiles files, CancellationToken ct) =>
            Results.Ok(await files.SignaturesAsync(id, fileId, ct)))
            .WithSummary("Kiểm tra chữ ký số trong tệp PDF: toàn vẹn từng chữ ký, chứng thư đến gốc tin cậy tại thời điểm ký, thay đổi sau chữ ký cuối.");
        g.MapGet("/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, bool? download, IncomingFiles files, CancellationToken ct) =>
        {
            var (file, content) = await files.OpenAsync(id, fileId, download == true, ct);
            return Results.File(content, file.ContentType, download == true ? file.FileName : null, enableRangeProcessing: true);
        }).WithSummary("Mở (inline) hoặc tải tệp (?download=true); mỗi lần mở/tải được ghi nhật ký.");
        g.MapGet("/registers", async (string organizationCode, IncomingQueries q, CancellationToken ct) =>
            Results.Ok(await q.RegistersAsync(organizationCode, ct)));
    }
}

public sealed record PersonOption(string UserName, string FullName, string Role, string? DepartmentCode);
/// <param name="Assignee">Who was given it as people read it: the department's name or the person's full name.</param>
/// <param name="ReadAt">For information: when it was first opened (null: not yet).</param>
public sealed record AssignmentView(Guid Id, string Kind, string? DepartmentCode, string? UserName, DateOnly? Deadline, string Status, string? Opinion, string? ReturnReason,
    Guid? ParentId = null, string Assignee = "", DateTimeOffset? ReadAt = null);

/// <summary>What the document page needs beyond the document itself: the organ's people and departments, and the assignments.</summary>
public sealed class IncomingPageQueries(AppDbContext db, CurrentUser current)
{
    public async Task<List<PersonOption>> PeopleAsync(Guid organizationId, CancellationToken ct) =>
        await (from r in db.RoleAssignments.AsNoTracking()
               join u in db.Users on r.UserId equals u.Id
               join d in db.Departments on r.DepartmentId equals d.Id into dj
               from d in dj.DefaultIfEmpty()
               where r.OrganizationId == organizationId && u.Status == AccountStatus.Active && r.Role != Role.Administrator
               orderby u.FullName
               select new PersonOption(u.UserName!, u.FullName, r.Role.ToString(), d == null ? null : d.Code)).ToListAsync(ct);

    public Task<List<AssignmentView>> AssignmentsAsync(Guid documentId, CancellationToken ct) => AssignmentsAsync(db, documentId, ct);

    /// <summary>The document's assignments, oldest first, each with who was given it by name.</summary>
    internal static async Task<List<AssignmentView>> AssignmentsAsync(AppDbContext db, Guid documentId, CancellationToken ct) =>
        await (from a in db.IncomingAssignments.AsNoTracking()
               join d in db.Departments on a.DepartmentId equals d.Id into dj
               from d in dj.DefaultIfEmpty()
               join u in db.Users on a.UserId equals u.Id into uj
               from u in uj.DefaultIfEmpty()
               where a.DocumentId == documentId
               orderby a.CreatedAt
               select new AssignmentView(a.Id, a.Kind.ToString(), d == null ? null : d.Code, u == null ? null : u.UserName,
                   a.Deadline, a.Status.ToString(), a.Opinion, a.ReturnReason, a.ParentAssignmentId,
                   d != null ? d.Name : u != null ? u.FullName : "", a.ReadAt)).ToListAsync(ct);

    /// <summary>
    /// The open assignments of the document the person gave, or answers for giving: the head, those the head gave
    /// (top level); a department head, what was forwarded inside their department. They may reassign, chase and decide
    /// extensions of these (the workflow checks again on every step).
    /// </summary>
    public async Task<List<Guid>> GivenAsync(Guid documentId, Guid organizationId, CancellationToken ct)
    {
        var grants = await current.GrantsAsync(ct);
        var isHead = grants.Any(g => g.OrganizationId == organizationId && g.Role == Role.Head);
        var depts = await current.DepartmentsLedAsync(ct);
        return await (from a in db.IncomingAssignments.AsNoTracking()
                      join p in db.IncomingAssignments on a.ParentAssignmentId equals p.Id into pj
                      from p in pj.DefaultIfEmpty()
                      where a.DocumentId == documentId && a.Kind != AssignmentKind.ForInformation
                            && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress)
                            && ((isHead && a.ParentAssignmentId == null) || (p != null && p.DepartmentId != null && depts.Contains(p.DepartmentId.Value)))
                      select a.Id).ToListAsync(ct);
    }

    /// <summary>The open assignments of the document that the person answers for (their own, or their department's).</summary>
    public async Task<List<Guid>> MineAsync(Guid documentId, CancellationToken ct)
    {
        var me = current.UserId;
        var depts = await current.DepartmentsLedAsync(ct);
        return await db.IncomingAssignments.AsNoTracking()
            .Where(a => a.DocumentId == documentId && a.Kind != AssignmentKind.ForInformation
                && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress)
                && (a.UserId == me || (a.DepartmentId != null && depts.Contains(a.DepartmentId.Value))))
            .Select(a => a.Id).ToListAsync(ct);
    }
}
