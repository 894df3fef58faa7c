using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Organizations;

/// <summary>
/// Imports a subtree under an organ from a file with columns code, name, parentCode (optional: kind, userNameSuffix).
/// Parents may be earlier or later rows of the same file. Every bad row is reported and nothing is saved unless all are good.
/// </summary>
public sealed class OrganizationImport(AppDbContext db, AccessPolicy access, Auditor audit, OrganizationService organizations)
{
    /// <summary>Refuses before an upload is read when the person does not administer the organ.</summary>
    public async Task RequireAllowedAsync(string rootCode, CancellationToken ct) =>
        await access.RequireAdministerAsync((await organizations.GetAsync(rootCode, ct)).Id, ct);

    public async Task<int> ImportAsync(string rootCode, IReadOnlyList<TabularFile.Row> rows, CancellationToken ct)
    {
        var root = await organizations.GetAsync(rootCode, ct);
        await access.RequireAdministerAsync(root.Id, ct);
        if (rows.Count == 0) throw new DomainException(TabularFile.FileEmpty);
        if (rows.Count > 20_000) throw new DomainException(new Error("IMPORT_TOO_MANY", "Tệp có quá nhiều dòng (tối đa 20.000)."));

        var scope = await OrganizationTree.DescendantsAndSelfAsync(db, root.Id, ct);
        var known = await db.Organizations.Where(o => scope.Contains(o.Id)).ToDictionaryAsync(o => o.Code, ct);
        var existingCodes = (await db.Organizations.Select(o => o.Code).ToListAsync(ct)).ToHashSet();
        var errors = new List<RowError>();
        var pending = new Dictionary<string, (TabularFile.Row Row, string ParentCode)>();
        foreach (var row in rows)
        {
            var code = (row["code"] ?? row["ma"] ?? "").Trim().ToUpperInvariant();
            var parentCode = (row["parentcode"] ?? row["macaptren"] ?? "").Trim().ToUpperInvariant();
            try
            {
                Organization.ValidateCode(code);
                Organization.ValidateName(row["name"] ?? row["ten"]);
                if (existingCodes.Contains(code) || pending.ContainsKey(code))
                    throw new DomainException(OrganizationErrors.DuplicateCode(code));
                if (parentCode.Length == 0)
                    throw new DomainException(new Error("IMPORT_PARENT_REQUIRED", "Thiếu mã cơ quan cấp trên (parentCode)."));
                pending[code] = (row, parentCode);
            }
            catch (DomainException e) { errors.Add(new RowError(row.Number, e.Error.Message)); }
        }

        // Create in dependency order: a row whose parent is known (in the database subtree or already created).
        var created = 0;
        var progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (var (code, (row, parentCode)) in pending.ToList())
            {
                if (!known.TryGetValue(parentCode, out var parent)) continue;
                pending.Remove(code);
                progress = true;
                try
                {
                    var org = OrganizationService.NewUnder(parent, code, row["name"] ?? row["ten"] ?? "", row["kind"], row["usernamesuffix"]);
                    known[code] = org;
                    db.Organizations.Add(org);
                    created++;
                }
                catch (DomainException e) { errors.Add(new RowError(row.Number, e.Error.Message)); }
            }
        }
        foreach (var (_, (row, parentCode)) in pending)
            errors.Add(new RowError(row.Number, existingCodes.Contains(parentCode)
                ? $"Cơ quan cấp trên {parentCode} nằm ngoài phạm vi {root.Code}."
                : $"Không tìm thấy cơ quan cấp trên {parentCode} (trong hệ thống hoặc trong tệp), hoặc các dòng tạo thành vòng lặp."));
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            throw new ImportException(errors.OrderBy(e => e.Row).ToList());
        }
        audit.Record(AuditActions.OrganizationsImported, root.Id, "organization", root.Code, new { count = created });
        await db.SaveChangesAsync(ct);
        return created;
    }
}
