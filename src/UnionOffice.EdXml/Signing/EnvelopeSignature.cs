using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace UnionOffice.EdXml.Signing;

/// <summary>
/// The envelope signature, made so that a message of any size can be signed and checked while streaming.
/// <para>
/// An XML-DSig signature (RSA-SHA256, exclusive canonicalisation) enveloped as the last child of edXMLHeader, where
/// the samples in the wild put theirs. It holds two references: <c>#edXMLEnvelope</c>, the envelope (the header and the
/// body's manifest, the signature itself taken out by the enveloped-signature transform), found by an <c>Id</c>
/// attribute the writer puts on edXML:edXMLEnvelope; and <c>#edXMLAttachments</c>, an Object of the signature holding
/// a ds:Manifest with one reference per attachment — its ContentId as URI, the SHA-256 of its decoded bytes as digest.
/// The attachments are not in the signed node set, so neither side ever holds them; their bytes are bound to the
/// signature through the manifest, which the reader compares with the digests it computes while decoding them. Any
/// XML-DSig verifier checks the signature and the envelope; the manifest's references are checked by the application,
/// as XML-DSig leaves them to it.
/// </para>
/// <para>
/// Signatures of the kind seen in the wild — a reference to the whole document (URI=""), which takes in the
/// attachments, or a Signature element outside the XML-DSig namespace — are reported unverifiable rather than
/// checked: checking them would mean holding the whole message.
/// </para>
/// </summary>
internal static class EnvelopeSignature
{
    public const string EnvelopeId = "edXMLEnvelope";
    public const string AttachmentsId = "edXMLAttachments";
    private const string ObjectType = "http://www.w3.org/2000/09/xmldsig#Object";

    /// <summary>Signs the envelope and the attachments' digests; the Signature goes into <paramref name="header"/> before <paramref name="before"/>.</summary>
    public static void Sign(XmlElement envelope, XmlElement header, XmlNode before, IReadOnlyList<(string ContentId, byte[] Sha256)> attachments, X509Certificate2 certificate)
    {
        var doc = envelope.OwnerDocument;
        var key = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("Chứng thư số dùng để ký thông điệp phải có khóa bí mật RSA.", nameof(certificate));
        var signed = new SignedXml(doc) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;

        var envelopeReference = new Reference("#" + EnvelopeId) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        envelopeReference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        envelopeReference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(envelopeReference);

        if (attachments.Count > 0)
        {
            var holder = new XmlDocument();
            var manifest = holder.CreateElement("Manifest", EdXmlNames.XmlDsig);
            holder.AppendChild(manifest);
            foreach (var (contentId, sha256) in attachments)
            {
                var reference = holder.CreateElement("Reference", EdXmlNames.XmlDsig);
                reference.SetAttribute("URI", contentId);
                var method = holder.CreateElement("DigestMethod", EdXmlNames.XmlDsig);
                method.SetAttribute("Algorithm", SignedXml.XmlDsigSHA256Url);
                var value = holder.CreateElement("DigestValue", EdXmlNames.XmlDsig);
                value.InnerText = Convert.ToBase64String(sha256);
                reference.AppendChild(method);
                reference.AppendChild(value);
                manifest.AppendChild(reference);
            }
            signed.AddObject(new DataObject { Id = AttachmentsId, Data = holder.ChildNodes });
            var attachmentsReference = new Reference("#" + AttachmentsId) { DigestMethod = SignedXml.XmlDsigSHA256Url, Type = ObjectType };
            attachmentsReference.AddTransform(new XmlDsigExcC14NTransform());
            signed.AddReference(attachmentsReference);
        }

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        header.InsertBefore(doc.ImportNode(signed.GetXml(), deep: true), before);
    }

    /// <summary>
    /// Checks the signature over the envelope now; the attachments' digests are compared by
    /// <see cref="SignatureCheck.Complete"/> once they have been read.
    /// </summary>
    public static SignatureCheck Verify(XmlElement envelope, XmlElement signature)
    {
        try
        {
            // Told apart before parsing: such signatures in the wild also carry certificates the parser would refuse.
            if (WholeDocumentReference(signature))
                return SignatureCheck.Final(EdXmlSignatureStatus.Unverifiable, null,
                    "Chữ ký tham chiếu toàn bộ văn bản (URI=\"\"), gồm cả tệp đính kèm; thư viện không kiểm tra loại chữ ký này.");
            var signed = new SignedXml(envelope.OwnerDocument) { Resolver = new RefusingResolver() };
            signed.LoadXml(signature);
            var references = signed.SignedInfo!.References.OfType<Reference>().ToList();
            if (references.Any(r => !r.Uri!.StartsWith('#')))
                return SignatureCheck.Final(EdXmlSignatureStatus.Unverifiable, null, "Chữ ký tham chiếu ra ngoài thông điệp; không kiểm tra.");

            var certificates = signed.KeyInfo?.OfType<KeyInfoX509Data>()
                .SelectMany(d => d.Certificates?.OfType<X509Certificate2>() ?? []).ToList() ?? [];
            if (certificates.Count == 0)
                return SignatureCheck.Final(EdXmlSignatureStatus.Unverifiable, null, "Chữ ký không kèm chứng thư số (X509Certificate).");

            var id = envelope.GetAttribute("Id");
            var envelopeReference = id.Length == 0 ? null : references.FirstOrDefault(r => r.Uri == "#" + id);
            if (envelopeReference is null || !HasEnvelopedTransform(envelopeReference))
                return SignatureCheck.Final(EdXmlSignatureStatus.Invalid, certificates[0], "Chữ ký không bao phong bì edXMLEnvelope.");
            if (CountIds(envelope.OwnerDocument, id) != 1)
                return SignatureCheck.Final(EdXmlSignatureStatus.Invalid, certificates[0], $"Mã '{id}' được gán cho nhiều phần tử.");

            var signer = certificates.FirstOrDefault(c => signed.CheckSignature(c, verifySignatureOnly: true));
            if (signer is null)
                return SignatureCheck.Final(EdXmlSignatureStatus.Invalid, certificates[0], "Chữ ký không khớp với nội dung phong bì: phong bì đã bị sửa sau khi ký, hoặc chữ ký hỏng.");

            var digests = AttachmentDigests(signature, references);
            return digests is null
                ? SignatureCheck.Final(EdXmlSignatureStatus.Invalid, signer, "Danh mục mã băm tệp đính kèm trong chữ ký không đọc được.")
                : new SignatureCheck(null, signer, "", digests);
        }
        catch (Exception e) when (e is CryptographicException or XmlException or FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return SignatureCheck.Final(EdXmlSignatureStatus.Invalid, null, "Chữ ký không đúng cấu trúc XML-DSig: " + e.Message);
        }
    }

