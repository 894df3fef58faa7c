using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

public enum DelegationStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Revoked = 3,
}

/// <summary>What a delegation hands over (NĐ30 Điều 13).</summary>
public enum DelegationKind
{
    /// <summary>The whole role, for a while: the delegate acts in it on the delegator's behalf; a delegated head signs "KT." (ký thay).</summary>
    Role = 0,
    /// <summary>
    /// Thừa lệnh (Điều 13.4): the head lets the head of a unit sign some types of document "TL. &lt;head's title&gt;". Only the
    /// signing of those types passes; the delegate gains no other power of the head.
    /// </summary>
    SignByOrder = 1,
    /// <summary>
    /// Thừa ủy quyền (Điều 13.3): the same in an exceptional case, in writing, limited in time and content, and never passed
    /// on — a delegation can only be given from one's own role, so it cannot be.
    /// </summary>
    SignByAuthorisation = 2,
}

/// <summary>Ủy quyền: a person hands the authority of one of their roles in an organ to another for a date range.</summary>
public sealed class Delegation : IVersioned
{
    private Delegation() { }

    public Delegation(Guid organizationId, Guid fromUserId, Guid toUserId, Role role, DateOnly from, DateOnly to, string? reason, DateTimeOffset now,
        DelegationKind kind = DelegationKind.Role, IReadOnlyCollection<string>? documentTypes = null)
    {
        if (fromUserId == toUserId) throw new DomainException(AccountErrors.DelegateToSelf);
        if (to < from) throw new DomainException(AccountErrors.DelegationDates);
        if (!Roles.IsDelegable(role)) throw new DomainException(AccountErrors.RoleNotDelegable(role));
        if (kind != DelegationKind.Role)
        {
            if (role != Role.Head) throw new DomainException(AccountErrors.SigningDelegationNeedsHead);
            var types = (documentTypes ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (types.Count == 0) throw new DomainException(AccountErrors.SigningDelegationNeedsTypes);
            DocumentTypes = string.Join(';', types);
            if (DocumentTypes.Length > 500) throw new DomainException(AccountErrors.TextTooLong("Loại văn bản được ký", 500));
        }
        Kind = kind;
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        FromUserId = fromUserId;
        ToUserId = toUserId;
        Role = role;
        StartDate = from;
        EndDate = to;
        Reason = reason?.Trim();
        if (Reason?.Length > 500) throw new DomainException(AccountErrors.TextTooLong("Lý do", 500));
        CreatedAt = now;
        Status = DelegationStatus.Pending;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid FromUserId { get; private set; }
    public Guid ToUserId { get; private set; }
    public Role Role { get; private set; }
    public DelegationKind Kind { get; private set; }
    /// <summary>For TL./TUQ.: the document types (names of the catalogue) the delegate may sign, separated by ';'.</summary>
    public string? DocumentTypes { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public string? Reason { get; private set; }
    public DelegationStatus Status { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The abbreviation the delegate writes before the head's title when signing under this delegation.</summary>
    public string SigningAbbreviation => Kind switch
    {
        DelegationKind.SignByOrder => "TL.",
        DelegationKind.SignByAuthorisation => "TUQ.",
        _ => "KT.",
    };

    /// <summary>Whether a TL./TUQ. delegation covers a document of this type (a role delegation covers every type).</summary>
    public bool Covers(string? typeName) => Kind == DelegationKind.Role
        || (typeName is not null && (DocumentTypes ?? "").Split(';').Any(t => string.Equals(t, typeName.Trim(), StringComparison.OrdinalIgnoreCase)));

    public bool IsInForce(DateOnly today) => Status == DelegationStatus.Approved && StartDate <= today && today <= EndDate;

    public void Approve(Guid headUserId, DateTimeOffset now) => Decide(DelegationStatus.Approved, headUserId, now);
    public void Reject(Guid headUserId, DateTimeOffset now) => Decide(DelegationStatus.Rejected, headUserId, now);

    public void Revoke(Guid byUserId, DateTimeOffset now)
    {
        if (Status is DelegationStatus.Rejected or DelegationStatus.Revoked)
            throw new DomainException(AccountErrors.DelegationNotOpen);
        Status = DelegationStatus.Revoked;
        DecidedByUserId = byUserId;
        DecidedAt = now;
    }

    private void Decide(DelegationStatus status, Guid headUserId, DateTimeOffset now)
    {
        if (Status != DelegationStatus.Pending) throw new DomainException(AccountErrors.DelegationNotPending);
        Status = status;
        DecidedByUserId = headUserId;
        DecidedAt = now;
    }
}
