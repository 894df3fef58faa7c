using System.Globalization;
using System.Xml;

namespace UnionOffice.EdXml.Writing;

/// <summary>
/// The model into the envelope's DOM, element order and prefixes as the real samples have them (where they say
/// nothing, as EDXML.md lists the structure). Every field of a structure is written, empty when it has no value, as
/// the samples do: receivers that look fields up by name find them all. Indentation is put into the DOM as
/// whitespace nodes, so the bytes written are the nodes signed.
/// </summary>
internal sealed class EnvelopeBuilder
{
    private readonly XmlDocument _doc = new() { PreserveWhitespace = true, XmlResolver = null };

    public XmlElement Root { get; private set; } = null!;
    public XmlElement Envelope { get; private set; } = null!;
    public XmlElement Header { get; private set; } = null!;

    public static EnvelopeBuilder Build(EdXmlMessage message)
    {
        var b = new EnvelopeBuilder();
        b.Root = b._doc.CreateElement("", EdXmlNames.Root, EdXmlNames.Namespace);
        b._doc.AppendChild(b.Root);
        b.Envelope = b.El(b.Root, EdXmlNames.Envelope);
        var declaration = b._doc.CreateAttribute("xmlns", EdXmlNames.Prefix, EdXmlNames.Xmlns);
        declaration.Value = EdXmlNames.Namespace;
        b.Envelope.Attributes.Append(declaration);
        b.Header = b.El(b.Envelope, EdXmlNames.Header);
        var messageHeader = b.El(b.Header, EdXmlNames.MessageHeader);
        switch (message)
        {
            case EdXmlDocument d: b.Document(messageHeader, d); break;
            case EdXmlStatus s: b.Status(messageHeader, s); break;
        }
        if (message.Trace is { } trace) b.Trace(b.El(b.Header, EdXmlNames.TraceHeaderList), trace);
        if (message is EdXmlDocument document)
        {
            var manifest = b.El(b.El(b.Envelope, EdXmlNames.Body), EdXmlNames.Manifest);
            manifest.SetAttribute("version", "1.0");
            foreach (var a in document.Attachments)
            {
                var reference = b.El(manifest, EdXmlNames.Reference);
                b.Text(reference, "ContentId", a.ContentId);
                b.Text(reference, "ContentType", a.ContentType);
                b.Text(reference, "Description", a.Description);
                b.Text(reference, "AttachmentName", a.AttachmentName);
            }
        }
        return b;
    }

    /// <summary>Puts line breaks and two-space indentation between elements (not inside text fields).</summary>
    public void Indent() => Indent(Root, 0);

    private void Indent(XmlElement element, int depth)
    {
        var children = element.ChildNodes.OfType<XmlElement>().ToList();
        if (children.Count == 0) return;
        foreach (var child in children)
        {
            element.InsertBefore(_doc.CreateWhitespace("\n" + new string(' ', 2 * (depth + 1))), child);
            Indent(child, depth + 1);
        }
        element.AppendChild(_doc.CreateWhitespace("\n" + new string(' ', 2 * depth)));
    }

    /// <summary>Whitespace for a node added last in <paramref name="element"/> at <paramref name="depth"/>, after indenting.</summary>
    public XmlWhitespace Whitespace(int depth) => _doc.CreateWhitespace("\n" + new string(' ', 2 * depth));

    private void Document(XmlElement h, EdXmlDocument d)
    {
        Organ(El(h, "From"), d.From);
        foreach (var to in d.To) Organ(El(h, "To"), to);
        Text(h, "DocumentId", d.DocumentId);
        var code = El(h, "Code");
        Text(code, "CodeNumber", d.Code.CodeNumber);
        Text(code, "CodeNotation", d.Code.CodeNotation);
        var promulgation = El(h, "PromulgationInfo");
        Text(promulgation, "Place", d.Promulgation.Place);
        Text(promulgation, "PromulgationDate", EdXmlDates.FormatDate(d.Promulgation.PromulgationDate));
        var type = El(h, "DocumentType");
        Text(type, "Type", Number(d.DocumentType.Type));
        Text(type, "TypeDetail", Number(d.DocumentType.TypeDetail));
        Text(type, "TypeName", d.DocumentType.TypeName);
        Text(h, "Subject", d.Subject);
        Text(h, "Content", d.Content);
        var signer = El(h, "SignerInfo");
        Text(signer, "Competence", d.Signer.Competence);
        Text(signer, "Position", d.Signer.Position);
        Text(signer, "FullName", d.Signer.FullName);
        Text(h, "DueDate", d.DueDate is { } due ? EdXmlDates.FormatDate(due) : null);
        var other = El(h, "OtherInfo");
        Text(other, "Priority", Number(d.OtherInfo.Priority));
        Text(other, "SphereOfPromulgation", d.OtherInfo.SphereOfPromulgation);
        Text(other, "TyperNotation", d.OtherInfo.TyperNotation);
        Text(other, "PromulgationAmount", Number(d.OtherInfo.PromulgationAmount));
        Text(other, "PageAmount", Number(d.OtherInfo.PageAmount));
        Text(other, "Direction", d.OtherInfo.Direction is { } direction ? (direction ? "true" : "false") : null);
        var appendixes = El(other, "Appendixes");
        foreach (var appendix in d.OtherInfo.Appendixes) Text(appendixes, "Appendix", appendix);
        foreach (var response in d.ResponseFor) Response(El(h, "ResponseFor"), response);
        Text(h, "SteeringType", Number(d.SteeringType));
        var places = El(h, "ToPlaces");
        foreach (var place in d.ToPlaces) Text(places, "Place", place);
    }

