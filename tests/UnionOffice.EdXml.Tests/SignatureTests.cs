using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace UnionOffice.EdXml.Tests;

public sealed class SignatureTests : IDisposable
{
    private readonly X509Certificate2 _certificate = CreateCertificate("CN=Văn thư Tổng Liên đoàn, O=Tổng Liên đoàn Lao động Việt Nam, C=VN");
    private readonly Dictionary<string, byte[]> _contents = new() { ["cid:1"] = Messages.Content(70_000, 1), ["cid:2"] = Messages.Content(33, 2) };

    public void Dispose() => _certificate.Dispose();

    private static X509Certificate2 CreateCertificate(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private Task<byte[]> SignedDocumentAsync() =>
        Messages.WriteAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), _contents, new EdXmlWriterOptions { SigningCertificate = _certificate });

    [Fact]
    public async Task Read_SignedDocument_IsValidAndGivesTheSignerCertificate()
    {
        var result = await Messages.ReadAsync(await SignedDocumentAsync());

        Assert.Equal(EdXmlSignatureStatus.Valid, result.Signature!.Status);
        Assert.Equal(_certificate.Thumbprint, result.Signature.Certificate!.Thumbprint);
        Assert.Equal(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), result.Message);
        Assert.Empty(result.IgnoredElements);
    }

    [Fact]
    public async Task Read_SignedStatus_IsValid()
    {
        var result = await Messages.ReadAsync(await Messages.WriteAsync(Messages.Status(), new EdXmlWriterOptions { SigningCertificate = _certificate }));

        Assert.True(result.Signature!.IsValid, result.Signature.Reason);
        Assert.Equal(Messages.Status(), result.Message);
    }

    [Fact]
    public async Task Sign_PutsAnXmlDsigSignatureLastInTheHeader()
    {
        var doc = new XmlDocument();
        doc.LoadXml(Encoding.UTF8.GetString(await SignedDocumentAsync()));
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("e", Xml.Ns);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);

        var header = doc.SelectSingleNode("/e:edXML/e:edXMLEnvelope/e:edXMLHeader", ns)!;
        Assert.Equal("Signature", header.ChildNodes.OfType<XmlElement>().Last().LocalName);
        Assert.Equal(SignedXml.XmlDsigRSASHA256Url, doc.SelectSingleNode("//ds:SignatureMethod/@Algorithm", ns)!.Value);
        Assert.Equal(["#edXMLEnvelope", "#edXMLAttachments"], doc.SelectNodes("//ds:SignedInfo/ds:Reference/@URI", ns)!.Cast<XmlNode>().Select(n => n.Value));
        Assert.Equal(["cid:1", "cid:2"], doc.SelectNodes("//ds:Manifest/ds:Reference/@URI", ns)!.Cast<XmlNode>().Select(n => n.Value));
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(_contents["cid:1"])), doc.SelectSingleNode("//ds:Manifest/ds:Reference[1]/ds:DigestValue", ns)!.InnerText);
    }

    [Fact]
    public async Task Sign_VerifiesWithSignedXmlOverTheWholeFile()
    {
        // Another path to the same check: the whole message (attachments too) in a DOM, verified as any XML-DSig
        // consumer would, shows the streamed envelope and the file agree.
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Encoding.UTF8.GetString(await SignedDocumentAsync()));
        var signed = new SignedXml(doc);
        signed.LoadXml((XmlElement)doc.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!);

        Assert.True(signed.CheckSignature(_certificate, verifySignatureOnly: true));
    }

    [Theory]
    [InlineData("<edXML:Subject>V/v triển khai", "<edXML:Subject>V/v hủy bỏ")]
    [InlineData("<edXML:CodeNumber>123<", "<edXML:CodeNumber>124<")]
    [InlineData("<edXML:OrganId>I02.36</edXML:OrganId>", "<edXML:OrganId>I02.37</edXML:OrganId>")]
    [InlineData("<edXML:BussinessDocType>3<", "<edXML:BussinessDocType>1<")]
    [InlineData("<edXML:AttachmentName>tệp-1.pdf<", "<edXML:AttachmentName>tệp-9.pdf<")]
    [InlineData("<edXML:Priority>2</edXML:Priority>", "<edXML:Priority>2</edXML:Priority><edXML:Extra>x</edXML:Extra>")]
    public async Task Read_WhenTheEnvelopeChangedAfterSigning_IsInvalid(string old, string replacement)
    {
        var xml = Encoding.UTF8.GetString(await SignedDocumentAsync());
        Assert.Contains(old, xml);

        var result = await Messages.ReadAsync(xml.Replace(old, replacement));

        Assert.Equal(EdXmlSignatureStatus.Invalid, result.Signature!.Status);
        Assert.Equal(_certificate.Thumbprint, result.Signature.Certificate!.Thumbprint);
    }

    [Fact]
    public async Task Read_WhenAnAttachmentChangedAfterSigning_IsInvalidNamingIt()
    {
        var xml = Encoding.UTF8.GetString(await SignedDocumentAsync());
        var other = Convert.ToBase64String(Messages.Content(33, 3));
        var original = Convert.ToBase64String(_contents["cid:2"]);
        Assert.Contains(original, xml);

        var result = await Messages.ReadAsync(xml.Replace(original, other));

        Assert.Equal(EdXmlSignatureStatus.Invalid, result.Signature!.Status);
        Assert.Contains("tệp-2.pdf", result.Signature.Reason);
    }

    [Fact]
    public async Task Read_AttachmentMetadataOutsideTheEnvelope_DoesNotOverrideTheSignedManifest()
    {
        // The Attachment element's own metadata is outside the envelope, so not signed; the manifest's is.
        var xml = Encoding.UTF8.GetString(await SignedDocumentAsync());
        Assert.Contains("<AttachmentName>tệp-1.pdf</AttachmentName>", xml);

        var result = await Messages.ReadAsync(xml.Replace("<AttachmentName>tệp-1.pdf</AttachmentName>", "<AttachmentName>hoa-don.exe</AttachmentName>"));

        Assert.True(result.Signature!.IsValid, result.Signature.Reason);
        Assert.Equal("tệp-1.pdf", result.Attachments[0].Info.AttachmentName);
        Assert.Equal("tệp-1.pdf", ((EdXmlDocument)result.Message).Attachments[0].AttachmentName);
    }

    [Fact]
    public async Task Read_WhenTheSignatureValueIsAltered_IsInvalid()
    {
        var xml = Encoding.UTF8.GetString(await SignedDocumentAsync());
        var start = xml.IndexOf("<SignatureValue>", StringComparison.Ordinal) + "<SignatureValue>".Length;
        var altered = xml[..start] + (xml[start] == 'A' ? 'B' : 'A') + xml[(start + 1)..];

        Assert.Equal(EdXmlSignatureStatus.Invalid, (await Messages.ReadAsync(altered)).Signature!.Status);
    }

    [Fact]
    public async Task Read_WhenAnotherElementClaimsTheSignedId_IsInvalid()
    {
        var xml = Encoding.UTF8.GetString(await SignedDocumentAsync());

        var result = await Messages.ReadAsync(xml.Replace("<edXML:Subject>", "<edXML:Wrap Id=\"edXMLEnvelope\"/><edXML:Subject>"));

        Assert.Equal(EdXmlSignatureStatus.Invalid, result.Signature!.Status);
    }

    [Fact]
    public async Task Read_WhenSignedByAnotherKeyThanTheCertificateNamed_IsInvalid()
    {
        using var other = CreateCertificate("CN=Kẻ mạo danh");
        var mine = Encoding.UTF8.GetString(await SignedDocumentAsync());
        var theirs = Encoding.UTF8.GetString(await Messages.WriteAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), _contents,
            new EdXmlWriterOptions { SigningCertificate = other }));
        static string Cert(string xml) => xml[xml.IndexOf("<X509Certificate>", StringComparison.Ordinal)..xml.IndexOf("</X509Certificate>", StringComparison.Ordinal)];

        var result = await Messages.ReadAsync(theirs.Replace(Cert(theirs), Cert(mine)));

        Assert.Equal(EdXmlSignatureStatus.Invalid, result.Signature!.Status);
    }

    [Fact]
    public async Task Read_UnsignedMessage_ReadsWithoutASignatureReport()
    {
        var result = await Messages.ReadAsync(await Messages.WriteAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), _contents));

        Assert.Null(result.Signature);
        Assert.Equal(2, result.Attachments.Count);
    }

    [Fact]
    public async Task Read_WholeDocumentSignatureOfTheWildInXmlDsig_IsUnverifiableNotInvalid()
    {
        var xml = Samples.Text(Samples.New).Replace("<Signature>", $"<Signature xmlns=\"{SignedXml.XmlDsigNamespaceUrl}\">");

        var result = await Messages.ReadAsync(Encoding.UTF8.GetBytes(xml));

        Assert.Equal(EdXmlSignatureStatus.Unverifiable, result.Signature!.Status);
        Assert.Contains("URI=\"\"", result.Signature.Reason);
    }

    [Fact]
    public async Task Sign_WithACertificateWithoutPrivateKey_IsRefused()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_certificate.Export(X509ContentType.Cert));

        await Assert.ThrowsAsync<ArgumentException>(() => Messages.WriteAsync(Messages.Status(), new EdXmlWriterOptions { SigningCertificate = publicOnly }));
    }

    [Fact]
    public async Task Sign_WhenAnAttachmentChangesBetweenDigestAndWrite_IsRefused()
    {
        var opened = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => EdXmlWriter.WriteAsync(Stream.Null, Messages.Document(Messages.Attachment(1)),
            (_, _) => ValueTask.FromResult<Stream>(new MemoryStream(Messages.Content(100, opened++))), new EdXmlWriterOptions { SigningCertificate = _certificate }));
    }
}
