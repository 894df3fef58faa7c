using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using UnionOffice.Data;

namespace UnionOffice.Modules.Search;

/// <summary>
/// How common the words of the search index are, from PostgreSQL's own statistics of the tsvector column
/// (<c>pg_stats.most_common_elems</c>, kept by ANALYZE and autovacuum): read at most once an hour per node. A word of a
/// query is <i>common</i> when it begins a lexeme found in more than <see cref="CommonFraction"/> of the entries, or has
/// fewer than three letters (a short prefix begins many words). Finding within an organ uses this to keep common words
/// out of the GIN index condition (docs/benchmarks.md): their posting lists are hundreds of thousands of entries long
/// and select nothing, while the rarer words of the same query narrow the candidates to a few hundred.
/// </summary>
public sealed class WordStatistics(TimeProvider time, ILogger<WordStatistics> log)
{
    public const double CommonFraction = 0.02;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private sealed record Snapshot(string[] Lexemes, float[] Frequencies, DateTimeOffset ReadAt);

    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _reading = new(1, 1);

    /// <summary>The words of the query split into those that narrow the search and the common ones, in their order.</summary>
    public async Task<(List<string> Selective, List<string> Common)> SplitAsync(AppDbContext db, IReadOnlyList<string> words, CancellationToken ct)
    {
        var s = await SnapshotAsync(db, ct);
        var selective = new List<string>();
        var common = new List<string>();
        foreach (var w in words)
            (w.Length < 3 || s is null || Frequency(s, w) >= CommonFraction ? common : selective).Add(w);
        return (selective, common);
    }

    /// <summary>The highest frequency of a lexeme beginning with the word; 0 when none is among the most common.</summary>
    private static double Frequency(Snapshot s, string word)
    {
        var i = Array.BinarySearch(s.Lexemes, word, StringComparer.Ordinal);
        if (i < 0) i = ~i;
        double max = 0;
        for (; i < s.Lexemes.Length && s.Lexemes[i].StartsWith(word, StringComparison.Ordinal); i++) max = Math.Max(max, s.Frequencies[i]);
        return max;
    }

    private async Task<Snapshot?> SnapshotAsync(AppDbContext db, CancellationToken ct)
    {
        var s = _snapshot;
        if (s is not null && time.GetUtcNow() - s.ReadAt < Lifetime) return s;
        if (!db.IsPostgres) return null;
        if (!await _reading.WaitAsync(0, ct)) return s; // another request is reading them: use what there is
        try
        {
            var conn = db.Database.GetDbConnection();
            var opened = conn.State != System.Data.ConnectionState.Open;
            if (opened) await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var cmd = conn.CreateCommand();
                cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                cmd.CommandText = """
                    SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'SearchEntries' AND attname = 'Vector'
                    """;
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                string[] lexemes = [];
                float[] freqs = [];
                if (await reader.ReadAsync(ct) && !reader.IsDBNull(0))
                {
                    lexemes = reader.GetFieldValue<string[]>(0);
                    freqs = reader.GetFieldValue<float[]>(1);
                }
                var pairs = lexemes.Select((l, i) => (l, f: i < freqs.Length ? freqs[i] : 0f)).OrderBy(p => p.l, StringComparer.Ordinal).ToArray();
                _snapshot = s = new Snapshot(pairs.Select(p => p.l).ToArray(), pairs.Select(p => p.f).ToArray(), time.GetUtcNow());
            }
            finally
            {
                if (opened) await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            log.LogWarning(e, "Word statistics could not be read; every word is treated as common");
        }
        finally
        {
            _reading.Release();
        }
        return s;
    }
}
