namespace UnionOffice.EdXml;

/// <summary>The namespace and the names of the edXML format (QCVN 102:2016/BTTTT).</summary>
public static class EdXmlNames
{
    /// <summary>The one namespace of edXML; every element of a message is in it.</summary>
    public const string Namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    /// <summary>The prefix written on the envelope's elements: some receivers look elements up by prefixed name.</summary>
    public const string Prefix = "edXML";

    /// <summary>Namespaces of older systems, refused as a whole rather than half-read.</summary>
    public static IReadOnlyList<string> ObsoleteNamespaces { get; } = ["http://www.e-doc.vn/Schema/", "http://www.go.vn/eDoc"];

    internal const string XLink = "http://www.w3.org/1999/xlink";
    internal const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";
    internal const string Xmlns = "http://www.w3.org/2000/xmlns/";

    internal const string Root = "edXML";
    internal const string Envelope = "edXMLEnvelope";
    internal const string Header = "edXMLHeader";
    internal const string MessageHeader = "MessageHeader";
    internal const string TraceHeaderList = "TraceHeaderList";
    internal const string Body = "edXMLBody";
    internal const string Manifest = "edXMLManifest";
    internal const string Reference = "Reference";
    internal const string AttachmentEncoded = "AttachmentEncoded";
    internal const string Attachment = "Attachment";
    internal const string ContentTransferEncoded = "ContentTransferEncoded";
    internal const string Signature = "Signature";
}
