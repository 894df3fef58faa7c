namespace UnionOffice.EdXml;

/// <summary>What the message does to the document (BussinessDocType on the wire).</summary>
public enum EdXmlBusinessDocType
{
    /// <summary>A new document.</summary>
    New = 0,
    /// <summary>The sender revokes (thu hồi) the document.</summary>
    Revoke = 1,
    /// <summary>The sender updates the document's metadata or recipients.</summary>
    Update = 2,
    /// <summary>The document replaces earlier ones.</summary>
    Replace = 3,
}

/// <summary>
/// The Bussiness element of TraceHeaderList (the wire keeps that spelling; the model does not): what the message does
/// to the document and who at the sender did it.
/// </summary>
public sealed record EdXmlBusiness
{
    /// <summary>New, revoke, update or replace.</summary>
    public EdXmlBusinessDocType DocType { get; init; }

    /// <summary>The document concerned (DocumentId form), when given.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Why (BussinessDocReason).</summary>
    public string? Reason { get; init; }

    /// <summary>Paper: whether a paper copy also travels (0 or 1 in practice).</summary>
    public int? Paper { get; init; }

    /// <summary>The clerk who sent it.</summary>
    public EdXmlStaffInfo? StaffInfo { get; init; }

    /// <summary>For an update: what changed and the new receivers (BussinessDocumentInfo).</summary>
    public EdXmlBusinessDocumentInfo? DocumentInfo { get; init; }

    /// <summary>For a replacement: the documents replaced and where they had gone (ReplacementInfoList).</summary>
    public EquatableList<EdXmlReplacementInfo> Replacements { get; init; } = [];
}

/// <summary>
/// BussinessDocumentInfo of an update: <see cref="DocumentInfo"/> 1 when the document's information changed,
/// <see cref="DocumentReceiver"/> 1 when its receivers did, and the receivers.
/// </summary>
public sealed record EdXmlBusinessDocumentInfo(int? DocumentInfo, int? DocumentReceiver, EquatableList<EdXmlReceiver> Receivers);

/// <summary>One receiver of an update; <see cref="ReceiverType"/> as the sender codes it (0, 1 …).</summary>
public sealed record EdXmlReceiver(string OrganId, int? ReceiverType = null);

/// <summary>A document replaced and the organs it had been sent to.</summary>
public sealed record EdXmlReplacementInfo(string DocumentId, EquatableList<string> OrganIds);
