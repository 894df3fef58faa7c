using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Incoming;

/// <summary>
/// The incoming registers of NĐ30 Phụ lục IV (VI: sổ đăng ký văn bản đến, VIII: sổ theo dõi giải quyết) exported as .xlsx
/// and PDF through the API, read back with the Open XML SDK and poppler's pdftotext.
/// </summary>
public abstract class IncomingRegisterExportTests(AppFixture app)
{
    public static readonly string[] RegisterTitles =
    [
        "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
        "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
    ];

    public static readonly string[] TrackingTitles =
    [
        "Số đến", "Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản", "Đơn vị hoặc người nhận",
        "Thời hạn giải quyết", "Tiến độ giải quyết", "Số, ký hiệu văn bản trả lời", "Ghi chú",
    ];

    private int Year => Formats.Today(app.Clock).Year;
    private string Day(int n) => Formats.Date(Formats.Today(app.Clock).AddDays(n));
    private string Iso(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");
    private string RegisterUrl(string format, string organ = "I02.36") => $"/api/v1/incoming/registers/{Year}/export?organizationCode={organ}&format={format}";
    private string TrackingUrl(string format) => $"/api/v1/incoming/registers/{Year}/tracking?organizationCode=I02.36&format={format}";

    [Fact]
    public async Task RegisterXlsx_HasTheTenColumnsOfPhuLucIV_AndTheDocumentsInArrivalOrder()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var response = await clerk.GetAsync(RegisterUrl("xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"Sổ đăng ký văn bản đến {Year} - I02.36.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var rows = ExportReader.XlsxRows(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("LĐLĐ TỈNH NGHỆ AN", rows[0][0]);
        Assert.Equal("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", rows[1][0]);
        Assert.Equal($"Năm {Year}", rows[2][0]);
        Assert.StartsWith("Từ số 1 ngày ", rows[3][0]);
        var header = rows.FindIndex(r => r.Length > 0 && r[0] == "Ngày đến");
        Assert.Equal(RegisterTitles, rows[header]);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"({i})"), rows[header + 1]);
        var data = rows.Skip(header + 2).ToList();
        var numbers = data.Select(r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);

        var mine = data.Where(r => s.Notations.Contains(r[3])).ToList();
        Assert.Equal([s.Report.Number, s.Plan.Number, s.Invitation.Number], mine.Select(r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(
            [Day(0), s.Report.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "Bộ Lao động – Thương binh và Xã hội", s.Report.Notation, Day(-1),
             $"Công văn – {IncomingScenario.ReportSubject}", "Văn phòng (chủ trì); Ban Chính sách – Pháp luật (phối hợp)", Day(0), "", "Khẩn; Bản chính gửi kèm phụ lục số liệu"],
            mine[0]);
        Assert.Equal($"Kế hoạch – {IncomingScenario.PlanSubject}", mine[1][5]);
        Assert.Equal("Nguyễn Văn An (chủ trì)", mine[1][6]);
        Assert.Equal("Tổng Liên đoàn Lao động Việt Nam", mine[1][2]);
        Assert.Equal(["", ""], new[] { mine[2][6], mine[2][7] }); // not directed yet: nobody received it

        // A range of arrival dates: the cover says so; an empty range says that too.
        var today = ExportReader.XlsxRows(await (await clerk.GetAsync(RegisterUrl("xlsx") + $"&from={Iso(0)}&to={Day(0)}")).Content.ReadAsByteArrayAsync());
        Assert.Equal($"Văn bản đến từ ngày {Day(0)} đến ngày {Day(0)}", today[3][0]);
        Assert.Equal(3, today.Count(r => r.Length > 3 && s.Notations.Contains(r[3])));
        var before = ExportReader.XlsxRows(await (await clerk.GetAsync(RegisterUrl("xlsx") + $"&to={Iso(-1)}")).Content.ReadAsByteArrayAsync());
        Assert.Equal("Chưa có văn bản đến nào được đăng ký.", before[4][0]);
        await (await clerk.GetAsync(RegisterUrl("xlsx") + $"&from={Iso(1)}&to={Iso(0)}")).ErrorAsync(HttpStatusCode.BadRequest, "REGISTER_RANGE_INVALID");
        await (await clerk.GetAsync(RegisterUrl("xlsx") + "&from=31-12")).ErrorAsync(HttpStatusCode.BadRequest, "EXPORT_DATE_INVALID");
    }

    [Fact]
    public async Task RegisterPdf_PrintsTheVietnameseColumnTitles_AndTheSubjects()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var response = await head.GetAsync(RegisterUrl("pdf"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"Sổ đăng ký văn bản đến {Year} - I02.36.pdf", response.Content.Headers.ContentDisposition!.FileNameStar);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = ExportReader.PdfText(pdf);
        Assert.Contains($"LĐLĐ TỈNH NGHỆ AN SỔ ĐĂNG KÝ VĂN BẢN ĐẾN Năm {Year}", text);
        Assert.Contains(ExportReader.Collapse(string.Join(' ', RegisterTitles)), text);
        Assert.Contains(IncomingScenario.PlanSubject, text);
        Assert.Contains(IncomingScenario.ReportSubject, text);
        Assert.Contains("Văn phòng (chủ trì); Ban Chính sách – Pháp luật (phối hợp)", text);
        Assert.Matches(@"Trang 1/\d+", text);
        _ = s;
    }

    [Fact]
    public async Task TrackingRegister_HasTheSevenColumns_DeadlinesAndProgress_InXlsxAndPdf()
    {
        var s = await IncomingScenario.RunAsync(app);
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var response = await clerk.GetAsync(TrackingUrl("xlsx"));
        Assert.Equal($"Sổ theo dõi giải quyết văn bản đến {Year} - I02.36.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var rows = ExportReader.XlsxRows(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", rows[1][0]);
        var header = rows.FindIndex(r => r.Length > 0 && r[0] == "Số đến");
        Assert.Equal(TrackingTitles, rows[header]);
        var byNumber = rows.Skip(header + 2).ToDictionary(r => r[0]);
        string N(IncomingScenario.Doc d) => d.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(
            [N(s.Report), $"Công văn số {s.Report.Notation} ngày {Day(-1)} của Bộ Lao động – Thương binh và Xã hội",
             "Văn phòng (chủ trì); Ban Chính sách – Pháp luật (phối hợp)", Day(5), $"Đã hoàn thành ngày {Day(0)}", "", "Khẩn; Bản chính gửi kèm phụ lục số liệu"],
            byNumber[N(s.Report)]);
        Assert.Equal(Day(10), byNumber[N(s.Plan)][3]);
        Assert.Equal("Đã giao xử lý", byNumber[N(s.Plan)][4]);
        Assert.Equal(["", "Đã đăng ký, chờ trình"], new[] { byNumber[N(s.Invitation)][3], byNumber[N(s.Invitation)][4] });

        var pdf = await (await clerk.GetAsync(TrackingUrl("pdf"))).Content.ReadAsByteArrayAsync();
        var text = ExportReader.PdfText(pdf);
        Assert.Contains("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", text);
        Assert.Contains(ExportReader.Collapse(string.Join(' ', TrackingTitles)), text);
        Assert.Contains($"Đã hoàn thành ngày {Day(0)}", text);
        Assert.Contains("của Tổng Liên đoàn Lao động Việt Nam", text);
    }

    [Fact]
    public async Task Registers_AreForTheOrgansClerksAndHeadsOnly_AndEachExportIsAudited()
    {
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.GetAsync(RegisterUrl("xlsx"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var departmentHead = await app.ClientAsAsync("lvbinh.ldld");
        await (await departmentHead.GetAsync(TrackingUrl("pdf"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var otherClerk = await app.ClientAsAsync("lthoa.tld");
        await (await otherClerk.GetAsync(RegisterUrl("pdf"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await otherClerk.GetAsync(TrackingUrl("xlsx"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var admin = await app.ClientAsAsync("vmquan.ldld"); // administers accounts, not documents
        await (await admin.GetAsync(RegisterUrl("xlsx"))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync(RegisterUrl("xlsx"))).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await otherClerk.GetAsync(RegisterUrl("xlsx", "I02"))).EnsureSuccessStatusCode(); // their own organ's
        await (await clerk.GetAsync(RegisterUrl("xlsx", "X99"))).ErrorAsync(HttpStatusCode.NotFound, "ORG_NOT_FOUND");
        var e = await (await clerk.GetAsync(RegisterUrl("docx"))).ErrorAsync(HttpStatusCode.BadRequest, "EXPORT_FORMAT_INVALID");
        Assert.Equal("Định dạng \"docx\" không được hỗ trợ: chọn xlsx (Excel) hoặc pdf.", e.Str("message"));
        await (await clerk.GetAsync($"/api/v1/incoming/registers/{Year + 1}/export?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.BadRequest, "REGISTER_YEAR_INVALID");

        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "incoming.register.exported" && a.ActorUserName == "htthu.ldld"));
        (await clerk.GetAsync($"/api/v1/incoming/registers/{Year}/export?organizationCode=I02.36")).EnsureSuccessStatusCode(); // xlsx by default
        (await clerk.GetAsync(TrackingUrl("pdf"))).EnsureSuccessStatusCode();
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("incoming.") && a.Action.EndsWith(".exported") && a.ActorUserName == "htthu.ldld").ToListAsync());
        Assert.Equal(before + 1, entries.Count(a => a.Action == "incoming.register.exported"));
        Assert.Contains(entries, a => a.Action == "incoming.register.exported" && a.TargetId == $"I02.36/{Year}" && a.Details!.Contains("\"format\":\"xlsx\"", StringComparison.Ordinal));
        Assert.Contains(entries, a => a.Action == "incoming.tracking.exported" && a.Details!.Contains("\"format\":\"pdf\"", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.EndsWith(".exported")).Select(a => a.ActorUserName).ToListAsync()), u => u is "nvan.ldld" or "lvbinh.ldld" or "vmquan.ldld");
    }
}

public sealed class IncomingRegisterExportTestsSqlite(SqliteAppFixture f) : IncomingRegisterExportTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingRegisterExportTestsPostgres(PostgresAppFixture f) : IncomingRegisterExportTests(f), IClassFixture<PostgresAppFixture>;
