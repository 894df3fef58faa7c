namespace UnionOffice.Modules.Exchange;

/// <summary>Settings of the interconnection (section <c>Exchange</c>).</summary>
public sealed class ExchangeOptions
{
    /// <summary>This installation's name, as its peers know it (the <c>X-UO-From</c> of what it sends them).</summary>
    public string InstallationId { get; set; } = "unionoffice";

    /// <summary>
    /// The organs this installation serves, by identifier code: <c>I02</c> one organ, <c>I02.36.*</c> those below it,
    /// <c>*</c> all. Empty: every organ in its database. An organ of the tree not served here is reached by the exchange.
    /// </summary>
    public List<string> Served { get; set; } = [];

    /// <summary>Other UnionOffice installations reached directly over HTTPS.</summary>
    public List<PeerOptions> Peers { get; set; } = [];

    /// <summary>Where messages in and out are kept, one file each (shared storage when several nodes run).</summary>
    public string SpoolRoot { get; set; } = "data/exchange";

    /// <summary>Run the outbox worker in this process (tests run it by hand).</summary>
    public bool RunOutboxJob { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Longest wait between two attempts of a message whose receiver is unreachable.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long a node holds a message it is sending before another may take it over (a node that died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>How far a signed request's time may be from ours.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Largest message accepted or sent.</summary>
    public long MaxMessageBytes { get; set; } = 300L * 1024 * 1024;
}

/// <summary>
/// A peer is reached over HTTPS only: the documents and the signed headers would otherwise cross the network in clear,
/// and anyone on the path could read them. Plain <c>http://</c> is allowed in Development alone (a laptop, a demo); anywhere
/// else the installation refuses to start, naming the peer.
/// </summary>
internal sealed class PeersOverHttps(IHostEnvironment env) : Microsoft.Extensions.Options.IValidateOptions<ExchangeOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ExchangeOptions o)
    {
        var bad = o.Peers.Where(p => !Uri.TryCreate(p.Endpoint, UriKind.Absolute, out var u)
            || !(u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && env.IsDevelopment()))).ToList();
        return bad.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(bad.Select(p =>
                $"Exchange:Peers \"{p.Name}\": địa chỉ \"{p.Endpoint}\" phải là https:// (http:// chỉ được dùng trong môi trường Development)."));
    }
}

/// <summary>
/// Another installation: its name (what it sends as <c>X-UO-From</c>), the address of its exchange endpoint, the secret
/// both sign requests with, the organs it serves (same patterns as <see cref="ExchangeOptions.Served"/>), and, for an
/// HTTPS certificate no public CA issued, its SHA-256 thumbprint to pin.
/// </summary>
public sealed class PeerOptions
{
    public string Name { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<string> Organs { get; set; } = [];
    public string? CertificateSha256 { get; set; }
}
