using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using UnionOffice.EdXml.Signing;
using UnionOffice.EdXml.Writing;

namespace UnionOffice.EdXml;

/// <summary>Opens one attachment's content for the writer; the writer disposes the stream.</summary>
public delegate ValueTask<Stream> EdXmlAttachmentOpener(EdXmlAttachmentInfo attachment, CancellationToken ct);

/// <summary>How to write.</summary>
public sealed record EdXmlWriterOptions
{
    /// <summary>
    /// When set, the message is signed with this certificate's RSA private key (XML-DSig, RSA-SHA256, exclusive
    /// canonicalisation), in a way that works at any size without holding the message:
    /// <list type="bullet">
    /// <item>the Signature is enveloped as the last child of edXMLHeader, where the samples in the wild put theirs;</item>
    /// <item>it references the envelope (header and manifest) by an <c>Id="edXMLEnvelope"</c> attribute on
    /// edXML:edXMLEnvelope, the Signature itself removed by the enveloped-signature transform;</item>
    /// <item>the attachments (after the envelope) are not in the signed node set: they are bound by a second reference, to an
    /// Object holding a ds:Manifest with one Reference per attachment, URI = its ContentId, digest = SHA-256 of its
    /// decoded bytes. The reader compares these with the digests it computes while streaming.</item>
    /// </list>
    /// Each attachment is therefore opened twice: once to digest it before the header is written, once to write it (the
    /// writer checks it was the same both times). A whole-document signature (URI="", as seen in the wild) is not made:
    /// it would need the whole message in memory on both sides. The reader reports such signatures as unverifiable.
    /// </summary>
    public X509Certificate2? SigningCertificate { get; init; }
}

/// <summary>What was written: the message's length and SHA-256 (for transports that send a hash), and each attachment's.</summary>
public sealed record EdXmlWriteResult(long Length, string Sha256, EquatableList<EdXmlWrittenAttachment> Attachments);

/// <summary>One attachment as written: its decoded length and SHA-256 (lower-case hex).</summary>
public sealed record EdXmlWrittenAttachment(EdXmlAttachmentInfo Info, long Length, string Sha256);

/// <summary>
/// Writes edXML strictly: the one namespace, the literal <c>edXML:</c> prefix on the envelope's elements as the
/// samples have it, dates yyyy/MM/dd, timestamps yyyy/MM/dd HH:mm:ss, and the model checked by
/// <see cref="EdXmlValidator"/> before the first byte (an <see cref="EdXmlValidationException"/> naming the field).
/// Attachments are read from the caller's streams in chunks and base64-encoded on the way out, so a message of hundreds
/// of megabytes is never held whole.
/// </summary>
public static class EdXmlWriter
{
    // A multiple of 3, so that each chunk is whole base64 quanta.
    private const int ChunkSize = 3 * 32 * 1024;

    /// <summary>Writes a document message; <paramref name="openAttachment"/> opens each attachment of the manifest in turn.</summary>
    /// <exception cref="EdXmlValidationException">The model breaks a rule of the format; nothing was written.</exception>
    public static Task<EdXmlWriteResult> WriteAsync(Stream output, EdXmlDocument document, EdXmlAttachmentOpener openAttachment, EdXmlWriterOptions? options = null, CancellationToken ct = default) =>
        WriteCoreAsync(output, document, openAttachment, options ?? new(), ct);

    /// <summary>Writes a status message.</summary>
    /// <exception cref="EdXmlValidationException">The model breaks a rule of the format; nothing was written.</exception>
    public static Task<EdXmlWriteResult> WriteAsync(Stream output, EdXmlStatus status, EdXmlWriterOptions? options = null, CancellationToken ct = default) =>
        WriteCoreAsync(output, status, null, options ?? new(), ct);

