using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Commands;

/// <summary>
/// Demo organisation: the Confederation and LĐLĐ tỉnh Nghệ An, each with an administrator, a head, a clerk and two
/// departments with a department head and two officers. Names are fictional. The password is Demo:Password when
/// set, otherwise generated and printed once. Demo accounts skip the forced first password change.
/// </summary>
public static class DemoData
{
    public sealed record DemoAccount(string OrganizationCode, string Role, string? Department, string FullName, string UserName);
    public sealed record Result(IReadOnlyList<DemoAccount> Accounts, string? Password, bool Created);

    private sealed record Dept(string Code, string Name, string HeadName, string[] Officers);
    /// <summary>A deputy of the head (Phó Chủ tịch) assigned the fields of these departments: signs KT. for their drafts.</summary>
    private sealed record Deputy(string Name, string[] Fields);
    private sealed record Organ(string Code, string Admin, string Head, string Clerk, Dept[] Departments, Deputy? Deputy = null);

    private static readonly Organ[] Organs =
    [
        new("I02", "Ngô Quang Trị", "Trần Văn Hùng", "Lê Thị Hoa",
        [
            new("VP", "Văn phòng", "Phạm Minh Tuấn", ["Nguyễn Thị Lan", "Đỗ Văn Nam"]),
            new("TC", "Ban Tổ chức", "Hoàng Thị Mai", ["Vũ Đức Thắng", "Bùi Thị Hằng"]),
        ]),
        new("I02.36", "Võ Minh Quân", "Phan Song Toàn", "Hồ Thị Thu",
        [
            new("VP", "Văn phòng", "Lê Văn Bình", ["Nguyễn Văn An", "Trần Thị Bích"]),
            new("CSPL", "Ban Chính sách – Pháp luật", "Cao Thị Hạnh", ["Đặng Văn Đức", "Phạm Thị Ngọc"]),
        ], new Deputy("Nguyễn Thị Phương", ["CSPL"])),
    ];

    public static async Task<Result> SeedAsync(IServiceProvider sp, string? password, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var audit = sp.GetRequiredService<Auditor>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var accounts = new List<DemoAccount>();
        var created = false;
        var generated = string.IsNullOrEmpty(password);
        password = generated ? PasswordGenerator.Generate(12) : password;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var o in Organs)
        {
            var org = await db.Organizations.FirstAsync(x => x.Code == o.Code, ct);
            var members = new List<(string Name, Role Role, Dept? Dept)>
            {
                (o.Admin, Role.Administrator, null), (o.Head, Role.Head, null), (o.Clerk, Role.Clerk, null),
            };
            foreach (var d in o.Departments)
            {
                members.Add((d.HeadName, Role.DepartmentHead, d));
                members.AddRange(d.Officers.Select(n => (n, Role.Officer, (Dept?)d)));
            }
            // One person, one role per field.
            if (o.Deputy is { } deputy)
                members.AddRange(deputy.Fields.Select(f => (deputy.Name, Role.Deputy, (Dept?)o.Departments.Single(d => d.Code == f))));
            foreach (var (name, role, dept) in members)
            {
                Guid? deptId = null;
                if (dept is not null)
                {
                    var existing = await db.Departments.FirstOrDefaultAsync(x => x.OrganizationId == org.Id && x.Code == dept.Code, ct);
                    if (existing is null)
                    {
                        existing = new Department(org.Id, dept.Code, dept.Name);
                        db.Departments.Add(existing);
                        await db.SaveChangesAsync(ct);
                    }
                    deptId = existing.Id;
                }
                var userName = UserNameProposer.Base(name, org.UserNameSuffix);
                if (role == Role.Deputy && accounts.Any(a => a.UserName == userName))
                {
                    // A further field of a deputy made just now.
                    var holder = await users.FindByNameAsync(userName);
                    db.RoleAssignments.Add(new RoleAssignment(holder!.Id, org.Id, role, deptId));
                    await db.SaveChangesAsync(ct);
                    accounts.Add(new DemoAccount(org.Code, Roles.Vietnamese(role), dept?.Name, name, userName));
                    continue;
                }
                if (await users.FindByNameAsync(userName) is null)
                {
                    var user = new AppUser
                    {
                        Id = Guid.CreateVersion7(), UserName = userName, HomeOrganizationId = org.Id, IssuedAt = now,
                        MustChangePassword = false, JobTitle = Title(role, dept),
                    };
                    user.SetFullName(name);
                    var result = await users.CreateAsync(user, password!);
                    if (!result.Succeeded)
                        throw new InvalidOperationException("Demo:Password không đạt chính sách mật khẩu: " + string.Join(" ", result.Errors.Select(e => e.Description)));
                    db.RoleAssignments.Add(new RoleAssignment(user.Id, org.Id, role, deptId));
                    audit.Record(AuditActions.AccountCreated, org.Id, "user", user.Id.ToString(), new { userName, demo = true }, actorName: "dữ liệu mẫu");
                    await db.SaveChangesAsync(ct);
                    created = true;
                }
                accounts.Add(new DemoAccount(org.Code, Roles.Vietnamese(role), dept?.Name, name, userName));
            }
        }
        await tx.CommitAsync(ct);
        return new Result(accounts, created ? password : null, created);
    }

    /// <summary>The title printed under a signature (Phụ lục I ô 7b): what a person of that place is called in a union organ.</summary>
    private static string Title(Role role, Dept? dept) => (role, dept) switch
    {
        (Role.Head, _) => "Chủ tịch",
        (Role.Deputy, _) => "Phó Chủ tịch",
        (Role.DepartmentHead, { Code: "VP" }) => "Chánh Văn phòng",
        (Role.DepartmentHead, { } d) => $"Trưởng {d.Name}",
        _ => Roles.Vietnamese(role),
    };

    public static void Print(Result r, string? urls, string? certificatePin = null)
    {
        Console.WriteLine();
        Console.WriteLine("=== UnionOffice – dữ liệu mẫu ===");
        foreach (var a in r.Accounts)
            Console.WriteLine($"  {a.OrganizationCode,-7} {a.Role,-20} {a.Department ?? "",-28} {a.FullName,-18} {a.UserName}");
        Console.WriteLine(r.Password is not null
            ? $"  Mật khẩu của mọi tài khoản mẫu: {r.Password}"
            : "  Tài khoản mẫu đã có từ trước: dùng mật khẩu đã in lần đầu (hoặc đặt Demo__Password rồi tạo lại cơ sở dữ liệu).");
        if (certificatePin is not null)
            Console.WriteLine($"  Chứng thư số THỬ NGHIỆM của mọi cán bộ và của cơ quan (văn thư dùng): mã PIN {certificatePin}");
        var address = urls?.Split(';')[0] ?? "http://localhost:5000";
        Console.WriteLine($"  Mở {address} và đăng nhập.");
        Console.WriteLine();
    }
}
