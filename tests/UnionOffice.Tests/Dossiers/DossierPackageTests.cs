using System.IO.Compression;
using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>
/// A dossier's package checked by a test that reads only the package, with tools any computer has (Phụ lục VI III.4g):
/// sha256sum for every file, xmllint against the schema shipped inside, pdfsig for the issued document's signatures.
/// </summary>
public abstract class DossierPackageTests(AppFixture app)
{
    [Fact]
    public async Task ADossiersPackage_IsVerifiedOfflineWithCommonTools_AndATamperedFileIsCaught()
    {
        // An issued outgoing document (nvan drafted it; two signatures) and an incoming one with its PDF.
        var outgoing = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v báo cáo kết quả thực hiện Chỉ thị số 26", "I02");
        await Outgoing.OutgoingFlowTests.SignAsync(app, outgoing);
        (await (await app.ClientAsAsync("htthu.ldld")).PostJsonAsync($"/api/v1/outgoing/{outgoing}/issue", new { pin = Outgoing.OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var incoming = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ",
            issuedDate = Formats.Today(app.Clock).AddDays(-5).ToString("yyyy-MM-dd"), typeName = "Chỉ thị", subject = "Về tăng cường công tác phát triển đoàn viên",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await clerk.UploadAsync($"/api/v1/incoming/{incoming}/files", "chi-thi.pdf", Outgoing.OutgoingFlowTests.DraftPdf("Chỉ thị về phát triển đoàn viên"))).EnsureSuccessStatusCode();
        (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync($"/api/v1/incoming/{incoming}/direct", new
        {
            direction = "Đồng chí An theo dõi, báo cáo.", targets = new[] { new { kind = "Lead", userName = "nvan.ldld" } },
        })).EnsureSuccessStatusCode();

        using var keeper = await app.ClientAsAsync("nvan.ldld");
        var dossier = (await (await keeper.PostJsonAsync("/api/v1/dossiers", new
        {
            organizationCode = "I02.36", notation = "07.VP", title = "Hồ sơ thực hiện Chỉ thị về phát triển đoàn viên", retentionYears = 10,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await keeper.PostJsonAsync($"/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = incoming })).EnsureSuccessStatusCode();
        (await keeper.PostJsonAsync($"/api/v1/dossiers/{dossier}/items", new { kind = "Outgoing", documentId = outgoing })).EnsureSuccessStatusCode();
        (await keeper.PostJsonAsync($"/api/v1/dossiers/{dossier}/close", new { })).EnsureSuccessStatusCode();
        await (await (await app.ClientAsAsync("cthanh.ldld")).GetAsync($"/api/v1/dossiers/{dossier}/package")).ErrorAsync(HttpStatusCode.NotFound, "DOSSIER_NOT_FOUND");
        var response = await keeper.GetAsync($"/api/v1/dossiers/{dossier}/package");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var zip = await response.Content.ReadAsByteArrayAsync();
        var root = await app.WithDbAsync(db => db.TrustAnchors.Where(a => a.IsTest).Select(a => a.Certificate).FirstAsync());

        // From here on, only the package.
        var dir = Directory.CreateTempSubdirectory("uo-package-").FullName;
        try
        {
            using (var archive = new ZipArchive(new MemoryStream(zip))) archive.ExtractToDirectory(dir);
            var (code, output) = await Tools.ExitAsync(dir, "sha256sum", "-c", "SHA256SUMS");
            Assert.True(code == 0, output);
            (code, output) = await Tools.ExitAsync(dir, "xmllint", "--noout", "--schema", "hoso.xsd", "hoso.xml", "quatrinh.xml");
            Assert.True(code == 0, output);
            var hoso = await File.ReadAllTextAsync(Path.Combine(dir, "hoso.xml"));
            Assert.Contains("<FileNotation>07.VP</FileNotation>", hoso);
            Assert.Contains("<DocTotal>2</DocTotal>", hoso);
            Assert.Contains("<Maintenance>10 năm</Maintenance>", hoso);
            Assert.Contains("Về tăng cường công tác phát triển đoàn viên", hoso);
            var history = await File.ReadAllTextAsync(Path.Combine(dir, "quatrinh.xml"));
            Assert.Contains("Cho ý kiến chỉ đạo", history);
            Assert.Contains("Kết thúc hồ sơ", history);
            // The issued document, byte for byte: both signatures still valid for pdfsig.
            var issued = Directory.GetFiles(Path.Combine(dir, "vanban", "002")).Single(f => !Path.GetFileName(f).Contains("du-thao"));
            using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(root);
            var pdfsig = await Pdfsig.RunAsync(await File.ReadAllBytesAsync(issued), cert.ExportCertificatePem());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "vanban", "002"), "*du-thao*")); // its drafts go with it
            // A changed byte anywhere is caught.
            var first = Directory.GetFiles(Path.Combine(dir, "vanban", "001")).First();
            var bytes = await File.ReadAllBytesAsync(first);
            bytes[^10] ^= 0x20;
            await File.WriteAllBytesAsync(first, bytes);
            (code, output) = await Tools.ExitAsync(dir, "sha256sum", "-c", "SHA256SUMS");
            Assert.NotEqual(0, code);
            Assert.Contains("FAILED", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A year of the organ's archive as one package (Phụ lục VI III.5e): each archived dossier in its own folder that is a
    /// package by itself, the list in mucluc.xml, one SHA256SUMS — checked reading only the package; for the archive and heads.
    /// </summary>
    [Fact]
    public async Task AYearOfTheArchive_IsOnePackage_VerifiedOfflineFolderByFolder()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var first = await DossierSteps.ArchivedAsync(app, "nvan.ldld", $"31.P{tag}", $"Hồ sơ năm thứ nhất {tag}", $"V/v một {tag}",
            file: Outgoing.OutgoingFlowTests.DraftPdf($"Ảnh {tag}"));
        await DossierSteps.ArchivedAsync(app, "nvan.ldld", $"32.P{tag}", $"Hồ sơ năm thứ hai {tag}", $"V/v hai {tag}");
        var year = await app.WithDbAsync(db => db.Dossiers.Where(d => d.Id == Guid.Parse(first)).Select(d => d.Year).SingleAsync());
        await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync($"/api/v1/archive/package?organizationCode=I02.36&year={year}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await (await app.ClientAsAsync("htthu.ldld")).GetAsync("/api/v1/archive/package?organizationCode=I02.36&year=1990")).ErrorAsync(HttpStatusCode.NotFound, "ARCHIVE_YEAR_EMPTY");
        var response = await (await app.ClientAsAsync("htthu.ldld")).GetAsync($"/api/v1/archive/package?organizationCode=I02.36&year={year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var zip = await response.Content.ReadAsByteArrayAsync();

        var dir = Directory.CreateTempSubdirectory("uo-year-").FullName;
        try
        {
            using (var archive = new ZipArchive(new MemoryStream(zip))) archive.ExtractToDirectory(dir);
            var (code, output) = await Tools.ExitAsync(dir, "sha256sum", "--quiet", "-c", "SHA256SUMS");
            Assert.True(code == 0, output);
            var list = await File.ReadAllTextAsync(Path.Combine(dir, "mucluc.xml"));
            Assert.Contains($"<FileNotation>31.P{tag}</FileNotation>", list);
            Assert.Contains($"<FileNotation>32.P{tag}</FileNotation>", list);
            foreach (var folder in Directory.GetDirectories(Path.Combine(dir, "hoso")).Where(f => File.ReadAllText(Path.Combine(f, "hoso.xml")).Contains(tag)))
            {
                (code, output) = await Tools.ExitAsync(folder, "xmllint", "--noout", "--schema", "hoso.xsd", "hoso.xml", "quatrinh.xml");
                Assert.True(code == 0, output);
                var hoso = await File.ReadAllTextAsync(Path.Combine(folder, "hoso.xml"));
                Assert.Contains("<Status>archived</Status>", hoso);
                // Every file hoso.xml names is there, relative to it.
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(hoso, "vanban/[^<\"]+"))
                    Assert.True(File.Exists(Path.Combine(folder, m.Value)), m.Value);
            }
            Assert.Equal(2, Directory.GetDirectories(Path.Combine(dir, "hoso")).Count(f => File.ReadAllText(Path.Combine(f, "hoso.xml")).Contains(tag)));
            Assert.Contains("Lưu trữ cơ quan đã nhận", string.Concat(Directory.GetFiles(dir, "quatrinh.xml", SearchOption.AllDirectories).Select(File.ReadAllText)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

public sealed class DossierPackageTestsSqlite(SqliteAppFixture f) : DossierPackageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DossierPackageTestsPostgres(PostgresAppFixture f) : DossierPackageTests(f), IClassFixture<PostgresAppFixture>;
