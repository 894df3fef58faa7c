using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>Checking a signature: integrity, signing-certificate-v2, chain at the right time, revocation, and what the user reads.</summary>
public class CmsVerifierTests
{
    private static Task<byte[]> SignAsync(byte[] content, ISignatureProvider signer, ITimestampAuthority? tsa = null)
        => CadesSignature.CreateAsync(SHA256.HashData(content), signer, tsa, CancellationToken.None);

    [Fact]
    public async Task AGoodSignature_IsValid_AndSaysWhoSignedAndWhen()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await SignAsync(content, pki.Person.SignatureProvider());
        var claimed = new DateTimeOffset(pki.Now.Year, pki.Now.Month, pki.Now.Day, 2, 15, 0, TimeSpan.Zero);

        var check = CmsVerifier.Verify(cms, content, pki.Anchors, claimed, checkRevocation: false);
        Assert.True(check.IsValid, check.Summary);
        Assert.True(check.IntegrityOk);
        Assert.Null(check.IntegrityProblem);
        Assert.True(check.SigningCertificateV2Ok);
        Assert.Equal(ChainStatus.Trusted, check.ChainStatus);
        Assert.Equal(CmsVerifier.Describe(ChainStatus.Trusted), check.ChainMessage);
        Assert.Equal("Nguyễn Văn An", check.SignerName);
        Assert.Equal("Liên đoàn Lao động tỉnh Bắc Ninh", check.SignerOrganization);
        Assert.Equal(pki.Person.Certificate.Thumbprint, check.SignerCertificate!.Thumbprint);
        Assert.Null(check.TimestampOk);
        Assert.Null(check.TimestampTime);
        Assert.Equal(claimed, check.VerificationTime);
        Assert.Equal("Chữ ký hợp lệ: Nguyễn Văn An (Liên đoàn Lao động tỉnh Bắc Ninh) đã ký lúc 09:15 ngày "
            + claimed.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
            + " (giờ Việt Nam) (thời điểm khai báo, không có dấu thời gian); nội dung không bị thay đổi sau khi ký và chứng thư được tin cậy.", check.Summary);

