namespace UnionOffice.EdXml.Tests;

/// <summary>
/// An independent reader: libxml2's xmllint (Debian package libxml2-utils, installed by .ci/run) reads what the writer
/// wrote, by namespace, and must find what the model said.
/// </summary>
public sealed class XmllintTests : IDisposable
{
    private const string Ns = Xml.Ns;
    private readonly string _dir = Directory.CreateTempSubdirectory("edxml-xmllint-").FullName;
    private readonly Dictionary<string, byte[]> _contents = new() { ["cid:1"] = Messages.Content(100_000, 11), ["cid:2"] = Messages.Content(2, 12) };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // An element step by local name and namespace: xmllint's --xpath has no way to bind a prefix.
    private static string E(string name) => $"*[local-name()='{name}' and namespace-uri()='{Ns}']";

    private static string Path(params string[] names) => "/" + string.Join('/', names.Select(E));

    private static readonly string Header = Path("edXML", "edXMLEnvelope", "edXMLHeader", "MessageHeader");

    private async Task<string> WriteFileAsync(byte[] bytes)
    {
        var file = System.IO.Path.Combine(_dir, $"{Guid.NewGuid():N}.edxml");
        await File.WriteAllBytesAsync(file, bytes);
        return file;
    }

    private async Task<string> DocumentFileAsync(EdXmlWriterOptions? options = null) =>
        await WriteFileAsync(await Messages.WriteAsync(Messages.Document(Messages.Attachment(1), Messages.Attachment(2)), _contents, options));

    private static (int Exit, string Out, string Err) Xmllint(params string[] args) => Tool.Run("xmllint", "libxml2-utils", args);

    private static string XPath(string file, string expression)
    {
        var (exit, output, error) = Xmllint("--xpath", expression, file);
        Assert.True(exit == 0, $"xmllint --xpath {expression}: exit {exit}: {error}");
        return output.TrimEnd('\n');
    }

    [Fact]
    public async Task Write_Document_IsWellFormedForXmllint()
    {
        var (exit, _, error) = Xmllint("--noout", await DocumentFileAsync());

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Write_SignedDocumentAndStatus_AreWellFormedForXmllint()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Thử", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var signed = await DocumentFileAsync(new EdXmlWriterOptions { SigningCertificate = certificate });
        var status = await WriteFileAsync(await Messages.WriteAsync(Messages.Status()));

        var (exit, _, error) = Xmllint("--noout", signed, status);

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Write_Document_XmllintFindsTheFieldsByNamespace()
    {
        var file = await DocumentFileAsync();
        var d = Messages.Document();

        Assert.Equal(d.Subject, XPath(file, $"string({Header}/{E("Subject")})"));
        Assert.Equal(d.Code.CodeNumber, XPath(file, $"string({Header}/{E("Code")}/{E("CodeNumber")})"));
        Assert.Equal(d.Code.CodeNotation, XPath(file, $"string({Header}/{E("Code")}/{E("CodeNotation")})"));
        Assert.Equal("2026/03/05", XPath(file, $"string({Header}/{E("PromulgationInfo")}/{E("PromulgationDate")})"));
        Assert.Equal("2", XPath(file, $"count({Header}/{E("To")})"));
        Assert.Equal("I02.36", XPath(file, $"string({Header}/{E("To")}[1]/{E("OrganId")})"));
        Assert.Equal("3", XPath(file, $"string({Path("edXML", "edXMLEnvelope", "edXMLHeader", "TraceHeaderList", "Bussiness", "BussinessDocType")})"));
        Assert.Equal(d.Content, XPath(file, $"string({Header}/{E("Content")})"));
    }

    [Fact]
    public async Task Write_Document_XmllintSeesTheLiteralEdXmlPrefix()
    {
        var file = await DocumentFileAsync();

        Assert.Equal("edXML", XPath(file, "name(/*)"));
        Assert.Equal("edXML:edXMLEnvelope", XPath(file, "name(/*/*[1])"));
        Assert.Equal("edXML:edXMLHeader", XPath(file, "name(/*/*[1]/*[1])"));
        Assert.Equal("edXML:edXMLManifest", XPath(file, $"name({Path("edXML", "edXMLEnvelope", "edXMLBody")}/*[1])"));
        Assert.Equal("edXML:ContentTransferEncoded", XPath(file, $"name({Path("edXML", "AttachmentEncoded", "Attachment")}[1]/*[last()])"));
    }

    [Fact]
    public async Task Write_Document_XmllintGetsTheAttachmentsBack()
    {
        var file = await DocumentFileAsync();

        foreach (var (contentId, bytes) in _contents)
        {
            var attachment = $"{Path("edXML", "AttachmentEncoded")}/{E("Attachment")}[{E("ContentId")}='{contentId}']";
            Assert.Equal(bytes, Convert.FromBase64String(XPath(file, $"string({attachment}/{E("ContentTransferEncoded")})")));
            Assert.Equal(contentId, XPath(file, $"string({Path("edXML", "edXMLEnvelope", "edXMLBody", "edXMLManifest")}/{E("Reference")}[{E("ContentId")}='{contentId}']/{E("ContentId")})"));
        }
    }

    [Fact]
    public async Task Write_Status_XmllintReadsTheCode()
    {
        var file = await WriteFileAsync(await Messages.WriteAsync(Messages.Status() with { StatusCode = EdXmlStatusCode.Done }));

        Assert.Equal("06", XPath(file, $"string({Header}/{E("StatusCode")})"));
        Assert.Equal("I02,2026/03/05,123/TLĐ-VP", XPath(file, $"string({Header}/{E("ResponseFor")}/{E("DocumentId")})"));
    }

    [Theory]
    [InlineData(Samples.New)]
    [InlineData(Samples.Update)]
    public async Task Read_Sample_AgreesWithXmllint(string sample)
    {
        var file = await WriteFileAsync(Samples.Bytes(sample));
        var d = (EdXmlDocument)(await Messages.ReadAsync(Samples.Bytes(sample))).Message;

        Assert.Equal(XPath(file, $"normalize-space({Header}/{E("Subject")})"), d.Subject);
        Assert.Equal(XPath(file, $"normalize-space({Header}/{E("DocumentId")})"), d.DocumentId);
        Assert.Equal(XPath(file, $"count({Header}/{E("To")})"), d.To.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(XPath(file, $"normalize-space({Header}/{E("From")}/{E("OrganName")})"), d.From.OrganName);
    }
}
