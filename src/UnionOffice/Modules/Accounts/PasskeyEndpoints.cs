using Microsoft.AspNetCore.Identity;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Accounts;

public sealed record PasskeyCredential(string? Credential, string? Name);

/// <summary>
/// Passkeys (WebAuthn) on the framework's Identity support: a signed-in person registers one from the profile page;
/// anyone may sign in with one from the login page. The script that talks to the browser is wwwroot/js/passkeys.js.
/// A passkey needs user verification (PIN or biometrics on the device), so it counts as two factors: the login
/// goes through the same status checks, audit and session rules as a password login, without asking for an OTP.
/// </summary>
public static class PasskeyEndpoints
{
    public static readonly Error PasskeyFailed = new("PASSKEY_FAILED", "Không xác thực được khóa truy cập (passkey). Vui lòng thử lại hoặc đăng nhập bằng mật khẩu.", 401);
    public static readonly Error PasskeyInvalid = new("PASSKEY_INVALID", "Không đăng ký được khóa truy cập (passkey) này.", 400);

    public static void MapPasskeyEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/account/passkeys").ExcludeFromDescription();
        g.MapPost("/creation-options", async (CurrentUser current, SignInManager<AppUser> signIn) =>
        {
            var user = await current.RequireUserAsync();
            var json = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
            {
                Id = user.Id.ToString(), Name = user.UserName!, DisplayName = user.FullName,
            });
            return Results.Content(json, "application/json");
        }).RequireAuthorization();

        g.MapPost("", async (PasskeyCredential body, CurrentUser current, SignInManager<AppUser> signIn, UserManager<AppUser> users,
            Auditor audit, AppDbContext db) =>
        {
            var user = await current.RequireUserAsync();
            var result = await signIn.PerformPasskeyAttestationAsync(body.Credential ?? "");
            if (!result.Succeeded) return Api.Problem(PasskeyInvalid);
            var name = (body.Name ?? "").Trim();
            result.Passkey.Name = name.Length is > 0 and <= 100 ? name : $"Khóa truy cập {Formats.Date(result.Passkey.CreatedAt)}";
            AccountService.Check(await users.AddOrUpdatePasskeyAsync(user, result.Passkey));
            audit.Record(AuditActions.PasskeyAdded, user.HomeOrganizationId, "user", user.Id.ToString(), new { result.Passkey.Name }, actor: user);
            await db.SaveChangesAsync();
            return Results.NoContent();
        }).RequireAuthorization();

        g.MapPost("/request-options", async (SignInManager<AppUser> signIn) =>
            Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json")).AllowAnonymous();

        g.MapPost("/login", async (PasskeyCredential body, SignInManager<AppUser> signIn, UserManager<AppUser> users,
            LoginService login, Auditor audit, AppDbContext db, HttpContext http) =>
        {
            var result = await signIn.PerformPasskeyAssertionAsync(body.Credential ?? "");
            if (!result.Succeeded)
            {
                audit.Record(AuditActions.LoginFailed, null, "user", null, new { reason = "PASSKEY_FAILED" }, succeeded: false, actorName: "passkey");
                await db.SaveChangesAsync();
                return Api.Problem(PasskeyFailed);
            }
            var user = result.User;
            var refusal = LoginService.StatusError(user)
                ?? (await users.IsLockedOutAsync(user) ? AccountErrors.LockedOut(user.LockoutEnd ?? default) : null);
            if (refusal is not null) return Api.Problem(refusal);
            AccountService.Check(await users.AddOrUpdatePasskeyAsync(user, result.Passkey)); // the signature counter moves on
            await login.CompleteAsync(user, "passkey", http.RequestAborted);
            await signIn.SignInAsync(user, isPersistent: false);
            return Results.Ok(new { redirect = "/" });
        }).AllowAnonymous();
    }

    public static string Describe(UserPasskeyInfo p) => $"{p.Name} – {Formats.Date(p.CreatedAt)}";

    public static string Id(UserPasskeyInfo p) => System.Buffers.Text.Base64Url.EncodeToString(p.CredentialId);

    public static byte[] FromId(string id) => System.Buffers.Text.Base64Url.DecodeFromChars(id);
}
