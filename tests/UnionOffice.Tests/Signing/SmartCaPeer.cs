using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// A remote signing service on loopback that speaks the SmartCA "SP769" protocol the product's client is written to
/// (JSON POSTs with sp_id/sp_password; get_certificate, sign with hex digests, status by transaction id): it keeps the
/// person's key as the provider would, and the test plays the person's phone — <see cref="Confirm"/> signs the digests
/// of a transaction with that key, <see cref="Refuse"/> and <see cref="Expire"/> end it.
/// </summary>
public sealed class SmartCaPeer : IAsyncDisposable
{
    public const string SpId = "uo-test-sp";
    public const string SpPassword = "mat-khau-tich-hop";
    public const string UserId = "040085001234";

    private enum State { Waiting, Confirmed, Refused, Expired }

    public sealed record Transaction(string Id, string UserId, string Serial, string Description, Dictionary<string, string> HexDigests);

    private readonly ConcurrentDictionary<string, (Transaction T, State S, Dictionary<string, string> Signatures)> _transactions = new();
    private LoopbackHttp _http = default!;

    public IssuedCertificate Person { get; }
    public TestCertificateAuthority Ca { get; }
    public Uri BaseUri => _http.BaseUri;
    /// <summary>The next sign request answers 500 (the provider's fault).</summary>
    public bool FailNextSign { get; set; }
    public IReadOnlyCollection<Transaction> Transactions => [.. _transactions.Values.Select(v => v.T)];

    private SmartCaPeer(TestCertificateAuthority ca, IssuedCertificate person)
    {
        Ca = ca;
        Person = person;
    }

    public static async Task<SmartCaPeer> StartAsync(string fullName, string organ)
    {
        var ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow, "CA ký số từ xa (test)");
        var peer = new SmartCaPeer(ca, ca.IssuePerson(fullName, organ));
        peer._http = await LoopbackHttp.StartAsync(peer.HandleAsync);
        return peer;
    }

    public Transaction Last => _transactions.Values.OrderBy(v => v.T.Id, StringComparer.Ordinal).Select(v => v.T).Last(t => _transactions[t.Id].S == State.Waiting);

    /// <summary>The person confirms on the phone: the provider signs each digest with the person's key (raw PKCS#1 v1.5).</summary>
    public void Confirm(string transactionId)
    {
        var (t, _, _) = _transactions[transactionId];
        using var rsa = Person.Certificate.GetRSAPrivateKey()!;
        var signatures = t.HexDigests.ToDictionary(d => d.Key, d => Convert.ToBase64String(rsa.SignHash(Convert.FromHexString(d.Value), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        _transactions[transactionId] = (t, State.Confirmed, signatures);
    }

    public void Refuse(string transactionId) => _transactions[transactionId] = (_transactions[transactionId].T, State.Refused, []);

    public void Expire(string transactionId) => _transactions[transactionId] = (_transactions[transactionId].T, State.Expired, []);

    private async Task HandleAsync(HttpContext ctx)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(ctx.Request.Body);
        }
        catch (JsonException)
        {
            await AnswerAsync(ctx, 400, "BAD_REQUEST", null);
            return;
        }
        if (ctx.Request.Method != "POST" || (string?)body?["sp_id"] != SpId || (string?)body?["sp_password"] != SpPassword)
        {
            await AnswerAsync(ctx, 401, "SP_CREDENTIAL_INVALID", null);
            return;
        }
        var path = ctx.Request.Path.Value ?? "";
        if (path == "/v1/credentials/get_certificate")
        {
            var mine = (string?)body!["user_id"] == UserId;
            var root = Convert.ToBase64String(Ca.Root.RawData);
            await AnswerAsync(ctx, 200, "SUCCESS", new JsonObject
            {
                ["user_certificates"] = mine
                    ? new JsonArray(new JsonObject
                    {
                        ["service_type"] = "SMARTCA", ["cert_id"] = "c-1", ["cert_status"] = "Đang hoạt động", ["serial_number"] = Person.Certificate.SerialNumber,
                        ["cert_subject"] = Person.Certificate.Subject, ["cert_data"] = Convert.ToBase64String(Person.Certificate.RawData),
                        ["chain_data"] = new JsonObject { ["ca_cert"] = null, ["root_cert"] = root },
                    })
                    : new JsonArray(),
            });
            return;
        }
        if (path == "/v1/signatures/sign")
        {
            if (FailNextSign)
            {
                FailNextSign = false;
                await AnswerAsync(ctx, 500, "SERVAR_INTERNAL_ERROR", null);
                return;
            }
            var id = (string)body!["transaction_id"]!;
            var digests = body["sign_files"]!.AsArray().ToDictionary(f => (string)f!["doc_id"]!, f => (string)f!["data_to_be_signed"]!);
            Assert.All(body["sign_files"]!.AsArray(), f => Assert.Equal("hash", (string?)f!["sign_type"]));
            _transactions[id] = (new Transaction(id, (string)body["user_id"]!, (string)body["serial_number"]!, (string?)body["transaction_desc"] ?? "", digests), State.Waiting, []);
            await AnswerAsync(ctx, 200, "sig_wait_for_user_confirm", new JsonObject { ["transaction_id"] = id, ["tran_code"] = "TC-" + id[..6] });
            return;
        }
        if (path.StartsWith("/v1/signatures/sign/", StringComparison.Ordinal) && path.EndsWith("/status", StringComparison.Ordinal))
        {
            var id = path["/v1/signatures/sign/".Length..^"/status".Length];
            if (!_transactions.TryGetValue(id, out var t))
            {
                await AnswerAsync(ctx, 400, "TRANSACTION_NOT_FOUND", null);
                return;
            }
            switch (t.S)
            {
                case State.Confirmed:
                    await AnswerAsync(ctx, 200, "SUCCESS", new JsonObject
                    {
                        ["transaction_id"] = id,
                        ["signatures"] = new JsonArray([.. t.Signatures.Select(s => (JsonNode)new JsonObject { ["doc_id"] = s.Key, ["signature_value"] = s.Value, ["timestamp_signature"] = null })]),
                    });
                    return;
                case State.Refused:
                    await AnswerAsync(ctx, 200, "SIGNER_REJECTED", null, code: 4002);
                    return;
                case State.Expired:
                    await AnswerAsync(ctx, 200, "EXPIRED", null, code: 4001);
                    return;
                default:
                    await AnswerAsync(ctx, 200, "WAITING_FOR_SIGNER_CONFIRM", new JsonObject { ["transaction_id"] = id, ["signatures"] = null });
                    return;
            }
        }
        await AnswerAsync(ctx, 404, "NOT_FOUND", null);
    }

    private static Task AnswerAsync(HttpContext ctx, int http, string message, JsonNode? data, int? code = null)
    {
        ctx.Response.StatusCode = http;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(new JsonObject { ["status_code"] = code ?? http, ["message"] = message, ["data"] = data }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        Person.Dispose();
        Ca.Dispose();
    }
}
