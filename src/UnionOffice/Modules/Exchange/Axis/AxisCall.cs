using System.Text.Json;
using Header = System.Collections.Generic.KeyValuePair<string, string>;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// One request to the axis: sign, send, read the reply within the deadline, and turn every way it can go wrong into
/// the failure <see cref="AxisFailures"/> names. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class AxisCall
{
    /// <summary>An OK reply: its JSON and the bytes it was parsed from (the data of a document is decoded from those).</summary>
    public sealed class Reply(JsonDocument document, ReadOnlyMemory<byte> body) : IDisposable
    {
        public JsonDocument Document { get; } = document;
        public ReadOnlyMemory<byte> Body { get; } = body;
        public void Dispose() => Document.Dispose();
    }

    public static async Task<Reply> RunAsync(HttpClient http, AxisOptions o, DateTimeOffset now, AxisOperation op,
        IReadOnlyList<Header> headers, Func<CancellationToken, Task<HttpContent>> body, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(o.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, o.Endpoint!.TrimEnd('/') + "/" + op.Path);
            request.Content = await body(deadline.Token);
            List<Header> signed = [new("systemid", o.SystemId!), new("timestamp", AxisSignature.Timestamp(now)), .. headers];
            // The SDK keeps Content-Type in the same map as the logical headers, so it is signed too.
            signed.Add(new("Content-Type", request.Content.Headers.ContentType?.MediaType ?? "application/json"));
            AxisSignature.Sign(request, signed, o.Secret!);

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var reply = await ReadAsync(response.Content, MaxReplyBytes(o), deadline.Token);
            if (!response.IsSuccessStatusCode) throw AxisFailures.Http(op, (int)response.StatusCode, AxisReply.TryErrorDesc(reply));
            return new Reply(AxisReply.ParseOk(reply, op), reply);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw AxisFailures.TimedOut(o.Timeout);
        }
        catch (HttpRequestException e)
        {
            throw AxisFailures.Unreachable(op, e);
        }
        catch (IOException e)
        {
            throw AxisFailures.Unreachable(op, e);
        }
    }

    /// <summary>A document's reply is its base64 (4/3 of it) inside a little JSON.</summary>
    private static long MaxReplyBytes(AxisOptions o) => Math.Min(Array.MaxLength, o.MaxDocumentBytes / 3 * 4 + 1024 * 1024);

    private static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContent content, long max, CancellationToken ct)
    {
        var declared = content.Headers.ContentLength;
        if (declared > max) throw AxisFailures.TooLarge("Phản hồi của trục liên thông", declared.Value, max);
        await using var stream = await content.ReadAsStreamAsync(ct);
        if (declared is { } length)
        {
            var exact = new byte[length];
            await stream.ReadExactlyAsync(exact, ct);
            return exact;
        }
        using var grown = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (grown.Length + read > max) throw AxisFailures.TooLarge("Phản hồi của trục liên thông", grown.Length + read, max);
            grown.Write(chunk, 0, read);
        }
        return grown.GetBuffer().AsMemory(0, (int)grown.Length);
    }
}
