using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;

namespace UnionOffice.Modules.Organizations;

public sealed record OrganizationDto(Guid Id, string Code, string Name, string? ParentCode, string Kind, string KindName,
    bool IsActive, string UserNameSuffix, IReadOnlyList<string> OtpRequiredRoles);
public sealed record DepartmentDto(Guid Id, string Code, string Name, bool IsActive);
public sealed record MoveRequest(string ParentCode);
public sealed record NewDepartment(string Code, string Name);
public sealed record DepartmentChanges(string? Name, bool? IsActive);

/// <summary>An organ offered in a picker: chosen by name, sent as its code.</summary>
public sealed record OrganChoice(string Code, string Name);

public sealed class OrganizationQueries(AppDbContext db, Access.AccessPolicy access)
{
    /// <summary>The organs the administrator administers (all of them for the system's), by name, for pickers.</summary>
    public async Task<List<OrganChoice>> AdministeredAsync(CancellationToken ct)
    {
        var scope = await access.AuditScopeAsync(ct);
        var q = db.Organizations.AsNoTracking().Where(o => o.IsActive);
        if (scope is not null) q = q.Where(o => scope.Contains(o.Id));
        return await q.OrderBy(o => o.Code).Select(o => new OrganChoice(o.Code, o.Name)).ToListAsync(ct);
    }

    /// <summary>The active departments of these organs, one per code (a code means the same unit in every organ: VP, TC).</summary>
    public async Task<List<OrganChoice>> DepartmentNamesAsync(List<string> organCodes, CancellationToken ct) =>
        (await (from d in db.Departments.AsNoTracking()
                join o in db.Organizations on d.OrganizationId equals o.Id
                where d.IsActive && organCodes.Contains(o.Code)
                select new { d.Code, d.Name }).ToListAsync(ct))
        .GroupBy(d => d.Code).Select(g => new OrganChoice(g.Key, g.OrderBy(x => x.Name, StringComparer.Ordinal).First().Name))
        .OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    public async Task<List<OrganizationDto>> ListAsync(string? parentCode, string? q, bool includeInactive, CancellationToken ct)
    {
        var all = await db.Organizations.AsNoTracking().ToListAsync(ct);
        var codes = all.ToDictionary(o => o.Id, o => o.Code);
        IEnumerable<Organization> result = all;
        if (!string.IsNullOrWhiteSpace(parentCode))
        {
            var parent = all.FirstOrDefault(o => o.Code == parentCode.Trim().ToUpperInvariant()) ?? throw new DomainException(Error.NotFound("cơ quan cấp trên"));
            result = result.Where(o => o.ParentId == parent.Id);
        }
        if (!includeInactive) result = result.Where(o => o.IsActive);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var folded = VietnameseText.Fold(q);
            result = result.Where(o => VietnameseText.Fold(o.Name).Contains(folded, StringComparison.Ordinal) || o.Code.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase));
        }
        return result.OrderBy(o => o.Code, StringComparer.Ordinal).Select(o => ToDto(o, codes)).ToList();
    }

    public async Task<OrganizationDto> GetAsync(string code, CancellationToken ct)
    {
        var c = code.Trim().ToUpperInvariant();
        var o = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == c, ct) ?? throw new DomainException(Error.NotFound("cơ quan"));
        var parent = o.ParentId is { } p ? await db.Organizations.Where(x => x.Id == p).Select(x => x.Code).FirstAsync(ct) : null;
        return ToDto(o, parent is null ? [] : new Dictionary<Guid, string> { [o.ParentId!.Value] = parent });
    }

    public async Task<List<DepartmentDto>> DepartmentsAsync(string code, CancellationToken ct)
    {
        var c = code.Trim().ToUpperInvariant();
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Code == c, ct) ?? throw new DomainException(Error.NotFound("cơ quan"));
        return await db.Departments.AsNoTracking().Where(d => d.OrganizationId == org.Id).OrderBy(d => d.Code)
            .Select(d => new DepartmentDto(d.Id, d.Code, d.Name, d.IsActive)).ToListAsync(ct);
    }

    public static OrganizationDto ToDto(Organization o, IReadOnlyDictionary<Guid, string> codes) =>
        new(o.Id, o.Code, o.Name, o.ParentId is { } p ? codes.GetValueOrDefault(p) : null, o.Kind.ToString(),
            OrganizationService.KindName(o.Kind), o.IsActive, o.UserNameSuffix, o.OtpRoles().Select(r => r.ToString()).Order().ToList());
}

