using Microsoft.Extensions.Options;
using UnionOffice.Common;
using UnionOffice.Pdf;
using UnionOffice.Pdf.Reading;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Modules.Signing;

/// <summary>
/// One PAdES signature into a PDF with the installation's settings: CAdES over the byte range, a time-stamp when
/// Signing:TimestampUrl is set (B-T), and the library's failures as Vietnamese errors. Every signed PDF the product makes
/// (outgoing documents, handover records) signs through here.
/// </summary>
public sealed class PdfSigning(IOptions<SigningOptions> options, IHttpClientFactory http)
{
    /// <summary>The configured time-stamping service (B-T), or null (B-B).</summary>
    public ITimestampAuthority? TimestampAuthority() =>
        options.Value.TimestampUrl is { Length: > 0 } url ? new HttpTimestampAuthority(http.CreateClient("tsa"), new Uri(url)) : null;

    public async Task<byte[]> SignAsync(byte[] pdf, PdfSignatureOptions o, ISignatureProvider signer, CancellationToken ct)
    {
        var tsa = TimestampAuthority();
        using var activity = Hosting.Telemetry.Source.StartActivity("pdf.sign");
        activity?.SetTag("uo.signature.field", o.FieldName);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await PdfSigner.SignAsync(pdf, o, (digest, c) => CadesSignature.CreateAsync(digest, signer, tsa, c), ct);
        }
        catch (PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không ký được tệp PDF: {e.Message}", 422));
        }
        catch (TimestampException e)
        {
            throw new DomainException(new Error("TIMESTAMP_FAILED", $"Không lấy được dấu thời gian: {e.Message}", 502));
        }
        finally
        {
            Hosting.Telemetry.SigningDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("uo.timestamped", tsa is not null));
        }
    }
}
