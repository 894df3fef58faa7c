using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;
using UnionOffice.Tests.Outgoing;
using UnionOffice.Tests.Signing;

namespace UnionOffice.Tests.Exchange;

/// <summary>The receiving installation (the Confederation's) for the kill test, on loopback sockets.</summary>
public sealed class KillTestReceiver : SqliteAppFixture
{
    public const string Secret = "bi-mat-chung-cho-bai-kiem-tra-tat-tien-trinh";
    private static readonly X509Certificate2 Certificate = CreateCertificate();

    /// <summary>The relay's own certificate (HTTPS between installations only), pinned by the sender.</summary>
    public static readonly X509Certificate2 RelayCertificate = CreateCertificate();

    public KillTestReceiver()
    {
        Sockets = (0, 0, Certificate); // ports chosen by the system as the server binds them
        InstanceSettings =
        [
            new("Exchange:InstallationId", "tld"), new("Exchange:Served:0", "I02"),
            new("Exchange:Peers:0:Name", "nghean"), new("Exchange:Peers:0:Endpoint", "https://127.0.0.1:1/"), new("Exchange:Peers:0:Secret", Secret),
            new("Exchange:Peers:0:Organs:0", "I02.36"),
        ];
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var req = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>
/// Issue 5's fault: the sending installation is a real process, killed (SIGKILL) while its outbox is in the middle of a
/// delivery — the receiver has already stored the message, the sender never heard so. After a restart on the same
/// database, the message is sent again under the same id once its lease runs out, and the receiver keeps one copy.
/// </summary>
public sealed class ProcessKillTests(KillTestReceiver receiver) : IClassFixture<KillTestReceiver>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("uo-kill-").FullName;

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SenderKilledMidDelivery_AfterRestart_DeliversOnce_NotLostNotDuplicated()
    {
        var forwarded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holdResponses = true;
        // Installations talk over HTTPS only: the relay is reached, and reaches the receiver, that way.
        using var trusting = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var toReceiver = new HttpClient(trusting) { BaseAddress = receiver.HttpsAddress };
        // Between sender and receiver: passes each request on, and — while holding — keeps the answer from the sender.
        await using var relay = await LoopbackHttp.StartAsync(async context =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, context.Request.Path.Value!.TrimStart('/'));
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            foreach (var h in context.Request.Headers.Where(h => h.Key.StartsWith("X-UO-", StringComparison.OrdinalIgnoreCase)))
                request.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
            using var answer = await toReceiver.SendAsync(request);
            var text = await answer.Content.ReadAsStringAsync();
            if (holdResponses)
            {
                forwarded.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            context.Response.StatusCode = (int)answer.StatusCode;
            await context.Response.WriteAsync(text);
        }, KillTestReceiver.RelayCertificate);

        var sender = Start(relay.BaseUri);
        try
        {
            using var http = await UpAsync(sender);
            var id = await IssueAsync(http);
            // The outbox job picks it up, the receiver stores it — then the sender dies before it learns so.
            await forwarded.Task.WaitAsync(TimeSpan.FromMinutes(2));
            sender.Process.Kill(entireProcessTree: true);
            await sender.Process.WaitForExitAsync();
            Assert.Equal("Sending", await StateAsync(id));

            holdResponses = false;
            sender.Process.Dispose();
            sender = Start(relay.BaseUri);
            (await UpAsync(sender)).Dispose();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await StateAsync(id) != "Delivered")
            {
                Assert.False(sender.Process.HasExited, "the restarted sender stopped");
                Assert.True(DateTime.UtcNow < deadline, $"still {await StateAsync(id)} after two minutes");
                await Task.Delay(100);
            }
            Assert.Equal(2L, await ScalarAsync($"SELECT \"Attempts\" FROM \"ExchangeMessages\" WHERE \"OutgoingDocumentId\" = '{id.ToString().ToUpperInvariant()}'"));
            // One message stored by the receiver, one copy in the Confederation's queue.
            var key = (string)(await ScalarAsync($"SELECT \"DocumentKey\" FROM \"ExchangeMessages\" WHERE \"OutgoingDocumentId\" = '{id.ToString().ToUpperInvariant()}'"))!;
            Assert.Equal(1, await receiver.WithDbAsync(db => db.ReceivedDocuments.CountAsync(r => r.DocumentKey == key)));
            Assert.Equal(1, await receiver.WithDbAsync(db => db.ExchangeMessages.CountAsync(m => m.DocumentKey == key && m.Direction == Modules.Exchange.ExchangeDirection.Inbound)));
        }
        finally
        {
            if (!sender.Process.HasExited) sender.Process.Kill(entireProcessTree: true);
            await sender.Process.WaitForExitAsync();
            sender.Process.Dispose();
        }
    }

    /// <summary>The sender's process and the address it listens on, once it says so.</summary>
    private sealed record SenderProcess(Process Process, Task<Uri> Listening);

    /// <summary>Nghệ An's installation as its own process, on a database and directories that outlive it.</summary>
    /// <remarks>It listens on a port the system chooses as it binds (port 0) and logs which: a port chosen free before the
    /// start could be taken by another socket in between, before the first start or the restart.</remarks>
    private SenderProcess Start(Uri peer)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Cli.CommandTests.Executable());
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_dir, "nghean.db")}",
            ["Storage__Root"] = Path.Combine(_dir, "files"), ["Exchange__SpoolRoot"] = Path.Combine(_dir, "exchange"),
            ["DataProtection__KeysDirectory"] = Path.Combine(_dir, "keys"), ["Demo__SeedOnStart"] = "true", ["Demo__Password"] = AppFixture.DemoPassword,
            ["Signing__TrustTestCertificates"] = "true", ["Signing__CheckRevocation"] = "false", ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information", // "Now listening on: …"
            ["Security__RunLifecycleJob"] = "false", ["Incoming__RunReminderJob"] = "false", ["Search__RunExtractionJob"] = "false",
            ["Exchange__InstallationId"] = "nghean", ["Exchange__Served__0"] = "I02.36", ["Exchange__Served__1"] = "I02.36.*",
            ["Exchange__Peers__0__Name"] = "tld", ["Exchange__Peers__0__Endpoint"] = peer.ToString(), ["Exchange__Peers__0__Secret"] = KillTestReceiver.Secret,
            ["Exchange__Peers__0__Organs__0"] = "I02",
            ["Exchange__Peers__0__CertificateSha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(KillTestReceiver.RelayCertificate.RawData)), ["Exchange__PollInterval"] = "00:00:00.200", ["Exchange__Lease"] = "00:00:03",
            ["Security__LoginAttemptsPerIp"] = "100000",
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var p = Process.Start(psi)!;
        const string said = "Now listening on: ";
        p.OutputDataReceived += (_, e) =>
        {
            var at = e.Data?.IndexOf(said, StringComparison.Ordinal) ?? -1;
            if (at >= 0) listening.TrySetResult(new Uri(e.Data![(at + said.Length)..].Trim() + "/"));
        };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new SenderProcess(p, listening.Task);
    }

    /// <summary>
    /// Until the process has said where it listens and answers its health check there (real events), or it dies; a
    /// client of it.
    /// </summary>
    private static async Task<HttpClient> UpAsync(SenderProcess sender)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var p = sender.Process;
        await Task.WhenAny(sender.Listening, p.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(p.HasExited, "the sender process exited at start");
        var http = new HttpClient { BaseAddress = await sender.Listening };
        while (true)
        {
            Assert.False(p.HasExited, "the sender process exited at start");
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode) return http;
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, "the sender process did not start in two minutes");
            await Task.Delay(200);
        }
    }

    /// <summary>A document of Nghệ An to the Confederation, drafted, reviewed, signed and issued over the process's API.</summary>
    private static async Task<Guid> IssueAsync(HttpClient http)
    {
        async Task<HttpClient> As(string user)
        {
            var r = await http.PostAsJsonAsync("api/v1/auth/login", new { userName = user, password = AppFixture.DemoPassword });
            var token = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            var c = new HttpClient { BaseAddress = http.BaseAddress };
            c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return c;
        }
        using var officer = await As("nvan.ldld");
        var id = (await (await officer.PostJsonAsync("api/v1/outgoing", new
        {
            organizationCode = "I02.36", typeName = "Công văn", subject = "V/v văn bản gửi khi tiến trình bị tắt", urgency = "Normal", signerUserName = "pstoan.ldld",
            recipients = new[] { new { organizationCode = "I02" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        (await officer.UploadAsync($"api/v1/outgoing/{id}/versions", "cong-van.pdf", OutgoingFlowTests.DraftPdf("V/v văn bản gửi khi tiến trình bị tắt"))).EnsureSuccessStatusCode();
        (await officer.PostJsonAsync($"api/v1/outgoing/{id}/submit")).EnsureSuccessStatusCode();
        using var dh = await As("lvbinh.ldld");
        (await dh.PostJsonAsync($"api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var clerk = await As("htthu.ldld");
        (await clerk.PostJsonAsync($"api/v1/outgoing/{id}/approve")).EnsureSuccessStatusCode();
        using var head = await As("pstoan.ldld");
        (await head.PostJsonAsync($"api/v1/outgoing/{id}/sign", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        (await clerk.PostJsonAsync($"api/v1/outgoing/{id}/issue", new { pin = OutgoingFlowTests.Pin })).EnsureSuccessStatusCode();
        return Guid.Parse(id);
    }

    private async Task<string> StateAsync(Guid documentId)
    {
        var state = await ScalarAsync($"SELECT \"State\" FROM \"ExchangeMessages\" WHERE \"OutgoingDocumentId\" = '{documentId.ToString().ToUpperInvariant()}'");
        return state is null ? "none" : ((Modules.Exchange.ExchangeState)Convert.ToInt32(state, System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new SqliteConnection($"Data Source={Path.Combine(_dir, "nghean.db")};Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }
}
