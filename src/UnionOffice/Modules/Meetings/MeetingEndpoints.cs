using UnionOffice.Common;

namespace UnionOffice.Modules.Meetings;

public sealed record NoteRequest(string? Text);

public static class MeetingEndpoints
{
    public static IServiceCollection AddMeetingsModule(this IServiceCollection services) => services.AddScoped<Meetings>().AddScoped<MeetingMaterials>().AddScoped<MeetingPapers>();

    /// <summary>The materials as the pages open them (session cookie): marked with the reader's name on every page.</summary>
    public static void MapMeetingPages(this IEndpointRouteBuilder app) => MapMaterialFiles(app.MapPageDownloads("/meetings"));

    private static void MapMaterialFiles(RouteGroupBuilder g)
    {
        g.MapGet("/{id:guid}/materials/{materialId:guid}/file", async (Guid id, Guid materialId, bool? download, HttpResponse response, MeetingMaterials m, CancellationToken ct) =>
        {
            var (content, name) = await m.OpenAsync(id, materialId, download == true, ct);
            response.Headers.CacheControl = "no-store";
            return download == true ? Results.File(content, "application/pdf", name) : Results.File(content, "application/pdf");
        }).WithSummary("Tài liệu họp có ghi tên người xem và thời gian trên từng trang (download=true: tải về, chỉ khi văn phòng cho phép); mỗi lần mở được ghi nhật ký.");
    }

