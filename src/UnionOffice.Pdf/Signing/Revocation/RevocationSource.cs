using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing.Revocation;

/// <summary>Where CRLs and OCSP responses come from: the CA's servers named in the certificates.</summary>
public interface IRevocationSource
{
    /// <summary>The CRL (DER) published at the address, or null when it cannot be had.</summary>
    Task<byte[]?> CrlAsync(Uri uri, CancellationToken ct);

    /// <summary>The OCSP responder's answer (a DER OCSPResponse) to the request, or null when it cannot be had.</summary>
    Task<byte[]?> OcspAsync(Uri uri, byte[] request, CancellationToken ct);
}

/// <summary>
/// CRLs by HTTP GET and OCSP by HTTP POST (RFC 6960 Appendix A.1, application/ocsp-request), http and https only, each
/// answer read as a stream up to a limit (a CRL of a large CA is megabytes; an OCSP response is a few kilobytes), so a
/// server that sends more is refused rather than read into memory.
/// </summary>
public sealed class HttpRevocationSource(HttpClient http) : IRevocationSource
{
    public const int MaxCrlBytes = 32 * 1024 * 1024, MaxOcspBytes = 256 * 1024;

    public async Task<byte[]?> CrlAsync(Uri uri, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not ("http" or "https")) return null;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendAsync(request, MaxCrlBytes, ct);
    }

    public async Task<byte[]?> OcspAsync(Uri uri, byte[] request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(request);
        if (uri.Scheme is not ("http" or "https")) return null;
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(request) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ocsp-response"));
        return await SendAsync(message, MaxOcspBytes, ct);
    }

    private async Task<byte[]?> SendAsync(HttpRequestMessage request, int limit, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > limit) return null;
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int n;
            while ((n = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > limit) return null;
                buffer.Write(chunk, 0, n);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The http(s) addresses of the certificate's CRL distribution points (RFC 5280 §4.2.1.13, full names only).</summary>
    public static IReadOnlyList<Uri> CrlAddresses(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var result = new List<Uri>();
        if (certificate.Extensions["2.5.29.31"] is not { } extension) return result;
        try
        {
            var points = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (points.HasData)
            {
                var point = points.ReadSequence();
                if (!point.HasData || !point.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) continue;
                var name = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                if (!name.HasData || !name.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) continue;
                var generalNames = name.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                while (generalNames.HasData)
                {
                    var tag = generalNames.PeekTag();
                    if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
                    {
                        var text = generalNames.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6));
                        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") result.Add(uri);
                    }
                    else generalNames.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A damaged extension names no address.
        }
        return result;
    }

    /// <summary>The http(s) addresses of the certificate's OCSP responders (Authority Information Access).</summary>
    public static IReadOnlyList<Uri> OcspAddresses(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions["1.3.6.1.5.5.7.1.1"] is not { } extension) return [];
        try
        {
            return new X509AuthorityInformationAccessExtension(extension.RawData, extension.Critical).EnumerateOcspUris()
                .Select(s => Uri.TryCreate(s, UriKind.Absolute, out var u) ? u : null)
                .Where(u => u is { Scheme: "http" or "https" }).Select(u => u!).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }
}
