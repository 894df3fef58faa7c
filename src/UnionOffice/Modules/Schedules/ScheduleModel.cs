using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Schedules;

public enum ScheduleWeekStatus
{
    /// <summary>The office is preparing it; departments propose; the organ does not see it yet.</summary>
    Draft = 0,
    /// <summary>Approved by the head and published to the organ; changes from now on are marked and announced.</summary>
    Published = 1,
}

public enum ScheduleEventStatus
{
    /// <summary>Proposed by a department, waiting for the office to take it into the week.</summary>
    Proposed = 0,
    Scheduled = 1,
    Cancelled = 2,
}

/// <summary>Lịch công tác tuần của lãnh đạo: one organ's week (Monday to Sunday), drafted by the office, approved and published by the head.</summary>
public sealed class ScheduleWeek : IVersioned
{
    private ScheduleWeek() { }

    public ScheduleWeek(Guid organizationId, DateOnly weekStart)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        WeekStart = weekStart;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The Monday.</summary>
    public DateOnly WeekStart { get; private set; }
    public ScheduleWeekStatus Status { get; private set; }
    public Guid? ApprovedByUserId { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    /// <summary>Shown on the organ's public page too: only when the head says so at approval (nothing public by default).</summary>
    public bool IsPublic { get; private set; }

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    internal void Publish(Guid by, bool isPublic, DateTimeOffset now)
    {
        if (Status == ScheduleWeekStatus.Published) throw new DomainException(ScheduleErrors.AlreadyPublished);
        Status = ScheduleWeekStatus.Published;
        ApprovedByUserId = by;
        PublishedAt = now;
        IsPublic = isPublic;
    }

    internal void SetPublic(bool isPublic) => IsPublic = isPublic;
}

/// <summary>
/// One engagement of the leaders: when, what, where (a place or a room of the organ), who presides and who attends (the
/// organ's people and departments, outside guests), which department prepares it. Proposed by a department or registered by
/// the office; cancelled rather than deleted once the week is published, so that every calendar learns of it.
/// </summary>
public sealed class ScheduleEvent : IVersioned
{
    private ScheduleEvent() { }

