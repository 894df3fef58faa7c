using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Reports;

public enum ReportPeriod
{
    Month = 0,
    Quarter = 1,
    Year = 2,
}

public enum ReportFieldKind
{
    /// <summary>A number the organ enters.</summary>
    Number = 0,
    Text = 1,
    /// <summary>Filled from one of the measured indicators (its percentage for the report's period), never typed.</summary>
    Indicator = 2,
    /// <summary>Computed from the form's other numbers ("c1 + c2", "c3 / c1 * 100").</summary>
    Formula = 3,
}

public enum ReportFormStatus
{
    Draft = 0,
    Sent = 1,
}

/// <summary>
/// Biểu mẫu báo cáo định kỳ: a higher organ's form (sections, numeric and text fields, formulas, fields the indicators
/// fill), for a period (a month, a quarter, a year) with its deadline, sent to organs below it.
/// </summary>
public sealed class ReportForm : IVersioned
{
    private ReportForm() { }

    public ReportForm(Guid organizationId, string? title, ReportPeriod period, int year, int number, DateOnly deadline, Guid byUserId, DateTimeOffset now)
    {
        var t = TextRules.OneLine(title);
        var problems = new List<string>();
        if (t.Length is 0 or > 300) problems.Add("Tên báo cáo từ 1 đến 300 ký tự.");
        if (!Enum.IsDefined(period)) problems.Add("Kỳ báo cáo: Month, Quarter hoặc Year.");
        if (year is < 2000 or > 2100) problems.Add("Năm báo cáo không hợp lệ.");
        if (period == ReportPeriod.Month && number is < 1 or > 12) problems.Add("Tháng báo cáo từ 1 đến 12.");
        if (period == ReportPeriod.Quarter && number is < 1 or > 4) problems.Add("Quý báo cáo từ 1 đến 4.");
        if (problems.Count > 0) throw new DomainException(ReportErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Title = t;
        Period = period;
        Year = year;
        Number = period == ReportPeriod.Year ? 0 : number;
        Deadline = deadline;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Title { get; private set; } = "";
    public ReportPeriod Period { get; private set; }
    public int Year { get; private set; }
    /// <summary>The month (1–12) or quarter (1–4) of the year; 0 for a year's report.</summary>
    public int Number { get; private set; }
    public DateOnly Deadline { get; private set; }
    public ReportFormStatus Status { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }

    public DateOnly PeriodStart => Period switch
    {
        ReportPeriod.Month => new DateOnly(Year, Number, 1),
        ReportPeriod.Quarter => new DateOnly(Year, Number * 3 - 2, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public DateOnly PeriodEnd => Period switch
    {
        ReportPeriod.Month => PeriodStart.AddMonths(1).AddDays(-1),
        ReportPeriod.Quarter => PeriodStart.AddMonths(3).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    public string PeriodText => Period switch
    {
        ReportPeriod.Month => $"tháng {Number:00}/{Year}",
        ReportPeriod.Quarter => $"quý {Roman(Number)} năm {Year}",
        _ => $"năm {Year}",
    };

    private static string Roman(int n) => n switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };

    internal void Send(DateTimeOffset now)
    {
        if (Status != ReportFormStatus.Draft) throw new DomainException(ReportErrors.AlreadySent);
        Status = ReportFormStatus.Sent;
        SentAt = now;
    }
}

public sealed class ReportField
{
    private ReportField() { }

    public ReportField(Guid formId, int order, string? section, string? label, ReportFieldKind kind, string? indicatorCode, string? formula)
    {
        Id = Guid.CreateVersion7();
        FormId = formId;
        Order = order;
        Key = $"c{order}";
        Section = TextRules.OneLine(section) is { Length: > 0 } s ? s[..Math.Min(200, s.Length)] : null;
        Label = TextRules.OneLine(label);
        Kind = kind;
        IndicatorCode = kind == ReportFieldKind.Indicator ? indicatorCode : null;
        Formula = kind == ReportFieldKind.Formula ? TextRules.OneLine(formula) : null;
    }

    public Guid Id { get; private set; }
    public Guid FormId { get; private set; }
    public int Order { get; private set; }
    /// <summary>How formulas name it: c1, c2, … in the form's order.</summary>
    public string Key { get; private set; } = "";
    public string? Section { get; private set; }
    public string Label { get; private set; } = "";
    public ReportFieldKind Kind { get; private set; }
    public string? IndicatorCode { get; private set; }
    public string? Formula { get; private set; }
}

/// <summary>
/// One organ's report on a form: its values, and the outgoing document that carries it up once drafted — reviewed,
/// signed by its head, numbered and issued like any report. It is submitted when that document is issued.
/// </summary>
public sealed class ReportRequest : IVersioned
{
    private ReportRequest() { }

    public ReportRequest(Guid formId, Guid organizationId)
    {
        Id = Guid.CreateVersion7();
        FormId = formId;
        OrganizationId = organizationId;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid FormId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? DocumentId { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }

    internal void Touch(Guid by, DateTimeOffset now)
    {
        UpdatedAt = now;
        UpdatedByUserId = by;
    }

    internal void Carry(Guid documentId) => DocumentId = documentId;

    /// <summary>A report whose document was recalled may be corrected and sent again.</summary>
    internal void Reopen() => DocumentId = null;
}

public sealed class ReportValue
{
    private ReportValue() { }

    public ReportValue(Guid requestId, Guid fieldId)
    {
        Id = Guid.CreateVersion7();
        RequestId = requestId;
        FieldId = fieldId;
    }

    public Guid Id { get; private set; }
    public Guid RequestId { get; private set; }
    public Guid FieldId { get; private set; }
    public decimal? Number { get; private set; }
    public string? Text { get; private set; }

    internal void Set(decimal? number, string? text)
    {
        Number = number;
        Text = text;
    }
}

public static class ReportErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("REPORT_INVALID", string.Join(" ", problems));
    public static readonly Error NotFound = new("REPORT_NOT_FOUND", "Không tìm thấy báo cáo.", 404);
    public static readonly Error AlreadySent = new("REPORT_ALREADY_SENT", "Biểu mẫu báo cáo đã được gửi.", 409);
    public static readonly Error Submitted = new("REPORT_SUBMITTED", "Báo cáo đã được trình ký, gửi; không sửa được nữa (thu hồi văn bản để sửa).", 409);
    public static readonly Error NotSent = new("REPORT_NOT_SENT", "Biểu mẫu chưa được gửi cho các cơ quan.", 409);
}

internal static class ReportModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ReportForm>(f =>
        {
            f.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            f.Property(x => x.Title).HasMaxLength(300).IsRequired();
            f.Ignore(x => x.PeriodStart);
            f.Ignore(x => x.PeriodEnd);
            f.Ignore(x => x.PeriodText);
            f.HasIndex(x => new { x.OrganizationId, x.Year });
            f.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            f.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ReportField>(f =>
        {
            f.Property(x => x.Key).HasMaxLength(10).IsRequired();
            f.Property(x => x.Section).HasMaxLength(200);
            f.Property(x => x.Label).HasMaxLength(300).IsRequired();
            f.Property(x => x.IndicatorCode).HasMaxLength(40);
            f.Property(x => x.Formula).HasMaxLength(300);
            f.HasIndex(x => new { x.FormId, x.Order }).IsUnique();
            f.HasOne<ReportForm>().WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReportRequest>(r =>
        {
            r.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            r.HasIndex(x => new { x.FormId, x.OrganizationId }).IsUnique();
            r.HasIndex(x => x.OrganizationId);
            r.HasOne<ReportForm>().WithMany().HasForeignKey(x => x.FormId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Outgoing.OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UpdatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ReportValue>(v =>
        {
            v.Property(x => x.Number).HasPrecision(18, 2);
            v.Property(x => x.Text).HasMaxLength(4000);
            v.HasIndex(x => new { x.RequestId, x.FieldId }).IsUnique();
            v.HasOne<ReportRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
            v.HasOne<ReportField>().WithMany().HasForeignKey(x => x.FieldId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
