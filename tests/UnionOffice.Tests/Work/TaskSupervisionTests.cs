using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Work;

/// <summary>
/// Supervision figures and the giao ban report in an organ of their own (a fresh organ, so that other tests' tasks do
/// not move the numbers): open, due soon, overdue, done on time and late, per department and person, the list behind a
/// number, and who may see them.
/// </summary>
public abstract class TaskSupervisionTests(AppFixture app)
{
    private string Day(int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    private async Task<string> GiveAsync(string title, object target, int? deadlineDays) =>
        (await (await (await app.ClientAsAsync("pstoan.ldld")).PostJsonAsync("/api/v1/tasks", new
        {
            organizationCode = "I02.36", title, deadline = deadlineDays is { } d ? Day(d) : null, targets = new[] { target },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");

    private static JsonElement Row(JsonElement figures, string name) =>
        figures.GetProperty("rows").EnumerateArray().Single(r => r.Str("name") == name);

    [Fact]
    public async Task Figures_CountEachDepartmentAndPerson_AndEachNumberListsItsTasks()
    {
        var head = await app.ClientAsAsync("pstoan.ldld");
        var from = Day(-1); // one period for both readings, whatever month the clock moves into
        var before = await (await head.GetAsync($"/api/v1/tasks/supervision?organizationCode=I02.36&from={from}")).JsonAsync(HttpStatusCode.OK);
        int Was(string name, string figure) => before.GetProperty("rows").EnumerateArray().Where(r => r.Str("name") == name).Select(r => r.GetProperty(figure).GetInt32()).FirstOrDefault();

        var overdue = await GiveAsync("Rà soát danh sách đoàn viên", new { kind = "Lead", departmentCode = "CSPL" }, 1);
        var soon = await GiveAsync("Chuẩn bị báo cáo tháng", new { kind = "Lead", userName = "dvduc.ldld" }, 4);
        var later = await GiveAsync("Xây dựng kế hoạch năm", new { kind = "Lead", userName = "dvduc.ldld" }, 30);
        var onTime = await GiveAsync("Gửi số liệu đoàn viên mới", new { kind = "Lead", userName = "ptngoc.ldld" }, 4);
        app.Clock.Advance(TimeSpan.FromDays(2)); // the first is now overdue, the next two due within three days
        head.Dispose();
        head = await app.ClientAsAsync("pstoan.ldld"); // signed in again: the token of two days ago has expired
        using var ngoc = await app.ClientAsAsync("ptngoc.ldld");
        (await ngoc.PostJsonAsync($"/api/v1/tasks/{onTime}/report-done", new { result = "Đã gửi." })).EnsureSuccessStatusCode();
        (await head.PostJsonAsync($"/api/v1/tasks/{onTime}/evaluate", new { accept = true })).EnsureSuccessStatusCode();

        var now = await (await head.GetAsync($"/api/v1/tasks/supervision?organizationCode=I02.36&from={from}")).JsonAsync(HttpStatusCode.OK);
        var cspl = Row(now, "Ban Chính sách – Pháp luật");
        Assert.Equal(Was("Ban Chính sách – Pháp luật", "open") + 3, cspl.GetProperty("open").GetInt32());
        Assert.Equal(Was("Ban Chính sách – Pháp luật", "overdue") + 1, cspl.GetProperty("overdue").GetInt32());
        Assert.Equal(Was("Ban Chính sách – Pháp luật", "dueSoon") + 1, cspl.GetProperty("dueSoon").GetInt32());
        Assert.Equal(Was("Ban Chính sách – Pháp luật", "doneOnTime") + 1, cspl.GetProperty("doneOnTime").GetInt32());
        var duc = Row(now, "Đặng Văn Đức");
        Assert.Equal("Ban Chính sách – Pháp luật", duc.Str("departmentName"));
        Assert.Equal(Was("Đặng Văn Đức", "open") + 2, duc.GetProperty("open").GetInt32());

        var list = (await (await head.GetAsync("/api/v1/tasks/supervision/list?organizationCode=I02.36&figure=overdue&rowDepartment=CSPL")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.Str("id")).ToList();
        Assert.Contains(overdue, list);
        Assert.DoesNotContain(soon, list);
        var dueSoon = (await (await head.GetAsync("/api/v1/tasks/supervision/list?organizationCode=I02.36&figure=due-soon&rowUser=dvduc.ldld")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(t => t.Str("id")).ToList();
        Assert.Contains(soon, dueSoon);
        Assert.DoesNotContain(later, dueSoon);

        // The department's head sees the department's people only; another department's head is refused.
        using var csplHead = await app.ClientAsAsync("cthanh.ldld");
        var mine = await (await csplHead.GetAsync("/api/v1/tasks/supervision?organizationCode=I02.36&departmentCode=CSPL")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(mine.GetProperty("rows").EnumerateArray(), r => r.Str("name") == "Văn phòng");
        await (await csplHead.GetAsync("/api/v1/tasks/supervision?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await csplHead.GetAsync("/api/v1/tasks/supervision?organizationCode=I02.36&departmentCode=VP")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        foreach (var user in new[] { "dvduc.ldld", "htthu.ldld", "tvhung.tld" })
            await (await (await app.ClientAsAsync(user)).GetAsync("/api/v1/tasks/supervision?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await head.GetAsync("/api/v1/tasks/supervision/list?organizationCode=I02.36&figure=lost")).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");

        // The month's giao ban report, as Excel and PDF.
        var month = Formats.Today(app.Clock).ToString("yyyy-MM");
        var xlsx = await head.GetAsync($"/api/v1/tasks/giao-ban?organizationCode=I02.36&month={month}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var text = string.Join("\n", ExportReader.XlsxRows(await xlsx.Content.ReadAsByteArrayAsync()).Select(r => string.Join("|", r)));
        Assert.Contains("BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ", text);
        Assert.Contains("Ban Chính sách – Pháp luật", text);
        var pdf = await head.GetAsync($"/api/v1/tasks/giao-ban?organizationCode=I02.36&month={month}&format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Ban Chính sách – Pháp luật", ExportReader.PdfText(await pdf.Content.ReadAsByteArrayAsync()));
        await (await head.GetAsync("/api/v1/tasks/giao-ban?organizationCode=I02.36&month=12-2026")).ErrorAsync(HttpStatusCode.BadRequest, "TASK_INVALID");
        await (await csplHead.GetAsync($"/api/v1/tasks/giao-ban?organizationCode=I02.36&month={month}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        head.Dispose();
    }
}

public sealed class TaskSupervisionTestsSqlite(SqliteAppFixture f) : TaskSupervisionTests(f), IClassFixture<SqliteAppFixture>;
public sealed class TaskSupervisionTestsPostgres(PostgresAppFixture f) : TaskSupervisionTests(f), IClassFixture<PostgresAppFixture>;
