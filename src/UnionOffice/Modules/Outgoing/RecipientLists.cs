using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Outgoing;

/// <summary>
/// A list of recipients an organ sends to again and again ("Các LĐLĐ miền Trung", "Thành viên Ban Chấp hành"), saved
/// under a name (issue 22 §4): one box on the draft form chooses them all. The organ's: everyone who drafts for it uses
/// them; its office (clerks, heads) and whoever saved one may change or remove it.
/// </summary>
public sealed class RecipientList
{
    private RecipientList() { }

    public RecipientList(Guid organizationId, string name, IEnumerable<string> codes, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Name = name;
        CreatedByUserId = userId;
        CreatedAt = now;
        Set(codes, now);
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The recipients' organ codes, separated by spaces.</summary>
    public string Codes { get; private set; } = "";
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string> CodeList => Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public void Set(IEnumerable<string> codes, DateTimeOffset now)
    {
        Codes = string.Join(' ', codes);
        UpdatedAt = now;
    }
}

public sealed record RecipientListDto(Guid Id, string Name, IReadOnlyList<string> Codes, bool MayChange);
public sealed record SaveRecipientList(string? OrganizationCode, string? Name, string[]? Codes);

public sealed class RecipientLists(AppDbContext db, CurrentUser current, AccessPolicy access, Auditor audit, TimeProvider time)
{
    public const int MaxLists = 100;
    public static readonly Error NameInvalid = new("RECIPIENT_LIST_INVALID", "Tên danh sách nơi nhận phải có từ 1 đến 100 ký tự.");
    public static readonly Error Empty = new("RECIPIENT_LIST_EMPTY", "Chưa chọn nơi nhận nào để lưu thành danh sách.");
    public static Error Unknown(string code) => new("RECIPIENT_LIST_UNKNOWN", $"Không có cơ quan mã {code} trong hệ thống (hoặc là chính cơ quan gửi).");
    public static readonly Error NotFound = new("RECIPIENT_LIST_NOT_FOUND", "Không tìm thấy danh sách nơi nhận.", 404);
    public static readonly Error TooMany = new("RECIPIENT_LIST_TOO_MANY", $"Cơ quan đã có {MaxLists} danh sách nơi nhận; hãy xóa bớt danh sách không dùng.", 409);

    /// <summary>The organ's lists, for those who draft for it (any role in the organ but administration).</summary>
    public async Task<List<RecipientListDto>> ListAsync(string organizationCode, CancellationToken ct)
    {
        var organ = await MemberOrganAsync(organizationCode, ct);
        var office = await access.IsOfficeAsync(organ.Id, ct);
        var me = current.UserId;
        return (await db.RecipientLists.AsNoTracking().Where(l => l.OrganizationId == organ.Id).ToListAsync(ct))
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .Select(l => new RecipientListDto(l.Id, l.Name, l.CodeList, office || l.CreatedByUserId == me)).ToList();
    }

    /// <summary>Saves the recipients under the name; a list of that name already there is replaced (by those who may change it).</summary>
    public async Task<RecipientListDto> SaveAsync(SaveRecipientList r, CancellationToken ct)
    {
        var organ = await MemberOrganAsync(r.OrganizationCode, ct);
        var name = (r.Name ?? "").Trim();
        if (name.Length is 0 or > 100) throw new DomainException(NameInvalid);
        var codes = (r.Codes ?? []).Select(c => (c ?? "").Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count == 0) throw new DomainException(Empty);
        var known = await db.Organizations.AsNoTracking().Where(o => codes.Contains(o.Code) && o.IsActive && o.Id != organ.Id).Select(o => o.Code).ToListAsync(ct);
        if (codes.FirstOrDefault(c => !known.Contains(c)) is { } unknown) throw new DomainException(Unknown(unknown));
        codes.Sort(StringComparer.Ordinal);
        var me = current.UserId!.Value;
        var now = time.GetUtcNow();
        var list = await db.RecipientLists.FirstOrDefaultAsync(l => l.OrganizationId == organ.Id && l.Name == name, ct);
        if (list is null)
        {
            if (await db.RecipientLists.CountAsync(l => l.OrganizationId == organ.Id, ct) >= MaxLists) throw new DomainException(TooMany);
            db.RecipientLists.Add(list = new RecipientList(organ.Id, name, codes, me, now));
        }
        else
        {
            await RequireChangeAsync(list, ct);
            list.Set(codes, now);
        }
        audit.Record(AuditActions.RecipientListSaved, organ.Id, "recipient-list", list.Id.ToString(), new { name, count = codes.Count });
        await db.SaveChangesAsync(ct);
        return new RecipientListDto(list.Id, list.Name, list.CodeList, true);
    }

    public async Task RemoveAsync(Guid id, CancellationToken ct)
    {
        var list = await db.RecipientLists.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException(NotFound);
        if (!(await current.GrantsAsync(ct)).Any(g => g.OrganizationId == list.OrganizationId && g.Role != Role.Administrator)) throw new DomainException(NotFound);
        await RequireChangeAsync(list, ct);
        db.RecipientLists.Remove(list);
        audit.Record(AuditActions.RecipientListRemoved, list.OrganizationId, "recipient-list", list.Id.ToString(), new { name = list.Name });
        await db.SaveChangesAsync(ct);
    }

    private async Task RequireChangeAsync(RecipientList list, CancellationToken ct)
    {
        if (list.CreatedByUserId != current.UserId && !await access.IsOfficeAsync(list.OrganizationId, ct)) throw new DomainException(Error.Forbidden);
    }

    private async Task<Organizations.Organization> MemberOrganAsync(string? code, CancellationToken ct)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        var organ = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == c, ct) ?? throw new DomainException(Error.NotFound("cơ quan"));
        if (!(await current.GrantsAsync(ct)).Any(g => g.OrganizationId == organ.Id && g.Role != Role.Administrator)) throw new DomainException(Error.Forbidden);
        return organ;
    }
}
