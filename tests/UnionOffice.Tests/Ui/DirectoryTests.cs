using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// The directory (danh bạ, issue 22 §12): an organ's people, leaders first, then by department, with titles; found by a
/// name typed without diacritics anywhere in the tree; phone and e-mail shown as each person chose — by default to the
/// people of their organ only, to everyone, or to nobody.
/// </summary>
public abstract class DirectoryTests(AppFixture app)
{
    private async Task<List<JsonElement>> ListAsync(string reader, string query) =>
        (await (await (await app.ClientAsAsync(reader)).GetAsync($"/api/v1/directory?{query}")).JsonAsync(HttpStatusCode.OK)).GetProperty("people").EnumerateArray().ToList();

    private async Task SetContactsAsync(string userName, string fullName, string phone, string email, string visibility)
    {
        using var c = await app.ClientAsAsync(userName);
        (await c.PutAsync("/api/v1/me", JsonContent.Create(new { fullName, email, phoneNumber = phone, jobTitle = "Chuyên viên" }))).EnsureSuccessStatusCode();
        (await c.PutAsync("/api/v1/directory/me", JsonContent.Create(new { visibility }))).EnsureSuccessStatusCode();
    }

    private static JsonElement Person(List<JsonElement> people, string fullName) => people.Single(p => p.Str("fullName") == fullName);

    [Fact]
    public async Task AnOrgansPeople_LeadersFirst_ThenByDepartment_WithTitlesAndNames()
    {
        var people = await ListAsync("nvan.ldld", "organizationCode=I02.36");
        Assert.Equal("LĐLĐ tỉnh Nghệ An", (await (await (await app.ClientAsAsync("nvan.ldld")).GetAsync("/api/v1/directory")).JsonAsync(HttpStatusCode.OK)).Str("organizationName")); // one's own organ first
        Assert.Equal("Lãnh đạo cơ quan", people[0].Str("group"));
        Assert.Contains(people.TakeWhile(p => p.Str("group") == "Lãnh đạo cơ quan"), p => p.Str("fullName") == "Phan Song Toàn");
        var an = Person(people, "Nguyễn Văn An");
        Assert.Equal("Văn phòng", an.Str("group"));
        Assert.DoesNotContain(people, p => p.Str("fullName") == "Trần Văn Hùng"); // the Confederation's head is not of Nghệ An
        var groups = people.Select(p => p.Str("group")).ToList();
        foreach (var g in groups.Distinct())
        {
            var at = groups.Select((x, i) => (x, i)).Where(x => x.x == g).Select(x => x.i).ToList();
            Assert.True(at.Max() - at.Min() + 1 == at.Count, $"the people of {g} are not together");
        }
    }

    [Fact]
    public async Task ANameTypedWithoutDiacritics_IsFoundAcrossTheTree()
    {
        var found = await ListAsync("ntlan.tld", "q=" + Uri.EscapeDataString("phan song toan"));
        var toan = Assert.Single(found);
        Assert.Equal("Phan Song Toàn", toan.Str("fullName"));
        Assert.Equal("LĐLĐ tỉnh Nghệ An", toan.Str("organizationName"));
        Assert.Empty(await ListAsync("ntlan.tld", "q=khong+co+ai+ten+nay"));
        await (await (await app.ClientAsAsync("ntlan.tld")).GetAsync("/api/v1/directory?organizationCode=KHONG-CO")).ErrorAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        using var anonymous = app.NewClient();
        await (await anonymous.GetAsync("/api/v1/directory")).ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task PhoneAndEmail_AreShownAsEachPersonChose()
    {
        await SetContactsAsync("dvduc.ldld", "Đỗ Văn Đức", "0912 345 678", "dvduc@nghean.congdoan.vn", "Organ");
        // A colleague of the organ sees them; someone of another organ sees the name and title, and that they are not public.
        var colleague = Person(await ListAsync("nvan.ldld", "organizationCode=I02.36"), "Đỗ Văn Đức");
        Assert.Equal("0912 345 678", colleague.Str("phone"));
        Assert.Equal("dvduc@nghean.congdoan.vn", colleague.Str("email"));
        var stranger = Person(await ListAsync("ntlan.tld", "organizationCode=I02.36"), "Đỗ Văn Đức");
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("phone").ValueKind);
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("email").ValueKind);
        Assert.True(stranger.GetProperty("contactHidden").GetBoolean());
        Assert.Equal("Chuyên viên", stranger.Str("jobTitle"));

        await SetContactsAsync("dvduc.ldld", "Đỗ Văn Đức", "0912 345 678", "dvduc@nghean.congdoan.vn", "Everyone");
        Assert.Equal("0912 345 678", Person(await ListAsync("ntlan.tld", "q=do+van+duc"), "Đỗ Văn Đức").Str("phone"));

        await SetContactsAsync("dvduc.ldld", "Đỗ Văn Đức", "0912 345 678", "dvduc@nghean.congdoan.vn", "Nobody");
        var hidden = Person(await ListAsync("nvan.ldld", "organizationCode=I02.36"), "Đỗ Văn Đức");
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("phone").ValueKind);
        Assert.Equal("0912 345 678", Person(await ListAsync("dvduc.ldld", "organizationCode=I02.36"), "Đỗ Văn Đức").Str("phone")); // one's own, always

        // The page says the same, and the choice is made on the profile page.
        using var page = await UiSession.LoginAsync(app, "dvduc.ldld");
        var saved = await page.SubmitAsync("/account/profile", "directory", new() { ["visibility"] = "Organ" });
        Assert.Contains("Đã lưu lựa chọn hiển thị trong danh bạ.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var other = await UiSession.LoginAsync(app, "ntlan.tld");
        var html = new HtmlParser().ParseDocument(await (await other.Client.GetAsync("/directory?organ=I02.36")).Content.ReadAsStringAsync());
        var row = html.QuerySelectorAll("#directory tr").Single(r => r.TextContent.Contains("Đỗ Văn Đức", StringComparison.Ordinal));
        Assert.Contains("không công khai", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("0912", row.TextContent, StringComparison.Ordinal);
        using var mate = await UiSession.LoginAsync(app, "ptngoc.ldld");
        html = new HtmlParser().ParseDocument(await (await mate.Client.GetAsync("/directory")).Content.ReadAsStringAsync());
        row = html.QuerySelectorAll("#directory tr").Single(r => r.TextContent.Contains("Đỗ Văn Đức", StringComparison.Ordinal));
        Assert.Equal("tel:0912345678", row.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));
    }
}

public sealed class DirectoryTestsSqlite(SqliteAppFixture f) : DirectoryTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DirectoryTestsPostgres(PostgresAppFixture f) : DirectoryTests(f), IClassFixture<PostgresAppFixture>;
