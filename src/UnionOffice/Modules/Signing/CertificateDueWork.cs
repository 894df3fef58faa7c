using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Signing;

/// <summary>
/// Certificates in use that expire within 30 days, or have expired (issue 16 §8): a person's certificate reminds its
/// holder, an organ's reminds the organ's office (clerks and heads), through the one reminder path of all work — once
/// ahead, once when expired — so that a new certificate is asked for before signing stops.
/// </summary>
public sealed class CertificateDueWork(AppDbContext db) : IDueWorkSource
{
    public const int DaysAhead = 30;

    public async Task<List<DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var until = new DateTimeOffset(today.AddDays(DaysAhead + 1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var expiring = await db.SigningCertificates.AsNoTracking().Where(c => c.IsActive && c.NotAfter < until)
            .Select(c => new { c.Id, c.UserId, c.OrganizationId, c.Subject, c.NotAfter }).ToListAsync(ct);
        var result = new List<DueWork>();
        foreach (var c in expiring)
        {
            var last = DateOnly.FromDateTime(c.NotAfter.ToOffset(Formats.VietnamOffset).DateTime);
            var name = System.Text.RegularExpressions.Regex.Match(c.Subject, @"CN=(""[^""]*""|[^,]*)").Groups[1].Value.Trim('"');
            var what = $"chứng thư số {(c.OrganizationId is null ? "cá nhân" : "của cơ quan")} “{name}” (hết hạn {Formats.Date(last)}): xin cấp chứng thư mới và nhập ở trang Chữ ký số";
            if (c.OrganizationId is { } org)
                result.Add(new DueWork(c.Id, "certificate", null, null, last, what, "/signing", await Notifier.OfficeAsync(db, org, ct)));
            else
                result.Add(new DueWork(c.Id, "certificate", c.UserId, null, last, what, "/signing"));
        }
        return result;
    }
}