public static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this RouteGroupBuilder api)
    {
        var orgs = api.MapGroup("/organizations").WithTags("Cơ quan");
        orgs.MapGet("", async (string? parentCode, string? q, bool? includeInactive, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.ListAsync(parentCode, q, includeInactive ?? false, ct)))
            .WithSummary("Danh sách cơ quan (mã định danh, tên, mã cấp trên).");
        orgs.MapGet("/{code}", async (string code, OrganizationQueries queries, CancellationToken ct) => Results.Ok(await queries.GetAsync(code, ct)));
        orgs.MapPost("", async (NewOrganization r, OrganizationService s, OrganizationQueries queries, CancellationToken ct) =>
        {
            var o = await s.CreateAsync(r, ct);
            return Results.Created($"/api/v1/organizations/{o.Code}", await queries.GetAsync(o.Code, ct));
        });
        orgs.MapPut("/{code}", async (string code, OrganizationChanges r, OrganizationService s, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.GetAsync((await s.UpdateAsync(code, r, ct)).Code, ct)));
        orgs.MapPost("/{code}/move", async (string code, MoveRequest r, OrganizationService s, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.GetAsync((await s.MoveAsync(code, r.ParentCode, ct)).Code, ct)));
        orgs.MapPost("/{code}/deactivate", async (string code, OrganizationService s, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.GetAsync((await s.SetActiveAsync(code, false, ct)).Code, ct)));
        orgs.MapPost("/{code}/activate", async (string code, OrganizationService s, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.GetAsync((await s.SetActiveAsync(code, true, ct)).Code, ct)));
        orgs.MapDelete("/{code}", async (string code, OrganizationService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(code, ct);
            return Results.NoContent();
        }).WithSummary("Xóa cơ quan chưa có dữ liệu nào; cơ quan đã có dữ liệu chỉ có thể ngừng hoạt động.");
        orgs.MapPost("/{code}/import", async (string code, HttpRequest request, OrganizationImport import, CancellationToken ct) =>
        {
            await import.RequireAllowedAsync(code, ct);
            return Results.Ok(new { created = await import.ImportAsync(code, await Api.ReadUploadAsync(request, ct), ct) });
        })
            .DisableAntiforgery()
            .WithSummary("Nhập cây đơn vị cấp dưới từ CSV/Excel (code, name, parentCode, kind, userNameSuffix): tất cả hoặc không dòng nào.");
        orgs.MapGet("/{code}/departments", async (string code, OrganizationQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.DepartmentsAsync(code, ct)));
        orgs.MapPost("/{code}/departments", async (string code, NewDepartment r, OrganizationService s, CancellationToken ct) =>
        {
            var d = await s.AddDepartmentAsync(code, r.Code, r.Name, ct);
            return Results.Created($"/api/v1/departments/{d.Id}", new DepartmentDto(d.Id, d.Code, d.Name, d.IsActive));
        });
        api.MapPut("/departments/{id:guid}", async (Guid id, DepartmentChanges r, OrganizationService s, CancellationToken ct) =>
        {
            var d = await s.UpdateDepartmentAsync(id, r.Name, r.IsActive, ct);
            return Results.Ok(new DepartmentDto(d.Id, d.Code, d.Name, d.IsActive));
        }).WithTags("Cơ quan");
    }
}
