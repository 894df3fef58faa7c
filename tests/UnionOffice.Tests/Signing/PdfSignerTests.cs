using System.Diagnostics;
using UnionOffice.Pdf;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// PAdES signatures added one after another by incremental updates, checked by us (CmsVerifier) and by outside oracles:
/// poppler's pdfsig with the test root trusted in an NSS database, qpdf, and openssl on the embedded CMS.
/// </summary>
public sealed class PdfSignerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(7));
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(Now.AddDays(-1));
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-sign-").FullName;

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static byte[] Draft()
    {
        var pdf = new PdfComposer { Title = "Quyết định khen thưởng" };
        var page = pdf.AddPage();
        page.TextCentered(page.Width / 2, 120, "QUYẾT ĐỊNH", StandardFonts.Serif(bold: true), 14);
        page.TextCentered(page.Width / 2, 140, "Về việc khen thưởng tập thể, cá nhân xuất sắc", StandardFonts.Serif(bold: true), 14);
        page.Text(80, 200, "Điều 1. Tặng Giấy khen cho 12 tập thể và 35 cá nhân có thành tích xuất sắc.", StandardFonts.Serif(), 13);
        return pdf.ToArray();
    }

    private static Task<byte[]> SignAsync(byte[] pdf, IssuedCertificate who, string field, int? certify, double y) =>
        PdfSigner.SignAsync(pdf, new PdfSignatureOptions(field, Now, Reason: "Phê duyệt", Location: "Nghệ An", SignerName: who.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false),
                CertifyPermission: certify, Appearance: new SignatureAppearance(0, 330, y, 200, 60, ["Ký bởi: " + who.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), "Thời gian: 22/11/2026 09:30"])),
            (digest, ct) => CadesSignature.CreateAsync(digest, who.SignatureProvider(), null, ct));

    [Fact]
    public async Task HeadCertifies_ThenTheOrganSigns_AndBothSignaturesStayValid_ForUsAndForPdfsig()
    {
        using var head = _ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
        using var organ = _ca.IssueOrgan("Liên đoàn Lao động tỉnh Nghệ An");
        var draft = Draft();
        var once = await SignAsync(draft, head, "LanhDao", certify: 2, y: 600);
        var twice = await SignAsync(once, organ, "CoQuan", certify: null, y: 680);
        Assert.True(twice.AsSpan(0, once.Length).SequenceEqual(once)); // the head's revision is untouched

        var signatures = PdfSignatures.Read(twice);
        Assert.Equal(["LanhDao", "CoQuan"], signatures.Select(s => s.FieldName));
        Assert.All(signatures, s => Assert.Null(s.StructureProblem));
        Assert.Equal("ETSI.CAdES.detached", signatures[0].SubFilter);
        Assert.Equal(2, signatures[0].CertifyPermission);
        Assert.False(signatures[0].CoversWholeFile);
        Assert.True(signatures[1].CoversWholeFile);
        Assert.Equal(Now, signatures[0].SigningTime);
        foreach (var s in signatures)
        {
            var check = CmsVerifier.Verify(s.Cms, PdfSignatures.SignedBytes(twice, s.ByteRange), [_ca.RootPublic], s.SigningTime, checkRevocation: false);
            Assert.True(check.IsValid, check.Summary);
        }

        var report = PdfSignatureVerifier.Verify(twice, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Equal("Cả 2 chữ ký hợp lệ. Không có thay đổi sau chữ ký cuối cùng.", report.Summary);
        // Something appended after the last signature (here: a marked copy) is reported; the signatures themselves still hold.
        var appended = PdfCopyMark.Apply(twice, "Bản sao");
        var later = PdfSignatureVerifier.Verify(appended, [_ca.RootPublic]);
        Assert.True(later.ModifiedAfterLastSignature);
        Assert.All(later.Signatures, r => Assert.True(r.IsValid, r.Summary));
        Assert.False(later.AllValid);
        // Another CA's root is not trusted.
        using var other = TestCertificateAuthority.Create(Now.AddDays(-1), "Other TEST CA");
        Assert.All(PdfSignatureVerifier.Verify(twice, [other.RootPublic]).Signatures, r => Assert.False(r.IsValid));

        var pdfsig = await PdfsigAsync(twice);
        Assert.True(Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Phan Song Toàn", pdfsig);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", pdfsig);
        Assert.Contains("Total document signed", pdfsig); // the last one covers the whole file
        Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", await SaveAsync(twice)));
        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", await SaveAsync(twice), "-");
        Assert.Contains("Điều 1. Tặng Giấy khen", text);
    }

    [Fact]
    public async Task AByteChangedAnywhereInTheSignedPart_IsCaughtByUsAndByPdfsig()
    {
        using var head = _ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
        var signed = await SignAsync(Draft(), head, "LanhDao", certify: 2, y: 600);
        var s = PdfSignatures.Read(signed).Single();
        foreach (var at in new[] { 20L, s.ByteRange[1] / 2, s.ByteRange[2] + 10 })
        {
            var forged = (byte[])signed.Clone();
            forged[at] = forged[at] == (byte)'1' ? (byte)'2' : (byte)'1';
            var sig = PdfSignatures.Read(forged).Single();
            var check = CmsVerifier.Verify(sig.Cms, PdfSignatures.SignedBytes(forged, sig.ByteRange), [_ca.RootPublic], sig.SigningTime, false);
            Assert.False(check.IntegrityOk, $"a change at {at} went unnoticed");
            Assert.False(PdfSignatureVerifier.Verify(forged, [_ca.RootPublic]).AllValid);
            Assert.DoesNotContain("Signature Validation: Signature is Valid.", await PdfsigAsync(forged));
        }
    }

    [Fact]
    public async Task TheEmbeddedCms_VerifiesWithOpenssl()
    {
        using var head = _ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
        var signed = await SignAsync(Draft(), head, "LanhDao", certify: 2, y: 600);
        var s = PdfSignatures.Read(signed).Single();
        var cms = Path.Combine(_dir, "sig.der");
        var content = Path.Combine(_dir, "content.bin");
        var ca = Path.Combine(_dir, "ca.pem");
        await File.WriteAllBytesAsync(cms, s.Cms);
        await File.WriteAllBytesAsync(content, PdfSignatures.SignedBytes(signed, s.ByteRange));
        await File.WriteAllTextAsync(ca, _ca.RootPem);
        var output = await Tools.RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", cms, "-content", content, "-CAfile", ca, "-purpose", "any", "-out", "/dev/null");
        Assert.Contains("Verification successful", output);
    }

    [Fact]
    public async Task ASecondCertification_AndADuplicateField_AreRefused()
    {
        using var head = _ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
        var signed = await SignAsync(Draft(), head, "LanhDao", certify: 2, y: 600);
        await Assert.ThrowsAsync<PdfFormatException>(() => SignAsync(signed, head, "Khac", certify: 2, y: 680));
        await Assert.ThrowsAsync<PdfFormatException>(() => SignAsync(signed, head, "LanhDao", certify: null, y: 680));
    }

    private async Task<string> PdfsigAsync(byte[] pdf)
    {
        var nss = Path.Combine(_dir, "nss");
        if (!Directory.Exists(nss))
        {
            Directory.CreateDirectory(nss);
            await Tools.RunAsync("certutil", "-N", "-d", $"sql:{nss}", "--empty-password");
            var pem = Path.Combine(_dir, "root.pem");
            await File.WriteAllTextAsync(pem, _ca.RootPem);
            await Tools.RunAsync("certutil", "-A", "-d", $"sql:{nss}", "-n", "UnionOffice TEST CA", "-t", "CT,C,C", "-a", "-i", pem);
        }
        return await Tools.RunAsync("pdfsig", "-nssdir", $"sql:{nss}", await SaveAsync(pdf));
    }

    private async Task<string> SaveAsync(byte[] pdf)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

}
