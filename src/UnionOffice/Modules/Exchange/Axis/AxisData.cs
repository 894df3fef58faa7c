using System.Globalization;
using System.Text.Json;

namespace UnionOffice.Modules.Exchange.Axis;

/// <summary>
/// The edXML in a <c>getEdoc</c> reply: the top-level <c>data</c> string, base64. It is decoded straight from the reply's
/// bytes into one array sized from the string's length, without an intermediate string, so a document costs the reply
/// JSON plus the decoded bytes and no more. Line breaks and other white space inside the base64 (the SDK decodes with
/// commons-codec, which tolerates them) and JSON escapes (<c>\/</c>, <c>\n</c>, <c>\u002B</c> …) are accepted; missing
/// padding is too.
/// </summary>
internal static class AxisData
{
    private const int Chunk = 4096; // a multiple of 4: each full chunk is whole base64 quads, decoded on its own

    public static (byte[] Buffer, int Length) Decode(ReadOnlySpan<byte> json, AxisOperation op)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType is JsonTokenType.PropertyName)
        {
            var isData = string.Equals(reader.GetString(), "data", StringComparison.OrdinalIgnoreCase);
            reader.Read();
            if (!isData)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType is not JsonTokenType.String) throw AxisFailures.Malformed(op, "trường data không phải chuỗi base64");
            return DecodeBase64(reader.ValueSpan, reader.ValueIsEscaped, op);
        }
        throw AxisFailures.Malformed(op, "thiếu trường data (nội dung văn bản)");
    }

    private static (byte[], int) DecodeBase64(ReadOnlySpan<byte> raw, bool escaped, AxisOperation op)
    {
        var output = new byte[raw.Length / 4 * 3 + 3];
        Span<byte> chunk = stackalloc byte[Chunk];
        int n = 0, written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (escaped && c == '\\') c = Unescape(raw, ref i, op);
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0) continue;
            chunk[n++] = c;
            if (n == Chunk)
            {
                written += DecodeChunk(chunk, output.AsSpan(written), op);
                n = 0;
            }
        }
        switch (n % 4)
        {
            case 1: throw Invalid(op);
            case 2: chunk[n++] = (byte)'='; chunk[n++] = (byte)'='; break;
            case 3: chunk[n++] = (byte)'='; break;
        }
        written += DecodeChunk(chunk[..n], output.AsSpan(written), op);
        return (output, written);
    }

    /// <summary>The character an escape stands for; white space escapes come back as 0 (skipped).</summary>
    private static byte Unescape(ReadOnlySpan<byte> raw, ref int i, AxisOperation op)
    {
        if (++i >= raw.Length) throw Invalid(op);
        switch (raw[i])
        {
            case (byte)'/': return (byte)'/';
            case (byte)'n' or (byte)'r' or (byte)'t' or (byte)'b' or (byte)'f': return 0;
            case (byte)'u' when i + 4 < raw.Length
                && int.TryParse(raw.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) && code < 0x80:
                i += 4;
                return (byte)code;
            default: throw Invalid(op);
        }
    }

    private static int DecodeChunk(ReadOnlySpan<byte> chunk, Span<byte> into, AxisOperation op) =>
        System.Buffers.Text.Base64.DecodeFromUtf8(chunk, into, out _, out var written) is System.Buffers.OperationStatus.Done
            ? written
            : throw Invalid(op);

    private static ExchangeTransportException Invalid(AxisOperation op) => AxisFailures.Malformed(op, "trường data không phải base64 hợp lệ");
}
