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
}

public sealed class IncomingFilePageTestsSqlite(SqliteAppFixture f) : IncomingFilePageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingFilePageTestsPostgres(PostgresAppFixture f) : IncomingFilePageTests(f), IClassFixture<PostgresAppFixture>;
