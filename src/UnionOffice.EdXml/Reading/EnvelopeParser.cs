using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>One manifest entry: the ContentId and whatever else the Reference says.</summary>
internal sealed record ManifestEntry(string ContentId, string? AttachmentName, string? ContentType, string? Description, XmlElement Element);

/// <summary>The envelope read into the model; the attachments' metadata is completed as they are read.</summary>
internal sealed record ParsedEnvelope(EdXmlMessage Message, IReadOnlyList<ManifestEntry> Manifest, XmlElement? Signature, XmlElement? ForeignSignature);

/// <summary>The envelope's DOM into the model (order of children free, unknown children noted and skipped).</summary>
internal sealed class EnvelopeParser(ReadContext ctx)
{
    private static readonly HashSet<string> EnvelopeKnown = [EdXmlNames.Header, EdXmlNames.Body];
    private static readonly HashSet<string> HeaderKnown = [EdXmlNames.MessageHeader, EdXmlNames.TraceHeaderList, EdXmlNames.Signature];
    private static readonly HashSet<string> BodyKnown = [EdXmlNames.Manifest];
    private static readonly HashSet<string> ManifestKnown = [EdXmlNames.Reference];
    private static readonly HashSet<string> ReferenceKnown = ["ContentId", "ContentType", "Description", "AttachmentName"];
    private static readonly HashSet<string> DocumentKnown =
        ["From", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content", "SignerInfo", "DueDate",
         "ToPlaces", "OtherInfo", "ResponseFor", "SteeringType"];
    private static readonly HashSet<string> StatusKnown = ["From", "ResponseFor", "StaffInfo", "StatusCode", "Description", "Timestamp"];
    private static readonly HashSet<string> OrganKnown = ["OrganId", "OrganName", "OrganizationInCharge", "OrganAdd", "Email", "Telephone", "Fax", "Website"];
    private static readonly HashSet<string> CodeKnown = ["CodeNumber", "CodeNotation"];
    private static readonly HashSet<string> PromulgationKnown = ["Place", "PromulgationDate"];
    private static readonly HashSet<string> TypeKnown = ["Type", "TypeDetail", "TypeName"];
    private static readonly HashSet<string> SignerKnown = ["Competence", "Position", "FullName"];
    private static readonly HashSet<string> PlacesKnown = ["Place"];
    private static readonly HashSet<string> OtherKnown =
        ["Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount", "PageAmount", "Direction", "Appendixes"];
    private static readonly HashSet<string> AppendixesKnown = ["Appendix"];
    private static readonly HashSet<string> ResponseKnown = ["OrganId", "Code", "PromulgationDate", "DocumentId"];
    private static readonly HashSet<string> StaffKnown = ["Department", "Staff", "Email", "Mobile"];

    public ParsedEnvelope Parse(XmlElement envelope)
    {
        var fields = new Fields(envelope, ctx, EnvelopeKnown);
        var header = fields.Required(EdXmlNames.Header);
        var headerFields = new Fields(header, ctx, HeaderKnown, IsDsigSignature);
        var messageHeader = headerFields.Required(EdXmlNames.MessageHeader);
        var trace = headerFields.Single(EdXmlNames.TraceHeaderList) is { } t ? TraceParser.Parse(t, ctx) : null;

        var isStatus = messageHeader.ChildNodes.OfType<XmlElement>()
            .Any(e => e.LocalName == "StatusCode" && e.NamespaceURI == EdXmlNames.Namespace);
        var message = isStatus ? (EdXmlMessage)ParseStatus(new Fields(messageHeader, ctx, StatusKnown), trace) : ParseDocument(new Fields(messageHeader, ctx, DocumentKnown), trace);

        var manifest = fields.Single(EdXmlNames.Body) is { } body ? ParseBody(body) : [];
        if (isStatus && manifest.Count > 0)
            throw Fields.Fail(EdXmlErrorCodes.UnexpectedElement, manifest[0].Element, "Thông điệp trạng thái không kèm tệp đính kèm.");

        var signatures = header.ChildNodes.OfType<XmlElement>().Where(IsDsigSignature).ToList();
        if (signatures.Count > 1)
            throw Fields.Fail(EdXmlErrorCodes.DuplicateElement, signatures[1], "Phong bì chỉ được có một chữ ký (Signature).");
        return new ParsedEnvelope(message, manifest, signatures.FirstOrDefault(), headerFields.Single(EdXmlNames.Signature));
    }

    private static bool IsDsigSignature(XmlElement e) => e.LocalName == EdXmlNames.Signature && e.NamespaceURI == EdXmlNames.XmlDsig;

