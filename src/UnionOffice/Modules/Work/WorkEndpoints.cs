using UnionOffice.Common;

namespace UnionOffice.Modules.Work;

public static class WorkEndpoints
{
    public static IServiceCollection AddWorkModule(this IServiceCollection services) =>
        services.AddScoped<TaskAccess>().AddScoped<TaskSteps>().AddScoped<GiveTask>().AddScoped<TaskHandling>().AddScoped<TaskQueries>()
            .AddScoped<TaskSupervision>().AddScoped<DiaryRecorder>()
            .AddScoped<IDueWorkSource, TaskDueWork>().AddScoped<WorkReminders>().AddScoped<WorkPlans>().AddScoped<TaskFiles>().AddScoped<Diary>().AddScoped<DiarySummary>();

    /// <summary>The pages' download of the giao ban report, with the session cookie (the API's route takes bearer tokens).</summary>
    public static void MapWorkPages(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapPageDownloads("/tasks");
        MapGiaoBan(tasks);
        MapTaskFileDownload(tasks);
        MapDiaryExport(app.MapPageDownloads("/diary"));
    }

    private static void MapTaskFileDownload(RouteGroupBuilder g) =>
        g.MapGet("/{id:guid}/files/{fileId:guid}", async (Guid id, Guid fileId, TaskFiles files, CancellationToken ct) =>
        {
            var (file, content) = await files.OpenAsync(id, fileId, ct);
            return Results.File(content, file.ContentType, file.FileName, enableRangeProcessing: true);
        }).WithSummary("Tải tệp của nhiệm vụ (người được xem nhiệm vụ); mỗi lần mở được ghi nhật ký.");

