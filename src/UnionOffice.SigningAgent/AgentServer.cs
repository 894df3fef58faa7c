using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using UnionOffice.Tokens;

namespace UnionOffice.SigningAgent;

/// <summary>Settings: the token's PKCS#11 library, the loopback port, and the UnionOffice sites allowed to ask.</summary>
public sealed class AgentOptions
{
    /// <summary>The token maker's PKCS#11 library (for example C:\Windows\System32\eToken.dll, /usr/lib/softhsm/libsofthsm2.so).</summary>
    public string Library { get; set; } = "";
    /// <summary>0 lets the system choose (tests).</summary>
    public int Port { get; set; } = 51888;
    /// <summary>Origins of the UnionOffice pages allowed to use the agent ("https://vanphong.congdoan.vn"): no other site can.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

public sealed record AgentCertificate(string Id, string TokenLabel, string Thumbprint, string Subject, string CommonName, string Issuer,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Certificate);

/// <param name="Digests">SHA-256 digests (base64), each signed as it is: a batch signs many with one PIN.</param>
public sealed record SignRequest(string? CertificateId, List<string>? Digests, string? Description);

public sealed record SignResponse(List<string> Signatures);

public sealed record AgentError(string Code, string Message);

/// <summary>
/// The agent's HTTP face, on 127.0.0.1 only (the way the Government CA's signing plugin is reached from its pages):
/// GET /v1/info, GET /v1/certificates, POST /v1/sign. Every request must come from an allowed origin — the browser sends
/// Origin and cannot forge it — and name this machine as host (no DNS rebinding); JSON bodies only, so a browser always
/// asks first (CORS preflight) and is answered only for an allowed origin. The PIN is asked here, never taken from the page.
/// </summary>
public static class AgentServer
{
    public const string Product = "UnionOffice Ký số";
    public const int MaxDigests = 100;

    public static WebApplication Build(AgentOptions options, IPinPrompt prompt)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = 64 * 1024;
            o.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var module = new Lazy<Pkcs11Module>(() => Pkcs11Module.Open(options.Library));
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        app.Use(async (ctx, next) =>
        {
            var origin = ctx.Request.Headers.Origin.ToString();
            var host = ctx.Request.Host;
            var local = ctx.Connection.LocalPort;
            if (host.Port != local || host.Host is not ("127.0.0.1" or "localhost" or "[::1]"))
            {
                await Refuse(ctx, 421, "HOST", "Phần mềm ký số chỉ trả lời địa chỉ của chính máy này.");
                return;
            }
            if (!options.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
            {
                await Refuse(ctx, 403, "ORIGIN", $"Trang “{(origin.Length == 0 ? "không rõ" : origin)}” không được phép dùng phần mềm ký số này.");
                return;
            }
            ctx.Response.Headers.AccessControlAllowOrigin = origin;
            ctx.Response.Headers.Vary = "Origin";
            if (HttpMethods.IsOptions(ctx.Request.Method))
            {
                ctx.Response.Headers.AccessControlAllowMethods = "GET, POST";
                ctx.Response.Headers.AccessControlAllowHeaders = "Content-Type";
                ctx.Response.Headers.AccessControlMaxAge = "600";
                // Chromium's Private Network Access: a public site asking a loopback service must be allowed by it.
                if (ctx.Request.Headers["Access-Control-Request-Private-Network"] == "true")
                    ctx.Response.Headers["Access-Control-Allow-Private-Network"] = "true";
                ctx.Response.StatusCode = 204;
                return;
            }
            if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            {
                await Refuse(ctx, 415, "CONTENT_TYPE", "Yêu cầu ký phải là JSON.");
                return;
            }
            try
            {
                await next(ctx);
            }
            catch (TokenException e)
            {
                var (status, code) = e.Problem switch
                {
                    TokenProblem.WrongPin => (422, "PIN_WRONG"),
                    TokenProblem.PinLocked => (423, "PIN_LOCKED"),
                    TokenProblem.TokenAbsent or TokenProblem.KeyNotFound => (404, "TOKEN_ABSENT"),
                    _ => (502, "DEVICE_ERROR"),
                };
                await Refuse(ctx, status, code, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
            {
                // Whatever the token's library or this computer did: said in the page's words, the details in the agent's window.
                Console.Error.WriteLine(e);
                await Refuse(ctx, 500, "AGENT_ERROR", $"Phần mềm ký số gặp lỗi: {e.Message}");
            }
        });

        app.MapGet("/v1/info", () => Results.Json(new { product = Product, version = typeof(AgentServer).Assembly.GetName().Version?.ToString() }, json));
        app.MapGet("/v1/certificates", () => Results.Json(module.Value.Certificates().Select(Describe).ToList(), json));
        app.MapPost("/v1/sign", async (HttpContext ctx, SignRequest r, CancellationToken ct) =>
        {
            var digests = new List<byte[]>();
            foreach (var d in r.Digests ?? [])
            {
                var bytes = TryBase64(d);
                if (bytes is not { Length: 32 }) return Error(400, "DIGEST", "Mỗi giá trị cần ký phải là SHA-256 (32 byte, base64).");
                digests.Add(bytes);
            }
            if (digests.Count is 0 or > MaxDigests) return Error(400, "DIGEST", $"Cần từ 1 đến {MaxDigests} giá trị cần ký.");
            var certificate = module.Value.Certificates().FirstOrDefault(c => c.Id == r.CertificateId);
            if (certificate is null) return Error(404, "TOKEN_ABSENT", "Không thấy chứng thư số này trên thiết bị: cắm đúng USB token rồi thử lại.");
            var description = (r.Description ?? "").Trim();
            if (description.Length > 500) description = description[..500];
            var pin = await prompt.AskAsync(new PinQuestion(ctx.Request.Headers.Origin.ToString(), certificate.TokenLabel,
                certificate.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), description, digests.Count), ct);
            if (pin is null) return Error(409, "DECLINED", "Người ký đã từ chối ký trên máy tính.");
            var signatures = await Task.Run(() => module.Value.Sign(certificate, pin, digests), ct);
            return Results.Json(new SignResponse(signatures.Select(Convert.ToBase64String).ToList()), json);
        });
        return app;

        IResult Error(int status, string code, string message) => Results.Json(new AgentError(code, message), json, statusCode: status);
    }

    /// <summary>Where the started agent listens (the port the system chose when the options said 0).</summary>
    public static Uri Address(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static AgentCertificate Describe(TokenCertificate c) => new(c.Id, c.TokenLabel, c.Certificate.Thumbprint, c.Certificate.Subject,
        c.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), c.Certificate.Issuer,
        c.Certificate.NotBefore.ToUniversalTime(), c.Certificate.NotAfter.ToUniversalTime(), Convert.ToBase64String(c.Certificate.RawData));

    private static byte[]? TryBase64(string? s)
    {
        try
        {
            return s is null ? null : Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Task Refuse(HttpContext ctx, int status, string code, string message)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new AgentError(code, message));
    }
}
