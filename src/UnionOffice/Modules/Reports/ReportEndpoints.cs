using UnionOffice.Common;

namespace UnionOffice.Modules.Reports;

public static class ReportEndpoints
{
    public static IServiceCollection AddReportsModule(this IServiceCollection services) =>
        services.AddScoped<PeriodicReports>().AddScoped<Work.IDueWorkSource, ReportDueWork>();

    /// <summary>The page's download of a form's summary, with the session cookie.</summary>
    public static void MapReportPages(this IEndpointRouteBuilder app) => MapExport(app.MapPageDownloads("/reports"));

    private static void MapExport(RouteGroupBuilder g) =>
        g.MapGet("/{id:guid}/export", async (Guid id, string? format, PeriodicReports p, CancellationToken ct) =>
        {
            var f = await p.ExportAsync(id, Export.ParseFormat(format, ExportFormat.Xlsx), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Bảng tổng hợp báo cáo của các cơ quan (tình trạng, số liệu, tổng cộng): xlsx hoặc pdf.");

    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/periodic-reports").WithTags("Báo cáo định kỳ");
        g.MapPost("", async (FormRequest r, PeriodicReports p, CancellationToken ct) =>
        {
            var id = await p.CreateAsync(r, ct);
            return Results.Created($"/api/v1/periodic-reports/{id}", new { id });
        }).WithSummary("Văn phòng cơ quan cấp trên lập biểu mẫu báo cáo: title, period (Month, Quarter, Year), year, number (tháng/quý), deadline, " +
            "fields [{section, label, kind: Number|Text|Indicator|Formula, indicatorCode, formula: \"c1 + c2\"}], recipients (mã cơ quan cấp dưới; mặc định mọi cơ quan trực thuộc).");
        g.MapGet("", async (string? organizationCode, PeriodicReports p, CancellationToken ct) => Results.Ok(await p.FormsAsync(organizationCode, ct)))
            .WithSummary("Các biểu mẫu cơ quan đã lập, với số cơ quan đã gửi và trễ hạn.");
        g.MapGet("/{id:guid}", async (Guid id, PeriodicReports p, CancellationToken ct) => Results.Ok(await p.GetAsync(id, ct)))
            .WithSummary("Biểu mẫu, tình trạng từng cơ quan (chưa thực hiện, đang soạn, đang trình, đã gửi, trễ hạn) và tổng hợp số liệu của các cơ quan đã gửi.");
        g.MapPost("/{id:guid}/send", async (Guid id, PeriodicReports p, CancellationToken ct) => { await p.SendAsync(id, ct); return Results.NoContent(); })
            .WithSummary("Gửi biểu mẫu cho các cơ quan cấp dưới (văn thư và lãnh đạo được thông báo).");
        MapExport(g);
        g.MapGet("/requests", async (string? organizationCode, PeriodicReports p, CancellationToken ct) => Results.Ok(await p.RequestsAsync(organizationCode, ct)))
            .WithSummary("Các báo cáo cơ quan được yêu cầu (văn phòng cơ quan).");
        g.MapGet("/requests/{id:guid}", async (Guid id, PeriodicReports p, CancellationToken ct) => Results.Ok(await p.RequestAsync(id, ct)))
            .WithSummary("Báo cáo của cơ quan: các chỉ tiêu với số liệu đã nhập, số liệu đo từ hệ thống và số tính theo công thức.");
        g.MapPut("/requests/{id:guid}", async (Guid id, SaveValuesRequest r, PeriodicReports p, CancellationToken ct) => { await p.SaveAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Nhập số liệu: values [{key: c1, number, text}] (chỉ tiêu đo và công thức do hệ thống tính).");
        g.MapPost("/requests/{id:guid}/submit", async (Guid id, SubmitReportRequest r, PeriodicReports p, CancellationToken ct) =>
        {
            var doc = await p.SubmitAsync(id, r, ct);
            return Results.Created($"/api/v1/outgoing/{doc}", new { id = doc });
        }).WithSummary("Lập văn bản báo cáo (dự thảo văn bản đi gửi cơ quan cấp trên, lãnh đạo cơ quan ký: signerUserName); báo cáo được tính là đã gửi khi văn bản được phát hành.");
    }
}
