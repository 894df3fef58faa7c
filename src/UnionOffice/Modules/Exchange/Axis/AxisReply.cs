using System.Globalization;
using System.Text.Json;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// Reading the axis' replies: <c>{"status":"OK"|"FAIL","ErrorCode":"0","ErrorDesc":"…", "DocId"|"data":…}</c>.
/// Names are matched without regard to case and scalars of any JSON kind are read as text (the SDKs disagree on case,
/// and an ErrorCode may come as a number). The reply's <c>status</c> decides; a missing or unknown status is malformed.
/// </summary>
internal static class AxisReply
{
    /// <summary>Parses the reply and returns it when its status is OK; otherwise throws the mapped failure.</summary>
    public static JsonDocument ParseOk(ReadOnlyMemory<byte> body, AxisOperation op)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw AxisFailures.Malformed(op, $"nội dung không phải JSON ({Snippet(body)})", e);
        }
        try
        {
            var root = doc.RootElement;
            if (root.ValueKind is not JsonValueKind.Object) throw AxisFailures.Malformed(op, "không phải một đối tượng JSON");
            var status = Text(root, "status");
            if (string.Equals(status, "OK", StringComparison.OrdinalIgnoreCase)) return doc;
            if (string.Equals(status, "FAIL", StringComparison.OrdinalIgnoreCase))
                throw AxisFailures.Refused(op, Text(root, "ErrorCode"), Text(root, "ErrorDesc"));
            throw AxisFailures.Malformed(op, status is null ? "thiếu trường status" : $"trường status có giá trị lạ \"{status}\"");
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    /// <summary>The FAIL reason in a reply that came with an HTTP error, when it is the axis' JSON; null otherwise.</summary>
    public static string? TryErrorDesc(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind is JsonValueKind.Object ? Text(doc.RootElement, "ErrorDesc") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind is JsonValueKind.Object)
            foreach (var p in obj.EnumerateObject())
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
        value = default;
        return false;
    }

    /// <summary>A scalar field as text; null when absent or JSON null.</summary>
    public static string? Text(JsonElement obj, string name) =>
        !TryGet(obj, name, out var v) ? null : v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };

    /// <summary>The <c>data</c> array of a list reply; an absent or null <c>data</c> is an empty list.</summary>
    public static IEnumerable<JsonElement> DataItems(JsonDocument doc, AxisOperation op)
    {
        if (!TryGet(doc.RootElement, "data", out var data) || data.ValueKind is JsonValueKind.Null) return [];
        if (data.ValueKind is not JsonValueKind.Array) throw AxisFailures.Malformed(op, "trường data không phải danh sách");
        return data.EnumerateArray().Select(item => item.ValueKind is JsonValueKind.Object
            ? item
            : throw AxisFailures.Malformed(op, "một phần tử của data không phải đối tượng JSON"));
    }

    private static string Snippet(ReadOnlyMemory<byte> body)
    {
        if (body.Length == 0) return "phản hồi rỗng";
        var text = System.Text.Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, 60)]).ReplaceLineEndings(" ");
        return string.Create(CultureInfo.InvariantCulture, $"bắt đầu bằng \"{text}\"");
    }
}
