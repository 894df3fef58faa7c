using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Notifications;

namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// Sends issued documents to their e-mail recipients: the signed file and the appendices attached, when a mail server is
/// configured (until then they wait as "Chờ gửi"). Each delivery is claimed by a conditional update before it is sent,
/// so two nodes never mail it twice — at most once: a node that dies between the claim and the send leaves it marked
/// sent (an e-mail copy is for information; the sender can see and resend by hand). A refused send is released with
/// its reason and tried again on the next run. A recalled document is not sent.
/// </summary>
public sealed class OutgoingMailer(AppDbContext db, IFileStore store, IMailSender sender, IOptions<MailOptions> options, TimeProvider time,
    ILogger<OutgoingMailer> log)
{
    public async Task<MailRun> RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return new MailRun(0, 0);
        var pending = await (from d in db.Deliveries.AsNoTracking()
                             join o in db.OutgoingDocuments.AsNoTracking() on d.DocumentId equals o.Id
                             where d.Kind == RecipientKind.Email && d.State == DeliveryState.Queued && o.Status == OutgoingStatus.Issued
                             orderby d.SentAt
                             select new { d.Id, d.Email, d.DocumentId }).Take(200).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var p in pending)
        {
            var now = time.GetUtcNow();
            var claimed = await db.Deliveries.Where(d => d.Id == p.Id && d.State == DeliveryState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Emailed).SetProperty(d => d.DecidedAt, now)
                    .SetProperty(d => d.FailureReason, (string?)null).SetProperty(d => d.Version, d => d.Version + 1), ct);
            if (claimed == 0) continue;
            try
            {
                var (subject, body, files) = await MessageAsync(p.DocumentId, ct);
                await sender.SendAsync(p.Email!, subject, body, files, ct);
                sent++;
            }
            catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failed++;
                log.LogWarning(e, "Mailing outgoing document {Document} to {Email} failed; will retry", p.DocumentId, p.Email);
                var reason = $"Gửi thư không thành công: {e.Message}";
                await db.Deliveries.Where(d => d.Id == p.Id && d.State == DeliveryState.Emailed)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Queued).SetProperty(d => d.DecidedAt, (DateTimeOffset?)null)
                        .SetProperty(d => d.FailureReason, reason.Length > 1000 ? reason[..1000] : reason).SetProperty(d => d.Version, d => d.Version + 1), ct);
            }
        }
        return new MailRun(sent, failed);
    }

    private async Task<(string Subject, string Body, List<MailAttachment> Files)> MessageAsync(Guid documentId, CancellationToken ct)
    {
        var doc = await db.OutgoingDocuments.AsNoTracking().FirstAsync(d => d.Id == documentId, ct);
        var organ = await db.Organizations.AsNoTracking().Where(o => o.Id == doc.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var files = new List<MailAttachment>
        {
            new(OutgoingDocument.IssuedFileName(doc.Number, doc.Notation), "application/pdf", await store.ReadAllBytesAsync(doc.IssuedSha256!, ct)),
        };
        var appendices = await db.OutgoingAppendices.AsNoTracking().Where(a => a.DocumentId == doc.Id).OrderBy(a => a.Order).ToListAsync(ct);
        foreach (var a in appendices)
            files.Add(new MailAttachment(Path.ChangeExtension(a.FileName, ".pdf"), "application/pdf", await store.ReadAllBytesAsync(a.IssuedSha256 ?? a.PdfSha256, ct)));
        var code = OutgoingDocument.Code(doc.Number!.Value, doc.Notation!);
        var subject = $"[{organ}] {doc.TypeName} số {code}: {OutgoingDrafts.Short(doc.Subject)}";
        var body = $"{organ} gửi {doc.TypeName.ToLowerInvariant()} số {code} ngày {Formats.Date(doc.IssuedDate)}\n" +
                   $"Trích yếu: {doc.Subject}\n\n" +
                   "Văn bản đã được ký số; tệp đính kèm là bản điện tử có giá trị pháp lý, kiểm tra chữ ký bằng phần mềm đọc PDF.\n\n" +
                   "Thư này được gửi tự động từ hệ thống Văn phòng điện tử Công đoàn.";
        return (subject, body, files);
    }
}
