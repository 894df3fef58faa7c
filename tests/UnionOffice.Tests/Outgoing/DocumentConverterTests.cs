using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Hosting;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// The real LibreOffice (Debian libreoffice-writer-nogui with fonts-liberation2, installed by .ci/run): without it these
/// tests fail, they do not skip. The PDFs are judged by poppler-utils (pdftotext, pdffonts) and qpdf.
/// </summary>
public sealed class DocumentConverterTests(DocumentConverterTests.ConvertedDraft draft) : IClassFixture<DocumentConverterTests.ConvertedDraft>
{
    /// <summary>
    /// The lines of an NĐ30-like draft, each short enough to stay on one printed line; the organ's name takes two lines
    /// of its narrow column, as on paper.
    /// </summary>
    public static readonly string[] DraftLines =
    [
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG",
        "VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/TLĐ-CSPL",
        "Hà Nội, ngày 15 tháng 3 năm 2027",
        "Về việc tổ chức Tháng Công nhân năm 2027",
        "Kính gửi: Các liên đoàn lao động tỉnh, thành phố",
        "Thực hiện Chương trình công tác năm 2027 của Đoàn Chủ tịch,",
        "đề nghị các cấp công đoàn hưởng ứng Tháng Công nhân.",
        "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵý đĐ Ưư Ơơ",
        "Nơi nhận:",
        "TM. ĐOÀN CHỦ TỊCH",
    ];

    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    /// <summary>One conversion of the draft shared by the tests that only look at its result.</summary>
    public sealed class ConvertedDraft : IAsyncLifetime
    {
        public byte[] Pdf { get; private set; } = [];
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"uo-draft-{Guid.NewGuid():N}.pdf");

        public async Task InitializeAsync()
        {
            using var docx = new MemoryStream(BuildDraft());
            Pdf = await Converter().DocxToPdfAsync(docx, CancellationToken.None);
            await File.WriteAllBytesAsync(Path, Pdf);
        }

