using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UnionOffice.Pdf.Reading;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// The interactive-form part of one incremental update: new widgets on pages, new fields in the AcroForm, new values
/// for existing text fields. Gathered here so that a signature, the empty number/date fields and their filling can all
/// go into a single revision — each page, the AcroForm and the catalog rewritten once, whatever was added to them.
/// </summary>
internal sealed partial class FormUpdate
{
    /// <summary>Font resource names of the /DA strings, one per face; the /DR maps them to the standard Times faces for viewers that redraw.</summary>
    private static readonly (string Name, bool Bold, bool Italic, string Standard)[] Faces =
    [
        ("UOSerif", false, false, "Times-Roman"), ("UOSerifB", true, false, "Times-Bold"),
        ("UOSerifI", false, true, "Times-Italic"), ("UOSerifBI", true, true, "Times-BoldItalic"),
    ];

    private readonly PdfFile _file;
    private readonly PdfIncrementalUpdate _update;
    private readonly List<(PdfRef Ref, PdfDictionary Page)> _pages;
    private readonly Dictionary<int, List<PdfObject>> _annots = [];
    private readonly List<PdfObject> _fields;

    public FormUpdate(PdfFile file, PdfIncrementalUpdate update)
    {
        (_file, _update) = (file, update);
        _pages = file.Pages();
        if (_pages.Count == 0) throw new PdfFormatException("Tệp PDF không có trang nào để ký.");
        Catalog = file.Catalog.Copy();
        AcroForm = file.Dict(Catalog["AcroForm"])?.Copy() ?? new PdfDictionary();
        _fields = (file.Resolve(AcroForm["Fields"]) as PdfArray)?.Items.ToList() ?? [];
    }

    public PdfDictionary Catalog { get; }
    public PdfDictionary AcroForm { get; }

    /// <summary>The fully qualified names of the form's fields, with their dictionaries' references (terminal and not).</summary>
    public IEnumerable<(string Name, PdfObject Field)> Fields()
    {
        var queue = new Queue<(PdfObject Field, string Prefix, int Depth)>(_fields.Select(f => (f, "", 0)));
        while (queue.Count > 0)
        {
            var (f, prefix, depth) = queue.Dequeue();
            if (_file.Dict(f) is not { } d || depth > 16) continue;
            var name = d["T"] is PdfString t ? PdfSigner.DecodeText(t.Bytes) : "";
            var full = prefix.Length == 0 ? name : name.Length == 0 ? prefix : $"{prefix}.{name}";
            if (name.Length > 0) yield return (full, f);
            foreach (var kid in (_file.Resolve(d["Kids"]) as PdfArray)?.Items ?? []) queue.Enqueue((kid, full, depth + 1));
        }
    }

    public PdfRef PageRef(int pageIndex)
    {
        if (pageIndex < 0 || pageIndex >= _pages.Count) throw new PdfFormatException($"Trang {pageIndex + 1} không có trong tài liệu.");
        return _pages[pageIndex].Ref;
    }

