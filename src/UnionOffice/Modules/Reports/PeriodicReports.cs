using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Common.Pdf;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Outgoing;
using UnionOffice.Modules.Statistics;

namespace UnionOffice.Modules.Reports;

public sealed record FieldRequest(string? Section, string? Label, ReportFieldKind Kind, string? IndicatorCode = null, string? Formula = null);
public sealed record FormRequest(string? OrganizationCode, string? Title, ReportPeriod Period, int Year, int Number, DateOnly? Deadline, List<FieldRequest>? Fields,
    List<string>? Recipients);
public sealed record FieldDto(Guid Id, string Key, string? Section, string Label, string Kind, string? IndicatorCode, string? Formula);
public sealed record ProgressRow(Guid RequestId, string OrganizationCode, string OrganizationName, string State, string StateText, bool Late, string? DocumentCode,
    DateOnly? SubmittedOn, Dictionary<string, decimal?> Values);
public sealed record TotalDto(string Key, string Label, decimal? Total, int Reported);
public sealed record FormDto(Guid Id, string OrganizationCode, string OrganizationName, string Title, string Period, string PeriodText, DateOnly From, DateOnly To,
    DateOnly Deadline, string Status, List<FieldDto> Fields, List<ProgressRow> Organs, List<TotalDto> Totals);
public sealed record FormListItem(Guid Id, string Title, string PeriodText, DateOnly Deadline, string Status, int Submitted, int Organs, int Late);
public sealed record ValueDto(Guid FieldId, string Key, string? Section, string Label, string Kind, decimal? Number, string? Text, bool Measured);
public sealed record RequestDto(Guid Id, Guid FormId, string FromOrganization, string OrganizationCode, string OrganizationName, string Title, string PeriodText,
    DateOnly Deadline, string State, string StateText, bool Late, bool Editable, Guid? DocumentId, List<ValueDto> Values);
public sealed record ValueInput(string? Key, decimal? Number, string? Text);
public sealed record SaveValuesRequest(List<ValueInput>? Values);
public sealed record SubmitReportRequest(string? SignerUserName);

