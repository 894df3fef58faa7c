using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>How the <c>hash-file</c> header spells the SHA-256 of the body.</summary>
public enum AxisHashFileStyle
{
    /// <summary>64 lowercase hex digits, as the reference describes it.</summary>
    Hex = 0,
    /// <summary>
    /// What the vendor's Java SDK 2.0.1 actually sends: each byte through <c>Integer.toHexString</c>, so a byte below
    /// 0x10 loses its leading zero ("0a" → "a"). Only for an axis that turns out to compare against that spelling.
    /// </summary>
    JavaUnpadded = 1,
}

/// <summary>The national interconnection axis (VDXP), bound from <c>Exchange:Axis</c>. No endpoint: the axis is not used.</summary>
public sealed class AxisOptions
{
    public const string Section = "Exchange:Axis";

    /// <summary>Absolute http(s) address the operations are appended to (<c>{Endpoint}/sendEdoc</c> …).</summary>
    public string? Endpoint { get; set; }
    /// <summary>The system's identifier given by the axis operator; sent signed as <c>XroadVnpt-systemid</c>.</summary>
    public string? SystemId { get; set; }
    /// <summary>The system's secret key: the HMAC-SHA256 key of the signed headers (its UTF-8 bytes, as the SDK uses it).</summary>
    public string? Secret { get; set; }
    /// <summary>Whole request, upload included; past it the attempt is a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>
    /// Largest edXML sent or received (ours, not a published limit of the axis). A received document is held in memory
    /// as the reply JSON plus the decoded bytes, so this also bounds that memory.
    /// </summary>
    public long MaxDocumentBytes { get; set; } = 100L * 1024 * 1024;
    public AxisHashFileStyle HashFileStyle { get; set; } = AxisHashFileStyle.Hex;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>Checked at start when an endpoint is set, so that a half-filled configuration stops the host with a clear message.</summary>
internal sealed class AxisOptionsValidator : IValidateOptions<AxisOptions>
{
    public ValidateOptionsResult Validate(string? name, AxisOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var problems = new List<string>();
        if (!Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add($"Endpoint \"{o.Endpoint}\" không phải địa chỉ http(s) tuyệt đối");
        if (string.IsNullOrWhiteSpace(o.SystemId)) problems.Add("thiếu SystemId (mã hệ thống do trục cấp)");
        else if (!AxisSignature.IsHeaderSafe(o.SystemId)) problems.Add("SystemId chỉ được gồm ký tự ASCII in được");
        if (string.IsNullOrEmpty(o.Secret)) problems.Add("thiếu Secret (khóa bí mật do trục cấp)");
        if (o.Timeout <= TimeSpan.Zero) problems.Add("Timeout phải lớn hơn 0");
        if (o.MaxDocumentBytes <= 0) problems.Add("MaxDocumentBytes phải lớn hơn 0");
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cấu hình trục liên thông ({AxisOptions.Section}) chưa đủ: {string.Join("; ", problems)}.");
    }
}

public static class AxisRegistration
{
    /// <summary>
    /// The axis client as a typed <see cref="HttpClient"/> with its options (validated at start when an endpoint is set).
    /// It is not registered as an <see cref="IExchangeTransport"/> here: the exchange module decides which transports run.
    /// </summary>
    public static IServiceCollection AddAxisClient(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AxisOptions>().Bind(config.GetSection(AxisOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AxisOptions>, AxisOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The client applies its own deadline (AxisOptions.Timeout) so that it can tell a time-out from the caller's cancellation.
        services.AddHttpClient<AxisClient>(http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        return services;
    }
}
