using System.Text;

namespace UnionOffice.Common;

/// <summary>
/// What text may hold, wherever it comes from (review finding 4: a NUL in the login name answered 500 on PostgreSQL):
/// no control characters but tab, line breaks (and, in text a tool extracted, the form feed between pages), no broken
/// UTF-16 (a lone surrogate); Vietnamese kept in one form, NFC, so "ệ" typed on two keyboards is one word to search.
/// </summary>
public static class TextRules
{
    public static readonly Error Invalid = new("TEXT_INVALID",
        "Nội dung gửi lên có ký tự điều khiển hoặc ký tự không hợp lệ (ví dụ ký tự NUL). Hãy gõ lại hoặc dán lại nội dung dưới dạng văn bản thường.");

    /// <summary>The first character that text may not hold, or null when it is clean.</summary>
    public static int? FirstForbidden(string text, bool allowFormFeed = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return c;
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n') && !(allowFormFeed && c == '\f')) return c;
        }
        return null;
    }

    public static bool IsClean(string text, bool allowFormFeed = false) => FirstForbidden(text, allowFormFeed) is null;

    /// <summary>The text in NFC (the composed form Vietnamese keyboards mostly produce), checked clean first.</summary>
    /// <exception cref="DomainException">TEXT_INVALID</exception>
    public static string Clean(string text)
    {
        if (!IsClean(text)) throw new DomainException(Invalid);
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>A one-line field as typed: every run of spaces, tabs and line breaks made one space, the ends trimmed.</summary>
    public static string OneLine(string? text) =>
        string.Join(' ', (text ?? "").Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Text a tool produced (pdftotext, tesseract): control characters other than tab, breaks and form feed dropped.</summary>
    public static string Sanitize(string text)
    {
        if (IsClean(text, allowFormFeed: true)) return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'))) continue;
            sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
