using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using UnionOffice.Commands;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Search;
using UnionOffice.Modules.Work;

namespace UnionOffice.Bench;

public sealed record GenerateOptions(string ConnectionString, long Documents, string DemoPassword, string SeedsDirectory, bool Reset, int ChunkSize, int Seed);

/// <summary>
/// Fills a PostgreSQL database with incoming documents for the benchmarks. The schema, the organisation tree and the
/// demo accounts come from the app itself (migrations, organ seed, demo data, as on start); the other organs get a
/// staff of their own through the app's UserManager; then documents, assignments, trail entries and search entries
/// are bulk-loaded with binary COPY in chunks, one transaction per chunk, and the secondary indexes are rebuilt.
/// Every chunk is drawn from its own seeded Random, so the same --documents gives the same data, and a run that
/// stopped resumes at the first chunk not committed.
/// </summary>
public sealed class Generator(GenerateOptions o)
{
    private static readonly string[] BulkTables = ["IncomingDocuments", "IncomingAssignments", "IncomingTrail", "SearchEntries"];
    public const int FirstYear = 2022;
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private sealed class Dept(Guid id, string code, string name)
    {
        public Guid Id { get; } = id;
        public string Code { get; } = code;
        public string Name { get; } = name;
        public Guid Head { get; set; }
        public List<Guid> Officers { get; } = [];
    }

    private sealed class Org(Guid id, string code, string name, OrganizationKind kind)
    {
        public Guid Id { get; } = id;
        public string Code { get; } = code;
        public string Name { get; } = name;
        public OrganizationKind Kind { get; } = kind;
        public Guid Clerk { get; set; }
        public Guid Head { get; set; }
        public List<Dept> Depts { get; } = [];
        public List<Guid> Officers { get; } = [];
        public Dictionary<int, (Guid Id, long Last)> Registers { get; } = [];
        public string Abbr => Kind switch
        {
            OrganizationKind.Confederation => "TLĐ",
            OrganizationKind.ProvincialFederation => "LĐLĐ",
            OrganizationKind.SectorUnion => "CĐN",
            _ => "CĐ",
        };
        public double Weight => Code switch
        {
            "I02" => 4.0,
            "I02.36" => 1.5,
            _ => Kind switch { OrganizationKind.ProvincialFederation => 1.0, OrganizationKind.SectorUnion => 0.6, _ => 0.3 },
        };
    }

    private sealed class Chunk
    {
        public List<object?[]> Docs { get; } = [];
        public List<object?[]> Assignments { get; } = [];
        public List<object?[]> Trail { get; } = [];
        public List<object?[]> Search { get; } = [];
        public Dictionary<Guid, long> LastNumbers { get; } = [];
    }

    private List<Org> _orgs = [];
    private double[] _cumulative = [];
    private Guid _nvan;
    private Org _nghean = null!;
    private Dept _nvanDept = null!;
    private List<DateOnly> _days = [];
    private DateOnly _today;
    private readonly Corpus _corpus = new(o.SeedsDirectory);

