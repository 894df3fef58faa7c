using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Incoming;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Ui;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Bad input gets a clear Vietnamese refusal in the documented shape, never a 500 (review findings 4–6): control
/// characters anywhere, malformed JSON, values that are not what their field takes, a non-ASCII return address.
/// </summary>
public abstract class InputRefusalTests(AppFixture app)
{
    private static async Task<System.Text.Json.JsonElement> VietnameseAsync(HttpResponseMessage r, HttpStatusCode status, string code)
    {
        var e = await r.ErrorAsync(status, code);
        Assert.Matches("[ăâđêôơưáàạảãếềệểễíìịỉĩóòọỏõốồộổỗớờợởỡúùụủũứừựửữýỳỵỷỹ]", e.Str("message").ToLowerInvariant());
        return e;
    }

    [Fact]
    public async Task ANulInTheLoginName_IsRefused_WithoutAnAccount_OnTheApiAndThePage()
    {
        await VietnameseAsync(await app.LoginAsync("nguoi\u0000la"), HttpStatusCode.BadRequest, "TEXT_INVALID");
        await VietnameseAsync(await app.LoginAsync("pstoan.ldld\u0000"), HttpStatusCode.BadRequest, "TEXT_INVALID");
        using var page = new UiSession(app);
        var r = await page.SubmitAsync("/account/login", "login", new() { ["Input.UserName"] = "ai\u0000do", ["Input.Password"] = "x" });
        Assert.True(r.StatusCode == HttpStatusCode.BadRequest, await r.Content.ReadAsStringAsync());
        Assert.Contains("ký tự điều khiển", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ControlCharacters_InABody_AQuery_OrAnUploadsField_AreRefused_AndNothingIsStored()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var doc = RegisterWithFilesTests.Doc("I02.36", "Báo cáo\u0000có ký tự NUL", today: Common.Formats.Today(app.Clock));
        var e = await VietnameseAsync(await clerk.PostJsonAsync("/api/v1/incoming", doc), HttpStatusCode.BadRequest, "TEXT_INVALID");
        Assert.Contains("subject", e.Str("message"));
        Assert.False(await app.WithDbAsync(db => db.IncomingDocuments.AnyAsync(d => d.Subject.StartsWith("Báo cáo"))));
        await VietnameseAsync(await clerk.GetAsync("/api/v1/incoming/search?q=bao%00cao"), HttpStatusCode.BadRequest, "TEXT_INVALID");
        await VietnameseAsync(await clerk.GetAsync("/api/v1/incoming/search?q=bao%1Bcao"), HttpStatusCode.BadRequest, "TEXT_INVALID");
        // A text field of a multipart upload (the version's note) is checked where it is written.
        var id = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v ghi chú có ký tự điều khiển", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Outgoing.OutgoingFlowTests.DraftPdf("V/v ghi chú")), "file", "v2.pdf" },
            { new StringContent("Sửa\u0000lại"), "note" },
        };
        await VietnameseAsync(await officer.PostAsync($"/api/v1/outgoing/{id}/versions", form), HttpStatusCode.BadRequest, "TEXT_INVALID");
        Assert.Equal(1, (await (await officer.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(HttpStatusCode.OK)).GetProperty("currentVersion").GetInt32());
        // Tab and line breaks are text.
        var withBreaks = RegisterWithFilesTests.Doc("I02.36", "Dòng một\r\nDòng hai\tcột", today: Common.Formats.Today(app.Clock));
        (await clerk.PostJsonAsync("/api/v1/incoming", withBreaks)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task VietnameseTypedDecomposed_IsStoredComposed_AndFound()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var decomposed = "Về việc tổ chức Hội nghị người lao động".Normalize(NormalizationForm.FormD);
        Assert.NotEqual(decomposed, decomposed.Normalize(NormalizationForm.FormC));
        var id = (await (await clerk.PostJsonAsync("/api/v1/incoming", RegisterWithFilesTests.Doc("I02.36", decomposed, today: Common.Formats.Today(app.Clock))))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        var stored = await app.WithDbAsync(db => db.IncomingDocuments.Where(d => d.Id == Guid.Parse(id)).Select(d => d.Subject).SingleAsync());
        Assert.Equal("Về việc tổ chức Hội nghị người lao động", stored);
        Assert.True(stored.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public async Task MalformedJson_UndefinedEnums_ImpossibleDates_AndUnboundQueryValues_AreRefusedInVietnamese()
    {
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        var today = Common.Formats.Today(app.Clock).ToString("yyyy-MM-dd");
        await VietnameseAsync(await clerk.PostAsync("/api/v1/incoming", new StringContent("{\"organizationCode\": \"I02.36\", ", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "REQUEST_INVALID");
        var urgency = await VietnameseAsync(await clerk.PostAsJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "UBND tỉnh", codeNumber = "12", codeNotation = "UBND", issuedDate = today, typeName = "Công văn",
            subject = "Độ khẩn 99", urgency = 99,
        }), HttpStatusCode.BadRequest, "REQUEST_INVALID");
        Assert.Contains("urgency", urgency.Str("message"));
        await VietnameseAsync(await clerk.PostAsJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "UBND tỉnh", codeNumber = "12", codeNotation = "UBND", issuedDate = today, typeName = "Công văn",
            subject = "Độ khẩn không có", urgency = "RatKhan",
        }), HttpStatusCode.BadRequest, "REQUEST_INVALID");
        var date = await VietnameseAsync(await clerk.PostAsJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "UBND tỉnh", codeNumber = "12", codeNotation = "UBND", issuedDate = "0001-01-01", typeName = "Công văn",
            subject = "Ngày năm 1",
        }), HttpStatusCode.BadRequest, "REQUEST_INVALID");
        Assert.Contains("issuedDate", date.Str("message"));
        await VietnameseAsync(await clerk.PostAsJsonAsync("/api/v1/incoming", new
        {
            organizationCode = "I02.36", issuerName = "UBND tỉnh", codeNumber = "12", codeNotation = "UBND", issuedDate = "1930-05-01", typeName = "Công văn",
            subject = "Ngày trước khi lập nước",
        }), HttpStatusCode.BadRequest, "INCOMING_INVALID");
        Assert.False(await app.WithDbAsync(db => db.IncomingDocuments.AnyAsync(d => d.Subject.StartsWith("Ngày") || d.Subject.StartsWith("Độ khẩn"))));

        var from = await VietnameseAsync(await clerk.GetAsync("/api/v1/incoming/find?from=abc&q=cong"), HttpStatusCode.BadRequest, "FILTER_INVALID");
        Assert.Contains("from", from.Str("message"));
        var year = await VietnameseAsync(await clerk.GetAsync("/api/v1/incoming?organizationCode=I02.36&year=abc"), HttpStatusCode.BadRequest, "REQUEST_INVALID");
        Assert.Contains("year", year.Str("message"));
        Assert.Contains("view", (await VietnameseAsync(await clerk.GetAsync("/api/v1/incoming/inbox"), HttpStatusCode.BadRequest, "REQUEST_INVALID")).Str("message"));
        await VietnameseAsync(await clerk.PostAsync("/api/v1/incoming", new StringContent("organizationCode=I02.36", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        using var admin = await app.ClientAsAsync("nqtri.tld");
        await VietnameseAsync(await admin.GetAsync("/api/v1/exchange/messages?state=Khong"), HttpStatusCode.BadRequest, "FILTER_INVALID");
        await VietnameseAsync(await admin.GetAsync("/api/v1/users?status=Bogus"), HttpStatusCode.BadRequest, "FILTER_INVALID");
        // A page's file route with a value it cannot bind: a Vietnamese page, not a server error.
        using var page = await UiSession.LoginAsync(app, "htthu.ldld");
        var r = await page.Client.GetAsync($"/outgoing/{Guid.NewGuid()}/file?version=abc");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("không hợp lệ", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ANonAsciiReturnAddress_AfterTheRightPassword_SignsIn_AndGoesThereEncoded()
    {
        using var s = new UiSession(app);
        var r = await s.SubmitAsync("/account/login?returnUrl=%2Fth%C3%B4ng-b%C3%A1o%3Fxem%3Dt%E1%BA%A5t-c%E1%BA%A3", "login",
            new() { ["Input.UserName"] = "nvan.ldld", ["Input.Password"] = AppFixture.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/th%C3%B4ng-b%C3%A1o?xem=t%E1%BA%A5t-c%E1%BA%A3", r.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/account/profile")).StatusCode); // the session is there
        Assert.Equal("/", UnionOffice.Components.Pages.Account.Login.SafeReturnUrl("//ke-gian.example/"));
        Assert.Equal("/", UnionOffice.Components.Pages.Account.Login.SafeReturnUrl("/\\ke-gian.example/"));
        Assert.Equal("/", UnionOffice.Components.Pages.Account.Login.SafeReturnUrl("/a\r\nSet-Cookie: x=1"));
    }
}

public sealed class InputRefusalTestsSqlite(SqliteAppFixture f) : InputRefusalTests(f), IClassFixture<SqliteAppFixture>;
public sealed class InputRefusalTestsPostgres(PostgresAppFixture f) : InputRefusalTests(f), IClassFixture<PostgresAppFixture>;
