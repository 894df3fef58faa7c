using System.Net;
using System.Text.Json;
using UnionOffice.Common;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Reports;

/// <summary>
/// Periodic reports on both databases (issue 20 §4): Nghệ An's office sends a quarterly form (numbers, text, a formula,
/// a measured indicator) to three district federations below it; each fills it, and sends it up as an ordinary outgoing
/// report signed by its head with the certificate it holds and numbered by its clerk — it arrives at Nghệ An like any
/// document; one is late, reminded before the deadline and after it; Nghệ An sees who sent when, who was late, and the
/// totals, exported.
/// </summary>
public abstract class PeriodicReportTests(AppFixture app) : IDisposable
{
    private const string Clerk = "htthu.ldld", Password = "Huyen@Moi2026", Pin = "123456";
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow.AddDays(-2), "CA thử nghiệm của báo cáo định kỳ", TestKeyType.EcdsaP256);

    public void Dispose()
    {
        _ca.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record District(string Code, string Name, string Clerk, string Head);

    /// <summary>The people made for the test (their user names end like the demo's), who sign in with their own password.</summary>
    private readonly HashSet<string> _made = [];
    private readonly HashSet<string> _codes = [];

    private Task<HttpClient> As(string user) => _made.Contains(user) ? app.ClientAsAsync(user, Password, fresh: true) : app.ClientAsAsync(user);

    /// <summary>A district federation below Nghệ An: a head and a clerk, each with the certificate they sign with.</summary>
    private async Task<District> DistrictAsync(string name)
    {
        using var root = await app.ClientAsAsync("nqtri.tld");
        // Three districts in one test: three different codes (a random pick could repeat one).
        string code;
        do code = $"I02.36.{Random.Shared.Next(100, 999)}"; while (!_codes.Add(code));
        (await root.PostJsonAsync("/api/v1/organizations", new { code, name = $"{name} {code}", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        async Task<string> PersonAsync(string fullName, string role)
        {
            var u = await (await root.PostJsonAsync("/api/v1/users", new { fullName, organizationCode = code, roles = new[] { new { role, organizationCode = code } } }))
                .JsonAsync(HttpStatusCode.Created);
            using var first = await app.ClientAsAsync(u.Str("userName"), u.Str("oneTimePassword"));
            (await first.PostJsonAsync("/api/v1/me/password", new { currentPassword = u.Str("oneTimePassword"), newPassword = Password })).EnsureSuccessStatusCode();
            _made.Add(u.Str("userName"));
            return u.Str("userName");
        }
        var head = await PersonAsync($"Chủ tịch {name}", "Head");
        var clerk = await PersonAsync($"Văn thư {name}", "Clerk");
        await app.WithDbAsync(async db =>
        {
            var der = _ca.Root.RawData;
            if (!db.TrustAnchors.Any(a => a.Certificate == der)) db.TrustAnchors.Add(new TrustAnchor(_ca.Root.Subject, der, isTest: true, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        async Task ImportAsync(string user, IssuedCertificate cert, string? organ)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(cert.ExportPkcs12(Pin)), "file", "chung-thu.p12" }, { new StringContent(Pin), "password" } };
            if (organ is not null) form.Add(new StringContent(organ), "organizationCode");
            var r = await (await As(user)).PostAsync("/api/v1/certificates", form);
            Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        }
        using (var person = _ca.IssuePerson($"Chủ tịch {name}", name, keyType: TestKeyType.EcdsaP256)) await ImportAsync(head, person, null);
        using (var organCert = _ca.IssueOrgan($"{name} {code}")) await ImportAsync(clerk, organCert, code);
        return new District(code, $"{name} {code}", clerk, head);
    }

    /// <summary>The district's report: its numbers entered, sent up, and its document taken through review, the head's signature and the number.</summary>
    private async Task<string> ReportAsync(District d, string requestId, decimal members, decimal unions)
    {
        var clerk = await As(d.Clerk);
        Assert.Equal(HttpStatusCode.NoContent, (await clerk.PutJsonAsync($"/api/v1/periodic-reports/requests/{requestId}", new
        {
            values = new object[] { new { key = "c1", number = members }, new { key = "c2", number = unions }, new { key = "c5", text = $"Hoàn thành chỉ tiêu quý của {d.Name}." } },
        })).StatusCode);
        var doc = (await (await clerk.PostJsonAsync($"/api/v1/periodic-reports/requests/{requestId}/submit", new { })).JsonAsync(HttpStatusCode.Created)).Str("id");
        // Sent once: a second click, or a change of the numbers, is refused while its document is on its way.
        await (await clerk.PostJsonAsync($"/api/v1/periodic-reports/requests/{requestId}/submit", new { })).ErrorAsync(HttpStatusCode.Conflict, "REPORT_SUBMITTED");
        await (await clerk.PutJsonAsync($"/api/v1/periodic-reports/requests/{requestId}", new { values = new[] { new { key = "c1", number = 1m } } }))
            .ErrorAsync(HttpStatusCode.Conflict, "REPORT_SUBMITTED");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{doc}/submit")).EnsureSuccessStatusCode();
        for (var step = 0; step < 4; step++)
        {
            var status = (await (await clerk.GetAsync($"/api/v1/outgoing/{doc}")).JsonAsync(HttpStatusCode.OK)).Str("status");
            var r = status switch
            {
                "FormatReview" => await clerk.PostJsonAsync($"/api/v1/outgoing/{doc}/approve"),
                "AwaitingSignature" => await (await As(d.Head)).PostJsonAsync($"/api/v1/outgoing/{doc}/sign", new { pin = Pin }),
                "Signed" => await clerk.PostJsonAsync($"/api/v1/outgoing/{doc}/issue", new { pin = Pin }),
                _ => throw new InvalidOperationException($"Unexpected status {status}"),
            };
            Assert.True(r.IsSuccessStatusCode, $"{status}: {await r.Content.ReadAsStringAsync()}");
            if (status == "Signed") return doc;
        }
        throw new InvalidOperationException("The report did not reach its issue.");
    }

    [Fact]
    public async Task AQuarterlyForm_IsFilledBelow_SignedAndReceived_WithTheLateOneReminded_AndTotalled()
    {
        var a = await DistrictAsync("LĐLĐ huyện Nam Đàn");
        var b = await DistrictAsync("LĐLĐ huyện Đô Lương");
        var c = await DistrictAsync("LĐLĐ huyện Quỳnh Lưu");
        var today = Formats.Today(app.Clock);
        var quarter = (today.Month - 1) / 3 + 1;
        var deadline = today.AddDays(2);
        var fields = new object[]
        {
            new { section = "I. Phát triển đoàn viên", label = "Số đoàn viên kết nạp mới", kind = "Number" },
            new { section = "I. Phát triển đoàn viên", label = "Số công đoàn cơ sở thành lập mới", kind = "Number" },
            new { section = "I. Phát triển đoàn viên", label = "Tổng (c1 + c2)", kind = "Formula", formula = "c1 + c2" },
            new { section = "II. Chuyển đổi số", label = "Văn bản đến được xử lý trên phần mềm (%)", kind = "Indicator", indicatorCode = "incoming-in-system" },
            new { section = "III. Đánh giá", label = "Đánh giá chung", kind = "Text" },
        };
        object Form(object[] f, string[] to) => new
        {
            organizationCode = "I02.36", title = "Báo cáo kết quả công tác công đoàn", period = "Quarter", year = today.Year, number = quarter,
            deadline = deadline.ToString("yyyy-MM-dd"), fields = f, recipients = to,
        };
        var organs = new[] { a.Code, b.Code, c.Code };

        // The office's to define, for organs below it, with formulas over the fields before them.
        await (await (await app.ClientAsAsync("nvan.ldld")).PostJsonAsync("/api/v1/periodic-reports", Form(fields, organs))).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var office = await app.ClientAsAsync(Clerk);
        await (await office.PostJsonAsync("/api/v1/periodic-reports", Form(fields, ["I02"]))).ErrorAsync(HttpStatusCode.BadRequest, "REPORT_INVALID");
        var bad = (await (await office.PostJsonAsync("/api/v1/periodic-reports", Form([new { label = "Tổng", kind = "Formula", formula = "c9 + (1" }], organs)))
            .ErrorAsync(HttpStatusCode.BadRequest, "REPORT_INVALID")).Str("message");
        Assert.Contains("Công thức", bad);
        var id = (await (await office.PostJsonAsync("/api/v1/periodic-reports", Form(fields, organs))).JsonAsync(HttpStatusCode.Created)).Str("id");
        // Not sent yet: the districts see nothing of it.
        Assert.Empty((await (await (await As(a.Clerk)).GetAsync($"/api/v1/periodic-reports/requests?organizationCode={a.Code}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        // Sending and reading the form are its office's: not an officer's, not another organ's.
        await (await (await app.ClientAsAsync("nvan.ldld")).PostJsonAsync($"/api/v1/periodic-reports/{id}/send")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync($"/api/v1/periodic-reports/{id}")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        (await office.PostJsonAsync($"/api/v1/periodic-reports/{id}/send")).EnsureSuccessStatusCode();
        await (await office.PostJsonAsync($"/api/v1/periodic-reports/{id}/send")).ErrorAsync(HttpStatusCode.Conflict, "REPORT_ALREADY_SENT");

        async Task<string> RequestOfAsync(District d)
        {
            var list = (await (await (await As(d.Clerk)).GetAsync($"/api/v1/periodic-reports/requests?organizationCode={d.Code}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
            return Assert.Single(list).Str("id");
        }
        var (ra, rb, rc) = (await RequestOfAsync(a), await RequestOfAsync(b), await RequestOfAsync(c));
        var told = await (await As(a.Clerk)).GetAsync("/api/v1/notifications?take=50");
        Assert.Contains((await told.JsonAsync(HttpStatusCode.OK)).EnumerateArray(), n => n.Str("kind") == "report-requested" && n.Str("link") == $"/reports/requests/{ra}");

        // Each organ's report is its own office's: not another district's, not the province's to fill.
        await (await (await As(b.Clerk)).GetAsync($"/api/v1/periodic-reports/requests/{ra}")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await office.GetAsync($"/api/v1/periodic-reports/requests/{ra}")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await (await As(a.Clerk)).GetAsync($"/api/v1/periodic-reports/{id}")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await (await app.ClientAsAsync("lthoa.tld")).GetAsync("/api/v1/periodic-reports?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await (await As(b.Clerk)).PutJsonAsync($"/api/v1/periodic-reports/requests/{ra}", new { values = new[] { new { key = "c1", number = 1m } } }))
            .ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await office.PostJsonAsync($"/api/v1/periodic-reports/requests/{ra}/submit", new { })).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        await (await (await app.ClientAsAsync("lvbinh.ldld")).GetAsync($"/api/v1/periodic-reports/requests?organizationCode={a.Code}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await (await As(a.Clerk)).GetAsync($"/api/v1/periodic-reports/{id}/export?format=xlsx")).ErrorAsync(HttpStatusCode.NotFound, "REPORT_NOT_FOUND");
        // Measured and computed fields are not typed.
        await (await (await As(a.Clerk)).PutJsonAsync($"/api/v1/periodic-reports/requests/{ra}", new { values = new[] { new { key = "c3", number = 99m } } }))
            .ErrorAsync(HttpStatusCode.BadRequest, "REPORT_INVALID");

        // Two districts send theirs on time; the formula computed, the indicator measured.
        var docA = await ReportAsync(a, ra, 120, 3);
        var docB = await ReportAsync(b, rb, 80, 2);
        var filled = await (await (await As(a.Clerk)).GetAsync($"/api/v1/periodic-reports/requests/{ra}")).JsonAsync(HttpStatusCode.OK);
        var values = filled.GetProperty("values").EnumerateArray().ToDictionary(v => v.Str("key"));
        Assert.Equal(123m, values["c3"].GetProperty("number").GetDecimal());
        Assert.True(values["c4"].GetProperty("measured").GetBoolean());
        Assert.Equal("submitted", filled.Str("state"));
        // Received at Nghệ An like any document: in its clerk's queue of arrivals.
        var arrivals = (await (await office.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(arrivals, x => x.Str("senderCode") == a.Code && x.Str("subject").Contains("Báo cáo kết quả công tác công đoàn"));

        // The third is reminded before its deadline and after it, and sends late.
        await app.RunRemindersAsync();
        Assert.Contains(await NotificationsOfAsync(c), n => n.Str("kind") == "due-soon" && n.Str("link") == $"/reports/requests/{rc}");
        Assert.DoesNotContain(await NotificationsOfAsync(a), n => n.Str("link") == $"/reports/requests/{ra}" && n.Str("kind") is "due-soon" or "overdue");
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.RunRemindersAsync();
        Assert.Contains(await NotificationsOfAsync(c), n => n.Str("kind") == "overdue" && n.Str("link") == $"/reports/requests/{rc}");
        var waiting = await (await (await app.ClientAsAsync(Clerk, fresh: true)).GetAsync($"/api/v1/periodic-reports/{id}")).JsonAsync(HttpStatusCode.OK);
        var late = waiting.GetProperty("organs").EnumerateArray().Single(o => o.Str("organizationCode") == c.Code);
        Assert.Equal(("pending", true), (late.Str("state"), late.GetProperty("late").GetBoolean()));
        await ReportAsync(c, rc, 40, 1);

        // Nghệ An: who sent when (the late one marked), and the totals of what they sent.
        var result = await (await (await app.ClientAsAsync(Clerk, fresh: true)).GetAsync($"/api/v1/periodic-reports/{id}")).JsonAsync(HttpStatusCode.OK);
        var rows = result.GetProperty("organs").EnumerateArray().ToDictionary(o => o.Str("organizationCode"));
        Assert.All(rows.Values, o => Assert.Equal("submitted", o.Str("state")));
        Assert.Equal((false, false, true), (rows[a.Code].GetProperty("late").GetBoolean(), rows[b.Code].GetProperty("late").GetBoolean(), rows[c.Code].GetProperty("late").GetBoolean()));
        Assert.EndsWith("/BC-LĐLĐ", rows[a.Code].Str("documentCode"));
        var totals = result.GetProperty("totals").EnumerateArray().ToDictionary(t => t.Str("key"));
        Assert.Equal((240m, 6m, 246m, 3), (totals["c1"].GetProperty("total").GetDecimal(), totals["c2"].GetProperty("total").GetDecimal(),
            totals["c3"].GetProperty("total").GetDecimal(), totals["c1"].GetProperty("reported").GetInt32()));
        var list = (await (await (await app.ClientAsAsync(Clerk)).GetAsync("/api/v1/periodic-reports?organizationCode=I02.36")).JsonAsync(HttpStatusCode.OK)).EnumerateArray();
        var item = list.Single(f => f.Str("id") == id);
        Assert.Equal((3, 3, 1), (item.GetProperty("submitted").GetInt32(), item.GetProperty("organs").GetInt32(), item.GetProperty("late").GetInt32()));
        var xlsx = await (await app.ClientAsAsync(Clerk)).GetAsync($"/api/v1/periodic-reports/{id}/export?format=xlsx");
        var cells = string.Join(" ", ExportReader.XlsxRows(await xlsx.Content.ReadAsByteArrayAsync()).SelectMany(r => r));
        Assert.Contains("Tổng hợp", cells);
        Assert.Contains("246", cells);
        Assert.Contains("trễ hạn", cells);
        Assert.NotEqual(docA, docB);
    }

    private async Task<List<JsonElement>> NotificationsOfAsync(District d) =>
        (await (await (await As(d.Clerk)).GetAsync("/api/v1/notifications?take=200")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
}

public sealed class PeriodicReportTestsSqlite(SqliteAppFixture f) : PeriodicReportTests(f), IClassFixture<SqliteAppFixture>;
public sealed class PeriodicReportTestsPostgres(PostgresAppFixture f) : PeriodicReportTests(f), IClassFixture<PostgresAppFixture>;