/// <summary>
/// Báo cáo định kỳ (issue 20 §4): a higher organ's office defines a form — sections, numbers, text, formulas, fields the
/// measured indicators fill — for a month, a quarter or a year with a deadline, and sends it to organs below; each
/// organ's office fills it (the measured fields already there, computed for the period, never typed), and sends it up as
/// an ordinary outgoing report — reviewed, signed by its head, numbered, issued to the higher organ, which receives it
/// like any document. The higher organ sees who has sent, who is late (the organs are reminded before the deadline and
/// after it, through the one reminder path), and the totals across the organs that have sent.
/// </summary>
public sealed class PeriodicReports(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, Indicators indicators,
    OutgoingDrafts drafts, TimeProvider time)
{
    public async Task<Guid> CreateAsync(FormRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        if (!await access.IsOfficeAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        if (r.Deadline is not { } deadline) throw new DomainException(ReportErrors.Invalid(["Nhập hạn nộp báo cáo."]));
        var form = new ReportForm(org.Id, r.Title, r.Period, r.Year, r.Number, deadline, current.UserId!.Value, time.GetUtcNow());
        if (deadline < form.PeriodStart) throw new DomainException(ReportErrors.Invalid(["Hạn nộp không thể trước kỳ báo cáo."]));
        var fields = r.Fields ?? [];
        var problems = new List<string>();
        if (fields.Count is 0 or > 200) problems.Add("Biểu mẫu cần từ 1 đến 200 chỉ tiêu.");
        var known = new HashSet<string>();
        var order = 0;
        foreach (var f in fields)
        {
            order++;
            var label = TextRules.OneLine(f.Label);
            if (label.Length is 0 or > 300) problems.Add($"Chỉ tiêu c{order}: tên từ 1 đến 300 ký tự.");
            if (!Enum.IsDefined(f.Kind)) problems.Add($"Chỉ tiêu c{order}: loại không hợp lệ (Number, Text, Indicator, Formula).");
            if (f.Kind == ReportFieldKind.Indicator && Indicators.Catalogue.All(d => d.Code != f.IndicatorCode))
                problems.Add($"Chỉ tiêu c{order}: \"{f.IndicatorCode}\" không phải chỉ tiêu đo được ({string.Join(", ", Indicators.Catalogue.Select(d => d.Code))}).");
            if (f.Kind == ReportFieldKind.Formula)
            {
                var (keys, problem) = ReportFormula.Check(f.Formula ?? "");
                if (problem is not null) problems.Add($"Chỉ tiêu c{order}: {problem}");
                else if (keys.Count == 0) problems.Add($"Chỉ tiêu c{order}: công thức cần dùng ít nhất một chỉ tiêu số.");
                else if (keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
                    problems.Add($"Chỉ tiêu c{order}: công thức dùng {unknown}, không phải chỉ tiêu số đứng trước nó.");
            }
            if (f.Kind != ReportFieldKind.Text) known.Add($"c{order}");
        }
        // The organs below that report: those named, or every active organ directly below.
        var below = await OrganizationTree.DescendantsAndSelfAsync(db, org.Id, ct);
        below.Remove(org.Id);
        List<Guid> recipients;
        if (r.Recipients is { Count: > 0 } codes)
        {
            var wanted = codes.Select(c => (c ?? "").Trim().ToUpperInvariant()).Distinct().ToList();
            var found = await db.Organizations.AsNoTracking().Where(o => wanted.Contains(o.Code) && o.IsActive).Select(o => new { o.Id, o.Code }).ToListAsync(ct);
            foreach (var missing in wanted.Where(w => found.All(f => f.Code != w) || !below.Contains(found.First(f => f.Code == w).Id)))
                problems.Add($"\"{missing}\" không phải cơ quan cấp dưới của {org.Name}.");
            recipients = found.Select(f => f.Id).ToList();
        }
        else recipients = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id && o.IsActive).Select(o => o.Id).ToListAsync(ct);
        if (recipients.Count == 0) problems.Add("Không có cơ quan cấp dưới nào nhận báo cáo.");
        if (problems.Count > 0) throw new DomainException(ReportErrors.Invalid(problems));
        db.ReportForms.Add(form);
        order = 0;
        foreach (var f in fields) db.ReportFields.Add(new ReportField(form.Id, ++order, f.Section, f.Label, f.Kind, f.IndicatorCode, f.Formula));
        foreach (var o in recipients) db.ReportRequests.Add(new ReportRequest(form.Id, o));
        audit.Record("report.form.created", org.Id, "report-form", form.Id.ToString(), new { fields = fields.Count, organs = recipients.Count });
        await db.SaveChangesAsync(ct);
        return form.Id;
    }

    /// <summary>The form goes to the organs below: their offices (clerks and heads) are told.</summary>
    public async Task SendAsync(Guid id, CancellationToken ct)
    {
        var form = await IssuedAsync(id, ct, tracked: true);
        form.Send(time.GetUtcNow());
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == form.OrganizationId, ct);
        var requests = await db.ReportRequests.AsNoTracking().Where(x => x.FormId == form.Id).Select(x => new { x.Id, x.OrganizationId }).ToListAsync(ct);
        foreach (var x in requests)
        {
            var people = await Notifier.OfficeAsync(db, x.OrganizationId, ct);
            notify.Tell(people, NotificationKinds.ReportRequested, $"Báo cáo định kỳ: {form.Title} {form.PeriodText} – {org.Name}, hạn {Formats.Date(form.Deadline)}",
                $"/reports/requests/{x.Id}");
        }
        audit.Record("report.form.sent", form.OrganizationId, "report-form", form.Id.ToString(), new { organs = requests.Count });
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<FormListItem>> FormsAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsOfficeAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var forms = await db.ReportForms.AsNoTracking().Where(f => f.OrganizationId == org.Id).OrderByDescending(f => f.CreatedAt).Take(200).ToListAsync(ct);
        var result = new List<FormListItem>();
        foreach (var f in forms)
        {
            var rows = await ProgressAsync(f, ct);
            result.Add(new FormListItem(f.Id, f.Title, f.PeriodText, f.Deadline, f.Status.ToString(), rows.Count(x => x.State == "submitted"), rows.Count, rows.Count(x => x.Late)));
        }
        return result;
    }

    /// <summary>The form, who has sent (and when, under which number), who is late, and the totals over those who have sent.</summary>
    public async Task<FormDto> GetAsync(Guid id, CancellationToken ct)
    {
        var form = await IssuedAsync(id, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == form.OrganizationId, ct);
        var fields = await FieldsAsync(form.Id, ct);
        var rows = await ProgressAsync(form, ct);
        var submitted = rows.Where(x => x.State == "submitted").ToList();
        var totals = fields.Where(f => f.Kind != ReportFieldKind.Text).Select(f =>
        {
            var values = submitted.Select(x => x.Values.GetValueOrDefault(f.Key)).OfType<decimal>().ToList();
            // A percentage measured per organ is not added up: its total is the mean over the organs that sent it.
            decimal? total = values.Count == 0 ? null : f.Kind == ReportFieldKind.Indicator ? Math.Round(values.Average(), 1) : values.Sum();
            return new TotalDto(f.Key, f.Label, total, values.Count);
        }).ToList();
        return new FormDto(form.Id, org.Code, org.Name, form.Title, form.Period.ToString(), form.PeriodText, form.PeriodStart, form.PeriodEnd, form.Deadline,
            form.Status.ToString(), fields.Select(Dto).ToList(), rows, totals);
    }

    public async Task<ExportedFile> ExportAsync(Guid id, ExportFormat format, CancellationToken ct)
    {
        var f = await GetAsync(id, ct);
        var numeric = f.Fields.Where(x => x.Kind != nameof(ReportFieldKind.Text)).ToList();
        var rows = new List<PrintedRow>();
        var n = 0;
        foreach (var o in f.Organs)
            rows.Add(new PrintedRow([(++n).ToString(CultureInfo.InvariantCulture), o.OrganizationName, o.StateText + (o.Late ? " (trễ hạn)" : ""), o.DocumentCode,
                .. numeric.Select(x => (object?)Number(o.Values.GetValueOrDefault(x.Key)))]));
        rows.Add(new PrintedRow(["", "Tổng hợp", $"{f.Organs.Count(o => o.State == "submitted")}/{f.Organs.Count} đã gửi", null,
            .. numeric.Select(x => (object?)Number(f.Totals.FirstOrDefault(t => t.Key == x.Key)?.Total))], Strong: true));
        var table = new PrintedTable(f.OrganizationName, $"TỔNG HỢP {f.Title.ToUpper(Formats.Vi)}",
            [$"Kỳ báo cáo: {f.PeriodText}; hạn nộp {Formats.Date(f.Deadline)}", string.Join("; ", numeric.Select(x => $"{x.Key}: {x.Label}"))],
            [new("STT", 5, true), new("Cơ quan", 30), new("Tình trạng", 22), new("Số, ký hiệu", 14), .. numeric.Select(x => new PrintedColumn(x.Key, 10, true))],
            rows, SheetName: "Tổng hợp báo cáo");
        return Export.Render(table, format, $"tong-hop-bao-cao-{f.OrganizationCode}-{f.From:yyyyMM}");
    }

    private static string? Number(decimal? v) => v?.ToString("0.##", Formats.Vi);

    /// <summary>The reports an organ is asked for, for its office.</summary>
    public async Task<List<RequestDto>> RequestsAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsOfficeAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var ids = await (from x in db.ReportRequests.AsNoTracking()
                         join f in db.ReportForms on x.FormId equals f.Id
                         where x.OrganizationId == org.Id && f.Status == ReportFormStatus.Sent
                         orderby f.Deadline descending
                         select x.Id).Take(200).ToListAsync(ct);
        var result = new List<RequestDto>();
        foreach (var id in ids) result.Add(await LoadAsync(id, values: false, ct));
        return result;
    }

    public Task<RequestDto> RequestAsync(Guid id, CancellationToken ct) => LoadAsync(id, values: true, ct);

    private async Task<RequestDto> LoadAsync(Guid id, bool values, CancellationToken ct)
    {
        var (x, form) = await ReceivedAsync(id, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == x.OrganizationId, ct);
        var from = await db.Organizations.AsNoTracking().Where(o => o.Id == form.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var (state, text, late, _, _) = await StateAsync(form, x, ct);
        var list = values ? await ValuesAsync(form, x, state == "submitted" || state == "in-review", ct) : [];
        return new RequestDto(x.Id, form.Id, from, org.Code, org.Name, form.Title, form.PeriodText, form.Deadline, state, text, late,
            state is "pending" or "drafting", x.DocumentId, list);
    }

    /// <summary>The organ's office enters its numbers and text; measured and computed fields are not typed.</summary>
    public async Task SaveAsync(Guid id, SaveValuesRequest r, CancellationToken ct)
    {
        var (x, form) = await ReceivedAsync(id, ct, tracked: true);
        await RequireEditableAsync(form, x, ct);
        var fields = await FieldsAsync(form.Id, ct);
        var stored = await db.ReportValues.Where(v => v.RequestId == x.Id).ToListAsync(ct);
        var problems = new List<string>();
        foreach (var input in r.Values ?? [])
        {
            var field = fields.FirstOrDefault(f => f.Key == (input.Key ?? "").Trim().ToLowerInvariant());
            if (field is null)
            {
                problems.Add($"Không có chỉ tiêu \"{input.Key}\" trong biểu mẫu.");
                continue;
            }
            if (field.Kind is ReportFieldKind.Indicator or ReportFieldKind.Formula)
            {
                problems.Add($"{field.Key} ({field.Label}) do hệ thống tính, không nhập.");
                continue;
            }
            var text = field.Kind == ReportFieldKind.Text ? TextRules.Clean(input.Text ?? "").Trim() : null;
            if (text is { Length: > 4000 }) problems.Add($"{field.Key}: nội dung quá 4.000 ký tự.");
            if (field.Kind == ReportFieldKind.Number && input.Number is { } number && (number < -1_000_000_000_000m || number > 1_000_000_000_000m))
                problems.Add($"{field.Key}: số quá lớn.");
            var value = stored.FirstOrDefault(v => v.FieldId == field.Id);
            if (value is null) db.ReportValues.Add(value = new ReportValue(x.Id, field.Id));
            value.Set(field.Kind == ReportFieldKind.Number ? input.Number is { } n ? Math.Round(n, 2) : null : null, text is { Length: > 0 } ? text : null);
        }
        if (problems.Count > 0) throw new DomainException(ReportErrors.Invalid(problems));
        x.Touch(current.UserId!.Value, time.GetUtcNow());
        audit.Record("report.values.saved", x.OrganizationId, "report-request", x.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The report goes up as an outgoing document: composed from the values in the layout of NĐ30 Phụ lục I (the measured
    /// and computed values fixed as they are now), addressed to the higher organ, to be signed by the organ's head.
    /// </summary>
    public async Task<Guid> SubmitAsync(Guid id, SubmitReportRequest r, CancellationToken ct)
    {
        var (x, form) = await ReceivedAsync(id, ct, tracked: true);
        await RequireEditableAsync(form, x, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == x.OrganizationId, ct);
        var higher = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == form.OrganizationId, ct);
        var parent = org.ParentId is { } pid ? await db.Organizations.AsNoTracking().Where(o => o.Id == pid).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var values = await ValuesAsync(form, x, fixedValues: false, ct);
        var fields = await FieldsAsync(form.Id, ct);
        // Fix what was measured and computed: the report says what it said when it was sent.
        var stored = await db.ReportValues.Where(v => v.RequestId == x.Id).ToListAsync(ct);
        foreach (var v in values.Where(v => v.Measured))
        {
            var field = fields.First(f => f.Id == v.FieldId);
            var row = stored.FirstOrDefault(s => s.FieldId == field.Id);
            if (row is null) db.ReportValues.Add(row = new ReportValue(x.Id, field.Id));
            row.Set(v.Number, null);
        }
        var body = new List<Nd30Paragraph> { new($"Thực hiện yêu cầu báo cáo {form.Title} {form.PeriodText} của {higher.Name}, {org.Name} báo cáo như sau:") };
        string? section = null;
        foreach (var v in values)
        {
            if (v.Section is { } s && s != section)
            {
                body.Add(new Nd30Paragraph(s, Nd30Style.Heading));
                section = s;
            }
            body.Add(new Nd30Paragraph($"- {v.Label}: {(v.Kind == nameof(ReportFieldKind.Text) ? v.Text ?? "" : Number(v.Number) ?? "(không có số liệu)")}" +
                $"{(v.Kind == nameof(ReportFieldKind.Indicator) && v.Number is not null ? "%" : "")};", Nd30Style.Item));
        }
        body.Add(new Nd30Paragraph($"{org.Name} báo cáo để {higher.Name} biết, tổng hợp./."));
        var summary = $"{form.Title} {form.PeriodText}";
        var pdf = Nd30Draft.Compose(new Nd30DraftData(parent, org.Name, $"BC-{OrganAbbreviations.Of(org)}", OrganAbbreviations.Place(org), Formats.Today(time).Year,
            "Báo cáo", summary, body, [$"- {higher.Name};", "- Lưu: VT."]), time.GetUtcNow());
        var signer = string.IsNullOrWhiteSpace(r.SignerUserName)
            ? await (from ra in db.RoleAssignments
                     join u in db.Users on ra.UserId equals u.Id
                     where ra.OrganizationId == org.Id && ra.Role == Role.Head && u.Status == AccountStatus.Active
                     orderby u.UserName
                     select u.UserName).FirstOrDefaultAsync(ct)
            : r.SignerUserName;
        var request = new DraftRequest(org.Code, "Báo cáo", summary.Length > 500 ? summary[..497] + "…" : summary, Incoming.Urgency.Normal, null, signer, null,
            $"- {higher.Name};\n- Lưu: VT.", null, null, [new RecipientRequest(higher.Code, higher.Name, null)]);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var doc = await drafts.CreateComposedAsync(request, pdf, $"bao-cao-{form.Year}-{form.Number}.pdf", "Soạn tự động từ biểu mẫu báo cáo định kỳ", ct);
            x.Carry(doc);
            x.Touch(current.UserId!.Value, time.GetUtcNow());
            audit.Record("report.submitted", x.OrganizationId, "report-request", x.Id.ToString(), new { document = doc });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return doc;
        });
    }

    // ----- states, values -----

    /// <summary>
    /// Where an organ's report stands: pending (nothing entered), drafting, in review (its document on the way to the head's
    /// signature and the number), submitted (issued: the day it went), and late against the deadline.
    /// </summary>
    private async Task<(string State, string Text, bool Late, string? Code, DateOnly? On)> StateAsync(ReportForm form, ReportRequest x, CancellationToken ct) =>
        State(form, x, x.DocumentId is null ? null : (await DocumentsAsync([x], ct)).GetValueOrDefault(x.DocumentId.Value), Formats.Today(time));

    private sealed record CarriedBy(OutgoingStatus Status, DateOnly? IssuedDate, long? Number, string? Notation);

    /// <summary>The outgoing documents the reports went up as, read at once for a whole form.</summary>
    private async Task<Dictionary<Guid, CarriedBy>> DocumentsAsync(IEnumerable<ReportRequest> requests, CancellationToken ct)
    {
        var ids = requests.Where(r => r.DocumentId is not null).Select(r => r.DocumentId!.Value).ToList();
        return ids.Count == 0 ? []
            : await db.OutgoingDocuments.AsNoTracking().Where(o => ids.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => new CarriedBy(o.Status, o.IssuedDate, o.Number, o.Notation), ct);
    }

    private static (string State, string Text, bool Late, string? Code, DateOnly? On) State(ReportForm form, ReportRequest x, CarriedBy? d, DateOnly today)
    {
        if (d is not null)
        {
            if (d.Status == OutgoingStatus.Issued)
                return ("submitted", $"Đã gửi ngày {Formats.Date(d.IssuedDate)}", d.IssuedDate > form.Deadline,
                    d.Number is { } n && d.Notation is not null ? OutgoingDocument.Code(n, d.Notation) : null, d.IssuedDate);
            if (d.Status != OutgoingStatus.Recalled) return ("in-review", $"Đang trình: {OutgoingText.Status(d.Status)}", today > form.Deadline, null, null);
        }
        var entered = x.UpdatedAt is not null;
        return (entered ? "drafting" : "pending", entered ? "Đang soạn" : "Chưa thực hiện", today > form.Deadline, null, null);
    }

    private async Task<List<ProgressRow>> ProgressAsync(ReportForm form, CancellationToken ct)
    {
        var requests = await (from x in db.ReportRequests.AsNoTracking()
                              join o in db.Organizations on x.OrganizationId equals o.Id
                              where x.FormId == form.Id
                              orderby o.Code
                              select new { x, o.Code, o.Name }).ToListAsync(ct);
        var fields = await FieldsAsync(form.Id, ct);
        var ids = requests.Select(r => r.x.Id).ToList();
        var stored = (await db.ReportValues.AsNoTracking().Where(v => ids.Contains(v.RequestId)).ToListAsync(ct)).ToDictionary(v => (v.RequestId, v.FieldId));
        var documents = await DocumentsAsync(requests.Select(r => r.x), ct);
        var today = Formats.Today(time);
        var rows = new List<ProgressRow>();
        foreach (var r in requests)
        {
            var (state, text, late, code, on) = State(form, r.x, r.x.DocumentId is { } d ? documents.GetValueOrDefault(d) : null, today);
            // What an organ reported is the higher organ's to read once it has been sent.
            var values = state == "submitted"
                ? fields.Where(f => f.Kind != ReportFieldKind.Text).ToDictionary(f => f.Key, f => stored.GetValueOrDefault((r.x.Id, f.Id))?.Number)
                : [];
            rows.Add(new ProgressRow(r.x.Id, r.Code, r.Name, state, text, late, code, on, values));
        }
        return rows;
    }

    private async Task<List<ValueDto>> ValuesAsync(ReportForm form, ReportRequest x, bool fixedValues, CancellationToken ct)
    {
        var fields = await FieldsAsync(form.Id, ct);
        var stored = await db.ReportValues.AsNoTracking().Where(v => v.RequestId == x.Id).ToDictionaryAsync(v => v.FieldId, ct);
        Dictionary<string, Dictionary<Guid, (int N, int D)>>? measured = null;
        if (!fixedValues && fields.Any(f => f.Kind == ReportFieldKind.Indicator))
            measured = await indicators.MeasureAsync([x.OrganizationId], form.PeriodStart, form.PeriodEnd, ct);
        var numbers = new Dictionary<string, decimal?>();
        var result = new List<ValueDto>();
        foreach (var f in fields)
        {
            var s = stored.GetValueOrDefault(f.Id);
            decimal? number = f.Kind switch
            {
                ReportFieldKind.Number => s?.Number,
                _ when fixedValues => s?.Number,
                ReportFieldKind.Indicator => measured![f.IndicatorCode!].GetValueOrDefault(x.OrganizationId) is { D: > 0 } m ? Math.Round(m.N * 100m / m.D, 1) : null,
                ReportFieldKind.Formula => ReportFormula.Evaluate(f.Formula!, numbers),
                _ => null,
            };
            if (f.Kind != ReportFieldKind.Text) numbers[f.Key] = number;
            result.Add(new ValueDto(f.Id, f.Key, f.Section, f.Label, f.Kind.ToString(), number, s?.Text, f.Kind is ReportFieldKind.Indicator or ReportFieldKind.Formula));
        }
        return result;
    }

    private async Task RequireEditableAsync(ReportForm form, ReportRequest x, CancellationToken ct)
    {
        var (state, _, _, _, _) = await StateAsync(form, x, ct);
        if (state is "submitted" or "in-review") throw new DomainException(ReportErrors.Submitted);
        if (x.DocumentId is not null) x.Reopen(); // its document was recalled: corrected and sent again
    }

    private Task<List<ReportField>> FieldsAsync(Guid formId, CancellationToken ct) =>
        db.ReportFields.AsNoTracking().Where(f => f.FormId == formId).OrderBy(f => f.Order).ToListAsync(ct);

    private static FieldDto Dto(ReportField f) => new(f.Id, f.Key, f.Section, f.Label, f.Kind.ToString(), f.IndicatorCode, f.Formula);

    /// <summary>A form for the office of the organ that issued it.</summary>
    private async Task<ReportForm> IssuedAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.ReportForms : db.ReportForms.AsNoTracking();
        var form = await q.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new DomainException(ReportErrors.NotFound);
        if (!await access.IsOfficeAsync(form.OrganizationId, ct)) throw new DomainException(ReportErrors.NotFound);
        return form;
    }

    /// <summary>A report asked of an organ, for that organ's office, once the form is sent.</summary>
    private async Task<(ReportRequest Request, ReportForm Form)> ReceivedAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.ReportRequests : db.ReportRequests.AsNoTracking();
        var x = await q.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new DomainException(ReportErrors.NotFound);
        var form = await db.ReportForms.AsNoTracking().FirstAsync(f => f.Id == x.FormId, ct);
        if (form.Status != ReportFormStatus.Sent || !await access.IsOfficeAsync(x.OrganizationId, ct)) throw new DomainException(ReportErrors.NotFound);
        return (x, form);
    }
}

