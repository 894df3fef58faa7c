namespace UnionOffice.EdXml.Writing;

/// <summary>
/// A field's text as it goes on the wire: trimmed (the reader trims too), line breaks as LF. XML turns a literal CR LF
/// into LF anyway; writing CR escaped (&amp;#xD;) would keep it, but .NET's SignedXml loses it when it re-parses a
/// referenced element, so a signature it made would fail in any conformant verifier (xmlsec1 showed it).
/// </summary>
internal static class WireText
{
    public static string? Of(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Contains('\r') ? trimmed.Replace("\r\n", "\n").Replace('\r', '\n') : trimmed;
    }
}
