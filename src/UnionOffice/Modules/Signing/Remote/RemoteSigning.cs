using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Modules.Signing.Remote;

/// <summary>
/// A remote signing service (ký số từ xa: VNPT SmartCA, Viettel MySign and the like): the person's key is kept by the
/// provider, the person confirms each request in the provider's phone app. Hash signing only — the document never
/// leaves the installation, only the digest of the CMS's signed attributes does. ADR 0016 lists what each provider's
/// protocol must be confirmed to do before going live.
/// </summary>
public interface IRemoteSigningService
{
    /// <summary>The provider's name as people know it ("VNPT SmartCA"), for the pages.</summary>
    string ProviderName { get; }

    /// <summary>The certificates the provider holds for the person (identified at the provider by <paramref name="userId"/>, e.g. the CCCD number).</summary>
    Task<IReadOnlyList<RemoteCertificate>> CertificatesAsync(string userId, CancellationToken ct);

    /// <summary>
    /// Asks the person to confirm signing these digests (one confirmation for all of them); answers at once with the
    /// provider's transaction, the signatures come later (<see cref="StatusAsync"/>). <paramref name="transactionId"/> is
    /// ours and unique: a repeat with the same one is the same request.
    /// </summary>
    Task<RemoteTransaction> StartAsync(RemoteSignRequest request, CancellationToken ct);

    /// <summary>Where the transaction is: waiting for the person, confirmed (with the signatures by document), refused, expired or failed.</summary>
    Task<RemoteStatus> StatusAsync(string transactionId, CancellationToken ct);
}

/// <param name="Serial">The certificate's serial number (hex), which names it at the provider.</param>
public sealed record RemoteCertificate(string Serial, X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain, bool Usable);

/// <param name="Documents">Each document's id (shown in the phone app) and the SHA-256 digest to sign.</param>
public sealed record RemoteSignRequest(string UserId, string Serial, string TransactionId, string Description, IReadOnlyList<(string DocumentId, byte[] Digest)> Documents);

public sealed record RemoteTransaction(string TransactionId, string? ProviderReference);

public enum RemoteState { Waiting, Confirmed, Refused, Expired, Failed }

/// <param name="Signatures">Raw signatures (RSA PKCS#1 v1.5 over the digest) by document id, when confirmed.</param>
public sealed record RemoteStatus(RemoteState State, IReadOnlyDictionary<string, byte[]> Signatures, string? Message);

/// <summary>The provider could not be reached or answered something this client does not understand (said in Vietnamese).</summary>
public sealed class RemoteSigningException : Exception
{
    public RemoteSigningException() { }
    public RemoteSigningException(string message) : base(message) { }
    public RemoteSigningException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Signing:Remote — the installation's account at the provider (the integrator's sp_id and secret) and where it answers.</summary>
public sealed class RemoteSigningOptions
{
    /// <summary>The provider's API base, e.g. https://gwsca.vnpt.vn/sca/sp769 (UAT: https://rmgateway.vnptit.vn/sca/sp769). Empty: no remote signing.</summary>
    public string? BaseUrl { get; set; }
    public string ProviderName { get; set; } = "VNPT SmartCA";
    public string SpId { get; set; } = "";
    public string SpPassword { get; set; } = "";
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
