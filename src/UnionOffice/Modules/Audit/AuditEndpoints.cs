using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;

namespace UnionOffice.Modules.Audit;

public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Action, string? UserName, string? OrganizationCode, bool? FailedOnly);
/// <summary>
/// One entry as recorded (codes, the JSON details) and as read (<see cref="AuditText"/>): the action in Vietnamese, people
/// and organs by name, the object's kind and page, the details as labelled lines.
/// </summary>
public sealed record AuditDto(long Sequence, DateTimeOffset At, string Action, string? ActorUserName, string? OnBehalfOfUserName,
    string? OrganizationCode, string? TargetType, string? TargetId, string? Details, string? IpAddress, bool Succeeded, string Hash,
    string ActionText, string? ActorName, string? OnBehalfOfName, string? OrganizationName, string TargetText, string? TargetLink,
    IReadOnlyList<AuditDetail> DetailLines);

public sealed record AuditDetail(string Label, string Value);

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
        if (!string.IsNullOrWhiteSpace(f.UserName))
        {
            // A user name, or a part of a person's full name (a failed login has only the name typed).
            // Full names are compared without case and diacritics, as people type them (the account's folded search key).
            var u = f.UserName.Trim().ToLowerInvariant();
            var folded = VietnameseText.Fold(f.UserName);
            q = q.Where(e => e.ActorUserName == u || db.Users.Any(p => p.Id == e.ActorUserId && p.SearchKey.Contains(folded)));
        }
        if (f.FailedOnly == true) q = q.Where(e => !e.Succeeded);
        if (!string.IsNullOrWhiteSpace(f.OrganizationCode))
        {
            var code = f.OrganizationCode.Trim().ToUpperInvariant();
            var org = await db.Organizations.Where(o => o.Code == code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            q = q.Where(e => e.OrganizationId == org);
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        // Names for the page's rows: organs (also those an organ's entry names by code), people (actors, principals,
        // accounts acted upon).
        var orgIds = rows.Where(r => r.OrganizationId != null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var orgCodes = rows.Where(r => r.TargetType == "organization" && r.TargetId != null).Select(r => r.TargetId!).Distinct().ToList();
        var organs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id) || orgCodes.Contains(o.Code))
            .Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
        var userIds = rows.SelectMany(r => new[] { r.ActorUserId, r.OnBehalfOfUserId, r.TargetType == "user" && Guid.TryParse(r.TargetId, out var t) ? t : null })
            .OfType<Guid>().Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName, u.FullName }).ToDictionaryAsync(u => u.Id, ct);
        var departmentIds = rows.Where(r => r.TargetType == "department" && Guid.TryParse(r.TargetId, out _)).Select(r => Guid.Parse(r.TargetId!)).Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);

        string? Person(Guid? id) => id is { } v && people.TryGetValue(v, out var p) ? p.FullName : null;
        string TargetText(AuditEntry e)
        {
            var kind = AuditText.Target(e.TargetType);
            string? name = e.TargetType switch
            {
                "user" => Guid.TryParse(e.TargetId, out var u) ? Person(u) : null,
                "organization" => organs.FirstOrDefault(o => o.Code == e.TargetId)?.Name,
                "department" => Guid.TryParse(e.TargetId, out var d) ? departments.GetValueOrDefault(d) : null,
                _ => null,
            };
            return name is null ? kind : $"{kind}: {name}";
        }
        return new Accounts.Page<AuditDto>(rows.Select(e => new AuditDto(e.Sequence, e.At, e.Action, e.ActorUserName,
            e.OnBehalfOfUserId is { } b && people.TryGetValue(b, out var principal) ? principal.UserName : null,
            e.OrganizationId is { } o ? organs.FirstOrDefault(x => x.Id == o)?.Code : null, e.TargetType, e.TargetId, e.Details, e.IpAddress, e.Succeeded, e.Hash,
            AuditText.Action(e.Action), Person(e.ActorUserId), Person(e.OnBehalfOfUserId),
            e.OrganizationId is { } on ? organs.FirstOrDefault(x => x.Id == on)?.Name : null,
            TargetText(e), AuditText.Link(e.TargetType, e.TargetId),
            AuditText.Details(e.Details).Select(d => new AuditDetail(d.Label, d.Value)).ToList())).ToList(),
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
