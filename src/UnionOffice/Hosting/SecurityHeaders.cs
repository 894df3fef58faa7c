namespace UnionOffice.Hosting;

/// <summary>
/// Headers on every response (review finding 8). The policy allows scripts, styles, fonts, workers and requests from
/// this site only — no inline script, no plugin, no other origin — and no page may be framed (the sign and issue
/// forms could be, under a page that tricks the click). Documents, files and exports are not kept by the browser or
/// a proxy (<c>no-store</c>) unless the response already said how it may be cached (the static assets, fingerprinted).
/// HSTS only when the request came over HTTPS (after a proxy, by X-Forwarded-Proto): a plain HTTP demo is not
/// locked out of its own address.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, Microsoft.Extensions.Options.IOptions<Modules.Signing.SigningOptions> signing)
{
    /// <summary>
    /// The policy; scripts may also reach the signing agent on the person's own computer (Signing:AgentUrl, a loopback
    /// origin only), which holds their USB token.
    /// </summary>
    public static string Policy(string? agentUrl)
    {
        var agent = Uri.TryCreate(agentUrl, UriKind.Absolute, out var u) && u.IsLoopback && u.Scheme is "http" or "https"
            ? " " + u.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'" + agent + "; " +
            "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    private readonly string _policy = Policy(signing.Value.AgentUrl);

    public Task InvokeAsync(HttpContext ctx)
    {
        ctx.Response.OnStarting(static state =>
        {
            var (c, policy) = ((HttpContext, string))state;
            var h = c.Response.Headers;
            h.ContentSecurityPolicy = policy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (c.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            if (string.IsNullOrEmpty(h.CacheControl)) h.CacheControl = "no-store";
            return Task.CompletedTask;
        }, (ctx, _policy));
        return next(ctx);
    }
}
