using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

/// <summary>
/// Columns of the bulk account file: fullName, organizationCode, roles (several separated by ';'), departmentCode,
/// userName (optional: proposed when empty), email, phoneNumber, jobTitle.
/// </summary>
public static class AccountImportFile
{
    public static List<(int Row, NewAccount Account)> ToAccounts(IReadOnlyList<TabularFile.Row> rows, string? defaultOrganizationCode)
    {
        if (rows.Count == 0) throw new DomainException(TabularFile.FileEmpty);
        if (rows.Count > 2000) throw new DomainException(new Error("IMPORT_TOO_MANY", "Tệp có quá nhiều dòng (tối đa 2.000 tài khoản một lần)."));
        return rows.Select(r =>
        {
            var org = r["organizationcode"] ?? defaultOrganizationCode ?? "";
            var roles = (r["roles"] ?? r["role"] ?? "").Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(role => new RoleRequest(role, org, r["departmentcode"])).ToList();
            return (r.Number, new NewAccount(r["fullname"] ?? "", org, r["username"], r["email"], r["phonenumber"], r["jobtitle"], roles));
        }).ToList();
    }
}
