using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace UnionOffice.Bench;

/// <summary>One SQL command as EF sent it: text and parameters (cloned), to replay it through Npgsql directly.</summary>
public sealed record CapturedCommand(string Text, IReadOnlyList<NpgsqlParameter> Parameters)
{
    public NpgsqlCommand Create(NpgsqlConnection conn, string? prefix = null)
    {
        var cmd = new NpgsqlCommand(prefix + Text, conn);
        foreach (var p in Parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }
}

/// <summary>What the bench host measured for one request: pipeline time, and the time and number of its SQL commands.</summary>
public sealed record ServerSample(double ServerMs, double DbMs, int Commands, IReadOnlyList<(string Text, double Ms)> PerCommand);

/// <summary>
/// Server-side measurement inside the bench host (no product code changed): a middleware placed first in the pipeline
/// times each request carrying X-Bench-Id, and an EF command interceptor adds up the SQL time of that request (and,
/// with X-Bench-Capture, keeps the commands themselves).
/// </summary>
public sealed class Probe : DbCommandInterceptor
{
    private sealed class State
    {
        public double DbMs;
        public int Commands;
        public List<CapturedCommand>? Capture;
        public List<(string Text, double Ms)> PerCommand { get; } = [];
    }

    private static readonly AsyncLocal<State?> Current = new();
    private readonly ConcurrentDictionary<long, ServerSample> _samples = new();
    private readonly ConcurrentDictionary<long, List<CapturedCommand>> _captures = new();

    public ServerSample? Take(long id) => _samples.TryRemove(id, out var s) ? s : null;
    public List<CapturedCommand>? TakeCapture(long id) => _captures.TryRemove(id, out var c) ? c : null;

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        if (!long.TryParse(ctx.Request.Headers["X-Bench-Id"], out var id))
        {
            await next(ctx);
            return;
        }
        var state = new State { Capture = ctx.Request.Headers.ContainsKey("X-Bench-Capture") ? [] : null };
        Current.Value = state;
        var start = Stopwatch.GetTimestamp();
        await next(ctx);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        _samples[id] = new ServerSample(ms, state.DbMs, state.Commands, state.PerCommand);
        if (state.Capture is not null) _captures[id] = state.Capture;
    }

    private static void Record(DbCommand command, TimeSpan duration)
    {
        if (Current.Value is not { } s) return;
        lock (s)
        {
            s.DbMs += duration.TotalMilliseconds;
            s.Commands++;
            s.PerCommand.Add((command.CommandText, duration.TotalMilliseconds));
            s.Capture?.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
        }
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>Percentiles of a set of latencies (nearest rank).</summary>
public sealed class Latencies(string name)
{
    private readonly List<double> _ms = [];
    public string Name { get; } = name;
    public int Count => _ms.Count;

    public void Add(double ms)
    {
        lock (_ms) _ms.Add(ms);
    }

    public double P(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        var sorted = _ms.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Mean => _ms.Count == 0 ? double.NaN : _ms.Average();
    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();

    public static string Header => "| measure | n | p50 ms | p95 ms | p99 ms | mean ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |";
    public string Row => FormattableString.Invariant($"| {Name} | {Count} | {P(50):0.00} | {P(95):0.00} | {P(99):0.00} | {Mean:0.00} | {Max:0.00} |");
}