    public static void MapMeetingEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        var g = api.MapGroup("/meetings").WithTags("Cuộc họp");
        g.MapPost("", async (MeetingRequest r, Meetings m, CancellationToken ct) =>
        {
            var id = await m.CreateAsync(r, ct);
            return Results.Created($"/api/v1/meetings/{id}", new { id });
        }).WithSummary("Văn phòng chuẩn bị cuộc họp: body (BanChapHanh, BanThuongVu, DoanChuTich, ThuongTruc, UyBanKiemTra, GiaoBan, Other), title, startsAt, endsAt, place, presidingUserName, agenda, members (ủy viên: tính số lượng có mặt và biểu quyết), guests (khách trong hệ thống), externals (khách ngoài hệ thống); quorumNumerator/quorumDenominator (mặc định 2/3 với các cơ quan theo Điều lệ, 1/2 với cuộc họp khác), majorityOfMembers theo quy định của cơ quan họp.");
        g.MapGet("", async (Meetings m, CancellationToken ct) => Results.Ok(await m.MineAsync(ct)))
            .WithSummary("Các cuộc họp tôi được mời, chủ trì, hoặc văn phòng cơ quan tôi tổ chức.");
        g.MapGet("/{id:guid}", async (Guid id, Meetings m, CancellationToken ct) => Results.Ok(await m.GetAsync(id, ct)));
        g.MapPost("/{id:guid}/convene", async (Guid id, Meetings m, CancellationToken ct) => { await m.ConveneAsync(id, ct); return Results.NoContent(); })
            .WithSummary("Triệu tập: gửi giấy mời đến người được mời trong hệ thống, đưa cuộc họp vào lịch công tác của cơ quan.");
        g.MapPost("/{id:guid}/respond", async (Guid id, RespondRequest r, Meetings m, CancellationToken ct) => { await m.RespondAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Người được mời trả lời: Accepted, Declined (note: lý do), Substitute (substituteUserName: người dự thay).");
        g.MapPost("/{id:guid}/start", async (Guid id, Meetings m, CancellationToken ct) => { await m.StartAsync(id, ct); return Results.NoContent(); });
        g.MapPost("/{id:guid}/close", async (Guid id, Meetings m, CancellationToken ct) => { await m.CloseAsync(id, ct); return Results.NoContent(); });
        g.MapPost("/{id:guid}/attendance", async (Guid id, AttendanceRequest r, Meetings m, CancellationToken ct) => { await m.AttendAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Điểm danh (inviteeId, present): văn phòng, người chủ trì; người được mời tự điểm danh khi đang họp.");
        g.MapPost("/{id:guid}/speakers", async (Guid id, SpeakRequestBody r, Meetings m, CancellationToken ct) => Results.Ok(new { id = await m.SpeakAsync(id, r, ct) }))
            .WithSummary("Đăng ký phát biểu (topic) khi đang họp và đã điểm danh.");
        g.MapPost("/{id:guid}/speakers/{requestId:guid}/spoke", async (Guid id, Guid requestId, Meetings m, CancellationToken ct) =>
        {
            await m.SpokeAsync(id, requestId, ct);
            return Results.NoContent();
        }).WithSummary("Người chủ trì đánh dấu đã phát biểu.");
        g.MapPost("/{id:guid}/votes", async (Guid id, VoteRequest r, Meetings m, CancellationToken ct) =>
        {
            var vote = await m.OpenVoteAsync(id, r, ct);
            return Results.Created($"/api/v1/meetings/votes/{vote}", new { id = vote });
        }).WithSummary("Mở biểu quyết (question, secret: bỏ phiếu kín, agendaItemId).");
        g.MapPost("/votes/{voteId:guid}/ballot", async (Guid voteId, BallotRequest r, Meetings m, CancellationToken ct) => { await m.CastAsync(voteId, r, ct); return Results.NoContent(); })
            .WithSummary("Ủy viên có mặt biểu quyết một lần: Yes, No, Abstain.");
        g.MapPost("/{id:guid}/materials", async (Guid id, HttpRequest request, MeetingMaterials m, CancellationToken ct) =>
        {
            if (!request.HasFormContentType) throw new UnionOffice.Common.DomainException(Files.FileErrors.Missing);
            var form = await request.ReadFormCheckedAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = maxUploadBytes }, ct);
            var file = form.Files.FirstOrDefault() ?? throw new UnionOffice.Common.DomainException(Files.FileErrors.Missing);
            var materialId = await m.UploadAsync(id, file, form["title"], Guid.TryParse(form["agendaItemId"], out var a) ? a : null, form["downloadable"] == "true",
                Guid.TryParse(form["replaces"], out var r) ? r : null, ct, forOpinion: form["forOpinion"] == "true", secrecy: form["secrecy"]);
            return Results.Created($"/api/v1/meetings/{id}/materials/{materialId}", new { id = materialId });
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes))
            .WithSummary("Văn phòng thêm tài liệu họp (multipart: file PDF, title, agendaItemId, downloadable, replaces: bản mới của tài liệu, forOpinion: dự thảo xin ý kiến đại biểu, secrecy: độ mật — tài liệu Mật, Tối mật, Tuyệt mật không được đưa lên hệ thống).");
        g.MapGet("/{id:guid}/materials", async (Guid id, MeetingMaterials m, CancellationToken ct) => Results.Ok(await m.ListAsync(id, ct)))
            .WithSummary("Tài liệu họp: người được mời thấy bản mới nhất đã phát hành; văn phòng thấy mọi bản.");
        g.MapPost("/{id:guid}/materials/{materialId:guid}/release", async (Guid id, Guid materialId, MeetingMaterials m, CancellationToken ct) =>
        {
            await m.ReleaseAsync(id, materialId, ct);
            return Results.NoContent();
        }).WithSummary("Phát hành tài liệu cho người được mời.");
        g.MapPut("/{id:guid}/materials/{materialId:guid}/note", async (Guid id, Guid materialId, NoteRequest r, MeetingMaterials m, CancellationToken ct) =>
        {
            await m.NoteAsync(id, materialId, r.Text, ct);
            return Results.NoContent();
        }).WithSummary("Ghi chú riêng của tôi trên tài liệu (không ai khác đọc được).");
        g.MapPut("/{id:guid}/materials/{materialId:guid}/opinion", async (Guid id, Guid materialId, NoteRequest r, MeetingMaterials m, CancellationToken ct) =>
        {
            await m.GiveOpinionAsync(id, materialId, r.Text, ct);
            return Results.NoContent();
        }).WithSummary("Người được mời góp ý vào dự thảo được đưa ra xin ý kiến (một ý kiến mỗi người, sửa được đến khi bế mạc).");
        g.MapGet("/{id:guid}/materials/{materialId:guid}/opinions", async (Guid id, Guid materialId, MeetingMaterials m, CancellationToken ct) =>
            Results.Ok(await m.OpinionsAsync(id, materialId, ct))).WithSummary("Các ý kiến góp ý vào dự thảo: văn phòng và người chủ trì.");
        g.MapPost("/{id:guid}/papers", async (Guid id, PaperRequest r, MeetingPapers p, CancellationToken ct) =>
        {
            var doc = await p.DraftAsync(id, r, ct);
            return Results.Created($"/api/v1/outgoing/{doc}", new { id = doc });
        }).WithSummary("Soạn văn bản của cuộc họp qua luồng văn bản đi (kind: Invitation – giấy mời, trước khi họp; Minutes – biên bản, Conclusion – thông báo kết luận, sau khi bế mạc): bản đầu do hệ thống soạn theo thể thức Phụ lục I từ dữ liệu cuộc họp; text: nội dung bổ sung (kết luận); signerUserName (mặc định người chủ trì); recipients.");
        g.MapGet("/{id:guid}/papers", async (Guid id, MeetingPapers p, CancellationToken ct) => Results.Ok(await p.ListAsync(id, ct)))
            .WithSummary("Văn bản của cuộc họp: văn phòng thấy mọi dự thảo; người được mời thấy văn bản đã phát hành.");
        g.MapPost("/{id:guid}/file-record", async (Guid id, FileRecordRequest r, MeetingPapers p, CancellationToken ct) =>
        {
            await p.FileRecordAsync(id, r, ct);
            return Results.NoContent();
        }).WithSummary("Đưa hồ sơ cuộc họp đã bế mạc (bảng tổng hợp chương trình, điểm danh, biểu quyết, phát biểu, tài liệu; tài liệu họp đã phát hành; văn bản đã phát hành) vào hồ sơ công việc do tôi lập (dossierId), một lần.");
        MapMaterialFiles(g);
        g.MapPost("/votes/{voteId:guid}/close", async (Guid voteId, Meetings m, CancellationToken ct) => { await m.CloseVoteAsync(voteId, ct); return Results.NoContent(); })
            .WithSummary("Kết thúc biểu quyết và tính kết quả theo quy định về số lượng có mặt và đa số của cơ quan họp.");
    }
}
