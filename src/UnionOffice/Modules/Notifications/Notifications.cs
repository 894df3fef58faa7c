using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Notifications;

public sealed record NotificationDto(Guid Id, string Kind, string Title, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>
/// Adds notifications to the caller's unit of work (they commit with the change that caused them, or not at all),
/// and answers "what is new for me".
/// </summary>
public sealed class Notifier(AppDbContext db, CurrentUser current, TimeProvider time)
{
    public void Tell(IEnumerable<Guid> users, string kind, string title, string? link)
    {
        var now = time.GetUtcNow();
        foreach (var u in users.Distinct().Where(u => u != current.UserId))
            db.Notifications.Add(new Notification(u, kind, title, link, now));
    }

    /// <summary>The active department heads of a department (who answer for work given to the department).</summary>
    public Task<List<Guid>> DepartmentHeadsAsync(Guid departmentId, CancellationToken ct) => DepartmentHeadsAsync(db, departmentId, ct);

    public static async Task<List<Guid>> DepartmentHeadsAsync(AppDbContext db, Guid departmentId, CancellationToken ct) =>
        await (from r in db.RoleAssignments
               join u in db.Users on r.UserId equals u.Id
               where r.DepartmentId == departmentId && r.Role == Role.DepartmentHead && u.Status == AccountStatus.Active
               select u.Id).Distinct().ToListAsync(ct);

    /// <summary>The active people holding a role in any of the organs (whom to tell: its heads, its clerks).</summary>
    public static async Task<List<Guid>> HoldersAsync(AppDbContext db, IReadOnlyCollection<Guid> organizationIds, Role role, CancellationToken ct) =>
        await (from r in db.RoleAssignments
               join u in db.Users on r.UserId equals u.Id
               where organizationIds.Contains(r.OrganizationId) && r.Role == role && u.Status == AccountStatus.Active
               select u.Id).Distinct().ToListAsync(ct);

    /// <summary>The organ's office as AccessPolicy.IsOfficeAsync counts it: its active clerks and heads.</summary>
    public static async Task<List<Guid>> OfficeAsync(AppDbContext db, Guid organizationId, CancellationToken ct) =>
        await (from r in db.RoleAssignments
               join u in db.Users on r.UserId equals u.Id
               where r.OrganizationId == organizationId && (r.Role == Role.Clerk || r.Role == Role.Head) && u.Status == AccountStatus.Active
               select u.Id).Distinct().ToListAsync(ct);

    /// <summary>Who does the organ's archive work: its archivists, or its clerks where it names none (AccessPolicy.ArchiveGrantAsync).</summary>
    public static async Task<List<Guid>> ArchiveAsync(AppDbContext db, Guid organizationId, CancellationToken ct)
    {
        var archivists = await HoldersAsync(db, [organizationId], Role.Archivist, ct);
        return archivists.Count > 0 || await db.RoleAssignments.AnyAsync(r => r.OrganizationId == organizationId && r.Role == Role.Archivist, ct)
            ? archivists : await HoldersAsync(db, [organizationId], Role.Clerk, ct);
    }

    public async Task<List<NotificationDto>> MineAsync(bool unreadOnly, int take, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == me && (!unreadOnly || n.ReadAt == null))
            .OrderByDescending(n => n.CreatedAt).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Title, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct) =>
        await UnreadCountAsync(db, current.UserId ?? throw new DomainException(Error.Unauthenticated), ct);

    public static Task<int> UnreadCountAsync(AppDbContext db, Guid userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    /// <summary>Marks one (or, without an id, all) of the person's notifications read. Someone else's is not found.</summary>
    public async Task MarkReadAsync(Guid? id, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var now = time.GetUtcNow();
        if (id is { } one)
        {
            var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == one && x.UserId == me, ct)
                ?? throw new DomainException(new Error("NOTIFICATION_NOT_FOUND", "Không tìm thấy thông báo.", 404));
            n.MarkRead(now);
            await db.SaveChangesAsync(ct);
            return;
        }
        await db.Notifications.Where(x => x.UserId == me && x.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, now), ct);
    }
}

public static class NotificationEndpoints
{
    public static IServiceCollection AddNotificationsModule(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<MailOptions>(config.GetSection("Mail"));
        services.AddScoped<Notifier>().AddScoped<NotificationMailer>().AddSingleton<IMailSender, SmtpMailSender>();
        if (new MailOptions { Host = config["Mail:Host"] }.Enabled && config.GetValue("Mail:RunJob", true)) services.AddHostedService<NotificationMailJob>();
        return services;
    }

    public static void MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Thông báo");
        g.MapGet("", async (bool? unread, int? take, Notifier n, CancellationToken ct) => Results.Ok(await n.MineAsync(unread == true, take ?? 50, ct)))
            .WithSummary("Thông báo của người đang đăng nhập (việc được giao, đôn đốc, nhắc hạn); ?unread=true chỉ lấy thông báo chưa đọc.");
        g.MapGet("/count", async (Notifier n, CancellationToken ct) => Results.Ok(new { unread = await n.UnreadCountAsync(ct) }));
        g.MapPost("/{id:guid}/read", async (Guid id, Notifier n, CancellationToken ct) => { await n.MarkReadAsync(id, ct); return Results.NoContent(); });
        g.MapPost("/read-all", async (Notifier n, CancellationToken ct) => { await n.MarkReadAsync(null, ct); return Results.NoContent(); });
    }
}
