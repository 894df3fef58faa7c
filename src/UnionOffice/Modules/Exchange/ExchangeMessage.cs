using UnionOffice.Common;

namespace UnionOffice.Modules.Exchange;

public enum ExchangeDirection
{
    Outbound = 0,
    Inbound = 1,
}

public enum ExchangeState
{
    /// <summary>Out: waiting for its (next) attempt at <see cref="ExchangeMessage.NextAttemptAt"/>.</summary>
    Queued = 0,
    /// <summary>Out: a node is sending it (until <see cref="ExchangeMessage.LeaseUntil"/>; after that another takes over).</summary>
    Sending = 1,
    /// <summary>Out: the receiving system took it.</summary>
    Delivered = 2,
    /// <summary>Out: refused for good (the bytes will not do); the reason is kept.</summary>
    Failed = 3,
    /// <summary>In: stored and applied (documents in the queues, statuses on the deliveries).</summary>
    Processed = 10,
    /// <summary>In: not applied (malformed, not for us …); the sender was told why.</summary>
    Rejected = 11,
    /// <summary>
    /// In: refused as forged — the sender spoke for an organ it does not serve, about a document that went to or came from
    /// another system, or under a kind its headers did not declare. Kept for the operators; nothing was applied.
    /// </summary>
    Forbidden = 12,
}

/// <summary>
/// An edXML message through the exchange, either way, kept whole in the spool (<see cref="ExchangeSpool"/>): the durable
/// outbox written in the transaction, and the inbox that makes a message arriving twice count once
/// (<see cref="SourceKey"/> is unique). <see cref="Id"/> of an outbound message is the id it travels under: a retry is
/// the same message, never a second document at the receiver.
/// </summary>
public sealed class ExchangeMessage : IVersioned
{
    private ExchangeMessage() { }

    private ExchangeMessage(Guid id, ExchangeDirection direction, ExchangeMessageKind kind, string fromCode, IEnumerable<string> toCodes,
        string route, long length, string sha256, DateTimeOffset now)
    {
        Id = id;
        Direction = direction;
        Kind = kind;
        FromCode = fromCode;
        ToCodes = string.Join(';', toCodes);
        Route = route;
        Length = length;
        Sha256 = sha256;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public static ExchangeMessage Outbound(Guid id, ExchangeMessageKind kind, string fromCode, IEnumerable<string> toCodes, string route, long length,
        string sha256, DateTimeOffset now) =>
        new(id, ExchangeDirection.Outbound, kind, fromCode, toCodes, route, length, sha256, now) { State = ExchangeState.Queued };

    public static ExchangeMessage Inbound(string sourceKey, ExchangeMessageKind kind, string route, long length, string sha256, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), ExchangeDirection.Inbound, kind, "", [], route, length, sha256, now) { SourceKey = sourceKey, State = ExchangeState.Processed, CompletedAt = now };

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public ExchangeDirection Direction { get; private set; }
    public ExchangeMessageKind Kind { get; private set; }
    /// <summary>BussinessDocType of a document message: 0 new, 1 revoke, 2 update, 3 replace.</summary>
    public int BusinessType { get; private set; }
    public string FromCode { get; private set; } = "";
    /// <summary>The recipient organs' codes, separated by ';'.</summary>
    public string ToCodes { get; private set; } = "";
    /// <summary>Which way: <c>peer:&lt;name&gt;</c> or <c>axis</c> (to, or from).</summary>
    public string Route { get; private set; } = "";
    /// <summary>The edXML DocumentId concerned.</summary>
    public string? DocumentKey { get; private set; }
    public Guid? OutgoingDocumentId { get; private set; }
    public string Sha256 { get; private set; } = "";
    public long Length { get; private set; }
    public ExchangeState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public string? LastError { get; private set; }
    public string? RemoteId { get; private set; }
    /// <summary>In: the sender's name for the message (<c>route|its id</c>): the same message twice is stored once.</summary>
    public string? SourceKey { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public ExchangeMessage About(string? documentKey, Guid? outgoingDocumentId, int businessType)
    {
        DocumentKey = documentKey is { Length: > 200 } ? documentKey[..200] : documentKey;
        OutgoingDocumentId = outgoingDocumentId;
        BusinessType = businessType;
        return this;
    }

    public void Describe(string fromCode, IEnumerable<string> toCodes)
    {
        FromCode = fromCode.Length > 40 ? fromCode[..40] : fromCode;
        var to = string.Join(';', toCodes);
        ToCodes = to.Length > 4000 ? to[..4000] : to;
    }

    public void Delivered(string? remoteId, DateTimeOffset now)
    {
        State = ExchangeState.Delivered;
        RemoteId = remoteId is { Length: > 200 } ? remoteId[..200] : remoteId;
        CompletedAt = now;
        LeaseUntil = null;
        LastError = null;
    }

    /// <summary>A failed attempt: retried after a back-off growing with the attempts (capped), or failed for good.</summary>
    public void AttemptFailed(string reason, bool transient, DateTimeOffset now, TimeSpan maxBackoff)
    {
        LastError = reason.Length > 1000 ? reason[..1000] : reason;
        LeaseUntil = null;
        if (!transient)
        {
            State = ExchangeState.Failed;
            CompletedAt = now;
            return;
        }
        State = ExchangeState.Queued;
        var seconds = Math.Min(maxBackoff.TotalSeconds, Math.Pow(2, Math.Min(Attempts, 20)));
        NextAttemptAt = now.AddSeconds(seconds);
    }

    /// <summary>An operator sends a failed or waiting message again now.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Direction != ExchangeDirection.Outbound || State is ExchangeState.Delivered or ExchangeState.Sending)
            throw new DomainException(ExchangeErrors.NotRetriable);
        State = ExchangeState.Queued;
        NextAttemptAt = now;
        CompletedAt = null;
    }

