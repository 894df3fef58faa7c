using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UnionOffice.Tests.Infrastructure;

// Uploads decompression bombs to the product, run as its own process (SQLite, demo organisation), and reports for each
// how the server answered and how far its resident memory rose above where it stood before the request (the peak,
// VmHWM, reset before each upload through /proc/<pid>/clear_refs). Linux only (/proc).
//   dotnet run -c Release --project bench/UnionOffice.Bombs.Bench [-- --app src/UnionOffice/bin/Release/net10.0/UnionOffice.dll] [--size-mb 400]
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var app = options.GetValueOrDefault("app") ?? FindApp();
var sizeMb = long.Parse(options.GetValueOrDefault("size-mb", "400"), CultureInfo.InvariantCulture);
const string Password = "Bench@Union2026!";
const long TargetMb = 100;

var dir = Directory.CreateTempSubdirectory("uo-bombs-bench-").FullName;
var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(app)!, RedirectStandardOutput = true, RedirectStandardError = true };
psi.ArgumentList.Add(app);
foreach (var (k, v) in new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
    ["Database__Provider"] = "Sqlite", ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(dir, "bombs.db")}",
    ["Storage__Root"] = Path.Combine(dir, "files"), ["Exchange__SpoolRoot"] = Path.Combine(dir, "exchange"), ["DataProtection__KeysDirectory"] = Path.Combine(dir, "keys"),
    ["Demo__SeedOnStart"] = "true", ["Demo__Password"] = Password, ["Signing__TrustTestCertificates"] = "true", ["Signing__CheckRevocation"] = "false",
    ["Security__RunLifecycleJob"] = "false", ["Incoming__RunReminderJob"] = "false", ["Statistics__RunWeeklySummaryJob"] = "false", ["Search__RunExtractionJob"] = "false", ["Exchange__RunOutboxJob"] = "false",
    ["Security__LoginAttemptsPerIp"] = "100000", ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
}) psi.Environment[k] = v;
using var server = Process.Start(psi)!;
var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
server.OutputDataReceived += (_, e) =>
{
    const string said = "Now listening on: ";
    var at = e.Data?.IndexOf(said, StringComparison.Ordinal) ?? -1;
    if (at >= 0) listening.TrySetResult(new Uri(e.Data![(at + said.Length)..].Trim() + "/"));
};
server.ErrorDataReceived += (_, _) => { };
server.BeginOutputReadLine();
server.BeginErrorReadLine();
try
{
    var baseUri = await listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
    using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
    while (!(await http.GetAsync("healthz")).IsSuccessStatusCode) await Task.Delay(200);
    async Task<HttpClient> As(string user)
    {
        var r = await http.PostAsJsonAsync("api/v1/auth/login", new { userName = user, password = Password });
        r.EnsureSuccessStatusCode();
        var c = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return c;
    }
    using var clerk = await As("htthu.ldld");
    using var officer = await As("nvan.ldld");
    using var admin = await As("vmquan.ldld");
    var today = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    object Doc(string subject) => new { organizationCode = "I02.36", issuerName = "UBND tỉnh Nghệ An", codeNumber = $"{Random.Shared.Next(10000, 99999)}", codeNotation = "UBND-VX", issuedDate = today, typeName = "Công văn", subject };
    var incoming = (await (await clerk.PostAsJsonAsync("api/v1/incoming", Doc("Văn bản nhận tệp thử"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    var draft = (await (await officer.PostAsJsonAsync("api/v1/outgoing", new
    {
        organizationCode = "I02.36", typeName = "Công văn", subject = "Dự thảo nhận tệp thử", signerUserName = "pstoan.ldld", recipients = new[] { new { organizationCode = "I02" } },
    })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

    static MultipartFormDataContent Upload(string field, string name, byte[] bytes) => new() { { new ByteArrayContent(bytes), field, name } };
    // Warm-up: the same requests with ordinary files, so the first measurement is not the JIT's.
    for (var i = 0; i < 3; i++)
    {
        await clerk.PostAsync($"api/v1/incoming/{incoming}/files", Upload("file", $"thu-{i}.docx", Bombs.Docx(200_000 + i)));
        await officer.PostAsync($"api/v1/outgoing/{draft}/versions", Upload("file", "thu.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")));
        await admin.PostAsync("api/v1/users/import?organizationCode=I02.36", Upload("file", "thu.xlsx", Bombs.Xlsx(0)));
    }

    Console.WriteLine($"Decompression bombs, {sizeMb} MB inflated each, against {app} (pid {server.Id})");
    Console.WriteLine($"{"case",-52} {"upload",8} {"answer",-28} {"peak rise",10} {"time",7}  verdict");
    var worst = 0.0;
    var refusedAll = true; // each one refused with a reason (4xx), neither taken nor a server error
    async Task CaseAsync(string name, HttpClient client, string url, Func<HttpContent> content, long uploadBytes)
    {
        GC.Collect();
        await Task.Delay(500);
        System.IO.File.WriteAllText($"/proc/{server.Id}/clear_refs", "5"); // peak resident size := current
        var before = Kb("VmRSS");
        var sw = Stopwatch.StartNew();
        using var r = await client.PostAsync(url, content());
        sw.Stop();
        var body = await r.Content.ReadAsStringAsync();
        var code = body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : "";
        var rise = (Kb("VmHWM") - before) / 1024.0;
        worst = Math.Max(worst, rise);
        refusedAll &= (int)r.StatusCode is >= 400 and < 500;
        Console.WriteLine($"{name,-52} {uploadBytes / 1024.0,6:0} KB {(int)r.StatusCode + " " + code,-28} {rise,7:0.0} MB {sw.Elapsed.TotalSeconds,5:0.0} s  {(rise < TargetMb && (int)r.StatusCode is >= 400 and < 500 ? "met" : "MISSED")}");
    }
    var honest = Bombs.Docx(sizeMb * Bombs.Mb);
    var lying = Bombs.Docx(sizeMb * Bombs.Mb, declare: 4096);
    var pdf = Bombs.Pdf(sizeMb * Bombs.Mb);
    var xlsx = Bombs.Xlsx(sizeMb * Bombs.Mb);
    var xlsxLying = Bombs.Xlsx(sizeMb * Bombs.Mb, declare: 2048);
    var png = Bombs.Png(60_000, 60_000);
    await CaseAsync("DOCX attached to an incoming document", clerk, $"api/v1/incoming/{incoming}/files", () => Upload("file", "bom.docx", honest), honest.Length);
    await CaseAsync("DOCX (headers say 4 KB) attached to an incoming doc", clerk, $"api/v1/incoming/{incoming}/files", () => Upload("file", "bom.docx", lying), lying.Length);
    await CaseAsync("DOCX registered with the incoming document", clerk, "api/v1/incoming/with-files", () =>
    {
        var form = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(Doc("Bom đăng ký cùng văn bản")), Encoding.UTF8, "application/json"), "document" } };
        form.Add(new ByteArrayContent(honest), "files", "bom.docx");
        return form;
    }, honest.Length);
    await CaseAsync("DOCX (headers say 4 KB) as a draft's version", officer, $"api/v1/outgoing/{draft}/versions", () => Upload("file", "bom.docx", lying), lying.Length);
    await CaseAsync("PDF whose xref stream inflates, as a draft's version", officer, $"api/v1/outgoing/{draft}/versions", () => Upload("file", "bom.pdf", pdf), pdf.Length);
    await CaseAsync("XLSX to the account import", admin, "api/v1/users/import?organizationCode=I02.36", () => Upload("file", "bom.xlsx", xlsx), xlsx.Length);
    await CaseAsync("XLSX (headers say 2 KB) to the account import", admin, "api/v1/users/import?organizationCode=I02.36", () => Upload("file", "bom.xlsx", xlsxLying), xlsxLying.Length);
    await CaseAsync("PNG of 60,000 × 60,000 pixels to read by OCR", clerk, "api/v1/incoming/recognize", () => Upload("file", "bom.png", png), png.Length);
    Console.WriteLine($"Largest rise: {worst:0.0} MB (target < {TargetMb} MB each): {(worst < TargetMb ? "met" : "MISSED")}; every bomb refused with a reason: {(refusedAll ? "yes" : "NO")}");
    return worst < TargetMb && refusedAll ? 0 : 1;
}
finally
{
    if (!server.HasExited) server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    Directory.Delete(dir, recursive: true);
}

long Kb(string field)
{
    foreach (var line in System.IO.File.ReadLines($"/proc/{server.Id}/status"))
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    throw new InvalidOperationException($"{field} not in /proc/{server.Id}/status");
}

static string FindApp()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "UnionOffice.slnx"))) dir = dir.Parent;
    var dll = Path.Combine(dir?.FullName ?? ".", "src", "UnionOffice", "bin", "Release", "net10.0", "UnionOffice.dll");
    return System.IO.File.Exists(dll) ? dll : throw new FileNotFoundException("Build the product in Release first (dotnet build -c Release), or pass --app.", dll);
}
