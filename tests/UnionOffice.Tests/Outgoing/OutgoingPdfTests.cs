using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Recognition;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Pdf;
using UnionOffice.Tests.Signing;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// OutgoingPdf's two signatures without the database: the head's certification makes the organ's empty signature field
/// where the seal goes, and the clerk's revision signs into it — with the seal image, or with a text box in the seal's
/// place when the organ has none. One field, one widget, the certified object; both signatures valid for us and for
/// pdfsig, nothing the certification does not allow, qpdf content.
/// </summary>
public sealed class OutgoingPdfTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(7));
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(Now.AddDays(-1));
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-outpdf-").FullName;
    private readonly PdfOracles _oracles;
    private readonly IssuedCertificate _head;
    private readonly IssuedCertificate _organ;
    private readonly OutgoingPdf _pdf = new(new PdfSigning(Options.Create(new SigningOptions()), new NoHttp()),
        new NumberLineLocator(Options.Create(new RecognitionOptions()), NullLogger<NumberLineLocator>.Instance));

    public OutgoingPdfTests()
    {
        _oracles = new PdfOracles(_ca, _dir);
        _head = _ca.IssuePerson("Phan Song Toàn", "LĐLĐ tỉnh Nghệ An");
        _organ = _ca.IssueOrgan("Liên đoàn Lao động tỉnh Nghệ An");
    }

    public void Dispose()
    {
        _head.Dispose();
        _organ.Dispose();
        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<byte[]> CertifyAsync(string? authority = null) => _pdf.CertifyByHeadAsync(OutgoingFlowTests.DraftPdf("V/v báo cáo kết quả năm 2026"),
        _head.SignatureProvider(), new SignerBlock(authority, "Chủ tịch", "Phan Song Toàn", TestPng.BlueSignature()), Now, default);

    private Task<byte[]> IssueAsync(byte[] certified, byte[]? seal, int titleLines = 1) => _pdf.NumberAndSealAsync(certified, _organ.SignatureProvider(),
        "Liên đoàn Lao động tỉnh Nghệ An", seal, TestPng.BlueSignature(), titleLines, "12/LĐLĐ-VP", "Nghệ An, ngày 22 tháng 11 năm 2026", Now.AddHours(2), default);

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, null)]
    [InlineData(true, "KT. CHỦ TỊCH")]
    public async Task TheClerkSignsIntoTheFieldTheHeadsCertificationMade_BothValid_OneFieldOneWidget(bool withSeal, string? authority)
    {
        var certified = await CertifyAsync(authority);
        var made = PdfFields.Named(certified, OutgoingPdf.OrganField);
        Assert.Null(made.Dict["V"]);
        Assert.Equal((1, 1), (made.Count, made.OnPage));
        // Over the left of the head's signature: the field's right edge left of the middle of the head's widget, overlapping it.
        var (field, head) = (Rect(made.Dict), Rect(PdfFields.Named(certified, OutgoingPdf.HeadField).Dict));
        Assert.True(field[2] > head[0] && field[2] < (head[0] + head[2]) / 2, $"field {string.Join(' ', field)}, head {string.Join(' ', head)}");
        Assert.True(field[1] < head[3] && field[3] > head[1], "the field is not at the height of the head's signature");

        var issued = await IssueAsync(certified, withSeal ? TestPng.RedSeal() : null, authority is null ? 1 : 2);
        var signed = PdfFields.Named(issued, OutgoingPdf.OrganField);
        Assert.Equal((1, 1, made.Number), (signed.Count, signed.OnPage, signed.Number));
        Assert.NotNull(signed.Dict["V"]);
        Assert.Equal(made.Dict["Rect"]!.ToString(), signed.Dict["Rect"]!.ToString()); // the seal (or the text) lands on the field as made

        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
        var pdfsig = await _oracles.PdfsigAsync(issued);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(PdfOracles.Count(pdfsig, "Total document signed") == 1, pdfsig);
        Assert.Contains($"Signature Field Name: {OutgoingPdf.OrganField}", pdfsig);
        var check = await Tools.RunAsync("qpdf", "--check", await _oracles.SaveAsync(issued));
        Assert.Contains("No syntax or stream encoding errors", check);
        Assert.DoesNotContain("WARNING", check);
        var text = await Pdfsig.TextAsync(issued);
        Assert.Contains("12/LĐLĐ-VP", text);
        if (!withSeal) Assert.Contains("Liên đoàn Lao động", text);

        // Issuing twice is refused: the field is signed.
        var again = await Assert.ThrowsAsync<UnionOffice.Common.DomainException>(() => IssueAsync(issued, withSeal ? TestPng.RedSeal() : null, authority is null ? 1 : 2));
        Assert.Contains(OutgoingPdf.OrganField, again.Message);
    }

    [Fact]
    public async Task ADocumentCertifiedBeforeTheFieldWasMade_IsStillIssued_WithANewField()
    {
        // The head's revision as it was made before: no organ field.
        var old = await PdfSigner.SignAsync(OutgoingFlowTests.DraftPdf("V/v cũ"), new PdfSignatureOptions(OutgoingPdf.HeadField, Now, CertifyPermission: 2)
        {
            FormFields = [Nd30Layout.NumberField(OutgoingPdf.NumberField), Nd30Layout.DateField(OutgoingPdf.DateField)],
        }, (d, ct) => CadesSignature.CreateAsync(d, _head.SignatureProvider(), null, ct));
        var issued = await IssueAsync(old, TestPng.RedSeal());
        Assert.Equal((1, 1), (PdfFields.Named(issued, OutgoingPdf.OrganField).Count, PdfFields.Named(issued, OutgoingPdf.OrganField).OnPage));
        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
    }

    private static double[] Rect(PdfDictionary d) =>
        ((PdfArray)d["Rect"]!).Items.Select(i => ((PdfNumber)i).Value).ToArray();

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No time-stamping service in these tests.");
    }
}