        public Task DisposeAsync()
        {
            File.Delete(Path);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task LibreOffice_IsInstalledHere()
    {
        Assert.True(await Converter().IsAvailableAsync(),
            "soffice was not found: apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation2 (.ci/run does)");
    }

    [Fact]
    public async Task VietnameseDraft_ComesBackAsAValidPdf_WithEveryLineIntact()
    {
        Assert.True(draft.Pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8));
        var check = await Tools.RunAsync("qpdf", "--check", draft.Path);
        Assert.Contains("No syntax or stream encoding errors found", check);

        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", draft.Path, "-");
        var lines = text.Split('\n', '\f').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var expected in DraftLines)
            Assert.True(lines.Contains(expected), $"\"{expected}\" is not a line of the PDF's text:\n{text}");
        Assert.Contains("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", string.Join(' ', text.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal(text.Normalize(NormalizationForm.FormC), text); // precomposed, as typed: searchable as is
        Assert.DoesNotContain("\uFFFD", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesNewRoman_IsSetInLiberationSerif_Embedded()
    {
        var report = await Tools.RunAsync("pdffonts", draft.Path);
        var fonts = report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(fonts);
        // name type… encoding emb sub uni object ID: the flags are the fifth, fourth and third from the end.
        foreach (var f in fonts)
        {
            Assert.True(f[^5] == "yes", $"not embedded: {string.Join(' ', f)}");
            Assert.True(f[^3] == "yes", $"no ToUnicode map (text would not copy out): {string.Join(' ', f)}");
            // The metric-compatible stand-in, not a fallback (DejaVu…) picked glyph by glyph for what it lacks.
            Assert.Matches(@"^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?$", f[0]);
        }
        Assert.Contains(fonts, f => f[0].EndsWith("+LiberationSerif", StringComparison.Ordinal));
        Assert.Contains(fonts, f => f[0].EndsWith("+LiberationSerif-Bold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDraft_IsMadeAsPdfA2b_WithItsOutputIntent()
    {
        // The document the system makes is one an archive keeps (issue 17 §6): LibreOffice's PDF/A-2b export.
        var meta = await Tools.RunAsync("pdfinfo", "-meta", draft.Path);
        Assert.Contains("<pdfaid:part>2</pdfaid:part>", meta);
        Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", meta);
        var file = UnionOffice.Pdf.Reading.PdfFile.Parse(draft.Pdf);
        var intent = file.Dict(Assert.Single(((UnionOffice.Pdf.Reading.PdfArray)file.Resolve(file.Catalog["OutputIntents"])!).Items))!;
        Assert.Equal("GTS_PDFA1", ((UnionOffice.Pdf.Reading.PdfName)intent["S"]!).Value);
    }

    [Fact]
    public async Task RandomBytes_AreRefusedInVietnamese_Quickly()
    {
        var bytes = new byte[20_000];
        new Random(2027).NextBytes(bytes);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DomainException>(() => Converter().DocxToPdfAsync(new MemoryStream(bytes), CancellationToken.None));
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
        Assert.Equal("CONVERSION_FAILED", e.Error.Code);
        Assert.Equal(422, e.Error.Status);
        Assert.StartsWith("Không chuyển được tệp DOCX sang PDF", e.Error.Message);
    }

    [Fact]
    public async Task ZipWithGarbageDocumentXml_IsRefusedInVietnamese_Quickly()
    {
        var docx = BuildDraft();
        using var broken = new MemoryStream();
        broken.Write(docx);
        using (var zip = new ZipArchive(broken, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            await using var w = zip.CreateEntry("word/document.xml").Open();
            var garbage = new byte[4096];
            new Random(30).NextBytes(garbage);
            await w.WriteAsync(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"));
            await w.WriteAsync(garbage);
        }
        broken.Position = 0;
        var root = NewTempRoot();
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DomainException>(() => Converter(tempRoot: root).DocxToPdfAsync(broken, CancellationToken.None));
        Assert.True(watch.Elapsed < Quick, $"took {watch.Elapsed}");
        Assert.Equal("CONVERSION_FAILED", e.Error.Code);
        Assert.Contains("tệp bị hỏng hoặc không phải tệp Word", e.Error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root)); // nothing left behind
        Directory.Delete(root);
    }

    [Fact]
    public async Task TwoConversionsAtOnce_BothSucceed_EachWithItsOwnProfile()
    {
        var root = NewTempRoot();
        var converter = Converter(maxConcurrentRuns: 2, tempRoot: root);
        var pdfs = await Task.WhenAll(
            converter.DocxToPdfAsync(new MemoryStream(BuildDraft()), CancellationToken.None),
            converter.DocxToPdfAsync(new MemoryStream(BuildDraft("Về việc tổ chức Tháng hành động an toàn lao động")), CancellationToken.None));
        var texts = new List<string>();
        foreach (var pdf in pdfs)
        {
            var path = Path.Combine(root, $"{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            texts.Add(await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-"));
            File.Delete(path);
        }
        Assert.Contains("Về việc tổ chức Tháng Công nhân năm 2027", texts[0]);
        Assert.Contains("Về việc tổ chức Tháng hành động an toàn lao động", texts[1]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root)); // both run directories (input, profile, output) removed
        Directory.Delete(root);
    }

    [Fact]
    public async Task MissingLibreOffice_IsUnavailable_AndRefusedClearly()
    {
        var converter = Converter(soffice: "/nonexistent/libreoffice/soffice");
        Assert.False(await converter.IsAvailableAsync());
        var e = await Assert.ThrowsAsync<DomainException>(() => converter.DocxToPdfAsync(new MemoryStream(BuildDraft()), CancellationToken.None));
        Assert.Equal("CONVERSION_UNAVAILABLE", e.Error.Code);
        Assert.Contains("chưa cài LibreOffice", e.Error.Message);
    }

    [Fact]
    public async Task TimeOut_KillsLibreOffice_AndRemovesItsDirectory()
    {
        var root = NewTempRoot();
        // Four hundred pages keep LibreOffice busy well past one second, even before counting its start.
        var big = BuildDraft(extraParagraphs: 12_000);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DomainException>(() =>
            Converter(timeoutSeconds: 1, tempRoot: root).DocxToPdfAsync(new MemoryStream(big), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal("CONVERSION_TIMEOUT", e.Error.Code);
        Assert.Contains("quá 1 giây", e.Error.Message);
        await Task.Delay(500);
        Assert.Empty(ProcessesMentioning(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        Directory.Delete(root);
    }

    [Fact]
    public async Task LinkedPicture_IsNotFetched_WhileConverting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri($"http://127.0.0.1:{port}/logo.png"), "rLinked");
            main.AddHyperlinkRelationship(new Uri("https://congdoan.vn/"), true, "rSite");
            await using var w = new StreamWriter(main.GetStream(FileMode.Create));
            await w.WriteAsync("""
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
                  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
                  xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>
                <w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Logo"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
                  <pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="Logo"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rLinked"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
                  <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
                <w:p><w:hyperlink r:id="rSite"><w:r><w:t>Cổng thông tin Công đoàn Việt Nam</w:t></w:r></w:hyperlink></w:p>
                </w:body></w:document>
                """);
        }
        var pdf = await Converter().DocxToPdfAsync(new MemoryStream(ms.ToArray()), CancellationToken.None);
        Assert.False(listener.Pending(), "LibreOffice fetched the linked picture: an upload could make the server call any address");
        var path = Path.Combine(Path.GetTempPath(), $"uo-linked-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-");
        File.Delete(path);
        Assert.Contains("Cổng thông tin Công đoàn Việt Nam", text);
    }

    [Fact]
    public void Registration_BindsTheConversionSection()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Conversion:Soffice"] = "/opt/libreoffice/program/soffice",
            ["Conversion:TimeoutSeconds"] = "45",
            ["Conversion:MaxConcurrentRuns"] = "2",
            ["Conversion:TempRoot"] = "/var/tmp/uo",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddOutgoingConversion(config).BuildServiceProvider();
        var o = provider.GetRequiredService<IOptions<ConversionOptions>>().Value;
        Assert.Equal(("/opt/libreoffice/program/soffice", 45, 2, "/var/tmp/uo"), (o.Soffice, o.TimeoutSeconds, o.MaxConcurrentRuns, o.TempRoot));
        Assert.Same(provider.GetRequiredService<DocumentConverter>(), provider.GetRequiredService<DocumentConverter>());
        Assert.Equal(1, new ConversionOptions().MaxConcurrentRuns);
    }

    private static DocumentConverter Converter(string soffice = "soffice", int timeoutSeconds = 120, int maxConcurrentRuns = 1, string? tempRoot = null) =>
        new(Options.Create(new ConversionOptions { Soffice = soffice, TimeoutSeconds = timeoutSeconds, MaxConcurrentRuns = maxConcurrentRuns, TempRoot = tempRoot }),
            NullLogger<DocumentConverter>.Instance);

    private static string NewTempRoot() => Directory.CreateTempSubdirectory("uo-conv-test-").FullName;

    /// <summary>Live processes (not zombies) whose command line names the directory.</summary>
    private static List<int> ProcessesMentioning(string dir)
    {
        var found = new List<int>();
        foreach (var p in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(p), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(p, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(p, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (cmdline.Contains(dir, StringComparison.Ordinal) && state is not ("Z" or "X")) found.Add(pid);
            }
            catch (IOException)
            {
                // ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }
        return found;
    }

    /// <summary>
    /// An NĐ30-like letter: the two-column header (organ left, national title and motto right) in a borderless table,
    /// number and place/date, subject, addressee, body, and the signature block; Times New Roman 13 pt, headings 14 pt bold.
    /// </summary>
    public static byte[] BuildDraft(string subject = "Về việc tổ chức Tháng Công nhân năm 2027", int extraParagraphs = 0)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            var header = new Table(
                new TableProperties(new TableWidth { Width = "9700", Type = TableWidthUnitValues.Dxa },
                    new TableIndentation { Width = -330, Type = TableWidthUnitValues.Dxa }, // as the templates: a little into the left margin
                    new TableBorders(new TopBorder { Val = BorderValues.Nil }, new BottomBorder { Val = BorderValues.Nil },
                        new LeftBorder { Val = BorderValues.Nil }, new RightBorder { Val = BorderValues.Nil },
                        new InsideHorizontalBorder { Val = BorderValues.Nil }, new InsideVerticalBorder { Val = BorderValues.Nil })),
                new TableGrid(new GridColumn { Width = "4000" }, new GridColumn { Width = "5700" }),
                new TableRow(
                    Cell(4000, Para("TỔNG LIÊN ĐOÀN LAO ĐỘNG", 12, bold: false, center: true), Para("VIỆT NAM", 12, bold: false, center: true),
                        Para("Số: 125/TLĐ-CSPL", 13, bold: false, center: true)),
                    Cell(5700, Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold: true, center: true),
                        Para("Độc lập - Tự do - Hạnh phúc", 14, bold: true, center: true))));
            body.Append(header);
            body.Append(Para("Hà Nội, ngày 15 tháng 3 năm 2027", 14, bold: false, center: false, italic: true));
            body.Append(Para(subject, 14, bold: true, center: true));
            body.Append(Para("Kính gửi: Các liên đoàn lao động tỉnh, thành phố", 14, bold: false, center: true));
            body.Append(Para("Thực hiện Chương trình công tác năm 2027 của Đoàn Chủ tịch,", 14, bold: false, center: false));
            body.Append(Para("đề nghị các cấp công đoàn hưởng ứng Tháng Công nhân.", 14, bold: false, center: false));
            body.Append(Para("ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵý đĐ Ưư Ơơ", 14, bold: false, center: false));
            for (var i = 0; i < extraParagraphs; i++)
                body.Append(Para($"Đoạn {i}: các cấp công đoàn tổ chức đối thoại, thăm hỏi đoàn viên, người lao động.", 14, bold: false, center: false));
            body.Append(Para("Nơi nhận:", 12, bold: true, center: false, italic: true));
            body.Append(Para("TM. ĐOÀN CHỦ TỊCH", 14, bold: true, center: false));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 1134, Header = 720, Footer = 720, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return ms.ToArray();
    }

    private static TableCell Cell(int width, params Paragraph[] paragraphs)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
        cell.Append(paragraphs);
        return cell;
    }

    private static Paragraph Para(string text, int points, bool bold, bool center, bool italic = false)
    {
        var run = new RunProperties(
            new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" });
        if (bold) run.Append(new Bold());
        if (italic) run.Append(new Italic());
        run.Append(new FontSize { Val = (points * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var props = new ParagraphProperties();
        if (center) props.Append(new Justification { Val = JustificationValues.Center });
        return new Paragraph(props, new Run(run, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