    public async Task<int> RunAsync()
    {
        var total = Stopwatch.StartNew();
        await BenchApp.EnsureDatabaseAsync(o.ConnectionString, o.Reset);
        var storage = Path.Combine(Path.GetTempPath(), $"uo-bench-gen-{Environment.ProcessId}");
        var phase = Stopwatch.StartNew();
        await using (var app = BenchApp.CreateBuilder(o.ConnectionString, o.DemoPassword, storage, seedDemo: true).Build())
        {
            // Exactly what the app does before it serves: migrations, organ seed, demo accounts.
            await Startup.PrepareAsync(app);
            await using var scope = app.Services.CreateAsyncScope();
            await EnsureStaffAsync(scope.ServiceProvider);
        }
        if (Directory.Exists(storage)) Directory.Delete(storage, true);
        Console.WriteLine($"Schema, organs, demo accounts and staff: {phase.Elapsed.TotalSeconds:0.0} s");

        await using var conn = new NpgsqlConnection(o.ConnectionString);
        await conn.OpenAsync();
        await ExecAsync(conn, """
            CREATE TABLE IF NOT EXISTS "__bench_generation" ("Id" int PRIMARY KEY, "Target" bigint NOT NULL, "ChunkSize" int NOT NULL,
                "Seed" int NOT NULL, "ChunksDone" int NOT NULL, "StartedAt" timestamptz NOT NULL, "FinishedAt" timestamptz,
                "LoadSeconds" double precision NOT NULL DEFAULT 0, "IndexSeconds" double precision, "AnalyzeSeconds" double precision,
                "Today" date NOT NULL);
            CREATE TABLE IF NOT EXISTS "__bench_saved_indexes" ("Name" text PRIMARY KEY, "Table" text NOT NULL, "Definition" text NOT NULL);
            """);
        var state = await ReadStateAsync(conn);
        if (state is null)
        {
            _today = DateOnly.FromDateTime(DateTime.UtcNow + VietnamOffset);
            await ExecAsync(conn, $"""
                INSERT INTO "__bench_generation" ("Id", "Target", "ChunkSize", "Seed", "ChunksDone", "StartedAt", "Today")
                VALUES (1, {o.Documents}, {o.ChunkSize}, {o.Seed}, 0, now(), '{_today:yyyy-MM-dd}')
                """);
            state = (o.Documents, o.ChunkSize, o.Seed, 0, _today, false);
        }
        else if (state.Value.Target != o.Documents || state.Value.ChunkSize != o.ChunkSize || state.Value.Seed != o.Seed)
        {
            Console.Error.WriteLine($"This database was generated with --documents {state.Value.Target} --chunk {state.Value.ChunkSize} --seed {state.Value.Seed}; " +
                "run again with those, or with --reset to start over.");
            return 2;
        }
        _today = state.Value.Today;
        var chunks = (int)((o.Documents + o.ChunkSize - 1) / o.ChunkSize);
        await LoadModelAsync(conn);

        if (state.Value.ChunksDone < chunks)
        {
            Console.WriteLine($"Loading documents: chunk {state.Value.ChunksDone + 1} to {chunks} of {o.ChunkSize:N0} (today = {_today:yyyy-MM-dd})");
            await DropIndexesAsync(conn);
            phase.Restart();
            await LoadChunksAsync(conn, state.Value.ChunksDone, chunks);
            Console.WriteLine($"Loaded in {phase.Elapsed.TotalSeconds:0.0} s");
        }
        else if (state.Value.Finished)
        {
            Console.WriteLine($"Already generated: {o.Documents:N0} documents (nothing to load).");
        }
        phase.Restart();
        var rebuilt = await RestoreIndexesAsync(conn);
        var indexSeconds = phase.Elapsed.TotalSeconds;
        if (rebuilt > 0) Console.WriteLine($"Rebuilt {rebuilt} indexes in {indexSeconds:0.0} s");
        phase.Restart();
        await CheckIntegrityAsync(conn);
        foreach (var t in BulkTables.Append("IncomingRegisters"))
            await ExecAsync(conn, $"VACUUM (ANALYZE) \"{t}\"", timeout: 0);
        var analyzeSeconds = phase.Elapsed.TotalSeconds;
        Console.WriteLine($"Integrity check, VACUUM and ANALYZE: {analyzeSeconds:0.0} s");
        if (!state.Value.Finished || rebuilt > 0)
            await ExecAsync(conn, $"""
                UPDATE "__bench_generation" SET "FinishedAt" = now(), "IndexSeconds" = COALESCE("IndexSeconds", 0) + {indexSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)},
                    "AnalyzeSeconds" = {analyzeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} WHERE "Id" = 1
                """);
        Console.WriteLine($"Generation finished in {total.Elapsed.TotalSeconds:0.0} s (this run).");
        await Stats.PrintAsync(conn);
        return 0;
    }

    private static async Task<(long Target, int ChunkSize, int Seed, int ChunksDone, DateOnly Today, bool Finished)?> ReadStateAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand("""SELECT "Target", "ChunkSize", "Seed", "ChunksDone", "Today", "FinishedAt" IS NOT NULL FROM "__bench_generation" WHERE "Id" = 1""", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        if (!await r.ReadAsync()) return null;
        return (r.GetInt64(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetFieldValue<DateOnly>(4), r.GetBoolean(5));
    }

    /// <summary>
    /// The 93 organs the demo leaves empty get four departments, a head, a clerk, department heads and officers, created
    /// through the app's UserManager (no password: these accounts only own data). Organs that have departments are skipped.
    /// </summary>
    private static async Task EnsureStaffAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var taken = (await db.Users.Select(u => u.UserName!).ToListAsync()).ToHashSet();
        var withDepts = (await db.Departments.Select(d => d.OrganizationId).Distinct().ToListAsync()).ToHashSet();
        var orgs = await db.Organizations.OrderBy(x => x.Code).ToListAsync();
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        var created = 0;
        (string Code, string Name)[] depts = [("VP", "Văn phòng"), ("TC", "Ban Tổ chức"), ("CSPL", "Ban Chính sách – Pháp luật"), ("TGNC", "Ban Tuyên giáo – Nữ công")];
        foreach (var org in orgs.Where(x => !withDepts.Contains(x.Id)))
        {
            var members = new List<(Role Role, Guid? Dept)> { (Role.Head, null), (Role.Clerk, null) };
            foreach (var (code, name) in depts)
            {
                var d = new Department(org.Id, code, name);
                db.Departments.Add(d);
                members.Add((Role.DepartmentHead, d.Id));
                members.Add((Role.Officer, d.Id));
                members.Add((Role.Officer, d.Id));
            }
            await db.SaveChangesAsync();
            foreach (var (role, dept) in members)
            {
                var fullName = Corpus.PersonName(random);
                var userName = UserNameProposer.Propose(fullName, org.UserNameSuffix, taken.Contains);
                taken.Add(userName);
                var user = new AppUser { Id = Guid.NewGuid(), UserName = userName, HomeOrganizationId = org.Id, IssuedAt = now, JobTitle = Roles.Vietnamese(role) };
                user.SetFullName(fullName);
                var result = await users.CreateAsync(user);
                if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
                db.RoleAssignments.Add(new RoleAssignment(user.Id, org.Id, role, dept));
                created++;
            }
            await db.SaveChangesAsync();
        }
        if (created > 0) Console.WriteLine($"Created {created} staff accounts in {orgs.Count - withDepts.Count} organs.");
    }

