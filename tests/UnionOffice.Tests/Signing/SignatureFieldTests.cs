using System.Security.Cryptography.X509Certificates;
using System.Text;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Pdf;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// The organ's signature field made by the head's certification (DocMDP P=2), empty, where the seal will go; the clerk
/// signs into it, so the revision after the certification fills in and signs but adds no annotation (ISO 32000-1 table
/// 254). Checked by us (signatures, DocMDP changes), by poppler's pdfsig and by qpdf; and the field's structure: one
/// field of that name, one widget, the same object as certified.
/// </summary>
public sealed class SignatureFieldTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 30, 0, TimeSpan.FromHours(7));
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(Now.AddDays(-1));
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-sigfield-").FullName;
    private readonly PdfOracles _oracles;
    private readonly IssuedCertificate _head;
    private readonly IssuedCertificate _organ;

    public SignatureFieldTests()
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

    private static readonly SignatureAppearance HeadBox = new(0, Nd30Layout.RightColumnX + 40, 560, 200, 110, ["Phan Song Toàn", "22/11/2026 09:30:00 +07:00"])
    {
        SignatureImage = RasterImage.FromPng(TestPng.BlueSignature()),
    };

    private static readonly SignatureAppearance Seal = SignatureAppearance.SealOver(HeadBox, RasterImage.FromPng(TestPng.RedSeal()));

    /// <summary>The organ's empty field, exactly where <see cref="Seal"/> will be drawn.</summary>
    private static readonly PdfSignatureField OrganField = new("CoQuan", Seal.PageIndex, Seal.X, Seal.Y, Seal.Width, Seal.Height);

    private static byte[] Draft(int pages = 1)
    {
        var pdf = new PdfComposer { Title = "Quyết định khen thưởng" };
        for (var i = 0; i < pages; i++)
        {
            var page = pdf.AddPage();
            page.TextCentered(page.Width / 2, 160, "QUYẾT ĐỊNH", StandardFonts.Serif(bold: true), 14);
            page.Text(Nd30Layout.Left, 230, "Điều 1. Tặng Giấy khen cho 12 tập thể và 35 cá nhân có thành tích xuất sắc.", StandardFonts.Serif(), 13);
        }
        return pdf.ToArray();
    }

    private static string Cn(IssuedCertificate c) => c.Certificate.GetNameInfo(X509NameType.SimpleName, false);

    private Task<byte[]> CertifyAsync(byte[] draft, params PdfSignatureField[] empty) => PdfSigner.SignAsync(draft,
        new PdfSignatureOptions("LanhDao", Now, Reason: "Ký ban hành", SignerName: Cn(_head), CertifyPermission: 2, Appearance: HeadBox)
        {
            FormFields = [Nd30Layout.NumberField(), Nd30Layout.DateField()],
            EmptySignatureFields = empty,
        },
        (digest, ct) => CadesSignature.CreateAsync(digest, _head.SignatureProvider(), null, ct));

    private Task<byte[]> OrganSignsAsync(byte[] pdf, string field = "CoQuan", SignatureAppearance? appearance = null, bool fill = true) => PdfSigner.SignAsync(pdf,
        new PdfSignatureOptions(field, Now.AddHours(2), Reason: "Phát hành", SignerName: Cn(_organ), Appearance: appearance)
        {
            FillFields = fill ? new Dictionary<string, string> { ["SoKyHieu"] = "Số: 12/QĐ-LĐLĐ", ["NgayBanHanh"] = "Nghệ An, ngày 22 tháng 11 năm 2026" }
                : new Dictionary<string, string>(),
        },
        (digest, ct) => CadesSignature.CreateAsync(digest, _organ.SignatureProvider(), null, ct));

    [Fact]
    public async Task TheCertificationMakesTheOrgansEmptyField_TheOrganSignsIntoIt_BothValid_NoDisallowedChange_OneFieldOneWidget()
    {
        var certified = await CertifyAsync(Draft(), OrganField);

        // Certified: the field is there, empty, on the page, where the seal will go; only the head's signature counts.
        Assert.Equal(["LanhDao"], PdfSignatures.Read(certified).Select(s => s.FieldName));
        var before = PdfFields.Named(certified, "CoQuan");
        Assert.Null(before.Dict["V"]);
        Assert.Equal("Sig", ((PdfName)before.Dict["FT"]!).Value);
        Assert.Equal(1, before.OnPage);
        Assert.True(PdfSignatureVerifier.Verify(certified, [_ca.RootPublic]).AllValid);

        var issued = await OrganSignsAsync(certified, appearance: Seal);
        Assert.True(issued.AsSpan(0, certified.Length).SequenceEqual(certified));
        var signatures = PdfSignatures.Read(issued);
        Assert.Equal(["LanhDao", "CoQuan"], signatures.Select(s => s.FieldName));
        Assert.Equal(certified.Length, signatures[0].RevisionLength);
        Assert.True(signatures[1].CoversWholeFile);

        // One field of that name, one widget of it on the page: the certified object itself, now signed, in its place.
        var after = PdfFields.Named(issued, "CoQuan");
        Assert.Equal(1, after.Count);
        Assert.Equal(1, after.OnPage);
        Assert.Equal(before.Number, after.Number);
        Assert.NotNull(after.Dict["V"]);
        Assert.NotNull(after.Dict["AP"]);
        Assert.Equal(before.Dict["Rect"]!.ToString(), after.Dict["Rect"]!.ToString()); // the seal lands on the field as made
        Assert.Equal(PdfFile.Parse(certified).Dict(PdfFile.Parse(certified).Pages()[0].Ref)!["Annots"]!.ToString(),
            PdfFile.Parse(issued).Dict(PdfFile.Parse(issued).Pages()[0].Ref)!["Annots"]!.ToString()); // not a new widget: the page's list is as certified

        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
        Assert.False(report.ModifiedAfterLastSignature);

        var pdfsig = await _oracles.PdfsigAsync(issued);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
        Assert.True(PdfOracles.Count(pdfsig, "Certificate Validation: Certificate is Trusted.") == 2, pdfsig);
        Assert.True(PdfOracles.Count(pdfsig, "Total document signed") == 1, pdfsig);
        Assert.Contains("Signer Certificate Common Name: Liên đoàn Lao động tỉnh Nghệ An", pdfsig);
        await AssertQpdfCleanAsync(issued);
        Assert.Contains("12/QĐ-LĐLĐ", await Pdfsig.TextAsync(issued));
    }

    [Fact]
    public async Task SigningIntoTheFieldTwice_IsRefused_AsIsSigningIntoATextField()
    {
        var issued = await OrganSignsAsync(await CertifyAsync(Draft(), OrganField), appearance: Seal);
        var e = await Assert.ThrowsAsync<PdfFormatException>(() => OrganSignsAsync(issued, appearance: Seal, fill: false));
        Assert.Contains("đã có trường chữ ký \"CoQuan\"", e.Message);
        await Assert.ThrowsAsync<PdfFormatException>(() => OrganSignsAsync(issued, "LanhDao", fill: false));
        var text = await Assert.ThrowsAsync<PdfFormatException>(() => OrganSignsAsync(issued, "SoKyHieu", fill: false));
        Assert.Contains("không phải trường chữ ký", text.Message);
    }

    [Fact]
    public async Task WithoutAnAppearance_TheSignatureGoesIntoTheFieldAndKeepsItsPlace()
    {
        var certified = await CertifyAsync(Draft(), OrganField);
        var issued = await OrganSignsAsync(certified, appearance: null);
        var (before, after) = (PdfFields.Named(certified, "CoQuan"), PdfFields.Named(issued, "CoQuan"));
        Assert.Equal(before.Dict["Rect"]!.ToString(), after.Dict["Rect"]!.ToString());
        Assert.Equal((1, 1), (after.Count, after.OnPage));
        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
    }

    [Fact]
    public async Task AFieldMadeButADifferentNewFieldSigned_IsHandledAsBefore_AndTheMadeFieldCanStillBeSigned()
    {
        var certified = await CertifyAsync(Draft(), OrganField);
        // The old way on a document that has the field: a new signature field after the certification, accepted as
        // before (documents issued that way exist); the prepared field stays empty.
        var other = await OrganSignsAsync(certified, "Khac", Seal with { Y = Seal.Y + 120 });
        Assert.Equal(["LanhDao", "Khac"], PdfSignatures.Read(other).Select(s => s.FieldName));
        Assert.Null(PdfFields.Named(other, "CoQuan").Dict["V"]);
        var report = PdfSignatureVerifier.Verify(other, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);

        var both = await OrganSignsAsync(other, appearance: Seal, fill: false);
        Assert.Equal(["LanhDao", "Khac", "CoQuan"], PdfSignatures.Read(both).Select(s => s.FieldName));
        var all = PdfSignatureVerifier.Verify(both, [_ca.RootPublic]);
        Assert.True(all.AllValid, all.Summary);
        Assert.Empty(all.DisallowedChanges);
        var pdfsig = await _oracles.PdfsigAsync(both);
        Assert.True(PdfOracles.Count(pdfsig, "Signature Validation: Signature is Valid.") == 3, pdfsig);
        await AssertQpdfCleanAsync(both);
    }

    [Fact]
    public async Task TheOldWay_ANewOrganFieldAfterTheCertification_IsStillAccepted()
    {
        var issued = await OrganSignsAsync(await CertifyAsync(Draft()), appearance: Seal);
        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);
        Assert.Empty(report.DisallowedChanges);
        Assert.Equal((1, 1), (PdfFields.Named(issued, "CoQuan").Count, PdfFields.Named(issued, "CoQuan").OnPage));
    }

    [Fact]
    public async Task EmptyFieldNames_MustBeNew_AndAnAppearanceMustBeOnTheFieldsPage()
    {
        await Assert.ThrowsAsync<PdfFormatException>(() => CertifyAsync(Draft(), OrganField with { Name = "LanhDao" }));
        await Assert.ThrowsAsync<PdfFormatException>(() => CertifyAsync(Draft(), OrganField with { Name = "SoKyHieu" }));
        await Assert.ThrowsAsync<PdfFormatException>(() => CertifyAsync(Draft(), OrganField, OrganField));
        await Assert.ThrowsAsync<PdfFormatException>(() => CertifyAsync(Draft(), OrganField with { Name = "Co.Quan" }));
        await Assert.ThrowsAsync<PdfFormatException>(() => CertifyAsync(Draft(), OrganField with { Width = 0 }));

        var twoPages = await CertifyAsync(Draft(pages: 2), OrganField with { PageIndex = 1 });
        Assert.Equal(2, PdfFields.Named(twoPages, "CoQuan").Page);
        var e = await Assert.ThrowsAsync<PdfFormatException>(() => OrganSignsAsync(twoPages, appearance: Seal));
        Assert.Contains("trang 2", e.Message);
        var signed = await OrganSignsAsync(twoPages, appearance: Seal with { PageIndex = 1 });
        Assert.Equal((1, 1, 2), (PdfFields.Named(signed, "CoQuan").Count, PdfFields.Named(signed, "CoQuan").OnPage, PdfFields.Named(signed, "CoQuan").Page));
        Assert.True(PdfSignatureVerifier.Verify(signed, [_ca.RootPublic]).AllValid);
    }

    [Fact]
    public void SealField_IsWhereSealOverPutsARoundSeal()
    {
        var field = SignatureAppearance.SealField("CoQuan", HeadBox);
        Assert.Equal((Seal.PageIndex, Seal.X, Seal.Y, Seal.Width, Seal.Height), (field.PageIndex, field.X, field.Y, field.Width, field.Height));
        Assert.Equal(36 * 72 / 25.4, field.Width, 9);
        var smaller = SignatureAppearance.SealField("CoQuan", HeadBox, 30);
        var sealed30 = SignatureAppearance.SealOver(HeadBox, RasterImage.FromPng(TestPng.RedSeal()), 30);
        Assert.Equal((sealed30.X, sealed30.Y, sealed30.Width), (smaller.X, smaller.Y, smaller.Width));
    }

    [Fact]
    public async Task AText_SignatureInTheSealsField_FitsItsLinesInTheBox_WrappingALongOrganName()
    {
        const string organ = "Liên đoàn Lao động thành phố Hồ Chí Minh";
        var field = SignatureAppearance.SealField("CoQuan", HeadBox);
        var certified = await CertifyAsync(Draft(), field);
        var text = new SignatureAppearance(field.PageIndex, field.X, field.Y, field.Width, field.Height, [organ, "Ký số: 22/11/2026 09:30"]);
        var issued = await OrganSignsAsync(certified, appearance: text, fill: false);
        Assert.Equal(PdfFields.Named(certified, "CoQuan").Dict["Rect"]!.ToString(), PdfFields.Named(issued, "CoQuan").Dict["Rect"]!.ToString());
        var report = PdfSignatureVerifier.Verify(issued, [_ca.RootPublic]);
        Assert.True(report.AllValid, report.Summary);

        // Every word of the box inside the field (poppler's word boxes, top-left points), the time on one line with its date.
        var words = await WordsAsync(issued);
        foreach (var w in organ.Split(' ').Concat(["Ký", "số:", "22/11/2026", "09:30"]))
        {
            var found = words.Where(x => x.Text == w && x.X0 >= field.X - 1 && x.X1 <= field.X + field.Width + 1
                && x.Y0 >= field.Y - 1 && x.Y1 <= field.Y + field.Height + 1).ToList();
            Assert.True(found.Count > 0, $"\"{w}\" is not inside the field: {string.Join(", ", words)}");
            Assert.True(found[0].Y1 - found[0].Y0 >= 5, $"\"{w}\" is written too small");
        }
        var (date, time) = (words.First(w => w.Text == "22/11/2026"), words.First(w => w.Text == "09:30"));
        Assert.Equal(date.Y0, time.Y0, 1);
        Assert.True(words.First(w => w.Text == "Minh").Y0 > words.First(w => w.Text == "Liên").Y0 + 3, "the organ's name is not wrapped");
    }

    [Fact]
    public async Task ATextBox_WhoseLinesFit_IsDrawnAsBefore_At10PointsUnwrapped()
    {
        // The appendix's box: lines that fit are neither made smaller nor wrapped.
        var box = new SignatureAppearance(0, 300, 20, 200, 40, ["Kèm theo văn bản số 12/LĐLĐ-VP", "Liên đoàn Lao động tỉnh Nghệ An", "Ký số: 22/11/2026 09:30"]);
        var words = await WordsAsync(await OrganSignsAsync(Draft(), "PhuLuc", box, fill: false));
        foreach (var (first, last) in new[] { ("Kèm", "12/LĐLĐ-VP"), ("Liên", "An"), ("Ký", "09:30") })
        {
            var (a, b) = (words.First(w => w.Text == first && w.Y0 < 60), words.First(w => w.Text == last && w.Y0 < 60));
            Assert.Equal(a.Y0, b.Y0, 1); // one line
            Assert.InRange(a.Y1 - a.Y0, 10.5, 11.5); // 10 pt Liberation Serif (ascent + descent 1.107 em)
        }
    }

    /// <summary>
    /// Review finding 14: the head's block is the document's signature block (NĐ30 Phụ lục I II.7đ) — title and name
    /// bold, 13 pt, black — not the small note it was; a title too wide for the box is drawn smaller, never under 11 pt.
    /// </summary>
    [Fact]
    public async Task ASignatureBlock_IsBold_At13Points_AndATooWideTitleShrinksNoFurtherThan11()
    {
        var block = new SignatureAppearance(0, 330, 500, 220, 130, ["Phan Song Toàn"]) { TitleLines = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], SignatureBlock = true };
        var signed = await OrganSignsAsync(Draft(), "KhoiChuKy", block, fill: false);
        static int Bold(byte[] pdf) => System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), "/BaseFont /[A-Z]{6}\\+LiberationSerif-Bold\\b");
        Assert.True(Bold(signed) > Bold(Draft()), "the block brings a bold face of its own");
        var words = await WordsAsync(signed);
        var name = words.First(w => w.Text == "Toàn");
        Assert.InRange(name.Y1 - name.Y0, 13.8, 14.8); // 13 pt (ascent + descent 1.107 em)
        var wide = new SignatureAppearance(0, 330, 500, 150, 130, ["Phan Song Toàn"]) { TitleLines = ["PHÓ CHỦ TỊCH THƯỜNG TRỰC LIÊN ĐOÀN LAO ĐỘNG"], SignatureBlock = true };
        var small = (await WordsAsync(await OrganSignsAsync(Draft(), "KhoiChuKy", wide, fill: false))).First(w => w.Text == "Toàn");
        Assert.InRange(small.Y1 - small.Y0, 11.5, 13.5);
    }

    private async Task<List<(double X0, double Y0, double X1, double Y1, string Text)>> WordsAsync(byte[] pdf)
    {
        var bbox = await Tools.RunAsync("pdftotext", "-bbox", "-enc", "UTF-8", await _oracles.SaveAsync(pdf), "-");
        static double D(string v) => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
        return System.Text.RegularExpressions.Regex.Matches(bbox,
                @"<word xMin=""([\d.]+)"" yMin=""([\d.]+)"" xMax=""([\d.]+)"" yMax=""([\d.]+)"">([^<]*)</word>")
            .Select(m => (D(m.Groups[1].Value), D(m.Groups[2].Value), D(m.Groups[3].Value), D(m.Groups[4].Value), m.Groups[5].Value))
            .ToList();
    }

    private async Task AssertQpdfCleanAsync(byte[] pdf)
    {
        var check = await Tools.RunAsync("qpdf", "--check", await _oracles.SaveAsync(pdf));
        Assert.Contains("No syntax or stream encoding errors", check);
        Assert.DoesNotContain("WARNING", check);
    }
}