    private EdXmlDocument ParseDocument(Fields f, EdXmlTraceHeaderList? trace)
    {
        var to = f.Many("To");
        if (to.Count == 0) throw f.Missing("To");
        var recipients = new List<EdXmlOrgan>(to.Count);
        foreach (var element in to)
        {
            var organ = Organ(element);
            if (recipients.Any(r => OrganIdentifier.AreSame(r.OrganId, organ.OrganId)))
                throw Fields.Fail(EdXmlErrorCodes.DuplicateRecipient, element, $"Cơ quan nhận {organ.OrganId} có hai lần trong danh sách nơi nhận (To).");
            recipients.Add(organ);
        }
        var code = new Fields(f.Required("Code"), ctx, CodeKnown);
        var promulgation = new Fields(f.Required("PromulgationInfo"), ctx, PromulgationKnown);
        var type = new Fields(f.Required("DocumentType"), ctx, TypeKnown);
        return new EdXmlDocument
        {
            From = Organ(f.Required("From")),
            To = EquatableList.From(recipients),
            DocumentId = f.RequiredText("DocumentId"),
            Code = new EdXmlCode(code.RequiredText("CodeNumber"), code.RequiredText("CodeNotation")),
            Promulgation = new EdXmlPromulgationInfo(promulgation.Text("Place"), promulgation.Date("PromulgationDate") ?? throw promulgation.Missing("PromulgationDate")),
            DocumentType = new EdXmlDocumentType(type.RequiredInt("Type"), type.Int("TypeDetail"), type.Text("TypeName")),
            Subject = f.RequiredText("Subject"),
            Content = f.Text("Content"),
            Signer = f.Single("SignerInfo") is { } s ? Signer(new Fields(s, ctx, SignerKnown)) : new(),
            DueDate = f.Date("DueDate"),
            ToPlaces = f.Single("ToPlaces") is { } p ? new Fields(p, ctx, PlacesKnown).Texts("Place") : [],
            OtherInfo = f.Single("OtherInfo") is { } o ? Other(new Fields(o, ctx, OtherKnown)) : new(),
            ResponseFor = EquatableList.From(f.Many("ResponseFor").Select(r => Response(r))),
            SteeringType = f.Int("SteeringType"),
            Trace = trace,
        };
    }

    private EdXmlStatus ParseStatus(Fields f, EdXmlTraceHeaderList? trace)
    {
        var codeElement = f.Required("StatusCode");
        var codeText = Fields.TextOf(codeElement) ?? throw f.Missing("StatusCode");
        if (!int.TryParse(codeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            || !Enum.IsDefined((EdXmlStatusCode)code) || codeText.Length != 2)
            throw Fields.Fail(EdXmlErrorCodes.InvalidValue, codeElement, $"Mã trạng thái '{codeText}' không thuộc 01–06, 13, 15, 16.");
        return new EdXmlStatus
        {
            From = Organ(f.Required("From")),
            ResponseFor = Response(f.Required("ResponseFor")),
            StaffInfo = f.Single("StaffInfo") is { } s ? Staff(s, ctx) : null,
            StatusCode = (EdXmlStatusCode)code,
            Description = f.Text("Description"),
            Timestamp = f.Timestamp("Timestamp") ?? throw f.Missing("Timestamp"),
            Trace = trace,
        };
    }

    private EdXmlOrgan Organ(XmlElement element)
    {
        var f = new Fields(element, ctx, OrganKnown);
        return new EdXmlOrgan(f.RequiredText("OrganId"), f.Text("OrganName"), f.Text("OrganizationInCharge"), f.Text("OrganAdd"),
            f.Text("Email"), f.Text("Telephone"), f.Text("Fax"), f.Text("Website"));
    }

    private EdXmlResponseFor Response(XmlElement element)
    {
        var f = new Fields(element, ctx, ResponseKnown);
        return new EdXmlResponseFor(f.RequiredText("OrganId"), f.RequiredText("DocumentId"), f.Text("Code"), f.Date("PromulgationDate"));
    }

    private static EdXmlSignerInfo Signer(Fields f) => new(f.Text("Competence"), f.Text("Position"), f.Text("FullName"));

    internal static EdXmlStaffInfo Staff(XmlElement element, ReadContext ctx)
    {
        var f = new Fields(element, ctx, StaffKnown);
        return new EdXmlStaffInfo(f.Text("Department"), f.Text("Staff"), f.Text("Email"), f.Text("Mobile"));
    }

    private EdXmlOtherInfo Other(Fields f)
    {
        var priority = f.Int("Priority") ?? 0;
        if (priority is < 0 or > EdXmlOtherInfo.MaxPriority)
            throw Fields.Fail(EdXmlErrorCodes.InvalidValue, f.Required("Priority"), $"Độ khẩn (Priority) {priority} ngoài khoảng 0–{EdXmlOtherInfo.MaxPriority}.");
        return new EdXmlOtherInfo
        {
            Priority = priority,
            SphereOfPromulgation = f.Text("SphereOfPromulgation"),
            TyperNotation = f.Text("TyperNotation"),
            PromulgationAmount = f.Int("PromulgationAmount"),
            PageAmount = f.Int("PageAmount"),
            Direction = f.Bool("Direction"),
            Appendixes = f.Single("Appendixes") is { } a ? new Fields(a, ctx, AppendixesKnown).Texts("Appendix") : [],
        };
    }

    private List<ManifestEntry> ParseBody(XmlElement body)
    {
        var manifest = new Fields(body, ctx, BodyKnown).Single(EdXmlNames.Manifest);
        if (manifest is null) return [];
        var entries = new List<ManifestEntry>();
        foreach (var reference in new Fields(manifest, ctx, ManifestKnown).Many(EdXmlNames.Reference))
        {
            var f = new Fields(reference, ctx, ReferenceKnown);
            var href = reference.GetAttributeNode("href", EdXmlNames.XLink)?.Value.Trim();
            var contentId = f.Text("ContentId");
            if (contentId is not null && !string.IsNullOrEmpty(href) && contentId != href)
                throw Fields.Fail(EdXmlErrorCodes.InvalidValue, reference, $"ContentId '{contentId}' khác xlink:href '{href}' của cùng một tham chiếu.");
            contentId ??= string.IsNullOrEmpty(href) ? throw f.Missing("ContentId") : href;
            if (entries.Any(e => e.ContentId == contentId))
                throw Fields.Fail(EdXmlErrorCodes.DuplicateAttachment, reference, $"Tệp đính kèm '{contentId}' có hai lần trong danh mục (edXMLManifest).");
            entries.Add(new ManifestEntry(contentId, f.Text("AttachmentName"), f.Text("ContentType"), f.Text("Description"), reference));
        }
        return entries;
    }
}
