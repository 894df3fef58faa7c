using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;

namespace UnionOffice.Modules.Organizations;

/// <summary>
/// The top of the tree comes from the appendix of seed 000 (Kế hoạch 269/KH-TLĐ, 02/11/2022): the list of national
/// identifier codes of the Confederation and its 94 organs, read from the document itself, not re-typed.
/// </summary>
public static partial class OrganizationSeed
{
    public sealed record Entry(string Code, string Name, OrganizationKind Kind);

    private const string ResourceSuffix = "seed-000-ke-hoach-269.txt";

    public static IReadOnlyList<Entry> Read()
    {
        var asm = typeof(OrganizationSeed).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static IReadOnlyList<Entry> Parse(string text)
    {
        var entries = new List<Entry>();
        var appendix = text.IndexOf("## PHỤ LỤC", StringComparison.Ordinal);
        if (appendix < 0) throw new InvalidDataException("Seed 000 has no appendix (## PHỤ LỤC).");
        var group = 0;
        foreach (var raw in text[appendix..].Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var m = Row().Match(line);
            if (!m.Success)
            {
                var heading = GroupHeading().Match(line);
                if (heading.Success) group = int.Parse(heading.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            var orgName = Tags().Replace(m.Groups[1].Value, "").Trim();
            var code = m.Groups[2].Value;
            var kind = code == "I02" ? OrganizationKind.Confederation : group switch
            {
                1 => OrganizationKind.ProvincialFederation,
                2 => OrganizationKind.SectorUnion,
                3 => OrganizationKind.DirectUnit,
                _ => throw new InvalidDataException($"Row {code} is outside the three groups of the appendix."),
            };
            entries.Add(new Entry(code, orgName, kind));
        }
        return entries;
    }

    /// <summary>Adds whatever of the seed is missing; existing organs (perhaps renamed by an administrator) are left alone.</summary>
    public static async Task<int> EnsureAsync(AppDbContext db, CancellationToken ct)
    {
        var entries = Read();
        var existing = await db.Organizations.Select(o => o.Code).ToListAsync(ct);
        if (existing.Count >= entries.Count && entries.All(e => existing.Contains(e.Code))) return 0;
        var have = existing.ToHashSet();
        var rootEntry = entries.Single(e => e.Kind == OrganizationKind.Confederation);
        var root = await db.Organizations.FirstOrDefaultAsync(o => o.Code == rootEntry.Code, ct);
        var added = 0;
        if (root is null)
        {
            root = new Organization(rootEntry.Code, rootEntry.Name, rootEntry.Kind, null, "tld");
            db.Organizations.Add(root);
            added++;
        }
        foreach (var e in entries.Where(e => e.Kind != OrganizationKind.Confederation && !have.Contains(e.Code)))
        {
            db.Organizations.Add(new Organization(e.Code, e.Name, e.Kind, root));
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    [GeneratedRegex(@"^(?:#+ *)?\** *([123])\. ")]
    private static partial Regex GroupHeading();

    [GeneratedRegex(@"^\d+\.\t(.+?)\t(I02(?:\.\d{2})?)\s*$")]
    private static partial Regex Row();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
