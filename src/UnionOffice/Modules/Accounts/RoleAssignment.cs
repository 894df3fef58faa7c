namespace UnionOffice.Modules.Accounts;

public sealed class RoleAssignment
{
    private RoleAssignment() { }

    public RoleAssignment(Guid userId, Guid organizationId, Role role, Guid? departmentId)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        OrganizationId = organizationId;
        Role = role;
        DepartmentId = departmentId;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public Role Role { get; private set; }
}
