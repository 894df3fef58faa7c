using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public static class DossierEndpoints
{
    public static IServiceCollection AddDossiersModule(this IServiceCollection services) =>
        services.AddScoped<Catalogues>().AddScoped<DossierService>().AddScoped<DossierPackage>().AddScoped<ArchiveHandover>().AddScoped<ArchiveUse>().AddScoped<ArchiveRetention>()
            .AddScoped<Work.IDueWorkSource, DossierDueWork>();

    /// <summary>The pages' downloads (catalogue, table of contents, package), with the session cookie.</summary>
    public static void MapDossierPages(this IEndpointRouteBuilder app)
    {
        MapExports(app.MapPageDownloads("/dossiers"));
        MapArchiveExports(app.MapPageDownloads("/archive"));
    }

    private static void MapArchiveExports(RouteGroupBuilder g)
    {
        g.MapGet("/package", async (string? organizationCode, int year, DossierPackage p, CancellationToken ct) =>
        {
            var (content, name) = await p.BuildYearAsync(organizationCode, year, ct);
            return Results.File(content, "application/zip", name);
        }).WithSummary("Gói lưu trữ cả năm (Phụ lục VI III.5e): mọi hồ sơ của năm trong Lưu trữ cơ quan, mỗi hồ sơ một thư mục như gói hồ sơ, mucluc.xml, một SHA256SUMS chung.");
        g.MapGet("/transfers/{id:guid}/record", async (Guid id, ArchiveHandover a, CancellationToken ct) => File(await a.RecordFileAsync(id, ct)))
            .WithSummary("Biên bản giao nhận hồ sơ, tài liệu (NĐ30 Phụ lục V V) kèm Mục lục hồ sơ nộp lưu: PDF, có chữ ký số của bên giao rồi bên nhận.");
        g.MapGet("/disposals/{id:guid}/record", async (Guid id, ArchiveRetention a, CancellationToken ct) => File(await a.RecordFileAsync(id, ct)))
            .WithSummary("Biên bản hủy tài liệu hết giá trị (PDF có chữ ký số của người hủy).");
        g.MapGet("/transfers/{id:guid}/list", async (Guid id, string? format, ArchiveHandover a, CancellationToken ct) =>
            File(await a.ListFileAsync(id, Export.ParseFormat(format, ExportFormat.Pdf), ct)))
            .WithSummary("Mục lục hồ sơ, tài liệu nộp lưu (NĐ30 Phụ lục V III), format=pdf|xlsx.");
    }

    private static void MapExports(RouteGroupBuilder g)
    {
        g.MapGet("/catalogues/{id:guid}/export", async (Guid id, string? format, Catalogues c, CancellationToken ct) =>
            File(await c.ExportAsync(id, Export.ParseFormat(format, ExportFormat.Pdf), ct)))
            .WithSummary("Danh mục hồ sơ theo mẫu NĐ30 Phụ lục V (format=pdf|xlsx).");
        g.MapGet("/{id:guid}/items/{itemId:guid}/file", async (Guid id, Guid itemId, DossierService d, CancellationToken ct) =>
        {
            var (content, type, name) = await d.ItemFileAsync(id, itemId, ct);
            return Results.File(content, type, name, enableRangeProcessing: true);
        }).WithSummary("Tệp của một văn bản, tài liệu trong hồ sơ (văn bản đến: tệp đầu; văn bản đi: bản phát hành đã ký số; tài liệu khác): người được xem hồ sơ; mỗi lần mở được ghi nhật ký.");
        g.MapGet("/{id:guid}/contents", async (Guid id, string? format, DossierService d, CancellationToken ct) =>
            File(await d.ContentsAsync(id, Export.ParseFormat(format, ExportFormat.Pdf), ct)))
            .WithSummary("Mục lục văn bản, tài liệu trong hồ sơ (NĐ30 Phụ lục V IV), format=pdf|xlsx.");
        g.MapGet("/{id:guid}/package", async (Guid id, DossierPackage p, CancellationToken ct) =>
        {
            var (content, name) = await p.BuildAsync(id, ct);
            return Results.File(content, "application/zip", name);
        }).WithSummary("Gói hồ sơ kiểm tra được ngoài hệ thống (Phụ lục VI III.4g): các tệp văn bản nguyên byte, hoso.xml (dữ liệu đặc tả) và hoso.xsd, quatrinh.xml, SHA256SUMS.");
    }

    private static IResult File(ExportedFile f) => Results.File(f.Content, f.ContentType, f.FileName);

    public static void MapDossierEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        var g = api.MapGroup("/dossiers").WithTags("Hồ sơ công việc");
        g.MapPost("/catalogues", async (CatalogueRequest r, Catalogues c, CancellationToken ct) =>
        {
            var id = await c.CreateAsync(r, ct);
            return Results.Created($"/api/v1/dossiers/catalogues/{id}", new { id });
        }).WithSummary("Văn thư (hoặc lãnh đạo) lập dự thảo danh mục hồ sơ năm (copyLastYear: bắt đầu từ danh mục năm trước).");
        g.MapGet("/catalogues", async (string? organizationCode, int year, Catalogues c, CancellationToken ct) =>
            await c.ForYearAsync(organizationCode, year, ct) is { } found ? Results.Ok(found) : Results.NotFound(new ApiError("CATALOGUE_NOT_FOUND", "Cơ quan chưa có danh mục hồ sơ của năm này.")));
        g.MapGet("/catalogues/{id:guid}", async (Guid id, Catalogues c, CancellationToken ct) => Results.Ok(await c.GetAsync(id, ct)));
        g.MapPost("/catalogues/{id:guid}/headings", async (Guid id, HeadingRequest r, Catalogues c, CancellationToken ct) =>
            Results.Ok(new { id = await c.AddHeadingAsync(id, r, ct) }))
            .WithSummary("Thêm đề mục: lớn (không có parentId; cần chữ viết tắt dùng trong ký hiệu hồ sơ) hoặc nhỏ (parentId là đề mục lớn).");
        g.MapPost("/catalogues/{id:guid}/entries", async (Guid id, EntryRequest r, Catalogues c, CancellationToken ct) =>
            Results.Ok(new { id = await c.AddEntryAsync(id, r, ct) }))
            .WithSummary("Thêm hồ sơ vào đề mục: tiêu đề, thời hạn bảo quản (permanent hoặc retentionYears), người lập hồ sơ (keeperUserName).");
        g.MapDelete("/catalogues/{id:guid}/entries/{entryId:guid}", async (Guid id, Guid entryId, Catalogues c, CancellationToken ct) =>
        {
            await c.RemoveEntryAsync(id, entryId, ct);
            return Results.NoContent();
        });
        g.MapPost("/catalogues/{id:guid}/approve", async (Guid id, ApproveCatalogueRequest r, Catalogues c, CancellationToken ct) =>
        {
            await c.ApproveAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo cơ quan phê duyệt (decision: quyết định ban hành): hồ sơ được đánh số và ký hiệu theo thứ tự danh mục.");
        g.MapPost("/catalogues/{id:guid}/issue", async (Guid id, Catalogues c, CancellationToken ct) =>
        {
            await c.IssueAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Ban hành danh mục đến các đơn vị; người lập hồ sơ được thông báo.");
        MapExports(g);
        g.MapPost("", async (OpenDossierRequest r, DossierService d, CancellationToken ct) =>
        {
            var id = await d.OpenAsync(r, ct);
            return Results.Created($"/api/v1/dossiers/{id}", new { id });
        }).WithSummary("Mở hồ sơ: theo danh mục (catalogEntryId, người được giao lập) hoặc ngoài danh mục (organizationCode, notation, title, retentionYears | permanent, startDate).");
        g.MapGet("", async (int? year, DossierService d, CancellationToken ct) => Results.Ok(await d.MineAsync(year, ct)))
            .WithSummary("Hồ sơ của tôi, với số văn bản trong từng hồ sơ.");
        g.MapGet("/suggest", async (DossierItemKind kind, Guid documentId, DossierService d, CancellationToken ct) => Results.Ok(await d.SuggestAsync(kind, documentId, ct)))
            .WithSummary("Gợi ý hồ sơ để lưu một văn bản vừa xử lý xong (kind=Incoming|Outgoing).");
        g.MapGet("/{id:guid}", async (Guid id, DossierService d, CancellationToken ct) => Results.Ok(await d.GetAsync(id, ct)));
        g.MapPost("/{id:guid}/items", async (Guid id, FileDocumentRequest r, DossierService d, CancellationToken ct) =>
        {
            await d.FileAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Đưa văn bản của cơ quan vào hồ sơ (kind=Incoming|Outgoing, documentId): không nhân bản; đánh số theo thứ tự thời gian.");
        g.MapPost("/{id:guid}/files", async (Guid id, HttpRequest request, DossierService d, CancellationToken ct) =>
        {
            if (!request.HasFormContentType) throw new DomainException(Files.FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxUploadBytes }, ct);
            return Results.Ok(new { added = await d.UploadAsync(id, [.. form.Files], ct, Export.ParseDate(form["date"], "Ngày của tài liệu")) });
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes))
            .WithSummary("Thêm tài liệu khác vào hồ sơ (multipart: các phần files; date: ngày của tài liệu, mặc định hôm nay).");
        g.MapDelete("/{id:guid}/items/{itemId:guid}", async (Guid id, Guid itemId, DossierService d, CancellationToken ct) =>
        {
            await d.RemoveAsync(id, itemId, ct);
            return Results.NoContent();
        }).WithSummary("Rút văn bản, tài liệu khỏi hồ sơ khi rà soát (bản nháp, bản trùng).");
        g.MapPost("/{id:guid}/close", async (Guid id, CloseDossierRequest r, DossierService d, CancellationToken ct) =>
        {
            await d.CloseAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Kết thúc hồ sơ (xác nhận tiêu đề, thời hạn bảo quản): sau đó không thay đổi được.");
        g.MapPost("/{id:guid}/keep-back", async (Guid id, KeepBackRequest r, ArchiveHandover a, CancellationToken ct) =>
        {
            await a.KeepBackAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo cơ quan đồng ý cho giữ lại hồ sơ đến hạn nộp lưu (until, reason; không quá 02 năm kể từ ngày đến hạn, NĐ30 Điều 31.3d).");
        g.MapPost("/{id:guid}/keeper", async (Guid id, ChangeKeeperRequest r, ArchiveHandover a, CancellationToken ct) =>
        {
            await a.ChangeKeeperAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Giao hồ sơ chưa nộp lưu cho người khác giữ (userName), khi người lập hồ sơ nghỉ hưu, thôi việc, chuyển công tác (Điều 31.3đ).");

        var a = api.MapGroup("/archive").WithTags("Lưu trữ cơ quan");
        a.MapGet("/due", async (string? organizationCode, DateOnly? until, ArchiveHandover h, CancellationToken ct) => Results.Ok(await h.DueAsync(organizationCode, until, ct)))
            .WithSummary("Hồ sơ đã kết thúc đến hạn nộp lưu (đến ngày until, mặc định tất cả), sớm nhất trước; người giữ còn làm việc hay không.");
        a.MapPost("/announce", async (AnnounceRequest r, ArchiveHandover h, CancellationToken ct) => Results.Ok(new { keepers = await h.AnnounceAsync(r, ct) }))
            .WithSummary("Lưu trữ thông báo cho từng người giữ hồ sơ các hồ sơ đến hạn nộp lưu trước ngày until (mặc định 30 ngày tới).");
        a.MapPost("/transfers", async (SendTransferRequest r, ArchiveHandover h, CancellationToken ct) =>
        {
            var id = await h.SendAsync(r, ct);
            return Results.Created($"/api/v1/archive/transfers/{id}", new { id });
        }).WithSummary("Người lập hồ sơ nộp lưu các hồ sơ đã kết thúc (dossierIds, note) kèm Mục lục hồ sơ nộp lưu.");
        a.MapGet("/transfers", async (ArchiveHandover h, CancellationToken ct) => Results.Ok(await h.ListAsync(ct)))
            .WithSummary("Các đợt nộp lưu: của tôi, và của các cơ quan tôi làm lưu trữ hoặc lãnh đạo.");
        a.MapGet("/transfers/{id:guid}", async (Guid id, ArchiveHandover h, CancellationToken ct) => Results.Ok(await h.GetAsync(id, ct)));
        a.MapPost("/transfers/{id:guid}/items/{itemId:guid}/decide", async (Guid id, Guid itemId, DecideTransferItemRequest r, ArchiveHandover h, CancellationToken ct) =>
        {
            await h.DecideAsync(id, itemId, r, ct);
            return Results.NoContent();
        }).WithSummary("Lưu trữ kiểm tra từng hồ sơ: nhận (accept=true) hoặc trả lại kèm lý do (reason); hồ sơ trả lại mở lại cho người lập hoàn thiện.");
        a.MapPost("/transfers/{id:guid}/record", async (Guid id, RecordTransferRequest r, ArchiveHandover h, CancellationToken ct) =>
        {
            await h.RecordAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lập Biên bản giao nhận (condition: tình trạng tài liệu) khi mọi hồ sơ đã được nhận hoặc trả lại.");
        a.MapPost("/transfers/{id:guid}/sign", async (Guid id, SignTransferRequest r, ArchiveHandover h, CancellationToken ct) =>
        {
            await h.SignAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Ký số biên bản bằng chứng thư số của người ký (pin): bên giao trước, bên nhận sau; khi đủ hai chữ ký, hồ sơ vào Lưu trữ cơ quan.");
        a.MapGet("/search", async (string? organizationCode, string? q, int? year, ArchiveUse u, CancellationToken ct) => Results.Ok(await u.SearchAsync(organizationCode, q, year, ct)))
            .WithSummary("Tìm hồ sơ trong Lưu trữ cơ quan (q: các từ, không dấu cũng được; year): mọi người của cơ quan theo tiêu đề, số ký hiệu hồ sơ; Lưu trữ và lãnh đạo theo cả văn bản trong hồ sơ.");
        a.MapPost("/consults", async (ConsultRequestBody r, ArchiveUse u, CancellationToken ct) =>
        {
            var id = await u.RequestAsync(r, ct);
            return Results.Created($"/api/v1/archive/consults/{id}", new { id });
        }).WithSummary("Đề nghị khai thác hồ sơ lưu trữ (dossierId, purpose, until: tối đa 30 ngày); lãnh đạo cơ quan duyệt.");
        a.MapGet("/consults", async (ArchiveUse u, CancellationToken ct) => Results.Ok(await u.ListAsync(ct)))
            .WithSummary("Đề nghị khai thác: của tôi, và của các cơ quan tôi lãnh đạo hoặc làm lưu trữ.");
        a.MapPost("/consults/{id:guid}/decide", async (Guid id, ConsultDecisionBody r, ArchiveUse u, CancellationToken ct) =>
        {
            await u.DecideAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo cơ quan duyệt (approve, until: không quá ngày đề nghị) hoặc từ chối (note: lý do).");
        a.MapPost("/consults/{id:guid}/end", async (Guid id, ArchiveUse u, CancellationToken ct) =>
        {
            await u.EndAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Kết thúc khai thác trước thời hạn (người đề nghị hoặc lãnh đạo).");
        a.MapPost("/holds", async (HoldRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            var id = await h.HoldAsync(r, ct);
            return Results.Created($"/api/v1/archive/holds/{id}", new { id });
        }).WithSummary("Lãnh đạo cơ quan phong tỏa hồ sơ theo yêu cầu của cơ quan có thẩm quyền (organizationCode, reference, reason, dossierIds): không thay đổi, chuyển giao hay hủy được.");
        a.MapGet("/holds", async (string? organizationCode, ArchiveRetention h, CancellationToken ct) => Results.Ok(await h.HoldsAsync(organizationCode, ct)));
        a.MapPost("/holds/{id:guid}/lift", async (Guid id, LiftRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            await h.LiftAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Gỡ phong tỏa (reason).");
        a.MapGet("/expired", async (string? organizationCode, ArchiveRetention h, CancellationToken ct) => Results.Ok(await h.ExpiredAsync(organizationCode, ct)))
            .WithSummary("Hồ sơ lưu trữ đã hết thời hạn bảo quản (tính từ năm sau năm kết thúc công việc); hồ sơ bị phong tỏa được đánh dấu.");
        a.MapPost("/disposals", async (DisposalRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            var id = await h.ProposeAsync(r, ct);
            return Results.Created($"/api/v1/archive/disposals/{id}", new { id });
        }).WithSummary("Lưu trữ lập danh mục hồ sơ hết giá trị đề nghị hủy (organizationCode, dossierIds).");
        a.MapGet("/disposals", async (string? organizationCode, ArchiveRetention h, CancellationToken ct) => Results.Ok(await h.DisposalsAsync(organizationCode, ct)));
        a.MapGet("/disposals/{id:guid}", async (Guid id, ArchiveRetention h, CancellationToken ct) => Results.Ok(await h.GetAsync(id, ct)));
        a.MapPost("/disposals/{id:guid}/appraise", async (Guid id, AppraiseRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            await h.AppraiseAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Ghi kết luận của Hội đồng xác định giá trị tài liệu (appraisal).");
        a.MapPost("/disposals/{id:guid}/approve", async (Guid id, DisposalDecisionRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            await h.ApproveAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lãnh đạo cơ quan quyết định hủy (decision: số, ngày quyết định).");
        a.MapPost("/disposals/{id:guid}/destroy", async (Guid id, DestroyRequest r, ArchiveRetention h, CancellationToken ct) =>
        {
            await h.DestroyAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Lưu trữ hủy tài liệu đã có quyết định, lập biên bản hủy ký số (pin); hồ sơ bị phong tỏa không hủy được.");
        MapArchiveExports(a);
    }
}
