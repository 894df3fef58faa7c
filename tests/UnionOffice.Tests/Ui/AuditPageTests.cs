using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using UnionOffice.Modules.Audit;
using UnionOffice.Tests.Cli;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// Issue 22 §6: the audit log as an administrator reads it — what was done in Vietnamese, people and organs by name, the
/// object by its kind (and its page), details as labelled lines — never a code, a JSON text or "user &lt;uuid&gt;".
/// </summary>
public abstract partial class AuditPageTests(AppFixture app)
{
    [Fact]
    public async Task TheLog_SaysWhatWasDone_ByWhomAndWhere_InVietnamese_AndFiltersByKindPersonAndOrgan()
    {
        await app.LoginAsync("dvduc.ldld", "Sai@matkhau99");
        using (var clerk = await app.ClientAsAsync("htthu.ldld"))
            (await clerk.PostAsync("/api/v1/incoming/with-files", RegisterWithFilesTests.Form(RegisterWithFilesTests.Doc("I02.36", "Báo cáo tình hình công nhân lao động"), ("bao-cao.pdf", MinimalPdf)))).EnsureSuccessStatusCode();
        using (var admin = await app.ClientAsAsync("vmquan.ldld"))
        {
            var account = await (await admin.GetAsync("/api/v1/users?q=ptngoc")).JsonAsync(HttpStatusCode.OK);
            var id = account.GetProperty("items")[0].Str("id");
            (await admin.PostAsync($"/api/v1/users/{id}/lock", Json(new { reason = "Nghỉ phép dài ngày" }))).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/api/v1/users/{id}/unlock", Json(new { reason = "Đi làm lại" }))).EnsureSuccessStatusCode();
        }

        using var session = await UiSession.LoginAsync(app, "vmquan.ldld");
        var page = await Page(session, "/admin/audit");
        var rows = page.QuerySelectorAll("table.audit-log tbody tr").ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var act = row.QuerySelector("td.act")!.TextContent.Trim();
            Assert.DoesNotMatch(RawCode(), act);
            Assert.DoesNotContain("{", row.TextContent, StringComparison.Ordinal);
            Assert.DoesNotMatch(BareUuid(), row.QuerySelector("td[data-label='Đối tượng']")!.TextContent);
        }
        var locked = rows.First(r => r.QuerySelector("td.act")!.TextContent.Contains("Khóa tài khoản", StringComparison.Ordinal));
        Assert.Contains("Võ Minh Quân", locked.TextContent, StringComparison.Ordinal);
        Assert.Contains("Tài khoản: Phạm Thị Ngọc", locked.TextContent, StringComparison.Ordinal);
        Assert.Contains("LĐLĐ tỉnh Nghệ An", locked.QuerySelector("td[data-label='Cơ quan']")!.TextContent, StringComparison.Ordinal);
        var details = locked.QuerySelectorAll("dl.audit-details dt").Select(d => d.TextContent).ToList();
        Assert.Contains("Lý do", details);
        Assert.Contains("Nghỉ phép dài ngày", locked.QuerySelector("dl.audit-details")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/admin/accounts/", locked.QuerySelector("td[data-label='Đối tượng'] a")!.GetAttribute("href")![..16]);
        var failed = rows.First(r => r.ClassList.Contains("failed"));
        Assert.Contains("Đăng nhập không thành công", failed.TextContent, StringComparison.Ordinal);
        var registered = rows.First(r => r.QuerySelector("td.act")!.TextContent.Contains("Đăng ký văn bản đến", StringComparison.Ordinal));
        Assert.Contains("Hồ Thị Thu", registered.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("/incoming/", registered.QuerySelector("td[data-label='Đối tượng'] a")!.GetAttribute("href"), StringComparison.Ordinal);

        // Filters: a kind chosen from a list, a person by their name typed without diacritics, an organ by its name.
        var kinds = page.QuerySelectorAll("select[name=action] option").Select(o => o.TextContent).ToList();
        Assert.Contains("Văn bản đến", kinds);
        Assert.Contains("Tài khoản", kinds);
        var incoming = await Page(session, "/admin/audit?action=incoming.");
        Assert.All(incoming.QuerySelectorAll("td.act"), a => Assert.DoesNotContain("tài khoản", a.TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(incoming.QuerySelectorAll("td.act"));
        var byName = await Page(session, "/admin/audit?user=ho+thi+thu");
        Assert.NotEmpty(byName.QuerySelectorAll("table.audit-log tbody tr"));
        Assert.All(byName.QuerySelectorAll("table.audit-log tbody tr"), r => Assert.Contains("Hồ Thị Thu", r.TextContent, StringComparison.Ordinal));
        var organs = page.QuerySelectorAll("select[name=org] option").Select(o => o.TextContent).ToList();
        Assert.Contains("LĐLĐ tỉnh Nghệ An", organs);
        Assert.DoesNotContain("Tổng Liên đoàn Lao động Việt Nam", organs); // a province's administrator reads only its subtree
    }

    [Fact]
    public async Task TheApi_GivesTheReadingBesideTheCodes()
    {
        using var admin = await app.ClientAsAsync("nqtri.tld");
        var page = await (await admin.GetAsync("/api/v1/audit?action=auth.login.succeeded&pageSize=5")).JsonAsync(HttpStatusCode.OK);
        var entry = page.GetProperty("items")[0];
        Assert.Equal("auth.login.succeeded", entry.Str("action"));
        Assert.Equal("Đăng nhập", entry.Str("actionText"));
        Assert.False(string.IsNullOrEmpty(entry.Str("actorName")));
    }

    [Fact]
    public async Task AnOfficer_IsRefusedThePage_AndTheApi()
    {
        using var session = await UiSession.LoginAsync(app, "nvan.ldld");
        var refused = await session.Client.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("audit-log", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.GetAsync("/api/v1/audit")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> Page(UiSession session, string url)
    {
        var response = await session.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static readonly byte[] MinimalPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static StringContent Json(object o) => new(System.Text.Json.JsonSerializer.Serialize(o), System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex(@"^[a-z]+\.[a-z.-]+$")]
    private static partial Regex RawCode();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex BareUuid();
}

public sealed class AuditPageTestsSqlite(SqliteAppFixture f) : AuditPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AuditPageTestsPostgres(PostgresAppFixture f) : AuditPageTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>Every action the code records has a reading of its own; a step of a flow reads as its trail does.</summary>
public sealed partial class AuditTextTests
{
    [Fact]
    public void EveryRecordedActionCode_HasItsOwnVietnameseReading()
    {
        var src = Path.Combine(CommandTests.RepositoryRoot(), "src", "UnionOffice");
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match call in RecordCall().Matches(text))
                foreach (Match code in Code().Matches(call.Groups[1].Value)) codes.Add(code.Groups[1].Value);
            foreach (Match constant in CodeConstant().Matches(text))
                if (!constant.Groups[1].Value.EndsWith(".json", StringComparison.Ordinal) && !constant.Groups[1].Value.EndsWith(".enc", StringComparison.Ordinal)
                    && constant.Groups[1].Value != UnionOffice.Modules.Outgoing.OutgoingWorkflow.HeadSignaturePurpose)
                    codes.Add(constant.Groups[1].Value);
        }
        Assert.True(codes.Count > 120, $"only {codes.Count} codes found: the scan no longer finds the calls");
        var unread = codes.Where(c => !AuditText.IsKnown(c)).ToList();
        Assert.True(unread.Count == 0, $"Codes without a reading in AuditText.Actions: {string.Join(", ", unread)}");
    }

    [Theory]
    [InlineData("incoming.directed", "Văn bản đến: cho ý kiến chỉ đạo")]
    [InlineData("outgoing.content-approved", "Văn bản đi: đồng ý nội dung")]
    [InlineData("task.reported", "Nhiệm vụ: báo cáo hoàn thành")]
    [InlineData("dossier.filed", "Hồ sơ công việc: đưa văn bản vào hồ sơ")]
    [InlineData("incoming.something-new", "Văn bản đến: thao tác khác (incoming.something-new)")]
    [InlineData("zzz.unknown", "Thao tác khác (zzz.unknown)")]
    public void AStepOfAFlow_ReadsAsItsTrail(string code, string reading) => Assert.Equal(reading, AuditText.Action(code));

    [Fact]
    public void Details_AreLabelledLines_WithDatesAsPeopleWriteThem()
    {
        var lines = AuditText.Details("""{"reason":"Nghỉ","until":"2026-12-31T17:00:00+00:00","isTest":true,"from":"2026-01-02","organs":["I02.36","I02.01"]}""");
        Assert.Equal([("Lý do", "Nghỉ"), ("Đến", "01/01/2027 00:00"), ("Chứng thư thử nghiệm", "có"), ("Từ", "02/01/2026"), ("Cơ quan", "I02.36, I02.01")], lines);
        Assert.Equal([("Chi tiết", "văn bản tự do")], AuditText.Details("văn bản tự do"));
        Assert.Empty(AuditText.Details(null));
    }

    [GeneratedRegex(@"\b(?:audit|auditor|Audit)\w*\s*\.\s*Record\(\s*([^,;]*)")]
    private static partial Regex RecordCall();

    [GeneratedRegex("\"([a-z]+(?:\\.[a-z-]+)+)\"")]
    private static partial Regex Code();

    [GeneratedRegex("const string \\w+ = \"([a-z]+(?:\\.[a-z-]+)+)\"")]
    private static partial Regex CodeConstant();
}
