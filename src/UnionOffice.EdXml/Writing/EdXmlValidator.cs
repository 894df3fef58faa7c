using System.Xml;

namespace UnionOffice.EdXml;

/// <summary>
/// The rules the writer enforces before it writes anything: required fields, the limits a validator in the wild
/// enforces (Priority 0–4, CodeNumber ≤ 11, CodeNotation ≤ 30, Subject and Content ≤ 500), identifier codes in one of
/// their forms, each recipient once, characters XML can carry. Each error names the field by its path on the wire.
/// Values are measured as they are written: trimmed, line breaks as LF.
/// </summary>
public static class EdXmlValidator
{
    /// <summary>Most characters of any other field, the reader's default limit.</summary>
    public const int MaxFieldChars = 64 * 1024;

    /// <summary>Every rule the message breaks; empty when it can be written.</summary>
    public static IReadOnlyList<EdXmlFieldError> Validate(EdXmlMessage message)
    {
        var v = new Checks();
        v.Organ("MessageHeader/From", message.From);
        switch (message)
        {
            case EdXmlDocument d: Document(v, d); break;
            case EdXmlStatus s: Status(v, s); break;
        }
        if (message.Trace is { } trace) Trace(v, trace);
        return v.Errors;
    }

    private static void Document(Checks v, EdXmlDocument d)
    {
        const string h = "MessageHeader";
        if (d.To is null || d.To.Count == 0) v.Add($"{h}/To", EdXmlErrorCodes.FieldRequired, "Văn bản phải có ít nhất một nơi nhận (To).");
        else
            for (var i = 0; i < d.To.Count; i++)
            {
                var path = $"{h}/To[{i + 1}]";
                v.Organ(path, d.To[i]);
                if (d.To[i] is { } organ && d.To.Take(i).Any(o => o is not null && OrganIdentifier.AreSame(o.OrganId, organ.OrganId)))
                    v.Add(path + "/OrganId", EdXmlErrorCodes.DuplicateRecipient, $"Nơi nhận {organ.OrganId} có hai lần trong danh sách To.");
            }
        v.Text($"{h}/DocumentId", d.DocumentId, required: true);
        if (d.Code is null) v.Add($"{h}/Code", EdXmlErrorCodes.FieldRequired, "Thiếu số và ký hiệu văn bản (Code).");
        else
        {
            v.Text($"{h}/Code/CodeNumber", d.Code.CodeNumber, required: true, max: EdXmlCode.MaxCodeNumberLength);
            v.Text($"{h}/Code/CodeNotation", d.Code.CodeNotation, required: true, max: EdXmlCode.MaxCodeNotationLength);
        }
        if (d.Promulgation is null) v.Add($"{h}/PromulgationInfo", EdXmlErrorCodes.FieldRequired, "Thiếu nơi và ngày ban hành (PromulgationInfo).");
        else v.Text($"{h}/PromulgationInfo/Place", d.Promulgation.Place);
        if (d.DocumentType is null) v.Add($"{h}/DocumentType", EdXmlErrorCodes.FieldRequired, "Thiếu loại văn bản (DocumentType).");
        else v.Text($"{h}/DocumentType/TypeName", d.DocumentType.TypeName);
        v.Text($"{h}/Subject", d.Subject, required: true, max: EdXmlDocument.MaxSubjectLength);
        v.Text($"{h}/Content", d.Content, max: EdXmlDocument.MaxSubjectLength);
        if (d.Signer is { } s)
        {
            v.Text($"{h}/SignerInfo/Competence", s.Competence);
            v.Text($"{h}/SignerInfo/Position", s.Position);
            v.Text($"{h}/SignerInfo/FullName", s.FullName);
        }
        v.Texts($"{h}/ToPlaces/Place", d.ToPlaces);
        if (d.OtherInfo is { } o)
        {
            if (o.Priority is < 0 or > EdXmlOtherInfo.MaxPriority)
                v.Add($"{h}/OtherInfo/Priority", EdXmlErrorCodes.FieldOutOfRange, $"Độ khẩn (Priority) {o.Priority} ngoài khoảng 0–{EdXmlOtherInfo.MaxPriority}.");
            v.Text($"{h}/OtherInfo/SphereOfPromulgation", o.SphereOfPromulgation);
            v.Text($"{h}/OtherInfo/TyperNotation", o.TyperNotation);
            v.NotNegative($"{h}/OtherInfo/PromulgationAmount", o.PromulgationAmount);
            v.NotNegative($"{h}/OtherInfo/PageAmount", o.PageAmount);
            v.Texts($"{h}/OtherInfo/Appendixes/Appendix", o.Appendixes);
        }
        for (var i = 0; i < (d.ResponseFor?.Count ?? 0); i++) v.Response($"{h}/ResponseFor[{i + 1}]", d.ResponseFor![i]);
        Attachments(v, d.Attachments);
    }

