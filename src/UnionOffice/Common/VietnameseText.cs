using System.Globalization;
using System.Text;

namespace UnionOffice.Common;

public static class VietnameseText
{
    /// <summary>Removes diacritics the way Vietnamese users expect: "Đà Nẵng" → "Da Nang" (đ → d).</summary>
    public static string RemoveDiacritics(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            switch (c)
            {
                case 'đ': sb.Append('d'); break;
                case 'Đ': sb.Append('D'); break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                        sb.Append(c);
                    break;
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Lower-case, diacritic-free, single-spaced: the key for searching names.</summary>
    public static string Fold(string text) =>
        string.Join(' ', RemoveDiacritics(text).ToLowerInvariant()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
