using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>The unread badge in the menu and the notifications page.</summary>
public abstract class NotificationPageTests(AppFixture app)
{
    [Fact]
    public async Task Badge_CountsUnread_AndDisappears_WhenAllAreRead()
    {
        using (var clerk = await app.ClientAsAsync("htthu.ldld"))
        {
            var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", new
            {
                organizationCode = "I02.36", issuerName = "Bộ Y tế", codeNumber = "9", codeNotation = "BYT-KCB", issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"),
                typeName = "Công văn", subject = "V/v chăm sóc sức khỏe người lao động",
            })).JsonAsync(HttpStatusCode.Created)).Str("id");
            using var head = await app.ClientAsAsync("pstoan.ldld");
            (await head.PostJsonAsync($"/api/v1/incoming/{id}/direct", new { direction = "Bích chủ trì", targets = new object[] { new { kind = "Lead", userName = "ttbich.ldld" } } }))
                .EnsureSuccessStatusCode();
        }
        using var officer = await UiSession.LoginAsync(app, "ttbich.ldld");
        var page = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/notifications")).Content.ReadAsStringAsync());
        var badge = page.QuerySelector("#nav-notifications .badge");
        Assert.NotNull(badge);
        Assert.True(int.Parse(badge!.TextContent) >= 1);
        Assert.Contains(page.QuerySelectorAll("#notifications li.unread a"), a => a.TextContent.Contains("V/v chăm sóc sức khỏe người lao động"));
        Assert.Equal("Thông báo", page.QuerySelector("#nav-notifications span")!.TextContent);
        // An action says what it does: "Đã đọc" read like a state (issue 22 §8).
        Assert.All(page.QuerySelectorAll("#notifications li.unread button"), b => Assert.Equal("Đánh dấu đã đọc", b.TextContent.Trim()));
        Assert.NotEmpty(page.QuerySelectorAll("#notifications li.unread button"));

        var read = await officer.SubmitAsync("/notifications", "read-all", []);
        Assert.Contains("Đã đánh dấu tất cả đã đọc.", await read.Content.ReadAsStringAsync());
        var after = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/notifications")).Content.ReadAsStringAsync());
        Assert.Null(after.QuerySelector("#nav-notifications .badge"));
        Assert.Empty(after.QuerySelectorAll("#notifications li.unread"));
    }
}

public sealed class NotificationPageTestsSqlite(SqliteAppFixture f) : NotificationPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class NotificationPageTestsPostgres(PostgresAppFixture f) : NotificationPageTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>The file viewer page: the document's readers only; others are told it does not exist.</summary>
public abstract class FileViewPageTests(AppFixture app)
{
    [Fact]
    public async Task Viewer_IsForTheDocumentsReaders_AndHidesItFromOthers()
    {
        using var api = await app.ClientAsAsync("htthu.ldld");
        var id = (await (await api.PostJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Bộ Công Thương", codeNumber = "31", codeNotation = "BCT-TCCB", issuedDate = Formats.Today(app.Clock).ToString("yyyy-MM-dd"),
            typeName = "Công văn", subject = "V/v an toàn lao động",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var pdf = new UnionOffice.Pdf.PdfComposer();
        pdf.AddPage().Text(50, 80, "An toàn lao động", UnionOffice.Pdf.StandardFonts.Serif(), 12);
        var file = (await (await api.UploadAsync($"/api/v1/incoming/{id}/files", "an-toan.pdf", pdf.ToArray())).JsonAsync(HttpStatusCode.OK)).EnumerateArray().Single().Str("id");
        var path = $"/incoming/{id}/files/{file}/view";

        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var ok = await clerk.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var doc = new HtmlParser().ParseDocument(await ok.Content.ReadAsStringAsync());
        Assert.Equal($"/incoming/{id}/files/{file}", doc.QuerySelector("#pdf-viewer")!.GetAttribute("data-src"));
        Assert.Contains("?download=true", doc.QuerySelector(".file-actions a")!.GetAttribute("href"));

        foreach (var stranger in new[] { "nvan.ldld", "lthoa.tld" })
        {
            using var s = await UiSession.LoginAsync(app, stranger);
            var r = await s.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.DoesNotContain("an-toan.pdf", await r.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync($"/incoming/{id}/files/{file}?download=true")).StatusCode);
        }
        using var anonymous = new UiSession(app);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Client.GetAsync(path)).StatusCode);
    }
}

public sealed class FileViewPageTestsSqlite(SqliteAppFixture f) : FileViewPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class FileViewPageTestsPostgres(PostgresAppFixture f) : FileViewPageTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>
/// The outgoing register in the pages (issue 22 §5: before, only the API had it, answering 401 to a browser): the clerk
/// and the head find it on the outgoing list and download it with their session; an officer sees no link.
/// </summary>
public abstract class OutgoingRegisterPageTests(AppFixture app)
{
    [Fact]
    public async Task TheClerkFindsTheOutgoingRegister_OnTheList_AndDownloadsIt_AnOfficerSeesNoLink()
    {
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var page = new HtmlParser().ParseDocument(await (await clerk.Client.GetAsync("/outgoing")).Content.ReadAsStringAsync());
        var links = page.QuerySelectorAll("#outgoing-register-downloads a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        var xlsx = await clerk.Client.GetAsync(links.Single(l => l.EndsWith("format=xlsx", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 100 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "an .xlsx (a zip)");
        var pdf = await clerk.Client.GetAsync(links.Single(l => l.EndsWith("format=pdf", StringComparison.Ordinal)));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);

        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        var theirs = new HtmlParser().ParseDocument(await (await officer.Client.GetAsync("/outgoing")).Content.ReadAsStringAsync());
        Assert.Null(theirs.QuerySelector("#outgoing-register-downloads"));
    }
}

public sealed class OutgoingRegisterPageTestsSqlite(SqliteAppFixture f) : OutgoingRegisterPageTests(f), IClassFixture<SqliteAppFixture>;
