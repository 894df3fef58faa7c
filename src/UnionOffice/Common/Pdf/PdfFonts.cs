using System.Reflection;
using PdfSharp.Fonts;

namespace UnionOffice.Common.Pdf;

/// <summary>
/// Fonts for every PDF the product composes (registers, handling slips, marked copies, test documents). PDFsharp has no
/// system font lookup on Linux, so the fonts travel inside the assembly: Liberation Serif (SIL OFL 1.1, metric-compatible
/// with Times New Roman, which Decree 30 Phụ lục I prescribes, and covering Vietnamese). Any family name resolves to it.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "Liberation Serif";
    private static readonly Lock Gate = new();
    private static bool installed;

    /// <summary>Installs the resolver once per process; safe to call from every composer before its first use.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (installed) return;
            if (GlobalFontSettings.FontResolver is not PdfFonts) GlobalFontSettings.FontResolver = new PdfFonts();
            installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((bold, italic) switch
        {
            (true, true) => "LiberationSerif-BoldItalic",
            (true, false) => "LiberationSerif-Bold",
            (false, true) => "LiberationSerif-Italic",
            _ => "LiberationSerif-Regular",
        });

    public byte[] GetFont(string faceName)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"UnionOffice.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded.");
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
