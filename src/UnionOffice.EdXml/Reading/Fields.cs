using System.Globalization;
using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>
/// The children of one container element of the envelope, by name, in any order. Children the format does not know
/// there are noted as ignored; text between children is refused; a field that may appear once and appears twice is
/// refused. Text fields are trimmed, and empty ones are null.
/// </summary>
internal sealed class Fields
{
    private readonly XmlElement _element;
    private readonly Dictionary<string, List<XmlElement>> _children = [];

    public Fields(XmlElement element, ReadContext ctx, IReadOnlySet<string> known, Func<XmlElement, bool>? alsoAllowed = null)
    {
        _element = element;
        foreach (XmlNode child in element.ChildNodes)
        {
            switch (child)
            {
                case XmlElement e when e.NamespaceURI == EdXmlNames.Namespace && known.Contains(e.LocalName):
                    if (!_children.TryGetValue(e.LocalName, out var list)) _children[e.LocalName] = list = [];
                    list.Add(e);
                    break;
                case XmlElement e when alsoAllowed?.Invoke(e) == true:
                    break;
                case XmlElement e:
                    ctx.NoteIgnored(ElementPath.Of(e));
                    break;
                case XmlText or XmlCDataSection when !string.IsNullOrWhiteSpace(child.Value):
                    throw Fail(EdXmlErrorCodes.UnexpectedElement, element, $"Phần tử {element.LocalName} chỉ chứa các phần tử con, không chứa văn bản.");
            }
        }
    }

    public XmlElement Element => _element;

    public string Path => ElementPath.Of(_element);

    public static EdXmlFormatException Fail(string code, XmlNode node, string message)
    {
        var (line, position) = ElementPath.LineOf(node);
        return new EdXmlFormatException(code, ElementPath.Of(node), message, line, position);
    }

    public EdXmlFormatException Missing(string name) =>
        new(EdXmlErrorCodes.MissingElement, ElementPath.Child(_element, name), $"Thiếu phần tử bắt buộc {name} trong {_element.LocalName}.",
            ElementPath.LineOf(_element).Line, ElementPath.LineOf(_element).Position);

    public IReadOnlyList<XmlElement> Many(string name) => _children.TryGetValue(name, out var list) ? list : [];

    public XmlElement? Single(string name)
    {
        var list = Many(name);
        if (list.Count > 1)
            throw Fail(EdXmlErrorCodes.DuplicateElement, list[1], $"Phần tử {name} chỉ được có một lần trong {_element.LocalName}.");
        return list.Count == 1 ? list[0] : null;
    }

    public XmlElement Required(string name) => Single(name) ?? throw Missing(name);

    public string? Text(string name) => Single(name) is { } e ? TextOf(e) : null;

    public string RequiredText(string name) => Text(name) ?? throw Missing(name);

    public int? Int(string name) => Single(name) is { } e ? IntOf(e) : null;

    public int RequiredInt(string name) => Int(name) ?? throw Missing(name);

    public DateOnly? Date(string name)
    {
        if (Single(name) is not { } e || TextOf(e) is not { } text) return null;
        return EdXmlDates.TryParseDate(text, out var date)
            ? date
            : throw Fail(EdXmlErrorCodes.InvalidValue, e, $"Ngày '{Short(text)}' không đúng dạng yyyy/MM/dd (hoặc dd/MM/yyyy).");
    }

    public DateTime? Timestamp(string name)
    {
        if (Single(name) is not { } e || TextOf(e) is not { } text) return null;
        return EdXmlDates.TryParseTimestamp(text, out var time)
            ? time
            : throw Fail(EdXmlErrorCodes.InvalidValue, e, $"Thời điểm '{Short(text)}' không đúng dạng yyyy/MM/dd HH:mm:ss.");
    }

    public bool? Bool(string name)
    {
        if (Single(name) is not { } e || TextOf(e) is not { } text) return null;
        return text.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Fail(EdXmlErrorCodes.InvalidValue, e, $"Giá trị '{Short(text)}' không phải true/false."),
        };
    }

    /// <summary>The texts of the repeated text child <paramref name="name"/>, empty ones left out.</summary>
    public EquatableList<string> Texts(string name) =>
        EquatableList.From(Many(name).Select(TextOf).OfType<string>());

    public static string? TextOf(XmlElement e)
    {
        if (e.ChildNodes.Count == 0) return null;
        string? single = null;
        System.Text.StringBuilder? many = null;
        foreach (XmlNode child in e.ChildNodes)
        {
            switch (child)
            {
                case XmlElement inner:
                    throw Fail(EdXmlErrorCodes.UnexpectedElement, inner, $"Phần tử {e.LocalName} chỉ chứa văn bản, không chứa phần tử {inner.LocalName}.");
                case XmlCharacterData text and not XmlComment:
                    if (single is null && many is null) single = text.Value;
                    else (many ??= new System.Text.StringBuilder(single)).Append(text.Value);
                    break;
            }
        }
        var value = (many?.ToString() ?? single ?? "").Trim();
        return value.Length == 0 ? null : value;
    }

    public static int? IntOf(XmlElement e)
    {
        if (TextOf(e) is not { } text) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Fail(EdXmlErrorCodes.InvalidValue, e, $"Giá trị '{Short(text)}' không phải số nguyên.");
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
