using System.Text;
using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// Seed 002 Điều 7: &lt;initials of family and middle names&gt;&lt;given name&gt;.&lt;suffix&gt;, without diacritics
/// (Phan Song Toàn → pstoan.ldld). A clash takes the lowest free number: pstoan2.ldld, pstoan3.ldld …
/// </summary>
public static class UserNameProposer
{
    public static string Base(string fullName, string suffix)
    {
        var words = VietnameseText.RemoveDiacritics(fullName).ToLowerInvariant()
            .Split([' ', '\t', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0).ToList();
        if (words.Count == 0) throw new DomainException(AccountErrors.FullNameRequired);
        var sb = new StringBuilder();
        foreach (var w in words[..^1]) sb.Append(w[0]);
        sb.Append(words[^1]);
        return $"{sb}.{suffix}";
    }

    public static string Propose(string fullName, string suffix, Func<string, bool> isTaken)
    {
        var candidate = Base(fullName, suffix);
        if (!isTaken(candidate)) return candidate;
        var dot = candidate.LastIndexOf('.');
        for (var n = 2; ; n++)
        {
            var numbered = $"{candidate[..dot]}{n}{candidate[dot..]}";
            if (!isTaken(numbered)) return numbered;
        }
    }

    public static bool IsValid(string userName) =>
        userName.Length is >= 3 and <= 64 && userName.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_')
        && userName[0] != '.' && userName[^1] != '.';
}
