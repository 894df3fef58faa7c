using UnionOffice.Common;

namespace UnionOffice.Modules.Schedules;

public static class ScheduleEndpoints
{
    public static IServiceCollection AddSchedulesModule(this IServiceCollection services) =>
        services.AddScoped<Schedules>().AddScoped<ScheduleResources>().AddScoped<CalendarFeeds>();

    private static string BaseUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}";

    /// <summary>The pages' downloads (the week's PDF/Excel) with the session cookie, and the calendar feeds, which carry their secret instead.</summary>
    public static void MapSchedulePages(this IEndpointRouteBuilder app)
    {
        MapExport(app.MapPageDownloads("/schedule"));
        app.MapGet("/lich/{file}", async (string file, CalendarFeeds feeds, CancellationToken ct) =>
        {
            var secret = file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
            return await feeds.ReadAsync(secret, ct) is { } ics
                ? Results.Text(ics, "text/calendar; charset=utf-8")
                : Results.NotFound();
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static void MapExport(RouteGroupBuilder g) =>
        g.MapGet("/export", async (string? organizationCode, DateOnly? week, string? format, Schedules s, CancellationToken ct) =>
        {
            var f = await s.ExportAsync(organizationCode, week, Export.ParseFormat(format, ExportFormat.Pdf), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Lịch công tác tuần in theo mẫu thường dùng (format=pdf|xlsx).");

    public static void MapScheduleEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/schedules").WithTags("Lịch công tác");
        g.MapGet("/week", async (string? organizationCode, DateOnly? week, Schedules s, CancellationToken ct) => Results.Ok(await s.WeekAsync(organizationCode, week, ct)))
            .WithSummary("Lịch công tác tuần của lãnh đạo (week: một ngày trong tuần, mặc định tuần này): người của cơ quan xem khi đã ban hành; văn phòng xem cả dự thảo.");
        g.MapPost("/events", async (EventRequest r, Schedules s, CancellationToken ct) =>
        {
            var saved = await s.CreateAsync(r, ct);
            return Results.Created($"/api/v1/schedules/events/{saved.Id}", saved);
        }).WithSummary("Văn phòng (văn thư, lãnh đạo) đăng ký hoạt động; trưởng phòng, ban đề xuất. Trả về các trùng lịch (người chủ trì, dự; phòng họp, xe).");
        g.MapPut("/events/{id:guid}", async (Guid id, EventRequest r, Schedules s, CancellationToken ct) => Results.Ok(await s.UpdateAsync(id, r, ct)))
            .WithSummary("Sửa hoạt động; sau khi lịch tuần đã ban hành, hoạt động được đánh dấu thay đổi và báo cho người liên quan.");
        g.MapPost("/events/{id:guid}/accept", async (Guid id, Schedules s, CancellationToken ct) => Results.Ok(await s.AcceptAsync(id, ct)))
            .WithSummary("Văn phòng đưa đề xuất của phòng, ban vào lịch tuần.");
        g.MapPost("/events/{id:guid}/cancel", async (Guid id, CancelEventRequest r, Schedules s, CancellationToken ct) =>
        {
            await s.CancelAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Văn phòng hủy hoạt động (hoặc không nhận đề xuất), reason.");
        g.MapPost("/weeks/approve", async (ApproveWeekRequest r, Schedules s, CancellationToken ct) =>
        {
            await s.ApproveAsync(r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo cơ quan duyệt và ban hành lịch tuần (isPublic: đăng cả trên trang công khai của cơ quan; mặc định không).");
        MapExport(g);
        g.MapPost("/resources", async (ResourceRequest r, ScheduleResources s, CancellationToken ct) =>
        {
            var id = await s.CreateAsync(r, ct);
            return Results.Created($"/api/v1/schedules/resources/{id}", new { id });
        }).WithSummary("Văn phòng khai báo phòng họp, xe (kind Room|Car, name, approverUserName: người duyệt).");
        g.MapGet("/resources", async (string? organizationCode, ScheduleResources s, CancellationToken ct) => Results.Ok(await s.ListAsync(organizationCode, ct)));
        g.MapGet("/bookings", async (ScheduleResources s, CancellationToken ct) => Results.Ok(await s.ToDecideAsync(ct)))
            .WithSummary("Các yêu cầu dùng phòng họp, xe mà tôi duyệt.");
        g.MapPost("/bookings/{id:guid}/decide", async (Guid id, BookingDecisionRequest r, ScheduleResources s, CancellationToken ct) =>
        {
            await s.DecideAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Người duyệt phòng họp, xe duyệt (approve) hoặc không (note: lý do).");
        g.MapPost("/feeds", async (FeedRequest r, HttpRequest http, CalendarFeeds f, CancellationToken ct) => Results.Ok(await f.CreateAsync(r, BaseUrl(http), ct)))
            .WithSummary("Tạo liên kết bí mật để đồng bộ lịch (iCalendar) với điện thoại: organizationCode cho lịch của cơ quan, để trống cho lịch của tôi. Liên kết chỉ hiện một lần.");
        g.MapGet("/feeds", async (CalendarFeeds f, CancellationToken ct) => Results.Ok(await f.MineAsync(ct)));
        g.MapDelete("/feeds/{id:guid}", async (Guid id, CalendarFeeds f, CancellationToken ct) =>
        {
            await f.RevokeAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Thu hồi liên kết lịch: từ đó liên kết không còn dùng được.");
    }
}
