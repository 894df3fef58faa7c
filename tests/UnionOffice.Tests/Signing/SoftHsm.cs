using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// SoftHSM2 (Debian's softhsm2) as the tokens of the tests, in a directory of their own: the head's USB token (an RSA
/// 2048 key pair made on the token, never extractable) and an organ's HSM (ECDSA P-256), each with a certificate from
/// one test CA beside its key. Made once per test run — the tokens with softhsm2-util, the keys through PKCS#11 — and
/// finished before anything of the product loads the library (C_Initialize once per process).
/// </summary>
internal static class SoftHsm
{
    public const string Library = "/usr/lib/softhsm/libsofthsm2.so";
    public const string Pin = "123456";
    public const string HeadToken = "Token Phan Song Toan";
    public const string OrganToken = "HSM LDLD Nghe An";
    /// <summary>The demo's head of Nghệ An and the organ, as their certificates must name them.</summary>
    public const string HeadName = "Phan Song Toàn";
    public const string OrganName = "Liên đoàn Lao động tỉnh Nghệ An";

    private static readonly Lazy<Setup> Shared = new(Make);

    [System.Runtime.InteropServices.DllImport("libc.so.6", BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int setenv([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string name,
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string value, int overwrite);

    public static Setup Get() => Shared.Value;

    internal sealed record Setup(TestCertificateAuthority Ca, X509Certificate2 Head, X509Certificate2 Organ);

    private static Setup Make()
    {
        if (!File.Exists(Library)) throw new InvalidOperationException($"SoftHSM2 is not installed ({Library}): apt-get install softhsm2 (.ci/run does).");
        var dir = Directory.CreateTempSubdirectory("uo-softhsm-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "tokens"));
        var conf = Path.Combine(dir, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {Path.Combine(dir, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The child tools read .NET's environment; the library, loaded into this process, reads the C one (getenv).
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (setenv("SOFTHSM2_CONF", conf, 1) != 0) throw new InvalidOperationException("setenv SOFTHSM2_CONF failed");
        foreach (var label in new[] { HeadToken, OrganToken })
            Infrastructure.Tools.RunAsync("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", Pin, "--so-pin", "12345678").GetAwaiter().GetResult();

        var ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow, "CA của thiết bị ký số (test)");
        Tokens.Pkcs11Native.EnsureResolver();
        var factories = new Pkcs11InteropFactories();
        using var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, Library, AppType.MultiThreaded);
        var head = Provision(factories, library, HeadToken, rsa: true, key => ca.IssuePersonForKey(key, HeadName, OrganName));
        var organ = Provision(factories, library, OrganToken, rsa: false, key => ca.IssueOrganForKey(key, OrganName));
        return new Setup(ca, head, organ);
    }

    /// <summary>A key pair generated on the token, the CA's certificate for its public key stored beside it (same CKA_ID).</summary>
    private static X509Certificate2 Provision(Pkcs11InteropFactories factories, IPkcs11Library library, string label, bool rsa, Func<PublicKey, X509Certificate2> certify)
    {
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).First(s => s.GetTokenInfo().Label.Trim() == label);
        using var session = slot.OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, Pin);
        var f = factories.ObjectAttributeFactory;
        byte[] id = [0x01, 0x5A];
        var publicTemplate = new List<IObjectAttribute> { f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_VERIFY, true), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_LABEL, label) };
        var privateTemplate = new List<IObjectAttribute>
        {
            f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SIGN, true), f.Create(CKA.CKA_SENSITIVE, true),
            f.Create(CKA.CKA_EXTRACTABLE, false), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_LABEL, label),
        };
        if (rsa)
        {
            publicTemplate.Add(f.Create(CKA.CKA_MODULUS_BITS, 2048UL));
            publicTemplate.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 1, 0, 1 }));
        }
        else publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 }));
        using var mechanism = factories.MechanismFactory.Create(rsa ? CKM.CKM_RSA_PKCS_KEY_PAIR_GEN : CKM.CKM_EC_KEY_PAIR_GEN);
        session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out var publicKey, out _);

        PublicKey key;
        if (rsa)
        {
            var values = session.GetAttributeValue(publicKey, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            using var r = RSA.Create(new RSAParameters { Modulus = values[0].GetValueAsByteArray(), Exponent = values[1].GetValueAsByteArray() });
            key = new PublicKey(r);
        }
        else
        {
            // CKA_EC_POINT: DER OCTET STRING of the uncompressed point 04‖X‖Y.
            var point = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
            var q = new System.Formats.Asn1.AsnReader(point, System.Formats.Asn1.AsnEncodingRules.DER).ReadOctetString();
            using var e = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = q[1..33], Y = q[33..65] } });
            key = new PublicKey(e);
        }
        var certificate = certify(key);
        session.CreateObject(
        [
            f.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), f.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509), f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, false), f.Create(CKA.CKA_VALUE, certificate.RawData), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_LABEL, label),
            f.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
        ]);
        session.Logout();
        return certificate;
    }
}
