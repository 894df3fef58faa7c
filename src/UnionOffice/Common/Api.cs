using System.Diagnostics.CodeAnalysis;

namespace UnionOffice.Common;

public sealed record ApiError(string Code, string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RowError>? Rows = null);

/// <summary>Turns refusals into the API's error shape: {"code","message"} with the error's HTTP status.</summary>
public static class Api
{
    public static IResult Problem(Error e) => Results.Json(new ApiError(e.Code, e.Message), statusCode: e.Status);

    public static RouteGroupBuilder WithApiErrors(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (DomainException e)
            {
                return Problem(e.Error);
            }
            catch (ImportException e)
            {
                return Results.Json(new ApiError("IMPORT_ROWS_INVALID", e.Message, e.Rows), statusCode: 400);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == 413)
            {
                return Problem(TabularFile.FileTooLarge);
            }
        });
        return group;
    }

    [SuppressMessage("Design", "CA1068", Justification = "Mirrors the framework's signature style.")]
    public static async Task<List<TabularFile.Row>> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new DomainException(TabularFile.FileUnreadable);
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.FirstOrDefault() ?? throw new DomainException(new Error("FILE_MISSING", "Chưa chọn tệp để nhập."));
        if (file.Length > TabularFile.MaxBytes) throw new DomainException(TabularFile.FileTooLarge);
        await using var s = file.OpenReadStream();
        return await TabularFile.ReadAsync(s, file.FileName, ct);
    }
}
