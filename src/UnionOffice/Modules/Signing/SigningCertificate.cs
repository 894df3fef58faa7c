namespace UnionOffice.Modules.Signing;

/// <summary>
/// A signing certificate with its private key, imported as PKCS#12: a person's own (the owner alone signs with it) or
/// an organ's (its clerks apply it at issue). The PKCS#12 is kept as imported — encrypted under its own PIN/password,
/// which is never stored — and wrapped once more with the installation's data-protection keys, so a copy of the
/// database alone yields nothing. Signing needs the PIN again every time.
/// </summary>
public sealed class SigningCertificate
{
    private SigningCertificate() { }

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
    public byte[] ProtectedPkcs12 { get; private set; } = [];
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
