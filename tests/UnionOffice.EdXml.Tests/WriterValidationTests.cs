namespace UnionOffice.EdXml.Tests;

public class WriterValidationTests
{
    private static async Task<EdXmlValidationException> RefusedAsync(EdXmlDocument document)
    {
        using var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<EdXmlValidationException>(() =>
            EdXmlWriter.WriteAsync(output, document, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream())));
        Assert.Equal(0, output.Length); // nothing written
        return e;
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public async Task Write_WhenPriorityOutside0To4_IsRefusedNamingPriority(int priority)
    {
        var e = await RefusedAsync(Messages.Document() with { OtherInfo = new EdXmlOtherInfo { Priority = priority } });

        Assert.Equal("MessageHeader/OtherInfo/Priority", e.Field);
        Assert.Equal(EdXmlErrorCodes.FieldOutOfRange, e.Code);
    }

    [Fact]
    public async Task Write_WhenPriorityIs4_IsAccepted()
    {
        var bytes = await Messages.WriteAsync(Messages.Document() with { OtherInfo = new EdXmlOtherInfo { Priority = 4 } }, new Dictionary<string, byte[]>());

        Assert.Equal(4, ((EdXmlDocument)(await Messages.ReadAsync(bytes)).Message).OtherInfo.Priority);
    }

    [Fact]
    public async Task Write_WhenCodeNumberLongerThan11_IsRefusedNamingCodeNumber()
    {
        var e = await RefusedAsync(Messages.Document() with { Code = new EdXmlCode("123456789012", "TLĐ") });

        Assert.Equal("MessageHeader/Code/CodeNumber", e.Field);
        Assert.Equal(EdXmlErrorCodes.FieldTooLong, e.Code);
        Assert.Contains("12", e.Message);
    }

    [Fact]
    public async Task Write_WhenCodeNotationLongerThan30_IsRefusedNamingCodeNotation()
    {
        var e = await RefusedAsync(Messages.Document() with { Code = new EdXmlCode("1", new string('A', 31)) });

        Assert.Equal("MessageHeader/Code/CodeNotation", e.Field);
    }

    [Fact]
    public async Task Write_WhenLimitsAreMetExactly_IsAccepted()
    {
        var document = Messages.Document() with
        {
            Code = new EdXmlCode("12345678901", new string('Đ', 30)),
            Subject = new string('ệ', 500),
            Content = new string('ư', 500),
        };

        var read = (EdXmlDocument)(await Messages.ReadAsync(await Messages.WriteAsync(document, new Dictionary<string, byte[]>()))).Message;

        Assert.Equal(document, read);
    }

    [Fact]
    public async Task Write_WhenSubjectLongerThan500_IsRefusedNamingSubject()
    {
        var e = await RefusedAsync(Messages.Document() with { Subject = new string('a', 501) });

        Assert.Equal("MessageHeader/Subject", e.Field);
    }

    [Fact]
    public async Task Write_WhenContentLongerThan500_IsRefusedNamingContent()
    {
        var e = await RefusedAsync(Messages.Document() with { Content = new string('a', 501) });

        Assert.Equal("MessageHeader/Content", e.Field);
    }

    [Fact]
    public async Task Write_WhenSubjectMissing_IsRefusedAsRequired()
    {
        var e = await RefusedAsync(Messages.Document() with { Subject = "  " });

        Assert.Equal("MessageHeader/Subject", e.Field);
        Assert.Equal(EdXmlErrorCodes.FieldRequired, e.Code);
    }

    [Fact]
    public async Task Write_WhenRecipientTwice_IsRefused()
    {
        var e = await RefusedAsync(Messages.Document() with { To = [new EdXmlOrgan("I02.36"), new EdXmlOrgan("I02.01"), new EdXmlOrgan(" i02.36 ")] });

        Assert.Equal("MessageHeader/To[3]/OrganId", e.Field);
        Assert.Equal(EdXmlErrorCodes.DuplicateRecipient, e.Code);
    }

    [Fact]
    public async Task Write_WhenNoRecipient_IsRefused()
    {
        var e = await RefusedAsync(Messages.Document() with { To = [] });

        Assert.Equal("MessageHeader/To", e.Field);
    }

    [Theory]
    [InlineData("I 02")]
    [InlineData("000.00.00.G2")]
    [InlineData("x")]
    public async Task Write_WhenOrganIdMalformed_IsRefused(string organId)
    {
        var e = await RefusedAsync(Messages.Document() with { From = new EdXmlOrgan(organId) });

        Assert.Equal("MessageHeader/From/OrganId", e.Field);
        Assert.Equal(EdXmlErrorCodes.FieldInvalid, e.Code);
    }

    [Fact]
    public async Task Write_WhenTextHasACharacterXmlCannotCarry_IsRefused()
    {
        var e = await RefusedAsync(Messages.Document() with { Signer = new EdXmlSignerInfo(FullName: "Nguyễn\u0001Văn A") });

        Assert.Equal("MessageHeader/SignerInfo/FullName", e.Field);
        Assert.Equal(EdXmlErrorCodes.FieldInvalid, e.Code);
    }

    [Fact]
    public async Task Write_WhenTwoAttachmentsShareAContentId_IsRefused()
    {
        var e = await RefusedAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(1)));

        Assert.Equal("edXMLManifest/Reference[2]/ContentId", e.Field);
        Assert.Equal(EdXmlErrorCodes.DuplicateAttachment, e.Code);
    }

    [Fact]
    public async Task Write_WhenSeveralRulesBroken_ListsEveryField()
    {
        var e = await RefusedAsync(Messages.Document() with { Subject = "", Code = new EdXmlCode("", "") });

        Assert.Equal(["MessageHeader/Code/CodeNumber", "MessageHeader/Code/CodeNotation", "MessageHeader/Subject"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public async Task Write_WhenStatusCodeUnknown_IsRefused()
    {
        var e = await Assert.ThrowsAsync<EdXmlValidationException>(() => Messages.WriteAsync(Messages.Status() with { StatusCode = (EdXmlStatusCode)7 }));

        Assert.Equal("MessageHeader/StatusCode", e.Field);
    }

    [Fact]
    public async Task Write_WhenStatusHasNoTimestamp_IsRefused()
    {
        var e = await Assert.ThrowsAsync<EdXmlValidationException>(() => Messages.WriteAsync(Messages.Status() with { Timestamp = default }));

        Assert.Equal("MessageHeader/Timestamp", e.Field);
    }
}
