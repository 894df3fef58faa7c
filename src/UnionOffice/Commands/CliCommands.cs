using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Commands;

/// <summary>Subcommands of the executable. Each exits non-zero with a clear message on failure.</summary>
public static class CliCommands
{
    public const string Usage = """
        Cách dùng: UnionOffice [lệnh] [tùy chọn]
          (không có lệnh)                           chạy ứng dụng web và API
          migrate                                   cập nhật lược đồ cơ sở dữ liệu
          create-admin --user TÊN --password MK [--name "Họ tên"]
                                                    tạo quản trị hệ thống cấp Tổng Liên đoàn
          seed-demo                                 tạo dữ liệu mẫu (Tổng Liên đoàn, LĐLĐ tỉnh Nghệ An)
          run-lifecycle                             khóa/thu hồi tài khoản không sử dụng (30/60 ngày)
          extract-text                              trích văn bản từ tệp (PDF, DOCX, ảnh quét) để tìm kiếm, đến khi hết việc
          run-reminders                             nhắc hạn xử lý văn bản đến (sắp đến hạn, quá hạn) và gửi thư
          verify-audit                              kiểm tra chuỗi băm của nhật ký hệ thống và các mốc neo ngoài cơ sở dữ liệu
          anchor-audit                              neo đầu chuỗi nhật ký ngay (ngoài lịch Audit:AnchorInterval)
          sweep [--dry-run]                         xóa tệp tạm và tệp lưu trữ không còn được dùng (sau khi tiến trình bị dừng đột ngột)
          backup --to THƯ-MỤC [--passphrase-file TỆP]
                                                    sao lưu cơ sở dữ liệu, kho tệp, mốc neo nhật ký và khóa (mã hóa bằng cụm mật khẩu
                                                    trong TỆP hoặc biến UO_BACKUP_PASSPHRASE) vào một thư mục mới trong THƯ-MỤC
          restore --from THƯ-MỤC-SAO-LƯU [--passphrase-file TỆP]
                                                    phục hồi vào một cài đặt mới (cơ sở dữ liệu và kho tệp rỗng), rồi kiểm tra
                                                    chuỗi nhật ký và mã băm của mọi tệp
        """;

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<AppDbContext>();
            // A backup takes the database as it is; a restore needs it empty: neither migrates or seeds first.
            if (command is not ("migrate" or "help" or "--help" or "schema-script" or "backup" or "restore"))
            {
                if (await MigrationRunner.PendingAsync(db, default) is { Count: > 0 })
                {
                    await MigrationRunner.MigrateAsync(db, default);
                }
                await OrganizationSeed.EnsureAsync(db, default);
            }
            switch (command)
            {
                case "migrate":
                    var applied = await MigrationRunner.MigrateAsync(db, default);
                    await OrganizationSeed.EnsureAsync(db, default);
                    Console.WriteLine(applied.Count == 0 ? "Lược đồ đã mới nhất." : $"Đã áp dụng: {string.Join(", ", applied)}");
                    return 0;
                case "create-admin":
                    return await CreateAdminAsync(sp, db, args);
                case "seed-demo":
                {
                    var demo = await DemoData.SeedAsync(sp, app.Configuration["Demo:Password"], default);
                    var pin = app.Configuration["Demo:CertificatePin"] is { Length: > 0 } p ? p : DemoCertificates.DefaultPin;
                    await DemoCertificates.SeedAsync(sp, pin, default);
                    DemoData.Print(demo, app.Configuration["Urls"], pin);
                    return 0;
                }
                case "run-lifecycle":
                    var r = await sp.GetRequiredService<AccountLifecycle>().RunAsync(default);
                    Console.WriteLine($"Đã khóa {r.Locked} tài khoản, thu hồi {r.Revoked} tài khoản.");
                    return 0;
                case "extract-text":
                    Modules.Search.ExtractionRun er;
                    int total = 0, failedFiles = 0;
                    do
                    {
                        er = await sp.GetRequiredService<Modules.Search.TextExtraction>().RunAsync(default);
                        total += er.Done;
                        failedFiles += er.Failed;
                    } while (er.Done + er.Failed + er.Unavailable + er.Indexed > 0);
                    Console.WriteLine($"Đã trích văn bản {total} tệp, lỗi {failedFiles} tệp.");
                    return failedFiles == 0 ? 0 : 4;
                case "run-reminders":
                    var rem = await sp.GetRequiredService<Modules.Work.WorkReminders>().RunAsync(default);
                    var mail = await sp.GetRequiredService<Modules.Notifications.NotificationMailer>().RunAsync(default);
                    Console.WriteLine($"Đã nhắc {rem.DueSoon} việc sắp đến hạn, {rem.Overdue} việc quá hạn; gửi {mail.Sent} thư, lỗi {mail.Failed}.");
                    return mail.Failed == 0 ? 0 : 4;
                case "sweep":
                    var dry = args.Contains("--dry-run");
                    var swept = await sp.GetRequiredService<Modules.Files.StorageSweep>().RunAsync(dry, default);
                    Console.WriteLine($"{(dry ? "Sẽ xóa" : "Đã xóa")} {swept.TemporaryRemoved} tệp tạm và {swept.OrphansRemoved} tệp không còn được dùng ({swept.BytesFreed:N0} byte); "
                        + $"đã xem {swept.StoredChecked} tệp lưu trữ, {swept.OrphansYoung} tệp còn mới được để lại.");
                    return 0;
                case "anchor-audit":
                    var anchor = await sp.GetRequiredService<AuditAnchors>().AnchorAsync(db, default);
                    Console.WriteLine(anchor is null ? "Nhật ký chưa có bản ghi nào." : $"Đã neo bản ghi số {anchor.Sequence} ({anchor.Hash}) vào {sp.GetRequiredService<AuditAnchors>().Directory}.");
                    return 0;
                case "verify-audit":
                    var v = await AuditChain.VerifyAsync(db, default, sp.GetRequiredService<AuditAnchors>());
                    Console.WriteLine($"Số bản ghi: {v.Count}. Mã băm cuối: {v.HeadHash}. Mốc neo: {v.Anchors} (đến bản ghi số {v.AnchoredUpTo}).");
                    foreach (var p in v.Problems) Console.Error.WriteLine(p);
                    Console.WriteLine(v.Ok ? "Nhật ký toàn vẹn." : $"PHÁT HIỆN {v.Problems.Count} VẤN ĐỀ: nhật ký đã bị sửa hoặc xóa.");
                    return v.Ok ? 0 : 3;
                case "backup":
                {
                    var to = Option(args, "--to");
                    if (string.IsNullOrWhiteSpace(to)) { Console.Error.WriteLine("Thiếu --to THƯ-MỤC."); return 2; }
                    var passphrase = Modules.Operations.Passphrase.Read(Option(args, "--passphrase-file"))
                        ?? throw new Modules.Operations.BackupException("Cần cụm mật khẩu: --passphrase-file TỆP hoặc biến UO_BACKUP_PASSPHRASE.");
                    var (path, m) = await sp.GetRequiredService<Modules.Operations.Backups>().BackupAsync(to, passphrase, default);
                    Console.WriteLine($"Đã sao lưu vào {path}: cơ sở dữ liệu {m.Provider} ({m.Migrations.Count} bản cập nhật lược đồ), {m.Files} tệp ({m.FileBytes:N0} byte), "
                        + $"{m.Anchors} mốc neo nhật ký, {m.Keys} khóa (đã mã hóa). Kiểm tra: cd {path} && sha256sum -c SHA256SUMS");
                    return 0;
                }
                case "restore":
                {
                    var from = Option(args, "--from");
                    if (string.IsNullOrWhiteSpace(from)) { Console.Error.WriteLine("Thiếu --from THƯ-MỤC-SAO-LƯU."); return 2; }
                    var passphrase = Modules.Operations.Passphrase.Read(Option(args, "--passphrase-file"))
                        ?? throw new Modules.Operations.BackupException("Cần cụm mật khẩu: --passphrase-file TỆP hoặc biến UO_BACKUP_PASSPHRASE.");
                    var rr = await sp.GetRequiredService<Modules.Operations.Backups>().RestoreAsync(from, passphrase, default);
                    Console.WriteLine($"Đã phục hồi bản sao lưu lúc {rr.Manifest.CreatedAt.ToOffset(Common.Formats.VietnamOffset).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}: {rr.Files} tệp, {rr.Keys} khóa, "
                        + $"{rr.Anchors} mốc neo; nhật ký {rr.AuditRecords} bản ghi {(rr.AuditChainOk ? "toàn vẹn" : "KHÔNG toàn vẹn")}.");
                    foreach (var p in rr.Problems) Console.Error.WriteLine(p);
                    Console.WriteLine(rr.Ok ? "Phục hồi xong, mọi kiểm tra đều đạt." : $"PHÁT HIỆN {rr.Problems.Count} VẤN ĐỀ sau khi phục hồi.");
                    return rr.Ok ? 0 : 3;
                }
                case "schema-script":
                    // For authors of migrations: the whole schema EF derives from the model, for this provider.
                    Console.WriteLine(db.Database.GenerateCreateScript());
                    return 0;
                case "help" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Lệnh không hợp lệ: {command}");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"Lỗi: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider sp, AppDbContext db, string[] args)
    {
        var user = Option(args, "--user");
        var password = Option(args, "--password");
        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("Thiếu --user hoặc --password.");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var root = await OrganizationTree.RootAsync(db, default) ?? throw new InvalidOperationException("Chưa có cây tổ chức.");
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var name = user.Trim().ToLowerInvariant();
        if (await users.FindByNameAsync(name) is not null)
        {
            Console.Error.WriteLine($"Tên đăng nhập {name} đã tồn tại.");
            return 1;
        }
        var admin = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = name, HomeOrganizationId = root.Id,
            IssuedAt = sp.GetRequiredService<TimeProvider>().GetUtcNow(), MustChangePassword = false,
        };
        admin.SetFullName(Option(args, "--name") ?? "Quản trị hệ thống");
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine("Không tạo được tài khoản: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            return 1;
        }
        db.RoleAssignments.Add(new RoleAssignment(admin.Id, root.Id, Role.Administrator, null));
        sp.GetRequiredService<Auditor>().Record(AuditActions.AccountCreated, root.Id, "user", admin.Id.ToString(),
            new { userName = name, via = "create-admin" }, actorName: "dòng lệnh");
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Console.WriteLine($"Đã tạo quản trị hệ thống {name} tại {root.Code} – {root.Name}.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
