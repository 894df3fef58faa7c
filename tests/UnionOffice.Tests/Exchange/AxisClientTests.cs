using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnionOffice.Modules.Exchange;
using UnionOffice.Modules.Exchange.Axis;

namespace UnionOffice.Tests.Exchange;

/// <summary>The axis client against <see cref="LocalAxisPeer"/>: a real HTTP exchange on loopback, both sides checking the other.</summary>
public sealed class AxisClientTests : IAsyncLifetime
{
    // The sender's secret is not ASCII on purpose: the SDK keys the HMAC with the secret's UTF-8 bytes.
    private const string SenderSystem = "000.00.00.I02", SenderSecret = "khóa-bí-mật-LĐLĐ";
    private const string ReceiverSystem = "000.00.01.I02", ReceiverSecret = "A7TKG/r2gOKTEpe1MhWx6zw8O4JfzN0K";
    private LocalAxisPeer _peer = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync()
    {
        _peer = await LocalAxisPeer.StartAsync();
        _peer.AddSystem(SenderSystem, SenderSecret, "I02");
        _peer.AddSystem(ReceiverSystem, ReceiverSecret, "I02.01", "I02.02");
    }

    public async Task DisposeAsync()
    {
        foreach (var sp in _providers) await sp.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SentDocument_ReachesTheReceiver_WhoListsAndGetsTheSameBytes(bool base64WithLineBreaks)
    {
        _peer.Base64LineBreaks = base64WithLineBreaks;
        var body = Edxml(50_000);

        var receipt = await Sender().SendAsync(Message(body, "I02.01"), default);

        Assert.Equal(_peer.Sent.Single().DocId, receipt.RemoteId);
        var item = Assert.Single(await Receiver().ListReceivedAsync());
        Assert.Equal("I02", item.From);
        Assert.Equal("I02.01", item.To);
        using var doc = await Receiver().GetAsync(item.DocId);
        Assert.Equal(body, ReadAll(doc.Content));
        Assert.Equal(Sha256(body), doc.Sha256Hex);
    }

    [Fact]
    public async Task Send_IsSigned_SoAClientWithTheWrongSecretIsRefusedWithTheAxisReason()
    {
        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Client(SenderSystem, "not-the-secret").SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.False(e.Transient);
        Assert.Contains(_peer.Refusals.Single(), e.Message, StringComparison.Ordinal);
        Assert.Contains("XroadVnpt-hash-header", e.Message, StringComparison.Ordinal);
        Assert.Empty(_peer.Sent);
    }

    [Fact]
    public async Task Request_WithoutSignature_IsRefusedByThePeer()
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(Edxml(100));
        using var request = new HttpRequestMessage(HttpMethod.Post, _peer.Endpoint + "/sendEdoc") { Content = content };
        request.Headers.Add("XroadVnpt-systemid", SenderSystem);

        using var response = await http.SendAsync(request);

        Assert.Contains("\"status\":\"FAIL\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("Thiếu chữ ký", _peer.Refusals.Single(), StringComparison.Ordinal);
        Assert.Empty(_peer.Sent);
    }

    [Fact]
    public async Task Send_WhoseHashDiffersFromTheBody_IsRefused()
    {
        var body = Edxml(1000);
        var lying = Message(body, "I02.01") with { Sha256Hex = Sha256(Edxml(999)) };

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(lying, default));

        Assert.False(e.Transient);
        Assert.Contains("hash mismatch", e.Message, StringComparison.Ordinal);
        Assert.Empty(_peer.Sent);
    }

    [Fact]
    public async Task Send_WhenTheAxisRepliesFail_IsRefusedWithItsReasonAndCode_ForThatCallOnly()
    {
        _peer.FailNext(1, "Đơn vị gửi đang bị khóa liên thông", "13");

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.False(e.Transient);
        Assert.Contains("Đơn vị gửi đang bị khóa liên thông", e.Message, StringComparison.Ordinal);
        Assert.Contains("13", e.Message, StringComparison.Ordinal);
        await Sender().SendAsync(Message(Edxml(100), "I02.01"), default);
        Assert.Single(_peer.Sent);
    }

