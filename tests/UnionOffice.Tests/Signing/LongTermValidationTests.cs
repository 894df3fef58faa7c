using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Pdf.Signing.Revocation;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// PAdES B-LT and B-LTA (issue 16 §7): the CRLs and OCSP answers a document's signatures need, gathered from the CA's
/// servers on loopback and kept in its /DSS, settle revocation years later when the servers are gone and the signer's
/// certificate has expired; a document time-stamp seals it all. Oracles from outside: openssl reads the OCSP messages,
/// pdfsig and qpdf the documents.
/// </summary>
public sealed class LongTermValidationTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly DateTimeOffset Today = DateTimeOffset.UtcNow;
    /// <summary>When the document was signed and time-stamped: ten days ago, while the head's certificate held.</summary>
    private static readonly DateTimeOffset SignedAt = new DateTimeOffset(Today.Year, Today.Month, Today.Day, 3, 0, 0, TimeSpan.Zero).AddDays(-10);

    private LocalRevocationServer _server = null!;
    private LocalTsa _tsa = null!;
    private IssuedCertificate _head = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalRevocationServer.StartAsync(Today.AddDays(-30), SignedAt.AddHours(1));
        // The head's certificate ended yesterday; it held when the document was signed.
        _head = _server.Ca.IssuePerson("Phan Song Toàn", "Liên đoàn Lao động tỉnh Nghệ An", notBefore: Today.AddDays(-30), notAfter: Today.AddDays(-1));
        _tsa = await LocalTsa.StartAsync(_server.Ca.IssueTimestampAuthority(notBefore: Today.AddDays(-60)), SignedAt);
    }

    public async Task DisposeAsync()
    {
        await _tsa.DisposeAsync();
        _head.Dispose();
        await _server.DisposeAsync();
    }

    private X509Certificate2[] Anchors => [_server.Ca.RootPublic];

    private static byte[] Draft()
    {
        var pdf = new PdfComposer { Title = "Quyết định khen thưởng" };
        var page = pdf.AddPage();
        page.TextCentered(page.Width / 2, 120, "QUYẾT ĐỊNH", StandardFonts.Serif(bold: true), 14);
        page.Text(80, 200, "Điều 1. Tặng Giấy khen cho 12 tập thể và 35 cá nhân có thành tích xuất sắc.", StandardFonts.Serif(), 13);
        return pdf.ToArray();
    }

    private async Task<byte[]> SignedAsync(int? certify = 2) =>
        await PdfSigner.SignAsync(Draft(), new PdfSignatureOptions("LanhDao", SignedAt, Reason: "Phê duyệt", CertifyPermission: certify,
                Appearance: new SignatureAppearance(0, 330, 600, 200, 60, ["Ký bởi: Phan Song Toàn"])),
            (digest, ct) => CadesSignature.CreateAsync(digest, _head.SignatureProvider(), _tsa.Client(Http), ct));

    private async Task<byte[]> WithValidationDataAsync(byte[] pdf)
    {
        var collected = await LongTermValidation.CollectAsync(pdf, Anchors, new HttpRevocationSource(Http), CancellationToken.None);
        Assert.Empty(collected.Missing);
        return PdfDss.Append(pdf, collected.Material);
    }

    [Fact]
    public async Task TheKeptData_SettlesRevocation_AfterTheCertificateExpired_AndTheServersAreGone()
    {
        var signed = await SignedAsync();
        var lt = await WithValidationDataAsync(signed);
        Assert.True(lt.AsSpan(0, signed.Length).SequenceEqual(signed)); // an incremental update: the signed bytes untouched
        // OCSP is asked first (the head's certificate and the TSA's name a responder), the CRL not needed.
        Assert.Equal(2, _server.OcspRequests);
        Assert.Equal(0, _server.CrlRequests);
        var kept = PdfDss.Read(lt);
        Assert.Equal(2, kept.OcspResponses.Count);
        Assert.Equal(3, kept.Certificates.Count); // the head's, the TSA's, the root
        Assert.Empty(kept.Crls);

        await _server.StopAsync();
        // Without the kept data the revocation cannot be learnt any more…
        var before = PdfSignatureVerifier.Verify(signed, Anchors, checkRevocation: true);
        Assert.Equal(ChainStatus.RevocationUnknown, before.Signatures.Single().Check!.ChainStatus);
        Assert.False(before.AllValid);
        // …with it, the signature still holds, judged at its time-stamp, offline.
        var after = PdfSignatureVerifier.Verify(lt, Anchors, checkRevocation: true);
        Assert.True(after.AllValid, after.Summary);
        Assert.False(after.ModifiedAfterLastSignature); // a /DSS added after the signature is not a change to the document
        Assert.Empty(after.DisallowedChanges);           // nor to what the head's certification allows
        Assert.True(after.HasValidationData);
        Assert.True(after.LongTermValidationComplete);
        var check = after.Signatures.Single().Check!;
        Assert.True(check.RevocationFromDocument);
        Assert.Equal(SignedAt, check.VerificationTime);
        Assert.Contains("theo dữ liệu xác thực lưu kèm tài liệu", check.Summary);
        Assert.Contains("dữ liệu xác thực lâu dài", after.Summary);
        Assert.True(_head.Certificate.NotAfter < DateTime.Now);

        var dir = Directory.CreateTempSubdirectory("uo-ltv-").FullName;
        try
        {
            var path = Path.Combine(dir, "lt.pdf");
            await File.WriteAllBytesAsync(path, lt);
            Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", path));
            var pdfsig = await Pdfsig.RunAsync(lt, _server.Ca.RootPem);
            Assert.Contains("Signature Validation: Signature is Valid.", pdfsig);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutAResponder_TheCrlIsKept_AndOneFetchServesEveryCertificateOfTheIssuer()
    {
        await using var crlOnly = await LocalRevocationServer.StartAsync(Today.AddDays(-30), SignedAt.AddHours(1), crl: true, ocsp: false, name: "CA chỉ có CRL (test)");
        using var head = crlOnly.Ca.IssuePerson("Phan Song Toàn", "Liên đoàn Lao động tỉnh Nghệ An", notBefore: Today.AddDays(-30));
        await using var tsa = await LocalTsa.StartAsync(crlOnly.Ca.IssueTimestampAuthority(notBefore: Today.AddDays(-60)), SignedAt);
        var signed = await PdfSigner.SignAsync(Draft(), new PdfSignatureOptions("LanhDao", SignedAt),
            (digest, ct) => CadesSignature.CreateAsync(digest, head.SignatureProvider(), tsa.Client(Http), ct));
        var collected = await LongTermValidation.CollectAsync(signed, [crlOnly.Ca.RootPublic], new HttpRevocationSource(Http), CancellationToken.None);
        Assert.Empty(collected.Missing);
        Assert.Single(collected.Material.Crls);
        Assert.Equal(1, crlOnly.CrlRequests);
        var lt = PdfDss.Append(signed, collected.Material);
        await crlOnly.StopAsync();
        var report = PdfSignatureVerifier.Verify(lt, [crlOnly.Ca.RootPublic], checkRevocation: true);
        Assert.True(report.AllValid, report.Summary);
        Assert.True(report.Signatures.Single().Check!.RevocationFromDocument);
        // Asked again with nothing new, the document is left as it is.
        Assert.Same(lt, PdfDss.Append(lt, collected.Material));
    }

    [Fact]
    public async Task ARevocationBeforeTheSigning_IsSeenInTheKeptData_OneAfterItIsNot()
    {
        var signed = await SignedAsync();
        _server.Ca.Revoke(_head.Certificate, SignedAt.AddDays(-1));
        var revoked = await WithValidationDataAsync(signed);
        await _server.StopAsync();
        var report = PdfSignatureVerifier.Verify(revoked, Anchors, checkRevocation: true);
        Assert.Equal(ChainStatus.Revoked, report.Signatures.Single().Check!.ChainStatus);
        Assert.Contains("chứng thư đã bị thu hồi", report.Summary);
        Assert.False(report.AllValid);
    }

    [Fact]
    public async Task ARevocationAfterTheTimeStampedSigning_LeavesTheSignatureValid()
    {
        var signed = await SignedAsync();
        _server.Ca.Revoke(_head.Certificate, SignedAt.AddDays(2), X509RevocationReason.Superseded);
        var lt = await WithValidationDataAsync(signed);
        var report = PdfSignatureVerifier.Verify(lt, Anchors, checkRevocation: false);
        Assert.True(report.AllValid, report.Summary);
        Assert.True(report.Signatures.Single().Check!.RevocationFromDocument);
    }

    [Fact]
    public async Task ADocumentTimeStamp_SealsTheSignaturesAndTheirData_AndCatchesAnyLaterChange()
    {
        var lt = await WithValidationDataAsync(await SignedAsync());
        _tsa.Time = Today.AddMinutes(-5);
        var lta = await LongTermValidation.AddDocumentTimestampAsync(lt, _tsa.Client(Http), LongTermValidation.NextTimestampFieldName(lt), CancellationToken.None);
        Assert.True(lta.AsSpan(0, lt.Length).SequenceEqual(lt));
        var stamp = PdfSignatures.Read(lta)[^1];
        Assert.Equal("ETSI.RFC3161", stamp.SubFilter);
        Assert.Equal("DauThoiGianLuuTru1", stamp.FieldName);
        Assert.True(stamp.CoversWholeFile);
        // The TSA's own certificate gets its data too, after the stamp (the B-LTA pattern), and nothing else changes.
        var sealedPdf = await WithValidationDataAsync(lta);
        await _server.StopAsync();

        var report = PdfSignatureVerifier.Verify(sealedPdf, Anchors, checkRevocation: true);
        Assert.True(report.AllValid, report.Summary);
        Assert.Equal(2, report.Signatures.Count);
        var archive = report.Signatures[1].Check!;
        Assert.True(archive.IsDocumentTimestamp);
        Assert.Equal(Today.AddMinutes(-5).ToUnixTimeSeconds(), report.ArchiveTimestamp!.Value.ToUnixTimeSeconds());
        Assert.Contains("dấu thời gian lưu trữ", report.Summary);
        Assert.Contains("Dấu thời gian lưu trữ hợp lệ", report.Signatures[1].Summary);
        Assert.Equal("DauThoiGianLuuTru2", LongTermValidation.NextTimestampFieldName(sealedPdf));

        // A change in what the stamp covers (here: in the kept data's revision) is caught by the stamp.
        var forged = Replace(sealedPdf, "/ExtensionLevel 5"u8, "/ExtensionLevel 6"u8);
        var bad = PdfSignatureVerifier.Verify(forged, Anchors, checkRevocation: false);
        Assert.False(bad.Signatures[1].IsValid);
        Assert.Contains("đã bị thay đổi sau khi được đóng dấu thời gian", bad.Signatures[1].Summary);

        // poppler's pdfsig still finds the head's signature valid, lists the stamp, and says it does not check stamps…
        var pdfsig = await Pdfsig.RunAsync(sealedPdf, _server.Ca.RootPem);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 1, pdfsig);
        Assert.Contains("Signature Field Name: DauThoiGianLuuTru1", pdfsig);
        Assert.Contains("Unable to validate this type of signature", pdfsig);
        // …so openssl does: the token is a valid RFC 3161 answer for exactly the bytes the stamp's range covers.
        var covered = PdfSignatures.SignedBytes(sealedPdf, stamp.ByteRange);
        var ts = await OpenSsl.RunAsync(new Dictionary<string, byte[]>
        {
            ["data.bin"] = covered, ["token.der"] = stamp.Cms, ["ca.pem"] = System.Text.Encoding.ASCII.GetBytes(_server.Ca.RootPem),
        }, "ts", "-verify", "-data", "data.bin", "-in", "token.der", "-token_in", "-CAfile", "ca.pem");
        Assert.True(ts.ExitCode == 0 && ts.Output.Contains("Verification: OK", StringComparison.Ordinal), ts.Output);
        var tampered = await OpenSsl.RunAsync(new Dictionary<string, byte[]>
        {
            ["data.bin"] = PdfSignatures.SignedBytes(forged, stamp.ByteRange), ["token.der"] = stamp.Cms, ["ca.pem"] = System.Text.Encoding.ASCII.GetBytes(_server.Ca.RootPem),
        }, "ts", "-verify", "-data", "data.bin", "-in", "token.der", "-token_in", "-CAfile", "ca.pem");
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", await SaveAsync(sealedPdf)));
    }

    private static byte[] Replace(byte[] pdf, ReadOnlySpan<byte> what, ReadOnlySpan<byte> with)
    {
        var at = pdf.AsSpan().IndexOf(what);
        Assert.True(at > 0);
        var copy = (byte[])pdf.Clone();
        with.CopyTo(copy.AsSpan(at));
        return copy;
    }

    [Fact]
    public async Task DataAddedToADocumentCertifiedWithNoChangesAllowed_IsNotAChange_ButAnythingElseIs()
    {
        var signed = await SignedAsync(certify: 1);
        var lt = await WithValidationDataAsync(signed);
        var report = PdfSignatureVerifier.Verify(lt, Anchors, checkRevocation: false);
        Assert.True(report.AllValid, report.Summary);
        var marked = PdfCopyMark.Apply(lt, "Bản sao");
        var changed = PdfSignatureVerifier.Verify(marked, Anchors, checkRevocation: false);
        Assert.True(changed.ModifiedAfterLastSignature);
        Assert.NotEmpty(changed.DisallowedChanges);
    }

    [Fact]
    public async Task TheOcspMessages_AreWhatOpensslReads()
    {
        var request = OcspRequestFor(_head.Certificate);
        var answer = await new HttpRevocationSource(Http).OcspAsync(_server.OcspUri, request, CancellationToken.None);
        Assert.NotNull(answer);
        var files = new Dictionary<string, byte[]>
        {
            ["req.der"] = request, ["resp.der"] = answer, ["ca.pem"] = System.Text.Encoding.ASCII.GetBytes(_server.Ca.RootPem),
            ["head.pem"] = System.Text.Encoding.ASCII.GetBytes(_head.Certificate.ExportCertificatePem()),
        };
        var req = await OpenSsl.RunAsync(files, "ocsp", "-reqin", "req.der", "-req_text");
        Assert.True(req.ExitCode == 0, req.Output);
        Assert.Contains("Serial Number: " + _head.Certificate.SerialNumber, req.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("OCSP Nonce", req.Output);
        var resp = await OpenSsl.RunAsync(files, "ocsp", "-respin", "resp.der", "-issuer", "ca.pem", "-cert", "head.pem", "-CAfile", "ca.pem", "-no_nonce",
            "-validity_period", "3000000"); // the answer was made ten days ago, for the signing time
        Assert.True(resp.ExitCode == 0, resp.Output);
        Assert.Contains("Response verify OK", resp.Output);
        Assert.True(resp.Output.Contains("head.pem: good", StringComparison.Ordinal), resp.Output);
        var material = new ValidationMaterial([], [], [answer]);
        Assert.Equal(EmbeddedRevocationStatus.Good, RevocationEvidence.Evaluate(material, _head.Certificate, _server.Ca.RootPublic, SignedAt, momentProven: true));
    }

    [Fact]
    public async Task AnswersThatDoNotHold_AreNotKept_NorBelieved()
    {
        var signed = await SignedAsync();
        var source = new HttpRevocationSource(Http);
        // A forged signature on the OCSP answer, or a responder refusing: the collector falls back to the CRL.
        foreach (var mode in new[] { LocalRevocationServer.Behaviour.BadSignature, LocalRevocationServer.Behaviour.Unauthorized })
        {
            _server.Mode = mode;
            var collected = await LongTermValidation.CollectAsync(signed, Anchors, source, CancellationToken.None);
            Assert.Empty(collected.Material.OcspResponses);
            Assert.NotEmpty(collected.Material.Crls);
            Assert.Empty(collected.Missing);
        }
        // A server that sends 40 MB is not read to the end, and then nothing is kept: the certificates are named as missing.
        _server.Mode = LocalRevocationServer.Behaviour.Huge;
        Assert.Null(await source.CrlAsync(_server.CrlUri, CancellationToken.None));
        var none = await LongTermValidation.CollectAsync(signed, Anchors, source, CancellationToken.None);
        Assert.False(none.Material.HasRevocationData);
        Assert.Equal(["Phan Song Toàn", "UnionOffice TEST TSA – KHÔNG DÙNG THẬT"], none.Missing);
        _server.Mode = LocalRevocationServer.Behaviour.Answer;

        // Another CA's CRL and answers about someone else prove nothing about the head.
        await using var other = await LocalRevocationServer.StartAsync(Today.AddDays(-30), SignedAt.AddHours(1), name: "CA khác (test)");
        using var stranger = other.Ca.IssuePerson("Trần Thị Bình", "Công ty giả mạo");
        var theirs = new ValidationMaterial([], [other.Ca.CreateCrl(SignedAt.AddHours(1))],
            [(await source.OcspAsync(other.OcspUri, OcspRequestFor(stranger.Certificate, other.Ca.RootPublic), CancellationToken.None))!]);
        Assert.Equal(EmbeddedRevocationStatus.None, RevocationEvidence.Evaluate(theirs, _head.Certificate, _server.Ca.RootPublic, SignedAt, momentProven: true));
        // Garbage in the store is ignored, not a crash; an answer older than the signing and already out of date does not count.
        var garbage = new ValidationMaterial([[1, 2, 3]], [[0x30, 0x03, 1, 2, 3]], [RandomNumberGenerator.GetBytes(200)]);
        Assert.Equal(EmbeddedRevocationStatus.None, RevocationEvidence.Evaluate(garbage, _head.Certificate, _server.Ca.RootPublic, SignedAt, momentProven: true));
        var stale = new ValidationMaterial([], [_server.Ca.CreateCrl(SignedAt.AddDays(-20))], []);
        Assert.Equal(EmbeddedRevocationStatus.None, RevocationEvidence.Evaluate(stale, _head.Certificate, _server.Ca.RootPublic, SignedAt, momentProven: true));
        var current = new ValidationMaterial([], [_server.Ca.CreateCrl(SignedAt.AddDays(-2))], []);
        Assert.Equal(EmbeddedRevocationStatus.Good, RevocationEvidence.Evaluate(current, _head.Certificate, _server.Ca.RootPublic, SignedAt, momentProven: true));
        var withGarbage = PdfDss.Append(signed, garbage);
        var report = PdfSignatureVerifier.Verify(withGarbage, Anchors, checkRevocation: false);
        Assert.True(report.AllValid, report.Summary);
        Assert.False(report.LongTermValidationComplete);
    }

    private byte[] OcspRequestFor(X509Certificate2 certificate, X509Certificate2? issuer = null) =>
        OcspMessages.Request(certificate, issuer ?? _server.Ca.RootPublic, RandomNumberGenerator.GetBytes(16));

    private static async Task<string> SaveAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"uo-ltv-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }
}
