using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>The handling slip (NĐ30 Phụ lục IV, VII) of one document, through the API.</summary>
public abstract class IncomingSlipExportTests(AppFixture app)
{
    private int Year => Formats.Today(app.Clock).Year;
    private string Day(int n) => Formats.Date(Formats.Today(app.Clock).AddDays(n));

    /// <summary>The slip's rows after its header, as (label, value) pairs in order.</summary>
    private static List<(string Label, string Value)> SlipRows(List<string[]> rows)
    {
        var header = rows.FindIndex(r => r.Length > 0 && r[0] == "Nội dung");
        Assert.Equal(["Nội dung", "Ý kiến, thông tin giải quyết"], rows[header]);
        return rows.Skip(header + 1).Select(r => (r[0], r[1])).ToList();
    }

    [Fact]
    public async Task Slip_ShowsTheLeadersDirection_TheDepartmentHeadsForwarding_AndTheHandlersOpinions()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var response = await officer.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Phiếu giải quyết văn bản đến số {s.Report.Number}-{Year}.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var rows = ExportReader.XlsxRows(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("LĐLĐ TỈNH NGHỆ AN", rows[0][0]);
        Assert.Equal("PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN", rows[1][0]);
        Assert.Equal($"Công văn số {s.Report.Notation} ngày {Day(-1)} của Bộ Lao động – Thương binh và Xã hội", rows[2][0]);
        Assert.Equal($"Trích yếu: {IncomingScenario.ReportSubject}", rows[3][0]);
        Assert.Equal($"Số đến: {s.Report.Number}, ngày đến: {Day(0)}", rows[4][0]);
        Assert.Equal(
        [
            ("1. Ý kiến của lãnh đạo cơ quan, tổ chức", ""),
            ("Ý kiến chỉ đạo", IncomingScenario.Direction),
            ("Giao đơn vị, cá nhân chủ trì", $"Văn phòng (hạn {Day(5)})"),
            ("Giao đơn vị, cá nhân phối hợp", $"Ban Chính sách – Pháp luật (hạn {Day(5)})"),
            ("Để biết", "Trần Thị Bích"),
            ("Người cho ý kiến", "Phan Song Toàn"),
            ("Ngày cho ý kiến", Day(0)),
            ("2. Ý kiến của lãnh đạo đơn vị", ""),
            ("Lãnh đạo đơn vị", "Lê Văn Bình – Văn phòng (chủ trì)"),
            ("Giao cho cá nhân", "Nguyễn Văn An"),
            ("Thời hạn giải quyết", Day(3)),
            ("Ngày cho ý kiến", Day(0)),
            ("3. Ý kiến đề xuất của người giải quyết", ""),
            ("Ý kiến đề xuất", IncomingScenario.Opinion),
            ("Người đề xuất", "Nguyễn Văn An"),
            ("Ngày đề xuất", Day(0)),
            ("Kết quả giải quyết", IncomingScenario.Result),
            ("Người đề xuất", "Nguyễn Văn An"),
            ("Ngày đề xuất", Day(0)),
        ], SlipRows(rows));

        var pdf = await (await officer.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip")).Content.ReadAsByteArrayAsync(); // PDF by default
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Matches(@"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)", ExportReader.PdfInfo(pdf)); // a form: portrait
        var text = ExportReader.PdfText(pdf);
        Assert.Contains("LĐLĐ TỈNH NGHỆ AN PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN", text);
        Assert.Contains($"Trích yếu: {IncomingScenario.ReportSubject}", text);
        Assert.Contains($"Ý kiến chỉ đạo {IncomingScenario.Direction}", text);
        Assert.Contains($"Giao đơn vị, cá nhân phối hợp Ban Chính sách – Pháp luật (hạn {Day(5)})", text);
        Assert.Contains("2. Ý kiến của lãnh đạo đơn vị", text);
        Assert.Contains($"Ý kiến đề xuất {IncomingScenario.Opinion}", text);
        Assert.Contains("Trang 1/1", text);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "incoming.slip.exported" && a.TargetId == s.Report.Id && a.ActorUserName == "nvan.ldld")));
    }

    [Fact]
    public async Task Slip_OfADocumentNotYetDirected_PrintsTheFormEmpty_AndOnlyItsReadersGetIt()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var rows = SlipRows(ExportReader.XlsxRows(await (await clerk.GetAsync($"/api/v1/incoming/{s.Invitation.Id}/slip?format=xlsx")).Content.ReadAsByteArrayAsync()));
        Assert.Equal(
        [
            ("1. Ý kiến của lãnh đạo cơ quan, tổ chức", ""), ("Ý kiến chỉ đạo", ""), ("Giao đơn vị, cá nhân chủ trì", ""),
            ("Giao đơn vị, cá nhân phối hợp", ""), ("Ngày cho ý kiến", ""),
            ("2. Ý kiến của lãnh đạo đơn vị", ""), ("Giao cho cá nhân", ""), ("Thời hạn giải quyết", ""), ("Ngày cho ý kiến", ""),
            ("3. Ý kiến đề xuất của người giải quyết", ""), ("Ý kiến đề xuất", ""), ("Ngày đề xuất", ""),
        ], rows);

        using var coHandlingHead = await app.ClientAsAsync("cthanh.ldld"); // head of Ban CSPL, the co-handler
        (await coHandlingHead.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip")).EnsureSuccessStatusCode();
        using var colleague = await app.ClientAsAsync("ptngoc.ldld"); // officer of Ban CSPL: the work went to the department, not to her
        await (await colleague.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var otherClerk = await app.ClientAsAsync("lthoa.tld");
        await (await otherClerk.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip?format=xlsx")).ErrorAsync(HttpStatusCode.NotFound, "INCOMING_NOT_FOUND");
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var e = await (await clerk.GetAsync($"/api/v1/incoming/{s.Report.Id}/slip?format=html")).ErrorAsync(HttpStatusCode.BadRequest, "EXPORT_FORMAT_INVALID");
        Assert.Contains("không được hỗ trợ", e.Str("message"));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "incoming.slip.exported" && (a.ActorUserName == "ptngoc.ldld" || a.ActorUserName == "lthoa.tld"))));
    }
}

public sealed class IncomingSlipExportTestsSqlite(SqliteAppFixture f) : IncomingSlipExportTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingSlipExportTestsPostgres(PostgresAppFixture f) : IncomingSlipExportTests(f), IClassFixture<PostgresAppFixture>;
