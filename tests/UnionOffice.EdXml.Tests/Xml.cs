namespace UnionOffice.EdXml.Tests;

/// <summary>
/// A small hand-written document message (not our writer's output, so the reader is tested on its own), with
/// <see cref="With"/> to change one part of it.
/// </summary>
internal static class Xml
{
    public const string Ns = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    public const string Document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
          <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
            <edXML:edXMLHeader>
              <edXML:MessageHeader>
                <edXML:From><edXML:OrganId>I02</edXML:OrganId><edXML:OrganName>Tổng Liên đoàn</edXML:OrganName></edXML:From>
                <edXML:To><edXML:OrganId>I02.36</edXML:OrganId></edXML:To>
                <edXML:To><edXML:OrganId>I02.01</edXML:OrganId></edXML:To>
                <edXML:DocumentId>I02,2026/03/05,12/TLĐ</edXML:DocumentId>
                <edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>TLĐ</edXML:CodeNotation></edXML:Code>
                <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2026/03/05</edXML:PromulgationDate></edXML:PromulgationInfo>
                <edXML:DocumentType><edXML:Type>1</edXML:Type></edXML:DocumentType>
                <edXML:Subject>Về việc thử</edXML:Subject>
                <edXML:DueDate>2026/04/01</edXML:DueDate>
                <edXML:OtherInfo><edXML:Priority>1</edXML:Priority></edXML:OtherInfo>
              </edXML:MessageHeader>
              <edXML:TraceHeaderList>
                <edXML:TraceHeader><edXML:OrganId>I02</edXML:OrganId><edXML:Timestamp>2026/03/05 10:11:12</edXML:Timestamp></edXML:TraceHeader>
              </edXML:TraceHeaderList>
            </edXML:edXMLHeader>
            <edXML:edXMLBody>
              <edXML:edXMLManifest version="1.0">
                <edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId><edXML:ContentType>text/plain</edXML:ContentType><edXML:AttachmentName>a.txt</edXML:AttachmentName></edXML:Reference>
              </edXML:edXMLManifest>
            </edXML:edXMLBody>
          </edXML:edXMLEnvelope>
          <AttachmentEncoded>
            <Attachment>
              <ContentId>cid:1</ContentId>
              <AttachmentName>a.txt</AttachmentName>
              <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">eGluIGNow6Bv</edXML:ContentTransferEncoded>
            </Attachment>
          </AttachmentEncoded>
        </edXML>
        """;

    public const string HeaderPath = "edXML/edXMLEnvelope/edXMLHeader/MessageHeader";

    /// <summary>The document with <paramref name="old"/> (which must occur) replaced by <paramref name="replacement"/>.</summary>
    public static string With(string old, string replacement)
    {
        Assert.Contains(old, Document);
        return Document.Replace(old, replacement);
    }
}
