namespace UnionOffice.EdXml;

/// <summary>
/// Where the reader puts each attachment's decoded bytes, as they are decoded: the message is never held whole.
/// The reader writes the stream to the end, calls <see cref="CompleteAsync"/> with the length and SHA-256, then
/// disposes the stream (so a sink may close it itself in <see cref="CompleteAsync"/>, disposing twice is harmless).
/// When the message turns out to be bad part-way through, <see cref="AbandonAsync"/> is called instead, and the
/// stream is disposed as well.
/// </summary>
public interface IEdXmlAttachmentSink
{
    /// <summary>A stream to write the attachment's bytes into.</summary>
    ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct);

    /// <summary>
    /// The attachment was written whole. The result is kept as <see cref="EdXmlReceivedAttachment.Handle"/> (a file
    /// path, a store key …). Another attachment of the same message may still fail to read.
    /// </summary>
    ValueTask<object?> CompleteAsync(EdXmlAttachmentInfo attachment, Stream stream, long length, string sha256, CancellationToken ct) =>
        ValueTask.FromResult<object?>(null);

    /// <summary>The attachment will not be completed (the message is bad, too large, or reading was cancelled).</summary>
    ValueTask AbandonAsync(EdXmlAttachmentInfo attachment, Stream stream) => ValueTask.CompletedTask;
}

/// <summary>Ready-made sinks.</summary>
public static class EdXmlAttachmentSinks
{
    /// <summary>Keeps nothing: the read result still has each attachment's length and SHA-256.</summary>
    public static IEdXmlAttachmentSink Discard { get; } = new DelegateSink(_ => Stream.Null, keepBytes: false);

    /// <summary>Keeps each attachment as a byte array (the handle). For small messages and tests only.</summary>
    public static IEdXmlAttachmentSink InMemory() => new DelegateSink(_ => new MemoryStream(), keepBytes: true);

    /// <summary>Writes each attachment into the stream <paramref name="open"/> returns; no handle.</summary>
    public static IEdXmlAttachmentSink From(Func<EdXmlAttachmentInfo, Stream> open) => new DelegateSink(open, keepBytes: false);

    private sealed class DelegateSink(Func<EdXmlAttachmentInfo, Stream> open, bool keepBytes) : IEdXmlAttachmentSink
    {
        public ValueTask<Stream> OpenAsync(EdXmlAttachmentInfo attachment, CancellationToken ct) => ValueTask.FromResult(open(attachment));

        public ValueTask<object?> CompleteAsync(EdXmlAttachmentInfo attachment, Stream stream, long length, string sha256, CancellationToken ct) =>
            ValueTask.FromResult<object?>(keepBytes && stream is MemoryStream m ? m.ToArray() : null);
    }
}
