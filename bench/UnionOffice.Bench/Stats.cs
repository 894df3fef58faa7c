using Npgsql;

namespace UnionOffice.Bench;

/// <summary>What the database holds: row counts, table and index sizes, and the benchmark accounts' share.</summary>
public static class Stats
{
    private static readonly string[] Tables =
        ["IncomingRegisters", "IncomingDocuments", "IncomingAssignments", "IncomingTrail", "SearchEntries", "AspNetUsers", "Departments", "Organizations", "AuditEntries"];

    public static async Task PrintAsync(NpgsqlConnection conn)
    {
        Console.WriteLine();
        Console.WriteLine("| table | rows | table (with TOAST) | indexes | total |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var t in Tables)
        {
            await using var cmd = new NpgsqlCommand($"""
                SELECT (SELECT count(*) FROM "{t}"), pg_size_pretty(pg_table_size('"{t}"')), pg_size_pretty(pg_indexes_size('"{t}"')),
                       pg_size_pretty(pg_total_relation_size('"{t}"'))
                """, conn) { CommandTimeout = 0 };
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"| {t} | {r.GetInt64(0):N0} | {r.GetString(1)} | {r.GetString(2)} | {r.GetString(3)} |");
        }
        Console.WriteLine();
        Console.WriteLine("| index | size |");
        Console.WriteLine("| --- | ---: |");
        await using (var cmd = new NpgsqlCommand("""
            SELECT c.relname, pg_size_pretty(pg_relation_size(c.oid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname IN ('IncomingDocuments', 'IncomingAssignments', 'IncomingTrail', 'SearchEntries')
            ORDER BY t.relname, c.relname
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) Console.WriteLine($"| {r.GetString(0)} | {r.GetString(1)} |");
        Console.WriteLine();
        await using (var cmd = new NpgsqlCommand("""
            SELECT u."UserName",
                   count(*) FILTER (WHERE a."Kind" <> 2),
                   count(*) FILTER (WHERE a."Kind" = 2),
                   count(*) FILTER (WHERE a."Kind" <> 2 AND a."Status" IN (0, 1)),
                   count(*) FILTER (WHERE a."Kind" <> 2 AND a."Status" IN (0, 1) AND a."Deadline" < CURRENT_DATE)
            FROM "AspNetUsers" u LEFT JOIN "IncomingAssignments" a ON a."UserId" = u."Id"
            WHERE u."UserName" IN ('nvan.ldld', 'lvbinh.ldld')
            GROUP BY u."UserName" ORDER BY u."UserName"
            """, conn) { CommandTimeout = 0 })
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                Console.WriteLine($"{r.GetString(0)}: {r.GetInt64(1):N0} assignments to handle (all time), {r.GetInt64(2):N0} for information, {r.GetInt64(3):N0} open now, {r.GetInt64(4):N0} of them overdue");
        await using (var cmd = new NpgsqlCommand("""
            SELECT o."Code", count(*) FROM "IncomingDocuments" d JOIN "Organizations" o ON o."Id" = d."OrganizationId"
            WHERE o."Code" IN ('I02', 'I02.36') GROUP BY o."Code" ORDER BY o."Code"
            """, conn) { CommandTimeout = 0 })
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) Console.WriteLine($"{r.GetString(0)}: {r.GetInt64(1):N0} documents");
        await using (var cmd = new NpgsqlCommand("""
            SELECT "Status", count(*) FROM "IncomingDocuments" GROUP BY "Status" ORDER BY "Status"
            """, conn) { CommandTimeout = 0 })
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            var parts = new List<string>();
            while (await r.ReadAsync()) parts.Add($"{(UnionOffice.Modules.Incoming.IncomingStatus)r.GetInt32(0)} {r.GetInt64(1):N0}");
            Console.WriteLine("Documents by status: " + string.Join(", ", parts));
        }
        await using (var cmd = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", conn))
            Console.WriteLine($"Database size: {await cmd.ExecuteScalarAsync()}");
    }
}
