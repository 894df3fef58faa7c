using System.Globalization;

namespace UnionOffice.EdXml;

/// <summary>
/// Dates and times as edXML writes them: <c>yyyy/MM/dd</c> and <c>yyyy/MM/dd HH:mm:ss</c>. Reading also takes
/// <c>dd/MM/yyyy</c>, which at least one sender in the wild writes; nothing else.
/// </summary>
public static class EdXmlDates
{
    private static readonly string[] DateFormats = ["yyyy/MM/dd", "dd/MM/yyyy"];
    private static readonly string[] TimestampFormats = ["yyyy/MM/dd HH:mm:ss", "dd/MM/yyyy HH:mm:ss"];

    /// <summary><c>2015/09/30</c>.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    /// <summary><c>2015/09/20 11:08:36</c>.</summary>
    public static string FormatTimestamp(DateTime time) => time.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>yyyy/MM/dd</c> or <c>dd/MM/yyyy</c>.</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Reads <c>yyyy/MM/dd HH:mm:ss</c> or <c>dd/MM/yyyy HH:mm:ss</c>; the result has no time zone.</summary>
    public static bool TryParseTimestamp(string text, out DateTime time) =>
        DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>The DocumentId form <c>OrganId,yyyy/MM/dd,Number/Notation</c> (<c>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</c>).</summary>
public static class EdXmlDocumentId
{
    /// <summary>Composes a DocumentId from the issuing organ, the date of issue and the code.</summary>
    public static string Format(string organId, DateOnly promulgationDate, EdXmlCode code) =>
        $"{organId},{EdXmlDates.FormatDate(promulgationDate)},{code}";
}
