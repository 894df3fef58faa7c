namespace UnionOffice.EdXml;

/// <summary>
/// What the reader accepts before it calls a message hostile. The defaults fit real messages with room to spare;
/// every limit breached is an <see cref="EdXmlFormatException"/> naming the element.
/// </summary>
public sealed record EdXmlReaderOptions
{
    /// <summary>The defaults.</summary>
    public static EdXmlReaderOptions Default { get; } = new();

    /// <summary>Deepest element nesting (the root is depth 1; real messages reach 8).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most characters of one header field (and of one attachment metadata field).</summary>
    public int MaxFieldChars { get; init; } = 64 * 1024;

    /// <summary>Most characters of the whole envelope (header, signature and manifest), text and attributes together.</summary>
    public int MaxEnvelopeChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most nodes (elements and text) in the envelope.</summary>
    public int MaxEnvelopeNodes { get; init; } = 20_000;

    /// <summary>Most attachments in one message.</summary>
    public int MaxAttachments { get; init; } = 200;

    /// <summary>Most bytes of all attachments together, decoded.</summary>
    public long MaxTotalAttachmentBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>
    /// Most characters of the whole message as XML, a backstop for what the per-field limits cannot see (element names,
    /// attribute values, comments, whitespace). By default base64 of <see cref="MaxTotalAttachmentBytes"/> with room for
    /// line breaks, plus the envelope twice.
    /// </summary>
    public long MaxDocumentChars { get; init; } = -1;

    internal long EffectiveMaxDocumentChars =>
        MaxDocumentChars > 0 ? MaxDocumentChars : MaxTotalAttachmentBytes / 3 * 4 * 11 / 10 + 2L * MaxEnvelopeChars + 1024 * 1024;
}
