using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UnionOffice.Tests.Exchange;

/// <summary>
/// A national axis on loopback (Kestrel, random port) speaking the VDXP protocol as the vendor SDK does: it checks the
/// HMAC of the signed <c>XroadVnpt-*</c> headers and the <c>hash-file</c> of each body, keeps sent documents per
/// receiving organ, and serves the lists, <c>getEdoc</c>, <c>updateStatus</c> and the agencies. Its own choices where the
/// protocol is silent are in docs/axis.md. Faults are switched on for the next calls; a stalled reply waits for
/// <see cref="Release"/>, the client hanging up, or disposal — never a clock.
/// </summary>
public sealed partial class LocalAxisPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Secret, string Name)> _systems = new();
    private readonly ConcurrentDictionary<string, Agency> _agencies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Delivery> _deliveries = new();
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = Released();
    private TaskCompletionSource _stalledArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _stalledAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stalled;
    private int _corruptNextData;

    private LocalAxisPeer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    public static async Task<LocalAxisPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var peer = new LocalAxisPeer(builder.Build());
        await peer._app.StartAsync();
        var address = peer._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.Endpoint = address.TrimEnd('/') + "/vxp";
        return peer;
    }

    /// <summary>Where the client points its <c>Exchange:Axis:Endpoint</c>; the operations live under <c>/vxp/</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Writes <c>data</c> as MIME base64 with line breaks (as old commons-codec did) rather than one line.</summary>
    public bool Base64LineBreaks { get; set; } = true;

    /// <summary>Every sent document the peer accepted.</summary>
    public IReadOnlyList<SentDocument> Sent => [.. _deliveries.Values.Select(d => d.Document).Distinct()];

    /// <summary>The ErrorDesc of every FAIL it gave, in order.</summary>
    public IReadOnlyList<string> Refusals => [.. _refusals];

    /// <summary>A connected system and the organs (identifier codes) it receives for.</summary>
    public void AddSystem(string systemId, string secret, params string[] codes)
    {
        _systems[systemId] = (secret, systemId);
        foreach (var code in codes) _agencies[code] = new Agency(code, $"Đơn vị {code}", null, null, systemId);
    }

    public void FailNext(int count, string errorDesc, string errorCode = "1")
    {
        for (var i = 0; i < count; i++) _faults.Enqueue(new Fault(FaultKind.Fail, errorDesc, errorCode));
    }

    /// <summary>The next reply is this body as is, HTTP 200 (not JSON, truncated JSON, JSON without status …).</summary>
    public void ReplyRawNext(string body) => _faults.Enqueue(new Fault(FaultKind.Raw, body, ""));

    public void Reply503Next(int count = 1)
    {
        for (var i = 0; i < count; i++) _faults.Enqueue(new Fault(FaultKind.Unavailable, "", ""));
    }

    /// <summary>The next <c>getEdoc</c> answers OK with one byte of the document changed, and the original's hash.</summary>
    /// <summary>Forgets the faults still queued: the axis is back to normal.</summary>
    public void ClearFaults() => _faults.Clear();

    public void CorruptNextData() => Interlocked.Exchange(ref _corruptNextData, 1);

    /// <summary>From now on replies wait (after the body is read) until <see cref="Release"/>.</summary>
    public void Stall()
    {
        lock (_gate)
        {
            _released = Released();
            _stalledArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _stalledAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _stalled = true;
        }
    }

    public void Release()
    {
        _stalled = false;
        lock (_gate) _released.TrySetResult();
    }

    /// <summary>Completes when a request is being held by <see cref="Stall"/>.</summary>
    public Task StalledRequestArrived { get { lock (_gate) return _stalledArrived.Task; } }

    /// <summary>Completes when the client of a held request hung up.</summary>
    public Task StalledRequestAborted { get { lock (_gate) return _stalledAborted.Task; } }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Released() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(ctx.Request.Method) || !path.StartsWith("/vxp/", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // The body is always read first, so that a refusal never leaves the client writing into a closed connection.
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);

        if (_faults.TryDequeue(out var fault))
        {
            await ReplyFaultAsync(ctx, fault);
            return;
        }
        if (_stalled && !await HoldAsync(ctx.RequestAborted)) return;

        var reply = Verify(ctx.Request, out var systemId, out var headers) ?? path["/vxp/".Length..] switch
        {
            "sendEdoc" => Send(systemId, headers, body.ToArray()),
            "getReceivedEdocList" => ReceivedList(systemId, headers),
            "getSentEdocList" => SentList(systemId, headers),
            "getEdoc" => GetEdoc(systemId, headers),
            "updateStatus" => UpdateStatus(systemId, headers),
            "getAgenciesList" => AgenciesList(),
            "registerAgency" => RegisterAgency(systemId, body.ToArray()),
            "deleteAgency" => DeleteAgency(systemId, headers),
            var other => Fail($"Không có dịch vụ {other}", "404"),
        };
        await WriteAsync(ctx, reply);
    }

    private async Task<bool> HoldAsync(CancellationToken aborted)
    {
        Task released;
        lock (_gate)
        {
            _stalledArrived.TrySetResult();
            released = _released.Task;
        }
        try
        {
            await released.WaitAsync(aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            lock (_gate) _stalledAborted.TrySetResult();
            return false;
        }
    }

    private async Task ReplyFaultAsync(HttpContext ctx, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Fail:
                await WriteAsync(ctx, Fail(fault.Text, fault.Code));
                break;
            case FaultKind.Unavailable:
                ctx.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await ctx.Response.WriteAsync("Service Unavailable");
                break;
            default:
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(fault.Text);
                break;
        }
    }

    private static async Task WriteAsync(HttpContext ctx, Dictionary<string, object?> reply)
    {
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, reply);
    }

    private Dictionary<string, object?> Fail(string desc, string code)
    {
        _refusals.Enqueue(desc);
        return new() { ["status"] = "FAIL", ["ErrorCode"] = code, ["ErrorDesc"] = desc };
    }

    private static Dictionary<string, object?> Ok(string key, object? value) =>
        new() { ["status"] = "OK", ["ErrorCode"] = "0", ["ErrorDesc"] = "Success", [key] = value };

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private enum FaultKind { Fail, Raw, Unavailable }

    private sealed record Fault(FaultKind Kind, string Text, string Code);

    private sealed record Agency(string Code, string Name, string? ParentCode, string? Mail, string SystemId);

    /// <summary>A document as the peer stored it: the exact body, once, however many receivers.</summary>
    public sealed record SentDocument(string DocId, string SenderSystemId, string From, IReadOnlyList<string> To, string MessageType, byte[] Body, string HashFile);

    private sealed class Delivery(string receiverDocId, SentDocument document, string toCode, string receiverSystemId)
    {
        public string ReceiverDocId { get; } = receiverDocId;
        public SentDocument Document { get; } = document;
        public string ToCode { get; } = toCode;
        public string ReceiverSystemId { get; } = receiverSystemId;
        public string Status { get; set; } = "inbox";
        public DateTimeOffset SentAt { get; } = DateTimeOffset.UtcNow;
    }

    private static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Base64(byte[] bytes, bool lineBreaks) =>
        Convert.ToBase64String(bytes, lineBreaks ? Base64FormattingOptions.InsertLineBreaks : Base64FormattingOptions.None);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
