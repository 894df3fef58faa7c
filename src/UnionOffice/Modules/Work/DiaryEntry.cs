using UnionOffice.Common;

namespace UnionOffice.Modules.Work;

/// <summary>
/// A line of a person's work diary (nhật ký công việc, seed 000 target 11) for one day: written by the person, or added by
/// the system from what they did (a task reported, a document directed or handled, a draft submitted…), which the person
/// may reword or remove. Editable until the person closes the week.
/// </summary>
public sealed class DiaryEntry : IVersioned
{
    private DiaryEntry() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>The organ the work belongs to (the person's own organ for what they write).</summary>
    public Guid? OrganizationId { get; private set; }
    public DateOnly Day { get; private set; }
    public string Text { get; private set; } = "";
    public bool IsSystem { get; private set; }
    /// <summary>For a system entry: what was done (the trail's action), to what (scope and subject), so the page can link it.</summary>
    public string? Action { get; private set; }
    public string? Scope { get; private set; }
    public Guid? SubjectId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? EditedAt { get; private set; }

    public const int MaxText = 2000;

    public static DiaryEntry Write(Guid userId, Guid? organizationId, DateOnly day, string? text, DateOnly today, DateTimeOffset now)
    {
        if (day > today) throw new DomainException(DiaryErrors.FutureDay);
        return new DiaryEntry
        {
            Id = Guid.CreateVersion7(), UserId = userId, OrganizationId = organizationId, Day = day, Text = Checked(text), CreatedAt = now,
        };
    }

    /// <summary>What the system writes for the person: never refused (a long text is cut), never in the future.</summary>
    public static DiaryEntry FromWork(Guid userId, Guid? organizationId, DateOnly day, string text, string action, string scope, Guid subjectId, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(), UserId = userId, OrganizationId = organizationId, Day = day, IsSystem = true,
            Text = text.Length > MaxText ? text[..(MaxText - 1)] + "…" : text, Action = action, Scope = scope, SubjectId = subjectId, CreatedAt = now,
        };

    public void Edit(string? text, DateTimeOffset now)
    {
        Text = Checked(text);
        EditedAt = now;
    }

    private static string Checked(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new DomainException(DiaryErrors.Invalid(["Nội dung nhật ký không được để trống."]));
        if (t.Length > MaxText) throw new DomainException(DiaryErrors.Invalid([$"Nội dung nhật ký quá dài (tối đa {MaxText} ký tự)."]));
        return t;
    }

    /// <summary>The Monday of the day's week (weeks run Monday to Sunday).</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}

/// <summary>A person's week of the diary: closed by the person (nothing changes after), read and commented by their heads.</summary>
public sealed class DiaryWeek : IVersioned
{
    private DiaryWeek() { }

    public DiaryWeek(Guid userId, DateOnly weekStart)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        WeekStart = DiaryEntry.WeekOf(weekStart);
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid UserId { get; private set; }
    public DateOnly WeekStart { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? Comment { get; private set; }
    public Guid? CommentByUserId { get; private set; }
    public DateTimeOffset? CommentedAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    public void Close(int entries, DateOnly today, DateTimeOffset now)
    {
        if (IsClosed) throw new DomainException(DiaryErrors.WeekClosed(WeekStart));
        if (WeekStart > today) throw new DomainException(DiaryErrors.FutureDay);
        if (entries == 0) throw new DomainException(DiaryErrors.EmptyWeek);
        ClosedAt = now;
    }

    public void CommentOn(string? text, Guid byUserId, DateTimeOffset now)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new DomainException(DiaryErrors.Invalid(["Nhận xét không được để trống."]));
        if (t.Length > 2000) throw new DomainException(DiaryErrors.Invalid(["Nhận xét quá dài (tối đa 2000 ký tự)."]));
        Comment = t;
        CommentByUserId = byUserId;
        CommentedAt = now;
    }
}

public static class DiaryErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("DIARY_INVALID", string.Join(" ", problems));
    public static readonly Error FutureDay = new("DIARY_FUTURE", "Không ghi nhật ký cho ngày chưa tới.");
    public static Error WeekClosed(DateOnly weekStart) => new("DIARY_WEEK_CLOSED",
        $"Tuần từ {Formats.Date(weekStart)} đến {Formats.Date(weekStart.AddDays(6))} đã khóa sổ nhật ký: không sửa, thêm hay xóa được nữa.", 409);
    public static readonly Error EmptyWeek = new("DIARY_WEEK_EMPTY", "Tuần này chưa có dòng nhật ký nào để khóa sổ.", 409);
    public static readonly Error NotFound = new("DIARY_NOT_FOUND", "Không tìm thấy dòng nhật ký.", 404);
}
