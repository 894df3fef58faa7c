using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;

namespace UnionOffice.Modules.Organizations;

/// <summary>Walks the tree in the database (depth is small: at most about six levels).</summary>
public static class OrganizationTree
{
    public static async Task<List<Guid>> AncestorsAndSelfAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var chain = new List<Guid>();
        Guid? current = id;
        while (current is { } c && !chain.Contains(c))
        {
            chain.Add(c);
            current = await db.Organizations.Where(o => o.Id == c).Select(o => o.ParentId).FirstOrDefaultAsync(ct);
        }
        return chain;
    }

    public static async Task<HashSet<Guid>> DescendantsAndSelfAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var all = new HashSet<Guid> { id };
        List<Guid> level = [id];
        while (level.Count > 0)
        {
            var parents = level;
            level = await db.Organizations.Where(o => o.ParentId != null && parents.Contains(o.ParentId.Value))
                .Select(o => o.Id).ToListAsync(ct);
            level.RemoveAll(x => !all.Add(x));
        }
        return all;
    }

    public static Task<Organization?> RootAsync(AppDbContext db, CancellationToken ct) =>
        db.Organizations.FirstOrDefaultAsync(o => o.ParentId == null, ct);
}
