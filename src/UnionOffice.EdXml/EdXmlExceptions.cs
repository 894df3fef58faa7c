namespace UnionOffice.EdXml;

/// <summary>The stable codes of <see cref="EdXmlException.Code"/>, for APIs and logs; the messages are Vietnamese and may change.</summary>
public static class EdXmlErrorCodes
{
    /// <summary>Not well-formed XML (or cut off).</summary>
    public const string Malformed = "EDXML_MALFORMED";
    /// <summary>A document type declaration: refused, never processed.</summary>
    public const string DtdProhibited = "EDXML_DTD_PROHIBITED";
    /// <summary>The root is not edXML in the edXML namespace.</summary>
    public const string UnknownRoot = "EDXML_ROOT_UNKNOWN";
    /// <summary>An older system's namespace (e-doc.vn, go.vn).</summary>
    public const string ObsoleteNamespace = "EDXML_NAMESPACE_OBSOLETE";
    /// <summary>An element or text where the format has none.</summary>
    public const string UnexpectedElement = "EDXML_ELEMENT_UNEXPECTED";
    /// <summary>A required element is missing or empty.</summary>
    public const string MissingElement = "EDXML_ELEMENT_MISSING";
    /// <summary>An element that may appear once appears again.</summary>
    public const string DuplicateElement = "EDXML_ELEMENT_DUPLICATE";
    /// <summary>A value that does not read as what the field holds (date, number, status code, priority …).</summary>
    public const string InvalidValue = "EDXML_VALUE_INVALID";
    /// <summary>Elements nested deeper than the limit.</summary>
    public const string TooDeep = "EDXML_TOO_DEEP";
    /// <summary>A header field longer than the limit.</summary>
    public const string FieldTooLong = "EDXML_FIELD_TOO_LONG";
    /// <summary>The envelope has more elements or characters than the limit.</summary>
    public const string EnvelopeTooLarge = "EDXML_ENVELOPE_TOO_LARGE";
    /// <summary>More attachments than the limit.</summary>
    public const string TooManyAttachments = "EDXML_TOO_MANY_ATTACHMENTS";
    /// <summary>The attachments together are larger than the limit.</summary>
    public const string AttachmentsTooLarge = "EDXML_ATTACHMENTS_TOO_LARGE";
    /// <summary>An attachment's content is not base64.</summary>
    public const string InvalidBase64 = "EDXML_BASE64_INVALID";
    /// <summary>The same organ twice among the recipients.</summary>
    public const string DuplicateRecipient = "EDXML_RECIPIENT_DUPLICATE";
    /// <summary>Two attachments with one ContentId.</summary>
    public const string DuplicateAttachment = "EDXML_ATTACHMENT_DUPLICATE";
    /// <summary>An attachment the manifest does not list.</summary>
    public const string UnlistedAttachment = "EDXML_ATTACHMENT_UNLISTED";
    /// <summary>A manifest entry without its attachment.</summary>
    public const string MissingAttachment = "EDXML_ATTACHMENT_MISSING";
    /// <summary>A required field of the model is missing or empty (writer).</summary>
    public const string FieldRequired = "EDXML_FIELD_REQUIRED";
    /// <summary>A number outside its range (writer).</summary>
    public const string FieldOutOfRange = "EDXML_FIELD_OUT_OF_RANGE";
    /// <summary>A field whose content cannot be written (characters XML cannot carry, a malformed identifier code).</summary>
    public const string FieldInvalid = "EDXML_FIELD_INVALID";
}

/// <summary>Anything wrong with an edXML message. <see cref="Code"/> is stable; the message is Vietnamese.</summary>
public abstract class EdXmlException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>One of <see cref="EdXmlErrorCodes"/>.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// A message that is not edXML as this reader accepts it. <see cref="Element"/> is the path of the element at fault
/// (<c>edXML/edXMLEnvelope/edXMLHeader/MessageHeader/To[2]/OrganId</c>: local names, an index where a name repeats;
/// attachments always carry theirs, <c>edXML/AttachmentEncoded/Attachment[1]/ContentTransferEncoded</c>); the line and
/// position are 0 when not known.
/// </summary>
public sealed class EdXmlFormatException(string code, string element, string message, int lineNumber = 0, int linePosition = 0, Exception? inner = null)
    : EdXmlException(code, Compose(message, element, lineNumber, linePosition), inner)
{
    /// <summary>Path of the element at fault.</summary>
    public string Element { get; } = element;

    /// <summary>1-based line, 0 when not known.</summary>
    public int LineNumber { get; } = lineNumber;

    /// <summary>1-based position in the line, 0 when not known.</summary>
    public int LinePosition { get; } = linePosition;

    private static string Compose(string message, string element, int line, int position) =>
        (element.Length, line) switch
        {
            (0, 0) => message,
            (0, _) => $"{message} (dòng {line}, cột {position})",
            (_, 0) => $"{message} (phần tử {element})",
            _ => $"{message} (phần tử {element}, dòng {line}, cột {position})",
        };
}

/// <summary>One reason the writer refuses a model: the field (path as on the wire) and why.</summary>
public sealed record EdXmlFieldError(string Field, string Code, string Message);

/// <summary>The model breaks a rule of the format; nothing was written. <see cref="Errors"/> lists every field at fault.</summary>
public sealed class EdXmlValidationException(IReadOnlyList<EdXmlFieldError> errors)
    : EdXmlException(errors[0].Code, string.Join(" ", errors.Select(e => e.Message)))
{
    /// <summary>Every field at fault, in the order of the message.</summary>
    public IReadOnlyList<EdXmlFieldError> Errors { get; } = errors;

    /// <summary>The first field at fault.</summary>
    public string Field => Errors[0].Field;
}
