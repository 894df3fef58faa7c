using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.EdXml;

/// <summary>
/// A message read: the model, each attachment's length, SHA-256 and what the sink made of it, the envelope signature
/// when there was one, and the elements the reader did not know and skipped (paths, the first 100).
/// </summary>
public sealed record EdXmlReadResult(
    EdXmlMessage Message,
    EquatableList<EdXmlReceivedAttachment> Attachments,
    EdXmlSignatureReport? Signature,
    EquatableList<string> IgnoredElements);

/// <summary>One attachment as received: decoded length, SHA-256 (lower-case hex) and the sink's handle.</summary>
public sealed record EdXmlReceivedAttachment(EdXmlAttachmentInfo Info, long Length, string Sha256, object? Handle);

/// <summary>What the check of a signature found.</summary>
public enum EdXmlSignatureStatus
{
    /// <summary>The signature verifies and covers the envelope and every attachment.</summary>
    Valid,
    /// <summary>The signature does not verify: something it covers changed, or it covers too little.</summary>
    Invalid,
    /// <summary>A signature this library cannot check (other namespace, whole-document reference, unknown algorithm).</summary>
    Unverifiable,
}

/// <summary>
/// The envelope signature as found. The library does not decide trust: <see cref="Certificate"/> is the certificate
/// the signature names (when it names one); whether to trust it is the caller's decision, and disposing it the caller's
/// too.
/// </summary>
public sealed record EdXmlSignatureReport(EdXmlSignatureStatus Status, X509Certificate2? Certificate, string Reason)
{
    /// <summary>Whether <see cref="Status"/> is <see cref="EdXmlSignatureStatus.Valid"/>.</summary>
    public bool IsValid => Status == EdXmlSignatureStatus.Valid;
}
