using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace UnionOffice.EdXml;

/// <summary>The two ways an organ's identifier code is written.</summary>
public enum OrganIdentifierForm
{
    /// <summary>The national 13-character form <c>000.00.00.G22</c>: four levels read right to left, the first a letter group and two digits.</summary>
    National,
    /// <summary>The short form the union's plan (seed 000) gives its organs: <c>I02</c>, <c>I02.36</c>, <c>I02.36.05</c>.</summary>
    Short,
}

/// <summary>
/// Organ identifier codes (mã định danh liên thông văn bản), both forms, in one place. Codes are stored as given
/// (after <see cref="Normalize"/>): a short code is not rewritten into the national form.
/// </summary>
public static partial class OrganIdentifier
{
    /// <summary>Length of the national form.</summary>
    public const int NationalLength = 13;

    /// <summary>Upper-case without surrounding spaces, or null when the code is in neither form.</summary>
    public static string? TryNormalize(string? code)
    {
        if (code is null) return null;
        var c = code.Trim().ToUpperInvariant();
        return National().IsMatch(c) || Short().IsMatch(c) ? c : null;
    }

    /// <summary>Upper-case without surrounding spaces; throws <see cref="FormatException"/> when the code is in neither form.</summary>
    public static string Normalize(string? code) =>
        TryNormalize(code) ?? throw new FormatException($"Mã định danh '{code}' không đúng dạng 000.00.00.G22 hoặc I02.36.");

    /// <summary>Whether the code, once normalised, is in one of the forms.</summary>
    public static bool IsValid([NotNullWhen(true)] string? code) => TryNormalize(code) is not null;

    /// <summary>The form of a valid code; null when it is in neither.</summary>
    public static OrganIdentifierForm? FormOf(string? code) => TryNormalize(code) switch
    {
        null => null,
        var c when National().IsMatch(c) => OrganIdentifierForm.National,
        _ => OrganIdentifierForm.Short,
    };

    /// <summary>
    /// Whether two codes name the same organ as written: equal once trimmed and upper-cased. Used to find a recipient
    /// given twice. Codes in different forms are different codes here: no mapping between the forms is published.
    /// </summary>
    public static bool AreSame(string? a, string? b) =>
        string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    // Levels 4 to 2 digits, level 1 a letter group and two digits: 000.00.00.G22, 000.00.11.H53.
    [GeneratedRegex(@"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex National();

    // The same rule as the organisation tree's codes (Organization.CodePattern): a letter group with up to four more
    // letters or digits, then up to five dot-separated levels.
    [GeneratedRegex(@"^[A-Z][A-Z0-9]{1,4}(\.[A-Z0-9]{1,5}){0,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex Short();
}
