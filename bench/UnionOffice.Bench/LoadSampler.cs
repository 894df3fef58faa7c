using System.Diagnostics;
using Npgsql;

namespace UnionOffice.Bench;

/// <summary>
/// Where the time goes while a phase runs: the machine's CPU (from /proc/stat), this process's CPU (the app and the
/// clients), and what PostgreSQL's backends of the database are doing, sampled every 20 ms from pg_stat_activity
/// (running on CPU, waiting for a lock, for the WAL flush, or idle in a transaction the app holds open).
/// </summary>
public sealed class LoadSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, long> _events = [];
    private long _samples;
    private readonly (long Busy, long Total) _cpu0 = ReadCpu();
    private readonly TimeSpan _proc0 = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _t0 = Stopwatch.GetTimestamp();

    public LoadSampler(string connectionString) => _loop = Task.Run(() => LoopAsync(connectionString));

    private async Task LoopAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT COALESCE(wait_event_type || ':' || wait_event, CASE WHEN state = 'active' THEN 'running (CPU)' ELSE state END)
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
            """, conn);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await using (var r = await cmd.ExecuteReaderAsync(_stop.Token))
                    while (await r.ReadAsync(_stop.Token))
                    {
                        var key = r.GetString(0);
                        _events[key] = _events.GetValueOrDefault(key) + 1;
                    }
                _samples++;
                await Task.Delay(20, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (long Busy, long Total) ReadCpu()
    {
        try
        {
            var parts = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var idle = parts[3] + parts[4];
            var total = parts.Take(8).Sum();
            return (total - idle, total);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var wall = Stopwatch.GetElapsedTime(_t0).TotalSeconds;
        var cpu1 = ReadCpu();
        var machine = cpu1.Total == _cpu0.Total ? 0 : 100.0 * (cpu1.Busy - _cpu0.Busy) / (cpu1.Total - _cpu0.Total);
        var proc = (Process.GetCurrentProcess().TotalProcessorTime - _proc0).TotalSeconds / wall / Environment.ProcessorCount * 100;
        var backends = _events.Values.Sum();
        var top = string.Join(", ", _events.OrderByDescending(e => e.Value).Take(6)
            .Select(e => FormattableString.Invariant($"{e.Key} {100.0 * e.Value / Math.Max(1, backends):0}%")));
        return FormattableString.Invariant(
            $"CPU: machine {machine:0}% busy of {Environment.ProcessorCount} cores; this process (app + clients) {proc:0}%, the rest (PostgreSQL, others) {Math.Max(0, machine - proc):0}%. ") +
            FormattableString.Invariant($"PostgreSQL backends busy on average: {(double)backends / Math.Max(1, _samples):0.0}; of their samples: {top}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