    private static void MapGiaoBan(RouteGroupBuilder g) =>
        g.MapGet("/giao-ban", async (string? organizationCode, string? month, string? format, TaskSupervision s, CancellationToken ct) =>
        {
            if (month is not { Length: 7 } m || !int.TryParse(m[..4], out var year) || m[4] != '-' || !int.TryParse(m[5..], out var mm))
                throw new Common.DomainException(WorkErrors.Invalid(["Tháng báo cáo phải có dạng yyyy-MM (ví dụ 2026-12)."]));
            var f = await s.GiaoBanAsync(organizationCode, year, mm, Common.Export.ParseFormat(format, Common.ExportFormat.Xlsx), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Báo cáo giao ban tháng theo phòng/ban (hoàn thành, đúng hạn, trễ hạn, còn tồn, quá hạn): ?organizationCode=&month=yyyy-MM&format=xlsx|pdf. Lãnh đạo cơ quan.");

    public static void MapWorkEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        MapDiary(api.MapGroup("/diary").WithTags("Nhật ký công việc"));
        MapPlans(api.MapGroup("/plans").WithTags("Kế hoạch công tác"));
        var g = api.MapGroup("/tasks").WithTags("Nhiệm vụ");
        g.MapPost("", async (GiveTaskRequest r, GiveTask give, CancellationToken ct) =>
        {
            var id = await give.HandleAsync(r, ct);
            return Results.Created($"/api/v1/tasks/{id}", new { id });
        }).WithSummary("Giao nhiệm vụ: lãnh đạo cơ quan cho phòng/ban và cá nhân của cơ quan; lãnh đạo phòng/ban cho người trong phòng. "
            + "targets [{kind: Lead|CoHandler|ForInformation, departmentCode | userName}], đúng một Lead; origin None|IncomingDocument (originId)|Meeting|PlanItem.");
        g.MapGet("", async (string? view, int? take, TaskQueries q, CancellationToken ct) => Results.Ok(await q.ListAsync(view, take ?? 50, ct)))
            .WithSummary("Danh sách nhiệm vụ: mine (được giao), given (đã giao), to-evaluate (chờ đánh giá), following (để biết), overdue (quá hạn), done.");
        g.MapGet("/supervision", async (string? organizationCode, string? departmentCode, string? from, string? to, TaskSupervision s, CancellationToken ct) =>
            Results.Ok(await s.FiguresAsync(organizationCode, departmentCode, Common.Export.ParseDate(from, "Từ ngày"), Common.Export.ParseDate(to, "Đến ngày"), ct)))
            .WithSummary("Theo dõi tiến độ: lãnh đạo cơ quan xem từng phòng/ban và cá nhân; lãnh đạo phòng/ban (departmentCode) xem người trong phòng. "
                + "Đang thực hiện, sắp đến hạn (3 ngày), quá hạn tính đến hôm nay; hoàn thành đúng hạn, trễ hạn trong kỳ from–to (mặc định: đầu tháng đến hôm nay).");
        g.MapGet("/supervision/list", async (string? organizationCode, string? departmentCode, string? figure, string? rowDepartment, string? rowUser,
            string? from, string? to, TaskSupervision s, CancellationToken ct) =>
            Results.Ok(await s.ListAsync(organizationCode, departmentCode, figure, rowDepartment, rowUser,
                Common.Export.ParseDate(from, "Từ ngày"), Common.Export.ParseDate(to, "Đến ngày"), ct)))
            .WithSummary("Danh sách nhiệm vụ sau một con số: figure = open|due-soon|overdue|done-on-time|done-late; rowDepartment (mã phòng) hoặc rowUser (tên đăng nhập), không có là tổng.");
        MapGiaoBan(g);
        g.MapGet("/{id:guid}", async (Guid id, TaskQueries q, CancellationToken ct) => Results.Ok(await q.GetAsync(id, ct)));
        g.MapGet("/{id:guid}/trail", async (Guid id, TaskQueries q, CancellationToken ct) => Results.Ok(await q.TrailAsync(id, ct)));
        g.MapPost("/{id:guid}/subtasks", async (Guid id, SubTaskRequest r, GiveTask give, CancellationToken ct) =>
        {
            var sub = await give.SubTaskAsync(id, r, ct);
            return Results.Created($"/api/v1/tasks/{sub}", new { id = sub });
        }).WithSummary("Lãnh đạo phòng/ban được giao giao tiếp cho chuyên viên trong phòng (thời hạn không sau thời hạn nhiệm vụ).");
        g.MapPost("/{id:guid}/files", async (Guid id, HttpRequest request, TaskFiles files, CancellationToken ct) =>
        {
            if (!request.HasFormContentType) throw new DomainException(Files.FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxUploadBytes }, ct);
            return Results.Ok(await files.AddAsync(id, [.. form.Files], ct));
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes))
            .WithSummary("Đính kèm tệp vào nhiệm vụ (multipart, các phần files): người giao, người chủ trì, phối hợp; mỗi tệp ≤ Storage:MaxFileBytes.");
        g.MapGet("/{id:guid}/files", async (Guid id, TaskFiles files, CancellationToken ct) => Results.Ok(await files.ListAsync(id, ct)));
        MapTaskFileDownload(g);
        g.MapPost("/{id:guid}/progress", async (Guid id, ProgressRequest r, TaskHandling h, CancellationToken ct) => { await h.ProgressAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người chủ trì hoặc phối hợp báo cáo tiến độ (percent 0–100, text).");
        g.MapPost("/{id:guid}/part-done", async (Guid id, ProgressRequest r, TaskHandling h, CancellationToken ct) => { await h.PartDoneAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Đơn vị/cá nhân phối hợp báo cáo hoàn thành phần việc của mình.");
        g.MapPost("/{id:guid}/report-done", async (Guid id, DoneReportRequest r, TaskHandling h, CancellationToken ct) => { await h.ReportDoneAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người chủ trì báo cáo hoàn thành (result; coHandlersNote bắt buộc khi còn phần việc phối hợp chưa xong); chờ người giao đánh giá.");
        g.MapPost("/{id:guid}/evaluate", async (Guid id, EvaluationRequest r, TaskHandling h, CancellationToken ct) => { await h.EvaluateAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người giao đánh giá: accept=true (hoàn thành) hoặc accept=false kèm note (trả lại để làm tiếp).");
        g.MapPost("/{id:guid}/chase", async (Guid id, TaskTextRequest r, TaskHandling h, CancellationToken ct) => { await h.ChaseAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Đôn đốc (người giao, lãnh đạo cơ quan).");
        g.MapPost("/{id:guid}/reassign", async (Guid id, TaskReassignRequest r, TaskHandling h, CancellationToken ct) =>
            Results.Ok(new { assigneeId = await h.ReassignAsync(id, r, ct) }))
            .WithSummary("Người giao giao lại một phần việc (assigneeId) cho phòng/ban hoặc cá nhân khác.");
        g.MapPost("/{id:guid}/cancel", async (Guid id, TaskTextRequest r, TaskHandling h, CancellationToken ct) => { await h.CancelAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người giao hủy nhiệm vụ, kèm lý do (text).");
        g.MapPost("/{id:guid}/extensions", async (Guid id, TaskExtensionRequest r, TaskHandling h, CancellationToken ct) =>
        {
            var ext = await h.RequestExtensionAsync(id, r, ct);
            return Results.Created($"/api/v1/tasks/extensions/{ext}", new { id = ext });
        }).WithSummary("Người chủ trì đề nghị gia hạn (deadline, reason); người giao quyết định.");
        g.MapPost("/extensions/{id:guid}/decide", async (Guid id, TaskExtensionDecision r, TaskHandling h, CancellationToken ct) =>
        {
            await h.DecideExtensionAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Người giao đồng ý (grant=true) hoặc từ chối (grant=false, kèm lý do) đề nghị gia hạn.");
    }

    private static void MapDiary(RouteGroupBuilder g)
    {
        g.MapGet("", async (string? userName, string? week, Diary d, CancellationToken ct) =>
            Results.Ok(await d.WeekAsync(userName, Common.Export.ParseDate(week, "Tuần"), ct)))
            .WithSummary("Nhật ký một tuần (thứ Hai đến Chủ nhật) của mình, hoặc của người trong phòng/ban mình phụ trách (userName); week = một ngày trong tuần.");
        g.MapPost("", async (DiaryWriteRequest r, Diary d, CancellationToken ct) =>
        {
            var id = await d.WriteAsync(r, ct);
            return Results.Created($"/api/v1/diary/{id}", new { id });
        }).WithSummary("Ghi một dòng nhật ký cho một ngày (day, mặc định hôm nay; không ghi cho ngày chưa tới, không ghi vào tuần đã khóa sổ).");
        g.MapPut("/{id:guid}", async (Guid id, DiaryWriteRequest r, Diary d, CancellationToken ct) => { await d.EditAsync(id, r, ct); return Results.NoContent(); });
        g.MapDelete("/{id:guid}", async (Guid id, Diary d, CancellationToken ct) => { await d.DeleteAsync(id, ct); return Results.NoContent(); });
        g.MapPost("/weeks/{week}/close", async (string week, Diary d, CancellationToken ct) =>
        {
            await d.CloseAsync(Common.Export.ParseDate(week, "Tuần") ?? throw new Common.DomainException(DiaryErrors.Invalid(["Thiếu tuần."])), ct);
            return Results.NoContent();
        }).WithSummary("Khóa sổ nhật ký tuần: sau đó không sửa, thêm, xóa được.");
        g.MapPost("/weeks/{week}/comment", async (string week, DiaryCommentRequest r, Diary d, CancellationToken ct) =>
        {
            await d.CommentAsync(Common.Export.ParseDate(week, "Tuần") ?? throw new Common.DomainException(DiaryErrors.Invalid(["Thiếu tuần."])), r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo phòng/ban, lãnh đạo cơ quan nhận xét tuần nhật ký của một người (userName, text).");
        g.MapGet("/summary", async (string? organizationCode, string? departmentCode, string? from, string? to, DiarySummary s, CancellationToken ct) =>
            Results.Ok(await s.SummaryAsync(organizationCode, departmentCode, Common.Export.ParseDate(from, "Từ ngày"), Common.Export.ParseDate(to, "Đến ngày"), ct)))
            .WithSummary("Tổng hợp nhật ký theo người và phòng/ban trong kỳ; tỷ lệ người thực hiện nhật ký (khóa sổ đủ các tuần).");
        MapDiaryExport(g);
    }

    private static void MapPlans(RouteGroupBuilder g)
    {
        g.MapPost("", async (PlanRequest r, WorkPlans plans, CancellationToken ct) =>
        {
            var id = await plans.CreateAsync(r, ct);
            return Results.Created($"/api/v1/plans/{id}", new { id });
        }).WithSummary("Lập kế hoạch công tác năm/quý/tháng của cơ quan (lãnh đạo cơ quan) hoặc phòng/ban (lãnh đạo phòng/ban, departmentCode): "
            + "items [{title, description?, leadDepartmentCode | leadUserName, deadline?, recurrence: None|Monthly|Quarterly, dayOfMonth?}].");
        g.MapGet("", async (string? organizationCode, WorkPlans plans, CancellationToken ct) => Results.Ok(await plans.ListAsync(organizationCode, ct)));
        g.MapGet("/{id:guid}", async (Guid id, WorkPlans plans, CancellationToken ct) => Results.Ok(await plans.GetAsync(id, ct)));
        g.MapPost("/{id:guid}/issue", async (Guid id, WorkPlans plans, CancellationToken ct) => Results.Ok(new { tasks = await plans.IssueAsync(id, ct) }))
            .WithSummary("Ban hành kế hoạch: mỗi mục thành nhiệm vụ (việc lặp lại: một nhiệm vụ mỗi tháng/quý còn lại của kỳ); sau đó không sửa được.");
    }

    private static void MapDiaryExport(RouteGroupBuilder g) =>
        g.MapGet("/summary/export", async (string? organizationCode, string? departmentCode, string? from, string? to, string? format, DiarySummary s, CancellationToken ct) =>
        {
            var f = await s.ExportAsync(organizationCode, departmentCode, Common.Export.ParseDate(from, "Từ ngày"), Common.Export.ParseDate(to, "Đến ngày"),
                Common.Export.ParseFormat(format, Common.ExportFormat.Xlsx), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Tổng hợp nhật ký ra Excel hoặc PDF (format=xlsx|pdf).");
}
