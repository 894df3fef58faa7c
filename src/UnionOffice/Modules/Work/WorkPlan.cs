using UnionOffice.Common;

namespace UnionOffice.Modules.Work;

public enum PlanPeriod
{
    Year = 0,
    Quarter = 1,
    Month = 2,
}

public enum Recurrence
{
    None = 0,
    /// <summary>Every month of the plan's period (the monthly report), due on the item's day of the month.</summary>
    Monthly = 1,
    /// <summary>Every quarter, due on the item's day of the quarter's last month.</summary>
    Quarterly = 2,
}

/// <summary>
/// Kế hoạch công tác of an organ (its head's) or of a department (its head's) for a year, a quarter or a month. Drafted,
/// then issued: each item becomes a task with its deadline — a recurring item one task per month or quarter of the
/// period still to come — given under the plan's author's role. An issued plan no longer changes.
/// </summary>
public sealed class WorkPlan : IVersioned
{
    private WorkPlan() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public PlanPeriod Period { get; private set; }
    public int Year { get; private set; }
    /// <summary>The quarter (1–4) or month (1–12); null for a year.</summary>
    public int? Number { get; private set; }
    public string Title { get; private set; } = "";
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    public Guid? IssuedByUserId { get; private set; }

    public bool IsIssued => IssuedAt is not null;

    public DateOnly Start => Period switch
    {
        PlanPeriod.Quarter => new DateOnly(Year, (Number!.Value - 1) * 3 + 1, 1),
        PlanPeriod.Month => new DateOnly(Year, Number!.Value, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public DateOnly End => Period switch
    {
        PlanPeriod.Quarter => Start.AddMonths(3).AddDays(-1),
        PlanPeriod.Month => Start.AddMonths(1).AddDays(-1),
        _ => new DateOnly(Year, 12, 31),
    };

    public string PeriodText => Period switch
    {
        PlanPeriod.Quarter => $"quý {Number}/{Year}",
        PlanPeriod.Month => $"tháng {Number:00}/{Year}",
        _ => $"năm {Year}",
    };

    public static WorkPlan Draft(Guid organizationId, Guid? departmentId, PlanPeriod period, int year, int? number, string? title, Guid byUserId, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(period)) problems.Add("Kỳ kế hoạch không hợp lệ (Year, Quarter, Month).");
        if (year is < 2000 or > 2100) problems.Add("Năm kế hoạch không hợp lệ.");
        if (period == PlanPeriod.Quarter && number is not (>= 1 and <= 4)) problems.Add("Quý phải từ 1 đến 4.");
        if (period == PlanPeriod.Month && number is not (>= 1 and <= 12)) problems.Add("Tháng phải từ 1 đến 12.");
        var t = TextRules.OneLine(title);
        if (t.Length == 0) problems.Add("Tên kế hoạch không được để trống.");
        if (t.Length > 300) problems.Add("Tên kế hoạch quá dài (tối đa 300 ký tự).");
        if (problems.Count > 0) throw new DomainException(WorkErrors.Invalid(problems));
        return new WorkPlan
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, DepartmentId = departmentId, Period = period, Year = year,
            Number = period == PlanPeriod.Year ? null : number, Title = t, CreatedByUserId = byUserId, CreatedAt = now,
        };
    }

    internal void RequireDraft()
    {
        if (IsIssued) throw new DomainException(PlanIssued);
    }

    internal void Issue(Guid byUserId, DateTimeOffset now)
    {
        RequireDraft();
        IssuedAt = now;
        IssuedByUserId = byUserId;
    }

    /// <summary>The deadlines of an item's tasks within the period, from today on: one, or one per month / quarter.</summary>
    public IEnumerable<DateOnly> Occurrences(WorkPlanItem item, DateOnly today)
    {
        if (item.Recurrence == Recurrence.None)
        {
            if (item.Deadline is not { } d || d >= today) yield return item.Deadline ?? End;
            yield break;
        }
        var step = item.Recurrence == Recurrence.Monthly ? 1 : 3;
        var first = item.Recurrence == Recurrence.Monthly ? Start : new DateOnly(Start.Year, ((Start.Month - 1) / 3 * 3) + 3, 1);
        for (var m = first; m <= End; m = m.AddMonths(step))
        {
            var day = new DateOnly(m.Year, m.Month, Math.Min(item.DayOfMonth ?? 28, DateTime.DaysInMonth(m.Year, m.Month)));
            if (day >= today && day <= End) yield return day;
        }
    }

    public static readonly Error PlanIssued = new("PLAN_ISSUED", "Kế hoạch đã ban hành: không sửa được nữa.", 409);
}

/// <summary>An item of a work plan: what, who leads it, by when or how often; the tasks it became once the plan was issued.</summary>
public sealed class WorkPlanItem
{
    private WorkPlanItem() { }

    public Guid Id { get; private set; }
    public Guid PlanId { get; private set; }
    public int Order { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public Guid? LeadDepartmentId { get; private set; }
    public Guid? LeadUserId { get; private set; }
    public DateOnly? Deadline { get; private set; }
    public Recurrence Recurrence { get; private set; }
    public int? DayOfMonth { get; private set; }

    public static WorkPlanItem Add(WorkPlan plan, int order, string? title, string? description, Guid? leadDepartmentId, Guid? leadUserId,
        DateOnly? deadline, Recurrence recurrence, int? dayOfMonth)
    {
        plan.RequireDraft();
        var problems = new List<string>();
        var t = TextRules.OneLine(title);
        if (t.Length == 0) problems.Add($"Nội dung mục {order} không được để trống.");
        if (t.Length > 500) problems.Add($"Nội dung mục {order} quá dài (tối đa 500 ký tự).");
        var desc = (description ?? "").Trim();
        if (desc.Length > 4000) problems.Add($"Yêu cầu của mục {order} quá dài (tối đa 4000 ký tự).");
        if ((leadDepartmentId is null) == (leadUserId is null)) problems.Add($"Mục {order} phải có một đơn vị hoặc một cá nhân chủ trì.");
        if (!Enum.IsDefined(recurrence)) problems.Add($"Mục {order}: lặp lại không hợp lệ (None, Monthly, Quarterly).");
        if (recurrence == Recurrence.None && deadline is { } d && (d < plan.Start || d > plan.End))
            problems.Add($"Thời hạn của mục {order} phải trong kỳ kế hoạch ({Formats.Date(plan.Start)} – {Formats.Date(plan.End)}).");
        if (recurrence != Recurrence.None && dayOfMonth is not (>= 1 and <= 31)) problems.Add($"Mục {order} lặp lại: ngày đến hạn trong tháng phải từ 1 đến 31.");
        if (recurrence == Recurrence.Monthly && plan.Period == PlanPeriod.Month) problems.Add($"Mục {order}: kế hoạch tháng không có việc lặp lại hằng tháng.");
        if (recurrence == Recurrence.Quarterly && plan.Period != PlanPeriod.Year) problems.Add($"Mục {order}: việc lặp lại hằng quý chỉ có trong kế hoạch năm.");
        if (problems.Count > 0) throw new DomainException(WorkErrors.Invalid(problems));
        return new WorkPlanItem
        {
            Id = Guid.CreateVersion7(), PlanId = plan.Id, Order = order, Title = t, Description = desc.Length == 0 ? null : desc,
            LeadDepartmentId = leadDepartmentId, LeadUserId = leadUserId, Deadline = recurrence == Recurrence.None ? deadline : null,
            Recurrence = recurrence, DayOfMonth = recurrence == Recurrence.None ? null : dayOfMonth,
        };
    }
}
