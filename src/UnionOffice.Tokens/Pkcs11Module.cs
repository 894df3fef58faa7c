using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace UnionOffice.Tokens;

public enum TokenProblem
{
    WrongPin,
    PinLocked,
    KeyNotFound,
    TokenAbsent,
    Cancelled,
    DeviceError,
}

/// <summary>A token's refusal, in Vietnamese for the person at the keyboard.</summary>
public sealed class TokenException : Exception
{
    public TokenException() { }
    public TokenException(string message) : base(message) { }
    public TokenException(string message, Exception inner) : base(message, inner) { }
    public TokenException(TokenProblem problem, string message, Exception? inner = null) : base(message, inner) => Problem = problem;

    public TokenProblem Problem { get; } = TokenProblem.DeviceError;
}

/// <summary>
/// A certificate found on a token, with what finds its private key again: the token's serial number and the CKA_ID
/// the certificate and its key share (PKCS#11 v2.40 §4.6, the convention every token follows).
/// </summary>
public sealed record TokenCertificate(string TokenLabel, string TokenSerial, byte[] KeyId, string Label, X509Certificate2 Certificate)
{
    /// <summary>"serial/keyid-hex": stable across restarts and readers.</summary>
    public string Id => $"{TokenSerial}/{Convert.ToHexString(KeyId).ToLowerInvariant()}";
}

/// <summary>
/// One PKCS#11 library (the token maker's .so/.dll, SoftHSM2 in tests), loaded and initialised once for the process —
/// C_Initialize may not run twice — and never unloaded. Sessions are opened per operation; a batch of digests is signed
/// in one session after one login (one PIN for twenty documents).
/// </summary>
public sealed class Pkcs11Module
{
    private static readonly ConcurrentDictionary<string, Lazy<Pkcs11Module>> Loaded = new(StringComparer.Ordinal);
    private readonly Pkcs11InteropFactories _factories = new();
    private readonly IPkcs11Library _library;

