using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

public enum DelegationStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Revoked = 3,
}

/// <summary>Ủy quyền: a person hands the authority of one of their roles in an organ to another for a date range.</summary>
public sealed class Delegation : IVersioned
{
    private Delegation() { }

    public Delegation(Guid organizationId, Guid fromUserId, Guid toUserId, Role role, DateOnly from, DateOnly to, string? reason, DateTimeOffset now)
    {
        if (fromUserId == toUserId) throw new DomainException(AccountErrors.DelegateToSelf);
        if (to < from) throw new DomainException(AccountErrors.DelegationDates);
        if (!Roles.IsDelegable(role)) throw new DomainException(AccountErrors.RoleNotDelegable(role));
        Id = Guid.NewGuid();
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
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public string? Reason { get; private set; }
    public DelegationStatus Status { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

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