    private static void Attachments(Checks v, EquatableList<EdXmlAttachmentInfo>? attachments)
    {
        for (var i = 0; i < (attachments?.Count ?? 0); i++)
        {
            var path = $"edXMLManifest/Reference[{i + 1}]";
            if (attachments![i] is not { } a)
            {
                v.Add(path, EdXmlErrorCodes.FieldRequired, "Thiếu mô tả tệp đính kèm.");
                continue;
            }
            if (v.Text(path + "/ContentId", a.ContentId, required: true) && a.ContentId.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                v.Add(path + "/ContentId", EdXmlErrorCodes.FieldInvalid, $"ContentId '{a.ContentId.Trim()}' không được chứa khoảng trắng.");
            else if (attachments.Take(i).Any(p => p?.ContentId?.Trim() == a.ContentId.Trim()))
                v.Add(path + "/ContentId", EdXmlErrorCodes.DuplicateAttachment, $"Hai tệp đính kèm cùng ContentId '{a.ContentId.Trim()}'.");
            v.Text(path + "/AttachmentName", a.AttachmentName, required: true);
            v.Text(path + "/ContentType", a.ContentType, required: true);
            v.Text(path + "/Description", a.Description);
        }
    }

    private static void Status(Checks v, EdXmlStatus s)
    {
        const string h = "MessageHeader";
        if (s.ResponseFor is null) v.Add($"{h}/ResponseFor", EdXmlErrorCodes.FieldRequired, "Thông điệp trạng thái phải nêu văn bản mà nó nói về (ResponseFor).");
        else v.Response($"{h}/ResponseFor", s.ResponseFor);
        if (s.StaffInfo is { } staff) v.Staff($"{h}/StaffInfo", staff);
        if (!Enum.IsDefined(s.StatusCode))
            v.Add($"{h}/StatusCode", EdXmlErrorCodes.FieldOutOfRange, $"Mã trạng thái {(int)s.StatusCode} không thuộc 01–06, 13, 15, 16.");
        v.Text($"{h}/Description", s.Description);
        if (s.Timestamp == default) v.Add($"{h}/Timestamp", EdXmlErrorCodes.FieldRequired, "Thiếu thời điểm (Timestamp).");
    }

    private static void Trace(Checks v, EdXmlTraceHeaderList trace)
    {
        const string t = "TraceHeaderList";
        for (var i = 0; i < (trace.TraceHeaders?.Count ?? 0); i++)
            if (trace.TraceHeaders![i] is { } hop) v.Text($"{t}/TraceHeader[{i + 1}]/OrganId", hop.OrganId, required: true);
        if (trace.Business is not { } b) return;
        if (!Enum.IsDefined(b.DocType))
            v.Add($"{t}/Bussiness/BussinessDocType", EdXmlErrorCodes.FieldOutOfRange, $"BussinessDocType {(int)b.DocType} không thuộc 0–3.");
        v.Text($"{t}/Bussiness/DocumentId", b.DocumentId);
        v.Text($"{t}/Bussiness/BussinessDocReason", b.Reason);
        if (b.StaffInfo is { } staff) v.Staff($"{t}/Bussiness/StaffInfo", staff);
        for (var i = 0; i < (b.DocumentInfo?.Receivers?.Count ?? 0); i++)
            v.Text($"{t}/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver[{i + 1}]/OrganId", b.DocumentInfo!.Receivers[i]?.OrganId, required: true);
        for (var i = 0; i < (b.Replacements?.Count ?? 0); i++)
        {
            var path = $"{t}/Bussiness/ReplacementInfoList/ReplacementInfo[{i + 1}]";
            v.Text(path + "/DocumentId", b.Replacements![i]?.DocumentId, required: true);
            v.Texts(path + "/OrganIdList/OrganId", b.Replacements[i]?.OrganIds);
        }
    }

    private sealed class Checks
    {
        public List<EdXmlFieldError> Errors { get; } = [];

        public void Add(string field, string code, string message) => Errors.Add(new EdXmlFieldError(field, code, message));

        /// <summary>Checks one text field; true when it holds something writable.</summary>
        public bool Text(string field, string? value, bool required = false, int max = MaxFieldChars)
        {
            var trimmed = Writing.WireText.Of(value) ?? "";
            if (trimmed.Length == 0)
            {
                if (required) Add(field, EdXmlErrorCodes.FieldRequired, $"Thiếu {field}.");
                return false;
            }
            if (trimmed.Length > max)
            {
                Add(field, EdXmlErrorCodes.FieldTooLong, $"{field} dài {trimmed.Length} ký tự, tối đa {max}.");
                return false;
            }
            var bad = FirstInvalidXmlChar(trimmed);
            if (bad >= 0)
            {
                Add(field, EdXmlErrorCodes.FieldInvalid, $"{field} có ký tự U+{(int)trimmed[bad]:X4} không ghi được trong XML (vị trí {bad + 1}).");
                return false;
            }
            return true;
        }

        public void Texts(string field, EquatableList<string>? values)
        {
            for (var i = 0; i < (values?.Count ?? 0); i++) Text($"{field}[{i + 1}]", values![i], required: true);
        }

        public void NotNegative(string field, int? value)
        {
            if (value < 0) Add(field, EdXmlErrorCodes.FieldOutOfRange, $"{field} không được âm ({value}).");
        }

        public void Organ(string path, EdXmlOrgan? organ)
        {
            if (organ is null)
            {
                Add(path, EdXmlErrorCodes.FieldRequired, $"Thiếu {path}.");
                return;
            }
            if (Text(path + "/OrganId", organ.OrganId, required: true) && !OrganIdentifier.IsValid(organ.OrganId))
                Add(path + "/OrganId", EdXmlErrorCodes.FieldInvalid, $"Mã định danh '{organ.OrganId.Trim()}' không đúng dạng 000.00.00.G22 hoặc I02.36.");
            Text(path + "/OrganName", organ.OrganName);
            Text(path + "/OrganizationInCharge", organ.OrganizationInCharge);
            Text(path + "/OrganAdd", organ.OrganAdd);
            Text(path + "/Email", organ.Email);
            Text(path + "/Telephone", organ.Telephone);
            Text(path + "/Fax", organ.Fax);
            Text(path + "/Website", organ.Website);
        }

        public void Response(string path, EdXmlResponseFor? response)
        {
            if (response is null)
            {
                Add(path, EdXmlErrorCodes.FieldRequired, $"Thiếu {path}.");
                return;
            }
            Text(path + "/OrganId", response.OrganId, required: true);
            Text(path + "/DocumentId", response.DocumentId, required: true);
            Text(path + "/Code", response.Code);
        }

        public void Staff(string path, EdXmlStaffInfo staff)
        {
            Text(path + "/Department", staff.Department);
            Text(path + "/Staff", staff.Staff);
            Text(path + "/Email", staff.Email);
            Text(path + "/Mobile", staff.Mobile);
        }

        private static int FirstInvalidXmlChar(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (XmlConvert.IsXmlChar(s[i])) continue;
                if (i + 1 < s.Length && XmlConvert.IsXmlSurrogatePair(s[i + 1], s[i])) { i++; continue; }
                return i;
            }
            return -1;
        }
    }
}