    [Fact]
    public async Task Send_WhenTheAxisSaysItIsBusy_IsTransient()
    {
        _peer.FailNext(1, "Hệ thống đang quá tải, vui lòng thử lại sau");

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.True(e.Transient);
        Assert.Contains("quá tải", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ToAnOrganTheAxisDoesNotKnow_IsRefused()
    {
        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(Message(Edxml(100), "I99"), default));

        Assert.False(e.Transient);
        Assert.Contains("I99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenTheAxisDoesNotAnswerInTime_IsTransient_AndTheClientHangsUp()
    {
        _peer.Stall();

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender(timeout: "00:00:01").SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.True(e.Transient);
        Assert.Equal("Trục liên thông không phản hồi trong 1 giây.", e.Message);
        await _peer.StalledRequestAborted.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Send_WhenTheCallerCancels_IsCancelled_NotAFailureOfTheAxis()
    {
        _peer.Stall();
        using var cts = new CancellationTokenSource();

        var sending = Sender().SendAsync(Message(Edxml(100), "I02.01"), cts.Token);
        await _peer.StalledRequestArrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task Send_WhenTheAxisAnswers503_IsTransient()
    {
        _peer.Reply503Next();

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.True(e.Transient);
        Assert.Contains("503", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenNothingListens_IsTransient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() =>
            Client(SenderSystem, SenderSecret, endpoint: $"http://127.0.0.1:{port}/vxp").SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.True(e.Transient);
        Assert.StartsWith("Không kết nối được tới trục liên thông", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "không phải JSON")]
    [InlineData("{\"status\":\"OK\",\"DocId\":", "không phải JSON")]
    [InlineData("{\"ErrorCode\":\"0\",\"DocId\":\"x\"}", "thiếu trường status")]
    [InlineData("{\"status\":\"MAYBE\"}", "giá trị lạ \"MAYBE\"")]
    [InlineData("[1,2]", "không phải một đối tượng JSON")]
    public async Task Reply_ThatIsNotTheAxisJson_IsRefused_SayingWhatWasWrong(string reply, string said)
    {
        _peer.ReplyRawNext(reply);

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Sender().SendAsync(Message(Edxml(100), "I02.01"), default));

        Assert.False(e.Transient);
        Assert.Contains("không đúng định dạng", e.Message, StringComparison.Ordinal);
        Assert.Contains(said, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WhenTheAxisCorruptsTheData_IsRefusedByTheHashCheck()
    {
        await Sender().SendAsync(Message(Edxml(10_000), "I02.01"), default);
        var item = Assert.Single(await Receiver().ListReceivedAsync());
        _peer.CorruptNextData();

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Receiver().GetAsync(item.DocId));

        Assert.False(e.Transient);
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OfADocumentTheAxisDoesNotHave_IsRefusedWithItsReason()
    {
        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => Receiver().GetAsync("khong-co"));

        Assert.False(e.Transient);
        Assert.Contains("Không tìm thấy văn bản khong-co", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledged_Done_LeavesTheReceivedList_Processing_Stays_AndTheSenderSeesIt()
    {
        await Sender().SendAsync(Message(Edxml(100), "I02.01", "I02.02"), default);
        var items = await Receiver().ListReceivedAsync();
        Assert.Equal(2, items.Count);

        await Receiver().UpdateStatusAsync(items[0].DocId, AxisAck.Done);
        await Receiver().UpdateStatusAsync(items[1].DocId, AxisAck.Processing);

        Assert.Equal(items[1].DocId, Assert.Single(await Receiver().ListReceivedAsync()).DocId);
        var sent = await Sender().ListSentAsync(docId: _peer.Sent.Single().DocId);
        Assert.Equal("done", sent.Single(s => s.ReceiverDocId == items[0].DocId).ReceiveStatus);
        Assert.Equal("processing", sent.Single(s => s.ReceiverDocId == items[1].DocId).ReceiveStatus);
    }

    [Fact]
    public async Task StatusMessages_AreListedApartFromDocuments()
    {
        await Sender().SendAsync(Message(Edxml(300), "I02.01") with { Kind = ExchangeMessageKind.Status }, default);

        Assert.Empty(await Receiver().ListReceivedAsync(ExchangeMessageKind.Document));
        Assert.Single(await Receiver().ListReceivedAsync(ExchangeMessageKind.Status));
    }

    [Fact]
    public async Task Agencies_Registered_AreListed_AndDeleted_Leave()
    {
        await Receiver().RegisterAgencyAsync(new AxisAgencyRegistration("I02.03", "Công đoàn ngành Giáo dục", ParentCode: "I02.01", Mail: "cdgd@example.vn"));

        var listed = (await Sender().GetAgenciesAsync()).Single(a => a.Code == "I02.03");
        Assert.Equal("Công đoàn ngành Giáo dục", listed.Name);
        Assert.Equal("I02.01", listed.ParentId);
        await Sender().SendAsync(Message(Edxml(100), "I02.03"), default);

        await Receiver().DeleteAgencyAsync("I02.03");

        Assert.DoesNotContain(await Sender().GetAgenciesAsync(), a => a.Code == "I02.03");
    }

    [Fact]
    public async Task Send_OfTwentyMegabytes_IsStreamed_AndArrivesExact()
    {
        var body = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        var message = Message(body, "I02.01") with { OpenContent = _ => Task.FromResult<Stream>(new ForwardOnlyStream(body)) };

        await Sender(timeout: "00:02:00").SendAsync(message, default);

        Assert.True(body.AsSpan().SequenceEqual(_peer.Sent.Single().Body));
    }

    private AxisClient Sender(string timeout = "00:00:30") => Client(SenderSystem, SenderSecret, timeout);

    private AxisClient Receiver() => Client(ReceiverSystem, ReceiverSecret);

    private AxisClient Client(string systemId, string secret, string timeout = "00:00:30", string? endpoint = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exchange:Axis:Endpoint"] = endpoint ?? _peer.Endpoint,
            ["Exchange:Axis:SystemId"] = systemId,
            ["Exchange:Axis:Secret"] = secret,
            ["Exchange:Axis:Timeout"] = timeout,
        }).Build();
        var sp = new ServiceCollection().AddAxisClient(config).BuildServiceProvider();
        _providers.Add(sp);
        return sp.GetRequiredService<AxisClient>();
    }

    internal static OutboundMessage Message(byte[] body, params string[] to) =>
        new(Guid.NewGuid(), ExchangeMessageKind.Document, "I02", to, body.Length, Sha256(body), _ => Task.FromResult<Stream>(new MemoryStream(body)));

    internal static byte[] Edxml(int size)
    {
        var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><edXML:edXMLEnvelope><Subject>Về việc tổ chức Đại hội Công đoàn</Subject>");
        var bytes = new byte[Math.Max(size, head.Length)];
        head.CopyTo(bytes, 0);
        for (var i = head.Length; i < bytes.Length; i++) bytes[i] = (byte)(i * 31 % 251);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>A body that can only be read forward once, like a file being streamed: the client cannot seek or buffer it back.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
