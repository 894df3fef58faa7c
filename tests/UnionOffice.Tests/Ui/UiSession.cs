using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>A browser-like session over HTTP: cookies, antiforgery tokens read from the forms, no redirects followed.</summary>
public sealed class UiSession(AppFixture app) : IDisposable
{
    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<UiSession> LoginAsync(AppFixture app, string user, string? password = null)
    {
        var s = new UiSession(app);
        var r = await s.SubmitAsync("/account/login", "login", new() { ["Input.UserName"] = user, ["Input.Password"] = password ?? AppFixture.DemoPassword });
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"Login of {user} did not redirect: {(int)r.StatusCode}");
        return s;
    }

    /// <summary>Loads the page, takes the named form's hidden fields and posts it with the given values.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string path, string formName, Dictionary<string, string> values)
    {
        var html = await (await Client.GetAsync(path)).Content.ReadAsStringAsync();
        var doc = new HtmlParser().ParseDocument(html);
        var form = doc.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form {formName} on {path}");
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in values) fields[k] = v;
        return await Client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public void Dispose() => Client.Dispose();
}
