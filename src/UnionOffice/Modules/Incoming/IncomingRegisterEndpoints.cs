using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using UnionOffice.Common;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// Downloads of the incoming registers and of a document's handling slip, as Excel (.xlsx) or PDF. The same routes exist
/// twice: under <c>/api/v1</c> for bearer tokens (errors in the API's JSON shape), and at the same path without the prefix
/// for the pages, with the session cookie (a refusal is a short Vietnamese page; an unknown document the not-found page).
/// </summary>
public static class IncomingRegisterEndpoints
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static void MapIncomingRegisterEndpoints(this RouteGroupBuilder api) =>
        Map(api.MapGroup("/incoming").WithTags("Văn bản đến"));

    /// <summary>The pages' download links, with the session cookie (the API's routes take bearer tokens).</summary>
    public static void MapIncomingRegisterPages(this IEndpointRouteBuilder app) =>
        Map(app.MapGroup("/incoming").RequireAuthorization().ExcludeFromDescription().AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (DomainException e)
            {
                return Refusal(e.Error);
            }
        }));

    private static void Map(RouteGroupBuilder g)
    {
        g.MapGet("/registers/{year:int}/export", RegisterAsync)
            .WithSummary("Sổ đăng ký văn bản đến của cơ quan trong năm (NĐ30 Phụ lục IV, mẫu VI): ?organizationCode=&format=xlsx|pdf&from=&to= (ngày đến). Văn thư, lãnh đạo cơ quan.");
        g.MapGet("/registers/{year:int}/tracking", TrackingAsync)
            .WithSummary("Sổ theo dõi giải quyết văn bản đến (NĐ30 Phụ lục IV, mẫu VIII): ?organizationCode=&format=xlsx|pdf&from=&to=. Văn thư, lãnh đạo cơ quan.");
        g.MapGet("/{id:guid}/slip", SlipAsync)
            .WithSummary("Phiếu giải quyết văn bản đến (NĐ30 Phụ lục IV, mẫu VII): ?format=pdf|xlsx. Người được xem văn bản.");
    }

    // organizationCode as everywhere in the API; organization accepted as a shorter alias.
    private static async Task<IResult> RegisterAsync(int year, string? organizationCode, string? organization, string? format, string? from, string? to,
        IncomingRegisters registers, CancellationToken ct)
    {
        var f = Export.ParseFormat(format, ExportFormat.Xlsx);
        var (start, end) = (Export.ParseDate(from, "Ngày bắt đầu"), Export.ParseDate(to, "Ngày kết thúc"));
        return File(await registers.RegisterAsync(organizationCode ?? organization, year, start, end, f, ct));
    }

    private static async Task<IResult> TrackingAsync(int year, string? organizationCode, string? organization, string? format, string? from, string? to,
        IncomingRegisters registers, CancellationToken ct)
    {
        var f = Export.ParseFormat(format, ExportFormat.Xlsx);
        var (start, end) = (Export.ParseDate(from, "Ngày bắt đầu"), Export.ParseDate(to, "Ngày kết thúc"));
        return File(await registers.TrackingAsync(organizationCode ?? organization, year, start, end, f, ct));
    }

    private static async Task<IResult> SlipAsync(Guid id, string? format, IncomingSlip slip, CancellationToken ct) =>
        File(await slip.ExportAsync(id, Export.ParseFormat(format, ExportFormat.Pdf), ct));

    private static IResult File(ExportedFile f) => Results.File(f.Content, f.ContentType, f.FileName);

    private static IResult Refusal(Error e) => e.Status == 404
        ? Results.NotFound()
        : Results.Content(
            $"<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Không tải được – UnionOffice</title><body style=\"font-family:sans-serif;padding:2rem\">" +
            $"<h1>Không tải được tệp</h1><p>{Html.Encode(e.Message)}</p><p><a href=\"/incoming\">Về trang Văn bản đến</a></p></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, e.Status);
}
