using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;

namespace UnionOffice.Modules.Accounts;

public sealed record LoginRequest(string? UserName, string? Password, string? Otp);
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
public sealed record OtpCodeRequest(string? Code);
public sealed record GrantDto(string OrganizationCode, string OrganizationName, string Role, string RoleName, string? DepartmentCode, string? OnBehalfOfUserName);
public sealed record MeDto(Guid Id, string UserName, string FullName, string? Email, string? PhoneNumber, string? JobTitle,
    string HomeOrganizationCode, string Status, bool MustChangePassword, bool OtpEnabled, bool OtpMandatory,
    DateTimeOffset? LastLoginAt, IReadOnlyList<GrantDto> Roles, ContactVisibility DirectoryContact = ContactVisibility.Organ);
public sealed record ProfileRequest(string? FullName, string? Email, string? PhoneNumber, string? JobTitle);

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).AllowAnonymous()
            .WithSummary("Đăng nhập; trả về accessToken (Bearer). Trường otp bắt buộc khi tài khoản đã bật xác thực hai lớp.");

        var me = api.MapGroup("/me");
        me.MapGet("", async (CurrentUser current, MeQueries q, CancellationToken ct) => Results.Ok(await q.MeAsync(await current.RequireUserAsync(ct), ct)));
        me.MapPut("", async (ProfileRequest r, CurrentUser current, AccountService accounts, MeQueries q, CancellationToken ct) =>
        {
            var user = await current.RequireUserAsync(ct);
            await accounts.UpdateProfileAsync(user, r.FullName ?? "", r.Email, r.PhoneNumber, r.JobTitle, ct);
            return Results.Ok(await q.MeAsync(user, ct));
        });
        me.MapPost("/password", async (ChangePasswordRequest r, CurrentUser current, AccountService accounts,
            SignInManager<AppUser> signIn, CancellationToken ct) =>
        {
            var user = await current.RequireUserAsync(ct);
            await accounts.ChangePasswordAsync(user, r.CurrentPassword, r.NewPassword, ct);
            // The password change renewed the security stamp, which ends every session; hand back a fresh token.
            return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
        }).WithSummary("Đổi mật khẩu; trả về accessToken mới (các phiên cũ hết hiệu lực).");
        me.MapGet("/otp", async (CurrentUser current, OtpService otp, CancellationToken ct) =>
        {
            var s = await otp.GetSetupAsync(await current.RequireUserAsync(ct), ct);
            return Results.Ok(new { enabled = s.Enabled, mandatory = s.Mandatory, sharedKey = s.SharedKey, authenticatorUri = s.AuthenticatorUri });
        }).WithSummary("Trạng thái OTP; khi chưa bật, trả về khóa và otpauth:// để đăng ký ứng dụng xác thực.");
        me.MapPost("/otp/enable", async (OtpCodeRequest r, CurrentUser current, OtpService otp, CancellationToken ct) =>
            await otp.EnableAsync(await current.RequireUserAsync(ct), r.Code, ct) is { } e ? Api.Problem(e) : Results.NoContent());
        me.MapPost("/otp/disable", async (OtpCodeRequest r, CurrentUser current, OtpService otp, CancellationToken ct) =>
            await otp.DisableAsync(await current.RequireUserAsync(ct), r.Code, ct) is { } e ? Api.Problem(e) : Results.NoContent());
    }

    private static async Task<IResult> LoginAsync(LoginRequest r, LoginService login, SignInManager<AppUser> signIn,
        HttpContext http, CancellationToken ct)
    {
        var check = await login.CheckPasswordAsync(r.UserName, r.Password, http.Connection.RemoteIpAddress?.ToString(), ct);
        if (check.Error is { } error) return Api.Problem(error);
        var user = check.User!;
        if (check.NeedsOtp && await login.VerifyOtpAsync(user, r.Otp, ct, http.Connection.RemoteIpAddress?.ToString()) is { } otpError) return Api.Problem(otpError);
        await login.CompleteAsync(user, "api", ct);
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }
}

public sealed class MeQueries(AppDbContext db, CurrentUser current, OtpService otp)
{
    public async Task<MeDto> MeAsync(AppUser user, CancellationToken ct)
    {
        var grants = await current.GrantsAsync(ct);
        var orgIds = grants.Select(g => g.OrganizationId).Append(user.HomeOrganizationId).ToList();
        var orgs = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var deptIds = grants.Where(g => g.DepartmentId != null).Select(g => g.DepartmentId!.Value).ToList();
        var depts = await db.Departments.Where(d => deptIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Code, ct);
        var principals = grants.Where(g => g.OnBehalfOfUserId != null).Select(g => g.OnBehalfOfUserId!.Value).ToList();
        var names = await db.Users.Where(u => principals.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
        return new MeDto(user.Id, user.UserName!, user.FullName, user.Email, user.PhoneNumber, user.JobTitle,
            orgs[user.HomeOrganizationId].Code, user.Status.ToString(), user.MustChangePassword, user.TwoFactorEnabled,
            await otp.IsMandatoryAsync(user, ct), user.LastLoginAt,
            grants.Select(g => new GrantDto(orgs[g.OrganizationId].Code, orgs[g.OrganizationId].Name, g.Role.ToString(), Roles.Vietnamese(g.Role),
                g.DepartmentId is { } d ? depts.GetValueOrDefault(d) : null,
                g.OnBehalfOfUserId is { } p ? names.GetValueOrDefault(p) : null)).ToList(), user.DirectoryContact);
    }
}