    /// <summary>The page's lower-left x and upper y (PDF space), to turn top-left coordinates into PDF ones.</summary>
    public (double Left, double Top) Origin(int pageIndex)
    {
        var page = _pages[pageIndex].Page;
        var box = ((_file.Resolve(page["CropBox"]) ?? _file.Resolve(page["MediaBox"])) as PdfArray)?.Items
            .Select(i => (_file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray() is { Length: 4 } b ? b : [0, 0, PdfComposer.A4Width, PdfComposer.A4Height];
        return (box[0], box[3]);
    }

    /// <summary>Puts a widget on a page and its field in the AcroForm.</summary>
    public void AddWidget(int pageIndex, int widget)
    {
        if (!_annots.TryGetValue(pageIndex, out var list))
            _annots[pageIndex] = list = (_file.Resolve(_file.Dict(PageRef(pageIndex))!["Annots"]) as PdfArray)?.Items.ToList() ?? [];
        list.Add(new PdfRef(widget, 0));
        _fields.Add(new PdfRef(widget, 0));
    }

    /// <summary>Adds empty text fields (value "", an empty appearance) at their places; the names must be new.</summary>
    public void AddTextFields(IReadOnlyList<PdfTextField> fields)
    {
        if (fields.Count == 0) return;
        var existing = Fields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (string.IsNullOrWhiteSpace(f.Name) || f.Name.Contains('.', StringComparison.Ordinal))
                throw new PdfFormatException($"Tên trường \"{f.Name}\" không hợp lệ (không được trống hay có dấu chấm).");
            if (!existing.Add(f.Name)) throw new PdfFormatException($"Tài liệu đã có trường \"{f.Name}\".");
            if (f.Width <= 0 || f.Height <= 0 || f.FontSize <= 0) throw new PdfFormatException($"Trường \"{f.Name}\" có kích thước không hợp lệ.");
            var pageRef = PageRef(f.PageIndex);
            var (left, top) = Origin(f.PageIndex);
            var face = Faces.First(x => x.Bold == f.Bold && x.Italic == f.Italic).Name;
            var empty = _update.Stream([], compress: false, $"/Type /XObject /Subtype /Form /BBox [0 0 {N(f.Width)} {N(f.Height)}] /Resources << >> ");
            var da = Encoding.ASCII.GetBytes($"/{face} {N(f.FontSize)} Tf 0 g");
            var widget = _update.Add(
                $"<< /Type /Annot /Subtype /Widget /FT /Tx /F 4 /T {PdfComposer.Text(f.Name)} /V {PdfComposer.Text("")} /P {pageRef} " +
                $"/Rect [{N(left + f.X)} {N(top - f.Y - f.Height)} {N(left + f.X + f.Width)} {N(top - f.Y)}] " +
                $"/DA {new PdfString(da)} /Q {(int)f.Alignment}{(f.Opaque ? " /MK << /BG [1] >>" : "")} /AP << /N {empty} 0 R >> >>");
            AddWidget(f.PageIndex, widget);
        }
        var dr = _file.Dict(AcroForm["DR"])?.Copy() ?? new PdfDictionary();
        var fonts = _file.Dict(dr["Font"])?.Copy() ?? new PdfDictionary();
        foreach (var (name, _, _, standard) in Faces)
            fonts.Entries.TryAdd(name, new PdfLexer(Encoding.ASCII.GetBytes($"<< /Type /Font /Subtype /Type1 /BaseFont /{standard} /Encoding /WinAnsiEncoding >>")).ReadObject());
        dr.Entries["Font"] = fonts;
        AcroForm.Entries["DR"] = dr;
        AcroForm.Entries.TryAdd("DA", new PdfString("/UOSerif 13 Tf 0 g"u8.ToArray()));
    }

    /// <summary>
    /// Sets the values of existing text fields (/V) and draws them (/AP) in Liberation Serif, at the size and face the
    /// field's /DA asks for (smaller when the text would not fit), aligned as its /Q says. Only the field objects change:
    /// what DocMDP P=2 lets a later revision do to a certified document.
    /// </summary>
    public void FillTextFields(IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0) return;
        var byName = Fields().GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);
        var uses = new Dictionary<string, PdfComposer.FontUse>(StringComparer.Ordinal);
        var pending = new List<(PdfRef Widget, PdfDictionary Dict, string Ops, string Face, double W, double H)>();
        var changedFields = new Dictionary<int, PdfDictionary>();
        foreach (var (name, value) in values)
        {
            if (!byName.TryGetValue(name, out var field) || field is not PdfRef fieldRef || _file.Dict(field) is not { } fd)
                throw new PdfFormatException($"Tài liệu không có trường \"{name}\" để điền.");
            if (fd["FT"] is not PdfName { Value: "Tx" }) throw new PdfFormatException($"Trường \"{name}\" không phải trường văn bản.");
            var fieldCopy = fd.Copy();
            fieldCopy.Entries["V"] = new PdfString([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(value.Normalize(NormalizationForm.FormC))]);
            changedFields[fieldRef.Number] = fieldCopy;
            var kids = (_file.Resolve(fd["Kids"]) as PdfArray)?.Items.OfType<PdfRef>().ToList() ?? [];
            var widgets = fd["Rect"] is not null || kids.Count == 0 ? [fieldRef] : kids;
            foreach (var w in widgets)
            {
                var wd = w == fieldRef ? fieldCopy : _file.Dict(w)?.Copy() ?? throw new PdfFormatException($"Trường \"{name}\" không hợp lệ.");
                var (face, size) = DefaultAppearance(wd["DA"] ?? fd["DA"] ?? AcroForm["DA"]);
                var rect = (_file.Resolve(wd["Rect"]) as PdfArray)?.Items.Select(i => (_file.Resolve(i) as PdfNumber)?.Value ?? 0).ToArray();
                if (rect is not { Length: 4 }) throw new PdfFormatException($"Trường \"{name}\" không có vị trí (Rect).");
                var (width, height) = (Math.Abs(rect[2] - rect[0]), Math.Abs(rect[3] - rect[1]));
                var q = (_file.Resolve(wd["Q"] ?? fd["Q"]) as PdfNumber)?.Integer ?? 0;
                if (!uses.TryGetValue(face.Name, out var use)) uses[face.Name] = use = new PdfComposer.FontUse(StandardFonts.Serif(face.Bold, face.Italic), face.Name);
                var opaque = _file.Dict(wd["MK"])?["BG"] is PdfArray { Items.Count: > 0 };
                pending.Add((w, wd, (opaque ? $"q 1 g 0 0 {N(width)} {N(height)} re f Q " : "") + TextOps(use, value, size, q, width, height), face.Name, width, height));
                if (w != fieldRef) changedFields[w.Number] = wd;
            }
        }
        // Fonts after every text is encoded: each font's widths and ToUnicode list the glyphs the values use.
        var fontRefs = uses.ToDictionary(u => u.Key, u => PdfComposer.WriteFont(_update, u.Value), StringComparer.Ordinal);
        foreach (var (_, dict, ops, face, w, h) in pending)
        {
            var ap = _update.Stream(Encoding.ASCII.GetBytes(ops), compress: true,
                $"/Type /XObject /Subtype /Form /BBox [0 0 {N(w)} {N(h)}] /Resources << /Font << /{face} {fontRefs[face]} 0 R >> >> ");
            dict.Entries["AP"] = new PdfLexer(Encoding.ASCII.GetBytes($"<< /N {ap} 0 R >>")).ReadObject();
        }
        foreach (var (number, dict) in changedFields) _update.Replace(new PdfRef(number, 0), dict);
    }

    /// <summary>Writes the pages that got widgets, the AcroForm and the catalog into the update.</summary>
    public void Commit()
    {
        foreach (var (index, annots) in _annots)
        {
            var page = _file.Dict(_pages[index].Ref)!.Copy();
            page.Entries["Annots"] = new PdfArray(annots);
            _update.Replace(_pages[index].Ref, page);
        }
        AcroForm.Entries["Fields"] = new PdfArray(_fields);
        if (Catalog["AcroForm"] is PdfRef acroRef) _update.Replace(acroRef, AcroForm);
        else Catalog.Entries["AcroForm"] = AcroForm;
        _update.Replace((PdfRef)_file.Trailer["Root"]!, Catalog);
    }

    private static ((string Name, bool Bold, bool Italic) Face, double Size) DefaultAppearance(PdfObject? da)
    {
        var text = da is PdfString s ? Encoding.Latin1.GetString(s.Bytes) : "";
        var m = FontOperator().Match(text);
        var face = Faces.FirstOrDefault(f => m.Success && f.Name == m.Groups[1].Value);
        face = face.Name is null ? Faces[0] : face;
        var size = m.Success && double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 12;
        return ((face.Name, face.Bold, face.Italic), size);
    }

    private static string TextOps(PdfComposer.FontUse use, string value, double size, long alignment, double width, double height)
    {
        const double pad = 2;
        var text = value.Normalize(NormalizationForm.FormC);
        var measured = PdfComposer.Measure(text, use.Font, size);
        if (measured > width - 2 * pad && measured > 0) size *= (width - 2 * pad) / measured;
        var textWidth = PdfComposer.Measure(text, use.Font, size);
        var x = alignment switch { 1 => (width - textWidth) / 2, 2 => width - pad - textWidth, _ => pad };
        // Vertically centred on the font's ascent-to-descent height.
        var (ascent, descent) = (use.Font.Ascent * size / 1000, use.Font.Descent * size / 1000);
        var baseline = (height - (ascent - descent)) / 2 - descent;
        return $"/Tx BMC q BT 0 g /{use.Name} {N(size)} Tf {N(x)} {N(baseline)} Td <{PdfComposer.Encode(use, text)}> Tj ET Q EMC";
    }

    private static string N(double v) => PdfComposer.N(v);

    [GeneratedRegex(@"/([^\s/]+)\s+([0-9.]+)\s+Tf")]
    private static partial Regex FontOperator();
}
