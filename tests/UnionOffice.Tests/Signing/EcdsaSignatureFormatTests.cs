using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Tests.Signing;

/// <summary>
/// A token's ECDSA signature comes as r‖s; one in 256 begins with 0x30, the first byte of a DER SEQUENCE. Taken for DER by
/// that byte, a right one was refused and a wrong one reached the DER reader, whose error became a 500 — the deferred
/// signing test failed now and then. The format is now told by verifying.
/// </summary>
public sealed class EcdsaSignatureFormatTests
{
    [Fact]
    public async Task AnRsSignatureBeginningLikeDer_IsAcceptedWhenRight_AndRefusedAsAMismatchWhenWrong()
    {
        using var ca = TestCertificateAuthority.Create(DateTimeOffset.UtcNow, "CA thử định dạng chữ ký", TestKeyType.EcdsaP256);
        using var signer = ca.IssuePerson("Phan Song Toàn", "Liên đoàn Lao động tỉnh Nghệ An", keyType: TestKeyType.EcdsaP256);
        using var other = ca.IssuePerson("Người khác", "Liên đoàn Lao động tỉnh Nghệ An", keyType: TestKeyType.EcdsaP256);
        var toBeSigned = CadesSignature.ToBeSigned(SHA256.HashData("nội dung"u8), signer.Certificate);

        // ECDSA signs with a fresh random number each time: sign until r begins with 0x30 (1 in 256; 20,000 tries miss
        // with a chance of e^-78).
        static byte[] BeginningWith0x30(IssuedCertificate key, byte[] digest)
        {
            using var ec = key.Certificate.GetECDsaPrivateKey()!;
            for (var i = 0; i < 20_000; i++)
            {
                var rs = ec.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                if (rs[0] == 0x30) return rs;
            }
            throw new InvalidOperationException("no signature beginning with 0x30");
        }

        var right = BeginningWith0x30(signer, toBeSigned.Digest);
        var cms = await CadesSignature.CompleteAsync(toBeSigned, signer.Certificate, null, right, null, CancellationToken.None);
        var signed = new System.Security.Cryptography.Pkcs.SignedCms();
        signed.Decode(cms);
        Assert.Single(signed.SignerInfos);

        var wrong = BeginningWith0x30(other, toBeSigned.Digest);
        await Assert.ThrowsAsync<CryptographicException>(() => CadesSignature.CompleteAsync(toBeSigned, signer.Certificate, null, wrong, null, CancellationToken.None));
    }
}
