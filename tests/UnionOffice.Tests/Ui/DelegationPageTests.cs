using System.Net;
using AngleSharp.Html.Parser;
using UnionOffice.Common;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Ui;

/// <summary>
/// Issue 22 §2: the delegate is chosen from the people of one's organs by name and where they work (the form asked for a
/// user name) — not oneself, not an administrator, nobody of another organ — and the choice makes the delegation.
/// </summary>
public abstract class DelegationPageTests(AppFixture app)
{
    [Fact]
    public async Task TheDelegate_IsPickedByName_AmongThePeopleOfOnesOrgan()
    {
        using var head = await UiSession.LoginAsync(app, "pstoan.ldld");
        var page = new HtmlParser().ParseDocument(await (await head.Client.GetAsync("/delegations")).Content.ReadAsStringAsync());
        var options = page.QuerySelectorAll("#delegate-picker option").Where(o => o.GetAttribute("value") != "").ToList();
        var phuong = options.Single(o => o.GetAttribute("value") == "ntphuong.ldld");
        Assert.Equal("Nguyễn Thị Phương – Ban Chính sách – Pháp luật, LĐLĐ tỉnh Nghệ An", phuong.TextContent.Trim());
        var offered = options.Select(o => o.GetAttribute("value")).ToList();
        Assert.DoesNotContain("pstoan.ldld", offered); // not oneself
        Assert.DoesNotContain("vmquan.ldld", offered); // an administrator administers
        Assert.DoesNotContain("tvhung.tld", offered); // another organ's
        Assert.Contains("htthu.ldld", offered);
        Assert.Null(page.QuerySelector("input[name='Input.ToUserName']")); // no user name to type

        var today = Formats.Date(Formats.Today(app.Clock));
        var sent = await head.SubmitAsync("/delegations", "delegate", new()
        {
            ["Input.Grant"] = "I02.36|Head", ["Input.Kind"] = "Role", ["Input.ToUserName"] = "ntphuong.ldld",
            ["Input.StartDate"] = today, ["Input.EndDate"] = today, ["Input.Reason"] = "Đi công tác",
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode); // a 500 before: no document types chosen left the form's array null
        Assert.Contains("Đã ghi nhận đề nghị ủy quyền.", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await app.ClientAsAsync("ntphuong.ldld");
        var received = (await (await api.GetAsync("/api/v1/delegations")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Contains(received, d => d.Str("reason") == "Đi công tác");
    }
}

public sealed class DelegationPageTestsSqlite(SqliteAppFixture f) : DelegationPageTests(f), IClassFixture<SqliteAppFixture>;
public sealed class DelegationPageTestsPostgres(PostgresAppFixture f) : DelegationPageTests(f), IClassFixture<PostgresAppFixture>;
