using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;
using UnionOffice.Pdf.Signing.Revocation;

namespace UnionOffice.Modules.Signing;

/// <summary>What adding validation data to a signed PDF gave: the document, whether CRLs or OCSP answers went in, and
/// the certificates (by name) for which none could be had.</summary>
public sealed record ValidationDataResult(byte[] Pdf, bool Added, IReadOnlyList<string> Missing);

/// <summary>
/// Long-term validation for the product (ADR 0017): at issue, the CRLs and OCSP answers of every signature of the issued
/// document go into it (PAdES B-LT) — gathered before the register is locked for the number, completed after the organ's
/// signature — so recipients and the archive can verify it when the CA's servers are gone and the certificates have
/// expired; for the archive's packages, the data is refreshed and a document time-stamp seals each signed PDF (B-LTA).
/// Off with Signing:LongTermValidation = false. A certificate whose CA publishes nothing (the demo's test CA) gets no data:
/// the document stays as signed.
/// </summary>
public sealed class ValidationData(TrustAnchors anchors, PdfSigning signing, IHttpClientFactory http, IOptions<SigningOptions> options, ILogger<ValidationData> log)
{
    public const string HttpClientName = "revocation";

    private HttpRevocationSource Source() => new(http.CreateClient(HttpClientName));

    /// <summary>Before signing: the material for the signatures already in <paramref name="pdf"/> and for the certificate about to sign.</summary>
    public async Task<ValidationMaterial> GatherAsync(byte[] pdf, ISignatureProvider signer, CancellationToken ct)
    {
        if (!options.Value.LongTermValidation) return ValidationMaterial.Empty;
        try
        {
            var collected = await LongTermValidation.CollectAsync(pdf, await anchors.AllAsync(ct), Source(), ct, [signer.Certificate, .. signer.Chain]);
            return collected.Material;
        }
        catch (PdfFormatException e)
        {
            log.LogWarning("Validation data not gathered: {Problem}", e.Message);
            return ValidationMaterial.Empty;
        }
    }

    /// <summary>After signing: what the new signature still needs, then everything into the document's /DSS (B-LT).</summary>
    public async Task<ValidationDataResult> AddAsync(byte[] pdf, ValidationMaterial gathered, CancellationToken ct)
    {
        if (!options.Value.LongTermValidation) return new ValidationDataResult(pdf, false, []);
        var collected = await LongTermValidation.CollectAsync(pdf, await anchors.AllAsync(ct), Source(), ct, already: gathered);
        var material = gathered.Union(collected.Material);
        if (collected.Missing.Count > 0)
            log.LogWarning("No revocation data could be had for {Certificates}", string.Join(", ", collected.Missing));
        return material.HasRevocationData
            ? new ValidationDataResult(PdfDss.Append(pdf, material), true, collected.Missing)
            : new ValidationDataResult(pdf, false, collected.Missing);
    }

    /// <summary>
    /// A signed PDF as it goes into an archive package: its validation data refreshed and, when a time-stamping service is
    /// configured, sealed by a document time-stamp whose own authority's data follows it (B-LTA). A PDF without
    /// signatures, or one this cannot read, goes as it is.
    /// </summary>
    public async Task<ValidationDataResult> ForArchiveAsync(byte[] pdf, CancellationToken ct)
    {
        if (!options.Value.LongTermValidation || !IsSigned(pdf)) return new ValidationDataResult(pdf, false, []);
        try
        {
            var lt = await AddAsync(pdf, ValidationMaterial.Empty, ct);
            if (signing.TimestampAuthority() is not { } tsa) return lt;
            var stamped = await LongTermValidation.AddDocumentTimestampAsync(lt.Pdf, tsa, LongTermValidation.NextTimestampFieldName(lt.Pdf), ct);
            var lta = await AddAsync(stamped, ValidationMaterial.Empty, ct);
            return lta with { Added = true };
        }
        catch (Exception e) when (e is PdfFormatException or TimestampException)
        {
            log.LogWarning("Archive copy without long-term validation: {Problem}", e.Message);
            return new ValidationDataResult(pdf, false, []);
        }
    }

    private static bool IsSigned(byte[] pdf)
    {
        if (pdf.AsSpan(0, Math.Min(pdf.Length, 1024)).IndexOf("%PDF-"u8) < 0) return false;
        try
        {
            return PdfSignatures.Read(pdf).Count > 0;
        }
        catch (PdfFormatException)
        {
            return false;
        }
    }
}
