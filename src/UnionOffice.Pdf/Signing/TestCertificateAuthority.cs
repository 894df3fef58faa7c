using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing;

/// <summary>Key types the test CA can make.</summary>
public enum TestKeyType { Rsa, EcdsaP256 }

/// <summary>
/// A TEST certificate authority — for demos and tests only, never for real signatures; every name it writes says so.
/// It makes a self-signed root and issues personal certificates (CN = full name, O = organ), organ certificates, a
/// time-stamping certificate, expired ones, and keeps a revocation list. Validity windows are fixed relative to the
/// <c>now</c> it is created with, so tests are deterministic:
/// root [now − 3 years, now + 10 years]; issued [now − 1 day, now + 2 years] unless given; expired [now − 2 years, now − 1 day].
/// A certificate from a different (untrusted) CA is one issued by a second instance.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    public const string DefaultName = "UnionOffice TEST CA – KHÔNG DÙNG THẬT";
    private const string TestOrganization = "UnionOffice (test)";

    private readonly List<(byte[] Serial, DateTimeOffset When, X509RevocationReason Reason)> _revoked = [];
    private readonly Uri? _crlUri;
    private readonly Uri? _ocspUri;
    private readonly TestKeyType _keyType;
    private BigInteger _crlNumber;
    private long _nextSerial;

    private TestCertificateAuthority(X509Certificate2 root, DateTimeOffset now, TestKeyType keyType, Uri? crlUri, Uri? ocspUri)
    {
        Root = root;
        Now = now;
        _keyType = keyType;
        _crlUri = crlUri;
        _ocspUri = ocspUri;
        _nextSerial = 0x1000;
    }

    /// <summary>The root, with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The moment the validity windows are counted from.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The root in PEM, for a trust list or <c>openssl -CAfile</c>.</summary>
    public string RootPem => Root.ExportCertificatePem();

    /// <summary>The root's public part only (what a verifier is given as a trust anchor).</summary>
    public X509Certificate2 RootPublic => X509CertificateLoader.LoadCertificate(Root.RawData);

    /// <param name="now">The reference moment.</param>
    /// <param name="name">The root's CN; a second CA (an untrusted one) should have another.</param>
    /// <param name="keyType">RSA 3072 or ECDSA P-256, for the root and everything it issues.</param>
    /// <param name="crlUri">Written as CRL distribution point into issued certificates, so a verifier checking revocation
    /// fetches <see cref="CreateCrl"/> from there (a loopback server in tests); none if null.</param>
    /// <param name="ocspUri">Written as OCSP responder (Authority Information Access) into issued certificates; a test
    /// responder answers from <see cref="RevocationOf"/>; none if null.</param>
    public static TestCertificateAuthority Create(DateTimeOffset now, string name = DefaultName, TestKeyType keyType = TestKeyType.Rsa, Uri? crlUri = null, Uri? ocspUri = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // A serial number in the name keeps two test CAs apart even with the same CN (CRL caches are keyed by issuer name).
        var b = new X500DistinguishedNameBuilder();
        b.AddCountryOrRegion("VN");
        b.AddOrganizationName(TestOrganization);
        b.AddCommonName(name);
        b.Add("2.5.4.5", Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), UniversalTagNumber.PrintableString);
        var subject = b.Build();
        var request = Request(subject, keyType, out var key);
        using (key)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var root = request.CreateSelfSigned(now.AddYears(-3), now.AddYears(10));
            return new TestCertificateAuthority(root, now, keyType, crlUri, ocspUri);
        }
    }

    /// <summary>A person's signing certificate: CN = full name, O = organ; digitalSignature + nonRepudiation.</summary>
    /// <remarks><paramref name="keyType"/>: the person's own key type when it differs from the CA's (a P-256 key is made in a millisecond).</remarks>
    public IssuedCertificate IssuePerson(string fullName, string organ, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? email = null,
        TestKeyType? keyType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        ArgumentException.ThrowIfNullOrWhiteSpace(organ);
        return Issue(Name(fullName, organ, "Cá nhân (test)"), notBefore, notAfter,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            [new Oid("1.3.6.1.5.5.7.3.4"), new Oid("1.3.6.1.5.5.7.3.36")], ekuCritical: false, email, keyType);
    }

    /// <summary>An organ's certificate (the organ's seal, "chữ ký số của cơ quan"): CN = O = organ name.</summary>
    public IssuedCertificate IssueOrgan(string organ, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organ);
        return Issue(Name(organ, organ, "Cơ quan (test)"), notBefore, notAfter,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            // emailProtection as well as documentSigning: NSS (pdfsig, Firefox) validates document signers for that usage.
            [new Oid("1.3.6.1.5.5.7.3.4"), new Oid("1.3.6.1.5.5.7.3.36")], ekuCritical: false, email: null);
    }

    /// <summary>A time-stamping authority's certificate: extended key usage timeStamping only, critical (RFC 3161 §2.3).</summary>
    public IssuedCertificate IssueTimestampAuthority(string name = "UnionOffice TEST TSA – KHÔNG DÙNG THẬT", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
        => Issue(Name(name, TestOrganization, extra: null), notBefore, notAfter, X509KeyUsageFlags.DigitalSignature,
            [new Oid(CmsOids.TimeStampingPurpose)], ekuCritical: true, email: null);

    /// <summary>A personal certificate whose validity ended yesterday (relative to <see cref="Now"/>).</summary>
    public IssuedCertificate IssueExpired(string fullName, string organ)
        => IssuePerson(fullName, organ, Now.AddYears(-2), Now.AddDays(-1));

    /// <summary>Puts a certificate on the next <see cref="CreateCrl"/>.</summary>
    public void Revoke(X509Certificate2 certificate, DateTimeOffset? when = null, X509RevocationReason reason = X509RevocationReason.KeyCompromise)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _revoked.Add((certificate.SerialNumberBytes.ToArray(), when ?? Now, reason));
    }

    /// <summary>The revocation of the certificate with this serial (big-endian, as encoded), if it was revoked.</summary>
    public (DateTimeOffset When, X509RevocationReason Reason)? RevocationOf(ReadOnlySpan<byte> serial)
    {
        foreach (var (s, when, reason) in _revoked)
            if (s.AsSpan().SequenceEqual(serial)) return (when, reason);
        return null;
    }

    /// <summary>A signed CRL (DER) listing the revoked certificates, thisUpdate = Now − 1 hour (or as given), nextUpdate 7 days later.</summary>
    public byte[] CreateCrl(DateTimeOffset? thisUpdate = null)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (serial, when, reason) in _revoked) builder.AddEntry(serial, when, reason);
        _crlNumber++;
        var from = thisUpdate ?? Now.AddHours(-1);
        return _keyType == TestKeyType.Rsa
            ? builder.Build(Root, _crlNumber, from.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, from)
            : builder.Build(Root, _crlNumber, from.AddDays(7), HashAlgorithmName.SHA256, null, from);
    }

    public void Dispose() => Root.Dispose();

    private IssuedCertificate Issue(X500DistinguishedName subject, DateTimeOffset? notBefore, DateTimeOffset? notAfter,
        X509KeyUsageFlags usage, Oid[] ekus, bool ekuCritical, string? email, TestKeyType? keyType = null)
    {
        var request = Request(subject, keyType ?? _keyType, out var key);
        using (key)
        {
            var (from, to, serial) = AddLeafExtensions(request, notBefore, notAfter, usage, ekus, ekuCritical, email);
            // A leaf whose key type differs from the root's is signed through the root's own signature generator.
            using var issued = (keyType ?? _keyType) == _keyType
                ? request.Create(Root, from, to, serial)
                : request.Create(Root.SubjectName, RootSigner(), from, to, serial);
            var withKey = key switch
            {
                RSA rsa => issued.CopyWithPrivateKey(rsa),
                ECDsa ec => issued.CopyWithPrivateKey(ec),
                _ => throw new InvalidOperationException(),
            };
            return new IssuedCertificate(withKey, X509CertificateLoader.LoadCertificate(Root.RawData));
        }
    }

    /// <summary>
    /// A person's certificate for a key this CA never sees — one made on a token (PKCS#11 C_GenerateKeyPair), as a real
    /// CA certifies the public key of a token's key pair. The certificate alone comes back.
    /// </summary>
    public X509Certificate2 IssuePersonForKey(PublicKey publicKey, string fullName, string organ, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        IssueForKey(publicKey, Name(fullName, organ, "Cá nhân (test)"), notBefore, notAfter);

    /// <summary>An organ's certificate for a key on its HSM or token (CN = O = organ), the certificate alone.</summary>
    public X509Certificate2 IssueOrganForKey(PublicKey publicKey, string organ, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        IssueForKey(publicKey, Name(organ, organ, "Cơ quan (test)"), notBefore, notAfter);

    private X509Certificate2 IssueForKey(PublicKey publicKey, X500DistinguishedName subject, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var request = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        var (from, to, serial) = AddLeafExtensions(request, notBefore, notAfter, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            [new Oid("1.3.6.1.5.5.7.3.4"), new Oid("1.3.6.1.5.5.7.3.36")], ekuCritical: false, email: null);
        using var issued = request.Create(Root.SubjectName, RootSigner(), from, to, serial);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }

    private X509SignatureGenerator RootSigner() => _keyType == TestKeyType.Rsa
        ? X509SignatureGenerator.CreateForRSA(Root.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1)
        : X509SignatureGenerator.CreateForECDsa(Root.GetECDsaPrivateKey()!);

    private (DateTimeOffset From, DateTimeOffset To, byte[] Serial) AddLeafExtensions(CertificateRequest request, DateTimeOffset? notBefore, DateTimeOffset? notAfter,
        X509KeyUsageFlags usage, Oid[] ekus, bool ekuCritical, string? email)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var ekuCollection = new OidCollection();
        foreach (var e in ekus) ekuCollection.Add(e);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ekuCollection, ekuCritical));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (email is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddEmailAddress(email);
            request.CertificateExtensions.Add(san.Build());
        }
        if (_crlUri is not null)
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([_crlUri.AbsoluteUri]));
        if (_ocspUri is not null)
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([_ocspUri.AbsoluteUri], null));

        var from = notBefore ?? Now.AddDays(-1);
        var to = notAfter ?? Now.AddYears(2);
        var serial = new byte[9];
        serial[0] = 0x10; // positive, minimal, unique within this CA
        BinaryPrimitives.WriteInt64BigEndian(serial.AsSpan(1), Interlocked.Increment(ref _nextSerial));
        return (from, to, serial);
    }

    private static CertificateRequest Request(X500DistinguishedName subject, TestKeyType keyType, out AsymmetricAlgorithm key)
    {
        if (keyType == TestKeyType.Rsa)
        {
            var rsa = RSA.Create(3072);
            key = rsa;
            return new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        key = ec;
        return new CertificateRequest(subject, ec, HashAlgorithmName.SHA256);
    }

    private static X500DistinguishedName Name(string commonName, string organization, string? extra)
    {
        var b = new X500DistinguishedNameBuilder();
        b.AddCountryOrRegion("VN");
        b.AddOrganizationName(organization);
        if (extra is not null) b.AddOrganizationalUnitName(extra);
        b.AddCommonName(commonName);
        return b.Build();
    }
}

/// <summary>A certificate made by <see cref="TestCertificateAuthority"/>, with its private key.</summary>
public sealed class IssuedCertificate : IDisposable
{
    internal IssuedCertificate(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        Certificate = certificate;
        Issuer = issuer;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The issuing CA's certificate (public part).</summary>
    public X509Certificate2 Issuer { get; }

    /// <summary>The certificate's public part only.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    /// <summary>A password-protected PKCS#12 (AES-256, SHA-256, 100 000 iterations) holding the key, the certificate and the CA certificate.</summary>
    public byte[] ExportPkcs12(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var collection = new X509Certificate2Collection { Certificate, Issuer };
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
        return collection.ExportPkcs12(pbe, password);
    }

    /// <summary>Signs with this certificate's key in-process.</summary>
    public LocalKeySignatureProvider SignatureProvider() => new(Certificate);

    public void Dispose()
    {
        Certificate.Dispose();
        Issuer.Dispose();
    }
}
