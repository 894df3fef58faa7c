using System.Text;

namespace UnionOffice.EdXml.Tests;

public class RoundTripTests
{
    [Fact]
    public async Task WriteThenRead_Document_GivesTheSameModelAndBytes()
    {
        var document = Messages.Document(Messages.Attachment(1), Messages.Attachment(2, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), Messages.Attachment(3));
        var contents = new Dictionary<string, byte[]>
        {
            ["cid:1"] = Messages.Content(100_003, 1),
            ["cid:2"] = Messages.Content(1, 2),
            ["cid:3"] = [],
        };

        var bytes = await Messages.WriteAsync(document, contents);
        var result = await Messages.ReadAsync(bytes);

        Assert.Equal(document, result.Message);
        Assert.Equal(3, result.Attachments.Count);
        foreach (var a in result.Attachments)
        {
            Assert.Equal(contents[a.Info.ContentId], (byte[])a.Handle!);
            Assert.Equal(contents[a.Info.ContentId].Length, a.Length);
            Assert.Equal(Messages.Sha256(contents[a.Info.ContentId]), a.Sha256);
        }
        Assert.Null(result.Signature);
        Assert.Empty(result.IgnoredElements);
    }

    [Fact]
    public async Task WriteThenRead_MinimalDocument_GivesTheSameModel()
    {
        var document = new EdXmlDocument
        {
            From = new EdXmlOrgan("I02"),
            To = [new EdXmlOrgan("I02.36")],
            DocumentId = "I02,2026/01/02,1/TLĐ",
            Code = new EdXmlCode("1", "TLĐ"),
            Promulgation = new EdXmlPromulgationInfo(null, new DateOnly(2026, 1, 2)),
            DocumentType = new EdXmlDocumentType(1),
            Subject = "Thông báo",
        };

        var result = await Messages.ReadAsync(await Messages.WriteAsync(document, new Dictionary<string, byte[]>()));

        Assert.Equal(document, result.Message);
        Assert.Empty(result.Attachments);
    }

    [Theory]
    [InlineData(EdXmlStatusCode.Arrived)]
    [InlineData(EdXmlStatusCode.Refused)]
    [InlineData(EdXmlStatusCode.Accepted)]
    [InlineData(EdXmlStatusCode.Assigned)]
    [InlineData(EdXmlStatusCode.InProgress)]
    [InlineData(EdXmlStatusCode.Done)]
    [InlineData(EdXmlStatusCode.RecallRequested)]
    [InlineData(EdXmlStatusCode.UpdateAccepted)]
    [InlineData(EdXmlStatusCode.UpdateRefused)]
    public async Task WriteThenRead_Status_GivesTheSameModel(EdXmlStatusCode code)
    {
        var status = Messages.Status() with { StatusCode = code };

        var result = await Messages.ReadAsync(await Messages.WriteAsync(status));

        Assert.Equal(status, result.Message);
    }

    [Fact]
    public async Task Write_Status_WritesTheCodeWithTwoDigits()
    {
        var xml = Encoding.UTF8.GetString(await Messages.WriteAsync(Messages.Status() with { StatusCode = EdXmlStatusCode.InProgress }));

        Assert.Contains("<edXML:StatusCode>05</edXML:StatusCode>", xml);
        Assert.Contains("<edXML:Timestamp>2026/03/06 08:00:01</edXML:Timestamp>", xml);
        Assert.DoesNotContain("edXMLBody", xml);
    }