    /// <summary>An outbound message not yet handed over is given up (its document was recalled); false if it may have gone.</summary>
    public bool Cancel(string reason, DateTimeOffset now)
    {
        if (Direction != ExchangeDirection.Outbound || State is not (ExchangeState.Queued or ExchangeState.Failed)) return false;
        State = ExchangeState.Failed;
        LastError = reason;
        CompletedAt = now;
        return true;
    }

    public void Rejected(string reason, bool forged = false)
    {
        State = forged ? ExchangeState.Forbidden : ExchangeState.Rejected;
        LastError = reason.Length > 1000 ? reason[..1000] : reason;
    }
}

/// <summary>One step in a message's life, for the operations page: queued, attempt, delivered, failed, received, applied.</summary>
public sealed class ExchangeEvent
{
    private ExchangeEvent() { }

    public ExchangeEvent(Guid messageId, string action, string? detail, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        MessageId = messageId;
        Action = action;
        Detail = detail is { Length: > 1000 } ? detail[..1000] : detail;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid MessageId { get; private set; }
    public string Action { get; private set; } = "";
    public string? Detail { get; private set; }
    public DateTimeOffset At { get; private set; }
}

public static class ExchangeErrors
{
    public static readonly Error NotFound = new("EXCHANGE_MESSAGE_NOT_FOUND", "Không tìm thấy gói tin liên thông.", 404);
    public static readonly Error NotRetriable = new("EXCHANGE_NOT_RETRIABLE", "Gói tin này đã được gửi đi hoặc đang gửi; không gửi lại.", 409);
    public static Error Unauthenticated(string why) => new("EXCHANGE_UNAUTHENTICATED", $"Yêu cầu liên thông không được xác thực: {why}", 401);
    public static Error Malformed(string why) => new("EXCHANGE_MESSAGE_INVALID", $"Gói tin edXML không hợp lệ: {why}", 422);
    public static Error NotOurs(string codes) => new("EXCHANGE_NOT_OURS", $"Không có cơ quan nhận nào thuộc hệ thống này ({codes}).", 422);
    public static readonly Error TooLarge = new("EXCHANGE_TOO_LARGE", "Gói tin vượt quá dung lượng cho phép.", 413);
    public static Error Forbidden(string why) => new("EXCHANGE_FORBIDDEN", $"Gói tin bị từ chối vì không đúng nguồn: {why}", 403);
    public static readonly Error HttpsRequired = new("EXCHANGE_HTTPS_REQUIRED", "Liên thông giữa các hệ thống phải dùng HTTPS.", 403);
}
