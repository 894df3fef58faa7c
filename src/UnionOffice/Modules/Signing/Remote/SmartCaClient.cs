using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace UnionOffice.Modules.Signing.Remote;

/// <summary>
/// The SmartCA-style hash-signing API (VNPT SmartCA "SP769", as its integration document describes it): every call a
/// JSON POST carrying the integrator's sp_id and sp_password; <c>v1/credentials/get_certificate</c> lists the person's
/// certificates (base64 DER with the CA chain); <c>v1/signatures/sign</c> sends the digests (hex, sign_type "hash")
/// under our transaction id and answers "sig_wait_for_user_confirm"; <c>v1/signatures/sign/{transaction_id}/status</c>
/// gives the signatures (base64 raw PKCS#1) once the person confirmed on the phone. Refusal and expiry are read from
/// the status codes of the provider's earlier API (4002, 4001) and the message — assumptions ADR 0016 lists for
/// confirmation with the provider. Answers are read with a size limit; nothing here trusts them: the signatures are
/// checked against the certificate and the prepared digest before anything is embedded.
/// </summary>
public sealed class SmartCaClient(IHttpClientFactory http, IOptions<RemoteSigningOptions> options) : IRemoteSigningService
{
    public const string HttpClientName = "remote-signing";
    private const int MaxAnswerBytes = 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ProviderName => options.Value.ProviderName;

    public async Task<IReadOnlyList<RemoteCertificate>> CertificatesAsync(string userId, CancellationToken ct)
    {
        var answer = await PostAsync("v1/credentials/get_certificate",
            new { sp_id = options.Value.SpId, sp_password = options.Value.SpPassword, user_id = userId, transaction_id = Guid.NewGuid().ToString("N") }, ct);
        var result = new List<RemoteCertificate>();
        if (answer.Data?.UserCertificates is not { } list) return result;
        foreach (var c in list.Take(20))
        {
            try
            {
                var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.CertData ?? ""));
                var chain = new List<X509Certificate2>();
                foreach (var extra in new[] { c.ChainData?.CaCert, c.ChainData?.RootCert })
                    if (!string.IsNullOrEmpty(extra)) chain.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(extra)));
                result.Add(new RemoteCertificate(c.SerialNumber ?? certificate.SerialNumber, certificate, chain,
                    c.CertStatus is null || c.CertStatus.Equals("Đang hoạt động", StringComparison.OrdinalIgnoreCase) || c.CertStatus.Equals("active", StringComparison.OrdinalIgnoreCase)
                        || c.CertStatus.Equals("valid", StringComparison.OrdinalIgnoreCase)));
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                // A certificate the provider sends that does not read is not offered.
            }
        }
        return result;
    }

    public async Task<RemoteTransaction> StartAsync(RemoteSignRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await PostAsync("v1/signatures/sign", new
        {
            sp_id = options.Value.SpId, sp_password = options.Value.SpPassword, user_id = request.UserId, transaction_id = request.TransactionId,
            transaction_desc = request.Description, serial_number = request.Serial,
            time_stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z",
            sign_files = request.Documents.Select(d => new { data_to_be_signed = Convert.ToHexStringLower(d.Digest), doc_id = d.DocumentId, file_type = "pdf", sign_type = "hash" }),
        }, ct);
        if (Fault(answer) is { } fault) throw new RemoteSigningException(fault);
        return new RemoteTransaction(answer.Data?.TransactionId ?? request.TransactionId, answer.Data?.TranCode);
    }

    public async Task<RemoteStatus> StatusAsync(string transactionId, CancellationToken ct)
    {
        var answer = await PostAsync($"v1/signatures/sign/{Uri.EscapeDataString(transactionId)}/status",
            new { sp_id = options.Value.SpId, sp_password = options.Value.SpPassword }, ct, acceptErrors: true);
        var message = answer.Message ?? "";
        if (answer.Data?.Signatures is { Count: > 0 } signatures)
        {
            var byDocument = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var s in signatures)
            {
                try
                {
                    byDocument[s.DocId ?? ""] = Convert.FromBase64String((s.SignatureValue ?? "").Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
                }
                catch (FormatException)
                {
                    return new RemoteStatus(RemoteState.Failed, new Dictionary<string, byte[]>(), "Dịch vụ ký số từ xa trả về chữ ký không đọc được.");
                }
            }
            return new RemoteStatus(RemoteState.Confirmed, byDocument, message);
        }
        var code = answer.StatusCode;
        if (code == 4002 || message.Contains("REJECT", StringComparison.OrdinalIgnoreCase) || message.Contains("REFUSE", StringComparison.OrdinalIgnoreCase))
            return new RemoteStatus(RemoteState.Refused, new Dictionary<string, byte[]>(), message);
        if (code == 4001 || message.Contains("EXPIRE", StringComparison.OrdinalIgnoreCase))
            return new RemoteStatus(RemoteState.Expired, new Dictionary<string, byte[]>(), message);
        if (Fault(answer) is { } fault && code is not (4000 or 200 or 0))
            return new RemoteStatus(RemoteState.Failed, new Dictionary<string, byte[]>(), fault);
        return new RemoteStatus(RemoteState.Waiting, new Dictionary<string, byte[]>(), message);
    }

    private static string? Fault(Answer a) => a.StatusCode switch
    {
        200 or 0 or 4000 => null,
        401 => "Dịch vụ ký số từ xa từ chối tài khoản tích hợp của hệ thống (sp_id/sp_password) hoặc mã định danh người dùng.",
        403 => "Chứng thư số trên dịch vụ ký số từ xa không ở trạng thái dùng được.",
        _ => $"Dịch vụ ký số từ xa báo lỗi {a.StatusCode}: {a.Message}",
    };

    private async Task<Answer> PostAsync(string path, object body, CancellationToken ct, bool acceptErrors = false)
    {
        var baseUrl = options.Value.BaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl)) throw new RemoteSigningException("Hệ thống chưa được cấu hình dịch vụ ký số từ xa (Signing:Remote:BaseUrl).");
        var client = http.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync(new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), path), body, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new RemoteSigningException($"Không kết nối được dịch vụ ký số từ xa {ProviderName}: {e.Message}", e);
        }
        using (response)
        {
            Answer? answer = null;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(ct);
                var bytes = await ReadLimitedAsync(stream, ct);
                answer = bytes.Length == 0 ? null : JsonSerializer.Deserialize<Answer>(bytes, Json);
            }
            catch (JsonException)
            {
                // Not JSON: told below by the status.
            }
            if (answer is null)
                throw new RemoteSigningException($"Dịch vụ ký số từ xa {ProviderName} trả lời không đúng định dạng (HTTP {(int)response.StatusCode}).");
            if (answer.StatusCode == 0) answer = answer with { StatusCode = (int)response.StatusCode };
            if (!acceptErrors && response.StatusCode != HttpStatusCode.OK && Fault(answer) is { } fault) throw new RemoteSigningException(fault);
            return answer;
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream stream, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + n > MaxAnswerBytes) throw new RemoteSigningException("Câu trả lời của dịch vụ ký số từ xa quá lớn.");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    private sealed record Answer(int StatusCode, string? Message, AnswerData? Data);

    private sealed record AnswerData(string? TransactionId, string? TranCode, List<UserCertificate>? UserCertificates, List<SignatureItem>? Signatures);

    private sealed record UserCertificate(string? CertId, string? CertStatus, string? SerialNumber, string? CertData, ChainData? ChainData);

    private sealed record ChainData(string? CaCert, string? RootCert);

    private sealed record SignatureItem(string? DocId, string? SignatureValue, string? TimestampSignature);
}
