using System.Text;

namespace UnionOffice.EdXml.Tests;

/// <summary>Anything but edXML as the reader accepts it is refused with the element and a stable code.</summary>
public class ReaderRefusalTests
{
    private const string H = Xml.HeaderPath;

    [Fact]
    public async Task Read_WhenDtdPresent_IsRefused()
    {
        var xml = Xml.Document.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\"?><!DOCTYPE edXML [<!ENTITY x \"y\">]>");

        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.DtdProhibited, e.Code);
    }

    [Fact]
    public async Task Read_WhenEntityExpansionAttempted_IsRefusedBeforeExpanding()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&lol3;</edXML>
            """;

        Assert.Equal(EdXmlErrorCodes.DtdProhibited, (await Messages.RefusedAsync(xml)).Code);
    }

    [Fact]
    public async Task Read_WhenExternalEntityReferenced_IsRefusedWithoutFetching()
    {
        var xml = Xml.Document.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\"?><!DOCTYPE edXML [<!ENTITY f SYSTEM \"file:///etc/passwd\">]>")
            .Replace("Về việc thử", "&f;");

        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.DtdProhibited, e.Code);
        Assert.DoesNotContain("root:", e.Message);
    }

    [Theory]
    [InlineData("http://www.e-doc.vn/Schema/")]
    [InlineData("http://www.go.vn/eDoc")]
    public async Task Read_WhenRootInAnObsoleteNamespace_IsRefused(string ns)
    {
        var e = await Messages.RefusedAsync(Xml.Document.Replace(Xml.Ns, ns));

        Assert.Equal(EdXmlErrorCodes.ObsoleteNamespace, e.Code);
        Assert.Equal("edXML", e.Element);
        Assert.Contains(ns, e.Message);
    }

    [Fact]
    public async Task Read_WhenAnInnerElementIsInAnObsoleteNamespace_IsRefusedNotHalfRead()
    {
        var xml = Xml.With("<edXML:Subject>Về việc thử</edXML:Subject>", "<old:Subject xmlns:old=\"http://www.e-doc.vn/Schema/\">Về việc thử</old:Subject>");

        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.ObsoleteNamespace, e.Code);
        Assert.Equal($"{H}/Subject", e.Element);
    }

    [Theory]
    [InlineData("<html><body/></html>", "html")]
    [InlineData("<edXML><x/></edXML>", "edXML")]
    [InlineData("<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"/>", "edXMLEnvelope")]
    public async Task Read_WhenRootUnknown_IsRefused(string xml, string element)
    {
        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.UnknownRoot, e.Code);
        Assert.Equal(element, e.Element);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("%PDF-1.7")]
    public async Task Read_WhenNotXml_IsRefusedAsMalformed(string text)
    {
        Assert.Equal(EdXmlErrorCodes.Malformed, (await Messages.RefusedAsync(text)).Code);
    }

    [Fact]
    public async Task Read_WhenTruncated_IsRefusedAsMalformedWithTheLine()
    {
        var e = await Messages.RefusedAsync(Xml.Document[..Xml.Document.IndexOf("<edXML:Subject>", StringComparison.Ordinal)]);

        Assert.Equal(EdXmlErrorCodes.Malformed, e.Code);
        Assert.True(e.LineNumber > 1);
    }

    [Theory]
    [InlineData("<edXML:Subject>Về việc thử</edXML:Subject>", "Subject")]
    [InlineData("<edXML:Subject>Về việc thử</edXML:Subject>", "Subject", "<edXML:Subject> </edXML:Subject>")]
    [InlineData("<edXML:DocumentId>I02,2026/03/05,12/TLĐ</edXML:DocumentId>", "DocumentId")]
    [InlineData("<edXML:CodeNumber>12</edXML:CodeNumber>", "Code/CodeNumber")]
    [InlineData("<edXML:PromulgationDate>2026/03/05</edXML:PromulgationDate>", "PromulgationInfo/PromulgationDate")]
    [InlineData("<edXML:From><edXML:OrganId>I02</edXML:OrganId><edXML:OrganName>Tổng Liên đoàn</edXML:OrganName></edXML:From>", "From")]
    [InlineData("<edXML:From><edXML:OrganId>I02</edXML:OrganId>", "From/OrganId", "<edXML:From>")]
    public async Task Read_WhenRequiredFieldMissing_IsRefusedNamingIt(string remove, string element, string replacement = "")
    {
        var e = await Messages.RefusedAsync(Xml.With(remove, replacement));

        Assert.Equal(EdXmlErrorCodes.MissingElement, e.Code);
        Assert.Equal($"{H}/{element}", e.Element);
        Assert.True(e.LineNumber > 0);
    }

    [Fact]
    public async Task Read_WhenNoRecipient_IsRefused()
    {
        var xml = Xml.With("<edXML:To><edXML:OrganId>I02.36</edXML:OrganId></edXML:To>", "").Replace("<edXML:To><edXML:OrganId>I02.01</edXML:OrganId></edXML:To>", "");

        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.MissingElement, e.Code);
        Assert.Equal($"{H}/To", e.Element);
    }

    [Fact]
    public async Task Read_WhenSameRecipientTwice_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("<edXML:OrganId>I02.01</edXML:OrganId>", "<edXML:OrganId> i02.36 </edXML:OrganId>"));

        Assert.Equal(EdXmlErrorCodes.DuplicateRecipient, e.Code);
        Assert.Equal($"{H}/To[2]", e.Element);
        Assert.Contains("i02.36", e.Message);
    }

    [Fact]
    public async Task Read_WhenSingleFieldGivenTwice_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("<edXML:Subject>Về việc thử</edXML:Subject>", "<edXML:Subject>A</edXML:Subject><edXML:Subject>B</edXML:Subject>"));

        Assert.Equal(EdXmlErrorCodes.DuplicateElement, e.Code);
        Assert.Equal($"{H}/Subject[2]", e.Element);
    }

    [Theory]
    [InlineData("2026/03/05</edXML:PromulgationDate>", "2026-03-05</edXML:PromulgationDate>", "PromulgationInfo/PromulgationDate")]
    [InlineData("2026/03/05</edXML:PromulgationDate>", "2026/02/30</edXML:PromulgationDate>", "PromulgationInfo/PromulgationDate")]
    [InlineData("<edXML:DueDate>2026/04/01</edXML:DueDate>", "<edXML:DueDate>mai</edXML:DueDate>", "DueDate")]
    [InlineData("<edXML:Priority>1</edXML:Priority>", "<edXML:Priority>7</edXML:Priority>", "OtherInfo/Priority")]
    [InlineData("<edXML:Priority>1</edXML:Priority>", "<edXML:Priority>khẩn</edXML:Priority>", "OtherInfo/Priority")]
    [InlineData("<edXML:Type>1</edXML:Type>", "<edXML:Type>99999999999</edXML:Type>", "DocumentType/Type")]
    public async Task Read_WhenValueDoesNotRead_IsRefusedNamingTheField(string old, string replacement, string element)
    {
        var e = await Messages.RefusedAsync(Xml.With(old, replacement));

        Assert.Equal(EdXmlErrorCodes.InvalidValue, e.Code);
        Assert.Equal($"{H}/{element}", e.Element);
    }

    [Theory]
    [InlineData("07")]
    [InlineData("5")]
    [InlineData("xx")]
    public async Task Read_WhenStatusCodeUnknown_IsRefused(string code)
    {
        var e = await Messages.RefusedAsync(Samples.Text(Samples.Status).Replace("<edXML:StatusCode>05<", $"<edXML:StatusCode>{code}<"));

        Assert.Equal(EdXmlErrorCodes.InvalidValue, e.Code);
        Assert.Equal($"{H}/StatusCode", e.Element);
    }

    [Fact]
    public async Task Read_WhenTextStandsBetweenChildren_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("<edXML:CodeNumber>", "lạc<edXML:CodeNumber>"));

        Assert.Equal(EdXmlErrorCodes.UnexpectedElement, e.Code);
        Assert.Equal($"{H}/Code", e.Element);
    }

    [Fact]
    public async Task Read_WhenATextFieldHoldsAnElement_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("Về việc thử", "Về <edXML:b>việc</edXML:b> thử"));

        Assert.Equal(EdXmlErrorCodes.UnexpectedElement, e.Code);
        Assert.Equal($"{H}/Subject/b", e.Element);
    }

    [Fact]
    public async Task Read_WhenBase64IsBad_IsRefusedNamingTheAttachment()
    {
        var e = await Messages.RefusedAsync(Xml.With(">eGluIGNow6Bv<", ">eGlu*GNow6Bv<"));

        Assert.Equal(EdXmlErrorCodes.InvalidBase64, e.Code);
        Assert.Equal("edXML/AttachmentEncoded/Attachment[1]/ContentTransferEncoded", e.Element);
    }

    [Fact]
    public async Task Read_WhenBase64IsBad_TheSinkIsToldToAbandonTheAttachment()
    {
        var sink = new RecordingSink();

        await Assert.ThrowsAsync<EdXmlFormatException>(() => Messages.ReadAsync(Encoding.UTF8.GetBytes(Xml.With(">eGluIGNow6Bv<", ">eGluIGNow6Bv!!<")), sink: sink));

        Assert.Equal(["open cid:1", "abandon cid:1"], sink.Calls);
        Assert.True(sink.Stream!.Disposed);
    }

    [Fact]
    public async Task Read_WhenAttachmentNotInManifest_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("<ContentId>cid:1</ContentId>", "<ContentId>cid:9</ContentId>"));

        Assert.Equal(EdXmlErrorCodes.UnlistedAttachment, e.Code);
        Assert.Equal("edXML/AttachmentEncoded/Attachment[1]/ContentId", e.Element);
    }

    [Fact]
    public async Task Read_WhenManifestNamesAMissingAttachment_IsRefused()
    {
        var xml = Xml.With("<AttachmentEncoded>", "<AttachmentEncoded/><Ignored>").Replace("</AttachmentEncoded>", "</Ignored>");

        var e = await Messages.RefusedAsync(xml);

        Assert.Equal(EdXmlErrorCodes.MissingAttachment, e.Code);
        Assert.Equal("edXML/edXMLEnvelope/edXMLBody/edXMLManifest/Reference", e.Element);
    }

    [Fact]
    public async Task Read_WhenAttachmentGivenTwice_IsRefused()
    {
        var attachment = Xml.Document[Xml.Document.IndexOf("<Attachment>", StringComparison.Ordinal)..(Xml.Document.IndexOf("</Attachment>", StringComparison.Ordinal) + 13)];

        var e = await Messages.RefusedAsync(Xml.With(attachment, attachment + attachment));

        Assert.Equal(EdXmlErrorCodes.DuplicateAttachment, e.Code);
        Assert.Equal("edXML/AttachmentEncoded/Attachment[2]/ContentId", e.Element);
    }

    [Fact]
    public async Task Read_WhenStatusCarriesAttachments_IsRefused()
    {
        var status = Samples.Text(Samples.Status).Replace("</edXML:edXMLHeader>",
            "</edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest><edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody>");

        var e = await Messages.RefusedAsync(status);

        Assert.Equal(EdXmlErrorCodes.UnexpectedElement, e.Code);
    }

    [Fact]
    public async Task Read_WhenNestedDeeperThanTheLimit_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("<edXML:d>", 40)) + string.Concat(Enumerable.Repeat("</edXML:d>", 40));

        var e = await Messages.RefusedAsync(Xml.With("<edXML:Subject>", deep + "<edXML:Subject>"));

        Assert.Equal(EdXmlErrorCodes.TooDeep, e.Code);
        Assert.Equal(32 + 1, e.Element.Split('/').Length);
    }

    [Fact]
    public async Task Read_WhenAFieldIsLongerThanTheLimit_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("Về việc thử", new string('a', 64 * 1024 + 1)));

        Assert.Equal(EdXmlErrorCodes.FieldTooLong, e.Code);
        Assert.Equal($"{H}/Subject", e.Element);
    }

    [Fact]
    public async Task Read_WhenAFieldIsAtTheLimit_IsAccepted()
    {
        var d = (EdXmlDocument)(await Messages.ReadAsync(Xml.With("Về việc thử", new string('a', 64 * 1024)))).Message;

        Assert.Equal(64 * 1024, d.Subject.Length);
    }

    [Fact]
    public async Task Read_WhenAFieldIsLongerThanAConfiguredLimit_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.Document, EdXmlReaderOptions.Default with { MaxFieldChars = 5 });

        Assert.Equal(EdXmlErrorCodes.FieldTooLong, e.Code);
    }

    [Fact]
    public async Task Read_WhenTheEnvelopeHasTooManyNodes_IsRefused()
    {
        var places = "<edXML:ToPlaces>" + string.Concat(Enumerable.Repeat("<edXML:Place>x</edXML:Place>", 20_000)) + "</edXML:ToPlaces>";

        var e = await Messages.RefusedAsync(Xml.With("<edXML:Subject>", places + "<edXML:Subject>"));

        Assert.Equal(EdXmlErrorCodes.EnvelopeTooLarge, e.Code);
    }

    [Fact]
    public async Task Read_WhenTheEnvelopeHasTooManyCharacters_IsRefused()
    {
        var places = "<edXML:ToPlaces>" + string.Concat(Enumerable.Repeat("<edXML:Place>" + new string('x', 60_000) + "</edXML:Place>", 80)) + "</edXML:ToPlaces>";

        var e = await Messages.RefusedAsync(Xml.With("<edXML:Subject>", places + "<edXML:Subject>"));

        Assert.Equal(EdXmlErrorCodes.EnvelopeTooLarge, e.Code);
    }

    [Fact]
    public async Task Read_WhenMoreAttachmentsThanTheLimit_IsRefused()
    {
        var document = Messages.Document(Messages.Attachment(1), Messages.Attachment(2), Messages.Attachment(3));
        var bytes = await Messages.WriteAsync(document, new Dictionary<string, byte[]> { ["cid:1"] = [1], ["cid:2"] = [2], ["cid:3"] = [3] });

        var e = await Assert.ThrowsAsync<EdXmlFormatException>(() => Messages.ReadAsync(bytes, EdXmlReaderOptions.Default with { MaxAttachments = 2 }));

        Assert.Equal(EdXmlErrorCodes.TooManyAttachments, e.Code);
        Assert.Equal("edXML/AttachmentEncoded/Attachment[3]", e.Element);
    }

    [Fact]
    public async Task Read_WhenAttachmentsExceedTheTotalSize_IsRefusedAndTheSinkAbandons()
    {
        var document = Messages.Document(Messages.Attachment(1), Messages.Attachment(2));
        var bytes = await Messages.WriteAsync(document, new Dictionary<string, byte[]> { ["cid:1"] = new byte[600], ["cid:2"] = new byte[600] });
        var sink = new RecordingSink();

        var e = await Assert.ThrowsAsync<EdXmlFormatException>(() => Messages.ReadAsync(bytes, EdXmlReaderOptions.Default with { MaxTotalAttachmentBytes = 1000 }, sink));

        Assert.Equal(EdXmlErrorCodes.AttachmentsTooLarge, e.Code);
        Assert.Equal("edXML/AttachmentEncoded/Attachment[2]/ContentTransferEncoded", e.Element);
        Assert.Equal(["open cid:1", "complete cid:1 600", "open cid:2", "abandon cid:2"], sink.Calls);
    }

    [Fact]
    public async Task Read_WhenAHeaderFieldIsHuge_IsRefusedWithoutHoldingIt()
    {
        // 200 MB of 'a' in Subject, made as it is read: refused after the first 64 K characters.
        var head = Xml.Document[..(Xml.Document.IndexOf("Về việc thử", StringComparison.Ordinal))];
        using var input = new ConcatStream(Encoding.UTF8.GetBytes(head), (byte)'a', 200L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = await Assert.ThrowsAsync<EdXmlFormatException>(() => EdXmlReader.ReadAsync(input, EdXmlAttachmentSinks.Discard));

        Assert.Equal(EdXmlErrorCodes.FieldTooLong, e.Code);
        Assert.True(input.Position < 10 * 1024 * 1024, $"read {input.Position} bytes");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 20 * 1024 * 1024);
    }

    private sealed class RecordingSink : IEdXmlAttachmentSink
    {
        public List<string> Calls { get; } = [];
        public TrackedStream? Stream { get; private set; }

        public ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct)
        {
            Calls.Add("open " + attachment.ContentId);
            Stream = new TrackedStream();
            return ValueTask.FromResult<Stream>(Stream);
        }

        public ValueTask<object?> CompleteAsync(EdXmlAttachmentInfo attachment, Stream stream, long length, string sha256, CancellationToken ct)
        {
            Calls.Add($"complete {attachment.ContentId} {length}");
            return ValueTask.FromResult<object?>(null);
        }

        public ValueTask AbandonAsync(EdXmlAttachmentInfo attachment, Stream stream)
        {
            Calls.Add("abandon " + attachment.ContentId);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TrackedStream : MemoryStream
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A prefix, then one byte repeated: a stream of any length that is never in memory.</summary>
    private sealed class ConcatStream(byte[] prefix, byte fill, long fillLength) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => prefix.Length + fillLength;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, Length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = _position + i < prefix.Length ? prefix[_position + i] : fill;
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
