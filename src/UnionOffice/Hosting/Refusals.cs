using System.Text.Json;
using System.Text.RegularExpressions;
using UnionOffice.Common;
using UnionOffice.Common.Json;

namespace UnionOffice.Hosting;

/// <summary>
/// Turns every refusal that escapes an endpoint into the answer the API documents — <c>{code, message}</c> in
/// Vietnamese with its status — or, for pages, a short Vietnamese page; never a 500 and never a stack trace in the log
/// (review finding 5). A refusal is what the request did wrong: a rule of the domain (<see cref="DomainException"/>), a
/// value the framework could not bind (malformed JSON, <c>from=abc</c>, a missing parameter, a wrong content type, a
/// body over the limit), or text with control characters anywhere in the request (<see cref="RequestText"/>).
/// </summary>
public sealed partial class Refusals(RequestDelegate next, ILogger<Refusals> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        Error? refusal;
        try
        {
            RequestText.Check(ctx.Request);
            // A page's form (plain or with files: the page reads it whole anyway) and the API's plain forms; the API's
            // uploads are read by their endpoints, with their own limits, and checked there (ReadFormCheckedAsync).
            if (ctx.Request.HasFormContentType && (!IsApi(ctx.Request) || !IsMultipart(ctx.Request)))
                RequestText.Check(await ReadFormAsync(ctx));
            await next(ctx);
            return;
        }
        catch (DomainException e)
        {
            refusal = e.Error;
        }
        catch (BadHttpRequestException e)
        {
            refusal = FromBadRequest(e);
        }
        catch (FormRefused e)
        {
            refusal = e.Error;
        }
        if (ctx.Response.HasStarted) throw new InvalidOperationException($"Refused after the response started: {refusal.Code}");
        log.LogInformation("Request {Method} {Path} refused: {Code} {Message}", ctx.Request.Method, ctx.Request.Path, refusal.Code, refusal.Message);
        await WriteAsync(ctx, refusal);
    }

    /// <summary>The form reader's own refusals, said as the API says them: a limit (parts, length), a NUL, a body that is no form.</summary>
    private static async Task<IFormCollection> ReadFormAsync(HttpContext ctx)
    {
        try
        {
            return await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            throw new FormRefused(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? TooLarge
                : e.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase) || e.InnerException?.Message.Contains("null characters") == true ? TextRules.Invalid
                : new Error("REQUEST_INVALID", "Nội dung biểu mẫu gửi lên không đọc được."));
        }
    }

    private sealed class FormRefused(Error error) : Exception(error.Message)
    {
        public Error Error { get; } = error;
    }

    public static readonly Error TooLarge = new("REQUEST_TOO_LARGE", "Yêu cầu quá lớn: tệp hoặc nội dung gửi lên vượt giới hạn cho phép.", 413);

    /// <summary>The API's shape for an API path, a Vietnamese page for the rest.</summary>
    public static async Task WriteAsync(HttpContext ctx, Error e)
    {
        ctx.Response.Clear();
        ctx.Response.StatusCode = e.Status;
        ctx.Response.Headers.CacheControl = "no-store";
        if (IsApi(ctx.Request))
        {
            await ctx.Response.WriteAsJsonAsync(new ApiError(e.Code, e.Message));
            return;
        }
        ctx.Response.ContentType = "text/html; charset=utf-8";
        var title = e.Status switch { 403 => "Không có quyền", 404 => "Không tìm thấy", 413 => "Tệp quá lớn", _ => "Yêu cầu không hợp lệ" };
        await ctx.Response.WriteAsync($"<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>"
            + $"<link rel=\"stylesheet\" href=\"/css/site.css\"><body><main class=\"content\"><h1>{title}</h1><p class=\"alert error\">{Html.Encode(e.Message)}</p><p><a href=\"/\">Về trang chủ</a></p></main></body></html>");
    }

    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static bool IsApi(HttpRequest r) => r.Path.StartsWithSegments("/api");

    private static bool IsMultipart(HttpRequest r) => r.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>What the framework could not bind, said in Vietnamese with the field or parameter it concerns.</summary>
    public static Error FromBadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == 413) return TooLarge;
        if (e.StatusCode == 415)
            return new Error("UNSUPPORTED_MEDIA_TYPE", "Kiểu nội dung của yêu cầu không được hỗ trợ: gửi JSON (Content-Type: application/json) hoặc biểu mẫu có tệp (multipart/form-data) như tài liệu API mô tả.", 415);
        if (e.InnerException is JsonException j)
        {
            var field = j.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : null;
            if (j is TextJsonException) return TextRules.Invalid with { Message = field is null ? TextRules.Invalid.Message : $"Trường {field}: {TextRules.Invalid.Message}" };
            var why = j.Message.Split(" Path: ", 2)[0];
            var own = why.Length > 0 && !why.StartsWith("The JSON value", StringComparison.Ordinal) && !why.Contains("is invalid after", StringComparison.Ordinal)
                && !why.StartsWith('\'') && !why.Contains("Expected", StringComparison.Ordinal);
            return new Error("REQUEST_INVALID", field is null
                ? "Nội dung yêu cầu không phải JSON hợp lệ."
                : $"Giá trị của trường {field} không hợp lệ{(own ? $": {why}" : ".")}");
        }
        if (BindFailed().Match(e.Message) is { Success: true } b)
            return new Error("REQUEST_INVALID", $"Giá trị \"{Short(b.Groups["value"].Value)}\" của tham số {b.Groups["name"].Value} không hợp lệ.");
        if (Missing().Match(e.Message) is { Success: true } m)
            return new Error("REQUEST_INVALID", $"Thiếu tham số {m.Groups["name"].Value}.");
        if (e.Message.Contains("request body", StringComparison.OrdinalIgnoreCase))
            return new Error("REQUEST_INVALID", "Nội dung yêu cầu thiếu hoặc không phải JSON hợp lệ.");
        return new Error("REQUEST_INVALID", "Yêu cầu không hợp lệ.");
    }

    private static string Short(string s) => s.Length <= 60 ? s : s[..57] + "…";

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex Missing();
}

/// <summary>Every piece of text in a request's address and its plain form is checked before anything reads it.</summary>
public static class RequestText
{
    /// <exception cref="DomainException">TEXT_INVALID</exception>
    public static void Check(HttpRequest r)
    {
        if (!TextRules.IsClean(r.Path.Value ?? "")) throw new DomainException(TextRules.Invalid);
        foreach (var (_, values) in r.Query)
            foreach (var v in values)
                if (v is not null && !TextRules.IsClean(v)) throw new DomainException(TextRules.Invalid);
    }

    /// <exception cref="DomainException">TEXT_INVALID</exception>
    public static void Check(IFormCollection form)
    {
        foreach (var (_, values) in form)
            foreach (var v in values)
                if (v is not null && !TextRules.IsClean(v)) throw new DomainException(TextRules.Invalid);
    }
}
