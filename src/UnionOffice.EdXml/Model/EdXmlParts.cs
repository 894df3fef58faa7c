namespace UnionOffice.EdXml;

/// <summary>An organ as From or To describe it. Only <see cref="OrganId"/> is required; empty fields are null.</summary>
public sealed record EdXmlOrgan(
    string OrganId,
    string? OrganName = null,
    string? OrganizationInCharge = null,
    string? OrganAdd = null,
    string? Email = null,
    string? Telephone = null,
    string? Fax = null,
    string? Website = null);

/// <summary>The document's number and notation (số, ký hiệu): <c>7816</c> and <c>VPCP-TTĐT</c>.</summary>
public sealed record EdXmlCode(string CodeNumber, string CodeNotation)
{
    /// <summary>Most CodeNumber a validator in the wild accepts.</summary>
    public const int MaxCodeNumberLength = 11;

    /// <summary>Most CodeNotation a validator in the wild accepts.</summary>
    public const int MaxCodeNotationLength = 30;

    /// <summary><c>7816/VPCP-TTĐT</c>.</summary>
    public override string ToString() => $"{CodeNumber}/{CodeNotation}";
}

/// <summary>Where and when the document was issued.</summary>
public sealed record EdXmlPromulgationInfo(string? Place, DateOnly PromulgationDate);

/// <summary>The kind of document: <see cref="Type"/> and <see cref="TypeDetail"/> are codes, <see cref="TypeName"/> the name ("Công văn").</summary>
public sealed record EdXmlDocumentType(int Type, int? TypeDetail = null, string? TypeName = null);

/// <summary>Who signed (thẩm quyền, chức vụ, họ tên).</summary>
public sealed record EdXmlSignerInfo(string? Competence = null, string? Position = null, string? FullName = null);

/// <summary>The rest of the document's metadata.</summary>
public sealed record EdXmlOtherInfo
{
    /// <summary>Highest priority (hỏa tốc); 0 is normal.</summary>
    public const int MaxPriority = 4;

    /// <summary>Độ khẩn, 0–4.</summary>
    public int Priority { get; init; }

    /// <summary>Phạm vi ban hành.</summary>
    public string? SphereOfPromulgation { get; init; }

    /// <summary>Ký hiệu người đánh máy.</summary>
    public string? TyperNotation { get; init; }

    /// <summary>Số lượng bản phát hành.</summary>
    public int? PromulgationAmount { get; init; }

    /// <summary>Số trang.</summary>
    public int? PageAmount { get; init; }

    /// <summary>Whether the document is a direction (văn bản chỉ đạo).</summary>
    public bool? Direction { get; init; }

    /// <summary>Phụ lục, by name; empty Appendix elements are not listed.</summary>
    public EquatableList<string> Appendixes { get; init; } = [];
}

/// <summary>The document a message answers: a reply's original, or the document a status message is about.</summary>
public sealed record EdXmlResponseFor(string OrganId, string DocumentId, string? Code = null, DateOnly? PromulgationDate = null);

/// <summary>The person who handled the message at the sender.</summary>
public sealed record EdXmlStaffInfo(string? Department = null, string? Staff = null, string? Email = null, string? Mobile = null);

/// <summary>One hop of the message: who passed it on, when (local time, as written).</summary>
public sealed record EdXmlTraceHeader(string OrganId, DateTime Timestamp);

/// <summary>TraceHeaderList: the hops and what the message does to the document.</summary>
public sealed record EdXmlTraceHeaderList(EquatableList<EdXmlTraceHeader> TraceHeaders, EdXmlBusiness? Business = null);

/// <summary>One attachment as the manifest and the Attachment element describe it.</summary>
public sealed record EdXmlAttachmentInfo(string ContentId, string AttachmentName, string ContentType, string? Description = null);
