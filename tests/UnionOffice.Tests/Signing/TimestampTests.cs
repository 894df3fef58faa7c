using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>B-T: an RFC 3161 token from a TSA on loopback over the signature value, as unsigned attribute.</summary>
public class TimestampTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task BT_CarriesATokenOverTheSignatureValue_ThatVerifies()
    {
        var pki = TestPki.Get();
        var tsaTime = new DateTimeOffset(pki.Now.Year, pki.Now.Month, pki.Now.Day, 1, 2, 3, TimeSpan.Zero);
        await using var tsa = await LocalTsa.StartAsync(pki.Tsa, tsaTime);
        var content = Content.Sample();
        var cms = await CadesSignature.CreateAsync(SHA256.HashData(content), pki.Person.SignatureProvider(), tsa.Client(Http), CancellationToken.None);
        Assert.Equal(1, tsa.Requests);

        var signed = new SignedCms(new ContentInfo(content), detached: true);
        signed.Decode(cms);
        signed.CheckSignature(verifySignatureOnly: true);
        var si = signed.SignerInfos[0];
        var attribute = Assert.Single(si.UnsignedAttributes.Cast<CryptographicAttributeObject>());
        Assert.Equal(CmsOidsForTests.SignatureTimeStampToken, attribute.Oid.Value);
        var tokenBytes = attribute.Values[0].RawData;
        Assert.True(tsa.Issued.TryPeek(out var issued));
        Assert.Equal(issued, tokenBytes); // embedded byte for byte as the TSA wrote it

        Assert.True(Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _));
        Assert.True(token.VerifySignatureForSignerInfo(si, out var tsaCert));
        Assert.Equal(pki.Tsa.Certificate.Thumbprint, tsaCert.Thumbprint);
        Assert.Equal(tsaTime, token.TokenInfo.Timestamp);
        Assert.NotNull(token.TokenInfo.GetNonce());

        var check = CmsVerifier.Verify(cms, content, pki.Anchors, at: null, checkRevocation: false);
        Assert.True(check.IsValid, check.Summary);
        Assert.Equal(tsaTime, check.TimestampTime);
        Assert.True(check.TimestampOk);
        Assert.True(check.TimestampAuthorityTrusted);
        Assert.Equal(tsaTime, check.VerificationTime);
        Assert.Contains("theo dấu thời gian", check.Summary);

        var openssl = await OpenSsl.VerifyAsync(cms, content, pki.Ca.RootPem);
        Assert.True(openssl.ExitCode == 0, openssl.Output);
        Assert.Contains("id-smime-aa-timeStampToken", (await OpenSsl.PrintAsync(cms)).Output);
    }

    [Fact]
    public void TheTsaCertificate_HasOnlyTheCriticalTimeStampingUsage()
    {
        var pki = TestPki.Get();
        var eku = Assert.Single(pki.Tsa.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.True(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!));
    }

    [Fact]
    public async Task ATsaThatRefusesOrAnswersWrongly_FailsTheSigning()
    {
        var pki = TestPki.Get();
        await using var tsa = await LocalTsa.StartAsync(pki.Tsa, pki.Now);
        LocalTsa.Behaviour[] behaviours = [LocalTsa.Behaviour.Reject, LocalTsa.Behaviour.WrongNonce, LocalTsa.Behaviour.WrongImprint, LocalTsa.Behaviour.ServerError];
        foreach (var behaviour in behaviours)
        {
            tsa.Mode = behaviour;
            var e = await Assert.ThrowsAsync<TimestampException>(() =>
                CadesSignature.CreateAsync(SHA256.HashData(Content.Sample()), pki.Person.SignatureProvider(), tsa.Client(Http), CancellationToken.None));
            Assert.False(string.IsNullOrWhiteSpace(e.Message), behaviour.ToString());
        }
        Assert.Equal(behaviours.Length, tsa.Requests);
    }

    [Fact]
    public async Task ATsaNobodyAnswersAt_FailsWithAReason()
    {
        var pki = TestPki.Get();
        Uri closed;
        await using (var tsa = await LocalTsa.StartAsync(pki.Tsa, pki.Now)) closed = tsa.Uri;
        var client = new HttpTimestampAuthority(Http, closed);
        var e = await Assert.ThrowsAsync<TimestampException>(() => client.GetTimestampTokenAsync(new byte[32], CancellationToken.None));
        Assert.Contains("Không kết nối được", e.Message);
    }

    [Fact]
    public async Task AToken_ThatIsNotForThisSignature_IsReportedInvalid()
    {
        // Two ECDSA signatures of the same content differ (ECDSA is randomised), so their tokens differ; swapping one
        // token into the other signature leaves a well-formed CMS whose time-stamp covers another signature value.
        var pki = TestPki.Get();
        using var ca = TestCertificateAuthority.Create(pki.Now, keyType: TestKeyType.EcdsaP256);
        using var person = ca.IssuePerson("Phạm Văn Dũng", "Công đoàn cơ sở");
        var tsaTime = pki.Now.AddTicks(-(pki.Now.Ticks % TimeSpan.TicksPerSecond));
        await using var tsa = await LocalTsa.StartAsync(pki.Tsa, tsaTime);
        var content = Content.Sample();
        var first = await CadesSignature.CreateAsync(SHA256.HashData(content), person.SignatureProvider(), tsa.Client(Http), CancellationToken.None);
        var second = await CadesSignature.CreateAsync(SHA256.HashData(content), person.SignatureProvider(), tsa.Client(Http), CancellationToken.None);
        var tokens = tsa.Issued.ToArray();
        Assert.Equal(tokens[0].Length, tokens[1].Length);
        var at = first.AsSpan().IndexOf(tokens[0]);
        Assert.True(at > 0);
        var spliced = (byte[])first.Clone();
        tokens[1].CopyTo(spliced, at);

        var anchors = new[] { ca.RootPublic, pki.Ca.RootPublic };
        Assert.True(CmsVerifier.Verify(first, content, anchors, null, false).IsValid);
        Assert.True(CmsVerifier.Verify(second, content, anchors, null, false).IsValid);
        var check = CmsVerifier.Verify(spliced, content, anchors, null, false);
        Assert.True(check.IntegrityOk);
        Assert.False(check.TimestampOk);
        Assert.Null(check.TimestampTime);
        Assert.False(check.IsValid);
        Assert.Contains("dấu thời gian kèm theo không hợp lệ", check.Summary);
    }
}
