using Microsoft.AspNetCore.Identity;

namespace UnionOffice.Modules.Accounts;

/// <summary>Identity's messages, in Vietnamese.</summary>
public sealed class VietnameseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Mật khẩu phải có ít nhất {length} ký tự." };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "Mật khẩu phải có ít nhất một chữ số (0–9)." };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "Mật khẩu phải có ít nhất một chữ thường (a–z)." };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "Mật khẩu phải có ít nhất một chữ hoa (A–Z)." };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ @ # $ %)." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Mật khẩu phải có ít nhất {uniqueChars} ký tự khác nhau." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Mật khẩu hiện tại không đúng." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"Tên đăng nhập {userName} đã có người dùng." };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"Tên đăng nhập \"{userName}\" không hợp lệ." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"Địa chỉ thư điện tử \"{email}\" không hợp lệ." };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"Địa chỉ thư điện tử {email} đã được dùng." };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "Dữ liệu đã được người khác thay đổi; vui lòng tải lại trang." };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Đã có lỗi xảy ra." };
}

/// <summary>Refuses passwords that contain the user name or are the well-known default of the old system (seed 002: Vnpt@123).</summary>
public sealed class NotObviousPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly string[] Known = ["vnpt@123", "123456", "password", "matkhau"];

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var p = (password ?? "").ToLowerInvariant();
        var name = (user.UserName ?? "").Split('.')[0].ToLowerInvariant();
        if ((name.Length >= 3 && p.Contains(name, StringComparison.Ordinal)) || Known.Any(k => p.Contains(k, StringComparison.Ordinal)))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooObvious",
                Description = "Mật khẩu không được chứa tên đăng nhập hoặc mật khẩu mặc định phổ biến.",
            }));
        return Task.FromResult(IdentityResult.Success);
    }
}
