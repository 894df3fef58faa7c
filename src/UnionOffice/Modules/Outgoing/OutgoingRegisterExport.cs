using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// The "Sổ đăng ký văn bản đi" of NĐ30 Phụ lục IV I (its ten columns) for one year, in number order, as .xlsx or PDF.
/// Kept by the organ's clerks and read by its heads; every export is audited.
/// </summary>
public sealed class OutgoingRegisterExport(AppDbContext db, AccessPolicy access, Auditor audit)
{
    public static readonly PrintedColumn[] Columns =
    [
        new("Số, ký hiệu văn bản", 16, true), new("Ngày tháng văn bản", 11, true), new("Tên loại và trích yếu nội dung văn bản", 38),
        new("Người ký", 18), new("Nơi nhận văn bản", 26), new("Đơn vị, người nhận bản lưu", 16), new("Số lượng bản", 8, true),
        new("Ngày chuyển", 11, true), new("Ký nhận", 10), new("Ghi chú", 12),
    ];

    public async Task<(byte[] Bytes, string ContentType, string FileName)> ExportAsync(string organizationCode, int year, string? format, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        var clerk = await access.ClerkGrantAsync(org.Id, ct);
        var head = await access.HeadGrantAsync(org.Id, ct);
        if (clerk is null && head is null) throw new DomainException(Error.Forbidden);
        var f = Export.ParseFormat(format, ExportFormat.Xlsx);
        var docs = await (from d in db.OutgoingDocuments.AsNoTracking()
                          join r in db.OutgoingRegisters on d.RegisterId equals r.Id
                          join u in db.Users on d.SignedByUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          join dep in db.Departments on d.DepartmentId equals dep.Id into ds
                          from dep in ds.DefaultIfEmpty()
                          where d.OrganizationId == org.Id && r.Year == year
                          orderby d.Number
                          select new { d, Signer = u == null ? null : u.FullName, Dept = dep == null ? null : dep.Name }).ToListAsync(ct);
        var ids = docs.Select(x => x.d.Id).ToList();
        var recipients = (await db.Deliveries.AsNoTracking().Where(x => ids.Contains(x.DocumentId)).Select(x => new { x.DocumentId, x.RecipientName }).ToListAsync(ct))
            .GroupBy(x => x.DocumentId).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(x => x.RecipientName).Order(StringComparer.Create(Formats.Vi, false))));
        var rows = docs.Select(x => new PrintedRow([
            OutgoingDocument.Code(x.d.Number!.Value, x.d.Notation!), x.d.IssuedDate, $"{x.d.TypeName} – {x.d.Subject}",
            x.d.SignerAuthority is null ? x.Signer : $"{x.Signer} ({x.d.SignerAuthority})",
            recipients.GetValueOrDefault(x.d.Id) ?? x.d.ToPlaces, x.Dept, 1, x.d.IssuedAt, null,
            x.d.Status == OutgoingStatus.Recalled ? $"Đã thu hồi: {x.d.RecallReason}"
                : x.d.SignedOnPaper ? (x.d.Status == OutgoingStatus.Issued ? "Ký trên giấy; bản điện tử số hóa, ký số của cơ quan" : "Ký trên giấy; chờ số hóa") : "Văn bản điện tử",
        ]));
        var table = new PrintedTable(org.Name, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", [$"Năm {year}", $"Từ số 1 đến số {docs.LastOrDefault()?.d.Number ?? 0}"], Columns, rows,
            SheetName: $"Sổ văn bản đi {year}");
        var file = Export.Render(table, f, $"Sổ đăng ký văn bản đi {year} - {org.Code}");
        audit.Record("outgoing.register.exported", org.Id, "outgoing-register", $"{org.Code}/{year}", new { year, format = f.ToString(), rows = docs.Count },
            onBehalfOf: clerk?.OnBehalfOfUserId ?? head?.OnBehalfOfUserId);
        await db.SaveChangesAsync(ct);
        return (file.Content, file.ContentType, file.FileName);
    }
}