    [Fact]
    public async Task Write_Document_UsesTheLiteralPrefixNamespaceAndDateFormsOfTheSamples()
    {
        var xml = Encoding.UTF8.GetString(await Messages.WriteAsync(Messages.Document(Messages.Attachment(7)), new Dictionary<string, byte[]> { ["cid:7"] = [1, 2, 3] }));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">", xml);
        Assert.Contains("<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">", xml);
        Assert.Contains("<edXML:edXMLHeader>", xml);
        Assert.Contains("<edXML:MessageHeader>", xml);
        Assert.Contains("<edXML:edXMLManifest version=\"1.0\">", xml);
        Assert.Contains("<edXML:PromulgationDate>2026/03/05</edXML:PromulgationDate>", xml);
        Assert.Contains("<edXML:DueDate>2026/04/30</edXML:DueDate>", xml);
        Assert.Contains("<edXML:Timestamp>2026/03/05 14:30:15</edXML:Timestamp>", xml);
        Assert.Contains("<edXML:Bussiness>", xml);
        Assert.Contains("<edXML:BussinessDocType>3</edXML:BussinessDocType>", xml);
        Assert.Contains("<AttachmentEncoded>", xml);
        Assert.Contains("<edXML:ContentTransferEncoded xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">AQID</edXML:ContentTransferEncoded>", xml);
        Assert.DoesNotContain("xlink", xml);
        // No BOM: some receivers compare the first bytes with "<?xml".
        Assert.Equal((byte)'<', (await Messages.WriteAsync(Messages.Status()))[0]);
    }

    [Fact]
    public async Task Write_CarriageReturns_AreWrittenAsLineFeedsAndSurroundingSpaceTrimmed()
    {
        var document = Messages.Document() with { Content = "  Dòng một\r\nDòng hai\rDòng ba\n  ", Subject = "\tTrích yếu " };

        var read = (EdXmlDocument)(await Messages.ReadAsync(await Messages.WriteAsync(document, new Dictionary<string, byte[]>()))).Message;

        Assert.Equal("Dòng một\nDòng hai\nDòng ba", read.Content);
        Assert.Equal("Trích yếu", read.Subject);
    }

    [Fact]
    public async Task Write_ReportsLengthAndHashOfMessageAndAttachments()
    {
        var content = Messages.Content(5000, 3);
        using var output = new MemoryStream();

        var written = await EdXmlWriter.WriteAsync(output, Messages.Document(Messages.Attachment(1)), (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(content)));

        Assert.Equal(output.Length, written.Length);
        Assert.Equal(Messages.Sha256(output.ToArray()), written.Sha256);
        var a = Assert.Single(written.Attachments);
        Assert.Equal(5000, a.Length);
        Assert.Equal(Messages.Sha256(content), a.Sha256);
    }

    [Fact]
    public async Task Write_AttachmentStreamsAreDisposed()
    {
        var streams = new List<TrackingStream>();

        await EdXmlWriter.WriteAsync(Stream.Null, Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), (_, _) =>
        {
            var s = new TrackingStream([1, 2, 3]);
            streams.Add(s);
            return ValueTask.FromResult<Stream>(s);
        });

        Assert.Equal(2, streams.Count);
        Assert.All(streams, s => Assert.True(s.Disposed));
    }

    private sealed class TrackingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task Read_WhenCancelledMidAttachment_StopsAndAbandonsIt()
    {
        var bytes = await Messages.WriteAsync(Messages.Document(Messages.Attachment(1)), new Dictionary<string, byte[]> { ["cid:1"] = Messages.Content(1_000_000, 1) });
        using var cts = new CancellationTokenSource();
        var sink = new CancellingSink(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EdXmlReader.ReadAsync(new MemoryStream(bytes), sink, ct: cts.Token));

        Assert.True(sink.Abandoned);
        Assert.True(sink.Written < 1_000_000);
    }

    [Fact]
    public async Task Write_WhenCancelled_Stops()
    {
        using var cts = new CancellationTokenSource();
        var output = new MemoryStream();

        // Cancelled once the attachment is being read: the writer stops within a chunk.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EdXmlWriter.WriteAsync(output, Messages.Document(Messages.Attachment(1)),
            (_, _) =>
            {
                cts.Cancel();
                return ValueTask.FromResult<Stream>(new GeneratorStream(10_000_000));
            }, ct: cts.Token));
        Assert.True(output.Length < 1_000_000);
    }

    /// <summary>Cancels the read once the first chunk has arrived.</summary>
    private sealed class CancellingSink(CancellationTokenSource cts) : IEdXmlAttachmentSink
    {
        public bool Abandoned { get; private set; }
        public long Written => _stream.Length;
        private readonly MemoryStream _stream = new();

        public ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct) => ValueTask.FromResult<Stream>(new Watch(_stream, cts));

        public ValueTask AbandonAsync(EdXmlAttachmentInfo attachment, Stream stream)
        {
            Abandoned = true;
            return ValueTask.CompletedTask;
        }

        private sealed class Watch(MemoryStream inner, CancellationTokenSource cts) : MemoryStream
        {
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                inner.Write(buffer.Span);
                cts.Cancel();
                return ValueTask.CompletedTask;
            }
        }
    }
}
