using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Exchange;

/// <summary>
/// Which organ is served where: here, by a peer installation, or — when the national axis is configured — through the
/// axis. The one place that reads code patterns, so both code forms (<c>I02.36</c>, <c>000.00.00.G22</c>) route alike.
/// </summary>
public sealed class ExchangeDirectory(IOptions<ExchangeOptions> options, IOptions<Axis.AxisOptions> axis, Data.AppDbContext db)
{
    public const string AxisRoute = "axis";
    public const string PeerPrefix = "peer:";

    /// <summary>Whether the organ with this code is served by this installation.</summary>
    public bool ServesHere(string code) => options.Value.Served.Count == 0 || options.Value.Served.Any(p => Matches(p, code));

    /// <summary>The route to an organ outside: <c>peer:&lt;name&gt;</c>, <c>axis</c>, or null when none is known.</summary>
    public string? RouteOf(string code)
    {
        var peer = options.Value.Peers.FirstOrDefault(p => p.Organs.Any(o => Matches(o, code)));
        if (peer is not null) return PeerPrefix + peer.Name;
        return string.IsNullOrWhiteSpace(axis.Value.Endpoint) ? null : AxisRoute;
    }

    public PeerOptions? Peer(string name) => options.Value.Peers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Whether what came by <paramref name="route"/> may speak for the organ <paramref name="code"/>: only the route this
    /// installation itself would use to reach that organ — its peer (the first whose <c>Organs</c> name it, as
    /// <see cref="RouteOf"/> decides), or the axis for organs no peer serves — and nobody for an organ of this
    /// installation (a message in its name can only be forged).
    /// </summary>
    public async Task<bool> MaySpeakForAsync(string route, string code, CancellationToken ct)
    {
        code = code.Trim().ToUpperInvariant();
        if (code.Length == 0 || await IsOwnAsync(code, ct)) return false;
        return RouteOf(code) == route;
    }

    /// <summary>
    /// Whether the organ is this installation's own: named by <c>Served</c>; or, with <c>Served</c> empty (every organ in
    /// the database), in the database and reached by no peer.
    /// </summary>
    private async Task<bool> IsOwnAsync(string code, CancellationToken ct)
    {
        if (options.Value.Served.Count > 0) return ServesHere(code);
        if (options.Value.Peers.Any(p => p.Organs.Any(o => Matches(o, code)))) return false;
        return await db.Organizations.AsNoTracking().AnyAsync(o => o.Code == code, ct);
    }

    /// <summary><c>*</c>, an exact code, or <c>X.*</c> for the organs below X (not X itself). Case-insensitive.</summary>
    public static bool Matches(string pattern, string code)
    {
        pattern = pattern.Trim();
        code = code.Trim();
        if (pattern == "*") return true;
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
            return code.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase);
        return string.Equals(pattern, code, StringComparison.OrdinalIgnoreCase);
    }
}
