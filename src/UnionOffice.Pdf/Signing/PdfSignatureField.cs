namespace UnionOffice.Pdf.Signing;

/// <summary>
/// An empty signature field to add to a document (points from the top-left corner of the page, as
/// <see cref="PdfTextField"/> and <see cref="SignatureAppearance"/>): a signature widget with no value, signed later by
/// naming it in <see cref="PdfSignatureOptions.FieldName"/>. A certification (DocMDP P=2) that creates the field of a
/// later signature leaves that signer only "signing" to do — ISO 32000-1 table 254 allows it — whereas a new signature
/// widget added after the certification is an annotation change that strict validators may refuse.
/// </summary>
public sealed record PdfSignatureField(string Name, int PageIndex, double X, double Y, double Width, double Height);
