using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// One organ's rule for one document type (seed 003 is such a rule, of one federation): whether it goes electronic only
/// or also as a signed paper copy to the lead recipient, and whether a document of the type may be published on the
/// organ's public page. A type the organ has no row for goes electronic only and is never published.
/// </summary>
public sealed class DocumentTypePolicy
{
    private DocumentTypePolicy() { }

    public DocumentTypePolicy(Guid organizationId, string typeName, Delivered delivered, bool mayPublish, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        TypeName = typeName;
        Change(delivered, mayPublish, byUserId, now);
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string TypeName { get; private set; } = "";
    public Delivered Delivered { get; private set; }
    public bool MayPublish { get; private set; }
    public Guid UpdatedByUserId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    internal void Change(Delivered delivered, bool mayPublish, Guid byUserId, DateTimeOffset now)
    {
        Delivered = delivered;
        MayPublish = mayPublish;
        UpdatedByUserId = byUserId;
        UpdatedAt = now;
    }
}

public sealed record TypePolicyDto(string TypeName, string? Code, string Delivered, bool MayPublish);
public sealed record DocumentPolicyDto(string OrganizationCode, string OrganizationName, bool CanEdit, IReadOnlyList<TypePolicyDto> Types);
public sealed record TypePolicyRequest(string? TypeName, Delivered? Delivered, bool? MayPublish);
public sealed record DocumentPolicyRequest(IReadOnlyList<TypePolicyRequest>? Types);

/// <summary>
/// The organ's rules for how its documents travel and which may be published. Read by its members (drafting needs it);
/// changed by its heads and by the administrators over it. Every type of the catalogue is listed, with the default —
/// electronic only, not published — where the organ set nothing.
/// </summary>
public sealed class DocumentPolicies(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, TimeProvider time)
{
    public static readonly Error NotPublishable = new("PUBLISH_NOT_ALLOWED",
        "Quy định của cơ quan không cho phép đăng công khai loại văn bản này (xem mục \"Quy định gửi và công khai văn bản\").");

    public async Task<DocumentPolicyDto> GetAsync(string organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        var canEdit = await CanEditAsync(org.Id, ct);
        if (!canEdit && await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var rows = await RowsAsync(org.Id, ct);
        return new DocumentPolicyDto(org.Code, org.Name, canEdit, DocumentTypes.All.Select(t =>
        {
            var row = rows.GetValueOrDefault(t.Name);
            return new TypePolicyDto(t.Name, t.Code, (row?.Delivered ?? Delivered.ElectronicOnly).ToString(), row?.MayPublish ?? false);
        }).ToList());
    }

    /// <summary>The whole rule at once: types left out go back to the default (electronic only, not published).</summary>
    public async Task<DocumentPolicyDto> SetAsync(string organizationCode, DocumentPolicyRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode, ct);
        if (!await CanEditAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var wanted = new Dictionary<string, (Delivered Delivered, bool MayPublish)>();
        foreach (var t in r.Types ?? [])
        {
            var type = DocumentTypes.Find(t.TypeName) ?? throw new DomainException(OutgoingErrors.Invalid([$"Loại văn bản \"{t.TypeName}\" không có trong danh mục."]));
            if (t.Delivered is { } d && !Enum.IsDefined(d)) throw new DomainException(OutgoingErrors.Invalid(["Hình thức gửi không hợp lệ."]));
            wanted[type.Name] = (t.Delivered ?? Delivered.ElectronicOnly, t.MayPublish ?? false);
        }
        var me = current.UserId!.Value;
        var now = time.GetUtcNow();
        var rows = await db.DocumentTypePolicies.Where(p => p.OrganizationId == org.Id).ToListAsync(ct);
        foreach (var row in rows.Where(x => !wanted.ContainsKey(x.TypeName) || wanted[x.TypeName] == (Delivered.ElectronicOnly, false)))
            db.DocumentTypePolicies.Remove(row);
        foreach (var (name, (delivered, mayPublish)) in wanted.Where(w => w.Value != (Delivered.ElectronicOnly, false)))
        {
            if (rows.FirstOrDefault(x => x.TypeName == name) is { } row) row.Change(delivered, mayPublish, me, now);
            else db.DocumentTypePolicies.Add(new DocumentTypePolicy(org.Id, name, delivered, mayPublish, me, now));
        }
        audit.Record("outgoing.policy.changed", org.Id, "organization", org.Code, new
        {
            paper = wanted.Where(w => w.Value.Delivered == Delivered.PaperAndElectronic).Select(w => w.Key),
            published = wanted.Where(w => w.Value.MayPublish).Select(w => w.Key),
        });
        await db.SaveChangesAsync(ct);
        return await GetAsync(org.Code, ct);
    }

    /// <summary>The organ's rule for a type: how it travels, and whether it may be published.</summary>
    public async Task<(Delivered Delivered, bool MayPublish)> OfAsync(Guid organizationId, string typeName, CancellationToken ct)
    {
        var row = await db.DocumentTypePolicies.AsNoTracking().Where(p => p.OrganizationId == organizationId && p.TypeName == typeName)
            .Select(p => new { p.Delivered, p.MayPublish }).FirstOrDefaultAsync(ct);
        return row is null ? (Delivered.ElectronicOnly, false) : (row.Delivered, row.MayPublish);
    }

    /// <summary>The types the organ allows to be published (for the drafting form).</summary>
    public async Task<List<string>> PublishableAsync(Guid organizationId, CancellationToken ct) =>
        await db.DocumentTypePolicies.AsNoTracking().Where(p => p.OrganizationId == organizationId && p.MayPublish).Select(p => p.TypeName).ToListAsync(ct);

    private async Task<Dictionary<string, DocumentTypePolicy>> RowsAsync(Guid organizationId, CancellationToken ct) =>
        await db.DocumentTypePolicies.AsNoTracking().Where(p => p.OrganizationId == organizationId).ToDictionaryAsync(p => p.TypeName, ct);

    /// <summary>The organ's heads (in their own right: a rule of the organ is not delegated work) and its administrators.</summary>
    private async Task<bool> CanEditAsync(Guid organizationId, CancellationToken ct) =>
        (await access.HeadGrantAsync(organizationId, ct)) is { OnBehalfOfUserId: null } || await access.CanAdministerAsync(organizationId, ct);
}
