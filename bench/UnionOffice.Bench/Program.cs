using System.Globalization;
using Npgsql;
using UnionOffice.Bench;

// Benchmarks of the incoming-documents module on PostgreSQL (see docs/benchmarks.md).
//   generate --cs <connection string> --documents 2000000 [--password P] [--seeds DIR] [--chunk 25000] [--seed 2020] [--reset]
//   run      --cs <connection string> [--password P] [--requests 1000] [--search-requests 600] [--register-seconds 30] [--register-warmup-seconds 20] [--clients 8 | 4,8,16] [--only inbox,raw,search,register] [--search-once] [--explain user:query] [--two-requests]
//   generate-work --cs <connection string> [--tasks 2000000] [--diary 10000000]   (after generate: tasks and diary entries, issue 18)
//   generate-dossiers --cs <connection string> [--documents 2000000] [--per-dossier 20]   (after generate: work dossiers and the archive, issue 17)
//   stats    --cs <connection string>
//   failover-load --url <load balancer> --cs <connection string> --stop-file F [--events F] [--log F] [--clients 4]   (the clerks of deploy/ha-drill.sh)
const string DefaultPassword = "Bench@Union2026!";
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        UnionOffice.Bench generate --cs "Host=127.0.0.1;Port=55432;Username=postgres;Database=uo_bench" --documents 2000000
        UnionOffice.Bench run      --cs "Host=127.0.0.1;Port=55432;Username=postgres;Database=uo_bench"
        UnionOffice.Bench generate-work --cs "..." --tasks 2000000 --diary 10000000
        UnionOffice.Bench run      --cs "..." --only tasks --requests 500
        UnionOffice.Bench generate-dossiers --cs "..." --documents 2000000
        UnionOffice.Bench run      --cs "..." --only dossiers --requests 500
        UnionOffice.Bench run      --cs "..." --only statistics --requests 200   (on the data of generate --documents 2000000)
        UnionOffice.Bench run      --cs "..." --only pages --requests 200        (the work lists as pages, with a browser's session)
        UnionOffice.Bench stats    --cs "..."
        Options: --password (demo accounts' password, default Bench@Union2026!), --seeds DIR (shared/seeds), --chunk N, --seed N, --reset,
                 --requests N, --search-requests N, --register-seconds N, --register-warmup-seconds N (before the first phase, at least; then until the JIT has settled), --clients N, --only inbox,raw,search,register,
                 --two-requests (register, then attach the file, instead of one request with the file)
        """);
    return 0;
}
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument {args[i]}");
    var key = args[i][2..];
    options[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
}
string Opt(string key, string fallback) => options.GetValueOrDefault(key, fallback);
int Int(string key, int fallback) => int.Parse(Opt(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var cs = options.TryGetValue("cs", out var given) ? given : throw new ArgumentException("--cs <PostgreSQL connection string> is required.");
var password = Opt("password", DefaultPassword);

switch (args[0])
{
    case "generate":
        return await new Generator(new GenerateOptions(cs, long.Parse(Opt("documents", "2000000"), CultureInfo.InvariantCulture), password,
            Corpus.SeedsDirectory(options.GetValueOrDefault("seeds")), options.ContainsKey("reset"), Int("chunk", 25_000), Int("seed", 2020))).RunAsync();
    case "run":
        return await new Runner(new RunOptions(cs, password, Int("requests", 1000), Int("search-requests", 600), Int("register-seconds", 30),
            Opt("clients", "8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(), Opt("only", "inbox,raw,search,register").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            options.GetValueOrDefault("explain") is { } explain ? explain : null, options.ContainsKey("search-once"), options.ContainsKey("two-requests"),
            Int("register-warmup-seconds", 20))).RunAsync();
    case "failover-load":
        return await FailoverLoad.RunAsync(Opt("url", "http://127.0.0.1:8088/"), cs, password, Int("clients", 4), Opt("stop-file", "stop"), Opt("events", "events"), Opt("log", "attempts.jsonl"));
    case "generate-work":
        return await WorkGenerator.RunAsync(cs, long.Parse(Opt("tasks", "2000000"), CultureInfo.InvariantCulture), long.Parse(Opt("diary", "10000000"), CultureInfo.InvariantCulture));
    case "generate-dossiers":
        return await DossierGenerator.RunAsync(cs, password, long.Parse(Opt("documents", "2000000"), CultureInfo.InvariantCulture), Int("per-dossier", 20));
    case "stats":
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await Stats.PrintAsync(conn);
        }
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command {args[0]} (generate, run, stats).");
        return 1;
}
