using System.Globalization;
using UnionOffice.Common;

namespace UnionOffice.Modules.Incoming;

/// <summary>
/// A document named the way edXML names it (<c>OrganId,yyyy/MM/dd,Number/Notation</c>, EDXML.md): what a reply says it
/// answers (ResponseFor), kept on the arrival and on the registered document, and shown as "số 12/LĐLĐ-VP ngày 01/12/2026".
/// </summary>
public sealed record DocumentReference(string OrganCode, DateOnly Date, string Number, string Notation)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{OrganCode},{Date:yyyy/MM/dd},{Number}/{Notation}");

    /// <summary>"số 12/LĐLĐ-VP ngày 01/12/2026".</summary>
    public string Text => $"số {(NumberValue is { } n ? Outgoing.OutgoingDocument.NumberText(n) : Number)}/{Notation} ngày {Formats.Date(Date)}";

    /// <summary>The number as a count (leading zeros dropped), for matching against a register; null when not one.</summary>
    public long? NumberValue => long.TryParse(Number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The parts of a key; null when it is not one (the notation may itself hold '/' and ',').</summary>
    public static DocumentReference? Parse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var first = key.IndexOf(',', StringComparison.Ordinal);
        var second = first < 0 ? -1 : key.IndexOf(',', first + 1);
        if (second < 0) return null;
        if (!DateOnly.TryParseExact(key[(first + 1)..second].Trim(), "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        var code = key[(second + 1)..].Trim();
        var slash = code.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == code.Length - 1) return null;
        var organ = key[..first].Trim().ToUpperInvariant();
        return organ.Length == 0 ? null : new DocumentReference(organ, date, code[..slash], code[(slash + 1)..]);
    }

    /// <summary>The key of a registered document, when its issuer's code is known.</summary>
    public static DocumentReference? Of(string? issuerCode, DateOnly? issued, string number, string notation) =>
        string.IsNullOrWhiteSpace(issuerCode) || issued is not { } d ? null : new DocumentReference(issuerCode.Trim().ToUpperInvariant(), d, number, notation);
}
