namespace UnionOffice.Modules.Exchange;

/// <summary>What an edXML message is, for the transports that say so in their headers.</summary>
public enum ExchangeMessageKind
{
    /// <summary>A document (new, recall, update or replace): edXML with a body.</summary>
    Document = 0,
    /// <summary>A status message (01–06, 13, 15, 16): edXML without a body.</summary>
    Status = 1,
}

/// <summary>
/// One message to hand over. <see cref="MessageId"/> is ours and stable across retries, so that a retry is never a
/// second document at the receiver; <see cref="OpenContent"/> opens the serialized edXML afresh for each attempt
/// (it may be hundreds of megabytes: transports stream it, they never load it whole).
/// </summary>
public sealed record OutboundMessage(
    Guid MessageId,
    ExchangeMessageKind Kind,
    string FromCode,
    IReadOnlyList<string> ToCodes,
    long Length,
    string Sha256Hex,
    Func<CancellationToken, Task<Stream>> OpenContent);

/// <summary>The other side took the message. <see cref="RemoteId"/> is its name for it there, when it gives one.</summary>
public sealed record TransportReceipt(string? RemoteId);

/// <summary>
/// A delivery that did not happen. <see cref="Transient"/>: worth retrying later (time-out, connection refused,
/// 5xx, the axis busy); otherwise the message itself was refused and retrying the same bytes will not help.
/// <see cref="Message"/> is Vietnamese, for the operations page.
/// </summary>
public sealed class ExchangeTransportException(string message, bool transient, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}

/// <summary>
/// A way to send edXML messages out of this installation: directly to another UnionOffice installation, or to the
/// national interconnection axis. The outbox worker calls it; it retries, so implementations do not.
/// </summary>
public interface IExchangeTransport
{
    /// <summary>A short stable name, kept on each attempt in the message's trail ("axis", "peer:lđlđ-nghean").</summary>
    string Name { get; }

    /// <summary>Hands the message over, or throws <see cref="ExchangeTransportException"/>.</summary>
    Task<TransportReceipt> SendAsync(OutboundMessage message, CancellationToken ct);
}
