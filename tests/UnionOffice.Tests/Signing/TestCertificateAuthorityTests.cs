using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>The TEST CA: names that say so, fixed validity windows, usages, PKCS#12, PEM and a CRL that openssl accepts.</summary>
public class TestCertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 8, 0, 0, TimeSpan.FromHours(7));

    private static DateTimeOffset Utc(DateTime local) => new(local.ToUniversalTime(), TimeSpan.Zero);

    [Fact]
    public void TheRoot_SaysItIsATestCa_AndHasFixedValidity()
    {
        using var ca = TestCertificateAuthority.Create(Now);
        var subject = ca.Root.SubjectName.Name;
        Assert.Contains("CN=UnionOffice TEST CA – KHÔNG DÙNG THẬT", subject);
        Assert.Contains("O=UnionOffice (test)", subject);
        Assert.Equal(ca.Root.SubjectName.RawData, ca.Root.IssuerName.RawData);
        Assert.Equal(Now.AddYears(-3), Utc(ca.Root.NotBefore));
        Assert.Equal(Now.AddYears(10), Utc(ca.Root.NotAfter));
        Assert.True(Assert.Single(ca.Root.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        Assert.Equal(3072, ca.Root.GetRSAPublicKey()!.KeySize);

        // Two CAs with the same name are still two names (a serial number keeps them apart).
        using var again = TestCertificateAuthority.Create(Now);
        Assert.NotEqual(ca.Root.SubjectName.Name, again.Root.SubjectName.Name);

        var pem = ca.RootPem;
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
        Assert.False(X509Certificate2.CreateFromPem(pem).HasPrivateKey);
        Assert.False(ca.RootPublic.HasPrivateKey);
    }

    [Fact]
    public void APersonalCertificate_NamesThePersonAndOrgan_ForSigningOnly()
    {
        using var ca = TestCertificateAuthority.Create(Now);
        using var person = ca.IssuePerson("Nguyễn Thị Hoa", "Công đoàn Giáo dục huyện Gia Lâm", email: "hoa@example.test");
        var cert = person.Certificate;
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("Nguyễn Thị Hoa", cert.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("O=Công đoàn Giáo dục huyện Gia Lâm", cert.SubjectName.Name);
        Assert.Equal(ca.Root.SubjectName.RawData, cert.IssuerName.RawData);
        Assert.Equal(Now.AddDays(-1), Utc(cert.NotBefore));
        Assert.Equal(Now.AddYears(2), Utc(cert.NotAfter));
        var usage = Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.False(Assert.Single(cert.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        Assert.Contains("1.3.6.1.5.5.7.3.4", Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!));
        Assert.Equal("hoa@example.test", cert.GetNameInfo(X509NameType.EmailName, false));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.RootPublic);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        Assert.True(chain.Build(cert), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void OrganTsaExpiredAndEcdsaCertificates()
    {
        using var ca = TestCertificateAuthority.Create(Now, keyType: TestKeyType.EcdsaP256);
        Assert.Equal("1.2.840.10045.2.1", ca.Root.PublicKey.Oid.Value);

        using var organ = ca.IssueOrgan("Liên đoàn Lao động thành phố Hà Nội");
        Assert.Equal("Liên đoàn Lao động thành phố Hà Nội", organ.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Contains("O=Liên đoàn Lao động thành phố Hà Nội", organ.Certificate.SubjectName.Name);
        Assert.NotNull(organ.Certificate.GetECDsaPrivateKey());

        using var tsa = ca.IssueTimestampAuthority();
        var eku = Assert.Single(tsa.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!));

        using var expired = ca.IssueExpired("Bùi Văn Khoa", "Công đoàn cơ sở");
        Assert.Equal(Now.AddDays(-1), Utc(expired.Certificate.NotAfter));
        Assert.Equal(Now.AddYears(-2), Utc(expired.Certificate.NotBefore));
    }

    [Fact]
    public void Pkcs12_RoundTripsWithItsPassword_Only()
    {
        using var ca = TestCertificateAuthority.Create(Now);
        using var person = ca.IssuePerson("Trịnh Văn Minh", "Công đoàn Y tế");
        var pfx = person.ExportPkcs12("Mật khẩu thử #1");
        var loaded = X509CertificateLoader.LoadPkcs12Collection(pfx, "Mật khẩu thử #1");
        Assert.Equal(2, loaded.Count);
        var withKey = Assert.Single(loaded, c => c.HasPrivateKey);
        Assert.Equal(person.Certificate.Thumbprint, withKey.Thumbprint);
        Assert.Contains(loaded, c => c.Thumbprint == ca.Root.Thumbprint && !c.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(pfx, "sai mật khẩu"));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(pfx, null));
    }

    [Fact]
    public async Task TheCrl_ListsRevokedCertificates_AndOpensslAcceptsItsSignature()
    {
        using var ca = TestCertificateAuthority.Create(Now);
        using var revoked = ca.IssuePerson("Lý Thị Nga", "Công đoàn Điện lực");
        using var kept = ca.IssuePerson("Mai Văn Oanh", "Công đoàn Điện lực");
        Assert.NotEqual(revoked.Certificate.SerialNumber, kept.Certificate.SerialNumber);
        ca.Revoke(revoked.Certificate, Now.AddHours(-2));
        var crl = ca.CreateCrl();

        var builder = CertificateRevocationListBuilder.Load(crl, out var number);
        Assert.Equal(1, (int)number);
        Assert.True(builder.RemoveEntry(revoked.Certificate.SerialNumberBytes.Span));
        Assert.False(builder.RemoveEntry(kept.Certificate.SerialNumberBytes.Span));
        CertificateRevocationListBuilder.Load(ca.CreateCrl(), out var next);
        Assert.Equal(2, (int)next);

        var run = await OpenSsl.RunAsync(new Dictionary<string, byte[]>
        {
            ["ca.crl"] = crl,
            ["ca.pem"] = System.Text.Encoding.ASCII.GetBytes(ca.RootPem),
        }, "crl", "-inform", "DER", "-in", "ca.crl", "-CAfile", "ca.pem", "-noout", "-text");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("verify OK", run.Output);
        Assert.Contains("Key Compromise", run.Output);
    }
}
