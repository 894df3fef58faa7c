namespace UnionOffice.Modules.Signing;

/// <summary>Where a certificate's private key is, and so how a signature with it is made.</summary>
public enum KeyHolder
{
    /// <summary>A PKCS#12 kept here, encrypted, opened with the PIN at each signature (demos, organs that choose it).</summary>
    ServerPkcs12 = 0,
    /// <summary>The person's USB token: the page hands the digest to the signing agent on their own computer.</summary>
    Token = 1,
    /// <summary>A remote signing service (SmartCA-style): the person confirms each signature on the phone.</summary>
    Remote = 2,
    /// <summary>An HSM or token on the server, through PKCS#11 (an organ's key): the clerk gives its PIN.</summary>
    Hsm = 3,
}

/// <summary>
/// A signing certificate: its key held by the server as PKCS#12 (<see cref="KeyHolder.ServerPkcs12"/>), or elsewhere —
/// a USB token, a remote service, an HSM — when only the public certificate is kept. For PKCS#12: imported: a person's own (the owner alone signs with it) or
/// an organ's (its clerks apply it at issue). The PKCS#12 is kept as imported — encrypted under its own PIN/password,
/// which is never stored — and wrapped once more with the installation's data-protection keys, so a copy of the
/// database alone yields nothing. Signing needs the PIN again every time.
/// </summary>
public sealed class SigningCertificate
{
    private SigningCertificate() { }

    /// <summary>A certificate whose key stays where it is: only the public certificate (and its chain) is kept.</summary>
    public static SigningCertificate External(Guid? userId, Guid? organizationId, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        string? chainPem, KeyHolder holder, string? keyReference, bool isTest, Guid importedBy, DateTimeOffset now)
    {
        if (holder == KeyHolder.ServerPkcs12) throw new ArgumentException("A PKCS#12 certificate is imported with its file.", nameof(holder));
        return new SigningCertificate(userId, organizationId, certificate.Subject, certificate.Issuer, certificate.Thumbprint, certificate.SerialNumber,
            certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), [], isTest, importedBy, now)
        {
            Holder = holder,
            PublicCertificate = certificate.RawData,
            ChainPem = chainPem,
            KeyReference = keyReference is { Length: > 300 } k ? k[..300] : keyReference,
        };
    }

    public SigningCertificate(Guid? userId, Guid? organizationId, string subject, string issuer, string thumbprint, string serialNumber,
        DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] protectedPkcs12, bool isTest, Guid importedBy, DateTimeOffset now)
    {
        if ((userId is null) == (organizationId is null)) throw new ArgumentException("A certificate belongs to a person or to an organ.");
        Id = Guid.CreateVersion7();
        UserId = userId;
        OrganizationId = organizationId;
        Subject = subject.Length > 500 ? subject[..500] : subject;
        Issuer = issuer.Length > 500 ? issuer[..500] : issuer;
        Thumbprint = thumbprint;
        SerialNumber = serialNumber.Length > 100 ? serialNumber[..100] : serialNumber;
        NotBefore = notBefore;
        NotAfter = notAfter;
        ProtectedPkcs12 = protectedPkcs12;
        IsTest = isTest;
        ImportedByUserId = importedBy;
        ImportedAt = now;
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? OrganizationId { get; private set; }
    public string Subject { get; private set; } = "";
    public string Issuer { get; private set; } = "";
    public string Thumbprint { get; private set; } = "";
    public string SerialNumber { get; private set; } = "";
    public DateTimeOffset NotBefore { get; private set; }
    public DateTimeOffset NotAfter { get; private set; }
    /// <summary>Empty unless <see cref="Holder"/> is <see cref="KeyHolder.ServerPkcs12"/>.</summary>
    public byte[] ProtectedPkcs12 { get; private set; } = [];
    public KeyHolder Holder { get; private set; }
    /// <summary>The certificate (DER) of a key held elsewhere.</summary>
    public byte[]? PublicCertificate { get; private set; }
    /// <summary>Intermediate certificates (PEM) to embed with the signature, as the token or service gave them.</summary>
    public string? ChainPem { get; private set; }
    /// <summary>
    /// Which key: for <see cref="KeyHolder.Remote"/> the service's name and the person's account there
    /// ("smartca:0123456789"); for <see cref="KeyHolder.Hsm"/> the token's label and the key's CKA_ID in hex ("label/01ab").
    /// </summary>
    public string? KeyReference { get; private set; }
    /// <summary>Issued by the built-in test CA (demo and tests): marked so everywhere, trusted only when configured.</summary>
    public bool IsTest { get; private set; }
    /// <summary>The handwritten signature (person) or the seal (organ), PNG, in the file store.</summary>
    public string? ImageSha256 { get; private set; }
    public Guid ImportedByUserId { get; private set; }
    public DateTimeOffset ImportedAt { get; private set; }
    public bool IsActive { get; private set; }

    public void SetImage(string? sha256) => ImageSha256 = sha256;
    public void Deactivate() => IsActive = false;
}

/// <summary>A root the installation trusts for signatures (the government CA's, a public CA's, or the test CA's).</summary>
public sealed class TrustAnchor
{
    private TrustAnchor() { }

    public TrustAnchor(string name, byte[] certificate, bool isTest, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Name = name.Length > 300 ? name[..300] : name;
        Certificate = certificate;
        IsTest = isTest;
        AddedAt = now;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public byte[] Certificate { get; private set; } = [];
    public bool IsTest { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
}
