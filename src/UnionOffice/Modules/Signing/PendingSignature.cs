namespace UnionOffice.Modules.Signing;

public enum PendingSignatureState
{
    /// <summary>Prepared; waiting for the signature from whoever holds the key.</summary>
    Waiting = 0,
    /// <summary>The signature came back, matched and is in the document.</summary>
    Completed = 1,
    /// <summary>Refused or failed (a wrong signature, a refusal on the phone, a service error): <see cref="PendingSignature.Error"/> says why.</summary>
    Failed = 2,
}

/// <summary>
/// The first half of a deferred signature, kept in the database so that it survives a restart and another node can
/// complete it: the document laid out with its signature field and byte range (the hole of /Contents still empty),
/// the digest the key must sign, whose certificate must sign it and until when. What the signature is for is named by
/// <see cref="Purpose"/> and <see cref="SubjectId"/> at the version it was prepared from; the module that prepared it
/// completes it (and refuses when the subject moved on meanwhile). Several prepared together form a batch (ký lô).
/// </summary>
public sealed class PendingSignature
{
    private PendingSignature() { }

    public PendingSignature(string purpose, Guid subjectId, int subjectVersion, Guid userId, Guid certificateId, byte[] preparedPdf, byte[] digest,
        string details, DateTimeOffset now, DateTimeOffset expiresAt, Guid? batchId)
    {
        Id = Guid.CreateVersion7();
        Purpose = purpose;
        SubjectId = subjectId;
        SubjectVersion = subjectVersion;
        UserId = userId;
        CertificateId = certificateId;
        PreparedPdf = preparedPdf;
        Digest = digest;
        Details = details;
        CreatedAt = now;
        ExpiresAt = expiresAt;
        BatchId = batchId;
    }

    public Guid Id { get; private set; }
    /// <summary>What it signs: "outgoing.head" (the head's signature of a draft), …</summary>
    public string Purpose { get; private set; } = "";
    public Guid SubjectId { get; private set; }
    /// <summary>The subject's version it was prepared from (a draft's current version).</summary>
    public int SubjectVersion { get; private set; }
    /// <summary>Who asked for it and alone may complete it.</summary>
    public Guid UserId { get; private set; }
    public Guid CertificateId { get; private set; }
    public byte[] PreparedPdf { get; private set; } = [];
    /// <summary>SHA-256 of the CMS's signed attributes: the 32 bytes the key signs.</summary>
    public byte[] Digest { get; private set; } = [];
    /// <summary>What the completing module needs again (JSON): the signer's block as prepared.</summary>
    public string Details { get; private set; } = "{}";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public Guid? BatchId { get; private set; }
    /// <summary>The remote service's transaction, when one signs it.</summary>
    public string? RemoteTransactionId { get; private set; }
    public PendingSignatureState State { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>The stored file of the signed result, once completed.</summary>
    public string? ResultSha256 { get; private set; }
    public int Version { get; private set; }

    public bool IsExpired(DateTimeOffset now) => State == PendingSignatureState.Waiting && now >= ExpiresAt;

    public void SentToService(string transactionId) => RemoteTransactionId = transactionId.Length > 200 ? transactionId[..200] : transactionId;

    public void Complete(string resultSha256, DateTimeOffset now)
    {
        State = PendingSignatureState.Completed;
        ResultSha256 = resultSha256;
        FinishedAt = now;
        PreparedPdf = []; // the signed file is in the store; the prepared copy is no longer needed
        Version++;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        State = PendingSignatureState.Failed;
        Error = error.Length > 1000 ? error[..1000] : error;
        FinishedAt = now;
        PreparedPdf = [];
        Version++;
    }
}
