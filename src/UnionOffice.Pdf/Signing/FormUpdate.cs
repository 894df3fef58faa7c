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
    private readonly HashSet<string> _newNames = new(StringComparer.Ordinal);

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

    /// <summary>Takes a name for a field added by this update: not empty, no dot (a dot separates the parts of a name), not taken.</summary>
    public void ClaimName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('.', StringComparison.Ordinal))
            throw new PdfFormatException($"Tên trường \"{name}\" không hợp lệ (không được trống hay có dấu chấm).");
        if (Fields().Any(f => f.Name == name) || !_newNames.Add(name)) throw new PdfFormatException($"Tài liệu đã có trường \"{name}\".");
    }

    /// <summary>An existing signature field with no value, its one widget, and the page that widget is on.</summary>
    internal sealed record EmptySignature(PdfRef Field, PdfRef Widget, int? PageIndex);

    /// <summary>
    /// The empty signature field of that name, to be signed into; null when there is no field of that name. A field
    /// that is signed already, or not a signature field, or not one a signature can go into (a direct object, several
    /// widgets), refuses: a signature never replaces another nor turns up in a field made for something else.
    /// </summary>
    public EmptySignature? EmptySignatureField(string name)
    {
        var match = Fields().Where(f => f.Name == name).Select(f => f.Field).FirstOrDefault();
        if (match is null) return null;
        var field = _file.Dict(match)!;
        if (Inherited(field, "FT") is not PdfName { Value: "Sig" }) throw new PdfFormatException($"Tài liệu đã có trường \"{name}\" (không phải trường chữ ký).");
        if (_file.Resolve(Inherited(field, "V")) is not (null or PdfNull)) throw new PdfFormatException($"Tài liệu đã có trường chữ ký \"{name}\".");
        var kids = (_file.Resolve(field["Kids"]) as PdfArray)?.Items ?? [];
        PdfObject? widget = field["Rect"] is not null || kids.Count == 0 ? match : kids.Count == 1 ? kids[0] : null;
        if (match is not PdfRef fieldRef || widget is not PdfRef widgetRef || _file.Dict(widgetRef) is not { } wd
            || wd["Subtype"] is not PdfName { Value: "Widget" } || wd["T"] is not null && widgetRef != fieldRef)
            throw new PdfFormatException($"Trường chữ ký \"{name}\" không ký vào được (cấu trúc trường không được hỗ trợ).");
        int? page = null;
        for (var i = 0; i < _pages.Count && page is null; i++)
            if (((_file.Resolve(_pages[i].Page["Annots"]) as PdfArray)?.Items ?? []).Any(a => a is PdfRef r && r.Number == widgetRef.Number))
                page = i;
        // Not on a page yet (a widget only in the AcroForm): the page it names (/P), if it is one of the document's.
        if (page is null && wd["P"] is PdfRef p && _pages.FindIndex(x => x.Ref.Number == p.Number) is var at and >= 0) page = at;
        return new EmptySignature(fieldRef, widgetRef, page);
    }

    /// <summary>
    /// Signs into an empty signature field: the field gets the signature dictionary (/V), its widget the appearance and
    /// its place (kept when null), both as new revisions of the same objects; the widget goes on the page only if it was
    /// not there. Nothing else of the field changes (its name, flags, page), so the document gains no annotation.
    /// </summary>
    public void SignInto(EmptySignature target, int pageIndex, int signature, string? rect, string? appearance)
    {
        var field = _file.Dict(target.Field)!.Copy();
        var widget = target.Widget == target.Field ? field : _file.Dict(target.Widget)!.Copy();
        field.Entries["V"] = new PdfRef(signature, 0);
        if (rect is not null) widget.Entries["Rect"] = Parse(rect);
        if (appearance is not null) widget.Entries["AP"] = Parse(appearance);
        widget.Entries.TryAdd("P", PageRef(pageIndex));
        _update.Replace(target.Field, field);
        if (target.Widget != target.Field) _update.Replace(target.Widget, widget);
        if (target.PageIndex is null) Annots(pageIndex).Add(target.Widget);
    }

    /// <summary>An entry of a field, or of the nearest parent field that has it (FT and V are inheritable, ISO 32000-1 table 220).</summary>
    private PdfObject? Inherited(PdfDictionary field, string key)
    {
        var d = field;
        for (var i = 0; d is not null && i < 16; i++, d = _file.Dict(d["Parent"]))
            if (d[key] is { } v) return v;
        return null;
    }

    private static PdfObject Parse(string pdf) => new PdfLexer(Encoding.ASCII.GetBytes(pdf)).ReadObject();

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
        Annots(pageIndex).Add(new PdfRef(widget, 0));
        _fields.Add(new PdfRef(widget, 0));
    }

    /// <summary>The page's annotations as this update will write them (the page is rewritten on <see cref="Commit"/>).</summary>
    private List<PdfObject> Annots(int pageIndex)
    {
        if (!_annots.TryGetValue(pageIndex, out var list))
            _annots[pageIndex] = list = (_file.Resolve(_file.Dict(PageRef(pageIndex))!["Annots"]) as PdfArray)?.Items.ToList() ?? [];
        return list;
    }

    /// <summary>Adds empty text fields (value "", an empty appearance) at their places; the names must be new.</summary>
    public void AddTextFields(IReadOnlyList<PdfTextField> fields)
    {
        if (fields.Count == 0) return;
        foreach (var f in fields)
        {
            ClaimName(f.Name);
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
