using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionOffice.Common.Json;

/// <summary>
/// The API's JSON readers, strict at the edge (review finding 5): text clean and in NFC, enum values only those that
/// exist (by name, or by a number that is one), dates as yyyy-MM-dd between 1900 and 2100. What does not fit is a
/// <see cref="JsonException"/> whose message says so in Vietnamese; the API answers it as 400 REQUEST_INVALID.
/// </summary>
public static class StrictJson
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.Converters.Add(new CleanString());
        o.Converters.Add(new DefinedEnums());
        o.Converters.Add(new IsoDate());
    }

    /// <summary>A string refused when it holds control characters (but tab and line breaks) or a broken character; kept in NFC.</summary>
    private sealed class CleanString : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("Giá trị phải là chuỗi văn bản.");
            var s = reader.GetString()!;
            if (!TextRules.IsClean(s)) throw new TextJsonException(TextRules.Invalid.Message);
            return s.IsNormalized(System.Text.NormalizationForm.FormC) ? s : s.Normalize(System.Text.NormalizationForm.FormC);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Enums written by name; read by name (any case) or by the number of a defined value — nothing else.</summary>
    private sealed class DefinedEnums : JsonConverterFactory
    {
        public override bool CanConvert(Type t) => t.IsEnum;

        public override JsonConverter CreateConverter(Type t, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(DefinedEnum<>).MakeGenericType(t))!;
    }

    private sealed class DefinedEnum<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var s = reader.GetString();
                if (Enum.TryParse<T>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _)) return v;
                throw new JsonException($"Giá trị \"{s}\" không hợp lệ; dùng một trong: {string.Join(", ", Enum.GetNames<T>())}.");
            }
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n))
            {
                var v = (T)Enum.ToObject(typeof(T), n);
                if (Enum.IsDefined(v)) return v;
                throw new JsonException($"Giá trị {n} không hợp lệ; dùng một trong: {string.Join(", ", Enum.GetNames<T>())}.");
            }
            throw new JsonException($"Giá trị phải là một trong: {string.Join(", ", Enum.GetNames<T>())}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    /// <summary>yyyy-MM-dd, from 1900 to 2100: 0001-01-01 is a mistake, not a date of a document.</summary>
    private sealed class IsoDate : JsonConverter<DateOnly>
    {
        private static readonly DateOnly Min = new(1900, 1, 1), Max = new(2100, 12, 31);

        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var s = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new JsonException($"Ngày \"{s}\" không hợp lệ: ghi theo dạng yyyy-MM-dd (ví dụ 2026-12-31).");
            if (d < Min || d > Max) throw new JsonException($"Ngày {d:dd/MM/yyyy} nằm ngoài khoảng cho phép (01/01/1900 – 31/12/2100).");
            return d;
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}

/// <summary>A string refused by the API's JSON reader for what it holds (control characters, broken UTF-16).</summary>
public sealed class TextJsonException(string message) : JsonException(message);
