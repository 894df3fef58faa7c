using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace UnionOffice.EdXml.Tests;

/// <summary>
/// An independent XML-DSig verifier: xmlsec1 (Debian package xmlsec1, on libxml2, not .NET) checks the signatures the
/// writer makes. It is told which attribute is the envelope's Id, and not to resolve the ds:Manifest's cid: references,
/// which XML-DSig leaves to the application (the reader checks them against the streamed attachments).
/// </summary>
public sealed class XmlsecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edxml-xmlsec-").FullName;
    private readonly X509Certificate2 _certificate;
    private readonly string _pem;

    public XmlsecTests()
    {
        using var rsa = RSA.Create(2048);
        _certificate = new CertificateRequest("CN=Văn thư, O=LĐLĐ tỉnh Nghệ An, C=VN", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _pem = System.IO.Path.Combine(_dir, "signer.pem");
        File.WriteAllText(_pem, _certificate.ExportCertificatePem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private (int Exit, string Output) Verify(string xml)
    {
        var file = System.IO.Path.Combine(_dir, $"{Guid.NewGuid():N}.edxml");
        File.WriteAllText(file, xml, new UTF8Encoding(false));
        var (exit, output, error) = Tool.Run("xmlsec1", "xmlsec1", "--verify", "--ignore-manifests",
            "--id-attr:Id", $"{Xml.Ns}:edXMLEnvelope", "--trusted-pem", _pem, file);
        return (exit, output + error);
    }

    private async Task<string> SignedAsync()
    {
        var contents = new Dictionary<string, byte[]> { ["cid:1"] = Messages.Content(50_000, 1), ["cid:2"] = Messages.Content(7, 2) };
        return Encoding.UTF8.GetString(await Messages.WriteAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), contents,
            new EdXmlWriterOptions { SigningCertificate = _certificate }));
    }

    [Fact]
    public async Task Sign_Document_VerifiesWithXmlsec1()
    {
        var (exit, output) = Verify(await SignedAsync());

        Assert.True(exit == 0, output);
        Assert.Contains("SignedInfo References (ok/all): 2/2", output);
    }

    [Fact]
    public async Task Sign_Status_VerifiesWithXmlsec1()
    {
        var (exit, output) = Verify(Encoding.UTF8.GetString(await Messages.WriteAsync(Messages.Status(), new EdXmlWriterOptions { SigningCertificate = _certificate })));

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task Sign_WhenAHeaderFieldIsChanged_Xmlsec1Refuses()
    {
        var (exit, output) = Verify((await SignedAsync()).Replace("<edXML:CodeNumber>123<", "<edXML:CodeNumber>124<"));

        Assert.NotEqual(0, exit);
        Assert.Contains("SignedInfo References (ok/all): 0/1", output);
    }
}
