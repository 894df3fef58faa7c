using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// Files from the pages (server-rendered forms, multipart): chosen with the registration form they are registered with
/// the document; on the document's page the clerk attaches more. Another organ's clerk cannot attach.
/// </summary>
public abstract class IncomingFilePageTests(AppFixture app)
{
    private static byte[] Pdf(string tag) => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n% {tag}\n%%EOF\n");

    /// <summary>Posts a form of the page (its hidden fields, the given fields and files) as multipart.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(UiSession ui, string path, string handler, Dictionary<string, string> fields,
        params (string Field, string Name, byte[] Bytes)[] files)
    {
        var html = await (await ui.Client.GetAsync(path)).Content.ReadAsStringAsync();
        var form = new HtmlParser().ParseDocument(html).QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{handler}']") is not null)
            ?? throw new InvalidOperationException($"No form \"{handler}\" on {path}.");
        using var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]"))
            content.Add(new StringContent(hidden.GetAttribute("value") ?? ""), hidden.GetAttribute("name")!);
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        foreach (var (field, name, bytes) in files) content.Add(new ByteArrayContent(bytes), field, name);
        return await ui.Client.PostAsync(form.GetAttribute("action") is { Length: > 0 } action ? action : path, content);
    }

    [Fact]
    public async Task FilesChosenWithTheRegistrationForm_AreRegisteredWithIt_AndMoreAreAttachedOnTheDocumentsPage()
    {
        var subject = $"Kế hoạch kiểm tra {Guid.NewGuid():N}";
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var registered = await PostFormAsync(clerk, "/incoming/new", "register", new()
        {
            ["Input.OrganizationCode"] = "I02.36", ["Input.IssuerName"] = "LĐLĐ huyện Nghi Lộc", ["Input.CodeNumber"] = "12", ["Input.CodeNotation"] = "KH-LĐLĐ",
            ["Input.IssuedDate"] = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), ["Input.TypeName"] = "Kế hoạch", ["Input.Subject"] = subject,
            ["Input.Urgency"] = "Normal", ["Input.ArrivalDate"] = Formats.Today(app.Clock).ToString("yyyy-MM-dd"),
        }, ("files", "ke-hoach.pdf", Pdf(subject)));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var page = registered.Headers.Location!.OriginalString;
        var id = page.Split('?')[0].Split('/').Last();
        using var api = await app.ClientAsAsync("htthu.ldld");
        async Task<List<string>> FilesAsync() =>
            (await (await api.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(f => f.Str("fileName")).Order().ToList();
        Assert.Equal(["ke-hoach.pdf"], await FilesAsync());

        var attached = await PostFormAsync(clerk, $"/incoming/{id}", "attach", [], ("files", "phu-luc.pdf", Pdf(subject + " phụ lục")));
        Assert.True(attached.IsSuccessStatusCode || attached.StatusCode == HttpStatusCode.Redirect, $"{attached.StatusCode}");
        Assert.Equal(["ke-hoach.pdf", "phu-luc.pdf"], await FilesAsync());

        // Another organ's clerk does not see the document's page, let alone its form.
        using var stranger = await UiSession.LoginAsync(app, "lthoa.tld");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/incoming/{id}")).StatusCode);
        Assert.Equal(["ke-hoach.pdf", "phu-luc.pdf"], await FilesAsync());
    }

    private Dictionary<string, string> Fields(string organ, string subject) => new()
    {
        ["Input.OrganizationCode"] = organ, ["Input.IssuerName"] = "Sở Nội vụ tỉnh Nghệ An", ["Input.CodeNumber"] = $"{Random.Shared.Next(100, 99999)}",
        ["Input.CodeNotation"] = "SNV-VP", ["Input.IssuedDate"] = Formats.Today(app.Clock).ToString("yyyy-MM-dd"), ["Input.TypeName"] = "Công văn",
        ["Input.Subject"] = subject, ["Input.Urgency"] = "Normal", ["Input.ArrivalDate"] = Formats.Today(app.Clock).ToString("yyyy-MM-dd"),
    };

    /// <summary>Reads a scan on the registration page ("Đọc từ bản quét") and gives back the ticket the form now carries for it.</summary>
    private static async Task<string> ReadScanAsync(UiSession clerk, string fileName, byte[] scan)
    {
        var read = await PostFormAsync(clerk, "/incoming/new", "recognize", [], ("scan", fileName, scan));
        var html = new HtmlParser().ParseDocument(await read.Content.ReadAsStringAsync());
        Assert.Contains(fileName, html.QuerySelector("#kept-scan")?.TextContent ?? "", StringComparison.Ordinal);
        return html.QuerySelector("input[name='Input.KeptScan']")!.GetAttribute("value")!;
    }

    /// <summary>
    /// Issue 22 §7: the scan read to fill the form is registered with the document without being chosen again, and
    /// "Đăng ký và trình" registers and presents to the chosen head in one step.
    /// </summary>
    [Fact]
    public async Task TheScanRead_IsRegisteredWithTheDocument_AndRegisterAndPresent_IsOneStep()
    {
        var subject = $"V/v tổ chức Tháng Công nhân {Guid.NewGuid():N}";
        var scan = Outgoing.OutgoingFlowTests.DraftPdf(subject);
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var ticket = await ReadScanAsync(clerk, "ban-quet.pdf", scan);
        var fields = Fields("I02.36", subject);
        fields["Input.KeptScan"] = ticket;
        fields["Input.AndPresent"] = "true";
        fields["Input.HeadUserName"] = "pstoan.ldld";
        var registered = await PostFormAsync(clerk, "/incoming/new", "register", fields);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var location = registered.Headers.Location!.OriginalString;
        Assert.Contains("presented=1", location, StringComparison.Ordinal);
        var id = location.Split('?')[0].Split('/').Last();
        using var api = await app.ClientAsAsync("htthu.ldld");
        var files = (await (await api.GetAsync($"/api/v1/incoming/{id}/files")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var file = Assert.Single(files);
        Assert.Equal("ban-quet.pdf", file.Str("fileName"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(scan)), file.Str("sha256"));
        var doc = await (await api.GetAsync($"/api/v1/incoming/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Presented", doc.Str("status"));
        Assert.Contains(await app.NotificationsAsync("pstoan.ldld"), n => n.Str("title").Contains(subject, StringComparison.Ordinal));

        // A head who is not one (a deputy is not presented to): the document is registered, and its page says it is not presented.
        fields = Fields("I02.36", subject + " lần hai");
        fields["Input.AndPresent"] = "true";
        fields["Input.HeadUserName"] = "ntphuong.ldld";
        var second = await PostFormAsync(clerk, "/incoming/new", "register", fields, ("files", "lan-hai.pdf", Pdf(subject + " lần hai")));
        Assert.Contains("presented=0", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var shown = await (await clerk.Client.GetAsync(second.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("chưa trình được lãnh đạo đã chọn", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScanTicket_IsHonouredOnlyForTheClerkItWasGivenTo_AndNothingIsRegisteredOtherwise()
    {
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var ticket = await ReadScanAsync(clerk, "cua-nghe-an.pdf", Outgoing.OutgoingFlowTests.DraftPdf($"Bản quét {Guid.NewGuid():N}"));
        using var other = await UiSession.LoginAsync(app, "lthoa.tld"); // the Confederation's clerk
        foreach (var t in new[] { ticket, "khong-phai-ve", ticket[..^4] + "AAAA" })
        {
            var subject = $"Không được đăng ký {Guid.NewGuid():N}";
            var fields = Fields("I02", subject);
            fields["Input.KeptScan"] = t;
            var answer = await PostFormAsync(other, "/incoming/new", "register", fields);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Bản quét đã đọc không còn dùng được", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var api = await app.ClientAsAsync("lthoa.tld");
            var found = await (await api.GetAsync("/api/v1/incoming?organizationCode=I02&pageSize=200")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(subject, found, StringComparison.Ordinal);
        }
    }
}

public sealed class IncomingFilePageTestsSqlite(SqliteAppFixture f) : IncomingFilePageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFilePageTestsPostgres(PostgresAppFixture f) : IncomingFilePageTests(f), IClassFixture<PostgresAppFixture>;
