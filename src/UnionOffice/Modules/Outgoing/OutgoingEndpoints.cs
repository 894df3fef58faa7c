using UnionOffice.Common;
using UnionOffice.Modules.Signing;

namespace UnionOffice.Modules.Outgoing;

public sealed record ReplyRequest(string? Text);

public static class OutgoingEndpoints
{
    public static IServiceCollection AddOutgoingModule(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SigningOptions>(config.GetSection("Signing"));
        services.AddHttpClient("tsa", c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(ValidationData.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<ValidationData>();
        services.Configure<Signing.Remote.RemoteSigningOptions>(config.GetSection("Signing:Remote"));
        services.AddHttpClient(Signing.Remote.SmartCaClient.HttpClientName, (sp, c) =>
            c.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Signing.Remote.RemoteSigningOptions>>().Value.RequestTimeout);
        services.AddScoped<Signing.Remote.IRemoteSigningService, Signing.Remote.SmartCaClient>();
        return services.AddScoped<OutgoingDrafts>().AddScoped<DocumentPolicies>().AddScoped<OutgoingWorkflow>().AddScoped<OutgoingBatchSigning>().AddScoped<OutgoingMailer>().AddScoped<Arrivals>().AddScoped<OutgoingPdf>().AddSingleton<PdfSigning>().AddScoped<Publication>().AddSingleton<NumberLineLocator>()
            .AddScoped<Certificates>().AddScoped<DeferredSigning>().AddSingleton<ServerKeys>().AddScoped<Work.IDueWorkSource, CertificateDueWork>().AddScoped<TrustAnchors>().AddSingleton<PinThrottle>().AddScoped<OutgoingRegisterExport>().AddScoped<OutgoingPageQueries>().AddScoped<RecipientLists>()
            .AddScoped<Organizations.IOrganizationUsage, OutgoingUsage>();
    }

    /// <summary>
    /// Files for the pages, with the session cookie (the API's file routes take bearer tokens): a version of an outgoing
    /// document (or its signed / issued PDF), and a document waiting in the "to register" queue. Anyone else gets 404.
    /// </summary>
    /// <summary>A remote signing service's answer as the API and the pages give it: 202 while the person has not confirmed on the phone.</summary>
    private static IResult RemoteAnswer(object? done) => done is null ? Results.Json(new { state = "Waiting" }, statusCode: 202) : Results.Ok(done);

    /// <summary>Saved recipient lists: for an app (bearer, under /api/v1/outgoing) and for the draft form's script (session, under /outgoing).</summary>
    private static void MapRecipientLists(RouteGroupBuilder g)
    {
        g.MapGet("", async (string organizationCode, RecipientLists l, CancellationToken ct) => Results.Ok(await l.ListAsync(organizationCode, ct)))
            .WithSummary("Các danh sách nơi nhận đã lưu của cơ quan (dùng khi soạn văn bản đi).");
        g.MapPost("", async (SaveRecipientList r, RecipientLists l, CancellationToken ct) => Results.Ok(await l.SaveAsync(r, ct)))
            .WithSummary("Lưu các nơi nhận (mã cơ quan) thành danh sách có tên; cùng tên thì thay danh sách cũ.");
        g.MapDelete("/{id:guid}", async (Guid id, RecipientLists l, CancellationToken ct) =>
        {
            await l.RemoveAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Xóa một danh sách nơi nhận (văn thư, lãnh đạo cơ quan hoặc người đã lưu).");
    }

    public static void MapOutgoingPageFiles(this IEndpointRouteBuilder app)
    {
        MapRecipientLists(app.MapGroup("/outgoing/recipient-lists").RequireAuthorization().WithApiErrors().ExcludeFromDescription());
        // The outgoing register for the pages (the session cookie; the API's route takes bearer tokens): clerks and heads.
        app.MapPageDownloads("/outgoing").MapGet("/registers/{year:int}/export", async (int year, string? organizationCode, string? format,
            OutgoingRegisterExport export, CancellationToken ct) =>
        {
            var (bytes, type, name) = await export.ExportAsync(organizationCode ?? "", year, format, ct);
            return Results.File(bytes, type, name);
        });

        // The two halves of a signature with a USB token, for the document page's script: the session cookie and the
        // page's antiforgery token (a form field), errors as the API's JSON.
        var sign = app.MapGroup("/outgoing/{id:guid}/sign").RequireAuthorization().ExcludeFromDescription().WithApiErrors().RequirePageAntiforgery();
        sign.MapPost("/prepare", async (Guid id, OutgoingWorkflow w, CancellationToken ct) => Results.Ok(await w.PrepareSignAsync(id, ct)));
        // Every field optional to the binder, so that whatever is missing is said by the workflow as JSON, after the signer check.
        sign.MapPost("/complete", async (Guid id, [Microsoft.AspNetCore.Mvc.FromForm] Guid? pendingId, [Microsoft.AspNetCore.Mvc.FromForm] string? signature,
            OutgoingWorkflow w, CancellationToken ct) =>
        {
            await w.CompleteSignAsync(id, new CompleteSignatureRequest(pendingId ?? Guid.Empty, signature), ct);
            return Results.NoContent();
        });
        sign.MapPost("/remote", async (Guid id, [Microsoft.AspNetCore.Mvc.FromForm] Guid? pendingId, OutgoingWorkflow w, CancellationToken ct) =>
            RemoteAnswer(await w.CollectRemoteSignAsync(id, pendingId ?? Guid.Empty, ct) ? new { state = "Signed" } : null));

        // Ký lô from the "to sign" list with a USB token or a remote service: the list's script, the page's antiforgery token.
        var batch = app.MapGroup("/outgoing/sign-batch").RequireAuthorization().ExcludeFromDescription().WithApiErrors().RequirePageAntiforgery();
        batch.MapPost("/prepare", async (HttpRequest req, OutgoingBatchSigning b, CancellationToken ct) =>
        {
            var form = await req.ReadFormAsync(ct);
            var ids = form["ids"].Select(v => Guid.TryParse(v, out var g) ? g : Guid.Empty).ToList();
            return Results.Ok(await b.PrepareAsync(new BatchPrepareRequest(ids), ct));
        });
        batch.MapPost("/complete", async (HttpRequest req, OutgoingBatchSigning b, CancellationToken ct) =>
        {
            var form = await req.ReadFormAsync(ct);
            List<BatchCompleteItem>? items;
            try
            {
                items = System.Text.Json.JsonSerializer.Deserialize<List<BatchCompleteItem>>(form["items"].ToString(), System.Text.Json.JsonSerializerOptions.Web);
            }
            catch (System.Text.Json.JsonException)
            {
                items = null;
            }
            return Results.Ok(await b.CompleteAsync(new BatchCompleteRequest(items), ct));
        });
        batch.MapPost("/{batchId:guid}/remote", async (Guid batchId, OutgoingBatchSigning b, CancellationToken ct) =>
            RemoteAnswer(await b.CollectRemoteAsync(batchId, ct)));

        // The signing page's script registers the certificate it read from the person's USB token (public part only).
        app.MapGroup("/signing").RequireAuthorization().ExcludeFromDescription().WithApiErrors().RequirePageAntiforgery()
            .MapPost("/token", async ([Microsoft.AspNetCore.Mvc.FromForm] string? certificate, Certificates certs, CancellationToken ct) =>
            {
                var dto = await certs.RegisterTokenAsync(new ExternalCertificateRequest(certificate, null), ct);
                return Results.Created($"/api/v1/certificates/{dto.Id}", dto);
            });

        // The public page's files: anyone, for published documents only.
        app.MapGet("/cong-khai/{code}/{id:guid}", async (string code, Guid id, Publication publication, CancellationToken ct) =>
            await publication.FileAsync(code, id, ct) is { } f ? Results.File(f.Content, "application/pdf", f.Name, enableRangeProcessing: true) : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/outgoing/{id:guid}/file", async (Guid id, int? version, bool? source, bool? download, OutgoingDrafts d, CancellationToken ct) =>
        {
            try
            {
                var (name, content, type) = await d.OpenVersionAsync(id, version, source == true, ct);
                return Results.File(content, type, download == true || source == true ? name : null, enableRangeProcessing: true);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/incoming/arrivals/{id:guid}/file", async (Guid id, int? order, bool? download, Arrivals arrivals, CancellationToken ct) =>
        {
            try
            {
                var (name, type, content) = await arrivals.OpenAsync(id, ct, order ?? 0);
                // Only a PDF opens in the page; anything else the sender attached is downloaded, never shown from our origin.
                var inline = download != true && type == "application/pdf";
                return Results.File(content, inline ? type : "application/octet-stream", inline ? null : name, enableRangeProcessing: true);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization().ExcludeFromDescription();
    }

    public static void MapOutgoingEndpoints(this RouteGroupBuilder api, long maxUploadBytes)
    {
        var g = api.MapGroup("/outgoing").WithTags("Văn bản đi");
        MapRecipientLists(g.MapGroup("/recipient-lists"));
        g.MapGet("/types", () => Results.Ok(DocumentTypes.All)).WithSummary("Danh mục loại văn bản (Phụ lục III NĐ30) với chữ viết tắt trong ký hiệu.");
        g.MapGet("/policy", async (string organizationCode, DocumentPolicies p, CancellationToken ct) => Results.Ok(await p.GetAsync(organizationCode, ct)))
            .WithSummary("Quy định của cơ quan cho từng loại văn bản: chỉ gửi điện tử hay gửi cả bản giấy, có được đăng công khai hay không (mặc định: chỉ điện tử, không công khai).");
        g.MapPut("/policy", async (string organizationCode, DocumentPolicyRequest r, DocumentPolicies p, CancellationToken ct) => Results.Ok(await p.SetAsync(organizationCode, r, ct)))
            .WithSummary("Đặt quy định của cơ quan (lãnh đạo cơ quan hoặc quản trị): loại không nêu trở về mặc định.");
        g.MapPost("", async (DraftRequest r, OutgoingDrafts d, CancellationToken ct) =>
        {
            var created = await d.CreateAsync(r, ct);
            return Results.Created($"/api/v1/outgoing/{created.Id}", created);
        }).WithSummary("Tạo dự thảo văn bản đi: loại, trích yếu, độ khẩn, người ký, nơi nhận (mã định danh cơ quan hoặc e-mail), văn bản đến được trả lời. Văn bản mật bị từ chối.");
        g.MapGet("/find", async (string organizationCode, string? q, int? year, int? take, OutgoingDrafts d, TimeProvider time, CancellationToken ct) =>
            Results.Ok(await d.FindAsync(organizationCode, q, year ?? Formats.Today(time).Year, take ?? 50, ct)))
            .WithSummary("Tìm văn bản đi của cơ quan mà người dùng được đọc, trong một năm: mọi từ của q (không cần dấu) có trong trích yếu, số ký hiệu, loại hoặc người soạn; mới nhất trước.");
        g.MapGet("", async (string organizationCode, string view, int? take, OutgoingDrafts d, CancellationToken ct) =>
            Results.Ok(await d.ListAsync(organizationCode, view, take ?? 50, ct)))
            .WithSummary("Danh sách: mine (dự thảo của tôi), to-review, to-sign, to-issue, issued, comments (chờ tôi góp ý).");
        g.MapGet("/counts", async (string organizationCode, OutgoingPageQueries q, CancellationToken ct) => Results.Ok(await q.CountsAsync(organizationCode, ct)))
            .WithSummary("Số văn bản trong từng danh sách (mine, to-review, to-sign, to-issue, issued, comments) của cơ quan, đếm hết (danh sách chỉ hiện tối đa 200).");
        g.MapGet("/{id:guid}", async (Guid id, OutgoingDrafts d, CancellationToken ct) => Results.Ok(await d.GetAsync(id, ct)))
            .WithSummary("Văn bản đi với các phiên bản, ý kiến góp ý, quá trình xử lý, trạng thái tại từng nơi nhận (01–06) và các thao tác được phép.");
        g.MapPut("/{id:guid}", async (Guid id, DraftRequest r, OutgoingDrafts d, CancellationToken ct) => Results.Ok(await d.UpdateAsync(id, r, ct)));
        g.MapPost("/{id:guid}/versions", async (Guid id, HttpRequest req, OutgoingDrafts d, CancellationToken ct) =>
        {
            var form = await req.ReadFormCheckedAsync(null, ct);
            var file = form.Files.GetFile("file") ?? throw new DomainException(Files.FileErrors.Missing);
            return Results.Ok(await d.UploadAsync(id, file, form["note"], ct));
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes + 64 * 1024))
            .WithSummary("Tải lên phiên bản mới (multipart: file = PDF hoặc DOCX, note). DOCX được chuyển sang PDF; các phiên bản cũ vẫn xem được.");
        g.MapPost("/{id:guid}/appendices", async (Guid id, HttpRequest req, OutgoingDrafts d, CancellationToken ct) =>
        {
            var form = await req.ReadFormCheckedAsync(null, ct);
            var file = form.Files.GetFile("file") ?? throw new DomainException(Files.FileErrors.Missing);
            var added = await d.AddAppendixAsync(id, file, ct);
            return Results.Created($"/api/v1/outgoing/{id}/appendices/{added.Id}", added);
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes + 64 * 1024))
            .WithSummary("Thêm phụ lục là tệp riêng (PDF hoặc DOCX); khi phát hành, văn thư ký số của cơ quan vào từng phụ lục.");
        g.MapDelete("/{id:guid}/appendices/{appendixId:guid}", async (Guid id, Guid appendixId, OutgoingDrafts d, CancellationToken ct) =>
        {
            await d.RemoveAppendixAsync(id, appendixId, ct);
            return Results.NoContent();
        });
        g.MapGet("/{id:guid}/appendices/{appendixId:guid}/file", async (Guid id, Guid appendixId, OutgoingDrafts d, CancellationToken ct) =>
        {
            var (name, content) = await d.OpenAppendixAsync(id, appendixId, ct);
            return Results.File(content, "application/pdf", name, enableRangeProcessing: true);
        });
        g.MapGet("/{id:guid}/file", async (Guid id, int? version, bool? source, OutgoingDrafts d, CancellationToken ct) =>
        {
            var (name, content, type) = await d.OpenVersionAsync(id, version, source == true, ct);
            return Results.File(content, type, name, enableRangeProcessing: true);
        }).WithSummary("Tệp của văn bản: bản phát hành (hoặc bản đã ký) nếu có, hoặc phiên bản dự thảo (version); source=true lấy tệp DOCX gốc.");
        g.MapPost("/{id:guid}/comments", async (Guid id, AskCommentRequest r, OutgoingDrafts d, CancellationToken ct) => Results.Ok(await d.AskCommentAsync(id, r, ct)))
            .WithSummary("Lấy ý kiến góp ý của đồng nghiệp trong cơ quan, có hạn.");
        g.MapPost("/comments/{commentId:guid}/reply", async (Guid commentId, ReplyRequest r, OutgoingDrafts d, CancellationToken ct) =>
        {
            await d.ReplyCommentAsync(commentId, r.Text, ct);
            return Results.NoContent();
        });
        g.MapPost("/{id:guid}/submit", async (Guid id, OutgoingWorkflow w, CancellationToken ct) => { await w.SubmitAsync(id, ct); return Results.NoContent(); })
            .WithSummary("Tác giả trình dự thảo: lãnh đạo phòng/ban duyệt nội dung, rồi văn thư kiểm tra thể thức.");
        g.MapPost("/{id:guid}/approve", async (Guid id, OutgoingWorkflow w, CancellationToken ct) => { await w.ApproveAsync(id, ct); return Results.NoContent(); })
            .WithSummary("Đồng ý ở bước hiện tại (nội dung bởi lãnh đạo phòng/ban, thể thức bởi văn thư).");
        g.MapPost("/{id:guid}/return", async (Guid id, ReasonRequest r, OutgoingWorkflow w, CancellationToken ct) => { await w.ReturnAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Trả lại tác giả kèm lý do (người duyệt hoặc người ký).");
        g.MapPost("/{id:guid}/sign", async (Guid id, PinRequest r, OutgoingWorkflow w, CancellationToken ct) => { await w.SignAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Lãnh đạo ký số (PAdES, chứng thực DocMDP cho phép điền số, ngày và ký tiếp) bằng chứng thư số cá nhân và mã PIN.");
        g.MapPost("/{id:guid}/sign/prepare", async (Guid id, OutgoingWorkflow w, CancellationToken ct) => Results.Ok(await w.PrepareSignAsync(id, ct)))
            .WithSummary("Chuẩn bị chữ ký của lãnh đạo bằng khóa giữ ở nơi khác (USB token, dịch vụ ký số từ xa): trả về giá trị băm SHA-256 cần ký (digest, base64), chứng thư phải ký và thời hạn của phiên ký.");
        g.MapPost("/{id:guid}/sign/complete", async (Guid id, CompleteSignatureRequest r, OutgoingWorkflow w, CancellationToken ct) =>
            { await w.CompleteSignAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Hoàn tất chữ ký: chữ ký thô (base64, RSA PKCS#1 v1.5 hoặc ECDSA) trên digest của phiên ký pendingId; kiểm tra khớp chứng thư, nhúng vào văn bản (PAdES).");
        g.MapPost("/sign-batch", async (BatchSignRequest r, OutgoingBatchSigning b, CancellationToken ct) => Results.Ok(await b.SignAsync(r, ct)))
            .WithSummary("Ký lô bằng chứng thư lưu trên hệ thống: một mã PIN cho tối đa 50 văn bản (ids); mỗi văn bản được kiểm tra và ký riêng, kết quả từng văn bản (ok, code, message).");
        g.MapPost("/sign-batch/prepare", async (BatchPrepareRequest r, OutgoingBatchSigning b, CancellationToken ct) => Results.Ok(await b.PrepareAsync(r, ct)))
            .WithSummary("Ký lô bằng USB token hoặc dịch vụ ký số từ xa: chuẩn bị từng văn bản (ids) trong một lô (batchId), trả về digest của từng văn bản; với dịch vụ từ xa, một yêu cầu xác nhận cho cả lô (remoteTransactionId).");
        g.MapPost("/sign-batch/complete", async (BatchCompleteRequest r, OutgoingBatchSigning b, CancellationToken ct) => Results.Ok(await b.CompleteAsync(r, ct)))
            .WithSummary("Hoàn tất ký lô bằng USB token: items = [{id, pendingId, signature}]; kết quả từng văn bản.");
        g.MapPost("/sign-batch/{batchId:guid}/remote", async (Guid batchId, OutgoingBatchSigning b, CancellationToken ct) =>
                RemoteAnswer(await b.CollectRemoteAsync(batchId, ct)))
            .WithSummary("Ký lô từ xa: 202 khi người ký chưa xác nhận trên điện thoại; 200 với kết quả từng văn bản khi đã xác nhận.");
        g.MapPost("/{id:guid}/sign/remote", async (Guid id, RemoteSignCheck r, OutgoingWorkflow w, CancellationToken ct) =>
                RemoteAnswer(await w.CollectRemoteSignAsync(id, r.PendingId, ct) ? new { state = "Signed" } : null))
            .WithSummary("Ký số từ xa: hỏi dịch vụ ký số từ xa người ký đã xác nhận trên điện thoại chưa (pendingId do bước chuẩn bị trả về): 202 Waiting khi còn chờ, 200 Signed khi đã ký; từ chối, hết hạn trả lỗi.");
        g.MapPost("/{id:guid}/issue", async (Guid id, IssueRequest r, OutgoingWorkflow w, CancellationToken ct) => Results.Ok(await w.IssueAsync(id, r, ct)))
            .WithSummary("Văn thư phát hành: cấp số theo sổ văn bản đi của năm, ghi số, ngày, ký số của cơ quan và gửi đến các nơi nhận — đúng một lần (nhấn lại trả về cùng số). publish=true: xác nhận đăng công khai mà người soạn đề nghị.");
        g.MapPost("/{id:guid}/paper-number", async (Guid id, OutgoingWorkflow w, CancellationToken ct) => Results.Ok(await w.NumberOnPaperAsync(id, ct)))
            .WithSummary("Lãnh đạo đã ký trên giấy (văn bản chờ ký): văn thư ghi nhận và lấy số tiếp theo của sổ văn bản đi để ghi lên bản giấy cùng ngày tháng — nhấn lại trả về cùng số.");
        g.MapPost("/{id:guid}/paper-issue", async (Guid id, HttpRequest req, OutgoingWorkflow w, CancellationToken ct) =>
        {
            var form = await req.ReadFormCheckedAsync(null, ct);
            var file = form.Files.GetFile("file") ?? throw new DomainException(Files.FileErrors.Missing);
            return Results.Ok(await w.IssuePaperAsync(id, c => OutgoingWorkflow.ReadScanAsync(file, maxUploadBytes, c),
                new IssueRequest(form["pin"], form["publish"] == "true" ? true : null), ct));
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(maxUploadBytes + 64 * 1024))
            .WithSummary("Phát hành bản số hóa của văn bản ký trên giấy (multipart: file = bản quét PDF đã ghi số, ngày, đóng dấu; pin của chứng thư số cơ quan; publish): chữ ký số của cơ quan xác thực bản số hóa, gửi đến các nơi nhận như khi phát hành.");
        g.MapPost("/{id:guid}/unpublish", async (Guid id, ReasonRequest r, OutgoingWorkflow w, CancellationToken ct) => { await w.UnpublishAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Gỡ văn bản khỏi trang công khai của cơ quan (văn thư, lãnh đạo).");
        g.MapPost("/{id:guid}/recipients/{deliveryId:guid}/paper-sent", async (Guid id, Guid deliveryId, PaperSentRequest r, OutgoingWorkflow w, CancellationToken ct) =>
            { await w.PaperSentAsync(id, deliveryId, r, ct); return Results.NoContent(); })
            .WithSummary("Văn thư ghi nhận ngày gửi bản giấy cho nơi nhận được đánh dấu gửi cả bản giấy.");
        g.MapPost("/{id:guid}/recall", async (Guid id, ReasonRequest r, OutgoingWorkflow w, CancellationToken ct) => { await w.RecallAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Thu hồi văn bản đã phát hành; nơi nhận được báo và bản đã nhận bị đóng băng.");
        g.MapGet("/register", async (string organizationCode, int year, string? format, OutgoingRegisterExport export, CancellationToken ct) =>
        {
            var (bytes, type, name) = await export.ExportAsync(organizationCode, year, format, ct);
            return Results.File(bytes, type, name);
        }).WithSummary("Sổ đăng ký văn bản đi (Phụ lục IV NĐ30) của năm, định dạng xlsx hoặc pdf.");

        var c = api.MapGroup("/certificates").WithTags("Chữ ký số");
        c.MapGet("", async (Certificates certs, CancellationToken ct) => Results.Ok(await certs.MineAsync(ct)))
            .WithSummary("Chứng thư số của tôi và của cơ quan mà tôi là văn thư.");
        c.MapPost("", async (HttpRequest req, Certificates certs, CancellationToken ct) =>
        {
            var form = await req.ReadFormCheckedAsync(null, ct);
            var file = form.Files.GetFile("file") ?? throw new DomainException(Files.FileErrors.Missing);
            await using var s = file.OpenReadStream();
            var dto = await certs.ImportAsync(form["organizationCode"], s, form["password"], ct);
            if (form.Files.GetFile("image") is { } image)
            {
                await using var img = image.OpenReadStream();
                dto = await certs.SetImageAsync(dto.Id, img, ct);
            }
            return Results.Created($"/api/v1/certificates/{dto.Id}", dto);
        }).DisableAntiforgery()
            .WithSummary("Nhập chứng thư số PKCS#12 (multipart: file, password, image = PNG chữ ký/con dấu, organizationCode khi là chứng thư của cơ quan). Mật khẩu không được lưu.");
        c.MapGet("/hsm", async (string? organizationCode, Certificates certs, CancellationToken ct) => Results.Ok(await certs.HsmCertificatesAsync(organizationCode, ct)))
            .WithSummary("Chứng thư số trong thiết bị ký số (HSM) của máy chủ, để văn thư/quản trị của cơ quan chọn (những chứng thư cấp cho cơ quan đứng trước).");
        c.MapPost("/hsm", async (HsmCertificateRequest r, Certificates certs, CancellationToken ct) =>
        {
            var dto = await certs.RegisterHsmAsync(r, ct);
            return Results.Created($"/api/v1/certificates/{dto.Id}", dto);
        }).WithSummary("Dùng chứng thư số của cơ quan có khóa trong HSM của máy chủ (organizationCode, keyReference): văn thư nhập mã PIN của thiết bị khi phát hành.");
        c.MapPost("/remote", async (RemoteCertificateRequest r, Certificates certs, CancellationToken ct) =>
        {
            var dto = await certs.RegisterRemoteAsync(r, ct);
            return Results.Created($"/api/v1/certificates/{dto.Id}", dto);
        }).WithSummary("Đăng ký chứng thư số cá nhân ở dịch vụ ký số từ xa (userId = số CCCD/định danh với dịch vụ, serial tùy chọn); ký bằng cách xác nhận trên điện thoại.");
        c.MapPost("/token", async (ExternalCertificateRequest r, Certificates certs, CancellationToken ct) =>
        {
            var dto = await certs.RegisterTokenAsync(r, ct);
            return Results.Created($"/api/v1/certificates/{dto.Id}", dto);
        }).WithSummary("Đăng ký chứng thư số cá nhân trên USB token (chỉ phần công khai: certificate, chain — DER base64 hoặc PEM); khóa bí mật không rời token.");
        c.MapPost("/{id:guid}/image", async (Guid id, HttpRequest req, Certificates certs, CancellationToken ct) =>
        {
            var form = await req.ReadFormCheckedAsync(null, ct);
            var file = form.Files.GetFile("image") ?? throw new DomainException(Files.FileErrors.Missing);
            await using var s = file.OpenReadStream();
            return Results.Ok(await certs.SetImageAsync(id, s, ct));
        }).DisableAntiforgery().WithSummary("Đặt ảnh chữ ký (màu xanh) hoặc ảnh con dấu (màu đỏ), PNG.");

        var a = api.MapGroup("/incoming/arrivals").WithTags("Văn bản đến");
        a.MapGet("", async (string organizationCode, bool? all, Arrivals arrivals, CancellationToken ct) => Results.Ok(await arrivals.ListAsync(organizationCode, all != true, ct)))
            .WithSummary("Văn bản điện tử chờ tiếp nhận (all=true: cả văn bản đã tiếp nhận, từ chối, thu hồi), với kết quả kiểm tra chữ ký số.");
        a.MapGet("/{id:guid}", async (Guid id, Arrivals arrivals, CancellationToken ct) => Results.Ok(await arrivals.GetAsync(id, ct)));
        a.MapGet("/{id:guid}/file", async (Guid id, Arrivals arrivals, CancellationToken ct) =>
        {
            var (name, type, content) = await arrivals.OpenAsync(id, ct);
            return Results.File(content, type, name, enableRangeProcessing: true);
        }).WithSummary("Tệp văn bản (tệp đầu tiên) của văn bản chờ tiếp nhận.");
        a.MapGet("/{id:guid}/files/{order:int}", async (Guid id, int order, Arrivals arrivals, CancellationToken ct) =>
        {
            var (name, type, content) = await arrivals.OpenAsync(id, ct, order);
            return Results.File(content, type, name, enableRangeProcessing: true);
        }).WithSummary("Từng tệp của văn bản chờ tiếp nhận (0: văn bản, 1…: phụ lục) — đọc đủ trước khi tiếp nhận hay từ chối.");
        a.MapPost("/{id:guid}/accept", async (Guid id, AcceptArrivalRequest r, Arrivals arrivals, CancellationToken ct) => Results.Ok(await arrivals.AcceptAsync(id, r, ct)))
            .WithSummary("Tiếp nhận: đăng ký thành văn bản đến (cấp số đến) từ dữ liệu của nơi gửi; nơi gửi thấy trạng thái 03.");
        a.MapPost("/{id:guid}/recall", async (Guid id, RecallDecisionRequest r, Arrivals arrivals, CancellationToken ct) => { await arrivals.DecideRecallAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Trả lời đề nghị thu hồi của nơi gửi ngoài hệ thống: đồng ý (15) hoặc từ chối có lý do (16).");
        a.MapPost("/{id:guid}/update", async (Guid id, RecallDecisionRequest r, Arrivals arrivals, CancellationToken ct) => { await arrivals.DecideUpdateAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Trả lời bản cập nhật của nơi gửi ngoài hệ thống: nhận (15) hoặc từ chối có lý do (16).");
        a.MapPost("/{id:guid}/refuse", async (Guid id, ReasonRequest r, Arrivals arrivals, CancellationToken ct) => { await arrivals.RefuseAsync(id, r, ct); return Results.NoContent(); })
            .WithSummary("Từ chối tiếp nhận kèm lý do; nơi gửi thấy trạng thái 02.");
    }
}

/// <summary>An organ that has issued documents is never deleted.</summary>
internal sealed class OutgoingUsage(Data.AppDbContext db) : Organizations.IOrganizationUsage
{
    public async Task<string?> ReasonInUseAsync(Guid organizationId, CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.OutgoingDocuments, d => d.OrganizationId == organizationId, ct)
            ? "đã có văn bản đi" : null;
}

/// <param name="PendingId">The session the prepare step returned.</param>
public sealed record RemoteSignCheck(Guid PendingId);