    private void Status(XmlElement h, EdXmlStatus s)
    {
        Organ(El(h, "From"), s.From);
        Response(El(h, "ResponseFor"), s.ResponseFor);
        if (s.StaffInfo is { } staff)
        {
            var e = El(h, "StaffInfo");
            Text(e, "Department", staff.Department);
            Text(e, "Staff", staff.Staff);
            Text(e, "Mobile", staff.Mobile);
            Text(e, "Email", staff.Email);
        }
        Text(h, "StatusCode", ((int)s.StatusCode).ToString("00", CultureInfo.InvariantCulture));
        Text(h, "Description", s.Description);
        Text(h, "Timestamp", EdXmlDates.FormatTimestamp(s.Timestamp));
    }

    private void Trace(XmlElement list, EdXmlTraceHeaderList trace)
    {
        foreach (var hop in trace.TraceHeaders)
        {
            var e = El(list, "TraceHeader");
            Text(e, "OrganId", hop.OrganId);
            Text(e, "Timestamp", EdXmlDates.FormatTimestamp(hop.Timestamp));
        }
        if (trace.Business is not { } b) return;
        var business = El(list, "Bussiness");
        Text(business, "DocumentId", b.DocumentId);
        Text(business, "BussinessDocType", Number((int)b.DocType));
        Text(business, "BussinessDocReason", b.Reason);
        Text(business, "Paper", Number(b.Paper));
        if (b.DocumentInfo is { } info)
        {
            var e = El(business, "BussinessDocumentInfo");
            Text(e, "DocumentInfo", Number(info.DocumentInfo));
            Text(e, "DocumentReceiver", Number(info.DocumentReceiver));
            var receivers = El(e, "ReceiverList");
            foreach (var receiver in info.Receivers)
            {
                var r = El(receivers, "Receiver");
                Text(r, "OrganId", receiver.OrganId);
                Text(r, "ReceiverType", Number(receiver.ReceiverType));
            }
        }
        if (b.StaffInfo is { } staff)
        {
            var e = El(business, "StaffInfo");
            Text(e, "Department", staff.Department);
            Text(e, "Staff", staff.Staff);
            Text(e, "Email", staff.Email);
            Text(e, "Mobile", staff.Mobile);
        }
        if (b.Replacements.Count > 0)
        {
            var list2 = El(business, "ReplacementInfoList");
            foreach (var replacement in b.Replacements)
            {
                var e = El(list2, "ReplacementInfo");
                Text(e, "DocumentId", replacement.DocumentId);
                var organs = El(e, "OrganIdList");
                foreach (var organ in replacement.OrganIds) Text(organs, "OrganId", organ);
            }
        }
    }

    private void Organ(XmlElement e, EdXmlOrgan organ)
    {
        Text(e, "OrganId", organ.OrganId);
        Text(e, "OrganizationInCharge", organ.OrganizationInCharge);
        Text(e, "OrganName", organ.OrganName);
        Text(e, "OrganAdd", organ.OrganAdd);
        Text(e, "Email", organ.Email);
        Text(e, "Telephone", organ.Telephone);
        Text(e, "Fax", organ.Fax);
        Text(e, "Website", organ.Website);
    }

    private void Response(XmlElement e, EdXmlResponseFor response)
    {
        Text(e, "OrganId", response.OrganId);
        Text(e, "Code", response.Code);
        Text(e, "PromulgationDate", response.PromulgationDate is { } date ? EdXmlDates.FormatDate(date) : null);
        Text(e, "DocumentId", response.DocumentId);
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private XmlElement El(XmlElement parent, string name)
    {
        var e = _doc.CreateElement(EdXmlNames.Prefix, name, EdXmlNames.Namespace);
        parent.AppendChild(e);
        return e;
    }

    private void Text(XmlElement parent, string name, string? value)
    {
        var e = El(parent, name);
        if (WireText.Of(value) is { } text) e.AppendChild(_doc.CreateTextNode(text));
    }
}