    private static async Task<EdXmlWriteResult> WriteCoreAsync(Stream output, EdXmlMessage message, EdXmlAttachmentOpener? open, EdXmlWriterOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var errors = EdXmlValidator.Validate(message);
        if (errors.Count > 0) throw new EdXmlValidationException(errors);
        var attachments = (message as EdXmlDocument)?.Attachments ?? [];
        if (attachments.Count > 0 && open is null) throw new ArgumentNullException(nameof(open));

        var builder = EnvelopeBuilder.Build(message);
        if (options.SigningCertificate is not null) builder.Envelope.SetAttribute("Id", EnvelopeSignature.EnvelopeId);
        builder.Indent();
        var signedDigests = new List<(string ContentId, byte[] Sha256)>();
        if (options.SigningCertificate is { } certificate)
        {
            foreach (var attachment in attachments)
            {
                await using var content = await open!(attachment, ct);
                signedDigests.Add((attachment.ContentId.Trim(), await SHA256.HashDataAsync(content, ct)));
            }
            var closing = builder.Header.LastChild!;
            builder.Header.InsertBefore(builder.Whitespace(3), closing);
            EnvelopeSignature.Sign(builder.Envelope, builder.Header, closing, signedDigests, certificate);
        }

        await using var hashing = new HashingStream(output);
        var settings = new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        };
        var written = new List<EdXmlWrittenAttachment>();
        await using (var w = XmlWriter.Create(hashing, settings))
        {
            await w.WriteStartDocumentAsync();
            await w.WriteWhitespaceAsync("\n");
            await w.WriteStartElementAsync("", EdXmlNames.Root, EdXmlNames.Namespace);
            // The envelope with the whitespace before it; the root's closing whitespace comes after the attachments.
            foreach (XmlNode child in builder.Root.ChildNodes)
                if (child != builder.Root.LastChild) await WriteNodeAsync(w, child);
            if (attachments.Count > 0)
            {
                await w.WriteWhitespaceAsync("\n  ");
                await w.WriteStartElementAsync(null, EdXmlNames.AttachmentEncoded, EdXmlNames.Namespace);
                var buffer = new byte[ChunkSize];
                for (var i = 0; i < attachments.Count; i++)
                {
                    var a = attachments[i];
                    var (length, sha256) = await WriteAttachmentAsync(w, a, open!, buffer, ct);
                    if (signedDigests.Count > 0 && !Convert.FromHexString(sha256).AsSpan().SequenceEqual(signedDigests[i].Sha256))
                        throw new InvalidOperationException($"Tệp đính kèm '{a.AttachmentName}' đã thay đổi giữa lần băm để ký và lần ghi.");
                    written.Add(new EdXmlWrittenAttachment(a, length, sha256));
                }
                await w.WriteWhitespaceAsync("\n  ");
                await w.WriteEndElementAsync();
            }
            await w.WriteWhitespaceAsync("\n");
            await w.WriteEndElementAsync();
            await w.WriteWhitespaceAsync("\n");
            await w.FlushAsync();
        }
        return new EdXmlWriteResult(hashing.Length, hashing.Sha256(), EquatableList.From(written));
    }

    private static async Task<(long Length, string Sha256)> WriteAttachmentAsync(XmlWriter w, EdXmlAttachmentInfo a, EdXmlAttachmentOpener open, byte[] buffer, CancellationToken ct)
    {
        await w.WriteWhitespaceAsync("\n    ");
        await w.WriteStartElementAsync(null, EdXmlNames.Attachment, EdXmlNames.Namespace);
        await TextAsync(w, "ContentId", a.ContentId);
        await TextAsync(w, "AttachmentName", a.AttachmentName);
        await TextAsync(w, "Description", a.Description);
        await TextAsync(w, "ContentType", a.ContentType);
        await w.WriteWhitespaceAsync("\n      ");
        await w.WriteStartElementAsync(EdXmlNames.Prefix, EdXmlNames.ContentTransferEncoded, EdXmlNames.Namespace);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using (var content = await open(a, ct))
        {
            int n;
            while ((n = await ReadFullAsync(content, buffer, ct)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, n);
                length += n;
                await w.WriteBase64Async(buffer, 0, n);
            }
        }
        await w.WriteFullEndElementAsync();
        await w.WriteWhitespaceAsync("\n    ");
        await w.WriteEndElementAsync();
        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    // Fills the buffer unless the stream ends, so that base64 is written in whole quanta.
    private static async Task<int> ReadFullAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = await s.ReadAsync(buffer.AsMemory(total), ct)) > 0) total += n;
        return total;
    }

    private static async Task TextAsync(XmlWriter w, string name, string? value)
    {
        await w.WriteWhitespaceAsync("\n      ");
        await w.WriteStartElementAsync(null, name, EdXmlNames.Namespace);
        if (WireText.Of(value) is { } text) await w.WriteStringAsync(text);
        await w.WriteEndElementAsync();
    }

    // XmlNode.WriteTo is synchronous, which an async XmlWriter refuses; the envelope is small, the walk is short.
    private static async Task WriteNodeAsync(XmlWriter w, XmlNode node)
    {
        switch (node)
        {
            case XmlElement e:
                await w.WriteStartElementAsync(e.Prefix, e.LocalName, e.NamespaceURI);
                foreach (XmlAttribute a in e.Attributes)
                {
                    if (a.NamespaceURI == EdXmlNames.Xmlns)
                        await (a.Prefix == "xmlns"
                            ? w.WriteAttributeStringAsync("xmlns", a.LocalName, EdXmlNames.Xmlns, a.Value)
                            : w.WriteAttributeStringAsync(null, "xmlns", EdXmlNames.Xmlns, a.Value));
                    else
                        await w.WriteAttributeStringAsync(a.Prefix, a.LocalName, a.NamespaceURI, a.Value);
                }
                if (!e.HasChildNodes)
                {
                    await w.WriteEndElementAsync();
                    break;
                }
                foreach (XmlNode child in e.ChildNodes) await WriteNodeAsync(w, child);
                await w.WriteFullEndElementAsync();
                break;
            case XmlWhitespace or XmlSignificantWhitespace:
                await w.WriteWhitespaceAsync(node.Value);
                break;
            case XmlCDataSection c:
                await w.WriteCDataAsync(c.Value);
                break;
            case XmlText t:
                await w.WriteStringAsync(t.Value);
                break;
        }
    }
}
