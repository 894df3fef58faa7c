using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Outgoing;

/// <summary>A file of an issued document as it travels: the issued PDF first, then the phụ lục, each organ-signed.</summary>
public sealed record ReceivedFileSpec(string FileName, string Sha256, long Length);

/// <summary>An issued document, as recipients learn of it: what it is, who sent it, its files and the signature check.</summary>
/// <param name="PageAmount">Pages of the issued document (edXML OtherInfo/PageAmount).</param>
/// <param name="ReplyTo">The document it answers (edXML ResponseFor), when the issuer of that one is known by its code.</param>
public sealed record IssuedDocument(OutgoingDocument Document, Organization Organ, string? SignerName, IReadOnlyList<ReceivedFileSpec> Files,
    bool SignaturesValid, string VerificationSummary, int? PageAmount = null, DocumentReference? ReplyTo = null)
{
    public ReceivedDocument.Sender Sender => new(Organ.Code, Organ.Name);

    /// <summary>The edXML DocumentId: <c>OrganId,yyyy/MM/dd,Number/Notation</c> (EDXML.md) — how statuses and recalls name it.</summary>
    public string DocumentKey => KeyOf(Organ.Code, Document.IssuedDate!.Value, Document.Number!.Value, Document.Notation!);

    public static string KeyOf(string organCode, DateOnly issued, long number, string notation) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{organCode},{issued:yyyy/MM/dd},{number}/{notation}");

    public ReceivedDocument.Metadata Metadata => new(DocumentKey, OutgoingDocument.NumberText(Document.Number!.Value),
        Document.Notation, Document.IssuedDate, Document.TypeName, Document.Subject, SignerName,
        Document.SignerAuthority is null ? Document.SignerPosition : $"{Document.SignerAuthority} {Document.SignerPosition}",
        Document.Urgency, Document.DueDate, Document.ToPlaces, PageAmount, ReplyTo?.Key);
}

/// <summary>
/// Hands issued documents to recipients outside the installation (the exchange module: edXML through the outbox), in the
/// issue's transaction, and tells them of a recall. External deliveries it cannot route stay queued with the reason.
/// </summary>
public interface IOutgoingDispatch
{
    Task DispatchAsync(IssuedDocument issued, IReadOnlyList<Delivery> external, CancellationToken ct);
    Task RecallAsync(OutgoingDocument document, IReadOnlyList<Delivery> external, CancellationToken ct);
}
