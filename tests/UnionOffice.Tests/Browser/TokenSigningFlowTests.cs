using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using UnionOffice.Pdf.Signing;
using UnionOffice.SigningAgent;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Signing;
using static Microsoft.Playwright.Assertions;

namespace UnionOffice.Tests.Browser;

/// <summary>
/// The application, Chromium, and the signing agent on the head's computer with SoftHSM2 as the USB token: the agent
/// started first so that the installation's Signing:AgentUrl names it (the pages' CSP lets scripts reach it), then told
/// the site's origin once the site has its port.
/// </summary>
public sealed class TokenBrowserFixture : BrowserFixture
{
    public ConcurrentQueue<string?> PinAnswers { get; } = new();
    public ConcurrentQueue<PinQuestion> PinQuestions { get; } = new();
    private readonly AgentOptions _agentOptions = new() { Library = SoftHsm.Library, Port = 0 };
    private WebApplication? _agent;
    private string _agentUrl = "";

    /// <summary>The remote signing service of the installation (issue 16 §3), on loopback too.</summary>
    public SmartCaPeer Peer { get; private set; } = default!;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Signing:AgentUrl", _agentUrl), .. RemoteSettings.Of(Peer)];

    private sealed class Person(TokenBrowserFixture f) : IPinPrompt
    {
        public Task<string?> AskAsync(PinQuestion question, CancellationToken ct)
        {
            f.PinQuestions.Enqueue(question);
            return Task.FromResult(f.PinAnswers.TryDequeue(out var a) ? a : throw new InvalidOperationException("The test did not expect a PIN question here."));
        }
    }

    public override async Task InitializeAsync()
    {
        SoftHsm.Get();
        Peer = await SmartCaPeer.StartAsync(SoftHsm.HeadName, SoftHsm.OrganName);
        _agent = AgentServer.Build(_agentOptions, new Person(this));
        await _agent.StartAsync();
        _agentUrl = AgentServer.Address(_agent).ToString().TrimEnd('/');
        await base.InitializeAsync();
        _agentOptions.AllowedOrigins.Add(BaseUrl.TrimEnd('/'));
    }

    protected override async Task DisposeDatabaseAsync()
    {
        if (_agent is not null) await _agent.DisposeAsync();
        await base.DisposeDatabaseAsync();
        if (Peer is not null) await Peer.DisposeAsync();
    }
}

