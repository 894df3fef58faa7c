using System.Net;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Data;

namespace UnionOffice.Modules.Notifications;

public sealed class MailOptions
{
    /// <summary>SMTP server; empty means no e-mail (notifications stay in the product).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "unionoffice@localhost";
    /// <summary>Address of the product, to make links in e-mails absolute (e.g. https://vpdt.congdoan.vn).</summary>
    public string? PublicUrl { get; set; }
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>A file sent with a message (an issued document and its appendices).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Sends one message. Behind an interface so another transport (an SMS gateway, a mail API) fits the same place.</summary>
public interface IMailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct) => SendAsync(to, subject, body, [], ct);
    Task SendAsync(string to, string subject, string body, IReadOnlyList<MailAttachment> attachments, CancellationToken ct);
}

public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    public async Task SendAsync(string to, string subject, string body, IReadOnlyList<MailAttachment> attachments, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient(o.Host, o.Port) { EnableSsl = o.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(o.UserName)) client.Credentials = new NetworkCredential(o.UserName, o.Password);
        using var message = new MailMessage(o.From, to, subject, body)
        {
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in attachments)
            message.Attachments.Add(new Attachment(new MemoryStream(a.Content, writable: false), a.FileName, a.ContentType) { NameEncoding = System.Text.Encoding.UTF8 });
        await client.SendMailAsync(message, ct);
    }
}

public sealed record MailRun(int Sent, int Failed);

/// <summary>
/// E-mail copies of notifications, for people with an address, when a mail server is configured. Each notification is
/// claimed by a conditional update before it is sent, so two nodes never mail it twice; a failed send is released
/// and tried again on the next run. Only the last day's notifications are mailed (turning mail on does not flood
/// people with old news).
/// </summary>
public sealed class NotificationMailer(AppDbContext db, IMailSender sender, IOptions<MailOptions> options, TimeProvider time, ILogger<NotificationMailer> log)
{
    public async Task<MailRun> RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return new MailRun(0, 0);
        var since = time.GetUtcNow().AddDays(-1);
        var pending = await (from n in db.Notifications.AsNoTracking()
                             join u in db.Users on n.UserId equals u.Id
                             where n.MailedAt == null && n.CreatedAt > since && u.Email != null && u.Email != ""
                             orderby n.CreatedAt
                             select new { n.Id, n.Title, n.Link, u.Email, u.FullName }).Take(500).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var p in pending)
        {
            var now = time.GetUtcNow();
            var claimed = await db.Notifications.Where(n => n.Id == p.Id && n.MailedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, now), ct);
            if (claimed == 0) continue;
            var link = p.Link is null ? "" : $"\n\n{(options.Value.PublicUrl ?? "").TrimEnd('/')}{p.Link}";
            try
            {
                await sender.SendAsync(p.Email!, $"[Văn phòng điện tử] {p.Title}",
                    $"Kính gửi {p.FullName},\n\n{p.Title}{link}\n\nThư này được gửi tự động từ hệ thống Văn phòng điện tử Công đoàn.", ct);
                sent++;
            }
            catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failed++;
                log.LogWarning(e, "Mail to {Email} failed; will retry", p.Email);
                await db.Notifications.Where(n => n.Id == p.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, (DateTimeOffset?)null), ct);
            }
        }
        return new MailRun(sent, failed);
    }
}

public sealed class NotificationMailJob(IServiceScopeFactory scopes, IOptions<MailOptions> options, TimeProvider time, ILogger<NotificationMailJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<NotificationMailer>().RunAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<Outgoing.OutgoingMailer>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Notification mail run failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