    private static bool WholeDocumentReference(XmlElement signature) =>
        signature.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "SignedInfo" && e.NamespaceURI == EdXmlNames.XmlDsig)
            .SelectMany(i => i.ChildNodes.OfType<XmlElement>())
            .Any(r => r.LocalName == "Reference" && r.NamespaceURI == EdXmlNames.XmlDsig && r.GetAttribute("URI").Length == 0);

    private static bool HasEnvelopedTransform(Reference reference)
    {
        for (var i = 0; i < reference.TransformChain.Count; i++)
            if (reference.TransformChain[i] is XmlDsigEnvelopedSignatureTransform) return true;
        return false;
    }

    /// <summary>Nothing outside the message is ever fetched while checking a signature.</summary>
    private sealed class RefusingResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
            throw new XmlException("Chữ ký tham chiếu tài nguyên ngoài thông điệp: " + absoluteUri);
    }

    private static int CountIds(XmlDocument doc, string id)
    {
        var count = 0;
        foreach (XmlNode node in doc.SelectNodes("//*[@Id or @id or @ID]")!)
            if (node is XmlElement e && (e.GetAttribute("Id") == id || e.GetAttribute("id") == id || e.GetAttribute("ID") == id)) count++;
        return count;
    }

    // The Object the signature names for the attachments, its ds:Manifest read into ContentId → SHA-256.
    private static Dictionary<string, byte[]>? AttachmentDigests(XmlElement signature, List<Reference> references)
    {
        var digests = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var reference = references.FirstOrDefault(r => r.Uri == "#" + AttachmentsId);
        if (reference is null) return digests;
        var objects = signature.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == "Object" && e.NamespaceURI == EdXmlNames.XmlDsig && e.GetAttribute("Id") == AttachmentsId).ToList();
        if (objects.Count != 1) return null;
        var manifests = objects[0].ChildNodes.OfType<XmlElement>().ToList();
        if (manifests is not [{ LocalName: "Manifest", NamespaceURI: EdXmlNames.XmlDsig } manifest]) return null;
        foreach (var entry in manifest.ChildNodes.OfType<XmlElement>())
        {
            var method = entry.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "DigestMethod");
            var value = entry.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "DigestValue");
            if (entry.LocalName != "Reference" || method?.GetAttribute("Algorithm") != SignedXml.XmlDsigSHA256Url || value is null) return null;
            var bytes = new byte[32];
            if (!Convert.TryFromBase64String(value.InnerText.Trim(), bytes, out var written) || written != 32) return null;
            if (!digests.TryAdd(entry.GetAttribute("URI"), bytes)) return null;
        }
        return digests;
    }
}

/// <summary>A signature checked over the envelope, waiting for the attachments' digests (or already decided).</summary>
internal sealed class SignatureCheck(EdXmlSignatureStatus? status, X509Certificate2? certificate, string reason, Dictionary<string, byte[]>? digests)
{
    public static SignatureCheck Final(EdXmlSignatureStatus status, X509Certificate2? certificate, string reason) => new(status, certificate, reason, null);

    public EdXmlSignatureReport Complete(IReadOnlyList<EdXmlReceivedAttachment> attachments)
    {
        if (status is { } decided) return new EdXmlSignatureReport(decided, certificate, reason);
        foreach (var attachment in attachments)
        {
            if (!digests!.TryGetValue(attachment.Info.ContentId, out var expected))
                return new(EdXmlSignatureStatus.Invalid, certificate, $"Tệp đính kèm '{attachment.Info.AttachmentName}' ({attachment.Info.ContentId}) không được chữ ký bao gồm.");
            if (!Convert.FromHexString(attachment.Sha256).AsSpan().SequenceEqual(expected))
                return new(EdXmlSignatureStatus.Invalid, certificate, $"Tệp đính kèm '{attachment.Info.AttachmentName}' ({attachment.Info.ContentId}) đã bị thay đổi sau khi ký.");
        }
        var missing = digests!.Keys.FirstOrDefault(k => attachments.All(a => a.Info.ContentId != k));
        if (missing is not null)
            return new(EdXmlSignatureStatus.Invalid, certificate, $"Chữ ký bao gồm tệp '{missing}' không có trong thông điệp.");
        return new(EdXmlSignatureStatus.Valid, certificate, "Chữ ký hợp lệ, bao phong bì và mọi tệp đính kèm.");
    }
}