/// <summary>
/// Issue 16 §2 in the browser: the head finds the certificate on the USB token from the signing page and registers it,
/// then signs a document from its page — the PIN typed at the agent, never on the page; declining at the agent leaves
/// the document waiting with a Vietnamese message — and the issued PDF is valid for pdfsig and our verifier.
/// </summary>
public sealed class TokenSigningFlowTests(TokenBrowserFixture app) : IClassFixture<TokenBrowserFixture>
{
    [Fact]
    public async Task TheHead_RegistersTheTokensCertificate_AndSignsFromTheDocumentPage_ThroughTheAgent()
    {
        var hsm = SoftHsm.Get();
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new UnionOffice.Modules.Signing.TrustAnchor(hsm.Ca.Root.Subject, hsm.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var subject = $"V/v ký bằng USB token trên trang ({Guid.NewGuid().ToString("N")[..6]})";
        var id = await DeferredSigningTests.AwaitingSignatureAsync(app, subject);
        // An English-language browser: the dates must still read dd/MM/yyyy.
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        try
        {
            await app.SignInAsync(page, "pstoan.ldld");
            await page.GotoAsync($"{app.BaseUrl}/signing");
            var register = page.Locator("#token-register-form");
            await register.GetByRole(AriaRole.Button, new() { Name = "Tìm chứng thư trên USB token" }).ClickAsync();
            var mine = register.Locator("label", new() { HasTextString = SoftHsm.HeadName });
            await Expect(mine).ToContainTextAsync($"hiệu lực {hsm.Head.NotBefore:dd/MM/yyyy} – {hsm.Head.NotAfter:dd/MM/yyyy}");
            await Expect(mine).ToContainTextAsync($"thiết bị “{SoftHsm.HeadToken}”");
            await mine.Locator("input").CheckAsync();
            await app.ShotAsync(page, "16-token-certificates");
            await register.GetByRole(AriaRole.Button, new() { Name = "Dùng chứng thư này để ký" }).ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã đăng ký chứng thư số trên USB token");
            await Expect(page.Locator("#certificates")).ToContainTextAsync("Trên USB token của người ký");

            await page.GotoAsync($"{app.BaseUrl}/outgoing/{id}");
            var form = page.Locator("#token-sign-form");
            await Expect(form).ToContainTextAsync("mã PIN nhập ở cửa sổ của phần mềm");
            Assert.Equal(0, await page.Locator("input[type=password]").CountAsync());
            await app.ShotAsync(page, "17-token-sign");

            // The head declines at the agent: said on the page, the document still waits, nothing in the trail.
            var asked = app.PinQuestions.Count;
            app.PinAnswers.Enqueue(null);
            await form.GetByRole(AriaRole.Button, new() { Name = "Ký số bằng USB token" }).ClickAsync();
            await Expect(form.Locator("[data-status]")).ToHaveTextAsync("Người ký đã từ chối ký trên máy tính.");
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Ký số bằng USB token" })).ToBeEnabledAsync();
            await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Chờ lãnh đạo ký");

            app.PinAnswers.Enqueue(SoftHsm.Pin);
            await form.GetByRole(AriaRole.Button, new() { Name = "Ký số bằng USB token" }).ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã ký số văn bản.", new() { Timeout = 30_000 });
            await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã ký, chờ phát hành");
            await Expect(page.Locator("#trail")).ToContainTextAsync("USB token");
            Assert.All(app.PinQuestions.Skip(asked), q => Assert.Equal((app.BaseUrl.TrimEnd('/'), $"Công văn: {subject}", 1), (q.Origin, q.Description, q.Count)));
            Assert.Empty(violations);

            using var clerk = await app.ClientAsAsync("htthu.ldld");
            (await clerk.PostJsonAsync($"/api/v1/outgoing/{id}/issue", new { pin = UnionOffice.Tests.Outgoing.OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
            var issued = await (await clerk.GetAsync($"/api/v1/outgoing/{id}/file")).Content.ReadAsByteArrayAsync();
            var pdfsig = await Pdfsig.RunAsync(issued, hsm.Ca.RootPem, await app.TestRootPemAsync());
            Assert.True(Pdfsig.Count(pdfsig, "Signature Validation: Signature is Valid.") == 2, pdfsig);
            Assert.Contains($"Signer Certificate Common Name: {SoftHsm.HeadName}", pdfsig);
            var report = PdfSignatureVerifier.Verify(issued, [hsm.Ca.RootPublic, X509Certificate2.CreateFromPem(await app.TestRootPemAsync())]);
            Assert.True(report.AllValid, report.Summary);
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }
    [Fact]
    public async Task TheHead_RegistersTheRemoteCertificate_AndSignsByConfirmingOnThePhone()
    {
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new UnionOffice.Modules.Signing.TrustAnchor(app.Peer.Ca.Root.Subject, app.Peer.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var subject = $"V/v ký số từ xa trên trang ({Guid.NewGuid().ToString("N")[..6]})";
        var id = await DeferredSigningTests.AwaitingSignatureAsync(app, subject);
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        try
        {
            await app.SignInAsync(page, "pstoan.ldld");
            await page.GotoAsync($"{app.BaseUrl}/signing");
            var register = page.Locator("#remote-form");
            await register.GetByLabel("Số CCCD (hoặc hộ chiếu, mã số thuế) đã đăng ký với dịch vụ").FillAsync(SmartCaPeer.UserId);
            await app.ShotAsync(page, "18-remote-register-phone");
            await register.GetByRole(AriaRole.Button, new() { Name = "Tìm và dùng chứng thư số này" }).ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã đăng ký chứng thư số ở dịch vụ SmartCA (thử nghiệm)");
            await Expect(page.Locator("#certificates")).ToContainTextAsync("Ở dịch vụ ký số từ xa");

            await page.GotoAsync($"{app.BaseUrl}/outgoing/{id}");
            var form = page.Locator("#remote-sign-form");
            await form.GetByRole(AriaRole.Button, new() { Name = "Ký số từ xa (xác nhận trên điện thoại)" }).ClickAsync();
            await Expect(form.Locator("[data-status]")).ToContainTextAsync("Mở ứng dụng SmartCA (thử nghiệm) trên điện thoại");
            await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Ký số từ xa (xác nhận trên điện thoại)" })).ToBeDisabledAsync();
            await app.ShotAsync(page, "19-remote-waiting-phone");
            // The person confirms on the phone; the page finds it signed on its next question.
            app.Peer.Confirm(app.Peer.Transactions.Single(t => t.Description == $"Công văn: {subject}").Id);
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Đã ký số văn bản.", new() { Timeout = 30_000 });
            await Expect(page.Locator("#doc-status")).ToHaveTextAsync("Đã ký, chờ phát hành");
            Assert.Empty(violations);
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }
    [Fact]
    public async Task TheHead_SignsSeveralDraftsInOneBatch_FromTheToSignList()
    {
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++) ids.Add(await DeferredSigningTests.AwaitingSignatureAsync(app, $"V/v ký lô trên trang số {i} ({Guid.NewGuid().ToString("N")[..6]})"));
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, "pstoan.ldld");
        await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-sign");
        var form = page.Locator("#batch-form");
        await Expect(page.Locator("input[form=batch-form][name=Ids]:checked")).ToHaveCountAsync(await page.Locator("#outgoing-list tbody tr").CountAsync());
        await form.GetByLabel("Mã PIN chứng thư số").FillAsync("000000");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ký các văn bản đã chọn" }).ClickAsync();
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("Mã PIN (mật khẩu) của chứng thư số không đúng.");
        await app.ShotAsync(page, "20-batch-sign");
        await page.Locator("#batch-form").GetByLabel("Mã PIN chứng thư số").FillAsync(UnionOffice.Tests.Outgoing.OutgoingFlowTests.Pin);
        await page.Locator("#batch-form").GetByRole(AriaRole.Button, new() { Name = "Ký các văn bản đã chọn" }).ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Đã ký số [0-9]+ văn bản."), new() { Timeout = 60_000 });
        using var head = await app.ClientAsAsync("pstoan.ldld");
        foreach (var id in ids)
            Assert.Equal("Signed", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(System.Net.HttpStatusCode.OK)).Str("status"));
    }
    [Fact]
    public async Task TheHead_SignsTheTickedDrafts_WithOnePinAtTheAgent_AndWithOneConfirmationOnThePhone()
    {
        var hsm = SoftHsm.Get();
        await app.WithDbAsync(async db =>
        {
            db.TrustAnchors.Add(new UnionOffice.Modules.Signing.TrustAnchor(hsm.Ca.Root.Subject, hsm.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            db.TrustAnchors.Add(new UnionOffice.Modules.Signing.TrustAnchor(app.Peer.Ca.Root.Subject, app.Peer.Ca.Root.RawData, isTest: false, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        using var head = await app.ClientAsAsync("pstoan.ldld");
        await using var context = await app.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var violations = BrowserFixture.PolicyViolations(page);
        await app.SignInAsync(page, "pstoan.ldld");
        try
        {
            // The USB token: one PIN at the agent for every ticked draft.
            (await head.PostJsonAsync("/api/v1/certificates/token", new { certificate = Convert.ToBase64String(hsm.Head.RawData) })).EnsureSuccessStatusCode();
            var ids = new List<string>();
            for (var i = 1; i <= 3; i++) ids.Add(await DeferredSigningTests.AwaitingSignatureAsync(app, $"V/v ký lô bằng USB token trên trang số {i} ({Guid.NewGuid().ToString("N")[..6]})"));
            var asked = app.PinQuestions.Count;
            app.PinAnswers.Enqueue(SoftHsm.Pin);
            await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-sign");
            await page.GetByRole(AriaRole.Button, new() { Name = "Ký các văn bản đã chọn bằng USB token" }).ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Đã ký số [0-9]+ văn bản."), new() { Timeout = 60_000 });
            Assert.Equal(asked + 1, app.PinQuestions.Count);
            foreach (var id in ids)
                Assert.Equal("Signed", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(System.Net.HttpStatusCode.OK)).Str("status"));

            // The remote service: one confirmation on the phone.
            (await head.PostJsonAsync("/api/v1/certificates/remote", new { userId = SmartCaPeer.UserId })).EnsureSuccessStatusCode();
            var remote = new List<string>();
            for (var i = 1; i <= 2; i++) remote.Add(await DeferredSigningTests.AwaitingSignatureAsync(app, $"V/v ký lô từ xa trên trang số {i} ({Guid.NewGuid().ToString("N")[..6]})"));
            await page.GotoAsync($"{app.BaseUrl}/outgoing?view=to-sign");
            var form = page.Locator("#batch-form");
            await form.GetByRole(AriaRole.Button, new() { Name = "Ký các văn bản đã chọn (xác nhận trên điện thoại)" }).ClickAsync();
            await Expect(form.Locator("[data-status]")).ToContainTextAsync("Đang chờ xác nhận");
            await app.ShotAsync(page, "21-batch-remote");
            app.Peer.Confirm(app.Peer.Transactions.Single(t => t.Description.StartsWith("Ký lô", StringComparison.Ordinal) && t.HexDigests.Count >= 2).Id);
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Đã ký số [0-9]+ văn bản."), new() { Timeout = 60_000 });
            foreach (var id in remote)
                Assert.Equal("Signed", (await (await head.GetAsync($"/api/v1/outgoing/{id}")).JsonAsync(System.Net.HttpStatusCode.OK)).Str("status"));
            Assert.Empty(violations);
        }
        finally
        {
            await DeferredSigningTests.DemoCertificateAgainAsync(app, "pstoan.ldld");
        }
    }
}
