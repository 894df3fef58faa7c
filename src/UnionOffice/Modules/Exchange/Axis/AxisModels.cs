namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// The transport acknowledgement a receiver gives the axis for a document it pulled (<c>updateStatus</c>) — not the
/// edXML status message (01–06), which travels as its own message.
/// </summary>
public enum AxisAck
{
    /// <summary>Taken and stored: the document leaves the received list.</summary>
    Done = 0,
    /// <summary>Could not be taken (unreadable, refused by our checks); the sender sees it in its sent list.</summary>
    Fail = 1,
    /// <summary>Being handled; the document stays in the received list.</summary>
    Processing = 2,
}

/// <summary>
/// One entry of <c>getReceivedEdocList</c>. Field names as the SDK reads them (<c>docId</c>, <c>serviceType</c>,
/// <c>messageType</c>, <c>created_time</c>, <c>updated_time</c>, <c>from</c>, <c>to</c>, <c>status</c>, <c>status_desc</c>),
/// matched without regard to case (the vendor's .NET SDK spells <c>DocId</c>). Times are kept as the axis wrote them:
/// their format is not documented.
/// </summary>
public sealed record AxisReceivedItem(
    string DocId, string? From, string? To, string? ServiceType, string? MessageType,
    string? Status, string? StatusDesc, string? CreatedTime, string? UpdatedTime);

/// <summary>
/// One entry of <c>getSentEdocList</c>: a sent document at one receiver (<c>senderDocId</c>, <c>receiverDocId</c>,
/// <c>fromCode</c>, <c>toCode</c>, <c>title</c>, <c>notation</c>, <c>sentTime</c>, <c>receivedTime</c>, <c>sendStatus</c>,
/// <c>sendStatusDesc</c>, <c>receiveStatus</c>, <c>receiveStatusDesc</c>, as the SDK reads them).
/// </summary>
public sealed record AxisSentItem(
    string? SenderDocId, string? ReceiverDocId, string? FromCode, string? ToCode, string? Title, string? Notation,
    string? MessageType, string? ServiceType, string? SentTime, string? ReceivedTime,
    string? SendStatus, string? SendStatusDesc, string? ReceiveStatus, string? ReceiveStatusDesc);

/// <summary>One entry of <c>getAgenciesList</c> (<c>id</c>, <c>code</c>, <c>name</c>, <c>mail</c>, <c>pid</c>, <c>oldCode</c>).</summary>
public sealed record AxisAgency(string Code, string? Id, string? Name, string? Mail, string? ParentId, string? OldCode);

/// <summary>
/// The body of <c>registerAgency</c>, a JSON object <c>{id, pcode, code, name, mail, mobile, fax}</c> as the SDK's
/// examples send it (empty strings for what is not given). Registering an existing code updates it.
/// </summary>
public sealed record AxisAgencyRegistration(
    string Code, string Name, string? ParentCode = null, string? Mail = null, string? Mobile = null, string? Fax = null, string? Id = null);

/// <summary>
/// A document pulled with <c>getEdoc</c>: the edXML bytes in memory (see <see cref="AxisOptions.MaxDocumentBytes"/>) and
/// their SHA-256, computed here. Dispose it, or its <see cref="Content"/>, when done.
/// </summary>
public sealed class AxisDocument(string docId, Stream content, string sha256Hex) : IDisposable
{
    public string DocId { get; } = docId;
    public Stream Content { get; } = content;
    public long Length => Content.Length;
    public string Sha256Hex { get; } = sha256Hex;

    public void Dispose() => Content.Dispose();
}
