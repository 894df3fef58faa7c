using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// The names an issuing organ goes by on a register line: its identifier code, its name in the directory, and the name as
/// typed — "LĐLĐ tỉnh Hà Tĩnh", "Liên đoàn Lao động tỉnh Hà Tĩnh" and I02.22 are one organ. The union's usual short forms
/// (LĐLĐ, CĐ, CĐN, TLĐ) read as their long forms when names are compared.
/// </summary>
public static class IssuerNames
{
    private static readonly (string Short, string Long)[] Forms =
    [
        ("tổng lđlđ", "tổng liên đoàn lao động"), ("tlđ", "tổng liên đoàn lao động"), ("lđlđ", "liên đoàn lao động"),
        ("cđn", "công đoàn ngành"), ("cđ", "công đoàn"), ("tp.", "thành phố "), ("tp", "thành phố"),
    ];

    /// <summary>A name compared without case, marks, spaces or short forms.</summary>
    public static string Comparable(string name)
    {
        var words = string.Join(' ', name.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormC)
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Forms.FirstOrDefault(f => f.Short == w) is { Long: { } l } ? l : w));
        return VietnameseText.Fold(words).Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// Every name of the issuer to match duplicates under; the first is the one new keys use — the organ's code when the
    /// code was given or the name is one of the directory's organs, otherwise the name as typed.
    /// </summary>
    public static async Task<List<string>> AliasesAsync(AppDbContext db, string? code, string name, CancellationToken ct)
    {
        var aliases = new List<string>();
        var typed = Comparable(name);
        if (code is { Length: > 0 })
        {
            aliases.Add(code);
            var known = await db.Organizations.AsNoTracking().Where(o => o.Code == code).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (known is not null) aliases.AddRange([known, Comparable(known)]);
        }
        else
        {
            // Organs whose name ends as the typed one does (the place: "… Hà Tĩnh"), compared in full in memory.
            var last = name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            var title = last.Length == 0 ? "" : char.ToUpperInvariant(last[0]) + last[1..].ToLowerInvariant();
            var candidates = last.Length == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => o.Name.EndsWith(last) || o.Name.EndsWith(title))
                .OrderBy(o => o.Code).Select(o => new { o.Code, o.Name }).Take(200).ToListAsync(ct);
            if (candidates.FirstOrDefault(o => Comparable(o.Name) == typed) is { } organ)
                aliases.AddRange([organ.Code, organ.Name, Comparable(organ.Name)]);
        }
        aliases.Add(name);
        // Keys written before: the name folded as typed (without the long forms), and the long form of it.
        aliases.Add(typed);
        return aliases.Distinct(StringComparer.Ordinal).ToList();
    }
}
