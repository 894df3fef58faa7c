namespace UnionOffice.EdXml.Tests;

/// <summary>The variants seen in the wild, which the reader takes.</summary>
public class ReaderToleranceTests
{
    [Fact]
    public async Task Read_HandWrittenDocument_GivesItsFields()
    {
        var result = await Messages.ReadAsync(Xml.Document);

        var d = Assert.IsType<EdXmlDocument>(result.Message);
        Assert.Equal(["I02.36", "I02.01"], d.To.Select(t => t.OrganId));
        Assert.Equal("Về việc thử", d.Subject);
        Assert.Equal(1, d.OtherInfo.Priority);
        Assert.Equal("xin chào"u8.ToArray(), (byte[])Assert.Single(result.Attachments).Handle!);
        Assert.Equal(new EdXmlAttachmentInfo("cid:1", "a.txt", "text/plain"), Assert.Single(d.Attachments));
    }

    [Fact]
    public async Task Read_ManifestWithXlinkAttributes_IsAccepted()
    {
        var xml = Xml.With("<edXML:Reference>", "<edXML:Reference xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"cid:1\" xlink:type=\"simple\">");

        var d = (EdXmlDocument)(await Messages.ReadAsync(xml)).Message;

        Assert.Equal("cid:1", Assert.Single(d.Attachments).ContentId);
    }

    [Fact]
    public async Task Read_ManifestWithOnlyXlinkHref_TakesTheContentIdFromIt()
    {
        var xml = Xml.With("<edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId>",
            "<edXML:Reference xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"cid:1\" xlink:type=\"simple\">");

        var result = await Messages.ReadAsync(xml);

        Assert.Equal("cid:1", Assert.Single(result.Attachments).Info.ContentId);
    }

    [Fact]
    public async Task Read_WhenXlinkHrefDisagreesWithContentId_IsRefused()
    {
        var e = await Messages.RefusedAsync(Xml.With("<edXML:Reference>",
            "<edXML:Reference xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"cid:2\" xlink:type=\"simple\">"));

        Assert.Equal(EdXmlErrorCodes.InvalidValue, e.Code);
        Assert.Equal("edXML/edXMLEnvelope/edXMLBody/edXMLManifest/Reference", e.Element);
    }

    [Fact]
    public async Task Read_DatesWrittenDayFirst_AreAccepted()
    {
        var xml = Xml.With("2026/03/05</edXML:PromulgationDate>", "05/03/2026</edXML:PromulgationDate>")
            .Replace("2026/04/01", "01/04/2026").Replace("2026/03/05 10:11:12", "05/03/2026 10:11:12");

        var d = (EdXmlDocument)(await Messages.ReadAsync(xml)).Message;

        Assert.Equal(new DateOnly(2026, 3, 5), d.Promulgation.PromulgationDate);
        Assert.Equal(new DateOnly(2026, 4, 1), d.DueDate);
        Assert.Equal(new DateTime(2026, 3, 5, 10, 11, 12), d.Trace!.TraceHeaders[0].Timestamp);
    }

    [Fact]
    public async Task Read_ChildrenInAnotherOrder_AreAccepted()
    {
        var xml = Xml.With("<edXML:Subject>Về việc thử</edXML:Subject>", "")
            .Replace("<edXML:From>", "<edXML:Subject>Về việc thử</edXML:Subject><edXML:From>");

        Assert.Equal("Về việc thử", ((EdXmlDocument)(await Messages.ReadAsync(xml)).Message).Subject);
    }

    [Fact]
    public async Task Read_UnknownElements_AreSkippedAndListed()
    {
        var xml = Xml.With("<edXML:Subject>", "<edXML:NewField2022><edXML:X>1</edXML:X></edXML:NewField2022><other:Y xmlns:other=\"urn:x\">2</other:Y><edXML:Subject>");

        var result = await Messages.ReadAsync(xml);

        Assert.Equal([$"{Xml.HeaderPath}/NewField2022", $"{Xml.HeaderPath}/Y"], result.IgnoredElements);
        Assert.Equal("Về việc thử", ((EdXmlDocument)result.Message).Subject);
    }

    [Fact]
    public async Task Read_CDataCommentsAndSurroundingSpace_AreAccepted()
    {
        var xml = Xml.With("<edXML:Subject>Về việc thử</edXML:Subject>", "<!-- c --><edXML:Subject>  <![CDATA[Về việc <thử>]]> <!-- d --></edXML:Subject>");

        Assert.Equal("Về việc <thử>", ((EdXmlDocument)(await Messages.ReadAsync(xml)).Message).Subject);
    }

    [Fact]
    public async Task Read_Base64WithLineBreaks_IsDecoded()
    {
        var xml = Xml.With(">eGluIGNow6Bv<", ">\n  eGluIG\r\n  Nob6Bv \n<".Replace("Nob6Bv", "Now6Bv"));

        Assert.Equal("xin chào"u8.ToArray(), (byte[])Assert.Single((await Messages.ReadAsync(xml)).Attachments).Handle!);
    }

    [Fact]
    public async Task Read_StatusSampleWithoutBody_HasNoAttachments()
    {
        var result = await Messages.ReadAsync(Samples.Bytes(Samples.Status));

        Assert.Empty(result.Attachments);
    }
}
