using System.Xml;
using UnionOffice.EdXml.Reading;
using UnionOffice.EdXml.Signing;

namespace UnionOffice.EdXml;

/// <summary>
/// Reads edXML messages, tolerant of the variants seen in the wild (Manifest references with or without xlink,
/// dd/MM/yyyy dates, children in any order, unknown elements skipped and listed) and refusing anything else with an
/// <see cref="EdXmlFormatException"/> that names the element. The envelope (a few kilobytes) is read within the
/// limits of <see cref="EdXmlReaderOptions"/>; the attachments are decoded in chunks into the caller's sink, so a
/// message of hundreds of megabytes is never held whole. No DTD is processed and nothing outside the stream is
/// fetched.
/// </summary>
public static class EdXmlReader
{
    /// <summary>Reads a message; each attachment's bytes go to <paramref name="sink"/> as they are decoded.</summary>
    /// <exception cref="EdXmlFormatException">The message is not edXML as this reader accepts it.</exception>
    public static async Task<EdXmlReadResult> ReadAsync(Stream input, IEdXmlAttachmentSink sink, EdXmlReaderOptions? options = null, CancellationToken ct = default)
    {
        options ??= EdXmlReaderOptions.Default;
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            CloseInput = false,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = options.EffectiveMaxDocumentChars,
        };
        using var reader = XmlReader.Create(input, settings);
        var ctx = new ReadContext(reader, options);
        try
        {
            return await ReadCoreAsync(ctx, sink, ct);
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
            throw new EdXmlFormatException(dtd ? EdXmlErrorCodes.DtdProhibited : EdXmlErrorCodes.Malformed, ctx.CurrentPath,
                dtd ? "Thông điệp có khai báo DTD; vì an toàn, thông điệp có DTD bị từ chối." : "Thông điệp không phải XML hợp lệ: " + e.Message,
                e.LineNumber, e.LinePosition, e);
        }
    }

    /// <summary>Reads a message; each attachment's bytes are written into the stream <paramref name="openAttachment"/> returns, which the reader then disposes.</summary>
    public static Task<EdXmlReadResult> ReadAsync(Stream input, Func<EdXmlAttachmentInfo, Stream> openAttachment, EdXmlReaderOptions? options = null, CancellationToken ct = default) =>
        ReadAsync(input, EdXmlAttachmentSinks.From(openAttachment), options, ct);

    private static async Task<EdXmlReadResult> ReadCoreAsync(ReadContext ctx, IEdXmlAttachmentSink sink, CancellationToken ct)
    {
        var r = ctx.Reader;
        if (await r.MoveToContentAsync() != XmlNodeType.Element)
            throw ctx.Fail(EdXmlErrorCodes.Malformed, "", "Thông điệp không có phần tử gốc.");
        if (EdXmlNames.ObsoleteNamespaces.Contains(r.NamespaceURI))
            throw ctx.Fail(EdXmlErrorCodes.ObsoleteNamespace, r.LocalName, EnvelopeLoader.ObsoleteMessage(r.NamespaceURI));
        if (r.LocalName != EdXmlNames.Root || r.NamespaceURI != EdXmlNames.Namespace)
            throw ctx.Fail(EdXmlErrorCodes.UnknownRoot, r.LocalName,
                $"Phần tử gốc '{r.LocalName}' (namespace '{r.NamespaceURI}') không phải edXML theo QCVN 102:2016 (edXML, namespace '{EdXmlNames.Namespace}').");

        var doc = new LineInfoDocument();
        var root = doc.CreateElement(r.Prefix, r.LocalName, r.NamespaceURI);
        doc.AppendChild(root);
        CopyAttributes(ctx, root);
        ctx.Path = EdXmlNames.Root;
        var rootEmpty = r.IsEmptyElement;
        await r.ReadAsync();

        XmlElement? envelope = null;
        ParsedEnvelope? parsed = null;
        SignatureCheck? signature = null;
        var attachments = new AttachmentReader(ctx, sink);
        var sawAttachments = false;
        while (!rootEmpty)
        {
            ct.ThrowIfCancellationRequested();
            switch (r.NodeType)
            {
                case XmlNodeType.Element when r.NamespaceURI == EdXmlNames.Namespace && r.LocalName == EdXmlNames.Envelope:
                    if (envelope is not null)
                        throw ctx.Fail(EdXmlErrorCodes.DuplicateElement, "edXML/edXMLEnvelope", "Thông điệp chỉ được có một phong bì (edXMLEnvelope).");
                    envelope = await EnvelopeLoader.LoadAsync(ctx, root, ct);
                    parsed = new EnvelopeParser(ctx).Parse(envelope);
                    if (parsed.Signature is not null) signature = EnvelopeSignature.Verify(envelope, parsed.Signature);
                    continue;
                case XmlNodeType.Element when r.NamespaceURI == EdXmlNames.Namespace && r.LocalName == EdXmlNames.AttachmentEncoded:
                    if (parsed is null)
                        throw ctx.Fail(EdXmlErrorCodes.MissingElement, "edXML/edXMLEnvelope", "Phong bì (edXMLEnvelope) phải đứng trước các tệp đính kèm (AttachmentEncoded).");
                    if (sawAttachments)
                        throw ctx.Fail(EdXmlErrorCodes.DuplicateElement, "edXML/AttachmentEncoded", "Thông điệp chỉ được có một phần AttachmentEncoded.");
                    sawAttachments = true;
                    await attachments.ReadAsync(parsed.Manifest, ct);
                    continue;
                case XmlNodeType.Element when EdXmlNames.ObsoleteNamespaces.Contains(r.NamespaceURI):
                    throw ctx.Fail(EdXmlErrorCodes.ObsoleteNamespace, "edXML/" + r.LocalName, EnvelopeLoader.ObsoleteMessage(r.NamespaceURI));
                case XmlNodeType.Element:
                    ctx.NoteIgnored("edXML/" + r.LocalName);
                    await r.SkipAsync();
                    continue;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (!string.IsNullOrWhiteSpace(await ctx.ReadBoundedValueAsync(EdXmlNames.Root, ctx.Options.MaxFieldChars)))
                        throw ctx.Fail(EdXmlErrorCodes.UnexpectedElement, EdXmlNames.Root, "Phần tử edXML không chứa văn bản trực tiếp.");
                    break;
                case XmlNodeType.EndElement:
                    rootEmpty = true;
                    continue;
            }
            if (!await r.ReadAsync()) break;
        }
        while (await r.ReadAsync()) { } // the parser checks that nothing but comments and whitespace follows the root

        if (parsed is null)
            throw new EdXmlFormatException(EdXmlErrorCodes.MissingElement, "edXML/edXMLEnvelope", "Thiếu phong bì edXMLEnvelope.");
        var received = attachments.Received;
        var missing = parsed.Manifest.FirstOrDefault(m => received.All(a => a.Info.ContentId != m.ContentId));
        if (missing is not null)
            throw Fields.Fail(EdXmlErrorCodes.MissingAttachment, missing.Element, $"Danh mục nêu tệp '{missing.ContentId}' nhưng thông điệp không kèm tệp đó.");

        var message = parsed.Message is EdXmlDocument document
            ? document with { Attachments = EquatableList.From(parsed.Manifest.Select(m => received.First(a => a.Info.ContentId == m.ContentId).Info)) }
            : parsed.Message;
        var report = signature?.Complete(received)
            ?? (parsed.ForeignSignature is not null
                ? new EdXmlSignatureReport(EdXmlSignatureStatus.Unverifiable, null,
                    $"Phần tử Signature không thuộc namespace XML-DSig ({EdXmlNames.XmlDsig}); không kiểm tra được.")
                : null);
        return new EdXmlReadResult(message, EquatableList.From(received), report, EquatableList.From(ctx.Ignored));
    }

    private static void CopyAttributes(ReadContext ctx, XmlElement element)
    {
        var r = ctx.Reader;
        if (!r.MoveToFirstAttribute()) return;
        do
        {
            if (r.Value.Length > ctx.Options.MaxFieldChars)
                throw ctx.Fail(EdXmlErrorCodes.FieldTooLong, element.LocalName + "/@" + r.LocalName, $"Thuộc tính dài quá {ctx.Options.MaxFieldChars} ký tự cho phép.");
            var attribute = element.OwnerDocument.CreateAttribute(r.Prefix, r.LocalName, r.NamespaceURI);
            attribute.Value = r.Value;
            element.Attributes.Append(attribute);
        } while (r.MoveToNextAttribute());
        r.MoveToElement();
    }
}
