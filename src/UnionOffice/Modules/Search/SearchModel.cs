using System.Text;
using NpgsqlTypes;
using UnionOffice.Common;

namespace UnionOffice.Modules.Search;

public enum TextState
{
    /// <summary>Waiting for the extraction job.</summary>
    Pending = 0,
    /// <summary>Claimed by a node (a claim older than the lease is taken over: that node died).</summary>
    Working = 1,
    Done = 2,
    /// <summary>The tool failed on this file (kept with the reason; not retried automatically).</summary>
    Failed = 3,
    /// <summary>No text to be had here: the tool it needs (pdftotext, tesseract) is not installed.</summary>
    Unavailable = 4,
}

/// <summary>
/// The text of one stored content (by SHA-256: the same bytes have the same text, whoever attached them): the PDF's
/// text layer, the DOCX's paragraphs, or OCR of a scan.
/// </summary>
public sealed class FileText
{
    public const int MaxChars = 200_000;

    private FileText() { }

    public FileText(string sha256, string contentType, DateTimeOffset now)
    {
        Sha256 = sha256;
        ContentType = contentType;
        UpdatedAt = now;
    }

    public string Sha256 { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public TextState State { get; private set; }
    /// <summary>text-layer, docx or ocr.</summary>
    public string? Method { get; private set; }
    public string? Text { get; private set; }
    public string? Error { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    internal void Finish(TextState state, string? method, string? text, string? error, DateTimeOffset now)
    {
        State = state;
        Method = method;
        text = text is null ? null : Common.TextRules.Sanitize(text); // what a tool printed may hold any byte
        Text = text is { Length: > MaxChars } ? text[..MaxChars] : text;
        error = error is null ? null : Common.TextRules.Sanitize(error);
        Error = error is { Length: > 1000 } ? error[..1000] : error;
        UpdatedAt = now;
    }
}

/// <summary>
/// What search looks in, per document: its metadata and the text of its files, folded (no diacritics, lower case,
/// letters and digits only, one space between words, a space at both ends). PostgreSQL keeps a tsvector of it
/// (generated column, GIN index); SQLite matches words with LIKE on the same text. Either way, every word of the query
/// must be a word of the document ("da nang" finds "Đà Nẵng", "thong tu" finds "Thông tư"), or begin one when typed
/// with a trailing '*' (<see cref="SearchText.Words"/>).
/// </summary>
public sealed class SearchEntry
{
    public const int MaxChars = 400_000;

    private SearchEntry() { }

    public SearchEntry(string ownerType, Guid ownerId, Guid organizationId, string text, DateTimeOffset now)
    {
        OwnerType = ownerType;
        OwnerId = ownerId;
        OrganizationId = organizationId;
        Update(text, now);
    }

    public string OwnerType { get; private set; } = "";
    public Guid OwnerId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Text { get; private set; } = " ";
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>PostgreSQL only: to_tsvector('simple', Text), generated and indexed by the database.</summary>
    public NpgsqlTsVector? Vector { get; private set; }

    public void Update(string text, DateTimeOffset now)
    {
        var t = SearchText.Normalize(text);
        Text = t.Length > MaxChars ? t[..MaxChars] + " " : t;
        UpdatedAt = now;
    }
}

public static class SearchText
{
    /// <summary>Folded words separated by single spaces, with a space at both ends (so " word" marks a word's start).</summary>
    public static string Normalize(string text)
    {
        var folded = VietnameseText.RemoveDiacritics(text ?? "").ToLowerInvariant();
        var sb = new StringBuilder(folded.Length + 2).Append(' ');
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c) || (char.IsLetterOrDigit(c) && c > 127)) sb.Append(c);
            else if (sb[^1] != ' ') sb.Append(' ');
        }
        if (sb[^1] != ' ') sb.Append(' ');
        return sb.ToString();
    }

    /// <summary>
    /// The words of a query, folded like the documents (at most 8). A word matches a whole word of the document
    /// ("an" finds "An", not "anh"); typed with a trailing '*' it matches the words it begins ("ngh*" finds "nghị",
    /// "nghệ"), from two letters on.
    /// </summary>
    public static List<SearchWord> Words(string? query)
    {
        var words = new List<SearchWord>();
        foreach (var token in (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = Normalize(token).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
                words.Add(new SearchWord(parts[i], i == parts.Length - 1 && parts[i].Length >= 2 && token.EndsWith('*')));
        }
        return words.Distinct().Take(8).ToList();
    }
}

/// <summary>A word of a query: a whole word, or (<see cref="Prefix"/>) the beginning of words.</summary>
public readonly record struct SearchWord(string Text, bool Prefix)
{
    public override string ToString() => Prefix ? Text + "*" : Text;
}
