using System.Security.Cryptography.X509Certificates;
using System.Text;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Pdf;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// The outgoing document's signing, as NĐ30 has it: the head certifies the draft (DocMDP P=2) before it has a number,
/// with empty fields for the number and the date and the signature image; the clerk then fills them and adds the
/// organ's approval signature with the seal over the head's signature — two revisions after the draft, both signatures
/// valid for us and for poppler, the text readable by pdftotext, the file sound for qpdf.
/// </summary>
public sealed class OutgoingSigningFlowTests : IDisposable
{
    private const string Number = "Số: 12/QĐ-LĐLĐ";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(7));
    private static readonly string Date = Nd30Layout.PlaceAndDate("Nghệ An", new DateOnly(2026, 11, 22));
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(Now.AddDays(-1));
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-flow-").FullName;
    private readonly PdfOracles _oracles;
    private readonly IssuedCertificate _head;
    private readonly IssuedCertificate _organ;

    public OutgoingSigningFlowTests()
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

    /// <summary>The head's signature box: under "CHỦ TỊCH" in the right column (ô 7c).</summary>
    private static readonly SignatureAppearance HeadBox = new(0, Nd30Layout.RightColumnX + 40, 560, 200, 110, ["Phan Song Toàn", "22/11/2026 09:30:00 +07:00"])
    {
        SignatureImage = RasterImage.FromPng(TestPng.BlueSignature()),
    };

    private static byte[] Draft()
    {
        var pdf = new PdfComposer { Title = "Quyết định khen thưởng" };
        var page = pdf.AddPage();
        var (regular, bold) = (StandardFonts.Serif(), StandardFonts.Serif(bold: true));
        var leftCentre = Nd30Layout.Left + Nd30Layout.LeftColumnWidth / 2;
        var rightCentre = Nd30Layout.RightColumnX + Nd30Layout.RightColumnWidth / 2;
        page.TextCentered(leftCentre, Nd30Layout.HeaderLine1, "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", regular, 11);
        page.TextCentered(leftCentre, Nd30Layout.HeaderLine2, "LĐLĐ TỈNH NGHỆ AN", bold, 12);
        page.TextCentered(rightCentre, Nd30Layout.HeaderLine1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 12);
        page.TextCentered(rightCentre, Nd30Layout.HeaderLine2, "Độc lập - Tự do - Hạnh phúc", bold, 13);
        page.Line(leftCentre - 30, Nd30Layout.HeaderRule, leftCentre + 30, Nd30Layout.HeaderRule);
        page.Line(rightCentre - 80, Nd30Layout.HeaderRule, rightCentre + 80, Nd30Layout.HeaderRule);
        page.TextCentered(page.Width / 2, 160, "QUYẾT ĐỊNH", bold, 14);
        page.TextCentered(page.Width / 2, 178, "Về việc khen thưởng tập thể, cá nhân xuất sắc", bold, 14);
        page.Text(Nd30Layout.Left, 230, "Điều 1. Tặng Giấy khen cho 12 tập thể và 35 cá nhân có thành tích xuất sắc.", regular, 13);
        page.TextCentered(HeadBox.X + HeadBox.Width / 2, 535, "TM. BAN THƯỜNG VỤ", bold, 13);
        page.TextCentered(HeadBox.X + HeadBox.Width / 2, 550, "CHỦ TỊCH", bold, 13);
        return pdf.ToArray();
    }

    private static string Cn(IssuedCertificate c) => c.Certificate.GetNameInfo(X509NameType.SimpleName, false);

    private Task<byte[]> HeadCertifiesAsync(byte[] draft) => PdfSigner.SignAsync(draft,
        new PdfSignatureOptions("LanhDao", Now, Reason: "Ký ban hành", Location: "Nghệ An", SignerName: Cn(_head), CertifyPermission: 2, Appearance: HeadBox)
        {
            FormFields = [Nd30Layout.NumberField(), Nd30Layout.DateField()],
        },
        (digest, ct) => CadesSignature.CreateAsync(digest, _head.SignatureProvider(), null, ct));

    private Task<byte[]> ClerkIssuesAsync(byte[] certified) => PdfSigner.SignAsync(certified,
        new PdfSignatureOptions("CoQuan", Now.AddHours(2), Reason: "Phát hành", SignerName: Cn(_organ),
            Appearance: SignatureAppearance.SealOver(HeadBox, RasterImage.FromPng(TestPng.RedSeal())))
        {
            FillFields = new Dictionary<string, string> { ["SoKyHieu"] = Number, ["NgayBanHanh"] = Date },
        },
        (digest, ct) => CadesSignature.CreateAsync(digest, _organ.SignatureProvider(), null, ct));

    [Fact]
    public async Task HeadCertifiesWithEmptyFields_ClerkFillsThemAndSealSigns_BothValidForUsAndPdfsig_InExactlyTwoRevisions()
    {
        var draft = Draft();
        var certified = await HeadCertifiesAsync(draft);
        var issued = await ClerkIssuesAsync(certified);

        // Two revisions after the draft, each appended: the draft and the head's revision are byte for byte intact.
        Assert.Equal(PdfOracles.Count(Encoding.Latin1.GetString(draft), "%%EOF") + 2, PdfOracles.Count(Encoding.Latin1.GetString(issued), "%%EOF"));
        Assert.True(issued.AsSpan(0, certified.Length).SequenceEqual(certified));
        var signatures = PdfSignatures.Read(issued);
        Assert.Equal(["LanhDao", "CoQuan"], signatures.Select(s => s.FieldName));
        Assert.Equal(certified.Length, signatures[0].RevisionLength); // the head signed exactly his revision …
        var headCheck = CmsVerifier.Verify(signatures[0].Cms, PdfSignatures.SignedBytes(issued, signatures[0].ByteRange), [_ca.RootPublic], signatures[0].SigningTime, false);
        Assert.True(headCheck.IntegrityOk, headCheck.Summary); // … and its hash still matches after the filling
        Assert.True(signatures[1].CoversWholeFile);

        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
        Assert.False(report.ModifiedAfterLastSignature);

        var pdfsig = await _oracles.PdfsigAsync(issued);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(PdfOracles.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.True(PdfOracles.Count(pdfsig, "Total document signed") == 1, pdfsig); // the organ's, the last one
        Assert.Contains("Signer Certificate Common Name: Phan Song Toàn", pdfsig);
        Assert.Contains("Signer Certificate Common Name: Liên đoàn Lao động tỉnh Nghệ An", pdfsig);

        var path = await _oracles.SaveAsync(issued);
        Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", path));
        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-");
        Assert.Contains(Number, text);
        Assert.Contains("Nghệ An, ngày 22 tháng 11 năm 2026", text);
        Assert.Contains("Điều 1. Tặng Giấy khen", text);
        // Before the clerk, the fields are there but empty: no number yet.
        var before = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", await _oracles.SaveAsync(certified), "-");
        Assert.DoesNotContain("12/QĐ-LĐLĐ", before);
    }

    [Fact]
    public async Task TheSignatureAndSealImages_RenderBlueAndRed_TransparentAroundThem()
    {
        var issued = await ClerkIssuesAsync(await HeadCertifiesAsync(Draft()));
        var images = await Tools.RunAsync("pdfimages", "-list", await _oracles.SaveAsync(issued));
        Assert.True(PdfOracles.Count(images, " smask ") >= 2, images); // both images carry a soft mask
        var (w, _, rgb) = await RenderAsync(issued);
        (int R, int G, int B) At(double x, double y) { var i = ((int)y * w + (int)x) * 3; return (rgb[i], rgb[i + 1], rgb[i + 2]); }
        int CountIn(double x0, double y0, double x1, double y1, Func<(int R, int G, int B), bool> p)
        {
            var n = 0;
            for (var y = y0; y < y1; y++) for (var x = x0; x < x1; x++) if (p(At(x, y))) n++;
            return n;
        }
        static bool Blue((int R, int G, int B) c) => c.B > 150 && c.R < 110;
        static bool Red((int R, int G, int B) c) => c.R > 150 && c.G < 110 && c.B < 110;
        var seal = SignatureAppearance.SealOver(HeadBox, RasterImage.FromPng(TestPng.RedSeal()));
        Assert.True(CountIn(HeadBox.X, HeadBox.Y, HeadBox.X + HeadBox.Width, HeadBox.Y + HeadBox.Height, Blue) > 100, "no blue signature in the head's box");
        Assert.True(CountIn(seal.X, seal.Y, seal.X + seal.Width, seal.Y + seal.Height, Red) > 100, "no red seal");
        Assert.Equal(36 * 72 / 25.4, seal.Width, 3); // real size
        Assert.True(seal.X < HeadBox.X + HeadBox.Width / 2 && seal.X + seal.Width > HeadBox.X, "the seal is not over the left of the signature");
        // Inside the seal's ring, between ring and centre, the image is transparent (black underneath): the page shows.
        var inside = At(seal.X + seal.Width / 2, seal.Y + seal.Height * 0.28);
        Assert.True(Math.Max(inside.R, Math.Max(inside.G, inside.B)) > 100, $"the seal's transparent part renders {inside}");
        // Around the signature stroke, inside the head's box, the page is white, not the image's black background.
        var corner = At(HeadBox.X + 3, HeadBox.Y + 3);
        Assert.True(corner.R > 200 && corner.G > 200 && corner.B > 200, $"the signature's background renders {corner}");
    }

    [Fact]
    public async Task AByteChangedInEitherRevision_IsCaughtByUsAndByPdfsig()
    {
        var certified = await HeadCertifiesAsync(Draft());
        var issued = await ClerkIssuesAsync(certified);
        var last = PdfSignatures.Read(issued)[1];
        foreach (var at in new[] { 20L, certified.Length / 3, certified.Length + 40, last.ByteRange[2] + 10 })
        {
            var forged = (byte[])issued.Clone();
            forged[at] = forged[at] == (byte)'1' ? (byte)'2' : (byte)'1';
            Assert.False(PdfSignatureVerifier.Verify(forged, [_ca.RootPublic]).AllValid, $"a change at {at} went unnoticed by us");
            var pdfsig = await _oracles.PdfsigAsync(forged);
            Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") < 2, $"a change at {at} went unnoticed by pdfsig: {pdfsig}");
        }
    }

    [Fact]
    public async Task PageContentChangedAfterTheCertification_IsReported_EvenUnderAValidApprovalSignature()
    {
        var certified = await HeadCertifiesAsync(Draft());
        // Someone appends a revision replacing the page's content (here: a marked copy adds a stream to the page) and
        // the clerk signs on top: every signature is cryptographically valid, but the head never certified this page.
        var tampered = await ClerkIssuesAsync(PdfCopyMark.Apply(certified, "Điều 1. Tặng Bằng khen cho 99 tập thể"));
        var report = PdfSignatureVerifier.Verify(tampered, [_ca.RootPublic]);
        Assert.False(report.AllValid);
        Assert.False(report.ModifiedAfterLastSignature);
        Assert.Contains(report.DisallowedChanges, c => c.Contains("nội dung trang 1 bị thay đổi"));
        Assert.True(report.Signatures[0].IsValid, report.Signatures[0].Summary); // the head's bytes still verify …
        Assert.Contains("không cho phép", report.Signatures[0].Summary); // … but what came after is named
        Assert.Contains("không được chữ ký chứng thực cho phép", report.Summary);
        Assert.True(report.Signatures[1].IsValid, report.Signatures[1].Summary);

        // Replacing the page's /Contents outright is caught the same way.
        var file = PdfFile.Parse(certified);
        var (pageRef, _) = file.Pages()[0];
        var update = new PdfIncrementalUpdate(file);
        var forged = update.Stream("BT /F1 13 Tf 85 600 Td <0001> Tj ET"u8.ToArray(), compress: false);
        var page = file.Dict(pageRef)!.Copy();
        page.Entries["Contents"] = new PdfRef(forged, 0);
        update.Replace(pageRef, page);
        var replaced = PdfSignatureVerifier.Verify(await ClerkIssuesAsync(update.Save()), [_ca.RootPublic]);
        Assert.Contains(replaced.DisallowedChanges, c => c.Contains("nội dung trang 1 bị thay đổi"));

        // A new, non-signature field added after the certification is not "filling in a form" either.
        var added = await PdfSigner.SignAsync(certified, new PdfSignatureOptions("CoQuan", Now)
        {
            FormFields = [Nd30Layout.NumberField("SoKhac")],
        }, (digest, ct) => CadesSignature.CreateAsync(digest, _organ.SignatureProvider(), null, ct));
        Assert.Contains(PdfSignatureVerifier.Verify(added, [_ca.RootPublic]).DisallowedChanges, c => c.Contains("trường biểu mẫu mới"));
    }

    [Fact]
    public async Task FillingAFieldThatDoesNotExist_OrAddingOneTwice_IsRefused()
    {
        var certified = await HeadCertifiesAsync(Draft());
        var missing = new PdfSignatureOptions("CoQuan", Now) { FillFields = new Dictionary<string, string> { ["SoHieu"] = "12" } };
        var e = await Assert.ThrowsAsync<PdfFormatException>(() => PdfSigner.SignAsync(certified, missing, (d, ct) => CadesSignature.CreateAsync(d, _organ.SignatureProvider(), null, ct)));
        Assert.Contains("SoHieu", e.Message);
        var twice = new PdfSignatureOptions("CoQuan", Now) { FormFields = [Nd30Layout.NumberField()] };
        await Assert.ThrowsAsync<PdfFormatException>(() => PdfSigner.SignAsync(certified, twice, (d, ct) => CadesSignature.CreateAsync(d, _organ.SignatureProvider(), null, ct)));
    }

    /// <summary>Page 1 at 72 dpi (one pixel per point) as RGB bytes, by poppler's pdftoppm.</summary>
    private async Task<(int Width, int Height, byte[] Rgb)> RenderAsync(byte[] pdf)
    {
        var prefix = Path.Combine(_dir, "render");
        await Tools.RunAsync("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", await _oracles.SaveAsync(pdf), prefix);
        var ppm = await File.ReadAllBytesAsync(prefix + ".ppm");
        // "P6\n<w> <h>\n255\n" then the pixels.
        var fields = new List<string>();
        var pos = 0;
        while (fields.Count < 4)
        {
            while (ppm[pos] is (byte)' ' or (byte)'\n') pos++;
            var start = pos;
            while (ppm[pos] is not ((byte)' ' or (byte)'\n')) pos++;
            fields.Add(Encoding.ASCII.GetString(ppm, start, pos - start));
        }
        pos++;
        return (int.Parse(fields[1]), int.Parse(fields[2]), ppm[pos..]);
    }
}
