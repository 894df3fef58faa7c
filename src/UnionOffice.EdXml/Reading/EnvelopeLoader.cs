using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>
/// Copies the envelope (header, signature, manifest) from the streaming reader into a small DOM, within the limits:
/// depth, characters per text node, characters and nodes in all. The DOM serves both the model's parser and the
/// signature check, which needs the exact nodes. The attachments, after the envelope, are never put in it.
/// </summary>
internal static class EnvelopeLoader
{
    /// <summary>Loads the element the reader is on, with its subtree, under <paramref name="parent"/>; afterwards the reader is past its end.</summary>
    public static async Task<XmlElement> LoadAsync(ReadContext ctx, XmlNode parent, CancellationToken ct)
    {
        var r = ctx.Reader;
        var doc = parent.OwnerDocument ?? (XmlDocument)parent;
        var options = ctx.Options;
        var top = r.Depth;
        long chars = 0;
        var nodes = 0;
        XmlNode current = parent;
        XmlElement? first = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var done = false;
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                    if (r.Depth + 1 > options.MaxDepth)
                        throw ctx.Fail(EdXmlErrorCodes.TooDeep, ElementPath.Child(current, r.LocalName), $"Các phần tử lồng nhau sâu quá {options.MaxDepth} mức.");
                    if (EdXmlNames.ObsoleteNamespaces.Contains(r.NamespaceURI))
                        throw ctx.Fail(EdXmlErrorCodes.ObsoleteNamespace, ElementPath.Child(current, r.LocalName), ObsoleteMessage(r.NamespaceURI));
                    if (++nodes > options.MaxEnvelopeNodes)
                        throw ctx.Fail(EdXmlErrorCodes.EnvelopeTooLarge, ElementPath.Child(current, r.LocalName), $"Phong bì có quá {options.MaxEnvelopeNodes} nút.");
                    var element = (LineInfoElement)doc.CreateElement(r.Prefix, r.LocalName, r.NamespaceURI);
                    if (r is IXmlLineInfo info) (element.LineNumber, element.LinePosition) = (info.LineNumber, info.LinePosition);
                    current.AppendChild(element);
                    first ??= element;
                    ctx.LoadingElement = element;
                    var empty = r.IsEmptyElement;
                    if (r.MoveToFirstAttribute())
                    {
                        do
                        {
                            var value = r.Value;
                            chars += value.Length + r.LocalName.Length;
                            if (value.Length > options.MaxFieldChars)
                                throw ctx.Fail(EdXmlErrorCodes.FieldTooLong, ElementPath.Of(element) + "/@" + r.LocalName, $"Thuộc tính dài quá {options.MaxFieldChars} ký tự cho phép.");
                            var attribute = doc.CreateAttribute(r.Prefix, r.LocalName, r.NamespaceURI);
                            attribute.Value = value;
                            element.Attributes.Append(attribute);
                        } while (r.MoveToNextAttribute());
                        r.MoveToElement();
                    }
                    if (empty) done = r.Depth == top;
                    else current = element;
                    ctx.LoadingElement = current;
                    break;
                case XmlNodeType.EndElement:
                    done = r.Depth == top;
                    current = current.ParentNode!;
                    ctx.LoadingElement = current;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (++nodes > options.MaxEnvelopeNodes)
                        throw ctx.Fail(EdXmlErrorCodes.EnvelopeTooLarge, ElementPath.Of(current), $"Phong bì có quá {options.MaxEnvelopeNodes} nút.");
                    var type = r.NodeType;
                    var text = await ctx.ReadBoundedValueAsync(ElementPath.Of(current), options.MaxFieldChars);
                    chars += text.Length;
                    current.AppendChild(type switch
                    {
                        XmlNodeType.CDATA => doc.CreateCDataSection(text),
                        XmlNodeType.Whitespace => doc.CreateWhitespace(text),
                        XmlNodeType.SignificantWhitespace => doc.CreateSignificantWhitespace(text),
                        _ => doc.CreateTextNode(text),
                    });
                    break;
                case XmlNodeType.ProcessingInstruction:
                    chars += r.Value.Length;
                    current.AppendChild(doc.CreateProcessingInstruction(r.LocalName, r.Value));
                    break;
            }
            if (chars > options.MaxEnvelopeChars)
                throw ctx.Fail(EdXmlErrorCodes.EnvelopeTooLarge, ElementPath.Of(current), $"Phong bì dài quá {options.MaxEnvelopeChars} ký tự cho phép.");
            if (done)
            {
                ctx.LoadingElement = null;
                await r.ReadAsync();
                return first!;
            }
            if (!await r.ReadAsync())
                throw ctx.Fail(EdXmlErrorCodes.Malformed, ElementPath.Of(current), "Thông điệp bị cắt cụt.");
        }
    }

    public static string ObsoleteMessage(string ns) =>
        $"Thông điệp dùng namespace cũ '{ns}', không theo QCVN 102:2016; chỉ nhận namespace '{EdXmlNames.Namespace}'.";
}
