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

    /// <summary>
    /// The abbreviations the union's organs are written with (NĐ30 Phụ lục III lets the name be shortened; certificates
    /// of the Ban Cơ yếu spell it out): "LĐLĐ tỉnh Nghệ An" and "Liên đoàn Lao động tỉnh Nghệ An" are one organ.
    /// </summary>
    private static readonly Dictionary<string, string> OrganAbbreviations = new(StringComparer.Ordinal)
    {
        ["tldld"] = "tong lien doan lao dong", ["tld"] = "tong lien doan", ["ldld"] = "lien doan lao dong", ["cd"] = "cong doan",
        ["cdcs"] = "cong doan co so", ["cdn"] = "cong doan nganh", ["tp"] = "thanh pho", ["tp."] = "thanh pho", ["tw"] = "trung uong",
        ["vn"] = "viet nam", ["ubnd"] = "uy ban nhan dan",
    };

    /// <summary>An organ's name as a key: folded (<see cref="Fold"/>) with the usual abbreviations spelled out.</summary>
    public static string FoldOrganName(string name) =>
        string.Join(' ', Fold(name).Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => OrganAbbreviations.GetValueOrDefault(w, w)));

    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    private static readonly string[] Scales = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];

    /// <summary>
    /// A whole number written in words as forms ask for it ("Viết bằng chữ"): 21 "hai mươi mốt", 105 "một trăm linh năm",
    /// 1 015 "một nghìn không trăm mười lăm", 2 000 000 "hai triệu".
    /// </summary>
    public static string NumberInWords(long n)
    {
        if (n < 0) return "âm " + NumberInWords(-n);
        if (n == 0) return Digits[0];
        var groups = new List<int>();
        for (var v = n; v > 0; v /= 1000) groups.Add((int)(v % 1000));
        var words = new List<string>();
        for (var i = groups.Count - 1; i >= 0; i--)
        {
            var g = groups[i];
            if (g == 0) continue;
            words.Add(Hundreds(g, full: i < groups.Count - 1));
            if (Scales[i].Length > 0) words.Add(Scales[i]);
        }
        return string.Join(' ', words);
    }

    /// <summary>Three digits; <paramref name="full"/> when a higher group precedes, so "không trăm" and "linh" are said.</summary>
    private static string Hundreds(int g, bool full)
    {
        int h = g / 100, t = g / 10 % 10, u = g % 10;
        var w = new List<string>();
        if (h > 0 || full) w.AddRange([Digits[h], "trăm"]);
        if (t == 0 && u > 0 && (h > 0 || full)) w.Add("linh");
        else if (t == 1) w.Add("mười");
        else if (t > 1) w.AddRange([Digits[t], "mươi"]);
        if (u > 0)
            w.Add(u switch
            {
                1 when t > 1 => "mốt",
                4 when t > 1 => "tư",
                5 when t > 0 => "lăm",
                _ => Digits[u],
            });
        return string.Join(' ', w);
    }
}
