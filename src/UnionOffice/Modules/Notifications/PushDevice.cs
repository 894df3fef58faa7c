namespace UnionOffice.Modules.Notifications;

/// <summary>
/// A browser (on a desk or a phone) that asked for the person's notifications as Web Push messages (RFC 8030): the push
/// service's endpoint and the browser's keys for the message encryption (RFC 8291). The push service learns nothing of a
/// message but its size; only this browser can read it.
/// </summary>
public sealed class PushDevice
{
    private PushDevice() { }

    public PushDevice(Guid userId, string endpoint, string p256dh, string auth, string name, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Endpoint = endpoint;
        P256dh = p256dh;
        Auth = auth;
        Name = name;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Endpoint { get; private set; } = "";
    /// <summary>The browser's P-256 public key (base64url, 65 bytes uncompressed).</summary>
    public string P256dh { get; private set; } = "";
    /// <summary>The browser's authentication secret (base64url, 16 bytes).</summary>
    public string Auth { get; private set; } = "";
    /// <summary>What the person sees in their list ("Chrome trên Android").</summary>
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastSentAt { get; private set; }
    /// <summary>The push service's last refusal, for the person's list (null when the last message went through).</summary>
    public string? LastError { get; private set; }

    /// <summary>The same browser subscribing again (new keys), perhaps signed in as someone else now: it is theirs from now on.</summary>
    public void Renew(Guid userId, string p256dh, string auth, string name, DateTimeOffset now)
    {
        if (UserId != userId) CreatedAt = now; // the new holder gets nothing of the previous one's past
        UserId = userId;
        P256dh = p256dh;
        Auth = auth;
        Name = name;
        LastError = null;
    }

    public void Sent(DateTimeOffset now)
    {
        LastSentAt = now;
        LastError = null;
    }

    public void Failed(string error) => LastError = error.Length > 300 ? error[..300] : error;
}

/// <summary>
/// The installation's VAPID key pair (RFC 8292): browsers subscribe with its public key and accept only messages signed by
/// its private key. Made once, on first use, by whichever node comes first; the private key is kept encrypted under the
/// data-protection keys, which the nodes share.
/// </summary>
public sealed class PushKey
{
    private PushKey() { }

    public PushKey(string publicKey, string protectedPrivateKey, DateTimeOffset now)
    {
        Id = 1;
        PublicKey = publicKey;
        PrivateKey = protectedPrivateKey;
        CreatedAt = now;
    }

    public int Id { get; private set; }
    public string PublicKey { get; private set; } = "";
    public string PrivateKey { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}
