using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using UnionOffice.Common;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace UnionOffice.Hosting;

/// <summary>
/// On every authenticated request: the account must still exist, be active and carry the security stamp the session
/// was issued with (so a locked or revoked account, or a changed password, ends every session and token at once);
/// and a pending step (password change, OTP enrolment) confines the person to the pages of that step.
/// </summary>
public sealed class AccountGateMiddleware(RequestDelegate next)
{
    private static readonly string[] AlwaysOpen = ["/css/", "/js/", "/lib/", "/_framework/", "/_content/", "/favicon", "/healthz", "/health/", "/metrics", "/openapi/", "/account/logout"];
    private static readonly string[] PasswordStep = ["/account/change-password", "/api/v1/me/password", "/api/v1/me"];
    private static readonly string[] OtpStep = ["/account/otp", "/api/v1/me/otp", "/api/v1/me"];

    public async Task InvokeAsync(HttpContext ctx, CurrentUser current, IOptions<IdentityOptions> identity)
    {
        if (ctx.User.Identity?.IsAuthenticated != true || Starts(ctx.Request.Path, AlwaysOpen))
        {
            await next(ctx);
            return;
        }
        var stamp = ctx.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var user = await current.AccessAsync(ctx.RequestAborted);
        // A session newer than the cached state (signed in again on another node after a change there): read again.
        if (user is not null && stamp != user.SecurityStamp)
            user = await current.RefreshAccessAsync(ctx.RequestAborted);
        if (user is null || user.Status != AccountStatus.Active || stamp != user.SecurityStamp)
        {
            await RefuseAsync(ctx, AccountErrors.SessionInvalid, "/account/login", signOut: true);
            return;
        }
        var pending = AccountGate.PendingStep(user);
        if (pending is not null)
        {
            var allowed = pending == AccountErrors.PasswordChangeRequired ? PasswordStep : OtpStep;
            if (!IsAllowed(ctx.Request, allowed))
            {
                await RefuseAsync(ctx, pending, allowed[0], signOut: false);
                return;
            }
        }
        await next(ctx);
    }

    private static bool IsAllowed(HttpRequest request, string[] allowed) =>
        allowed.Any(a => a == "/api/v1/me"
            ? request.Path.Equals(a, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(request.Method)
            : request.Path.StartsWithSegments(a, StringComparison.OrdinalIgnoreCase));

    private static bool Starts(PathString path, string[] prefixes) =>
        prefixes.Any(p => path.Value?.StartsWith(p, StringComparison.OrdinalIgnoreCase) == true);

    private static async Task RefuseAsync(HttpContext ctx, Error error, string page, bool signOut)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = error.Status;
            await ctx.Response.WriteAsJsonAsync(new ApiError(error.Code, error.Message));
            return;
        }
        if (signOut) await ctx.SignOutAsync(IdentityConstants.ApplicationScheme);
        ctx.Response.Redirect(signOut ? $"{page}?reason=session" : page);
    }
}
