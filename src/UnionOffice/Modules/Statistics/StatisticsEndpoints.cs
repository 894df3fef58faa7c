using UnionOffice.Common;

namespace UnionOffice.Modules.Statistics;

public static class StatisticsEndpoints
{
    public static IServiceCollection AddStatisticsModule(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<Statistics>().AddScoped<Indicators>().AddScoped<StatisticsExport>().AddScoped<AccessStatistics>().AddScoped<WeeklySummary>();
        if (config.GetValue("Statistics:RunWeeklySummaryJob", true)) services.AddHostedService<WeeklySummaryJob>();
        return services;
    }

    /// <summary>The statistics page's downloads, with the session cookie.</summary>
    public static void MapStatisticsPages(this IEndpointRouteBuilder app) => MapExports(app.MapPageDownloads("/statistics"));

    private static void MapExports(RouteGroupBuilder g)
    {
        g.MapGet("/handling/export", async (string? organizationCode, string? from, string? to, bool? below, string? format, StatisticsExport e, CancellationToken ct) =>
        {
            var f = await e.HandlingAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), below == true,
                Export.ParseFormat(format, ExportFormat.Xlsx), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Báo cáo tình hình giải quyết văn bản đến, đi (Phụ lục VI §V.2, §V.4) của kỳ: xlsx hoặc pdf.");
        g.MapGet("/indicators/export", async (string? organizationCode, string? from, string? to, bool? below, string? format, StatisticsExport e, CancellationToken ct) =>
        {
            var f = await e.IndicatorsAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), below == true,
                Export.ParseFormat(format, ExportFormat.Xlsx), ct);
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).WithSummary("Kết quả các chỉ tiêu chuyển đổi số của kỳ, từng cơ quan và tổng hợp: xlsx hoặc pdf.");
    }

    public static void MapStatisticsEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/statistics").WithTags("Thống kê");
        g.MapGet("/handling", async (string? organizationCode, string? from, string? to, bool? below, Statistics s, CancellationToken ct) =>
                Results.Ok(await s.HandlingAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), below == true, ct)))
            .WithSummary("Tình hình giải quyết văn bản đến, đi của kỳ (from, to: yyyy-MM-dd, mặc định tháng này): lãnh đạo, quản trị cơ quan (và cơ quan cấp trên) thấy cả cơ quan, " +
                "below=true: từng cơ quan trực thuộc và tổng hợp; lãnh đạo phòng/ban thấy phòng/ban mình; cán bộ thấy phần của mình.");
        g.MapGet("/trend", async (string? organizationCode, string? to, bool? below, Statistics s, CancellationToken ct) =>
                Results.Ok(await s.TrendAsync(organizationCode, Export.ParseDate(to, "Đến ngày"), below == true, ct)))
            .WithSummary("Mười hai tháng đến tháng của ngày to: văn bản đến tiếp nhận và văn bản đi phát hành từng tháng (lãnh đạo, quản trị cơ quan và cơ quan cấp trên).");
        g.MapGet("/handling/documents", async (string? organizationCode, string? from, string? to, string? figure, Statistics s, CancellationToken ct) =>
                Results.Ok(await s.DocumentsAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), figure, ct)))
            .WithSummary("Các văn bản đến đằng sau một chỉ số (figure: received, directed, done, on-time, late, overdue, open) của kỳ: chỉ những văn bản người xem được đọc (500 văn bản mới nhất).");
        g.MapGet("/indicators", async (string? organizationCode, string? from, string? to, bool? below, Indicators i, CancellationToken ct) =>
                Results.Ok(await i.ReportAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), below == true, ct)))
            .WithSummary("Các chỉ tiêu của kế hoạch chuyển đổi số đo từ dữ liệu của hệ thống, bên cạnh chỉ tiêu đặt ra; below=true: từng cơ quan trực thuộc và tổng hợp. " +
                "Lãnh đạo, quản trị cơ quan và cơ quan cấp trên.");
        g.MapGet("/access", async (string? organizationCode, string? from, string? to, bool? below, AccessStatistics a, CancellationToken ct) =>
                Results.Ok(await a.ReportAsync(organizationCode, Export.ParseDate(from, "Từ ngày"), Export.ParseDate(to, "Đến ngày"), below == true, ct)))
            .WithSummary("Thống kê truy cập (Phụ lục VI §III.6a–b) của kỳ: tài khoản, lượt đăng nhập, người đăng nhập, đăng nhập sai, lượt mở văn bản, hồ sơ; below=true: từng cơ quan trực thuộc. Quản trị hệ thống của cơ quan.");
        g.MapGet("/indicators/catalogue", () => Results.Ok(Indicators.Catalogue)).WithSummary("Danh mục chỉ tiêu, nguồn, mức chỉ tiêu và cách đo.");
        MapExports(g);
    }
}