/// <summary>Reports not yet sent whose deadline is near or past remind the organ's office, through the one reminder path.</summary>
public sealed class ReportDueWork(AppDbContext db) : Work.IDueWorkSource
{
    public async Task<List<Work.DueWork>> DueAsync(DateOnly today, DateOnly horizon, CancellationToken ct)
    {
        var open = await (from x in db.ReportRequests.AsNoTracking()
                          join f in db.ReportForms on x.FormId equals f.Id
                          join o in db.Organizations on f.OrganizationId equals o.Id
                          where f.Status == ReportFormStatus.Sent && f.Deadline <= horizon
                                && (x.DocumentId == null || !db.OutgoingDocuments.Any(d => d.Id == x.DocumentId && d.Status == OutgoingStatus.Issued))
                          select new { x.Id, x.OrganizationId, f.Deadline, f.Title, f.Period, f.Year, f.Number, Higher = o.Name }).ToListAsync(ct);
        var result = new List<Work.DueWork>();
        foreach (var x in open)
        {
            var people = await Notifier.OfficeAsync(db, x.OrganizationId, ct);
            if (people.Count == 0) continue;
            result.Add(new Work.DueWork(x.Id, "report", null, null, x.Deadline, $"báo cáo {Work.WorkReminders.Short(x.Title)} gửi {x.Higher} (hạn {Formats.Date(x.Deadline)})",
                $"/reports/requests/{x.Id}", people));
        }
        return result;
    }
}
