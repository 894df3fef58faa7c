using System.Net;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Dossiers;

/// <summary>What the dossier and archive tests do again and again, through the API.</summary>
internal static class DossierSteps
{
    public static string Day(AppFixture app, int n) => Formats.Today(app.Clock).AddDays(n).ToString("yyyy-MM-dd");

    public static async Task<HttpResponseMessage> PostAsync(AppFixture app, string user, string url, object? body = null) =>
        await (await app.ClientAsAsync(user)).PostJsonAsync(url, body ?? new { });

    /// <summary>A document of Nghệ An directed to <paramref name="to"/>, issued <paramref name="issuedDaysAgo"/> days ago.</summary>
    public static async Task<string> IncomingAsync(AppFixture app, string subject, string to, int issuedDaysAgo)
    {
        var id = (await (await PostAsync(app, "htthu.ldld", "/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "Tổng Liên đoàn Lao động Việt Nam", codeNumber = $"{Random.Shared.Next(100, 99999)}", codeNotation = "TLĐ-VP",
            issuedDate = Day(app, -issuedDaysAgo), typeName = "Công văn", subject,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await PostAsync(app, "pstoan.ldld", $"/api/v1/incoming/{id}/direct", new
        {
            direction = "Đề nghị nghiên cứu, tham mưu.", targets = new[] { new { kind = "Lead", userName = to } },
        })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A dossier of Nghệ An opened outside the catalogue by <paramref name="keeper"/> (retention in years, null for vĩnh viễn).</summary>
    public static async Task<string> OpenAsync(AppFixture app, string keeper, string notation, string title, int? retentionYears, int startDaysAgo) =>
        (await (await PostAsync(app, keeper, "/api/v1/dossiers", new
        {
            organizationCode = "I02.36", notation, title, retentionYears, permanent = retentionYears is null, startDate = Day(app, -startDaysAgo),
        })).JsonAsync(HttpStatusCode.Created)).Str("id");

    /// <summary>A dossier opened, given one incoming document issued <paramref name="documentDaysAgo"/> days ago, and closed.</summary>
    public static async Task<string> ClosedAsync(AppFixture app, string keeper, string notation, string title, int? retentionYears, int documentDaysAgo)
    {
        var id = await OpenAsync(app, keeper, notation, title, retentionYears, documentDaysAgo + 5);
        var doc = await IncomingAsync(app, $"Văn bản của hồ sơ {title}", keeper, documentDaysAgo);
        (await PostAsync(app, keeper, $"/api/v1/dossiers/{id}/items", new { kind = "Incoming", documentId = doc })).EnsureSuccessStatusCode();
        (await PostAsync(app, keeper, $"/api/v1/dossiers/{id}/close")).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>A dossier handed to the archive (the clerk, Nghệ An naming no archivist) under a record both signed with the demo PIN.</summary>
    public static async Task<string> ArchivedAsync(AppFixture app, string keeper, string notation, string title, string subject, int? retentionYears = null,
        int documentDaysAgo = 50, byte[]? file = null)
    {
        var id = await OpenAsync(app, keeper, notation, title, retentionYears, documentDaysAgo + 10);
        var doc = await IncomingAsync(app, subject, keeper, documentDaysAgo);
        if (file is not null)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "files", "anh-hoi-nghi.pdf" }, { new StringContent(Day(app, -documentDaysAgo)), "date" } };
            (await (await app.ClientAsAsync(keeper)).PostAsync($"/api/v1/dossiers/{id}/files", form)).EnsureSuccessStatusCode();
        }
        (await PostAsync(app, keeper, $"/api/v1/dossiers/{id}/items", new { kind = "Incoming", documentId = doc })).EnsureSuccessStatusCode();
        (await PostAsync(app, keeper, $"/api/v1/dossiers/{id}/close")).EnsureSuccessStatusCode();
        var transfer = (await (await PostAsync(app, keeper, "/api/v1/archive/transfers", new { dossierIds = new[] { id } })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var item = (await (await (await app.ClientAsAsync("htthu.ldld")).GetAsync($"/api/v1/archive/transfers/{transfer}")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("items")[0].Str("id");
        (await PostAsync(app, "htthu.ldld", $"/api/v1/archive/transfers/{transfer}/items/{item}/decide", new { accept = true })).EnsureSuccessStatusCode();
        (await PostAsync(app, "htthu.ldld", $"/api/v1/archive/transfers/{transfer}/record")).EnsureSuccessStatusCode();
        (await PostAsync(app, keeper, $"/api/v1/archive/transfers/{transfer}/sign", new { pin = "123456" })).EnsureSuccessStatusCode();
        (await PostAsync(app, "htthu.ldld", $"/api/v1/archive/transfers/{transfer}/sign", new { pin = "123456" })).EnsureSuccessStatusCode();
        return id;
    }
}
