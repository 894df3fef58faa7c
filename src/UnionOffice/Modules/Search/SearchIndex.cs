using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Incoming;

namespace UnionOffice.Modules.Search;

/// <summary>Keeps the search entries of documents (metadata + text of their files) and matches queries against them.</summary>
public sealed class SearchIndex(AppDbContext db, TimeProvider time)
{
    public const string Incoming = "incoming";

    /// <summary>The entry of a newly registered document (its files' text joins when extracted).</summary>
    public static SearchEntry ForIncoming(IncomingDocument d, DateTimeOffset now) => new(Incoming, d.Id, d.OrganizationId, Metadata(d), now);

    private static string Metadata(IncomingDocument d) =>
        $"{d.IssuerName} {d.IssuerCode} {d.CodeNumber}/{d.CodeNotation} {d.TypeName} {d.Subject} {d.SignerPosition} {d.SignerName} {d.ToPlaces} {d.Description}";

    public async Task IndexIncomingAsync(Guid documentId, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, ct);
        if (doc is null) return;
        // A recalled copy is found by its register line only: its content was withdrawn (NĐ30 Điều 18.4b).
        var texts = doc.RecalledAt is not null ? [] : await (from f in db.DocumentFiles
                           join t in db.FileTexts on f.Sha256 equals t.Sha256
                           where f.OwnerType == IncomingFiles.OwnerType && f.OwnerId == documentId && t.State == TextState.Done
                           orderby f.UploadedAt
                           select t.Text).ToListAsync(ct);
        var text = string.Join(' ', new[] { Metadata(doc) }.Concat(texts.Where(t => t is not null))!);
        var entry = await db.SearchEntries.FirstOrDefaultAsync(e => e.OwnerType == Incoming && e.OwnerId == documentId, ct);
        if (entry is null) db.SearchEntries.Add(new SearchEntry(Incoming, documentId, doc.OrganizationId, text, time.GetUtcNow()));
        else entry.Update(text, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node indexed the same document at the same moment; its entry holds the same text.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A recalled copy's entry keeps its register line only, in the unit of work that freezes it.</summary>
    public static async Task WithdrawAsync(AppDbContext db, IncomingDocument d, DateTimeOffset now, CancellationToken ct)
    {
        var entry = await db.SearchEntries.FirstOrDefaultAsync(e => e.OwnerType == Incoming && e.OwnerId == d.Id, ct);
        entry?.Update(Metadata(d), now);
    }

    public async Task ReindexFilesOfAsync(string sha256, CancellationToken ct)
    {
        var owners = await db.DocumentFiles.AsNoTracking().Where(f => f.Sha256 == sha256 && f.OwnerType == IncomingFiles.OwnerType)
            .Select(f => f.OwnerId).Distinct().ToListAsync(ct);
        foreach (var id in owners) await IndexIncomingAsync(id, ct);
    }

    /// <summary>Documents without an entry (registered before search existed, or whose indexing failed) get one.</summary>
    public async Task<int> IndexMissingAsync(CancellationToken ct)
    {
        var missing = await db.IncomingDocuments.AsNoTracking()
            .Where(d => !db.SearchEntries.Any(e => e.OwnerType == Incoming && e.OwnerId == d.Id))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(500).ToListAsync(ct);
        foreach (var id in missing) await IndexIncomingAsync(id, ct);
        return missing.Count;
    }

    /// <summary>
    /// Entries having every word of the query (<see cref="SearchText.Words"/>: whole words, or the beginning of words
    /// for a word typed with '*'). PostgreSQL: the GIN-indexed tsvector (da &amp; nang, ngh:*); SQLite: LIKE '% da %' (or
    /// '% ngh%') on the normalised text. The words are letters and digits only, so neither the tsquery nor the LIKE
    /// pattern can be broken by input.
    /// </summary>
    public IQueryable<SearchEntry> Match(string ownerType, IReadOnlyList<SearchWord> words) =>
        Matching(db.SearchEntries.AsNoTracking().Where(e => e.OwnerType == ownerType), words);

    /// <summary>
    /// The same entries as <see cref="Match"/>, of one organ. On PostgreSQL the GIN index on (OrganizationId, Vector)
    /// answers the organ and every word at once: with whole words (no prefix) it walks the posting lists together,
    /// skipping from the rarest, so common words cost little (docs/benchmarks.md, search).
    /// </summary>
    public IQueryable<SearchEntry> MatchInOrganization(string ownerType, Guid organizationId, IReadOnlyList<SearchWord> words) =>
        Matching(db.SearchEntries.AsNoTracking().Where(e => e.OwnerType == ownerType && e.OrganizationId == organizationId), words);

    /// <summary>
    /// The same entries as <see cref="Match"/>, for reading by owner: on PostgreSQL the words are checked on each entry
    /// ("Vector || ''" is no indexed expression), so a query joining it by owner probes the primary key row by row
    /// instead of collecting every match from the GIN index first — for walking a few thousand documents.
    /// </summary>
    public IQueryable<SearchEntry> CheckEach(string ownerType, IReadOnlyList<SearchWord> words) =>
        Matching(db.SearchEntries.AsNoTracking().Where(e => e.OwnerType == ownerType), words, indexed: false);

    private IQueryable<SearchEntry> Matching(IQueryable<SearchEntry> q, IReadOnlyList<SearchWord> words, bool indexed = true)
    {
        if (!db.IsPostgres) return Like(q, words);
        var query = string.Join(" & ", words.Select(w => w.Prefix ? $"{w.Text}:*" : w.Text));
        if (indexed) return q.Where(e => e.Vector!.Matches(EF.Functions.ToTsQuery("simple", query)));
        var empty = NpgsqlTypes.NpgsqlTsVector.Empty;
        return q.Where(e => e.Vector!.Concat(empty).Matches(EF.Functions.ToTsQuery("simple", query)));
    }

    private static IQueryable<SearchEntry> Like(IQueryable<SearchEntry> q, IReadOnlyList<SearchWord> words)
    {
        foreach (var w in words)
        {
            var pattern = w.Prefix ? $"% {w.Text}%" : $"% {w.Text} %";
            q = q.Where(e => EF.Functions.Like(e.Text, pattern));
        }
        return q;
    }
}
