using System.Text.RegularExpressions;
using UnionOffice.Data;

namespace UnionOffice.Tests.Data;

/// <summary>
/// Upgrades without downtime (issue 21 §6, ADR 0019): a new version's nodes migrate PostgreSQL at start while the previous
/// version's nodes keep serving, so a migration may only <em>expand</em> the schema — add tables, nullable columns or
/// columns with a default, indexes, data — and what the previous version reads or writes may be removed, renamed,
/// retyped or made required only by a <em>contract</em> migration in a later release, which names the expand migration
/// it completes. Each PostgreSQL migration after <see cref="LastBeforeTheRule"/> says which it is on its first line;
/// this test reads every one. (SQLite is the embedded single-process installation: upgraded stopped, not rolled.)
/// </summary>
public partial class ExpandContractTests
{
    /// <summary>The scripts shipped before the rule; 0027 is one it would have refused (see <see cref="TheRule_RefusesWhatWouldBreakTheRunningVersion"/>).</summary>
    public const string LastBeforeTheRule = "0027";

    [Fact]
    public void EveryPostgresMigrationAfterTheRule_IsAnExpand_OrAContractNamingItsExpand()
    {
        var scripts = MigrationRunner.Scripts(postgres: true);
        var problems = new List<string>();
        foreach (var (id, sql) in scripts.Where(s => string.CompareOrdinal(s.Id[..4], LastBeforeTheRule) > 0))
        {
            var header = sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            if (header == "-- expand")
                problems.AddRange(Violations(sql).Select(v => $"{id}: {v}"));
            else if (Contract().Match(header) is { Success: true } m)
            {
                var expand = m.Groups[1].Value;
                if (!scripts.Any(s => s.Id == expand && string.CompareOrdinal(s.Id, id) < 0))
                    problems.Add($"{id}: contracts {expand}, which is not an earlier migration");
            }
            else problems.Add($"{id}: first line must be \"-- expand\" or \"-- contract: <expand migration id>\"");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("DROP TABLE \"Old\";", "removes")]
    [InlineData("ALTER TABLE \"T\" DROP COLUMN \"C\";", "removes")]
    [InlineData("ALTER TABLE \"T\" RENAME COLUMN \"A\" TO \"B\";", "renames")]
    [InlineData("ALTER TABLE \"T\" ALTER COLUMN \"C\" TYPE bigint;", "type")]
    [InlineData("ALTER TABLE \"T\" ALTER COLUMN \"C\" SET NOT NULL;", "required")]
    [InlineData("ALTER TABLE \"T\" ADD \"C\" integer NOT NULL;", "required column without a default")]
    [InlineData("ALTER TABLE \"T\" ADD COLUMN \"C\" text NOT NULL, ADD \"D\" int NULL;", "required column without a default")]
    [InlineData("ALTER TABLE \"T\" ALTER COLUMN \"C\" DROP DEFAULT;", "default")]
    public void TheRule_RefusesWhatWouldBreakTheRunningVersion(string sql, string expected) =>
        Assert.Contains(Violations("-- expand\n" + sql), v => v.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void TheRule_AcceptsWhatTheRunningVersionDoesNotNotice_AndWouldHaveRefused0027()
    {
        Assert.Empty(Violations("""
            -- expand
            CREATE TABLE "New" ("Id" uuid NOT NULL, "Name" text NOT NULL, CONSTRAINT "PK_New" PRIMARY KEY ("Id"));
            ALTER TABLE "T" ADD "C" boolean NOT NULL DEFAULT FALSE;
            ALTER TABLE "T" ADD "D" text NULL, ADD CONSTRAINT "FK_T_New" FOREIGN KEY ("D") REFERENCES "New" ("Id");
            CREATE INDEX "IX_T_D" ON "T" ("D");
            UPDATE "T" SET "D" = NULL WHERE FALSE; -- a comment saying DROP TABLE is not a statement
            """));
        // 0027 added a required flag and took its default away in the same script: a previous-version node creating an
        // outgoing draft (which does not know the column) would have failed while the new one ran. Shipped before the rule.
        var s0027 = MigrationRunner.Scripts(postgres: true).Single(s => s.Id.StartsWith("0027", StringComparison.Ordinal)).Sql;
        Assert.Contains(Violations(s0027), v => v.Contains("default", StringComparison.Ordinal));
    }

    /// <summary>What in an expand migration would break the version still running.</summary>
    public static List<string> Violations(string sql)
    {
        var text = Comment().Replace(sql, " ");
        var found = new List<string>();
        foreach (Match m in Regex.Matches(text, @"\bDROP\s+(TABLE|COLUMN|VIEW|FUNCTION|TRIGGER|TYPE|SCHEMA)\b", RegexOptions.IgnoreCase))
            found.Add($"{m.Value}: removes what the running version may read");
        foreach (Match m in Regex.Matches(text, @"\bRENAME\b[^;]*", RegexOptions.IgnoreCase))
            found.Add($"{m.Value.Trim()}: renames what the running version names");
        foreach (Match m in Regex.Matches(text, @"\bALTER\s+COLUMN\s+""?\w+""?\s+(SET\s+DATA\s+)?TYPE\b", RegexOptions.IgnoreCase))
            found.Add($"{m.Value}: changes a column's type under the running version");
        foreach (Match m in Regex.Matches(text, @"\bALTER\s+COLUMN\s+""?\w+""?\s+SET\s+NOT\s+NULL\b", RegexOptions.IgnoreCase))
            found.Add($"{m.Value}: makes required a column the running version does not fill");
        foreach (Match m in Regex.Matches(text, @"\bALTER\s+COLUMN\s+""?\w+""?\s+DROP\s+DEFAULT\b", RegexOptions.IgnoreCase))
            found.Add($"{m.Value}: takes away the default the running version's inserts rely on");
        foreach (Match m in Regex.Matches(text, @"\bADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(""?\w+""?)\s+([^;,]*)", RegexOptions.IgnoreCase))
        {
            if (m.Groups[1].Value.Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase)) continue;
            var clause = m.Groups[2].Value;
            if (Regex.IsMatch(clause, @"\bNOT\s+NULL\b", RegexOptions.IgnoreCase) && !Regex.IsMatch(clause, @"\bDEFAULT\b", RegexOptions.IgnoreCase))
                found.Add($"ADD {m.Groups[1].Value} … NOT NULL: a required column without a default, which the running version's inserts leave out");
        }
        return found;
    }

    [GeneratedRegex(@"^--\s*contract:\s*(\d{4}_[A-Za-z0-9_]+)\b")]
    private static partial Regex Contract();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex Comment();
}
