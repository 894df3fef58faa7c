using UnionOffice.Modules.Exchange;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using UnionOffice.Common;
using UnionOffice.Components;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Incoming;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Recognition;
using UnionOffice.Modules.Work;
using UnionOffice.Modules.Dossiers;
using UnionOffice.Modules.Schedules;
using UnionOffice.Modules.Meetings;
using UnionOffice.Modules.Statistics;
using UnionOffice.Modules.Reports;

namespace UnionOffice.Hosting;

public static class AppHost
{
    public const string SmartScheme = "UnionOffice.Smart";

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddAppDatabase(builder.Configuration);
        services.Configure<SecurityOptions>(builder.Configuration.GetSection("Security"));
        services.ConfigureHttpJsonOptions(o => Common.Json.StrictJson.Configure(o.SerializerOptions));
        // A value that cannot be bound is an exception the Refusals middleware answers in Vietnamese, not an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        // Cookies and bearer tokens are protected with these keys: nodes behind one load balancer must share them.
        var dp = services.AddDataProtection().SetApplicationName("UnionOffice");
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            dp.PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiBearer>());
        builder.AddTelemetry();

        services.AddAccessModule().AddAuditModule().AddOrganizationsModule().AddAccountsModule(builder.Configuration);
        services.Configure<AuditOptions>(builder.Configuration.GetSection("Audit"));
        if (builder.Configuration.GetValue("Audit:RunAnchorJob", true)) services.AddHostedService<AuditAnchorJob>();
        services.AddRecognitionModule(builder.Configuration);
        services.AddOutgoingConversion(builder.Configuration);
        services.Configure<Modules.Files.StorageOptions>(builder.Configuration.GetSection("Storage"));
        // Where contents live: folders on the disk (embedded default) or an S3-compatible bucket (Storage:Kind = S3).
        if (builder.Configuration.GetValue("Storage:Kind", Modules.Files.StorageKind.Local) == Modules.Files.StorageKind.S3)
            services.AddSingleton<Modules.Files.IContentStorage, Modules.Files.S3ContentStorage>();
        else services.AddSingleton<Modules.Files.IContentStorage, Modules.Files.DiskContentStorage>();
        services.AddSingleton<Modules.Files.IFileStore, Modules.Files.FileStore>().AddScoped<Modules.Files.StorageSweep>();
        services.Configure<Modules.Operations.BackupOptions>(builder.Configuration.GetSection("Backup"));
        services.AddScoped<Modules.Operations.Backups>().AddScoped<Modules.Operations.ScheduledBackup>();
        if (builder.Configuration["Backup:Directory"] is { Length: > 0 }) services.AddHostedService<Modules.Operations.BackupJob>();
        if (builder.Configuration.GetValue("Storage:RunSweepJob", true)) services.AddHostedService<Modules.Files.StorageSweepJob>();
        services.AddIncomingModule();
        services.AddWorkModule();
        services.AddDossiersModule();
        services.AddSchedulesModule();
        services.AddMeetingsModule();
        services.AddStatisticsModule(builder.Configuration);
        services.AddReportsModule();
        services.AddOutgoingModule(builder.Configuration);
        services.AddExchangeModule(builder.Configuration);
        services.Configure<IncomingOptions>(builder.Configuration.GetSection("Incoming"));
        if (builder.Configuration.GetValue("Incoming:RunReminderJob", true)) services.AddHostedService<WorkReminderJob>();
        services.AddNotificationsModule(builder.Configuration);
        services.AddPush(builder.Configuration);
        services.Configure<Modules.Search.SearchOptions>(builder.Configuration.GetSection("Search"));
        services.AddScoped<Modules.Search.SearchIndex>().AddScoped<Modules.Search.TextExtraction>();
        if (builder.Configuration.GetValue("Search:RunExtractionJob", true)) services.AddHostedService<Modules.Search.TextExtractionJob>();
        // Vietnamese text is written as is, not as numeric character references (readable source, smaller pages).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery();
        return builder;
    }

    /// <summary>
    /// Where the settings (appsettings*.json) and the relative paths (the SQLite file, data/files) are: the folder the app
    /// was started in when its settings are there (<c>dotnet run</c>, a service with a WorkingDirectory), else the folder
    /// of the binary — run from anywhere, it reads the settings beside it (review finding 11). An explicit
    /// <c>--contentRoot</c> or ASPNETCORE_CONTENTROOT still decides.
    /// </summary>
    internal static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
            return null;
        if (File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))) return null;
        var beside = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(beside, "appsettings.json")) ? beside : null;
    }

    public static IServiceCollection AddAccessModule(this IServiceCollection services) =>
        services.AddScoped<CurrentUser>().AddScoped<AccessPolicy>()
            .AddSingleton<AccessCache>().AddSingleton<AccessChangeInterceptor>();

    /// <summary>DOCX drafts to PDF with LibreOffice (section "Conversion"); one converter per process, so its run limit holds.</summary>
    public static IServiceCollection AddOutgoingConversion(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ConversionOptions>(config.GetSection("Conversion"));
        return services.AddSingleton<DocumentConverter>();
    }

    public static IServiceCollection AddAuditModule(this IServiceCollection services) =>
        services.AddScoped<Auditor>().AddScoped<AuditQueries>().AddSingleton<AuditAnchors>();

    public static IServiceCollection AddOrganizationsModule(this IServiceCollection services) =>
        services.AddScoped<OrganizationService>().AddScoped<OrganizationQueries>().AddScoped<OrganizationImport>()
            .AddScoped<IOrganizationUsage, TreeAndAccountUsage>();

    public static IServiceCollection AddAccountsModule(this IServiceCollection services, IConfiguration config)
    {
        var security = config.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.AllowedForNewUsers = true;
                // The account itself locks only after guesses from many addresses; one address is stopped sooner by LoginThrottle.
                o.Lockout.MaxFailedAccessAttempts = security.AccountLockoutThreshold;
                o.Lockout.DefaultLockoutTimeSpan = security.LockoutDuration;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._";
                o.User.RequireUniqueEmail = false;
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddPasswordValidator<NotObviousPasswordValidator>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = security.AccessTokenLifetime)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "uo.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, 401);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, 403);
        });
        // Passkeys need the device to verify its holder (PIN, biometrics), so one counts as two factors.
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            if (config["Passkeys:ServerDomain"] is { Length: > 0 } domain) o.ServerDomain = domain;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy("api", p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());

        services.AddSingleton<LoginThrottle>();
        services.AddScoped<LoginService>().AddScoped<OtpService>().AddScoped<AccountService>()
            .AddScoped<AccountQueries>().AddScoped<DelegationService>().AddScoped<AccountLifecycle>().AddScoped<MeQueries>().AddScoped<PeopleDirectory>();
        if (config.GetValue("Security:RunLifecycleJob", true)) services.AddHostedService<AccountLifecycleJob>();
        return services;
    }

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            var e = status == 401 ? Error.Unauthenticated : Error.Forbidden;
            return ctx.Response.WriteAsJsonAsync(new ApiError(e.Code, e.Message));
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>An unexpected failure: logged by the framework; the user gets a calm Vietnamese message and nothing internal.</summary>
    private static async Task UnexpectedErrorAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = 500;
        const string message = "Đã có lỗi không mong muốn. Thao tác chưa được thực hiện; vui lòng thử lại hoặc báo quản trị hệ thống.";
        if (ctx.Request.Path.StartsWithSegments("/api"))
            await ctx.Response.WriteAsJsonAsync(new ApiError("INTERNAL_ERROR", message));
        else
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            await ctx.Response.WriteAsync($"<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi</title><link rel=\"stylesheet\" href=\"/css/site.css\"><body><main class=\"content\"><h1>Lỗi</h1><p class=\"alert error\">{message}</p><p><a href=\"/\">Về trang chủ</a></p></main></body></html>");
        }
    }

    public static void Configure(WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>(); // first: every answer carries them, errors too
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnexpectedErrorAsync });
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        });
        app.UseMiddleware<Refusals>();
        app.UseRequestLocalization(new RequestLocalizationOptions { DefaultRequestCulture = new RequestCulture(Formats.Vi) });
        // Pages get a Vietnamese status page; the API answers every refusal with its JSON error shape.
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"),
            b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), b => b.Use(async (ctx, next) =>
        {
            await next(ctx);
            if (ctx.Response is { HasStarted: false, StatusCode: 400 or 401 or 403 or 404 or 405 or 413 or 415 } r && r.ContentLength is null or 0)
            {
                var e = r.StatusCode switch
                {
                    400 => new Error("REQUEST_INVALID", "Yêu cầu không hợp lệ."),
                    401 => Error.Unauthenticated,
                    403 => Error.Forbidden,
                    404 => new Error("NOT_FOUND", "Không tìm thấy địa chỉ API này.", 404),
                    413 => Refusals.TooLarge,
                    415 => new Error("UNSUPPORTED_MEDIA_TYPE", "Kiểu nội dung của yêu cầu không được hỗ trợ.", 415),
                    _ => new Error("METHOD_NOT_ALLOWED", "Phương thức không được hỗ trợ tại địa chỉ này.", 405),
                };
                await r.WriteAsJsonAsync(new ApiError(e.Code, e.Message));
            }
        }));
        // Routing here, after the status pages: a page's 404 re-executed as /not-found is routed again to that page (with
        // routing first, as WebApplication places it by default, the re-executed request kept "no endpoint" and answered an
        // empty 404, which the browser replaced by its own English error page).
        app.UseRouting();
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseMiddleware<AccountGateMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/healthz", async (AppDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct) ? Results.Ok(new { status = "ok" }) : Results.Json(new { status = "database unreachable" }, statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapTelemetry();

        var api = app.MapGroup("/api/v1").RequireAuthorization("api").WithApiErrors();
        api.MapAuthEndpoints();
        api.MapOrganizationEndpoints();
        api.MapAccountEndpoints();
        api.MapDirectoryEndpoints();
        api.MapAuditEndpoints();
        // A request may carry several files, each up to Storage:MaxFileBytes; the store refuses any one over the limit.
        api.MapIncomingEndpoints(4 * app.Configuration.GetValue("Storage:MaxFileBytes", new Modules.Files.StorageOptions().MaxFileBytes) + 1024 * 1024);
        api.MapOutgoingEndpoints(app.Configuration.GetValue("Storage:MaxFileBytes", new Modules.Files.StorageOptions().MaxFileBytes));
        api.MapIncomingRegisterEndpoints();
        api.MapRecognitionEndpoints();
        app.MapPasskeyEndpoints();
        app.MapIncomingPageFiles();
        app.MapOutgoingPageFiles();
        app.MapExchangeEndpoints(api);
        app.MapIncomingPageExports();
        api.MapNotificationEndpoints();
        app.MapPushEndpoints(api);
        api.MapWorkEndpoints(4 * app.Configuration.GetValue("Storage:MaxFileBytes", new Modules.Files.StorageOptions().MaxFileBytes) + 1024 * 1024);
        api.MapDossierEndpoints(app.Configuration.GetValue("Storage:MaxFileBytes", new Modules.Files.StorageOptions().MaxFileBytes) + 1024 * 1024);
        api.MapScheduleEndpoints();
        api.MapMeetingEndpoints(app.Configuration.GetValue("Storage:MaxFileBytes", new Modules.Files.StorageOptions().MaxFileBytes) + 1024 * 1024);
        api.MapStatisticsEndpoints();
        api.MapReportEndpoints();
        app.MapIncomingRegisterPages();
        app.MapWorkPages();
        app.MapDossierPages();
        app.MapSchedulePages();
        app.MapMeetingPages();
        app.MapStatisticsPages();
        app.MapReportPages();
        app.MapPost("/account/logout", async (HttpContext ctx, Auditor audit, CurrentUser current, AppDbContext db) =>
        {
            if (await current.UserAsync() is { } user)
            {
                audit.Record(AuditActions.Logout, user.HomeOrganizationId, "user", user.Id.ToString(), actor: user);
                await db.SaveChangesAsync();
            }
            await ctx.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Redirect("/account/login");
        });

        app.MapRazorComponents<App>();
    }
}
