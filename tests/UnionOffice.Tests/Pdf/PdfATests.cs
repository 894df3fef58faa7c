using System.Xml.Linq;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Pdf;

/// <summary>
/// What the system composes is PDF/A-2b (issue 17 §6, NĐ30 Phụ lục VI III.4g): checked rule by rule for what the composer
/// controls — the XMP identification and its agreement with the information dictionary, the sRGB output intent (its
/// profile read by LittleCMS), every font embedded (pdffonts), no encryption, the file identifier — and kept through the
/// signatures added later. No PDF/A validator installs here (veraPDF is a Java program outside Debian and npm): these
/// are the rules, read by outside tools where one exists.
/// </summary>
public sealed class PdfATests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-pdfa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Composed()
    {
        var pdf = new PdfComposer
        {
            Title = "Biên bản giao nhận tài liệu <lưu trữ> & hồ sơ", Author = "Văn thư – Liên đoàn Lao động tỉnh Nghệ An", Subject = "Nộp lưu năm 2026",
            CreatedAt = new DateTimeOffset(2026, 12, 7, 9, 15, 30, TimeSpan.FromHours(7)),
        };
        var page = pdf.AddPage();
        page.TextCentered(page.Width / 2, 100, "BIÊN BẢN GIAO NHẬN TÀI LIỆU", StandardFonts.Serif(bold: true), 14);
        page.Text(60, 140, "Hôm nay, ngày 07 tháng 12 năm 2026, tại Văn phòng Liên đoàn Lao động tỉnh Nghệ An.", StandardFonts.Serif(), 13);
        page.Rectangle(60, 160, 200, 40, PdfColor.Light, PdfColor.Black);
        // A seal with transparency (allowed in PDF/A-2, with an output intent).
        var pixels = new byte[16 * 16 * 4];
        for (var i = 0; i < pixels.Length; i += 4) (pixels[i], pixels[i + 3]) = (200, (byte)(i % 255));
        page.Image(300, 160, 40, 40, new RasterImage(16, 16, 3, pixels.Where((_, i) => i % 4 != 3).ToArray(), pixels.Where((_, i) => i % 4 == 3).ToArray()));
        return pdf.ToArray();
    }

    [Fact]
    public async Task AComposedDocument_IsIdentifiedAsPdfA2b_AndKeepsTheRulesItControls()
    {
        var bytes = Composed();
        var path = Path.Combine(_dir, "composed.pdf");
        await File.WriteAllBytesAsync(path, bytes);

        // The XMP packet, as poppler reads it: PDF/A-2 level B, and the same title, author, subject, tool, producer and date
        // as the information dictionary (ISO 19005-2 §6.6.2.3.1).
        var xmp = await Tools.RunAsync("pdfinfo", "-meta", path);
        var doc = XDocument.Parse(xmp[xmp.IndexOf("<x:xmpmeta", StringComparison.Ordinal)..(xmp.IndexOf("</x:xmpmeta>", StringComparison.Ordinal) + "</x:xmpmeta>".Length)]);
        string Value(string ns, string name) => doc.Descendants(XName.Get(name, ns)).Single().Value;
        const string pdfaid = "http://www.aiim.org/pdfa/ns/id/", dc = "http://purl.org/dc/elements/1.1/", xmpNs = "http://ns.adobe.com/xap/1.0/", pdfNs = "http://ns.adobe.com/pdf/1.3/";
        Assert.Equal("2", Value(pdfaid, "part"));
        Assert.Equal("B", Value(pdfaid, "conformance"));
        var info = await Tools.RunAsync("pdfinfo", "-isodates", path);
        Assert.Equal("Biên bản giao nhận tài liệu <lưu trữ> & hồ sơ", Value(dc, "title"));
        Assert.Contains($"Title:           {Value(dc, "title")}", info);
        Assert.Contains($"Author:          {Value(dc, "creator")}", info);
        Assert.Contains($"Subject:         {Value(dc, "description")}", info);
        Assert.Contains($"Creator:         {Value(xmpNs, "CreatorTool")}", info);
        Assert.Contains($"Producer:        {Value(pdfNs, "Producer")}", info);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 9, 15, 30, TimeSpan.FromHours(7)), DateTimeOffset.Parse(Value(xmpNs, "CreateDate"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("CreationDate:    2026-12-07T09:15:30+07", info);
        Assert.Contains("Encrypted:       no", info);

        // The output intent: GTS_PDFA1 with an RGB profile that LittleCMS links to its own sRGB.
        var file = PdfFile.Parse(bytes);
        var intent = file.Dict(Assert.Single(((PdfArray)file.Resolve(file.Catalog["OutputIntents"])!).Items))!;
        Assert.Equal("GTS_PDFA1", ((PdfName)intent["S"]!).Value);
        var profileStream = (PdfStream)file.Resolve(intent["DestOutputProfile"])!;
        Assert.Equal(3, ((PdfNumber)profileStream.Dictionary["N"]!).Integer);
        var profile = Path.Combine(_dir, "intent.icc");
        await File.WriteAllBytesAsync(profile, file.Decode(profileStream));
        var (code, output) = await Tools.ExitAsync(_dir, "linkicc", "-o", "link.icc", "intent.icc", "*sRGB");
        Assert.True(code == 0 && File.Exists(Path.Combine(_dir, "link.icc")), output);
        Assert.Equal("mntr", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(profile), 12, 4));
        // The metadata stream is not filtered, the file has an identifier and a binary comment.
        var metadata = (PdfStream)file.Resolve(file.Catalog["Metadata"])!;
        Assert.Null(metadata.Dictionary["Filter"]);
        Assert.Equal("XML", ((PdfName)metadata.Dictionary["Subtype"]!).Value);
        Assert.NotNull(file.Trailer["ID"]);
        Assert.True(bytes[9] == '%' && bytes[10] > 127, "binary comment after the header");
        Assert.Equal("vi-VN", System.Text.Encoding.BigEndianUnicode.GetString(((PdfString)file.Catalog["Lang"]!).Bytes[2..]));

        var fonts = (await Tools.RunAsync("pdffonts", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, r => Assert.Equal("yes", r[^5]));
        Assert.Contains("No syntax or stream encoding errors", await Tools.RunAsync("qpdf", "--check", path));
    }

    [Fact]
    public async Task TheIdentity_StaysThroughTheSignaturesAndTheValidationData()
    {
        using var ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow.AddDays(-1));
        using var head = ca.IssuePerson("Phan Song Toàn", "Liên đoàn Lao động tỉnh Nghệ An");
        var signed = await PdfSigner.SignAsync(Composed(), new PdfSignatureOptions("LanhDao", DateTimeOffset.UtcNow, CertifyPermission: 2,
                Appearance: new SignatureAppearance(0, 330, 600, 200, 60, ["Ký bởi: Phan Song Toàn"])),
            (digest, ct) => CadesSignature.CreateAsync(digest, head.SignatureProvider(), null, ct));
        var file = PdfFile.Parse(signed);
        Assert.NotNull(file.Catalog["Metadata"]);
        Assert.NotNull(file.Catalog["OutputIntents"]);
        Assert.NotNull(file.Catalog["AcroForm"]);
        var path = Path.Combine(_dir, "signed.pdf");
        await File.WriteAllBytesAsync(path, signed);
        Assert.Contains("<pdfaid:part>2</pdfaid:part>", await Tools.RunAsync("pdfinfo", "-meta", path));
        var fonts = (await Tools.RunAsync("pdffonts", path)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(fonts, r => Assert.Equal("yes", r[^5])); // the signature's appearance embeds its font too
    }
}
