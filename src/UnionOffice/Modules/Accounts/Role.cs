namespace UnionOffice.Modules.Accounts;

/// <summary>Roles of DOMAIN.md, always held in one organ (and a department where it applies).</summary>
public enum Role
{
    Head = 0,
    Clerk = 1,
    DepartmentHead = 2,
    Officer = 3,
    Administrator = 4,
    CommitteeMember = 5,
    /// <summary>
    /// Cấp phó of the organ's head, assigned the field of one department (one role per field): signs "KT." for the head the
    /// documents of that field, standing, without a dated delegation (NĐ30 Điều 13). Leading the organ otherwise (reading,
    /// directing) comes with <see cref="Head"/>, which a deputy usually also holds.
    /// </summary>
    Deputy = 6,
    /// <summary>
    /// Lưu trữ cơ quan (NĐ30 Điều 30): announces which closed dossiers are due, checks and receives them with the handover
    /// record, keeps them, serves consultation. Where an organ names no archivist its clerks do this work.
    /// </summary>
    Archivist = 7,
}

public static class Roles
{
    public static string Vietnamese(Role role) => role switch
    {
        Role.Head => "Lãnh đạo cơ quan",
        Role.Clerk => "Văn thư",
        Role.DepartmentHead => "Lãnh đạo phòng/ban",
        Role.Officer => "Chuyên viên",
        Role.Administrator => "Quản trị hệ thống",
        Role.CommitteeMember => "Ủy viên BCH/UBKT",
        Role.Deputy => "Cấp phó phụ trách lĩnh vực (ký thay)",
        Role.Archivist => "Lưu trữ cơ quan",
        _ => role.ToString(),
    };

    /// <summary>Roles that sit in a department (the others belong to the organ as a whole).</summary>
    public static bool NeedsDepartment(Role role) => role is Role.DepartmentHead or Role.Deputy;

    /// <summary>Roles whose authority may be delegated (ủy quyền). Administration is never delegated.</summary>
    public static bool IsDelegable(Role role) => role is Role.Head or Role.DepartmentHead or Role.Clerk or Role.Officer or Role.Archivist;

    public static bool TryParse(string? text, out Role role) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role);
}