    private Pkcs11Module(string path)
    {
        Path = path;
        Pkcs11Native.EnsureResolver();
        try
        {
            _library = _factories.Pkcs11LibraryFactory.LoadPkcs11Library(_factories, path, AppType.MultiThreaded);
        }
        catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or DllNotFoundException or BadImageFormatException)
        {
            throw new TokenException(TokenProblem.DeviceError, $"Không nạp được thư viện PKCS#11 của thiết bị ký số ({path}): {e.Message}", e);
        }
    }

    public string Path { get; }

    public static Pkcs11Module Open(string libraryPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryPath);
        var full = System.IO.Path.GetFullPath(libraryPath);
        if (!File.Exists(full)) throw new TokenException(TokenProblem.DeviceError, $"Không tìm thấy thư viện PKCS#11 của thiết bị ký số: {full}");
        return Loaded.GetOrAdd(full, p => new Lazy<Pkcs11Module>(() => new Pkcs11Module(p))).Value;
    }

    /// <summary>Every X.509 certificate on every token present that has a private key beside it (same CKA_ID).</summary>
    public List<TokenCertificate> Certificates()
    {
        var result = new List<TokenCertificate>();
        foreach (var slot in Slots())
        {
            var info = slot.GetTokenInfo();
            using var session = slot.OpenSession(SessionType.ReadOnly);
            var handles = session.FindAllObjects([_factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                _factories.ObjectAttributeFactory.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509)]);
            foreach (var h in handles)
            {
                var attrs = session.GetAttributeValue(h, [CKA.CKA_VALUE, CKA.CKA_ID, CKA.CKA_LABEL]);
                X509Certificate2 certificate;
                try
                {
                    certificate = X509CertificateLoader.LoadCertificate(attrs[0].GetValueAsByteArray());
                }
                catch (CryptographicException)
                {
                    continue;
                }
                if (certificate.BasicConstraints() is true) continue; // a CA certificate kept on the token is not a signer
                result.Add(new TokenCertificate(info.Label.Trim(), info.SerialNumber.Trim(), attrs[1].GetValueAsByteArray() ?? [], attrs[2].GetValueAsString() ?? "", certificate));
            }
        }
        return result;
    }

    /// <summary>
    /// Signs each SHA-256 digest with the key of <paramref name="certificate"/> after one login with the PIN; the raw
    /// signatures come back in order (RSA PKCS#1 v1.5 over the DigestInfo; ECDSA as DER SEQUENCE{r,s}).
    /// </summary>
    public List<byte[]> Sign(TokenCertificate certificate, string pin, IReadOnlyList<byte[]> digests)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Any(d => d is not { Length: 32 })) throw new ArgumentException("Mỗi giá trị băm phải là SHA-256 (32 byte).", nameof(digests));
        // A login is the application's, not the session's: one signer at a time per token, or one's logout ends another's login.
        lock (_tokenLocks.GetOrAdd(certificate.TokenSerial, _ => new object()))
            return SignLoggedIn(certificate, pin, digests);
    }

    /// <summary>Whether the PIN opens the token (login, then logout), before anything depends on it.</summary>
    public void CheckPin(TokenCertificate certificate, string pin)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        lock (_tokenLocks.GetOrAdd(certificate.TokenSerial, _ => new object()))
            SignLoggedIn(certificate, pin, []);
    }

    private readonly ConcurrentDictionary<string, object> _tokenLocks = new(StringComparer.Ordinal);

    private List<byte[]> SignLoggedIn(TokenCertificate certificate, string pin, IReadOnlyList<byte[]> digests)
    {
        var slot = Slots().FirstOrDefault(s => s.GetTokenInfo().SerialNumber.Trim() == certificate.TokenSerial)
            ?? throw new TokenException(TokenProblem.TokenAbsent, $"Không thấy thiết bị ký số “{certificate.TokenLabel}”: cắm USB token vào máy rồi thử lại.");
        using var session = slot.OpenSession(SessionType.ReadOnly);
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE)
        {
            throw new TokenException(TokenProblem.WrongPin, "Mã PIN của USB token không đúng.", e);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_LOCKED)
        {
            throw new TokenException(TokenProblem.PinLocked, "USB token đã bị khóa do nhập sai mã PIN quá số lần cho phép; liên hệ nơi cấp để mở khóa.", e);
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Logged in by another session of this process: the login is per token, not per session.
        }
        try
        {
            var keys = session.FindAllObjects([_factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                _factories.ObjectAttributeFactory.Create(CKA.CKA_ID, certificate.KeyId)]);
            if (keys.Count == 0) throw new TokenException(TokenProblem.KeyNotFound, "Không tìm thấy khóa bí mật của chứng thư số này trên USB token.");
            var isRsa = certificate.Certificate.GetRSAPublicKey() is { } rsa && DisposeAnd(rsa);
            using var mechanism = _factories.MechanismFactory.Create(isRsa ? CKM.CKM_RSA_PKCS : CKM.CKM_ECDSA);
            var result = new List<byte[]>(digests.Count);
            foreach (var digest in digests)
            {
                var signature = session.Sign(mechanism, keys[0], isRsa ? [.. Sha256DigestInfoPrefix, .. digest] : digest);
                result.Add(isRsa ? signature : EcdsaDer(signature));
            }
            return result;
        }
        catch (Pkcs11Exception e)
        {
            throw new TokenException(TokenProblem.DeviceError, $"Thiết bị ký số báo lỗi {e.RV}.", e);
        }
        finally
        {
            try { session.Logout(); } catch (Pkcs11Exception) { /* already logged out (another session) */ }
        }
    }

    private static bool DisposeAnd(IDisposable d)
    {
        d.Dispose();
        return true;
    }

    private List<ISlot> Slots()
    {
        try
        {
            // A reader with a blank card (or SoftHSM's spare slot) has a token that is present but not initialised: no keys there.
            return _library.GetSlotList(SlotsType.WithTokenPresent).Where(s => s.GetTokenInfo().TokenFlags.TokenInitialized).ToList();
        }
        catch (Pkcs11Exception e)
        {
            throw new TokenException(TokenProblem.DeviceError, $"Thiết bị ký số báo lỗi {e.RV}.", e);
        }
    }

    /// <summary>DER of DigestInfo { sha256, NULL } up to the 32 hash bytes (RFC 8017 §9.2 note 1).</summary>
    private static readonly byte[] Sha256DigestInfoPrefix = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    /// <summary>A token's ECDSA signature (r‖s, each half the key size) as DER SEQUENCE{r,s}.</summary>
    private static byte[] EcdsaDer(byte[] raw)
    {
        var half = raw.Length / 2;
        var w = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteIntegerUnsigned(raw.AsSpan(0, half));
            w.WriteIntegerUnsigned(raw.AsSpan(half));
        }
        return w.Encode();
    }
}

internal static class CertificateExtensions
{
    public static bool? BasicConstraints(this X509Certificate2 c) =>
        c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority;
}
