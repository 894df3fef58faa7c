using UnionOffice.EdXml;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Exchange;

/// <summary>Our documents as edXML and back: one place that knows both vocabularies.</summary>
public static class EdXmlMapping
{
    /// <summary>The message of an issued document for the recipients <paramref name="to"/> (code, name).</summary>
    public static EdXmlDocument Document(IssuedDocument issued, IEnumerable<(string Code, string Name)> to, DateTime localNow, EdXmlBusinessDocType type = EdXmlBusinessDocType.New,
        string? reason = null, string? replacesKey = null)
    {
        var recipients = to.ToList();
        var d = issued.Document;
        var code = new EdXmlCode(OutgoingDocument.NumberText(d.Number!.Value), d.Notation!);
        return new EdXmlDocument
        {
            From = new EdXmlOrgan(issued.Organ.Code, issued.Organ.Name),
            To = EquatableList.From(recipients.Select(t => new EdXmlOrgan(t.Code, t.Name))),
            DocumentId = issued.DocumentKey,
            Code = code,
            Promulgation = new EdXmlPromulgationInfo(OrganAbbreviations.Place(issued.Organ), d.IssuedDate!.Value),
            DocumentType = new EdXmlDocumentType(1, null, d.TypeName),
            Subject = Cut(d.Subject, EdXmlDocument.MaxSubjectLength)!,
            Signer = new EdXmlSignerInfo(d.SignerAuthority, d.SignerPosition, issued.SignerName),
            DueDate = d.DueDate,
            ToPlaces = EquatableList.From((d.ToPlaces ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            OtherInfo = new EdXmlOtherInfo { Priority = Priority(d.Urgency), PageAmount = issued.PageAmount },
            ResponseFor = issued.ReplyTo is { } reply
                ? EquatableList.From([new EdXmlResponseFor(reply.OrganCode, reply.Key, $"{reply.Number}/{reply.Notation}", reply.Date)])
                : [],
            Trace = new EdXmlTraceHeaderList(EquatableList.From([new EdXmlTraceHeader(issued.Organ.Code, localNow)]),
                new EdXmlBusiness
                {
                    DocType = replacesKey is null ? type : EdXmlBusinessDocType.Replace, DocumentId = issued.DocumentKey, Reason = reason, Paper = 0,
                    Replacements = replacesKey is null ? [] : EquatableList.From([new EdXmlReplacementInfo(replacesKey, EquatableList.From(recipients.Select(r => r.Code)))]),
                }),
            Attachments = EquatableList.From(issued.Files.Select((f, i) => new EdXmlAttachmentInfo($"cid:{i + 1}", f.FileName, "application/pdf",
                i == 0 ? "Văn bản" : "Phụ lục"))),
        };
    }

    /// <summary>A status of a received document, from the recipient organ to its sender.</summary>
    public static EdXmlStatus Status(ReceivedDocument received, (string Code, string Name) recipient, EdXmlStatusCode code, string? description, DateTime localNow) => new()
    {
        From = new EdXmlOrgan(recipient.Code, recipient.Name),
        ResponseFor = new EdXmlResponseFor(received.SenderCode, received.DocumentKey ?? "",
            received.CodeNumber is null ? null : $"{received.CodeNumber}/{received.CodeNotation}", received.IssuedDate),
        StatusCode = code,
        Description = Cut(description, 500),
        Timestamp = localNow,
    };

    /// <summary>What a received edXML document says, as the recipient's queue keeps it.</summary>
    public static ReceivedDocument.Metadata Metadata(EdXmlDocument m) => new(m.DocumentId, m.Code.CodeNumber, m.Code.CodeNotation, m.Promulgation.PromulgationDate,
        TypeOf(m.DocumentType.TypeName), m.Subject, m.Signer.FullName,
        string.Join(' ', new[] { m.Signer.Competence, m.Signer.Position }.Where(x => !string.IsNullOrWhiteSpace(x))), Urgency(m.OtherInfo.Priority),
        m.DueDate, m.ToPlaces.Count == 0 ? null : string.Join("; ", m.ToPlaces), m.OtherInfo.PageAmount, ReplyToKey(m));

    /// <summary>
    /// The document a reply answers (the first ResponseFor): its DocumentId when that is a key, else one made of its organ,
    /// date and code when all are given.
    /// </summary>
    private static string? ReplyToKey(EdXmlDocument m)
    {
        if (m.ResponseFor.Count == 0) return null;
        var r = m.ResponseFor[0];
        if (DocumentReference.Parse(r.DocumentId) is { } key) return key.Key;
        if (r.Code is { } code && code.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && r.PromulgationDate is { } date && slash < code.Length - 1)
            return new DocumentReference(r.OrganId.Trim().ToUpperInvariant(), date, code[..slash], code[(slash + 1)..]).Key;
        return null;
    }

    /// <summary>
    /// A type of the catalog by its name; any other is read as a công văn — except a complaint or denunciation, which keeps
    /// its name so the clerk's acceptance refuses it (seed 002 Điều 5).
    /// </summary>
    private static string TypeOf(string? name) =>
        name is { Length: > 0 } t && DocumentTypes.Find(t) is { } known ? known.Name
        : IncomingDocument.IsComplaint(name, null) ? Cut(name!.Trim(), 100)!
        : "Công văn";

    /// <summary>Độ khẩn ↔ Priority 0–4 (0 normal; urgent, very urgent, "hỏa tốc" rising).</summary>
    public static int Priority(Urgency u) => u switch
    {
        Incoming.Urgency.Urgent => 1,
        Incoming.Urgency.VeryUrgent => 2,
        Incoming.Urgency.Immediate => 3,
        _ => 0,
    };

    public static Urgency Urgency(int priority) => priority switch
    {
        <= 0 => Incoming.Urgency.Normal,
        1 => Incoming.Urgency.Urgent,
        2 => Incoming.Urgency.VeryUrgent,
        _ => Incoming.Urgency.Immediate,
    };

    private static string? Cut(string? s, int max) => s is null ? null : s.Length > max ? s[..max] : s;
}
