using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Accounts;

/// <summary>Who may see a person's phone and e-mail in the directory: their choice, on the profile page.</summary>
public enum ContactVisibility
{
    /// <summary>The people of the organs they work in (the default).</summary>
    Organ = 0,
    /// <summary>Everyone signed in to the installation (the union's whole tree).</summary>
    Everyone = 1,
    /// <summary>Nobody but themselves: the directory shows their name, title and department only.</summary>
    Nobody = 2,
}

/// <param name="Phone">Null when the person has none or chose not to show it to the reader.</param>
/// <param name="ContactHidden">The person chose not to show their contact details to the reader.</param>
public sealed record DirectoryEntry(Guid Id, string FullName, string? JobTitle, string Group, IReadOnlyList<string> Departments,
    string OrganizationCode, string OrganizationName, string? Phone, string? Email, bool ContactHidden);

public sealed record DirectoryPage(string? OrganizationCode, string? OrganizationName, string? Query, IReadOnlyList<DirectoryEntry> People, bool Truncated);

/// <summary>
/// The directory (danh bạ, issue 22 §12): the people of an organ — its leaders first, then each department — or a search
/// by name without diacritics across the whole tree. Names, titles and departments are shown to everyone signed in;
/// phone and e-mail as each person chose (<see cref="ContactVisibility"/>): by default only to the people of the organs
/// they work in.
/// </summary>
public sealed class PeopleDirectory(AppDbContext db, CurrentUser current)
{
    public const int MaxSearchResults = 100;
    public const string Leaders = "Lãnh đạo cơ quan";
    public const string Others = "Khác";

    public async Task<DirectoryPage> ListAsync(string? organizationCode, string? query, CancellationToken ct)
    {
        var me = await current.RequireUserAsync(ct);
        var q = VietnameseText.Fold((query ?? "").Trim());
        if (q.Length > 100) q = q[..100];
        Organization? organ = null;
        if (!string.IsNullOrWhiteSpace(organizationCode))
        {
            var code = organizationCode.Trim().ToUpperInvariant();
            organ = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code && o.IsActive, ct)
                ?? throw new DomainException(Error.NotFound("cơ quan, đơn vị"));
        }
        else if (q.Length == 0)
            organ = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == me.HomeOrganizationId, ct);

        var rows = from r in db.RoleAssignments.AsNoTracking()
                   join u in db.Users on r.UserId equals u.Id
                   join o in db.Organizations on r.OrganizationId equals o.Id
                   join d in db.Departments on r.DepartmentId equals d.Id into dj
                   from d in dj.DefaultIfEmpty()
                   where u.Status == AccountStatus.Active && r.Role != Role.Administrator
                   select new { u.Id, u.FullName, u.JobTitle, u.PhoneNumber, u.Email, u.DirectoryContact, u.SearchKey, r.Role, OrgId = o.Id, o.Code, o.Name, Department = d == null ? null : d.Name };
        if (organ is not null)
        {
            var organId = organ.Id;
            rows = rows.Where(x => x.OrgId == organId);
        }
        if (q.Length > 0) rows = rows.Where(x => x.SearchKey.Contains(q));
        // A search of the whole tree stops at a page of people; one organ is listed whole (its people number hundreds).
        var taken = await rows.OrderBy(x => x.FullName).ThenBy(x => x.Id).Take(organ is null ? MaxSearchResults * 4 : 5000).ToListAsync(ct);

        var mine = (await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == me.Id).Select(r => r.OrganizationId).ToListAsync(ct))
            .Append(me.HomeOrganizationId).ToHashSet();
        var people = taken.GroupBy(x => (x.Id, x.OrgId)).Select(g =>
        {
            var p = g.First();
            var departments = g.Select(x => x.Department).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
            var shown = p.Id == me.Id || p.DirectoryContact == ContactVisibility.Everyone
                || p.DirectoryContact == ContactVisibility.Organ && mine.Contains(p.OrgId);
            var group = g.Any(x => x.Role is Role.Head or Role.Deputy) ? Leaders : departments.FirstOrDefault() ?? Others;
            return new DirectoryEntry(p.Id, p.FullName, p.JobTitle, group, departments, p.Code, p.Name,
                shown ? NullIfEmpty(p.PhoneNumber) : null, shown ? NullIfEmpty(p.Email) : null,
                !shown && (!string.IsNullOrEmpty(p.PhoneNumber) || !string.IsNullOrEmpty(p.Email)));
        });
        var ordered = organ is null
            ? people.OrderBy(p => p.FullName, StringComparer.Ordinal).ThenBy(p => p.OrganizationName, StringComparer.Ordinal).ToList()
            : people.OrderBy(p => p.Group == Leaders ? 0 : p.Group == Others ? 2 : 1).ThenBy(p => p.Group, StringComparer.Ordinal)
                .ThenBy(p => p.FullName, StringComparer.Ordinal).ToList();
        var truncated = organ is null && ordered.Count > MaxSearchResults;
        return new DirectoryPage(organ?.Code, organ?.Name, query?.Trim(), truncated ? ordered[..MaxSearchResults] : ordered, truncated);
    }

    /// <summary>The organs to browse, by name (every active organ of the tree).</summary>
    public async Task<List<OrganChoice>> OrgansAsync(CancellationToken ct) =>
        (await db.Organizations.AsNoTracking().Where(o => o.IsActive).Select(o => new OrganChoice(o.Code, o.Name)).ToListAsync(ct))
        .OrderBy(o => o.Code.Length).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();

    public async Task SetVisibilityAsync(ContactVisibility visibility, CancellationToken ct)
    {
        if (!Enum.IsDefined(visibility)) throw new DomainException(new Error("DIRECTORY_VISIBILITY_INVALID", "Lựa chọn hiển thị không hợp lệ."));
        var me = await current.RequireUserAsync(ct);
        var user = await db.Users.FirstAsync(u => u.Id == me.Id, ct);
        user.DirectoryContact = visibility;
        await db.SaveChangesAsync(ct);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    public static string Describe(ContactVisibility v) => v switch
    {
        ContactVisibility.Everyone => "Mọi người trong hệ thống",
        ContactVisibility.Nobody => "Không ai (chỉ hiện họ tên, chức vụ, đơn vị)",
        _ => "Người cùng cơ quan",
    };
}

public sealed record DirectoryVisibilityRequest(ContactVisibility Visibility);

public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/directory").WithTags("Danh bạ");
        g.MapGet("", async (string? organizationCode, string? q, PeopleDirectory d, CancellationToken ct) => Results.Ok(await d.ListAsync(organizationCode, q, ct)))
            .WithSummary("Danh bạ: người của một cơ quan (lãnh đạo trước, rồi từng phòng, ban), hoặc tìm theo tên không dấu trong cả hệ thống; số điện thoại và thư điện tử theo lựa chọn của từng người.");
        g.MapPut("/me", async (DirectoryVisibilityRequest body, PeopleDirectory d, CancellationToken ct) =>
        {
            await d.SetVisibilityAsync(body.Visibility, ct);
            return Results.NoContent();
        }).WithSummary("Ai được xem số điện thoại và thư điện tử của tôi trong danh bạ: Organ (người cùng cơ quan), Everyone, Nobody.");
    }
}
