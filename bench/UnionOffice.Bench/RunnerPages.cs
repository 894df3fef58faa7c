using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace UnionOffice.Bench;

public sealed partial class Runner
{
    /// <summary>
    /// Issue 22 §13: the work lists as people open them — the server-rendered pages, with the session cookie a browser
    /// has — on the 2-million-document data set of <c>generate</c>: the officer's, the head's and the clerk's lists of
    /// Nghệ An (36,385 documents), the Confederation's whole list (97,031), a document's page, the notifications.
    /// One client, sequential, after the JIT has settled. Target: p95 ≤ 100 ms server time per page.
    /// </summary>
    private async Task PagesAsync(HttpClient http)
    {
        Line("");
        Line("## The work lists as pages (issue 22 §13): server-rendered, with a browser's session");
        var officer = await PageSessionAsync(http, "nvan.ldld");
        var head = await PageSessionAsync(http, "pstoan.ldld");
        var clerk = await PageSessionAsync(http, "htthu.ldld");
        var top = await PageSessionAsync(http, "tvhung.tld");
        string document;
        await using (var c = new NpgsqlConnection(o.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT a."DocumentId" FROM "IncomingAssignments" a JOIN "AspNetUsers" u ON u."Id" = a."UserId"
                WHERE u."UserName" = 'nvan.ldld' AND a."Status" IN (0, 1) ORDER BY a."CreatedAt" DESC LIMIT 1
                """, c);
            document = ((Guid)(await cmd.ExecuteScalarAsync())!).ToString();
        }
        var cases = new (string Name, string Token, string Url)[]
        {
            ("nvan.ldld: /incoming?view=to-handle", officer, "/incoming?view=to-handle"),
            ("nvan.ldld: /incoming?view=done (page 1 of years)", officer, "/incoming?view=done"),
            ("pstoan.ldld: /incoming?view=to-direct", head, "/incoming?view=to-direct"),
            ("pstoan.ldld: /incoming?view=all (36,385)", head, "/incoming?view=all"),
            ("pstoan.ldld: /incoming?view=given", head, "/incoming?view=given"),
            ("htthu.ldld: /incoming (to present)", clerk, "/incoming"),
            ("htthu.ldld: /incoming?view=done", clerk, "/incoming?view=done"),
            ("tvhung.tld: /incoming?view=all (97,031)", top, "/incoming?view=all"),
            ("nvan.ldld: /incoming/{id} (a document being handled)", officer, $"/incoming/{document}"),
            ("nvan.ldld: /notifications", officer, "/notifications"),
        };
        foreach (var (_, token, url) in cases) await GetAsync(http, token, url);
        await MeasureGetsAsync(http, cases, warmUpMin: 50, targetMs: 100);
    }

    /// <summary>Signs in through the login page as a browser does; the answer is the session's cookie header ("cookie:" + it).</summary>
    private async Task<string> PageSessionAsync(HttpClient http, string userName)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseProxy = false };
        using var browser = new HttpClient(handler) { BaseAddress = http.BaseAddress };
        var form = await browser.GetStringAsync("/account/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var posted = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = o.Password,
        }));
        if (posted.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Page login of {userName}: {(int)posted.StatusCode}");
        return "cookie:" + cookies.GetCookieHeader(http.BaseAddress!);
    }
}
