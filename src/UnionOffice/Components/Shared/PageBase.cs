using Microsoft.AspNetCore.Components;
using UnionOffice.Common;
using UnionOffice.Modules.Access;

namespace UnionOffice.Components.Shared;

/// <summary>What every page has: the request, the person, the access policy, and one way to turn refusals into messages.</summary>
public abstract class PageBase : ComponentBase
{
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;
    [Inject] protected CurrentUser Current { get; set; } = default!;
    [Inject] protected AccessPolicy Access { get; set; } = default!;
    [Inject] protected NavigationManager Nav { get; set; } = default!;

    protected string? Success { get; set; }
    protected string? Problem { get; set; }
    protected IReadOnlyList<RowError> RowErrors { get; set; } = [];

    /// <summary>Runs an action; a refusal becomes the page's error message and nothing else happens.</summary>
    protected async Task<bool> TryAsync(Func<Task> action, string? success = null)
    {
        try
        {
            await action();
            Success = success;
            return true;
        }
        catch (DomainException e)
        {
            Problem = e.Error.Message;
            if (e.Error.Status == 403) HttpContext.Response.StatusCode = 403;
        }
        catch (ImportException e)
        {
            Problem = e.Message;
            RowErrors = e.Rows;
        }
        return false;
    }

    /// <summary>Pages that only some may see answer 403 to everyone else.</summary>
    protected void Deny()
    {
        HttpContext.Response.StatusCode = 403;
        Problem = Error.Forbidden.Message;
    }
}
