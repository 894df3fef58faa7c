using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Outgoing;

/// <summary>
/// Saved recipient lists (issue 22 §4): the organ's, used by everyone who drafts for it; saved again under the same name
/// they are replaced; only organs of the system (not the sender) are kept; another organ's people neither see nor change
/// them; an officer changes only the lists they saved, the office (clerk, head) any.
/// </summary>
public abstract class RecipientListTests(AppFixture app)
{
    private static readonly string[] Central = ["I02.38", "I02.40", "I02.42"];

    private async Task<HttpResponseMessage> SaveAsync(string user, string organ, string name, params string[] codes)
    {
        using var c = await app.ClientAsAsync(user);
        return await c.PostAsJsonAsync("/api/v1/outgoing/recipient-lists", new { organizationCode = organ, name, codes });
    }

    private async Task<List<System.Text.Json.JsonElement>> ListAsync(string user, string organ = "I02.36") =>
        (await (await (await app.ClientAsAsync(user)).GetAsync($"/api/v1/outgoing/recipient-lists?organizationCode={organ}")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    [Fact]
    public async Task AListSaved_IsTheOrgans_AndSavedAgainUnderItsName_IsReplaced()
    {
        var name = $"Các LĐLĐ miền Trung {Guid.NewGuid():N}"[..40];
        var saved = await (await SaveAsync("nvan.ldld", "I02.36", name, "i02.40", "I02.38", "I02.38")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["I02.38", "I02.40"], saved.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        var seen = Assert.Single(await ListAsync("dvduc.ldld"), l => l.Str("name") == name); // a colleague of another department uses it
        Assert.False(seen.GetProperty("mayChange").GetBoolean());
        Assert.True(Assert.Single(await ListAsync("htthu.ldld"), l => l.Str("name") == name).GetProperty("mayChange").GetBoolean()); // the office may

        await (await SaveAsync("nvan.ldld", "I02.36", name, Central)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(Central, Assert.Single(await ListAsync("nvan.ldld"), l => l.Str("name") == name).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray());
        await (await SaveAsync("dvduc.ldld", "I02.36", name, "I02.38")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN"); // not his
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "outgoing.recipients.saved" && a.ActorUserName == "nvan.ldld"));
        Assert.True(audit >= 2);
    }

    [Fact]
    public async Task WhatIsNotAnOrganOfTheSystem_OrNoName_IsRefusedInVietnamese()
    {
        var e = await (await SaveAsync("nvan.ldld", "I02.36", "Sai mã", "I02.38", "KHONG-CO")).ErrorAsync(HttpStatusCode.BadRequest, "RECIPIENT_LIST_UNKNOWN");
        Assert.Contains("KHONG-CO", e.Str("message"), StringComparison.Ordinal);
        await (await SaveAsync("nvan.ldld", "I02.36", "Gửi chính mình", "I02.36")).ErrorAsync(HttpStatusCode.BadRequest, "RECIPIENT_LIST_UNKNOWN");
        await (await SaveAsync("nvan.ldld", "I02.36", "  ", "I02.38")).ErrorAsync(HttpStatusCode.BadRequest, "RECIPIENT_LIST_INVALID");
        await (await SaveAsync("nvan.ldld", "I02.36", "Trống")).ErrorAsync(HttpStatusCode.BadRequest, "RECIPIENT_LIST_EMPTY");
        Assert.DoesNotContain(await ListAsync("nvan.ldld"), l => l.Str("name") is "Sai mã" or "Gửi chính mình" or "Trống");
    }

    [Fact]
    public async Task AnotherOrgansPeople_NeitherSeeNorChange_TheLists()
    {
        var name = $"Ban Chấp hành {Guid.NewGuid():N}"[..30];
        var id = (await (await SaveAsync("htthu.ldld", "I02.36", name, Central)).JsonAsync(HttpStatusCode.OK)).Str("id");
        using var other = await app.ClientAsAsync("ntlan.tld");
        await (await other.GetAsync("/api/v1/outgoing/recipient-lists?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await SaveAsync("ntlan.tld", "I02.36", name, "I02.38")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await other.DeleteAsync($"/api/v1/outgoing/recipient-lists/{id}")).ErrorAsync(HttpStatusCode.NotFound, "RECIPIENT_LIST_NOT_FOUND");
        using var admin = await app.ClientAsAsync("vmquan.ldld"); // the organ's administrator administers, drafts nothing
        await (await admin.GetAsync("/api/v1/outgoing/recipient-lists?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        await (await officer.DeleteAsync($"/api/v1/outgoing/recipient-lists/{id}")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN"); // the clerk's
        using var head = await app.ClientAsAsync("pstoan.ldld");
        Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"/api/v1/outgoing/recipient-lists/{id}")).StatusCode);
        Assert.DoesNotContain(await ListAsync("htthu.ldld"), l => l.Str("id") == id);
        using var anonymous = app.NewClient();
        await (await anonymous.GetAsync("/api/v1/outgoing/recipient-lists?organizationCode=I02.36")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }
}

public sealed class RecipientListTestsSqlite(SqliteAppFixture f) : RecipientListTests(f), IClassFixture<SqliteAppFixture>;
public sealed class RecipientListTestsPostgres(PostgresAppFixture f) : RecipientListTests(f), IClassFixture<PostgresAppFixture>;
