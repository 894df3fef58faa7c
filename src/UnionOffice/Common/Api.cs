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
            catch (Exception e) when (e is BadHttpRequestException { StatusCode: 413 } || e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                return Problem(new Error("REQUEST_TOO_LARGE", "Yêu cầu quá lớn: tệp gửi lên vượt giới hạn cho phép.", 413));
            }
        });
        return group;
    }

    /// <summary>
    /// A page's script posting to an endpoint with the session cookie must send the page's antiforgery token (the
    /// form field the page rendered, or the RequestVerificationToken header): checked here for every request, whatever
    /// the endpoint binds, and refused with a Vietnamese error — a cookie alone, sent by another site, does nothing.
    /// </summary>
    public static RouteGroupBuilder RequirePageAntiforgery(this RouteGroupBuilder group)
    {
        // The framework's own check runs while binding a [FromForm] parameter, before any filter, and answers a bare 400:
        // switched off here because this filter makes the same check for every request and says what went wrong.
        group.DisableAntiforgery();
        group.AddEndpointFilter(async (ctx, next) =>
        {
            var antiforgery = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(ctx.HttpContext))
                return Problem(new Error("ANTIFORGERY_INVALID", "Yêu cầu không đến từ trang của hệ thống (thiếu hoặc sai mã chống giả mạo); tải lại trang và thử lại.", 400));
            return await next(ctx);
        });
        return group;
    }

    /// <summary>
    /// The pages' downloads under <paramref name="prefix"/>, with the session cookie (the API's routes take bearer tokens):
    /// a refusal is a short Vietnamese text with its status, an unknown thing a plain 404.
    /// </summary>
    public static RouteGroupBuilder MapPageDownloads(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireAuthorization().ExcludeFromDescription().AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (DomainException e)
            {
                return e.Error.Status == 404 ? Results.NotFound() : Results.Text(e.Error.Message, "text/plain; charset=utf-8", statusCode: e.Error.Status);
            }
        });

    /// <summary>
    /// An upload's form, its text fields (a note, an organ's code, the document's JSON) held to <see cref="TextRules"/>
    /// like every other text of a request: control characters refused (TEXT_INVALID), before anything uses them.
    /// </summary>
    public static async Task<IFormCollection> ReadFormCheckedAsync(this HttpRequest request, Microsoft.AspNetCore.Http.Features.FormOptions? options,
        CancellationToken ct)
    {
        var form = options is null ? await request.ReadFormAsync(ct) : await request.ReadFormAsync(options, ct);
        foreach (var (_, values) in form)
            foreach (var v in values)
                if (v is not null && !TextRules.IsClean(v)) throw new DomainException(TextRules.Invalid);
        return form;
    }

    public static async Task<List<TabularFile.Row>> ReadUploadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new DomainException(TabularFile.FileUnreadable);
        var form = await request.ReadFormCheckedAsync(null, ct);
        return await TabularFile.ReadUploadAsync(form.Files.FirstOrDefault(), ct);
    }
}
