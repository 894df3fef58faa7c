using UnionOffice.Tests.Infrastructure;
using Microsoft.Playwright;
using System.Net.Http.Json;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// Small things people see all day (issue 22 §8): the app has its own icon in the browser's tab, and after moving from
/// one page to another the heading takes the focus (for screen readers) without a box drawn around it.
/// </summary>
public sealed class EverydayPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheTabShowsTheAppsIcon_AndTheFocusedHeadingHasNoBox()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        Assert.NotNull(icon);
        var response = await page.APIRequest.GetAsync(new Uri(new Uri(app.BaseUrl), icon).AbsoluteUri);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("image/svg+xml", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("<svg", await response.TextAsync(), StringComparison.Ordinal);

        // Another page through the menu, by the keyboard (the browser draws focus boxes after keys, not after clicks):
        // the new page's heading has the focus, and no outline.
        await page.Locator("nav a[href='/tasks']").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/tasks");
        var heading = page.Locator("main h1").First;
        await Assertions.Expect(heading).ToBeFocusedAsync();
        Assert.Equal("none", await heading.EvaluateAsync<string>("h => getComputedStyle(h).outlineStyle"));
    }

    /// <summary>
    /// Issue 22 §8: the system administrator — who has every item — sees the menu on one line on a 1366 px screen (the
    /// administration and the person's own pages are menus that open), and an address that does not exist shows the
    /// app's own page in Vietnamese with a 404, not the browser's error page; both at desk and phone size, axe-clean.
    /// </summary>
    [Fact]
    public async Task TheMenuFitsOneLineAt1366_ItsMenusOpen_AndAnUnknownAddressShowsTheAppsOwnPage()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "nqtri.tld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        var tops = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('nav.nav > a, nav.nav > details > summary')].map(e => Math.round(e.getBoundingClientRect().top))");
        Assert.True(tops.Length >= 12, $"{tops.Length} items");
        Assert.True(tops.Distinct().Count() == 1, $"the menu wraps: rows at {string.Join(", ", tops.Distinct())}");
        var admin = page.Locator("nav details", new() { HasText = "Quản trị" });
        await Assertions.Expect(admin.Locator("a[href='/admin/exchange']")).Not.ToBeVisibleAsync();
        await admin.Locator("summary").ClickAsync();
        await Assertions.Expect(admin.Locator("a[href='/admin/exchange']")).ToBeVisibleAsync();
        await app.ShotAsync(page, "menu-1366-admin-open");
        await admin.Locator("a[href='/admin/audit']").ClickAsync();
        await page.WaitForURLAsync("**/admin/audit");

        var missing = await page.GotoAsync($"{app.BaseUrl}/khong-co-trang-nay");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Không tìm thấy trang");
        Assert.Equal("Không tìm thấy – UnionOffice", await page.TitleAsync());
        await app.ShotAsync(page, "not-found-desk");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await app.ShotAsync(page, "not-found-phone");

        // Signed out, the same page.
        await using var anonymous = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var stranger = await anonymous.NewPageAsync();
        var response = await stranger.GotoAsync($"{app.BaseUrl}/khong-co-trang-nay");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(stranger.Locator("main h1")).ToHaveTextAsync("Không tìm thấy trang");
    }

    /// <summary>
    /// Issue 22 §3: a form being sent says so at once — the button reads "Đang xử lý…" and turns, the form is aria-busy, a
    /// status tells screen readers — and a second click sends nothing. The server's answer is held back by the test (the
    /// browser's request intercepted until released), so what the clerk sees while waiting is checked, not hoped for.
    /// </summary>
    [Fact]
    public async Task ASlowForm_SaysItIsBusy_AndADoubleClickRegistersOnce()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "htthu.ldld");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = 0;
        await page.RouteAsync("**/incoming/new", async route =>
        {
            if (route.Request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
                await release.Task;
            }
            await route.ContinueAsync();
        });
        // Reached as a clerk does, through the list's link (Blazor's enhanced navigation: the page is patched, not loaded,
        // which once registered the busy handler twice and cancelled every submission).
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        await page.Locator("a[href='/incoming/new']").First.ClickAsync();
        await page.WaitForURLAsync("**/incoming/new");
        var subject = $"V/v thử nút đang xử lý {Guid.NewGuid():N}"[..40];
        var form = page.Locator("#register-incoming");
        await form.GetByLabel("Cơ quan ban hành", new() { Exact = true }).FillAsync("Tổng Liên đoàn Lao động Việt Nam");
        await form.GetByLabel("Số", new() { Exact = true }).FillAsync($"{Random.Shared.Next(100, 99999)}");
        await form.GetByLabel("Ký hiệu", new() { Exact = true }).FillAsync("TLĐ");
        await form.GetByLabel("Ngày văn bản").FillAsync(DateTime.UtcNow.AddHours(7).ToString("dd/MM/yyyy"));
        await form.GetByLabel("Loại văn bản").FillAsync("Công văn");
        await form.GetByLabel("Trích yếu nội dung").FillAsync(subject);
        var button = form.Locator("button.primary[type=submit]");
        // The answer goes to a frame of the test's own (which the app's frame-ancestors policy leaves blank), so that the
        // page stays while the request is held back and what the clerk sees meanwhile can be read (a navigation of the
        // page itself would make every look at it wait). The registration is then counted in the database.
        await page.EvaluateAsync("""
            () => { const f = document.createElement('iframe'); f.name = 'answer'; f.title = 'Kết quả'; document.body.appendChild(f);
                    document.getElementById('register-incoming').target = 'answer'; }
            """);
        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveTextAsync("Đang xử lý…");
        await Assertions.Expect(button).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-busy"));
        await Assertions.Expect(form).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Đang xử lý, xin chờ…");
        await app.ShotAsync(page, "busy-registering");
        await button.ClickAsync(new() { Force = true }); // the impatient second click (the button says it is disabled: forced, as a hand does)
        await form.GetByLabel("Trích yếu nội dung").PressAsync("Enter");
        var answered = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/incoming/new", StringComparison.Ordinal));
        release.SetResult();
        Assert.True((await answered).Status is 200 or 302 or 303);
        Assert.Equal(1, posts);
        Assert.Equal(1, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.IncomingDocuments, d => d.Subject == subject)));
    }

    /// <summary>
    /// Issue 22 §6 and §8: the audit log on a phone is a page of short cards (it was 30,000 px tall: every field of fifty
    /// entries on its own line, JSON details in full), its details open on demand; at desk size the table scrolls
    /// sideways by the keyboard; axe-clean at both sizes.
    /// </summary>
    [Fact]
    public async Task TheAuditLog_IsShortOnAPhone_AndItsTableScrollsByTheKeyboard()
    {
        using (var admin = await app.ClientAsAsync("vmquan.ldld"))
        {
            var found = await (await admin.GetAsync("/api/v1/users?q=ttbich")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var id = found.GetProperty("items")[0].GetProperty("id").GetString();
            for (var i = 0; i < 16; i++)
            {
                (await admin.PostAsJsonAsync($"/api/v1/users/{id}/lock", new { reason = $"Tạm khóa lần {i + 1} theo đề nghị của Văn phòng vì nghỉ phép dài ngày" })).EnsureSuccessStatusCode();
                (await admin.PostAsync($"/api/v1/users/{id}/unlock", null)).EnsureSuccessStatusCode();
            }
        }
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "vmquan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/admin/audit");
        Assert.Equal(30, await page.Locator("table.audit-log tbody tr").CountAsync());
        var height = await page.EvaluateAsync<double>("() => document.documentElement.scrollHeight");
        Assert.True(height < 9000, $"the audit page is {height} px tall on a phone");
        Console.WriteLine($"The audit page on a phone: {height} px for 30 entries.");
        var details = page.Locator("table.audit-log tr:has(td.act span:text-is('Khóa tài khoản')) details").First;
        await Assertions.Expect(details.Locator("dl")).Not.ToBeVisibleAsync();
        await details.Locator("summary").ClickAsync();
        await Assertions.Expect(details.Locator("dl")).ToContainTextAsync("Lý do");
        await app.ShotAsync(page, "audit-phone");

        // A narrow desk window: the table is wider than its box, and the keyboard scrolls it (the region takes the focus).
        await page.SetViewportSizeAsync(760, 768);
        await page.ReloadAsync();
        var wrap = page.Locator(".table-wrap[role=region]");
        Assert.True(await wrap.EvaluateAsync<bool>("w => w.scrollWidth > w.clientWidth"), "the table fits: nothing to scroll");
        await wrap.FocusAsync();
        for (var i = 0; i < 5; i++) await page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await wrap.EvaluateAsync<double>("w => w.scrollLeft") > 0, "the arrow keys did not scroll the table");
        await app.ShotAsync(page, "audit-desk");
    }

    /// <summary>
    /// Issue 22 §4: the organisation page is a tree (it was a flat table of 95 rows) — the Confederation open, the
    /// provinces and sectors under it; typing a name without diacritics leaves the matching organs and the branch above
    /// them; axe-clean.
    /// </summary>
    [Fact]
    public async Task TheOrganisationPage_IsATree_NarrowedByTypingAName()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "nqtri.tld");
        await page.GotoAsync($"{app.BaseUrl}/admin/organizations");
        var tree = page.Locator("#org-tree");
        var top = tree.Locator(":scope > li");
        Assert.Equal(1, await top.CountAsync());
        await Assertions.Expect(top.Locator(":scope > .node a")).ToHaveTextAsync("Tổng Liên đoàn Lao động Việt Nam");
        var provinces = top.Locator(":scope > details > ul > li");
        Assert.True(await provinces.CountAsync() > 80, "the provinces and sectors are under the Confederation");
        await app.ShotAsync(page, "organisation-tree");

        await page.GetByLabel("Tìm trong cây (không cần gõ dấu)").FillAsync("nghe an");
        ILocator Named(string name) => tree.Locator("li > .node a:visible", new() { HasText = name });
        await Assertions.Expect(Named("Nghệ An").First).ToBeVisibleAsync();
        await Assertions.Expect(Named("Tổng Liên đoàn")).ToBeVisibleAsync(); // the branch above it
        await Assertions.Expect(Named("Đà Nẵng")).ToHaveCountAsync(0);
        await page.GetByLabel("Tìm trong cây (không cần gõ dấu)").FillAsync("");
        await Assertions.Expect(Named("Đà Nẵng").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// Issue 22 §4: the recipients of a draft come in groups ("Các LĐLĐ tỉnh, thành phố", "Các công đoàn ngành Trung
    /// ương"…), each chosen whole by one box — only the organs the filter shows — and the group's box says when some are.
    /// </summary>
    [Fact]
    public async Task Recipients_ComeInGroups_EachChosenWhole()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "nvan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing/new?organizationCode=I02.36");
        var provinces = page.Locator("fieldset.recipient-group", new() { Has = page.Locator("legend", new() { HasText = "Các LĐLĐ tỉnh, thành phố" }) });
        var boxes = provinces.Locator("input[name='Input.Recipients']");
        var count = await boxes.CountAsync();
        Assert.True(count > 50, $"{count} provinces");
        await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").CheckAsync();
        Assert.Equal(count, await provinces.Locator("input[name='Input.Recipients']:checked").CountAsync());
        Assert.Equal(count, await page.Locator("#recipient-list input[name='Input.Recipients']:checked").CountAsync()); // no other group's
        await boxes.First.UncheckAsync();
        Assert.True(await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").EvaluateAsync<bool>("b => b.indeterminate"));
        // A click on a mixed group completes it, the next clears it.
        await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").ClickAsync();
        Assert.Equal(count, await provinces.Locator("input[name='Input.Recipients']:checked").CountAsync());
        await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").ClickAsync();
        Assert.Equal(0, await provinces.Locator("input[name='Input.Recipients']:checked").CountAsync());

        // With the list narrowed, the group's box takes only what is shown.
        await page.GetByLabel("Lọc danh sách (không cần gõ dấu)").FillAsync("ha");
        var shown = await provinces.Locator("input[name='Input.Recipients']:visible").CountAsync();
        Assert.InRange(shown, 1, count - 1);
        await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").ClickAsync();
        Assert.Equal(shown, await provinces.Locator("input[name='Input.Recipients']:checked").CountAsync());
        Assert.True(await page.GetByLabel("Chọn cả nhóm Các LĐLĐ tỉnh, thành phố").EvaluateAsync<bool>("b => b.indeterminate")); // some, not all
        await app.ShotAsync(page, "recipient-groups");

        // Saved lists (§4): the organs ticked now saved under a name; cleared, then the list's one box ticks them again.
        await page.GetByLabel("Lọc danh sách (không cần gõ dấu)").FillAsync("");
        var ticked = page.Locator("#recipient-list input[name='Input.Recipients']:checked");
        while (await ticked.CountAsync() > 0) await ticked.First.UncheckAsync();
        foreach (var code in new[] { "I02.38", "I02.40" }) await page.Locator($"#recipient-list input[name='Input.Recipients'][value='{code}']").CheckAsync();
        await page.GetByLabel("Tên danh sách mới").FillAsync("Hai tỉnh miền Trung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu các nơi nhận đang chọn" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recipient-lists [data-list-status]")).ToContainTextAsync("Đã lưu danh sách \"Hai tỉnh miền Trung\" (2 nơi nhận)");
        foreach (var code in new[] { "I02.38", "I02.40" }) await page.Locator($"#recipient-list input[name='Input.Recipients'][value='{code}']").UncheckAsync();
        await page.GetByLabel("Hai tỉnh miền Trung (2)").CheckAsync();
        Assert.Equal(["I02.38", "I02.40"], (await page.Locator("#recipient-list input[name='Input.Recipients']:checked").EvaluateAllAsync<string[]>("bs => bs.map(b => b.value)")).Order().ToArray());
        await app.ShotAsync(page, "recipient-lists");
        // Another page load finds it saved (the organ's list, not the page's).
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#recipient-lists")).ToContainTextAsync("Hai tỉnh miền Trung (2)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xóa danh sách Hai tỉnh miền Trung" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recipient-lists [data-list-status]")).ToContainTextAsync("Đã xóa danh sách nơi nhận.");
        await Assertions.Expect(page.Locator("#recipient-lists")).Not.ToContainTextAsync("Hai tỉnh miền Trung (2)");
    }

    /// <summary>
    /// Issue 22 §12: the directory from the person's menu on a phone — one's organ with its leaders first, each person a
    /// card; another organ chosen by name typed without diacritics; a name found anywhere in the tree; axe-clean.
    /// </summary>
    [Fact]
    public async Task TheDirectory_OnAPhone_ShowsTheOrgansPeople_AndFindsANameAcrossTheTree()
    {
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "nvan.ldld");
        await page.Locator(".nav-burger").ClickAsync();
        var menu = page.Locator("nav details", new() { Has = page.Locator("a[href='/directory']") });
        await menu.Locator("summary").ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "Danh bạ" }).ClickAsync();
        await page.WaitForURLAsync("**/directory");
        await Assertions.Expect(page.Locator("#directory tr.group").First).ToHaveTextAsync("Lãnh đạo cơ quan");
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("Phan Song Toàn");
        await app.ShotAsync(page, "directory-phone");

        await page.GetByLabel("Tìm trong danh sách: Cơ quan, đơn vị").FillAsync("tong lien doan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("Trần Văn Hùng");
        await Assertions.Expect(page.Locator("#directory")).Not.ToContainTextAsync("Phan Song Toàn");

        await page.Locator("#directory-organ").SelectOptionAsync("");
        await page.GetByLabel("Tìm theo tên (không cần dấu)").FillAsync("nguyen thi phuong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("Nguyễn Thị Phương");
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("LĐLĐ tỉnh Nghệ An");
        await app.ShotAsync(page, "directory-search-phone");
    }

    /// <summary>
    /// Issue 22 §13: the clerk's commonest moves by the keyboard — n for a new registration, j/k through the list and
    /// Enter to open, g then o to the outgoing documents, ? for the list of keys (a dialog, axe-clean) — and nothing
    /// happens to keys typed into a field.
    /// </summary>
    [Fact]
    public async Task KeyboardShortcuts_TakeTheClerkThroughTheCommonestWork()
    {
        using (var api = await app.ClientAsAsync("htthu.ldld"))
            for (var i = 0; i < 2; i++)
                (await api.PostJsonAsync("/api/v1/incoming", new
                {
                    organizationCode = "I02.36", issuerName = "Sở Tài chính tỉnh Nghệ An", codeNumber = $"{Random.Shared.Next(1000, 99999)}", codeNotation = "STC-NS",
                    issuedDate = Common.Formats.Today(app.Clock).ToString("yyyy-MM-dd"), typeName = "Công văn", subject = $"Phím tắt {i}", urgency = "Normal",
                })).EnsureSuccessStatusCode();
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "htthu.ldld");
        await page.GotoAsync($"{app.BaseUrl}/incoming");
        await page.Locator("html[data-shortcuts=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Keyboard.PressAsync("j");
        var first = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        Assert.StartsWith("/incoming/", first, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("j");
        var second = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')");
        Assert.NotEqual(first, second);
        await page.Keyboard.PressAsync("k");
        Assert.Equal(first, await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**{first}");

        await page.GotoAsync($"{app.BaseUrl}/incoming");
        await page.Locator("html[data-shortcuts=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Keyboard.PressAsync("Shift+?");
        var help = page.GetByRole(AriaRole.Dialog, new() { Name = "Phím tắt" });
        await Assertions.Expect(help).ToBeVisibleAsync();
        await Assertions.Expect(help).ToContainTextAsync("Văn bản đi");
        await app.ShotAsync(page, "shortcuts-help");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(help).Not.ToBeVisibleAsync();

        await page.Keyboard.PressAsync("n");
        await page.WaitForURLAsync("**/incoming/new");
        // Keys typed into a field are letters, not shortcuts (the page loaded whole, so nothing moves the focus after).
        await page.GotoAsync($"{app.BaseUrl}/incoming/new");
        await page.Locator("html[data-shortcuts=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var issuer = page.GetByLabel("Cơ quan ban hành", new() { Exact = true });
        await issuer.ClickAsync();
        await Assertions.Expect(issuer).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("go");
        await Assertions.Expect(issuer).ToHaveValueAsync("go");
        Assert.EndsWith("/incoming/new", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await issuer.BlurAsync();
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("o");
        await page.WaitForURLAsync("**/outgoing");
    }
}
