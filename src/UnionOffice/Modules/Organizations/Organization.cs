using System.Text.RegularExpressions;
using UnionOffice.Common;

namespace UnionOffice.Modules.Organizations;

public enum OrganizationKind
{
    Confederation = 0,
    ProvincialFederation = 1,
    SectorUnion = 2,
    DirectUnit = 3,
    UpperUnion = 4,
    GrassrootsUnion = 5,
}

/// <summary>An organ (cơ quan, đơn vị) with its national document-interconnection identifier code.</summary>
public sealed partial class Organization
{
    public const int MaxNameLength = 250;
    public const string DefaultUserNameSuffix = "ldld";

    private Organization() { }

    public Organization(string code, string name, OrganizationKind kind, Organization? parent, string? userNameSuffix = null)
    {
        Id = Guid.CreateVersion7();
        Code = ValidateCode(code);
        Name = ValidateName(name);
        Kind = kind;
        ParentId = parent?.Id;
        UserNameSuffix = ValidateSuffix(userNameSuffix ?? DefaultUserNameSuffix);
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public Guid? ParentId { get; private set; }
    public bool IsActive { get; private set; }
    /// <summary>Suffix of user names issued by this organ (seed 002 Điều 7: pstoan.ldld).</summary>
    public string UserNameSuffix { get; private set; } = DefaultUserNameSuffix;
    /// <summary>Roles for which a one-time code is mandatory at login, comma-separated role names.</summary>
    public string OtpRequiredRoles { get; private set; } = "";

    public void Rename(string name) => Name = ValidateName(name);

    public void SetUserNameSuffix(string suffix) => UserNameSuffix = ValidateSuffix(suffix);

    public void SetOtpRequiredRoles(IEnumerable<Accounts.Role> roles) =>
        OtpRequiredRoles = string.Join(',', roles.Distinct().Order().Select(r => r.ToString()));

    public IReadOnlySet<Accounts.Role> OtpRoles() =>
        OtpRequiredRoles.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(Enum.Parse<Accounts.Role>).ToHashSet();

    /// <summary>Moves under <paramref name="newParent"/>; the caller passes the new parent's ancestors to rule out cycles.</summary>
    public void MoveUnder(Organization newParent, IReadOnlyCollection<Guid> newParentAncestorsAndSelf)
    {
        if (ParentId is null)
            throw new DomainException(OrganizationErrors.RootCannotMove);
        if (newParentAncestorsAndSelf.Contains(Id))
            throw new DomainException(OrganizationErrors.Cycle(Code, newParent.Code));
        if (!newParent.IsActive)
            throw new DomainException(OrganizationErrors.ParentInactive(newParent.Code));
        ParentId = newParent.Id;
    }

    public void Deactivate(bool hasActiveChildren)
    {
        if (ParentId is null)
            throw new DomainException(OrganizationErrors.RootCannotDeactivate);
        if (hasActiveChildren)
            throw new DomainException(OrganizationErrors.HasActiveChildren(Code));
        IsActive = false;
    }

    public void Activate() => IsActive = true;

    public static string ValidateCode(string? code)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        if (!CodePattern().IsMatch(c))
            throw new DomainException(OrganizationErrors.InvalidCode(code ?? ""));
        return c;
    }

    public static string ValidateName(string? name)
    {
        var n = string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (n.Length == 0) throw new DomainException(OrganizationErrors.NameRequired);
        if (n.Length > MaxNameLength) throw new DomainException(OrganizationErrors.NameTooLong(MaxNameLength));
        return n;
    }

    private static string ValidateSuffix(string suffix)
    {
        var s = VietnameseText.RemoveDiacritics(suffix.Trim()).ToLowerInvariant();
        if (!SuffixPattern().IsMatch(s)) throw new DomainException(OrganizationErrors.InvalidSuffix(suffix));
        return s;
    }

    // National identifier codes: a letter group and digits (I02), then dot-separated levels (I02.36.05).
    [GeneratedRegex(@"^[A-Z][A-Z0-9]{1,4}(\.[A-Z0-9]{1,5}){0,5}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9]{2,16}$")]
    private static partial Regex SuffixPattern();
}