    public ScheduleEvent(Guid organizationId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? content, string? place, Guid? roomId, Guid? carId,
        Guid? preparingDepartmentId, string? guests, string? note, ScheduleEventStatus status, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        ProposedByUserId = byUserId;
        CreatedAt = now;
        Status = status;
        Set(startsAt, endsAt, content, place, roomId, carId, preparingDepartmentId, guests, note);
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public DateOnly WeekStart { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string Content { get; private set; } = "";
    public string? Place { get; private set; }
    public Guid? RoomId { get; private set; }
    public Guid? CarId { get; private set; }
    public Guid? PreparingDepartmentId { get; private set; }
    /// <summary>Thành phần from outside the system: "Đại diện Sở Lao động – Thương binh và Xã hội".</summary>
    public string? Guests { get; private set; }
    public string? Note { get; private set; }
    public ScheduleEventStatus Status { get; private set; }
    public Guid ProposedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Set when it changed (or was cancelled) after its week was published: the page marks it "Thay đổi".</summary>
    public DateTimeOffset? ChangedAt { get; private set; }
    public string? CancelReason { get; private set; }
    /// <summary>Bumped at every change: the iCalendar SEQUENCE, so calendars replace what they hold.</summary>
    public int Sequence { get; private set; }

    internal void Set(DateTimeOffset startsAt, DateTimeOffset endsAt, string? content, string? place, Guid? roomId, Guid? carId, Guid? preparingDepartmentId,
        string? guests, string? note)
    {
        var c = TextRules.OneLine(content);
        var p = TextRules.OneLine(place);
        var g = TextRules.OneLine(guests);
        var n = (note ?? "").Trim();
        var problems = new List<string>();
        if (c.Length == 0) problems.Add("Nội dung công việc không được để trống.");
        if (c.Length > 1000) problems.Add("Nội dung quá dài (tối đa 1000 ký tự).");
        if (p.Length > 300) problems.Add("Địa điểm quá dài (tối đa 300 ký tự).");
        if (g.Length > 500) problems.Add("Thành phần khách mời quá dài (tối đa 500 ký tự).");
        if (n.Length > 1000) problems.Add("Ghi chú quá dài (tối đa 1000 ký tự).");
        if (endsAt <= startsAt) problems.Add("Giờ kết thúc phải sau giờ bắt đầu.");
        if (endsAt - startsAt > TimeSpan.FromDays(7)) problems.Add("Một hoạt động kéo dài tối đa 7 ngày.");
        if (problems.Count > 0) throw new DomainException(ScheduleErrors.Invalid(problems));
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        WeekStart = ScheduleWeek.MondayOf(DateOnly.FromDateTime(startsAt.ToOffset(Formats.VietnamOffset).DateTime));
        Content = c;
        Place = p.Length == 0 ? null : p;
        RoomId = roomId;
        CarId = carId;
        PreparingDepartmentId = preparingDepartmentId;
        Guests = g.Length == 0 ? null : g;
        Note = n.Length == 0 ? null : n;
        Sequence++;
    }

    internal void Schedule()
    {
        if (Status != ScheduleEventStatus.Proposed) throw new DomainException(ScheduleErrors.NotProposed);
        Status = ScheduleEventStatus.Scheduled;
        Sequence++;
    }

    internal void Cancel(string? reason)
    {
        if (Status == ScheduleEventStatus.Cancelled) throw new DomainException(ScheduleErrors.Cancelled);
        var r = TextRules.OneLine(reason);
        if (r.Length > 500) throw new DomainException(ScheduleErrors.Invalid(["Lý do quá dài (tối đa 500 ký tự)."]));
        Status = ScheduleEventStatus.Cancelled;
        CancelReason = r.Length == 0 ? null : r;
        Sequence++;
    }

    internal void MarkChanged(DateTimeOffset now) => ChangedAt = now;
}

/// <summary>Who presides (chủ trì) or attends (dự): a person of the organ or a whole department.</summary>
public sealed class ScheduleParticipant
{
    private ScheduleParticipant() { }

    public ScheduleParticipant(Guid eventId, Guid? userId, Guid? departmentId, bool presides)
    {
        Id = Guid.CreateVersion7();
        EventId = eventId;
        UserId = userId;
        DepartmentId = departmentId;
        Presides = presides;
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public bool Presides { get; private set; }
}

public enum ResourceKind
{
    Room = 0,
    Car = 1,
}

/// <summary>A meeting room or a car of the organ, booked with the schedule; each has the person who approves its bookings.</summary>
public sealed class ScheduleResource
{
    private ScheduleResource() { }

    public ScheduleResource(Guid organizationId, ResourceKind kind, string? name, Guid approverUserId)
    {
        var n = TextRules.OneLine(name);
        if (n.Length is 0 or > 200) throw new DomainException(ScheduleErrors.Invalid(["Tên phòng họp, xe từ 1 đến 200 ký tự."]));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Kind = kind;
        Name = n;
        ApproverUserId = approverUserId;
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public ResourceKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public Guid ApproverUserId { get; private set; }
    public bool IsActive { get; private set; }
}

public enum BookingStatus
{
    Pending = 0,
    Approved = 1,
    Refused = 2,
}

/// <summary>A room or a car asked for an engagement, approved or refused by the resource's approver.</summary>
public sealed class ResourceBooking : IVersioned
{
    private ResourceBooking() { }

    public ResourceBooking(Guid eventId, Guid resourceId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        EventId = eventId;
        ResourceId = resourceId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid EventId { get; private set; }
    public Guid ResourceId { get; private set; }
    public BookingStatus Status { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    internal void Decide(bool approve, string? note, Guid by, DateTimeOffset now)
    {
        if (Status != BookingStatus.Pending) throw new DomainException(ScheduleErrors.BookingDecided);
        var n = TextRules.OneLine(note);
        if (!approve && n.Length == 0) throw new DomainException(ScheduleErrors.Invalid(["Ghi rõ lý do không duyệt."]));
        Status = approve ? BookingStatus.Approved : BookingStatus.Refused;
        Note = n.Length == 0 ? null : n[..Math.Min(n.Length, 500)];
        DecidedByUserId = by;
        DecidedAt = now;
    }
}

/// <summary>
/// A calendar subscription for phones (iCalendar): a secret link, kept only as its hash, revoked at will; "personal" gives
/// the person's own published engagements, "organ" the organ's published leaders' schedule.
/// </summary>
public sealed class CalendarFeed
{
    private CalendarFeed() { }

    public CalendarFeed(Guid userId, Guid? organizationId, string tokenHash, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        OrganizationId = organizationId;
        TokenHash = tokenHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>Null: the person's own engagements; otherwise that organ's schedule.</summary>
    public Guid? OrganizationId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastReadAt { get; private set; }

    internal void Revoke(DateTimeOffset now) => RevokedAt ??= now;
    internal void Read(DateTimeOffset now) => LastReadAt = now;
}

public static class ScheduleErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("SCHEDULE_INVALID", string.Join(" ", problems));
    public static readonly Error EventNotFound = new("SCHEDULE_EVENT_NOT_FOUND", "Không tìm thấy hoạt động trong lịch công tác.", 404);
    public static readonly Error AlreadyPublished = new("SCHEDULE_PUBLISHED", "Lịch công tác tuần này đã được duyệt và ban hành.", 409);
    public static readonly Error NotProposed = new("SCHEDULE_NOT_PROPOSED", "Hoạt động này không ở trạng thái đề xuất.", 409);
    public static readonly Error Cancelled = new("SCHEDULE_CANCELLED", "Hoạt động này đã bị hủy.", 409);
    public static readonly Error ResourceNotFound = new("SCHEDULE_RESOURCE_NOT_FOUND", "Không tìm thấy phòng họp, xe.", 404);
    public static readonly Error BookingNotFound = new("SCHEDULE_BOOKING_NOT_FOUND", "Không tìm thấy yêu cầu đặt phòng họp, xe.", 404);
    public static readonly Error BookingDecided = new("SCHEDULE_BOOKING_DECIDED", "Yêu cầu đặt phòng họp, xe này đã được xử lý.", 409);
    public static readonly Error FeedNotFound = new("CALENDAR_FEED_NOT_FOUND", "Không tìm thấy liên kết lịch.", 404);
    public static readonly Error PersonUnknown = new("SCHEDULE_PERSON_UNKNOWN", "Người chủ trì, tham dự phải là cán bộ đang làm việc tại cơ quan.", 400);
    public static readonly Error DepartmentUnknown = new("SCHEDULE_DEPARTMENT_UNKNOWN", "Không tìm thấy phòng, ban của cơ quan.", 400);
}

internal static class ScheduleModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ScheduleWeek>(w =>
        {
            w.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            w.HasIndex(x => new { x.OrganizationId, x.WeekStart }).IsUnique();
            w.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ScheduleEvent>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            e.Property(x => x.Content).HasMaxLength(1000).IsRequired();
            e.Property(x => x.Place).HasMaxLength(300);
            e.Property(x => x.Guests).HasMaxLength(500);
            e.Property(x => x.Note).HasMaxLength(1000);
            e.Property(x => x.CancelReason).HasMaxLength(500);
            e.HasIndex(x => new { x.OrganizationId, x.WeekStart, x.StartsAt });
            e.HasIndex(x => new { x.RoomId, x.StartsAt });
            e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ScheduleParticipant>(p =>
        {
            p.HasIndex(x => x.EventId);
            p.HasIndex(x => x.UserId);
            p.HasIndex(x => x.DepartmentId);
            p.HasOne<ScheduleEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ScheduleResource>(r =>
        {
            r.Property(x => x.Name).HasMaxLength(200).IsRequired();
            r.HasIndex(x => new { x.OrganizationId, x.Kind });
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ApproverUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ResourceBooking>(b =>
        {
            b.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            b.Property(x => x.Note).HasMaxLength(500);
            b.HasIndex(x => new { x.EventId, x.ResourceId }).IsUnique();
            b.HasIndex(x => new { x.ResourceId, x.Status });
            b.HasOne<ScheduleEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<ScheduleResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CalendarFeed>(f =>
        {
            f.Property(x => x.TokenHash).HasMaxLength(64).IsRequired();
            f.HasIndex(x => x.TokenHash).IsUnique();
            f.HasIndex(x => x.UserId);
            f.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
