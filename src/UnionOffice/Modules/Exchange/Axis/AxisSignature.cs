using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// The signed-header authentication of the axis, as the vendor's Java SDK (SDKVXP 2.0.1, <c>VnptService</c>) does it —
/// confirmed from its decompiled source:
/// <list type="bullet">
/// <item>every logical header <c>k</c> (the operation's own plus <c>systemid</c>, <c>timestamp</c> and <c>Content-Type</c>,
/// which the SDK keeps in the same map) is sent as <c>XroadVnpt-k</c>;</item>
/// <item><c>XroadVnpt-sign-header</c> is a compact JSON object whose keys are the <em>prefixed</em> names
/// (<c>{"XroadVnpt-systemid":"…",…}</c>), written like Gson's <c>JsonObject.toString()</c>;</item>
/// <item><c>XroadVnpt-sign-header-key</c> is the bare names joined by <c>;</c>;</item>
/// <item><c>XroadVnpt-hash-header</c> is lowercase hex HMAC-SHA256 of that JSON's UTF-8 bytes, keyed by the secret's UTF-8 bytes;</item>
/// <item><c>timestamp</c> is <c>ddMMyyyy'T'HHmmss+SSSS</c> (SimpleDateFormat: the "+SSSS" is milliseconds on four digits,
/// not a zone) in the JVM's local time — Vietnam's, UTC+7, is assumed;</item>
/// <item><c>XroadVnpt-version: 3.0.201608</c> is sent unsigned.</item>
/// </list>
/// The SDK builds its map from a HashMap, so key order is arbitrary: the axis can only be checking the HMAC over the
/// header as received, which is what this relies on. The SDK also stamps the time once per service object and reuses
/// it, so the axis cannot enforce a tight freshness window; what window it does enforce is not known.
/// </summary>
public static class AxisSignature
{
    public const string Prefix = "XroadVnpt-";
    public const string SignHeader = "XroadVnpt-sign-header";
    public const string SignHeaderKey = "XroadVnpt-sign-header-key";
    public const string HashHeader = "XroadVnpt-hash-header";
    public const string SdkVersion = "3.0.201608";
    public const string TimestampFormat = "ddMMyyyy'T'HHmmss";
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static string Timestamp(DateTimeOffset now)
    {
        var local = now.ToOffset(VietnamOffset);
        return local.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "+" + local.Millisecond.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The JSON the HMAC is computed over: <c>{"XroadVnpt-k":"v",…}</c>, no spaces, only <c>"</c> and <c>\</c> escaped.</summary>
    public static string SignedJson(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var sb = new StringBuilder("{");
        foreach (var (name, value) in headers)
        {
            if (sb.Length > 1) sb.Append(',');
            AppendJsonString(sb, Prefix + name).Append(':');
            AppendJsonString(sb, value);
        }
        return sb.Append('}').ToString();
    }

    /// <summary>A JSON array of strings, as the SDK puts a JSON value such as <c>to</c> into its header (<c>["A","B"]</c>).</summary>
    public static string JsonStringArray(IEnumerable<string> values)
    {
        var sb = new StringBuilder("[");
        foreach (var v in values)
        {
            if (sb.Length > 1) sb.Append(',');
            AppendJsonString(sb, v);
        }
        return sb.Append(']').ToString();
    }

    public static string Hmac(string signedJson, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signedJson)));

    /// <summary>Puts the logical headers, their signature and the SDK version on the request.</summary>
    public static void Sign(HttpRequestMessage request, IReadOnlyList<KeyValuePair<string, string>> headers, string secret)
    {
        foreach (var (name, value) in headers)
        {
            if (!IsHeaderSafe(value))
                throw new ExchangeTransportException($"Giá trị \"{value}\" ({name}) chứa ký tự không gửi được trong tiêu đề HTTP tới trục liên thông.", false);
            request.Headers.TryAddWithoutValidation(Prefix + name, value);
        }
        var json = SignedJson(headers);
        request.Headers.TryAddWithoutValidation(SignHeaderKey, string.Join(';', headers.Select(h => h.Key)));
        request.Headers.TryAddWithoutValidation(SignHeader, json);
        request.Headers.TryAddWithoutValidation(HashHeader, Hmac(json, secret));
        request.Headers.TryAddWithoutValidation(Prefix + "version", SdkVersion);
    }

    /// <summary>
    /// The <c>hash-file</c> value from our SHA-256 hex. The SDK sends the unpadded form (see <see cref="AxisHashFileStyle"/>);
    /// whether the axis checks it, and against which spelling, is not known.
    /// </summary>
    public static string HashFile(string sha256Hex, AxisHashFileStyle style)
    {
        var hex = sha256Hex.ToLowerInvariant();
        if (style is AxisHashFileStyle.Hex) return hex;
        var sb = new StringBuilder(hex.Length);
        for (var i = 0; i + 1 < hex.Length; i += 2)
        {
            if (hex[i] != '0') sb.Append(hex[i]);
            sb.Append(hex[i + 1]);
        }
        return sb.ToString();
    }

    /// <summary>Printable ASCII only: what an HTTP header value carries without an encoding agreement.</summary>
    public static bool IsHeaderSafe(string value) => value.All(c => c is >= ' ' and <= '~');

    private static StringBuilder AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"');
    }
}
