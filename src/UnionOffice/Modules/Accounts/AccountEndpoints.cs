using UnionOffice.Common;

namespace UnionOffice.Modules.Accounts;

public sealed record StatusRequest(string? Reason);

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Tài khoản");
        users.MapGet("", async (string? organizationCode, string? q, string? status, int? page, int? pageSize, AccountQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.ListAsync(organizationCode, q, status, page ?? 1, pageSize ?? 50, ct)));
        users.MapGet("/{id:guid}", async (Guid id, AccountQueries queries, CancellationToken ct) => Results.Ok(await queries.GetAsync(id, ct)));
        users.MapPost("", async (NewAccount r, AccountService accounts, CancellationToken ct) =>
        {
            var issued = await accounts.CreateAsync(r, ct);
            return Results.Created($"/api/v1/users/{issued.Id}", issued);
        }).WithSummary("Tạo tài khoản; trả về mật khẩu dùng một lần (chỉ hiển thị lần này).");
        users.MapPost("/propose-username", async (NewAccount r, AccountService accounts, CancellationToken ct) =>
            Results.Ok(new { userName = await accounts.ProposeUserNameAsync(r.FullName, r.OrganizationCode, ct) }));
        users.MapPost("/import", async (string organizationCode, HttpRequest request, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RequireAdministerAsync(organizationCode, ct);
            var rows = await Api.ReadUploadAsync(request, ct);
            var issued = await accounts.ImportAsync(AccountImportFile.ToAccounts(rows, organizationCode), ct);
            return Results.Ok(issued);
        }).DisableAntiforgery().WithSummary("Tạo hàng loạt từ CSV/Excel: fullName, organizationCode, roles, departmentCode, userName, email, phoneNumber, jobTitle.");
        users.MapPost("/{id:guid}/lock", async (Guid id, StatusRequest? r, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.SetStatusAsync(id, false, r?.Reason, ct);
            return Results.NoContent();
        });
        users.MapPost("/{id:guid}/unlock", async (Guid id, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.SetStatusAsync(id, true, null, ct);
            return Results.NoContent();
        });
        users.MapPost("/{id:guid}/reset-password", async (Guid id, AccountService accounts, CancellationToken ct) =>
            Results.Ok(new { oneTimePassword = await accounts.ResetPasswordAsync(id, ct) }));
        users.MapPost("/{id:guid}/roles", async (Guid id, RoleRequest r, AccountService accounts, CancellationToken ct) =>
        {
            var a = await accounts.GrantRoleAsync(id, r, ct);
            return Results.Created($"/api/v1/users/{id}/roles/{a.Id}", new { a.Id });
        });
        users.MapDelete("/{id:guid}/roles/{assignmentId:guid}", async (Guid id, Guid assignmentId, AccountService accounts, CancellationToken ct) =>
        {
            await accounts.RemoveRoleAsync(id, assignmentId, ct);
            return Results.NoContent();
        });

        var delegations = api.MapGroup("/delegations").WithTags("Ủy quyền");
        delegations.MapGet("", async (DelegationService s, CancellationToken ct) => Results.Ok(await s.ListAsync(ct)));
        delegations.MapPost("", async (NewDelegation r, DelegationService s, CancellationToken ct) =>
        {
            var d = await s.RequestAsync(r, ct);
            return Results.Created($"/api/v1/delegations/{d.Id}", new { d.Id, status = d.Status.ToString() });
        });
        delegations.MapPost("/{id:guid}/approve", async (Guid id, DelegationService s, CancellationToken ct) =>
            Results.Ok(new { status = (await s.DecideAsync(id, true, ct)).Status.ToString() }));
        delegations.MapPost("/{id:guid}/reject", async (Guid id, DelegationService s, CancellationToken ct) =>
            Results.Ok(new { status = (await s.DecideAsync(id, false, ct)).Status.ToString() }));
        delegations.MapPost("/{id:guid}/revoke", async (Guid id, DelegationService s, CancellationToken ct) =>
            Results.Ok(new { status = (await s.RevokeAsync(id, ct)).Status.ToString() }));
    }
}
