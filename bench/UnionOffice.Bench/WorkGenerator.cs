using System.Diagnostics;
using Npgsql;

namespace UnionOffice.Bench;

/// <summary>
/// Tasks and diary entries for the work module's benchmark (issue 18), on top of a database made by <c>generate</c> (its
/// organs and staff): set-based SQL, deterministic in the row number. Every officer of the tree is given tasks over two
/// years — most of those older than two months done (on time or late), recent ones open, in progress, reported or done —
/// led by the officer (60 %) or by their department (40 %), given by the organ's head, with their lead part; and writes
/// diary entries over the same two years, with weeks closed four times in five. Reports, trails and co-handlers are not
/// generated: the measured reads (a person's list, a head's figures) do not touch them.
/// </summary>
public static class WorkGenerator
{
    /// <summary>The officers of the tree numbered 0…n−1 with their organ, department and organ's head (bench_staff); how many.</summary>
    public static async Task<long> StaffAsync(NpgsqlConnection conn)
    {
        await Generator.ExecAsync(conn, """
            DROP TABLE IF EXISTS bench_staff;
            CREATE TABLE bench_staff AS
            SELECT row_number() OVER (ORDER BY x.officer) - 1 AS n, x.* FROM (
                SELECT ra."OrganizationId" AS org, ra."DepartmentId" AS dept, ra."UserId" AS officer,
                       (SELECT h."UserId" FROM "RoleAssignments" h WHERE h."OrganizationId" = ra."OrganizationId" AND h."Role" = 0 ORDER BY h."UserId" LIMIT 1) AS head
                FROM "RoleAssignments" ra WHERE ra."Role" = 3 AND ra."DepartmentId" IS NOT NULL) x
            WHERE x.head IS NOT NULL;
            CREATE UNIQUE INDEX ON bench_staff (n);
            ANALYZE bench_staff;
            """);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM bench_staff", conn);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public static async Task<int> RunAsync(string cs, long tasks, long diary)
    {
        var total = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await Generator.ExecAsync(conn, """
            CREATE TABLE IF NOT EXISTS "__bench_work" ("Id" int PRIMARY KEY, "Tasks" bigint NOT NULL, "Diary" bigint NOT NULL, "FinishedAt" timestamptz NOT NULL);
            """);
        await using (var done = new NpgsqlCommand("""SELECT "Tasks" || '/' || "Diary" FROM "__bench_work" WHERE "Id" = 1""", conn))
            if (await done.ExecuteScalarAsync() is string existing)
            {
                Console.WriteLine($"Already generated (tasks/diary entries: {existing}).");
                return 0;
            }
        var staff = await StaffAsync(conn);
        Console.WriteLine($"Officers given work: {staff:N0}");
        var phase = Stopwatch.StartNew();
        const long batch = 250_000;
        for (long from = 1; from <= tasks; from += batch)
        {
            var to = Math.Min(tasks, from + batch - 1);
            await Generator.ExecAsync(conn, $"""
                INSERT INTO "Tasks" ("Id", "Version", "OrganizationId", "ParentTaskId", "Title", "Description", "Priority", "Deadline", "Origin", "OriginId", "OriginNote",
                    "GiverRole", "GiverDepartmentId", "GivenByUserId", "GivenOnBehalfOfUserId", "GivenAt", "LeadDepartmentId", "LeadUserId", "Status", "Progress",
                    "Result", "ReportedAt", "ReturnReason", "DoneAt", "DoneOnTime", "CancelledAt", "CancelReason", "SearchKey")
                SELECT gen_random_uuid(), 0, s.org, NULL, 'Nhiệm vụ số ' || g, NULL, (g % 7 = 0)::int + (g % 29 = 0)::int, x.given::date + 7 + (g % 30)::int, 0, NULL, NULL,
                    0, NULL, s.head, NULL, x.given, CASE WHEN g % 5 < 2 THEN s.dept END, CASE WHEN g % 5 >= 2 THEN s.officer END, x.status,
                    CASE x.status WHEN 3 THEN 100 WHEN 2 THEN 100 WHEN 1 THEN (g % 9) * 10 ELSE 0 END,
                    CASE WHEN x.status IN (2, 3) THEN 'Đã hoàn thành.' END, CASE WHEN x.status IN (2, 3) THEN x.given + (g % 20) * interval '1 day' END, NULL,
                    CASE WHEN x.status = 3 THEN x.given + (g % 20) * interval '1 day' END,
                    CASE WHEN x.status = 3 THEN (x.given + (g % 20) * interval '1 day')::date <= x.given::date + 7 + (g % 30)::int END,
                    CASE WHEN x.status = 4 THEN x.given + interval '3 days' END, CASE WHEN x.status = 4 THEN 'Không còn cần thiết.' END,
                    'nhiem vu so ' || g
                FROM generate_series({from}::bigint, {to}::bigint) g
                CROSS JOIN LATERAL (SELECT now() - ((g * 104729) % 730) * interval '1 day' - (g % 600) * interval '1 minute' AS given,
                    CASE WHEN (g * 104729) % 730 > 60 THEN CASE WHEN (g * 31) % 100 < 95 THEN 3 WHEN (g * 31) % 100 < 98 THEN 4 ELSE 1 END
                         ELSE CASE WHEN (g * 31) % 100 < 40 THEN 3 WHEN (g * 31) % 100 < 55 THEN 0 WHEN (g * 31) % 100 < 85 THEN 1
                                   WHEN (g * 31) % 100 < 95 THEN 2 ELSE 4 END END AS status) x
                JOIN bench_staff s ON s.n = (g * 7919) % {staff};
                """, timeout: 0);
            Console.Write($"\rTasks: {to:N0} / {tasks:N0} ({phase.Elapsed.TotalSeconds:0} s)");
        }
        Console.WriteLine();
        phase.Restart();
        await Generator.ExecAsync(conn, """
            INSERT INTO "TaskAssignees" ("Id", "Version", "TaskId", "Kind", "DepartmentId", "UserId", "Status", "Progress", "Note", "CreatedAt", "DoneAt")
            SELECT gen_random_uuid(), 0, t."Id", 0, t."LeadDepartmentId", t."LeadUserId",
                CASE t."Status" WHEN 3 THEN 2 WHEN 4 THEN 5 WHEN 0 THEN 0 ELSE 1 END, t."Progress", NULL, t."GivenAt", t."DoneAt"
            FROM "Tasks" t WHERE t."Title" LIKE 'Nhiệm vụ số %';
            """, timeout: 0);
        Console.WriteLine($"Lead parts: {phase.Elapsed.TotalSeconds:0} s");
        phase.Restart();
        const long diaryBatch = 1_000_000;
        for (long from = 1; from <= diary; from += diaryBatch)
        {
            var to = Math.Min(diary, from + diaryBatch - 1);
            await Generator.ExecAsync(conn, $"""
                INSERT INTO "DiaryEntries" ("Id", "Version", "UserId", "OrganizationId", "Day", "Text", "IsSystem", "Action", "Scope", "SubjectId", "CreatedAt", "EditedAt")
                SELECT gen_random_uuid(), 0, s.officer, s.org, current_date - ((g * 7) % 730)::int, 'Ghi nhật ký công việc số ' || g, g % 3 = 0,
                    CASE WHEN g % 3 = 0 THEN 'progress' END, CASE WHEN g % 3 = 0 THEN 'task' END, NULL, now() - ((g * 7) % 730) * interval '1 day', NULL
                FROM generate_series({from}::bigint, {to}::bigint) g JOIN bench_staff s ON s.n = g % {staff};
                """, timeout: 0);
            Console.Write($"\rDiary entries: {to:N0} / {diary:N0} ({phase.Elapsed.TotalSeconds:0} s)");
        }
        Console.WriteLine();
        await Generator.ExecAsync(conn, """
            INSERT INTO "DiaryWeeks" ("Id", "Version", "UserId", "WeekStart", "ClosedAt", "Comment", "CommentByUserId", "CommentedAt")
            SELECT gen_random_uuid(), 0, s.officer, w::date, CASE WHEN (s.n + extract(epoch FROM w)::bigint / 604800) % 5 <> 0 THEN w + interval '4 days 17 hours' END, NULL, NULL, NULL
            FROM bench_staff s
            CROSS JOIN generate_series(date_trunc('week', now() - interval '730 days'), date_trunc('week', now() - interval '7 days'), interval '7 days') w
            ON CONFLICT DO NOTHING;
            """, timeout: 0);
        phase.Restart();
        foreach (var t in new[] { "Tasks", "TaskAssignees", "DiaryEntries", "DiaryWeeks" })
            await Generator.ExecAsync(conn, $"VACUUM (ANALYZE) \"{t}\"", timeout: 0);
        Console.WriteLine($"VACUUM and ANALYZE: {phase.Elapsed.TotalSeconds:0} s");
        await Generator.ExecAsync(conn, $"""INSERT INTO "__bench_work" VALUES (1, {tasks}, {diary}, now())""");
        Console.WriteLine($"Work data generated in {total.Elapsed.TotalSeconds:0} s.");
        return 0;
    }
}
