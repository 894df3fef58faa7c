using System.Diagnostics;
using Npgsql;

namespace UnionOffice.Bench;

/// <summary>
/// Work dossiers for the dossiers' benchmark (issue 17), on top of a database made by <c>generate</c> (its organs, staff
/// and incoming documents): set-based SQL, deterministic in the row number. Every officer of the tree keeps dossiers
/// opened over two years — two in ten still open, seven closed (due at the archive a year after they ended), one in the
/// archive with its search entry — and the given number of documents are filed into them by reference, in time order,
/// <c>--per-dossier</c> to a dossier. Trails and handover transfers are not generated: the measured requests do not read them.
/// </summary>
public static class DossierGenerator
{
    public static async Task<int> RunAsync(string cs, string password, long documents, int perDossier)
    {
        var total = Stopwatch.StartNew();
        // The schema brought up to date as the app does before it serves (the tables of the dossiers and the archive).
        var storage = Path.Combine(Path.GetTempPath(), $"uo-bench-dossiers-{Environment.ProcessId}");
        await using (var app = BenchApp.CreateBuilder(cs, password, storage, seedDemo: false).Build())
            await UnionOffice.Commands.Startup.PrepareAsync(app);
        if (Directory.Exists(storage)) Directory.Delete(storage, true);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await Generator.ExecAsync(conn, """
            CREATE TABLE IF NOT EXISTS "__bench_dossiers" ("Id" int PRIMARY KEY, "Documents" bigint NOT NULL, "Dossiers" bigint NOT NULL, "FinishedAt" timestamptz NOT NULL);
            """);
        await using (var done = new NpgsqlCommand("""SELECT "Documents" || '/' || "Dossiers" FROM "__bench_dossiers" WHERE "Id" = 1""", conn))
            if (await done.ExecuteScalarAsync() is string existing)
            {
                Console.WriteLine($"Already generated (documents/dossiers: {existing}).");
                return 0;
            }
        var staff = await WorkGenerator.StaffAsync(conn);
        await Generator.ExecAsync(conn, """
            DROP TABLE IF EXISTS bench_docs;
            CREATE TABLE bench_docs AS SELECT row_number() OVER (ORDER BY "Id") - 1 AS n, "Id" AS id FROM "IncomingDocuments";
            CREATE UNIQUE INDEX ON bench_docs (n);
            ANALYZE bench_docs;
            """, timeout: 0);
        long docs;
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM bench_docs", conn)) docs = (long)(await count.ExecuteScalarAsync())!;
        if (docs < perDossier) throw new InvalidOperationException("Too few incoming documents: run generate first.");
        var dossiers = (documents + perDossier - 1) / perDossier;
        Console.WriteLine($"Officers keeping dossiers: {staff:N0}; incoming documents to file: {docs:N0}; dossiers: {dossiers:N0}");
        var phase = Stopwatch.StartNew();
        await Generator.ExecAsync(conn, $"""
            DROP TABLE IF EXISTS bench_dossiers;
            CREATE TABLE bench_dossiers AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0::bigint, {dossiers - 1}::bigint) g;
            CREATE UNIQUE INDEX ON bench_dossiers (n);
            INSERT INTO "Dossiers" ("Id", "Version", "OrganizationId", "Year", "CatalogEntryId", "Notation", "Title", "RetentionYears", "Rights", "Language",
                "KeeperUserId", "StartDate", "EndDate", "Description", "Status", "CreatedAt", "ClosedAt", "HandoverDue", "ArchivedAt")
            SELECT d.id, 0, s.org, extract(year FROM x.st)::int, NULL, ((d.n % 99) + 1) || '.HS', 'Hồ sơ công việc số ' || d.n,
                CASE d.n % 3 WHEN 0 THEN NULL WHEN 1 THEN 10 ELSE 20 END, 'Hạn chế', 'Tiếng Việt', s.officer, x.st,
                CASE WHEN x.status > 0 THEN x.st + {perDossier} END, NULL, x.status, x.st::timestamptz,
                CASE WHEN x.status > 0 THEN (x.st + {perDossier})::timestamptz END,
                CASE WHEN x.status = 1 THEN (x.st + {perDossier} + interval '1 year')::date END,
                CASE WHEN x.status = 3 THEN (x.st + {perDossier} + 30)::timestamptz END
            FROM bench_dossiers d
            JOIN bench_staff s ON s.n = d.n % {staff}
            CROSS JOIN LATERAL (SELECT current_date - ((d.n * 104729) % 700)::int - {perDossier} AS st,
                CASE WHEN (d.n * 31) % 10 < 2 THEN 0 WHEN (d.n * 31) % 10 < 9 THEN 1 ELSE 3 END AS status) x;
            """, timeout: 0);
        Console.WriteLine($"Dossiers: {phase.Elapsed.TotalSeconds:0} s");
        phase.Restart();
        const long batch = 500_000;
        for (long from = 0; from < documents; from += batch)
        {
            var to = Math.Min(documents, from + batch) - 1;
            await Generator.ExecAsync(conn, $"""
                INSERT INTO "DossierItems" ("Id", "DossierId", "Kind", "RefId", "DocumentDate", "Ordinal", "FiledByUserId", "FiledAt")
                SELECT gen_random_uuid(), ds."Id", 0, doc.id, ds."StartDate" + (g % {perDossier})::int, (g % {perDossier}) + 1, ds."KeeperUserId",
                    (ds."StartDate" + (g % {perDossier})::int)::timestamptz
                FROM generate_series({from}::bigint, {to}::bigint) g
                JOIN bench_dossiers d ON d.n = g / {perDossier}
                JOIN "Dossiers" ds ON ds."Id" = d.id
                JOIN bench_docs doc ON doc.n = (g * 7919) % {docs};
                """, timeout: 0);
            Console.Write($"\rDocuments filed: {to + 1:N0} / {documents:N0} ({phase.Elapsed.TotalSeconds:0} s)");
        }
        Console.WriteLine();
        phase.Restart();
        // What the archive's search finds of the dossiers in it: their own description, folded as SearchText.Normalize does.
        await Generator.ExecAsync(conn, """
            INSERT INTO "SearchEntries" ("OwnerType", "OwnerId", "OrganizationId", "Text", "UpdatedAt")
            SELECT 'dossier', ds."Id", ds."OrganizationId", ' ' || replace(ds."Notation", '.', ' ') || ' ho so cong viec so ' || substr(ds."Title", 20) || ' ' || ds."Year" || ' ', now()
            FROM "Dossiers" ds WHERE ds."Status" = 3 AND ds."Title" LIKE 'Hồ sơ công việc số %'
            ON CONFLICT DO NOTHING;
            """, timeout: 0);
        Console.WriteLine($"Search entries of archived dossiers: {phase.Elapsed.TotalSeconds:0} s");
        // The filing phase files documents nvan.ldld may read into his open dossiers, one per request: 2,000 of his organ's
        // documents given to him for information (done), so that there are enough.
        await Generator.ExecAsync(conn, """
            INSERT INTO "IncomingAssignments" ("Id", "Version", "DocumentId", "Kind", "DepartmentId", "UserId", "Deadline", "AssignedByUserId",
                "AssignedOnBehalfOfUserId", "ParentAssignmentId", "Status", "Opinion", "ReturnReason", "CreatedAt", "CompletedAt")
            SELECT gen_random_uuid(), 0, d."Id", 2, NULL, u."Id", NULL, u."Id", NULL, NULL, 2, NULL, NULL, now(), now()
            FROM "AspNetUsers" u
            JOIN "RoleAssignments" r ON r."UserId" = u."Id" AND r."Role" = 3
            JOIN LATERAL (SELECT d."Id" FROM "IncomingDocuments" d WHERE d."OrganizationId" = r."OrganizationId"
                AND NOT EXISTS (SELECT 1 FROM "IncomingAssignments" a WHERE a."DocumentId" = d."Id" AND a."UserId" = u."Id") ORDER BY d."Id" LIMIT 2000) d ON true
            WHERE u."UserName" = 'nvan.ldld';
            """, timeout: 0);
        phase.Restart();
        foreach (var t in new[] { "Dossiers", "DossierItems", "SearchEntries", "IncomingAssignments" })
            await Generator.ExecAsync(conn, $"VACUUM (ANALYZE) \"{t}\"", timeout: 0);
        Console.WriteLine($"VACUUM and ANALYZE: {phase.Elapsed.TotalSeconds:0} s");
        await Generator.ExecAsync(conn, $"""INSERT INTO "__bench_dossiers" VALUES (1, {documents}, {dossiers}, now())""");
        Console.WriteLine($"Dossiers generated in {total.Elapsed.TotalSeconds:0} s.");
        return 0;
    }
}
