using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Header = System.Collections.Generic.KeyValuePair<string, string>;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// The national interconnection axis (VDXP), spoken as its vendor SDK speaks it (see docs/axis.md): every operation is a
/// POST to <c>{Endpoint}/{operation}</c> with signed <c>XroadVnpt-*</c> headers (<see cref="AxisSignature"/>) and a JSON
/// reply (<see cref="AxisReply"/>). Sending is push; receiving is pull — list what arrived, get each, acknowledge it.
/// Failures become <see cref="ExchangeTransportException"/> as <see cref="AxisFailures"/> decides. Nothing is retried here.
/// </summary>
public sealed class AxisClient(HttpClient http, IOptions<AxisOptions> options, TimeProvider time) : IExchangeTransport
{
    public string Name => "axis";

    /// <summary>
    /// <c>sendEdoc</c>: the edXML as the raw body (streamed from <see cref="OutboundMessage.OpenContent"/>, never buffered),
    /// headers <c>from</c>, <c>to</c> (JSON array of codes), <c>servicetype: eDoc</c>, <c>messagetype: edoc|status</c> and
    /// <c>hash-file</c>. The receipt carries the axis' <c>DocId</c>.
    /// </summary>
    public async Task<TransportReceipt> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = Configured();
        if (message.Length > o.MaxDocumentBytes) throw AxisFailures.TooLarge("Gói tin edXML", message.Length, o.MaxDocumentBytes);
        if (message.ToCodes.Count == 0) throw new ExchangeTransportException("Gói tin không có nơi nhận.", false);
        Header[] headers =
        [
            new("from", message.FromCode),
            new("to", AxisSignature.JsonStringArray(message.ToCodes)),
            new("servicetype", "eDoc"),
            new("messagetype", MessageType(message.Kind)),
            new("hash-file", AxisSignature.HashFile(message.Sha256Hex, o.HashFileStyle)),
        ];
        using var reply = await CallAsync(o, AxisOperation.SendEdoc, headers, async c =>
        {
            var content = new StreamContent(await message.OpenContent(c));
            content.Headers.ContentLength = message.Length;
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }, ct);
        return new TransportReceipt(AxisReply.Text(reply.Document.RootElement, "DocId"));
    }

    /// <summary><c>getReceivedEdocList</c>: what waits for this system (documents, or status messages).</summary>
    public async Task<IReadOnlyList<AxisReceivedItem>> ListReceivedAsync(ExchangeMessageKind kind = ExchangeMessageKind.Document, CancellationToken ct = default)
    {
        var o = Configured();
        using var reply = await CallAsync(o, AxisOperation.ReceivedList, [new("servicetype", "eDoc"), new("messagetype", MessageType(kind))], EmptyJson, ct);
        return [.. AxisReply.DataItems(reply.Document, AxisOperation.ReceivedList).Select(i => new AxisReceivedItem(
            AxisReply.Text(i, "docId") ?? throw AxisFailures.Malformed(AxisOperation.ReceivedList, "một mục thiếu docId"),
            AxisReply.Text(i, "from"), AxisReply.Text(i, "to"), AxisReply.Text(i, "serviceType"), AxisReply.Text(i, "messageType"),
            AxisReply.Text(i, "status"), AxisReply.Text(i, "status_desc"), AxisReply.Text(i, "created_time"), AxisReply.Text(i, "updated_time")))];
    }

    /// <summary><c>getSentEdocList</c>: where this system's sent documents stand at each receiver; one document when <paramref name="docId"/> is given.</summary>
    public async Task<IReadOnlyList<AxisSentItem>> ListSentAsync(ExchangeMessageKind kind = ExchangeMessageKind.Document, string? docId = null, CancellationToken ct = default)
    {
        var o = Configured();
        List<Header> headers = [new("servicetype", "eDoc"), new("messagetype", MessageType(kind))];
        if (docId is not null) headers.Add(new("docId", docId));
        using var reply = await CallAsync(o, AxisOperation.SentList, headers, EmptyJson, ct);
        return [.. AxisReply.DataItems(reply.Document, AxisOperation.SentList).Select(i => new AxisSentItem(
            AxisReply.Text(i, "senderDocId"), AxisReply.Text(i, "receiverDocId"), AxisReply.Text(i, "fromCode"), AxisReply.Text(i, "toCode"),
            AxisReply.Text(i, "title"), AxisReply.Text(i, "notation"), AxisReply.Text(i, "messageType"), AxisReply.Text(i, "serviceType"),
            AxisReply.Text(i, "sentTime"), AxisReply.Text(i, "receivedTime"), AxisReply.Text(i, "sendStatus"), AxisReply.Text(i, "sendStatusDesc"),
            AxisReply.Text(i, "receiveStatus"), AxisReply.Text(i, "receiveStatusDesc")))];
    }

    /// <summary>
    /// <c>getEdoc</c>: one received document. The reply's <c>data</c> (base64) is decoded straight into memory — the reply
    /// plus the decoded bytes at most, both bounded by <see cref="AxisOptions.MaxDocumentBytes"/>. When the reply carries a
    /// <c>hash</c> or <c>hash-file</c> (SHA-256, padded or SDK-unpadded hex) the bytes must match it; the SDK reads no such
    /// field, so with the real axis the check usually has nothing to compare.
    /// </summary>
    public async Task<AxisDocument> GetAsync(string docId, CancellationToken ct = default)
    {
        var o = Configured();
        using var reply = await CallAsync(o, AxisOperation.GetEdoc, [new("docId", docId)], EmptyJson, ct);
        var (buffer, length) = AxisData.Decode(reply.Body.Span, AxisOperation.GetEdoc);
        if (length > o.MaxDocumentBytes) throw AxisFailures.TooLarge($"Văn bản {docId}", length, o.MaxDocumentBytes);
        var actual = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        var expected = AxisReply.Text(reply.Document.RootElement, "hash") ?? AxisReply.Text(reply.Document.RootElement, "hash-file");
        if (expected is not null
            && !string.Equals(expected.Trim(), actual, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(expected.Trim(), AxisSignature.HashFile(actual, AxisHashFileStyle.JavaUnpadded), StringComparison.OrdinalIgnoreCase))
            throw AxisFailures.Corrupt(docId, expected, actual);
        return new AxisDocument(docId, new MemoryStream(buffer, 0, length, writable: false), actual);
    }

    /// <summary><c>updateStatus</c>: the transport acknowledgement of a received document (<c>done</c>, <c>fail</c>, <c>processing</c>).</summary>
    public async Task UpdateStatusAsync(string docId, AxisAck ack, CancellationToken ct = default)
    {
        var o = Configured();
        var status = ack switch { AxisAck.Done => "done", AxisAck.Fail => "fail", AxisAck.Processing => "processing", _ => throw new ArgumentOutOfRangeException(nameof(ack)) };
        using var _ = await CallAsync(o, AxisOperation.UpdateStatus, [new("docId", docId), new("status", status)], EmptyJson, ct);
    }

    /// <summary><c>getAgenciesList</c>: the organs the axis knows. Entries without a code are left out.</summary>
    public async Task<IReadOnlyList<AxisAgency>> GetAgenciesAsync(CancellationToken ct = default)
    {
        var o = Configured();
        using var reply = await CallAsync(o, AxisOperation.Agencies, [], EmptyJson, ct);
        return [.. AxisReply.DataItems(reply.Document, AxisOperation.Agencies)
            .Select(i => (Item: i, Code: AxisReply.Text(i, "code")))
            .Where(x => !string.IsNullOrWhiteSpace(x.Code))
            .Select(x => new AxisAgency(x.Code!, AxisReply.Text(x.Item, "id"), AxisReply.Text(x.Item, "name"), AxisReply.Text(x.Item, "mail"),
                AxisReply.Text(x.Item, "pid"), AxisReply.Text(x.Item, "oldCode")))];
    }

    /// <summary><c>registerAgency</c>: registers (or updates) an organ served by this system; the body is the organ as JSON.</summary>
    public async Task RegisterAgencyAsync(AxisAgencyRegistration agency, CancellationToken ct = default)
    {
        var o = Configured();
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["id"] = agency.Id ?? "", ["pcode"] = agency.ParentCode ?? "", ["code"] = agency.Code, ["name"] = agency.Name,
            ["mail"] = agency.Mail ?? "", ["mobile"] = agency.Mobile ?? "", ["fax"] = agency.Fax ?? "",
        });
        using var _ = await CallAsync(o, AxisOperation.RegisterAgency, [], _ => Task.FromResult(Json(body)), ct);
    }

    /// <summary><c>deleteAgency</c>: withdraws an organ (header <c>AgencyCode</c>).</summary>
    public async Task DeleteAgencyAsync(string code, CancellationToken ct = default)
    {
        var o = Configured();
        using var _ = await CallAsync(o, AxisOperation.DeleteAgency, [new("AgencyCode", code)], EmptyJson, ct);
    }

    private static string MessageType(ExchangeMessageKind kind) => kind is ExchangeMessageKind.Status ? "status" : "edoc";

    private static readonly Func<CancellationToken, Task<HttpContent>> EmptyJson = _ => Task.FromResult(Json("{}"u8.ToArray()));

    private static HttpContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private AxisOptions Configured()
    {
        AxisOptions o;
        try
        {
            o = options.Value;
        }
        catch (OptionsValidationException e)
        {
            throw new ExchangeTransportException(e.Message, false, e);
        }
        return o.Enabled ? o : throw AxisFailures.NotConfigured();
    }

    private Task<AxisCall.Reply> CallAsync(AxisOptions o, AxisOperation op, IReadOnlyList<Header> headers,
        Func<CancellationToken, Task<HttpContent>> body, CancellationToken ct) =>
        AxisCall.RunAsync(http, o, time.GetUtcNow(), op, headers, body, ct);
}
