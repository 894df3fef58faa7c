using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>TraceHeaderList: the hops and the Bussiness element (so spelled on the wire).</summary>
internal static class TraceParser
{
    private static readonly HashSet<string> ListKnown = ["TraceHeader", "Bussiness"];
    private static readonly HashSet<string> HeaderKnown = ["OrganId", "Timestamp"];
    private static readonly HashSet<string> BusinessKnown =
        ["DocumentId", "BussinessDocType", "BussinessDocReason", "Paper", "StaffInfo", "BussinessDocumentInfo", "ReplacementInfoList"];
    private static readonly HashSet<string> DocumentInfoKnown = ["DocumentInfo", "DocumentReceiver", "ReceiverList"];
    private static readonly HashSet<string> ReceiverListKnown = ["Receiver"];
    private static readonly HashSet<string> ReceiverKnown = ["OrganId", "ReceiverType"];
    private static readonly HashSet<string> ReplacementListKnown = ["ReplacementInfo"];
    private static readonly HashSet<string> ReplacementKnown = ["DocumentId", "OrganIdList"];
    private static readonly HashSet<string> OrganIdListKnown = ["OrganId"];

    public static EdXmlTraceHeaderList Parse(XmlElement list, ReadContext ctx)
    {
        var f = new Fields(list, ctx, ListKnown);
        var hops = f.Many("TraceHeader").Select(h =>
        {
            var hop = new Fields(h, ctx, HeaderKnown);
            return new EdXmlTraceHeader(hop.RequiredText("OrganId"), hop.Timestamp("Timestamp") ?? throw hop.Missing("Timestamp"));
        });
        return new EdXmlTraceHeaderList(EquatableList.From(hops), f.Single("Bussiness") is { } b ? Business(b, ctx) : null);
    }

    private static EdXmlBusiness Business(XmlElement element, ReadContext ctx)
    {
        var f = new Fields(element, ctx, BusinessKnown);
        var type = f.RequiredInt("BussinessDocType");
        if (!Enum.IsDefined((EdXmlBusinessDocType)type))
            throw Fields.Fail(EdXmlErrorCodes.InvalidValue, f.Required("BussinessDocType"), $"BussinessDocType {type} không thuộc 0 (mới), 1 (thu hồi), 2 (cập nhật), 3 (thay thế).");
        return new EdXmlBusiness
        {
            DocType = (EdXmlBusinessDocType)type,
            DocumentId = f.Text("DocumentId"),
            Reason = f.Text("BussinessDocReason"),
            Paper = f.Int("Paper"),
            StaffInfo = f.Single("StaffInfo") is { } s ? EnvelopeParser.Staff(s, ctx) : null,
            DocumentInfo = f.Single("BussinessDocumentInfo") is { } d ? DocumentInfo(d, ctx) : null,
            Replacements = f.Single("ReplacementInfoList") is { } r ? Replacements(r, ctx) : [],
        };
    }

    private static EdXmlBusinessDocumentInfo DocumentInfo(XmlElement element, ReadContext ctx)
    {
        var f = new Fields(element, ctx, DocumentInfoKnown);
        var receivers = f.Single("ReceiverList") is { } list
            ? new Fields(list, ctx, ReceiverListKnown).Many("Receiver").Select(r =>
            {
                var receiver = new Fields(r, ctx, ReceiverKnown);
                return new EdXmlReceiver(receiver.RequiredText("OrganId"), receiver.Int("ReceiverType"));
            })
            : [];
        return new EdXmlBusinessDocumentInfo(f.Int("DocumentInfo"), f.Int("DocumentReceiver"), EquatableList.From(receivers));
    }

    private static EquatableList<EdXmlReplacementInfo> Replacements(XmlElement element, ReadContext ctx) =>
        EquatableList.From(new Fields(element, ctx, ReplacementListKnown).Many("ReplacementInfo").Select(r =>
        {
            var f = new Fields(r, ctx, ReplacementKnown);
            var organs = f.Single("OrganIdList") is { } l ? new Fields(l, ctx, OrganIdListKnown).Texts("OrganId") : [];
            return new EdXmlReplacementInfo(f.RequiredText("DocumentId"), organs);
        }));
}
