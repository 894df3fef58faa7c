using System.Globalization;
using System.Text;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf;

/// <summary>
/// Marks a copy taken out of the system (NĐ30: who took it and when): a line at the foot of every page, added as an
/// incremental update so the original revision — and any signature on it — stays byte for byte as it was. The page's
/// own content is wrapped in q … Q so that nothing it leaves in the graphics state moves or hides the mark.
/// </summary>
public static class PdfCopyMark
{
    public static byte[] Apply(byte[] pdf, string text)
    {
        try
        {
            return Mark(pdf, text);
        }
        catch (Exception e) when (e is not PdfFormatException and not OutOfMemoryException)
        {
            // Whatever a damaged file makes the reader trip over, the caller hears one thing: not a PDF we can mark.
            throw new PdfFormatException($"Tệp PDF hỏng: {e.Message}");
        }
    }

    private static byte[] Mark(byte[] pdf, string text)
    {
        var file = PdfFile.Parse(pdf);
        var update = new PdfIncrementalUpdate(file);
        var font = new PdfComposer.FontUse(StandardFonts.Serif(italic: true), "UOMark");
        const double size = 8;
        var hex = PdfComposer.Encode(font, text);
        var fontRef = PdfComposer.WriteFont(update, font);
        var open = update.Stream("q\n"u8.ToArray(), compress: false);
        foreach (var (pageRef, page) in file.Pages())
        {
            var box = (file.Resolve(page["CropBox"]) ?? file.Resolve(page["MediaBox"])) as PdfArray;
            var b = box?.Items.Select(i => (file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray() is { Length: 4 } v ? v : [0, 0, 595.28, 841.89];
            var (x, y) = (Math.Min(b[0], b[2]) + 28, Math.Min(b[1], b[3]) + 10);
            var mark = string.Create(CultureInfo.InvariantCulture,
                $"Q\nq 0.35 0.35 0.35 rg BT /UOMark {size} Tf {x:0.##} {y:0.##} Td <{hex}> Tj ET Q\n");
            var close = update.Stream(Encoding.ASCII.GetBytes(mark), compress: false);

            var contents = new List<PdfObject> { new PdfRef(open, 0) };
            switch (page["Contents"])
            {
                case PdfRef r when file.Resolve(r) is PdfArray arr: contents.AddRange(arr.Items); break;
                case PdfRef r: contents.Add(r); break;
                case PdfArray arr: contents.AddRange(arr.Items); break;
            }
            contents.Add(new PdfRef(close, 0));

            var resources = file.Dict(page["Resources"])?.Copy() ?? new PdfDictionary();
            var fonts = file.Dict(resources["Font"])?.Copy() ?? new PdfDictionary();
            fonts.Entries["UOMark"] = new PdfRef(fontRef, 0);
            resources.Entries["Font"] = fonts;

            var updated = file.Dict(pageRef)!.Copy();
            updated.Entries["Contents"] = new PdfArray(contents);
            updated.Entries["Resources"] = resources;
            update.Replace(pageRef, updated);
        }
        return update.Save();
    }
}
