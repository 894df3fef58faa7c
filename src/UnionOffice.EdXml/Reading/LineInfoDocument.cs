using System.Text;
using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>An XmlDocument whose elements remember the line they were read from, so errors found later say where.</summary>
internal sealed class LineInfoDocument : XmlDocument
{
    public LineInfoDocument()
    {
        PreserveWhitespace = true;
        XmlResolver = null;
    }

    public override XmlElement CreateElement(string? prefix, string localName, string? namespaceURI) =>
        new LineInfoElement(prefix ?? "", localName, namespaceURI, this);
}

internal sealed class LineInfoElement(string prefix, string localName, string? namespaceUri, XmlDocument doc)
    : XmlElement(prefix, localName, namespaceUri, doc), IXmlLineInfo
{
    public int LineNumber { get; set; }
    public int LinePosition { get; set; }
    public bool HasLineInfo() => LineNumber > 0;
}

internal static class ElementPath
{
    /// <summary><c>edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId</c>: local names, an index where a name repeats.</summary>
    public static string Of(XmlNode? node)
    {
        var parts = new List<string>();
        for (var n = node; n is XmlElement e; n = n.ParentNode)
            parts.Add(e.LocalName + IndexSuffix(e));
        parts.Reverse();
        return string.Join('/', parts);
    }

    /// <summary><paramref name="parent"/>'s path and one more step.</summary>
    public static string Child(XmlNode parent, string name) => Of(parent) + "/" + name;

    private static string IndexSuffix(XmlElement e)
    {
        if (e.ParentNode is not XmlElement parent) return "";
        int index = 0, count = 0;
        foreach (XmlNode sibling in parent.ChildNodes)
        {
            if (sibling is not XmlElement s || s.LocalName != e.LocalName || s.NamespaceURI != e.NamespaceURI) continue;
            count++;
            if (ReferenceEquals(s, e)) index = count;
        }
        return count > 1 ? new StringBuilder("[").Append(index).Append(']').ToString() : "";
    }

    public static (int Line, int Position) LineOf(XmlNode? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
}
