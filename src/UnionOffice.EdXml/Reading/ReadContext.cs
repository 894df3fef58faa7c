using System.Text;
using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>One read in progress: the XML reader, the limits, what was skipped, and how to say where a fault is.</summary>
internal sealed class ReadContext(XmlReader reader, EdXmlReaderOptions options)
{
    private readonly char[] _chunk = new char[4096];

    public XmlReader Reader { get; } = reader;
    public EdXmlReaderOptions Options { get; } = options;
    public List<string> Ignored { get; } = [];

    /// <summary>Path of what is being read, for errors the XML parser raises.</summary>
    public string Path { get; set; } = "";

    /// <summary>The element the envelope loader is filling, for errors the XML parser raises meanwhile.</summary>
    public XmlNode? LoadingElement { get; set; }

    public string CurrentPath => LoadingElement is not null ? ElementPath.Of(LoadingElement) : Path;

    /// <summary>A fault at the reader's current position.</summary>
    public EdXmlFormatException Fail(string code, string element, string message) =>
        Reader is IXmlLineInfo info && info.HasLineInfo()
            ? new EdXmlFormatException(code, element, message, info.LineNumber, info.LinePosition)
            : new EdXmlFormatException(code, element, message);

    /// <summary>
    /// Reads the current text-like node's value in chunks, never more than <paramref name="limit"/> characters, so a
    /// hostile megabyte-long "field" is refused before it is held.
    /// </summary>
    public async Task<string> ReadBoundedValueAsync(string element, int limit)
    {
        var text = new StringBuilder();
        int n;
        while ((n = await Reader.ReadValueChunkAsync(_chunk, 0, _chunk.Length)) > 0)
        {
            if (text.Length + n > limit)
                throw Fail(EdXmlErrorCodes.FieldTooLong, element, $"Nội dung dài quá {limit} ký tự cho phép.");
            text.Append(_chunk, 0, n);
        }
        return text.ToString();
    }

    /// <summary>
    /// The text of an element that holds only text (the reader is on its start tag; afterwards it is past the end
    /// tag), trimmed; null when empty.
    /// </summary>
    public async Task<string?> ReadTextElementAsync(string element)
    {
        if (Reader.IsEmptyElement)
        {
            await Reader.ReadAsync();
            return null;
        }
        var text = new StringBuilder();
        var depth = Reader.Depth;
        while (await Reader.ReadAsync())
        {
            switch (Reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(await ReadBoundedValueAsync(element, Options.MaxFieldChars - text.Length));
                    break;
                case XmlNodeType.EndElement when Reader.Depth == depth:
                    await Reader.ReadAsync();
                    var value = text.ToString().Trim();
                    return value.Length == 0 ? null : value;
                case XmlNodeType.Element:
                    throw Fail(EdXmlErrorCodes.UnexpectedElement, element + "/" + Reader.LocalName, $"Phần tử {Reader.LocalName} không được nằm trong một trường văn bản.");
            }
        }
        throw Fail(EdXmlErrorCodes.Malformed, element, "Thông điệp bị cắt cụt.");
    }

    /// <summary>Notes an element the reader does not know and skips it.</summary>
    public void NoteIgnored(string path)
    {
        if (Ignored.Count < 100) Ignored.Add(path);
    }
}
