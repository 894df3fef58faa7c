using System.Text.RegularExpressions;
using UnionOffice.Common;

namespace UnionOffice.Modules.Organizations;

/// <summary>A department inside an organ (Văn phòng, Ban Tổ chức …). Its code is used in document notations (LĐLĐ-VP).</summary>
public sealed partial class Department
{
    private Department() { }

    public Department(Guid organizationId, string code, string name)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Code = ValidateCode(code);
        Name = Organization.ValidateName(name);
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsActive { get; private set; }

    public void Rename(string name) => Name = Organization.ValidateName(name);
    public void SetActive(bool active) => IsActive = active;

    public static string ValidateCode(string? code)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        if (!Pattern().IsMatch(c)) throw new DomainException(OrganizationErrors.InvalidDepartmentCode(code ?? ""));
        return c;
    }

    // Letters incl. Vietnamese Đ, as in "TC-ĐN"; short, no spaces.
    [GeneratedRegex(@"^[A-ZĐ0-9][A-ZĐ0-9\-]{0,15}$")]
    private static partial Regex Pattern();
}
