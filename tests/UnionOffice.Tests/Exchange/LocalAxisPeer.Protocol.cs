using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace UnionOffice.Tests.Exchange;

/// <summary>The peer's side of the protocol: the signature check and the operations.</summary>
public sealed partial class LocalAxisPeer
{
    private const string Prefix = "XroadVnpt-";

    /// <summary>
    /// Checks the signed headers the way an axis that accepts the SDK must: HMAC-SHA256 over the sign-header exactly as
    /// received, every listed key present in it and equal to its <c>XroadVnpt-k</c> header, systemid and timestamp among them.
    /// Returns a FAIL reply, or null with the logical headers.
    /// </summary>
    private Dictionary<string, object?>? Verify(HttpRequest request, out string systemId, out Dictionary<string, string> headers)
    {
        systemId = "";
        headers = new(StringComparer.OrdinalIgnoreCase);
        string? keyList = request.Headers[Prefix + "sign-header-key"], signed = request.Headers[Prefix + "sign-header"], hash = request.Headers[Prefix + "hash-header"];
        if (string.IsNullOrEmpty(keyList) || string.IsNullOrEmpty(signed) || string.IsNullOrEmpty(hash))
            return Fail("Thiếu chữ ký XroadVnpt (sign-header, sign-header-key, hash-header)", "401");
        Dictionary<string, string>? json;
        try { json = JsonSerializer.Deserialize<Dictionary<string, string>>(signed); }
        catch (JsonException) { json = null; }
        if (json is null) return Fail("XroadVnpt-sign-header không phải đối tượng JSON", "401");
        if (!json.TryGetValue(Prefix + "systemid", out var id) || !_systems.TryGetValue(id, out var system))
            return Fail("Hệ thống gửi yêu cầu chưa được cấp quyền trên trục", "401");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Utf8(system.Secret), Utf8(signed)));
        if (!CryptographicOperations.FixedTimeEquals(Utf8(expected), Utf8(hash.ToLowerInvariant())))
            return Fail("Sai chữ ký (XroadVnpt-hash-header không khớp)", "401");
        foreach (var key in keyList.Split(';'))
        {
            if (!json.TryGetValue(Prefix + key, out var value) || request.Headers[Prefix + key].ToString() != value)
                return Fail($"Tiêu đề {key} không khớp với phần đã ký", "401");
            headers[key] = value;
        }
        if (!headers.TryGetValue("timestamp", out var ts) || !IsSdkTimestamp(ts))
            return Fail("Thiếu timestamp hoặc timestamp sai định dạng ddMMyyyy'T'HHmmss+SSSS", "401");
        systemId = id;
        return null;
    }

    private static bool IsSdkTimestamp(string ts) =>
        ts.Length == 20 && ts[15] == '+' && ts[16..].All(char.IsAsciiDigit)
        && DateTime.TryParseExact(ts[..15], "ddMMyyyy'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private Dictionary<string, object?> Send(string systemId, Dictionary<string, string> h, byte[] body)
    {
        if (!h.TryGetValue("from", out var from) || !h.TryGetValue("to", out var toJson) || !h.TryGetValue("messagetype", out var type) || !h.TryGetValue("hash-file", out var hashFile))
            return Fail("Thiếu from, to, messagetype hoặc hash-file", "2");
        var hex = Sha256Hex(body);
        if (!string.Equals(hashFile, hex, StringComparison.OrdinalIgnoreCase) && !string.Equals(hashFile, JavaUnpadded(hex), StringComparison.OrdinalIgnoreCase))
            return Fail("hash mismatch", "3");
        string[]? to;
        try { to = JsonSerializer.Deserialize<string[]>(toJson); }
        catch (JsonException) { to = null; }
        if (to is not { Length: > 0 }) return Fail("to phải là mảng JSON các mã định danh", "2");
        if (to.FirstOrDefault(code => !_agencies.ContainsKey(code)) is { } unknown) return Fail($"Đơn vị nhận {unknown} chưa đăng ký trên trục", "4");
        var doc = new SentDocument(Guid.NewGuid().ToString("N"), systemId, from, to, type, body, hashFile);
        foreach (var code in to)
        {
            var receiverId = Guid.NewGuid().ToString("N");
            _deliveries[receiverId] = new Delivery(receiverId, doc, code, _agencies[code].SystemId);
        }
        return Ok("DocId", doc.DocId);
    }

    private Dictionary<string, object?> ReceivedList(string systemId, Dictionary<string, string> h)
    {
        var type = h.GetValueOrDefault("messagetype", "edoc");
        return Ok("data", _deliveries.Values
            .Where(d => d.ReceiverSystemId == systemId && d.Status is "inbox" or "processing" && d.Document.MessageType == type)
            .OrderBy(d => d.SentAt)
            .Select(d => new Dictionary<string, string>
            {
                ["docId"] = d.ReceiverDocId, ["serviceType"] = "eDoc", ["messageType"] = type, ["from"] = d.Document.From, ["to"] = d.ToCode,
                ["created_time"] = Time(d.SentAt), ["updated_time"] = Time(d.SentAt), ["status"] = d.Status, ["status_desc"] = d.Status,
            }).ToList());
    }

    private Dictionary<string, object?> SentList(string systemId, Dictionary<string, string> h)
    {
        var type = h.GetValueOrDefault("messagetype", "edoc");
        var docId = h.GetValueOrDefault("docId");
        return Ok("data", _deliveries.Values
            .Where(d => d.Document.SenderSystemId == systemId && d.Document.MessageType == type && (docId is null || d.Document.DocId == docId))
            .OrderBy(d => d.SentAt)
            .Select(d => new Dictionary<string, string>
            {
                ["senderDocId"] = d.Document.DocId, ["receiverDocId"] = d.ReceiverDocId, ["fromCode"] = d.Document.From, ["toCode"] = d.ToCode,
                ["serviceType"] = "eDoc", ["messageType"] = type, ["sentTime"] = Time(d.SentAt), ["sendStatus"] = "done",
                ["receiveStatus"] = d.Status, ["receiveStatusDesc"] = d.Status,
            }).ToList());
    }

    private Dictionary<string, object?> GetEdoc(string systemId, Dictionary<string, string> h)
    {
        if (!h.TryGetValue("docId", out var docId) || !_deliveries.TryGetValue(docId, out var d) || d.ReceiverSystemId != systemId)
            return Fail($"Không tìm thấy văn bản {h.GetValueOrDefault("docId")}", "5");
        var bytes = d.Document.Body;
        if (Interlocked.Exchange(ref _corruptNextData, 0) == 1)
        {
            bytes = (byte[])bytes.Clone();
            bytes[bytes.Length / 2] ^= 0x5A;
        }
        var reply = Ok("data", Base64(bytes, Base64LineBreaks));
        reply["hash"] = Sha256Hex(d.Document.Body);
        return reply;
    }

    private Dictionary<string, object?> UpdateStatus(string systemId, Dictionary<string, string> h)
    {
        if (!h.TryGetValue("docId", out var docId) || !_deliveries.TryGetValue(docId, out var d) || d.ReceiverSystemId != systemId)
            return Fail($"Không tìm thấy văn bản {h.GetValueOrDefault("docId")}", "5");
        var status = h.GetValueOrDefault("status");
        if (status is not ("done" or "fail" or "processing")) return Fail("status phải là done, fail hoặc processing", "2");
        d.Status = status;
        return Ok("data", null);
    }

    private Dictionary<string, object?> AgenciesList() =>
        Ok("data", _agencies.Values.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new Dictionary<string, string?>
        {
            ["id"] = a.Code, ["code"] = a.Code, ["name"] = a.Name, ["mail"] = a.Mail, ["pid"] = a.ParentCode,
        }).ToList());

    private Dictionary<string, object?> RegisterAgency(string systemId, byte[] body)
    {
        Dictionary<string, string>? r;
        try { r = JsonSerializer.Deserialize<Dictionary<string, string>>(body); }
        catch (JsonException) { r = null; }
        if (r is null || string.IsNullOrWhiteSpace(r.GetValueOrDefault("code")) || string.IsNullOrWhiteSpace(r.GetValueOrDefault("name")))
            return Fail("Đăng ký đơn vị cần code và name", "2");
        if (_agencies.TryGetValue(r["code"], out var existing) && existing.SystemId != systemId)
            return Fail($"Mã {r["code"]} đã thuộc hệ thống khác", "6");
        _agencies[r["code"]] = new Agency(r["code"], r["name"], NullIfEmpty(r.GetValueOrDefault("pcode")), NullIfEmpty(r.GetValueOrDefault("mail")), systemId);
        return Ok("data", null);
    }

    private Dictionary<string, object?> DeleteAgency(string systemId, Dictionary<string, string> h)
    {
        if (!h.TryGetValue("AgencyCode", out var code) || !_agencies.TryGetValue(code, out var a) || a.SystemId != systemId)
            return Fail($"Không có đơn vị {h.GetValueOrDefault("AgencyCode")} của hệ thống này", "5");
        _agencies.TryRemove(code, out _);
        return Ok("data", null);
    }

    /// <summary>The SDK's spelling of the hash: <c>Integer.toHexString</c> per byte, no leading zero.</summary>
    private static string JavaUnpadded(string hex) =>
        string.Concat(Enumerable.Range(0, hex.Length / 2).Select(i => hex[2 * i] == '0' ? hex[(2 * i + 1)..(2 * i + 2)] : hex.Substring(2 * i, 2)));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
