using System.Net;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Incoming;

/// <summary>The pages' download links for the registers and the slip, with the session cookie instead of a bearer token.</summary>
public abstract class IncomingExportPageTests(AppFixture app)
{
    private int Year => Formats.Today(app.Clock).Year;

    [Fact]
    public async Task Pages_OfferTheDownloads_ToThoseWhoMayTakeThem_WithTheSessionCookie()
    {
        var s = await IncomingScenario.RunAsync(app);
        var register = $"/incoming/registers/{Year}/export?organizationCode=I02.36&format=xlsx";
        using var clerk = await UiSession.LoginAsync(app, "htthu.ldld");
        var inbox = await (await clerk.Client.GetAsync("/incoming")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{register.Replace("&", "&amp;", StringComparison.Ordinal)}\"", inbox);
        Assert.Contains($"href=\"/incoming/registers/{Year}/tracking?organizationCode=I02.36&amp;format=pdf\"", inbox);
        var file = await clerk.Client.GetAsync(register);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var rows = ExportReader.XlsxRows(await file.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, r => r.Length > 3 && r[3] == s.Plan.Notation);
        var pdf = await clerk.Client.GetAsync($"/incoming/registers/{Year}/tracking?organizationCode=I02.36&format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bad = await clerk.Client.GetAsync($"/incoming/registers/{Year}/export?organizationCode=I02.36&format=doc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Định dạng &quot;doc&quot; không được hỗ trợ", await bad.Content.ReadAsStringAsync()); // encoded, never echoed raw

        using var officer = await UiSession.LoginAsync(app, "nvan.ldld");
        Assert.DoesNotContain("/incoming/registers/", await (await officer.Client.GetAsync("/incoming")).Content.ReadAsStringAsync());
        var refused = await officer.Client.GetAsync(register);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Bạn không có quyền thực hiện thao tác này.", await refused.Content.ReadAsStringAsync());

        var page = await (await officer.Client.GetAsync($"/incoming/{s.Report.Id}")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/incoming/{s.Report.Id}/slip?format=pdf\"", page);
        var slip = await officer.Client.GetAsync($"/incoming/{s.Report.Id}/slip?format=pdf");
        Assert.Equal(HttpStatusCode.OK, slip.StatusCode);
        Assert.Contains(IncomingScenario.Opinion, ExportReader.PdfText(await slip.Content.ReadAsByteArrayAsync()));

        using var stranger = await UiSession.LoginAsync(app, "lthoa.tld");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/incoming/{s.Report.Id}/slip")).StatusCode);
        using var anonymous = new UiSession(app);
        var login = await anonymous.Client.GetAsync($"/incoming/{s.Report.Id}/slip");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/login", login.Headers.Location!.PathAndQuery);
    }
}

public sealed class IncomingExportPageTestsSqlite(SqliteAppFixture f) : IncomingExportPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class IncomingExportPageTestsPostgres(PostgresAppFixture f) : IncomingExportPageTests(f), IClassFixture<PostgresAppFixture>;
