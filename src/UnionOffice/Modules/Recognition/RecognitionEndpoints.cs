using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Recognition;

public static class RecognitionEndpoints
{
    public static IServiceCollection AddRecognitionModule(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RecognitionOptions>(config.GetSection("Recognition"));
        return services.AddSingleton<OcrReader>().AddScoped<ScanRecognizer>();
    }

    public static void MapRecognitionEndpoints(this RouteGroupBuilder api)
    {
        // One file, up to Storage:MaxFileBytes (the store's limit), plus the multipart envelope.
        var max = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.MaxFileBytes + 64 * 1024;
        var g = api.MapGroup("/incoming").WithTags("Văn bản đến");
        g.MapPost("/recognize", async (HttpRequest request, ScanRecognizer recognizer, CancellationToken ct) =>
        {
            await recognizer.RequireClerkAsync(ct); // before the upload is read
            if (!request.HasFormContentType) throw new DomainException(FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(new FormOptions { MultipartBodyLengthLimit = max }, ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            return Results.Ok(await recognizer.RecognizeAsync(file, ct));
        })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(max))
            .WithSummary("Đọc từ bản quét: văn thư gửi bản quét (PDF, PNG, JPEG, TIFF; trường \"file\") và nhận đề xuất số, ký hiệu, ngày, cơ quan ban hành, loại và trích yếu từ trang đầu để xác nhận hoặc sửa. Tệp không được lưu. 503 OCR_UNAVAILABLE khi máy chủ chưa cài Tesseract.");
    }
}