    private async Task LoadModelAsync(NpgsqlConnection conn)
    {
        var orgs = new Dictionary<Guid, Org>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Id", "Code", "Name", "Kind" FROM "Organizations" ORDER BY "Code" """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) orgs[r.GetGuid(0)] = new Org(r.GetGuid(0), r.GetString(1), r.GetString(2), (OrganizationKind)r.GetInt32(3));
        var depts = new Dictionary<Guid, Dept>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Id", "OrganizationId", "Code", "Name" FROM "Departments" ORDER BY "OrganizationId", "Code" """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                var d = new Dept(r.GetGuid(0), r.GetString(2), r.GetString(3));
                depts[d.Id] = d;
                orgs[r.GetGuid(1)].Depts.Add(d);
            }
        await using (var cmd = new NpgsqlCommand("""
            SELECT ra."UserId", ra."OrganizationId", ra."Role", ra."DepartmentId", u."UserName" FROM "RoleAssignments" ra
            JOIN "AspNetUsers" u ON u."Id" = ra."UserId" ORDER BY u."UserName"
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                var user = r.GetGuid(0);
                var org = orgs[r.GetGuid(1)];
                var dept = r.IsDBNull(3) ? null : depts[r.GetGuid(3)];
                switch ((Role)r.GetInt32(2))
                {
                    case Role.Head: org.Head = user; break;
                    case Role.Clerk: org.Clerk = user; break;
                    case Role.DepartmentHead when dept is not null: dept.Head = user; break;
                    case Role.Officer when dept is not null:
                        dept.Officers.Add(user);
                        org.Officers.Add(user);
                        break;
                }
                if (r.GetString(4) == "nvan.ldld") _nvan = user;
            }
        _orgs = orgs.Values.Where(x => x.Clerk != Guid.Empty && x.Head != Guid.Empty && x.Depts.Count > 0 && x.Depts.All(d => d.Head != Guid.Empty && d.Officers.Count > 0))
            .OrderBy(x => x.Code, StringComparer.Ordinal).ToList();
        if (_nvan == Guid.Empty) throw new InvalidOperationException("Demo account nvan.ldld is missing.");
        _nghean = _orgs.Single(x => x.Code == "I02.36");
        _nvanDept = _nghean.Depts.Single(d => d.Officers.Contains(_nvan));
        Console.WriteLine($"{_orgs.Count} organs with staff; {depts.Count} departments.");

        // Registers of 2022 … this year for every organ (created as the app does on the first registration of a year).
        for (var y = FirstYear; y <= _today.Year; y++)
            await ExecAsync(conn, $"""
                INSERT INTO "IncomingRegisters" ("Id", "OrganizationId", "Year", "Name", "LastNumber")
                SELECT gen_random_uuid(), o."Id", {y}, 'Sổ đăng ký văn bản đến năm {y}', 0 FROM "Organizations" o
                ON CONFLICT ("OrganizationId", "Year") DO NOTHING
                """);
        await using (var cmd = new NpgsqlCommand("""SELECT "OrganizationId", "Year", "Id", "LastNumber" FROM "IncomingRegisters" """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                if (orgs.TryGetValue(r.GetGuid(0), out var org)) org.Registers[r.GetInt32(1)] = (r.GetGuid(2), r.GetInt64(3));

        var sum = 0.0;
        _cumulative = _orgs.Select(x => sum += x.Weight).ToArray();
        // Working days from the first week of 2022 to yesterday: documents arrive in office hours.
        _days = [];
        for (var d = new DateOnly(FirstYear, 1, 4); d < _today; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) _days.Add(d);
    }

    private async Task DropIndexesAsync(NpgsqlConnection conn)
    {
        // Secondary indexes (not those of primary keys) are dropped while loading and rebuilt after: much faster than
        // maintaining a GIN and a dozen b-trees row by row. Their definitions are kept in the database first, so a run
        // that stops here rebuilds them next time.
        var tables = string.Join(", ", BulkTables.Select(t => $"'{t}'"));
        await ExecAsync(conn, $"""
            INSERT INTO "__bench_saved_indexes" ("Name", "Table", "Definition")
            SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename IN ({tables})
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ON CONFLICT ("Name") DO NOTHING
            """);
        var names = new List<string>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT s."Name" FROM "__bench_saved_indexes" s JOIN pg_indexes i ON i.indexname = s."Name" AND i.schemaname = 'public'
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) names.Add(r.GetString(0));
        foreach (var n in names) await ExecAsync(conn, $"DROP INDEX \"{n}\"");
        if (names.Count > 0) Console.WriteLine($"Dropped {names.Count} secondary indexes for the load.");
    }

    private static async Task<int> RestoreIndexesAsync(NpgsqlConnection conn)
    {
        var defs = new List<(string Name, string Def)>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Name", "Definition" FROM "__bench_saved_indexes" ORDER BY "Table", "Name" """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) defs.Add((r.GetString(0), r.GetString(1)));
        if (defs.Count == 0) return 0;
        await ExecAsync(conn, "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 1");
        foreach (var (name, def) in defs)
        {
            var sw = Stopwatch.StartNew();
            await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_indexes WHERE schemaname = 'public' AND indexname = @n", conn))
            {
                exists.Parameters.AddWithValue("n", name);
                if (await exists.ExecuteScalarAsync() is null) await ExecAsync(conn, def, timeout: 0);
            }
            await using (var del = new NpgsqlCommand("""DELETE FROM "__bench_saved_indexes" WHERE "Name" = @n""", conn))
            {
                del.Parameters.AddWithValue("n", name);
                await del.ExecuteNonQueryAsync();
            }
            Console.WriteLine($"  {name}: {sw.Elapsed.TotalSeconds:0.0} s");
        }
        await ExecAsync(conn, "RESET maintenance_work_mem; RESET max_parallel_maintenance_workers");
        return defs.Count;
    }

    /// <summary>Foreign keys were not checked row by row during the load (replica mode); the same rules checked in bulk.</summary>
    private static async Task CheckIntegrityAsync(NpgsqlConnection conn)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM "IncomingAssignments" a WHERE NOT EXISTS (SELECT 1 FROM "IncomingDocuments" d WHERE d."Id" = a."DocumentId"))
                 + (SELECT count(*) FROM "IncomingTrail" t WHERE NOT EXISTS (SELECT 1 FROM "IncomingDocuments" d WHERE d."Id" = t."DocumentId"))
                 + (SELECT count(*) FROM "SearchEntries" s WHERE s."OwnerType" = 'incoming' AND NOT EXISTS (SELECT 1 FROM "IncomingDocuments" d WHERE d."Id" = s."OwnerId"))
                 + (SELECT count(*) FROM "IncomingDocuments" d WHERE NOT EXISTS (SELECT 1 FROM "IncomingRegisters" r WHERE r."Id" = d."RegisterId" AND r."OrganizationId" = d."OrganizationId"))
                 + (SELECT count(*) FROM "IncomingAssignments" a WHERE a."UserId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u."Id" = a."UserId"))
                 + (SELECT count(*) FROM "IncomingAssignments" a WHERE a."DepartmentId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Departments" x WHERE x."Id" = a."DepartmentId"))
                 + (SELECT count(*) FROM "IncomingRegisters" r WHERE r."LastNumber" <> COALESCE((SELECT max(d."ArrivalNumber") FROM "IncomingDocuments" d WHERE d."RegisterId" = r."Id"), 0))
                 + (SELECT count(*) FROM (SELECT "RegisterId" FROM "IncomingDocuments" GROUP BY "RegisterId" HAVING count(*) <> max("ArrivalNumber")) gaps)
            """;
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        var problems = (long)(await cmd.ExecuteScalarAsync())!;
        if (problems != 0) throw new InvalidOperationException($"Integrity check found {problems} broken references or numbering gaps.");
        Console.WriteLine("Integrity: every reference resolves; arrival numbers are continuous per register.");
    }

    private async Task LoadChunksAsync(NpgsqlConnection conn, int from, int to)
    {
        var sw = Stopwatch.StartNew();
        long loaded = 0;
        var next = Task.Run(() => Make(from));
        for (var k = from; k < to; k++)
        {
            var chunk = await next;
            next = k + 1 < to ? Task.Run(() => Make(k + 1)) : Task.FromResult(new Chunk());
            await using (var tx = await conn.BeginTransactionAsync())
            {
                await ExecAsync(conn, "SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off");
                await CopyAsync(conn, "IncomingDocuments", DocColumns, chunk.Docs);
                await CopyAsync(conn, "IncomingAssignments", AssignmentColumns, chunk.Assignments);
                await CopyAsync(conn, "IncomingTrail", TrailColumns, chunk.Trail);
                await CopyAsync(conn, "SearchEntries", SearchColumns, chunk.Search);
                // The registers' last numbers, as the registering transaction leaves them.
                await using (var update = new NpgsqlCommand("""
                    UPDATE "IncomingRegisters" r SET "LastNumber" = m.n FROM unnest(@ids, @numbers) AS m(id, n)
                    WHERE m.id = r."Id" AND r."LastNumber" <> m.n
                    """, conn))
                {
                    update.Parameters.AddWithValue("ids", chunk.LastNumbers.Keys.ToArray());
                    update.Parameters.AddWithValue("numbers", chunk.LastNumbers.Values.ToArray());
                    await update.ExecuteNonQueryAsync();
                }
                await ExecAsync(conn, $"""UPDATE "__bench_generation" SET "ChunksDone" = {k + 1}, "LoadSeconds" = "LoadSeconds" + {sw.Elapsed.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} WHERE "Id" = 1""");
                await tx.CommitAsync();
            }
            loaded += chunk.Docs.Count;
            Console.WriteLine($"  chunk {k + 1}/{to}: {loaded:N0} documents, {chunk.Assignments.Count:N0} assignments in this chunk, {loaded / sw.Elapsed.TotalSeconds:N0} documents/s");
            sw.Restart();
            loaded = 0;
        }
        await next;
    }

    private static readonly (string Name, NpgsqlDbType Type)[] DocColumns =
    [
        ("Id", NpgsqlDbType.Uuid), ("Version", NpgsqlDbType.Integer), ("OrganizationId", NpgsqlDbType.Uuid), ("RegisterId", NpgsqlDbType.Uuid),
        ("ArrivalNumber", NpgsqlDbType.Bigint), ("ArrivalDate", NpgsqlDbType.Date), ("RegisteredAt", NpgsqlDbType.TimestampTz),
        ("RegisteredByUserId", NpgsqlDbType.Uuid), ("RegisteredOnBehalfOfUserId", NpgsqlDbType.Uuid), ("IssuerName", NpgsqlDbType.Varchar),
        ("IssuerCode", NpgsqlDbType.Varchar), ("CodeNumber", NpgsqlDbType.Varchar), ("CodeNotation", NpgsqlDbType.Varchar), ("IssuedDate", NpgsqlDbType.Date),
        ("TypeName", NpgsqlDbType.Varchar), ("Subject", NpgsqlDbType.Varchar), ("Language", NpgsqlDbType.Varchar), ("PageAmount", NpgsqlDbType.Integer),
        ("Description", NpgsqlDbType.Varchar), ("SignerPosition", NpgsqlDbType.Varchar), ("SignerName", NpgsqlDbType.Varchar), ("Urgency", NpgsqlDbType.Integer),
        ("ToPlaces", NpgsqlDbType.Varchar), ("DueDate", NpgsqlDbType.Date), ("Status", NpgsqlDbType.Integer), ("PresentedAt", NpgsqlDbType.TimestampTz),
        ("PresentedToUserId", NpgsqlDbType.Uuid), ("Direction", NpgsqlDbType.Varchar), ("DirectedAt", NpgsqlDbType.TimestampTz),
        ("DirectedByUserId", NpgsqlDbType.Uuid), ("DoneAt", NpgsqlDbType.TimestampTz), ("SearchKey", NpgsqlDbType.Varchar), ("DuplicateKey", NpgsqlDbType.Varchar),
    ];

    private static readonly (string Name, NpgsqlDbType Type)[] AssignmentColumns =
    [
        ("Id", NpgsqlDbType.Uuid), ("Version", NpgsqlDbType.Integer), ("DocumentId", NpgsqlDbType.Uuid), ("Kind", NpgsqlDbType.Integer),
        ("DepartmentId", NpgsqlDbType.Uuid), ("UserId", NpgsqlDbType.Uuid), ("Deadline", NpgsqlDbType.Date), ("AssignedByUserId", NpgsqlDbType.Uuid),
        ("AssignedOnBehalfOfUserId", NpgsqlDbType.Uuid), ("ParentAssignmentId", NpgsqlDbType.Uuid), ("Status", NpgsqlDbType.Integer),
        ("Opinion", NpgsqlDbType.Varchar), ("ReturnReason", NpgsqlDbType.Varchar), ("CreatedAt", NpgsqlDbType.TimestampTz), ("CompletedAt", NpgsqlDbType.TimestampTz),
    ];

    private static readonly (string Name, NpgsqlDbType Type)[] TrailColumns =
    [
        ("Id", NpgsqlDbType.Uuid), ("DocumentId", NpgsqlDbType.Uuid), ("At", NpgsqlDbType.TimestampTz), ("ActorUserId", NpgsqlDbType.Uuid),
        ("OnBehalfOfUserId", NpgsqlDbType.Uuid), ("Action", NpgsqlDbType.Varchar), ("Text", NpgsqlDbType.Varchar),
    ];

    private static readonly (string Name, NpgsqlDbType Type)[] SearchColumns =
    [
        ("OwnerType", NpgsqlDbType.Varchar), ("OwnerId", NpgsqlDbType.Uuid), ("OrganizationId", NpgsqlDbType.Uuid), ("Text", NpgsqlDbType.Text),
        ("UpdatedAt", NpgsqlDbType.TimestampTz),
    ];

    private static async Task CopyAsync(NpgsqlConnection conn, string table, (string Name, NpgsqlDbType Type)[] columns, List<object?[]> rows)
    {
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var w = await conn.BeginBinaryImportAsync(sql);
        w.Timeout = TimeSpan.FromHours(1);
        foreach (var row in rows)
        {
            await w.StartRowAsync();
            for (var i = 0; i < columns.Length; i++)
            {
                if (row[i] is null) await w.WriteNullAsync();
                else await w.WriteAsync(row[i], columns[i].Type);
            }
        }
        await w.CompleteAsync();
    }

    private static DateTime Utc(DateOnly day, double hoursLocal) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue).AddHours(hoursLocal) - VietnamOffset, DateTimeKind.Utc);

    private static Guid NewId(Random r)
    {
        Span<byte> b = stackalloc byte[16];
        r.NextBytes(b);
        b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4, as Guid.NewGuid() (little-endian field layout)
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }

    private Org PickOrg(Random r)
    {
        var x = r.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        return _orgs[i < 0 ? ~i : i];
    }

    private static IncomingStatus StatusFor(Random r, int age)
    {
        var x = r.Next(1000);
        IncomingStatus Of(params (int Upto, IncomingStatus S)[] table) => table.First(t => x < t.Upto).S;
        return age switch
        {
            <= 3 => Of((250, IncomingStatus.Registered), (450, IncomingStatus.Presented), (800, IncomingStatus.Assigned), (950, IncomingStatus.InProgress), (1000, IncomingStatus.Done)),
            <= 14 => Of((30, IncomingStatus.Registered), (80, IncomingStatus.Presented), (380, IncomingStatus.Assigned), (730, IncomingStatus.InProgress), (1000, IncomingStatus.Done)),
            <= 60 => Of((50, IncomingStatus.Assigned), (200, IncomingStatus.InProgress), (1000, IncomingStatus.Done)),
            _ => Of((3, IncomingStatus.InProgress), (1000, IncomingStatus.Done)),
        };
    }

    private Chunk Make(int k)
    {
        var corpus = _corpus;
        var r = new Random(HashCode.Combine(o.Seed, k, 0x5eed));
        var chunk = new Chunk();
        var start = (long)k * o.ChunkSize;
        var end = Math.Min(o.Documents, start + o.ChunkSize);
        for (var i = start; i < end; i++) MakeDocument(r, corpus, i, chunk);
        foreach (var org in _orgs)
            foreach (var (_, reg) in org.Registers) chunk.LastNumbers[reg.Id] = reg.Last;
        return chunk;
    }

    private void MakeDocument(Random r, Corpus corpus, long i, Chunk chunk)
    {
        // Place the document in time: evenly over the working days, in order, so numbers and dates rise together.
        var pos = (i + 0.5) / o.Documents * _days.Count;
        var day = _days[(int)pos];
        var registeredAt = Utc(day, 7.5 + (pos - Math.Floor(pos)) * 9.5);
        var org = PickOrg(r);
        var reg = org.Registers[day.Year];
        var number = reg.Last + 1;
        org.Registers[day.Year] = (reg.Id, number);
        var age = _today.DayNumber - day.DayNumber;

        var (typeName, typeAbbr) = Corpus.Type(r);
        string issuerName, issuerAbbr;
        string? issuerCode;
        if (r.Next(100) < 45)
        {
            // From within the union system: mostly the Confederation to the others, the others to the Confederation.
            var from = org.Code == "I02" ? _orgs[r.Next(_orgs.Count)] : r.Next(100) < 70 ? _orgs[0] : _orgs[r.Next(_orgs.Count)];
            if (from == org) from = _orgs[0] == org ? _orgs[1] : _orgs[0];
            (issuerName, issuerCode, issuerAbbr) = (from.Name, from.Code.ToUpperInvariant(), from.Abbr);
        }
        else
        {
            (issuerName, issuerAbbr) = Corpus.ExternalIssuer(r);
            issuerCode = r.Next(100) < 50 ? $"H{r.Next(10, 65)}.{r.Next(1, 99):00}" : null;
        }
        var codeNumber = r.Next(1, 3000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var unit = Corpus.Pick(r, ["VP", "TC", "CSPL", "TG", "NC", "TCKT", "KT", "VX", "TH"]);
        var codeNotation = typeAbbr.Length == 0 ? $"{issuerAbbr}-{unit}" : $"{typeAbbr}-{issuerAbbr}";
        if (codeNotation.Length > 30) codeNotation = codeNotation[..30];
        var issued = day.AddDays(-r.Next(0, 8));
        var subject = corpus.Subject(r, typeName, day.Year);
        var signerPosition = Corpus.Position(r);
        var signerName = Corpus.PersonName(r);
        var toPlaces = r.Next(100) < 50 ? Corpus.ToPlace(r) : null;
        var urgencyRoll = r.Next(100);
        var urgency = urgencyRoll < 85 ? Urgency.Normal : urgencyRoll < 95 ? Urgency.Urgent : urgencyRoll < 99 ? Urgency.VeryUrgent : Urgency.Immediate;
        DateOnly? due = r.Next(100) < 35 ? day.AddDays(r.Next(5, 31)) : null;
        var status = StatusFor(r, age);
        var id = NewId(r);

        DateTime? presentedAt = null, directedAt = null, doneAt = null;
        Guid? presentedTo = null, directedBy = null;
        string? direction = null;
        if (status >= IncomingStatus.Presented)
        {
            presentedAt = registeredAt.AddHours(r.Next(1, 5));
            presentedTo = org.Head;
        }
        if (status >= IncomingStatus.Assigned)
        {
            directedAt = presentedAt!.Value.AddHours(r.Next(2, 30));
            directedBy = org.Head;
        }
        if (status == IncomingStatus.Done) doneAt = directedAt!.Value.AddDays(r.Next(1, 15)).AddHours(r.Next(0, 8));
        if (doneAt > DateTime.UtcNow) doneAt = DateTime.UtcNow.AddHours(-1);

        if (status >= IncomingStatus.Assigned)
            direction = MakeAssignments(r, chunk, org, id, status, directedAt!.Value, doneAt, due);

        var searchKey = VietnameseText.Fold($"{issuerName} {codeNumber}/{codeNotation} {typeName} {subject} {signerName}");
        if (searchKey.Length > 1200) searchKey = searchKey[..1200];
        var duplicateKey = IncomingDocument.DuplicateKeyOf(issuerCode ?? issuerName, codeNumber, codeNotation);
        chunk.Docs.Add([
            id, 0, org.Id, reg.Id, number, day, registeredAt, org.Clerk, null, issuerName, issuerCode, codeNumber, codeNotation, issued,
            typeName, subject, "Tiếng Việt", r.Next(1, 13), null, signerPosition, signerName, (int)urgency, toPlaces, due, (int)status,
            presentedAt, presentedTo, direction, directedAt, directedBy, doneAt, searchKey, duplicateKey,
        ]);
        chunk.Trail.Add([NewId(r), id, registeredAt, org.Clerk, null, "registered", $"Số đến {number}"]);
        if (directedAt is { } da) chunk.Trail.Add([NewId(r), id, da, org.Head, null, "directed", direction]);

        // Metadata as SearchIndex keeps it, plus the text of the main file for three documents in four.
        var metadata = $"{issuerName} {issuerCode} {codeNumber}/{codeNotation} {typeName} {subject} {signerPosition} {signerName} {toPlaces} ";
        var text = r.Next(100) < 75 ? metadata + " " + corpus.Body(r, r.Next(100, 300)) : metadata;
        chunk.Search.Add([SearchIndex.Incoming, id, org.Id, SearchText.Normalize(text), registeredAt]);
    }

    /// <summary>The head's direction: one lead (a department, forwarded to one of its officers, or an officer), co-handlers, readers.</summary>
    private string MakeAssignments(Random r, Chunk chunk, Org org, Guid docId, IncomingStatus status, DateTime directedAt, DateTime? doneAt, DateOnly? due)
    {
        var directedDay = DateOnly.FromDateTime(directedAt + VietnamOffset);
        DateOnly deadline = due ?? directedDay.AddDays(r.Next(7, 21));
        var used = new HashSet<Guid>();

        AssignmentStatus OpenOr(AssignmentStatus open) => status == IncomingStatus.Done ? AssignmentStatus.Done : open;
        DateTime? Completed(AssignmentStatus s) => s == AssignmentStatus.Done ? doneAt ?? directedAt.AddDays(2) : null;
        Guid Add(AssignmentKind kind, Guid? dept, Guid? user, AssignmentStatus s, Guid by, Guid? parent, DateTime at, string? opinion = null)
        {
            var aid = NewId(r);
            chunk.Assignments.Add([aid, 0, docId, (int)kind, dept, user, kind == AssignmentKind.ForInformation ? null : deadline, by, null, parent,
                (int)s, s == AssignmentStatus.Done && kind != AssignmentKind.ForInformation ? opinion ?? "Đã tham mưu xử lý xong." : opinion, null, at,
                kind == AssignmentKind.ForInformation ? null : Completed(s)]);
            return aid;
        }

        // Nghệ An's officer Nguyễn Văn An (the demo account) is in about one of twelve of the organ's directions (a few
        // thousand over the years); the random picks below leave him out, as if the organ had more staff than the demo's.
        var nvanRole = org == _nghean && r.Next(1000) < 80 ? r.Next(100) : -1;
        Guid Officer(List<Guid> pool)
        {
            var pick = pool[r.Next(pool.Count)];
            return pick == _nvan && pool.Count > 1 ? pool.First(x => x != _nvan) : pick;
        }
        Dept leadDept;
        string leadText;
        if (nvanRole is >= 0 and < 40)
        {
            leadDept = _nvanDept;
            LeadByDepartment(_nvan);
            leadText = $"Giao {leadDept.Name} chủ trì, tham mưu xử lý";
        }
        else if (nvanRole is >= 40 and < 65)
        {
            leadDept = _nvanDept;
            Add(AssignmentKind.Lead, null, _nvan, OpenOr(status == IncomingStatus.Assigned ? AssignmentStatus.Open : AssignmentStatus.InProgress), org.Head, null, directedAt);
            used.Add(_nvan);
            leadText = "Giao đồng chí Nguyễn Văn An chủ trì, tham mưu xử lý";
        }
        else
        {
            leadDept = org.Depts[r.Next(org.Depts.Count)];
            if (r.Next(100) < 60)
            {
                var officer = Officer(leadDept.Officers);
                LeadByDepartment(officer);
                leadText = $"Giao {leadDept.Name} chủ trì, tham mưu xử lý";
            }
            else
            {
                var officer = Officer(org.Officers);
                Add(AssignmentKind.Lead, null, officer, OpenOr(status == IncomingStatus.Assigned ? AssignmentStatus.Open : AssignmentStatus.InProgress), org.Head, null, directedAt);
                used.Add(officer);
                leadText = "Giao chuyên viên chủ trì, tham mưu xử lý";
            }
        }
        used.Add(leadDept.Id);

        var co = new List<string>();
        var coCount = r.Next(100) switch { < 60 => 0, < 90 => 1, _ => 2 };
        if (nvanRole is >= 65 and < 80 && used.Add(_nvan))
            Add(AssignmentKind.CoHandler, null, _nvan, OpenOr(status == IncomingStatus.Assigned ? AssignmentStatus.Open : Corpus.Pick(r, [AssignmentStatus.Open, AssignmentStatus.InProgress, AssignmentStatus.Done])), org.Head, null, directedAt);
        for (var c = 0; c < coCount; c++)
        {
            var d = org.Depts[r.Next(org.Depts.Count)];
            if (!used.Add(d.Id)) continue;
            co.Add(d.Name);
            var s = OpenOr(status == IncomingStatus.Assigned ? AssignmentStatus.Open : Corpus.Pick(r, [AssignmentStatus.Open, AssignmentStatus.InProgress, AssignmentStatus.Done]));
            Add(AssignmentKind.CoHandler, d.Id, null, s, org.Head, null, directedAt, s == AssignmentStatus.Done ? "Đã phối hợp." : null);
        }
        var readers = r.Next(100) switch { < 50 => 0, < 85 => 1, _ => 2 };
        if (nvanRole >= 80 && used.Add(_nvan)) Add(AssignmentKind.ForInformation, null, _nvan, AssignmentStatus.Done, org.Head, null, directedAt);
        for (var c = 0; c < readers; c++)
        {
            var u = Officer(org.Officers);
            if (used.Add(u)) Add(AssignmentKind.ForInformation, null, u, AssignmentStatus.Done, org.Head, null, directedAt);
        }
        return co.Count == 0 ? $"{leadText}." : $"{leadText}; {string.Join(", ", co)} phối hợp thực hiện.";

        void LeadByDepartment(Guid officer)
        {
            // Forwarded by the department head to an officer once handling started (always for work in progress or done).
            var forwarded = status != IncomingStatus.Assigned || r.Next(100) < 50;
            var parentStatus = OpenOr(forwarded ? AssignmentStatus.InProgress : AssignmentStatus.Open);
            var parent = Add(AssignmentKind.Lead, leadDept.Id, null, parentStatus, org.Head, null, directedAt);
            if (!forwarded) return;
            var childStatus = OpenOr(status == IncomingStatus.Assigned ? AssignmentStatus.Open : Corpus.Pick(r, [AssignmentStatus.Open, AssignmentStatus.InProgress]));
            Add(AssignmentKind.Lead, null, officer, childStatus, leadDept.Head, parent, directedAt.AddHours(r.Next(1, 24)));
            used.Add(officer);
        }
    }

    internal static async Task ExecAsync(NpgsqlConnection conn, string sql, int timeout = 600)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = timeout };
        await cmd.ExecuteNonQueryAsync();
    }
}
