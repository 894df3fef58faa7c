using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing.Revocation;

namespace UnionOffice.Pdf.Signing;

/// <summary>
/// The Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4 — PAdES B-LT): a /DSS dictionary in the
/// catalog whose /Certs, /CRLs and /OCSPs arrays hold DER streams. It is added by an incremental update after the
/// signatures, which therefore stay valid; a certification's DocMDP does not forbid it.
/// </summary>
public static class PdfDss
{
    /// <summary>More items than this in one array is not a security store this reader accepts.</summary>
    public const int MaxItems = 2000;

    /// <summary>The material of the document's current /DSS (empty when it has none).</summary>
    public static ValidationMaterial Read(byte[] pdf)
    {
        var file = PdfFile.Parse(pdf);
        if (file.Dict(file.Catalog["DSS"]) is not { } dss) return ValidationMaterial.Empty;
        return new ValidationMaterial(Items(file, dss, "Certs"), Items(file, dss, "CRLs"), Items(file, dss, "OCSPs"));
    }

    /// <summary>
    /// The document with the material added to its /DSS in one incremental update (items already there are not written
    /// again). The document itself when nothing is new.
    /// </summary>
    public static byte[] Append(byte[] pdf, ValidationMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        var file = PdfFile.Parse(pdf);
        if (file.Trailer["Root"] is not PdfRef catalogRef) throw new PdfFormatException("Mục lục PDF không hợp lệ.");
        var existing = file.Dict(file.Catalog["DSS"]);
        var present = existing is null ? ValidationMaterial.Empty
            : new ValidationMaterial(Items(file, existing, "Certs"), Items(file, existing, "CRLs"), Items(file, existing, "OCSPs"));
        var update = new PdfIncrementalUpdate(file);
        var dss = existing?.Copy() ?? new PdfDictionary();
        var added = 0;
        foreach (var (key, have, more) in new[] { ("Certs", present.Certificates, material.Certificates), ("CRLs", present.Crls, material.Crls), ("OCSPs", present.OcspResponses, material.OcspResponses) })
        {
            var fresh = ValidationMaterial.Distinct(have, more).Skip(have.Count).ToList();
            if (fresh.Count == 0) continue;
            var array = (file.Resolve(dss[key]) as PdfArray)?.Items.ToList() ?? [];
            foreach (var der in fresh) array.Add(new PdfRef(update.Stream(der, compress: true), 0));
            if (array.Count > MaxItems) throw new PdfFormatException("Kho dữ liệu xác thực của tài liệu quá lớn.");
            dss.Entries[key] = new PdfArray(array);
            added += fresh.Count;
        }
        if (added == 0) return pdf;
        var dssRef = update.Add(dss);
        var catalog = file.Catalog.Copy();
        catalog.Entries["DSS"] = new PdfRef(dssRef, 0);
        // The PAdES extension level for PDF 1.7 readers (ETSI EN 319 142-1 §5.4.1), unless the document names its own.
        catalog.Entries.TryAdd("Extensions", PdfDictionaryOf(("ESIC", PdfDictionaryOf(("BaseVersion", new PdfName("1.7")), ("ExtensionLevel", new PdfNumber("5"))))));
        update.Replace(catalogRef, catalog);
        return update.Save();
    }

    /// <summary>
    /// The revisions after the first <paramref name="revisionLength"/> bytes change nothing but the /DSS: everything else the
    /// catalog reaches (pages, their content, the form, the signatures) is as it was in that revision.
    /// </summary>
    public static bool OnlyValidationDataAfter(byte[] pdf, long revisionLength)
    {
        if (revisionLength <= 0 || revisionLength > pdf.Length) return false;
        if (revisionLength == pdf.Length) return true;
        try
        {
            var before = PdfFile.Parse(pdf[..(int)revisionLength]);
            var after = PdfFile.Parse(pdf);
            return CertificationCheck.Fingerprint(before, before.Catalog, "DSS", "Extensions")
                .AsSpan().SequenceEqual(CertificationCheck.Fingerprint(after, after.Catalog, "DSS", "Extensions"));
        }
        catch (PdfFormatException)
        {
            return false;
        }
    }

    private static List<byte[]> Items(PdfFile file, PdfDictionary dss, string key)
    {
        var items = (file.Resolve(dss[key]) as PdfArray)?.Items ?? [];
        if (items.Count > MaxItems) throw new PdfFormatException("Kho dữ liệu xác thực của tài liệu quá lớn.");
        return items.Select(i => file.Resolve(i) is PdfStream s ? file.Decode(s) : null).Where(b => b is { Length: > 0 }).Select(b => b!).ToList();
    }

    private static PdfDictionary PdfDictionaryOf(params (string Key, PdfObject Value)[] entries)
    {
        var d = new PdfDictionary();
        foreach (var (k, v) in entries) d.Entries[k] = v;
        return d;
    }
}
