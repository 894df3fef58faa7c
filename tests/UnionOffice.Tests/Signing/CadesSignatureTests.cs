using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>PAdES B-B CMS signatures: read back by .NET's SignedCms and by openssl, byte-level structure as ETSI asks.</summary>
public class CadesSignatureTests
{
    private static SignedCms Decode(byte[] cms, byte[] content)
    {
        var signed = new SignedCms(new ContentInfo(content), detached: true);
        signed.Decode(cms);
        return signed;
    }

    [Fact]
    public async Task RsaSignature_VerifiesWithSignedCms_AndFailsWhenOneByteOfTheContentChanges()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await CadesSignature.CreateAsync(SHA256.HashData(content), pki.Person.SignatureProvider(), tsa: null, CancellationToken.None);

        Decode(cms, content).CheckSignature(verifySignatureOnly: true);
        Assert.Throws<CryptographicException>(() => Decode(cms, Content.Flip(content, 5_000)).CheckSignature(verifySignatureOnly: true));
        Assert.Throws<CryptographicException>(() => Decode(cms, content[..^1]).CheckSignature(verifySignatureOnly: true));
    }

    [Fact]
    public async Task ADigestOfOtherContent_DoesNotVerifyAgainstThisContent()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var wrongDigest = SHA256.HashData(Content.Sample(seed: 8));
        var cms = await CadesSignature.CreateAsync(wrongDigest, pki.Person.SignatureProvider(), null, CancellationToken.None);
        Assert.Throws<CryptographicException>(() => Decode(cms, content).CheckSignature(verifySignatureOnly: true));
        await Assert.ThrowsAsync<ArgumentException>(() => CadesSignature.CreateAsync(new byte[20], pki.Person.SignatureProvider(), null, CancellationToken.None));
    }

    [Fact]
    public async Task Structure_IsCadesBaselineB_Detached_WithTheThreeSignedAttributesOnly()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var digest = SHA256.HashData(content);
        var intermediate = pki.Other.RootPublic; // any extra certificate: it must be embedded as given
        var signer = new LocalKeySignatureProvider(pki.Person.Certificate, [intermediate]);
        var cms = await CadesSignature.CreateAsync(digest, signer, null, CancellationToken.None);

        var signed = Decode(cms, content);
        Assert.Equal(1, signed.Version);
        Assert.True(signed.Detached);
        Assert.Equal("1.2.840.113549.1.7.1", signed.ContentInfo.ContentType.Value);
        Assert.Equal(2, signed.Certificates.Count);
        Assert.Contains(signed.Certificates, c => c.Thumbprint == pki.Person.Certificate.Thumbprint);
        Assert.Contains(signed.Certificates, c => c.Thumbprint == intermediate.Thumbprint);

        var si = Assert.Single(signed.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(1, si.Version);
        Assert.Equal(SubjectIdentifierType.IssuerAndSerialNumber, si.SignerIdentifier.Type);
        Assert.Equal(CmsOidsForTests.Sha256, si.DigestAlgorithm.Value);
        Assert.Equal(CmsOidsForTests.RsaEncryption, si.SignatureAlgorithm.Value);
        Assert.Equal(pki.Person.Certificate.Thumbprint, si.Certificate!.Thumbprint);
        var attributeTypes = si.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([CmsOidsForTests.SigningCertificateV2, CmsOidsForTests.ContentType, CmsOidsForTests.MessageDigest], attributeTypes); // ordinal order
        Assert.DoesNotContain(CmsOidsForTests.SigningTime, attributeTypes);
        Assert.Empty(si.UnsignedAttributes);
        var md = si.SignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == CmsOidsForTests.MessageDigest);
        Assert.Equal(digest, AsnDecoder.ReadOctetString(md.Values[0].RawData, AsnEncodingRules.DER, out _));

        // signing-certificate-v2 = { { { certHash (no hashAlgorithm: sha256 is the default), { { [4] issuer }, serial } } } }
        var v2 = si.SignedAttributes.Cast<CryptographicAttributeObject>().Single(a => a.Oid.Value == CmsOidsForTests.SigningCertificateV2);
        var id = new AsnReader(v2.Values[0].RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
        Assert.Equal(UniversalTagNumber.OctetString, (UniversalTagNumber)id.PeekTag().TagValue);
        Assert.Equal(SHA256.HashData(pki.Person.Certificate.RawData), id.ReadOctetString());
        var issuerSerial = id.ReadSequence();
        var issuer = issuerSerial.ReadSequence().ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4)).ReadEncodedValue();
        Assert.Equal(pki.Person.Certificate.IssuerName.RawData, issuer.ToArray());
        Assert.Equal(pki.Person.Certificate.SerialNumberBytes.ToArray(), issuerSerial.ReadIntegerBytes().ToArray());
        Assert.False(id.HasData);

        // The whole thing is DER: re-reading under DER rules accepts it, and it ends where it should.
        var reader = new AsnReader(cms, AsnEncodingRules.DER);
        reader.ReadSequence();
        Assert.False(reader.HasData);
    }

    [Fact]
    public async Task EcdsaSigner_Works()
    {
        using var ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow, keyType: TestKeyType.EcdsaP256);
        using var person = ca.IssuePerson("Lê Thị Cúc", "Công đoàn ngành Giáo dục");
        var content = Content.Sample(3_000);
        var cms = await CadesSignature.CreateAsync(SHA256.HashData(content), person.SignatureProvider(), null, CancellationToken.None);

        var signed = Decode(cms, content);
        signed.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(CmsOidsForTests.EcdsaWithSha256, signed.SignerInfos[0].SignatureAlgorithm.Value);
        Assert.Throws<CryptographicException>(() => Decode(cms, Content.Flip(content, 0)).CheckSignature(verifySignatureOnly: true));

        var openssl = await OpenSsl.VerifyAsync(cms, content, ca.RootPem);
        Assert.True(openssl.ExitCode == 0, openssl.Output);
    }

    [Fact]
    public async Task ARemoteLikeSigner_SigningLaterOnAnotherTask_Works()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var signer = new RemoteLikeSigner(pki.Person.Certificate);
        Assert.False(signer.Certificate.HasPrivateKey); // only the public part is in our hands

        var pending = CadesSignature.CreateAsync(SHA256.HashData(content), signer, null, CancellationToken.None);
        var digest = await signer.Received; // the digest of the signed attributes has gone out…
        Assert.Equal(32, digest.Length);
        Assert.False(pending.IsCompleted); // …and nothing comes back until the remote side answers
        signer.Release();
        var cms = await pending;

        Decode(cms, content).CheckSignature(verifySignatureOnly: true);
        Assert.NotEqual(0, signer.SignedOnThread);
    }

    [Fact]
    public async Task ACancelledRemoteSigning_Cancels()
    {
        var pki = TestPki.Get();
        var signer = new RemoteLikeSigner(pki.Person.Certificate);
        using var cts = new CancellationTokenSource();
        var pending = CadesSignature.CreateAsync(SHA256.HashData(Content.Sample()), signer, null, cts.Token);
        await signer.Received;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task ASignatureByAnotherKey_IsCaughtBeforeItLeaves()
    {
        var pki = TestPki.Get();
        var impostor = new WrongKeySigner(pki.Person.PublicCertificate, pki.Stranger.SignatureProvider());
        var e = await Assert.ThrowsAsync<CryptographicException>(() => CadesSignature.CreateAsync(SHA256.HashData(Content.Sample()), impostor, null, CancellationToken.None));
        Assert.Contains("không khớp", e.Message);
    }

    [Fact]
    public async Task Openssl_VerifiesIt_PrintsSigningCertificateV2_AndRefusesChangedContentOrAnUntrustedRoot()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await CadesSignature.CreateAsync(SHA256.HashData(content), pki.Person.SignatureProvider(), null, CancellationToken.None);

        var ok = await OpenSsl.VerifyAsync(cms, content, pki.Ca.RootPem);
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("Verification successful", ok.Output);

        var changed = await OpenSsl.VerifyAsync(cms, Content.Flip(content, 1234), pki.Ca.RootPem);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("content verify error", changed.Output);

        var otherRoot = await OpenSsl.VerifyAsync(cms, content, pki.Other.RootPem);
        Assert.NotEqual(0, otherRoot.ExitCode);

        var print = await OpenSsl.PrintAsync(cms);
        Assert.True(print.ExitCode == 0, print.Output);
        Assert.Contains("id-smime-aa-signingCertificateV2", print.Output);
        Assert.DoesNotContain("signingTime", print.Output);
        Assert.Contains("messageDigest", print.Output);
    }

    [Fact]
    public async Task APkcs12File_SignsThroughLocalKeySignatureProvider()
    {
        var pki = TestPki.Get();
        var pfx = pki.Person.ExportPkcs12("mật-khẩu 123");
        var provider = LocalKeySignatureProvider.FromPkcs12(pfx, "mật-khẩu 123");
        Assert.Equal(pki.Person.Certificate.Thumbprint, provider.Certificate.Thumbprint);
        Assert.Empty(provider.Chain); // the root is not embedded: a verifier must already trust it
        Assert.ThrowsAny<CryptographicException>(() => LocalKeySignatureProvider.FromPkcs12(pfx, "sai"));

        var content = Content.Sample();
        var cms = await CadesSignature.CreateAsync(SHA256.HashData(content), provider, null, CancellationToken.None);
        Decode(cms, content).CheckSignature(verifySignatureOnly: true);
        Assert.Throws<ArgumentException>(() => new LocalKeySignatureProvider(pki.Person.PublicCertificate));
    }
}
