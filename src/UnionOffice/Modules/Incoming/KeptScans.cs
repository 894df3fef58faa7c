using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using UnionOffice.Common;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Incoming;

/// <summary>A file already in the store, to be attached under this name (the scan read on the registration page).</summary>
public sealed record KeptUpload(StoredContent Content, string FileName);

/// <summary>
/// The scan a clerk had read on the registration page is kept, so registering does not ask for it a second time
/// (issue 22 §7): it goes into the content store at once (content-addressed, checked like any upload) and the form
/// carries a ticket for it — protected, naming the clerk and the content, valid for a working day. The ticket is
/// honoured only for the clerk it was given to. A scan read and never registered is a content no row points at, and the
/// store's sweep removes it after its grace.
/// </summary>
public sealed class KeptScans(IFileStore store, IDataProtectionProvider protection, CurrentUser current, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    public static readonly Error Expired = new("SCAN_TICKET_INVALID",
        "Bản quét đã đọc không còn dùng được (quá lâu hoặc không phải của bạn). Vui lòng chọn lại tệp ở ô \"Tệp văn bản\".", 400);

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("UnionOffice.Incoming.KeptScan").ToTimeLimitedDataProtector();

    private sealed record Ticket(string Sha256, long Length, string ContentType, string FileName, Guid UserId);

    public async Task<(string Ticket, string FileName)> KeepAsync(IFormFile file, CancellationToken ct)
    {
        var user = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        await using var s = file.OpenReadStream();
        var content = await store.PutAsync(s, file.FileName, ct);
        var name = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } n ? n : "ban-quet";
        var ticket = Protector.Protect(JsonSerializer.Serialize(new Ticket(content.Sha256, content.Length, content.ContentType, name, user)),
            time.GetUtcNow() + Lifetime);
        return (ticket, name);
    }

    /// <summary>The kept scan the ticket names, for the clerk it was given to; anything else is <see cref="Expired"/>.</summary>
    public async Task<KeptUpload> ResolveAsync(string ticket, CancellationToken ct)
    {
        var kept = Read(ticket);
        try
        {
            await using var still = await store.OpenReadAsync(kept.Content.Sha256, ct); // not swept meanwhile
        }
        catch (DomainException)
        {
            throw new DomainException(Expired);
        }
        return kept;
    }

    private KeptUpload Read(string ticket)
    {
        var user = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        Ticket? t;
        try
        {
            t = JsonSerializer.Deserialize<Ticket>(Protector.Unprotect(ticket, out var expiration));
            if (expiration < time.GetUtcNow()) t = null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            t = null;
        }
        if (t is null || t.UserId != user) throw new DomainException(Expired);
        return new KeptUpload(new StoredContent(t.Sha256, t.Length, t.ContentType), t.FileName);
    }

    /// <summary>The file name a ticket carries, to show on the form again (null when it is not usable).</summary>
    public string? NameOf(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket)) return null;
        try
        {
            return Read(ticket).FileName;
        }
        catch (DomainException)
        {
            return null;
        }
    }
}
