using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;

namespace UnionOffice.Modules.Audit;

public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Action, string? UserName, string? OrganizationCode, bool? FailedOnly);
public sealed record AuditDto(long Sequence, DateTimeOffset At, string Action, string? ActorUserName, string? OnBehalfOfUserName,
    string? OrganizationCode, string? TargetType, string? TargetId, string? Details, string? IpAddress, bool Succeeded, string Hash);

public sealed class AuditQueries(AppDbContext db, AccessPolicy access)
{
    public async Task<Accounts.Page<AuditDto>> SearchAsync(AuditFilter f, int page, int pageSize, CancellationToken ct)
    {
        var scope = await access.AuditScopeAsync(ct);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var q = db.AuditEntries.AsNoTracking();
        if (scope is not null) q = q.Where(e => e.OrganizationId != null && scope.Contains(e.OrganizationId.Value));
        if (f.From is { } from) { var t = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime(); q = q.Where(e => e.At >= t); }
        if (f.To is { } to) { var t = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), Formats.VietnamOffset).ToUniversalTime(); q = q.Where(e => e.At < t); }
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(e => e.Action.StartsWith(f.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(f.UserName)) { var u = f.UserName.Trim().ToLowerInvariant(); q = q.Where(e => e.ActorUserName == u); }
        if (f.FailedOnly == true) q = q.Where(e => !e.Succeeded);
        if (!string.IsNullOrWhiteSpace(f.OrganizationCode))
        {
            var code = f.OrganizationCode.Trim().ToUpperInvariant();
            var org = await db.Organizations.Where(o => o.Code == code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            q = q.Where(e => e.OrganizationId == org);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var orgIds = rows.Where(r => r.OrganizationId != null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var codes = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var userIds = rows.Where(r => r.OnBehalfOfUserId != null).Select(r => r.OnBehalfOfUserId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        return new Accounts.Page<AuditDto>(rows.Select(e => new AuditDto(e.Sequence, e.At, e.Action, e.ActorUserName,
            e.OnBehalfOfUserId is { } b ? names.GetValueOrDefault(b) : null,
            e.OrganizationId is { } o ? codes.GetValueOrDefault(o) : null, e.TargetType, e.TargetId, e.Details, e.IpAddress, e.Succeeded, e.Hash)).ToList(),
            total, page, pageSize);
    }
}

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Nhật ký");
        audit.MapGet("", async ([AsParameters] AuditFilter f, int? page, int? pageSize, AuditQueries q, CancellationToken ct) =>
            Results.Ok(await q.SearchAsync(f, page ?? 1, pageSize ?? 50, ct)));
        audit.MapGet("/verify", async (AccessPolicy access, AppDbContext db, AuditAnchors anchors, CancellationToken ct) =>
        {
            await access.RequireSystemAdministratorAsync(ct);
            var r = await AuditChain.VerifyAsync(db, ct, anchors);
            return Results.Ok(new { ok = r.Ok, count = r.Count, headHash = r.HeadHash, problems = r.Problems, anchors = r.Anchors, anchoredUpTo = r.AnchoredUpTo });
        }).WithSummary("Kiểm tra chuỗi băm của nhật ký và các mốc neo ngoài cơ sở dữ liệu (chỉ quản trị hệ thống cấp Tổng Liên đoàn).");
    }
}