        // Trailing zeros, as in a PDF's padded /Contents, are tolerated.
        Assert.True(CmsVerifier.Verify([.. cms, .. new byte[500]], content, pki.Anchors, null, false).IsValid);
    }

    [Fact]
    public async Task ChangedContent_OrAWrongDigest_FailsIntegrity()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await SignAsync(content, pki.Person.SignatureProvider());

        var changed = CmsVerifier.Verify(cms, Content.Flip(content, 9_999), pki.Anchors, null, false);
        Assert.False(changed.IntegrityOk);
        Assert.False(changed.IsValid);
        Assert.Equal("nội dung đã bị thay đổi sau khi ký", changed.IntegrityProblem);
        Assert.Equal("Chữ ký KHÔNG hợp lệ: nội dung đã bị thay đổi sau khi ký.", changed.Summary);

        var wrong = await CadesSignature.CreateAsync(SHA256.HashData(Content.Sample(seed: 99)), pki.Person.SignatureProvider(), null, CancellationToken.None);
        Assert.False(CmsVerifier.Verify(wrong, content, pki.Anchors, null, false).IntegrityOk);

        // A flipped bit inside the signature value: the digest still matches, the signature does not.
        var signature = new SignedCms();
        signature.Decode(cms);
        var value = signature.SignerInfos[0].GetSignature();
        var at = cms.AsSpan().IndexOf(value);
        var broken = (byte[])cms.Clone();
        broken[at + 10] ^= 0x40;
        var check = CmsVerifier.Verify(broken, content, pki.Anchors, null, false);
        Assert.False(check.IntegrityOk);
        Assert.Equal("chữ ký số không khớp với chứng thư của người ký", check.IntegrityProblem);
    }

    [Fact]
    public async Task ACertificateDamagedInsideTheSignature_IsAFailedCheck_NotAnException()
    {
        // The certificates of a CMS are read lazily: one whose inside is broken (its outer length intact) decodes, then
        // throws when asked for. Found by a byte flipped in a signed PDF's /Contents (OutgoingSigningFlowTests, CI).
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await SignAsync(content, pki.Person.SignatureProvider());
        var at = cms.AsSpan().IndexOf(pki.Person.Certificate.RawData);
        Assert.True(at > 0);
        var broken = (byte[])cms.Clone();
        var header = (broken[at + 1] & 0x80) == 0 ? 2 : 2 + (broken[at + 1] & 0x7F);
        Assert.Equal(0x30, broken[at + header]); // the TBSCertificate's SEQUENCE…
        broken[at + header] = 0x31;              // …now a SET: the certificate no longer parses
        var check = CmsVerifier.Verify(broken, content, pki.Anchors, null, checkRevocation: false);
        Assert.False(check.IntegrityOk);
        Assert.Equal("dữ liệu chữ ký hỏng, không đọc được", check.IntegrityProblem);
    }

    [Fact]
    public async Task ByteRanges_AreHashedWithoutTheHole()
    {
        var pki = TestPki.Get();
        var file = Content.Sample(20_000);
        (long Start, long Length)[] ranges = [(0, 8_000), (12_000, 8_000)];
        var covered = file[..8_000].Concat(file[12_000..]).ToArray();
        var cms = await SignAsync(covered, pki.Person.SignatureProvider());

        Assert.True(CmsVerifier.Verify(cms, CmsVerifier.Ranges(file, ranges), pki.Anchors, null, false).IsValid);
        file[10_000] ^= 0xFF; // inside the hole (where /Contents sits): not covered
        Assert.True(CmsVerifier.Verify(cms, CmsVerifier.Ranges(file, ranges), pki.Anchors, null, false).IsValid);
        file[12_000] ^= 0xFF;
        Assert.False(CmsVerifier.Verify(cms, CmsVerifier.Ranges(file, ranges), pki.Anchors, null, false).IntegrityOk);
        Assert.Throws<ArgumentOutOfRangeException>(() => CmsVerifier.Ranges(file, [(19_000, 2_000)]));
    }

    [Fact]
    public async Task ACertificateFromAnotherCa_IsUntrusted()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await SignAsync(content, pki.Stranger.SignatureProvider());
        var check = CmsVerifier.Verify(cms, content, pki.Anchors, null, false);
        Assert.True(check.IntegrityOk);
        Assert.Equal(ChainStatus.Untrusted, check.ChainStatus);
        Assert.False(check.IsValid);
        Assert.Equal("Chứng thư của người ký không do tổ chức chứng thực tin cậy nào cấp.", check.ChainMessage);
        Assert.StartsWith("Nội dung không bị thay đổi sau khi Trần Thị Bình (Công ty giả mạo) ký", check.Summary);
        Assert.Contains("nhưng chứng thư của người ký không do tổ chức chứng thực tin cậy cấp", check.Summary);

        // No anchors at all: nothing is trusted, not even the system's roots.
        Assert.Equal(ChainStatus.Untrusted, CmsVerifier.Verify(await SignAsync(content, pki.Person.SignatureProvider()), content, [], null, false).ChainStatus);
    }

    [Fact]
    public async Task AnExpiredCertificate_IsExpiredAtTheClaimedTime_ButTrustedAtAnEarlierTimestamp()
    {
        var pki = TestPki.Get();
        using var expired = pki.Ca.IssueExpired("Võ Văn Em", "Công đoàn Viên chức tỉnh");
        Assert.True(expired.Certificate.NotAfter.ToUniversalTime() < pki.Now.UtcDateTime);
        var content = Content.Sample();

        var bb = await SignAsync(content, expired.SignatureProvider());
        var now = CmsVerifier.Verify(bb, content, pki.Anchors, pki.Now, false);
        Assert.True(now.IntegrityOk);
        Assert.Equal(ChainStatus.Expired, now.ChainStatus);
        Assert.Contains("đã hết hạn", now.Summary);
        Assert.Equal(ChainStatus.Trusted, CmsVerifier.Verify(bb, content, pki.Anchors, pki.Now.AddDays(-10), false).ChainStatus);

        // The time-stamp's time wins over the claimed one: the chain is judged when the TSA saw the signature.
        var tenDaysAgo = pki.Now.AddDays(-10).AddTicks(-(pki.Now.Ticks % TimeSpan.TicksPerSecond));
        await using var tsa = await LocalTsa.StartAsync(pki.Tsa, tenDaysAgo);
        using var http = new HttpClient();
        var bt = await SignAsync(content, expired.SignatureProvider(), tsa.Client(http));
        var check = CmsVerifier.Verify(bt, content, pki.Anchors, at: pki.Now, checkRevocation: false);
        Assert.True(check.IsValid, check.Summary);
        Assert.Equal(tenDaysAgo, check.TimestampTime);
        Assert.Equal(tenDaysAgo, check.VerificationTime);

        // But a back-dated token from a TSA nobody trusts does not rescue it: the chain is judged at the claimed time.
        using var rogue = pki.Other.IssueTimestampAuthority("TSA lạ (test)", notBefore: pki.Now.AddDays(-60));
        await using var rogueTsa = await LocalTsa.StartAsync(rogue, tenDaysAgo);
        var forged = await SignAsync(content, expired.SignatureProvider(), rogueTsa.Client(http));
        var refused = CmsVerifier.Verify(forged, content, pki.Anchors, at: pki.Now, checkRevocation: false);
        Assert.True(refused.IntegrityOk);
        Assert.False(refused.TimestampOk);
        Assert.False(refused.TimestampAuthorityTrusted);
        Assert.Equal(tenDaysAgo, refused.TimestampTime);
        Assert.Equal(pki.Now, refused.VerificationTime);
        Assert.Equal(ChainStatus.Expired, refused.ChainStatus);
        Assert.Contains("không do tổ chức cấp dấu thời gian tin cậy cấp", refused.Summary);
    }

    [Fact]
    public async Task Revocation_IsRead_FromTheCrlTheCertificateNames_AndUnknownWhenUnreachable()
    {
        var now = DateTimeOffset.UtcNow;
        TestCertificateAuthority? ca = null;
        var crlRequests = 0;
        await using var crlServer = await LoopbackHttp.StartAsync(async context =>
        {
            Interlocked.Increment(ref crlRequests);
            context.Response.ContentType = "application/pkix-crl";
            await context.Response.Body.WriteAsync(ca!.CreateCrl());
        });
        ca = TestCertificateAuthority.Create(now, crlUri: new Uri(crlServer.BaseUri, "ca.crl"));
        using (ca)
        {
            using var revoked = ca.IssuePerson("Đặng Thị Giang", "Công đoàn Khu công nghiệp");
            using var good = ca.IssuePerson("Hoàng Văn Hải", "Công đoàn Khu công nghiệp");
            ca.Revoke(revoked.Certificate, now.AddMinutes(-30));
            var content = Content.Sample();
            var revokedCms = await SignAsync(content, revoked.SignatureProvider());
            var goodCms = await SignAsync(content, good.SignatureProvider());
            X509Certificate2[] anchors = [ca.RootPublic];

            var notAsked = CmsVerifier.Verify(revokedCms, content, anchors, now, checkRevocation: false);
            Assert.Equal(ChainStatus.Trusted, notAsked.ChainStatus);
            Assert.Equal(0, crlRequests);

            var r = CmsVerifier.Verify(revokedCms, content, anchors, now, checkRevocation: true);
            Assert.Equal(ChainStatus.Revoked, r.ChainStatus);
            Assert.Equal("Chứng thư của người ký đã bị thu hồi.", r.ChainMessage);
            Assert.Contains("đã bị thu hồi", r.Summary);
            Assert.False(r.IsValid);
            Assert.True(crlRequests >= 1);

            var g = CmsVerifier.Verify(goodCms, content, anchors, now, checkRevocation: true);
            Assert.Equal(ChainStatus.Trusted, g.ChainStatus);
            Assert.True(g.IsValid, g.Summary);
        }

        // A CRL address where nobody answers (a loopback port just closed) or no CRL address at all: unknown, not failed.
        Uri closed;
        await using (var gone = await LoopbackHttp.StartAsync(_ => Task.CompletedTask)) closed = new Uri(gone.BaseUri, "ca.crl");
        using var offlineCa = TestCertificateAuthority.Create(now, crlUri: closed);
        using var person = offlineCa.IssuePerson("Ngô Thị Lan", "Công đoàn cơ sở");
        var body = Content.Sample();
        var cms = await SignAsync(body, person.SignatureProvider());
        var unknown = CmsVerifier.Verify(cms, body, [offlineCa.RootPublic], now, checkRevocation: true);
        Assert.True(unknown.IntegrityOk);
        Assert.Equal(ChainStatus.RevocationUnknown, unknown.ChainStatus);
        Assert.Contains("Không kiểm tra được", unknown.ChainMessage);
        Assert.Contains("chưa kiểm tra được tình trạng thu hồi", unknown.Summary);

        var pki = TestPki.Get();
        var noCdp = await SignAsync(body, pki.Person.SignatureProvider());
        Assert.Equal(ChainStatus.RevocationUnknown, CmsVerifier.Verify(noCdp, body, pki.Anchors, null, checkRevocation: true).ChainStatus);
    }

    [Fact]
    public async Task ASignatureWithoutSigningCertificateV2_OrNamingAnotherCertificate_IsFlagged()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();

        // Made by .NET's own SignedCms with a signing-time: content-type, message-digest and signing-time.
        var plain = new SignedCms(new ContentInfo(content), detached: true);
        var timed = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Person.Certificate) { DigestAlgorithm = new Oid(CmsOidsForTests.Sha256) };
        timed.SignedAttributes.Add(new Pkcs9SigningTime(pki.Now.UtcDateTime));
        plain.ComputeSignature(timed);
        var check = CmsVerifier.Verify(plain.Encode(), content, pki.Anchors, null, false);
        Assert.True(check.IntegrityOk, check.IntegrityProblem);
        Assert.False(check.SigningCertificateV2Ok);
        Assert.False(check.IsValid);
        Assert.Contains("signing-certificate-v2", check.Summary);

        // Without any signed attribute (the signature is over the content itself, as old adbe.pkcs7.detached tools do).
        var bare = new SignedCms(new ContentInfo(content), detached: true);
        bare.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Person.Certificate) { DigestAlgorithm = new Oid(CmsOidsForTests.Sha256) });
        Assert.Empty(bare.SignerInfos[0].SignedAttributes);
        var bareCheck = CmsVerifier.Verify(bare.Encode(), content, pki.Anchors, null, false);
        Assert.True(bareCheck.IntegrityOk, bareCheck.IntegrityProblem);
        Assert.False(bareCheck.SigningCertificateV2Ok);
        Assert.False(CmsVerifier.Verify(bare.Encode(), Content.Flip(content, 77), pki.Anchors, null, false).IntegrityOk);

        // The attribute is there but names the TSA's certificate.
        var other = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Person.Certificate) { DigestAlgorithm = new Oid(CmsOidsForTests.Sha256) };
        signer.SignedAttributes.Add(new AsnEncodedData(CmsOidsForTests.SigningCertificateV2, CmsOidsForTests.SigningCertificateV2Value(pki.Tsa.Certificate)));
        other.ComputeSignature(signer);
        var mismatch = CmsVerifier.Verify(other.Encode(), content, pki.Anchors, null, false);
        Assert.True(mismatch.IntegrityOk);
        Assert.False(mismatch.SigningCertificateV2Ok);

        // And naming the right one, it passes: the check reads what another writer wrote.
        var right = new SignedCms(new ContentInfo(content), detached: true);
        var rightSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, pki.Person.Certificate) { DigestAlgorithm = new Oid(CmsOidsForTests.Sha256) };
        rightSigner.SignedAttributes.Add(new AsnEncodedData(CmsOidsForTests.SigningCertificateV2, CmsOidsForTests.SigningCertificateV2Value(pki.Person.Certificate)));
        right.ComputeSignature(rightSigner);
        Assert.True(CmsVerifier.Verify(right.Encode(), content, pki.Anchors, null, false).IsValid);
    }

    [Fact]
    public async Task ACadesSignatureMadeByOpenssl_Verifies()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        using var rsa = pki.Person.Certificate.GetRSAPrivateKey()!;
        var files = new Dictionary<string, byte[]>
        {
            ["content.bin"] = content,
            ["cert.pem"] = System.Text.Encoding.ASCII.GetBytes(pki.Person.Certificate.ExportCertificatePem()),
            ["key.pem"] = System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()),
        };
        var outPath = Path.Combine(Path.GetTempPath(), $"uo-openssl-{Guid.NewGuid():N}.der");
        try
        {
            var run = await OpenSsl.RunAsync(files, "cms", "-sign", "-binary", "-cades", "-md", "sha256", "-in", "content.bin",
                "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "DER", "-out", outPath);
            Assert.True(run.ExitCode == 0, run.Output);
            var cms = await File.ReadAllBytesAsync(outPath);
            var check = CmsVerifier.Verify(cms, content, pki.Anchors, null, false);
            Assert.True(check.IsValid, check.Summary);
            Assert.False(CmsVerifier.Verify(cms, Content.Flip(content, 3), pki.Anchors, null, false).IntegrityOk);
        }
        finally
        {
            File.Delete(outPath);
        }
    }

    [Fact]
    public void Garbage_IsAFailedCheck_NotAnException()
    {
        var pki = TestPki.Get();
        byte[][] inputs = [[], [0x30, 0x03, 0x02, 0x01], "not a signature at all"u8.ToArray(), new byte[100], [0x30, 0x80, 0x06, 0x09]];
        foreach (var input in inputs)
        {
            var check = CmsVerifier.Verify(input, Content.Sample(), pki.Anchors, null, false);
            Assert.False(check.IntegrityOk);
            Assert.False(check.IsValid);
            Assert.StartsWith("Chữ ký KHÔNG hợp lệ:", check.Summary);
        }
    }

    [Fact]
    public async Task ATruncatedSignature_IsAFailedCheck()
    {
        var pki = TestPki.Get();
        var content = Content.Sample();
        var cms = await SignAsync(content, pki.Person.SignatureProvider());
        var check = CmsVerifier.Verify(cms[..(cms.Length / 2)], content, pki.Anchors, null, false);
        Assert.False(check.IntegrityOk);
        Assert.Contains("hỏng", check.Summary);
    }
}
