using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace UnionOffice.Modules.Operations;

/// <summary>
/// The data-protection key ring in a backup, encrypted under the operator's passphrase: the keys protect sessions, the
/// organs' and people's PKCS#12 files and the audit anchors' signing key, so a backup without them restores documents
/// nobody can sign with again — and a backup with them in clear hands the keys to whoever holds the copy.
/// AES-256-GCM under a key from PBKDF2-SHA256 (600 000 iterations, a fresh salt); a wrong passphrase or a changed byte fails
/// the tag, and nothing is written.
/// </summary>
public static class BackupKeys
{
    private static readonly byte[] Magic = "UOKEYS1\n"u8.ToArray();
    private const int Iterations = 600_000, SaltBytes = 16, NonceBytes = 12, TagBytes = 16;

    public static byte[] Encrypt(IReadOnlyCollection<XElement> keys, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var plain = Encoding.UTF8.GetBytes(new XElement("keys", keys).ToString(SaveOptions.DisableFormatting));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, Iterations, HashAlgorithmName.SHA256, 32);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, TagBytes)) aes.Encrypt(nonce, plain, cipher, tag, Magic);
        CryptographicOperations.ZeroMemory(key);
        return [.. Magic, .. salt, .. nonce, .. tag, .. cipher];
    }

    /// <summary>The key elements; a <see cref="BackupException"/> in Vietnamese for a wrong passphrase or a damaged file.</summary>
    public static List<XElement> Decrypt(byte[] file, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var head = Magic.Length + SaltBytes + NonceBytes + TagBytes;
        if (file.Length < head || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new BackupException("Tệp khóa của bản sao lưu không đúng định dạng.");
        var salt = file.AsSpan(Magic.Length, SaltBytes);
        var nonce = file.AsSpan(Magic.Length + SaltBytes, NonceBytes);
        var tag = file.AsSpan(Magic.Length + SaltBytes + NonceBytes, TagBytes);
        var cipher = file.AsSpan(head);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain, Magic);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BackupException("Cụm mật khẩu của bản sao lưu không đúng (hoặc tệp khóa đã bị sửa): không giải mã được khóa bảo vệ dữ liệu.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain)).Elements().ToList();
    }
}

/// <summary>A backup or restore that cannot go on, said in Vietnamese for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
