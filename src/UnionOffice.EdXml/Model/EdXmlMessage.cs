namespace UnionOffice.EdXml;

/// <summary>An edXML message: a document (<see cref="EdXmlDocument"/>) or a status (<see cref="EdXmlStatus"/>).</summary>
public abstract record EdXmlMessage
{
    /// <summary>The sending organ.</summary>
    public required EdXmlOrgan From { get; init; }

    /// <summary>TraceHeaderList, when the message has one.</summary>
    public EdXmlTraceHeaderList? Trace { get; init; }
}

/// <summary>A document message: the header of the document and the list of its attachments (their content travels apart).</summary>
public sealed record EdXmlDocument : EdXmlMessage
{
    /// <summary>Most characters of Subject and of Content a validator in the wild accepts.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>The receiving organs, at least one, each once.</summary>
    public required EquatableList<EdXmlOrgan> To { get; init; }

    /// <summary><c>OrganId,yyyy/MM/dd,Number/Notation</c>, as the sender wrote it (see <see cref="EdXmlDocumentId"/>).</summary>
    public required string DocumentId { get; init; }

    /// <summary>Số and ký hiệu.</summary>
    public required EdXmlCode Code { get; init; }

    /// <summary>Place and date of issue.</summary>
    public required EdXmlPromulgationInfo Promulgation { get; init; }

    /// <summary>Loại văn bản.</summary>
    public required EdXmlDocumentType DocumentType { get; init; }

    /// <summary>Trích yếu.</summary>
    public required string Subject { get; init; }

    /// <summary>Nội dung (a summary; the text is in the attachments).</summary>
    public string? Content { get; init; }

    /// <summary>Người ký (all fields empty when not given; the element is always written).</summary>
    public EdXmlSignerInfo Signer { get; init; } = new();

    /// <summary>Hạn xử lý.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>Nơi nhận as written on the document.</summary>
    public EquatableList<string> ToPlaces { get; init; } = [];

    /// <summary>Priority, sphere, amounts, appendices (defaults when not given; the element is always written).</summary>
    public EdXmlOtherInfo OtherInfo { get; init; } = new();

    /// <summary>The documents this one answers.</summary>
    public EquatableList<EdXmlResponseFor> ResponseFor { get; init; } = [];

    /// <summary>SteeringType as the sender codes it.</summary>
    public int? SteeringType { get; init; }

    /// <summary>The manifest: one entry per attachment, in order.</summary>
    public EquatableList<EdXmlAttachmentInfo> Attachments { get; init; } = [];
}

/// <summary>A status message: what happened to a document at the receiver.</summary>
public sealed record EdXmlStatus : EdXmlMessage
{
    /// <summary>The document the status is about.</summary>
    public required EdXmlResponseFor ResponseFor { get; init; }

    /// <summary>Who at the receiver.</summary>
    public EdXmlStaffInfo? StaffInfo { get; init; }

    /// <summary>01–06, 13, 15, 16.</summary>
    public required EdXmlStatusCode StatusCode { get; init; }

    /// <summary>Free text ("Đang xử lý văn bản đến").</summary>
    public string? Description { get; init; }

    /// <summary>When (local time, as written).</summary>
    public required DateTime Timestamp { get; init; }
}

/// <summary>The status codes of a status message; the wire writes them with two digits ("05").</summary>
public enum EdXmlStatusCode
{
    /// <summary>01 đã đến: arrived, the clerk has not acted.</summary>
    Arrived = 1,
    /// <summary>02 từ chối tiếp nhận.</summary>
    Refused = 2,
    /// <summary>03 đã tiếp nhận: registered.</summary>
    Accepted = 3,
    /// <summary>04 phân công.</summary>
    Assigned = 4,
    /// <summary>05 đang xử lý.</summary>
    InProgress = 5,
    /// <summary>06 hoàn thành.</summary>
    Done = 6,
    /// <summary>13 the sender asks to take the document back (lấy lại, thu hồi).</summary>
    RecallRequested = 13,
    /// <summary>15 update or recall accepted.</summary>
    UpdateAccepted = 15,
    /// <summary>16 update or recall refused.</summary>
    UpdateRefused = 16,
}
