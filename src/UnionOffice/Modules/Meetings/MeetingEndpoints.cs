namespace UnionOffice.Modules.Meetings;

public static class MeetingEndpoints
{
    public static IServiceCollection AddMeetingsModule(this IServiceCollection services) => services.AddScoped<Meetings>();

    public static void MapMeetingEndpoints(this RouteGroupBuilder api)
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
        g.MapPost("/{id:guid}/votes", async (Guid id, VoteRequest r, Meetings m, CancellationToken ct) =>
        {
            var vote = await m.OpenVoteAsync(id, r, ct);
            return Results.Created($"/api/v1/meetings/votes/{vote}", new { id = vote });
        }).WithSummary("Mở biểu quyết (question, secret: bỏ phiếu kín, agendaItemId).");
        g.MapPost("/votes/{voteId:guid}/ballot", async (Guid voteId, BallotRequest r, Meetings m, CancellationToken ct) => { await m.CastAsync(voteId, r, ct); return Results.NoContent(); })
            .WithSummary("Ủy viên có mặt biểu quyết một lần: Yes, No, Abstain.");
        g.MapPost("/votes/{voteId:guid}/close", async (Guid voteId, Meetings m, CancellationToken ct) => { await m.CloseVoteAsync(voteId, ct); return Results.NoContent(); })
            .WithSummary("Kết thúc biểu quyết và tính kết quả theo quy định về số lượng có mặt và đa số của cơ quan họp.");
    }
}
