using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;

namespace UnionOffice.Modules.Organizations;

public static class OrganizationLookup
{
    /// <summary>The organ with this identifier code (any case, spaces trimmed), or ORG_NOT_FOUND.</summary>
    public static async Task<Organization> ByCodeAsync(this IQueryable<Organization> organizations, string? code, CancellationToken ct)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        return await organizations.FirstOrDefaultAsync(o => o.Code == c, ct)
            ?? throw new DomainException(new Error("ORG_NOT_FOUND", $"Không tìm thấy cơ quan có mã {code}.", 404));
    }
}
