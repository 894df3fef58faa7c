using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Schedules;

public sealed record EventRequest(string? OrganizationCode, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Content, string? Place, Guid? RoomId, Guid? CarId,
    string? PreparingDepartmentCode, List<string>? Presiding, List<string>? Attendees, List<string>? Departments, string? Guests, string? Note);
public sealed record CancelEventRequest(string? Reason);
public sealed record ApproveWeekRequest(string? OrganizationCode, DateOnly? WeekStart, bool IsPublic);
public sealed record EventSaved(Guid Id, List<string> Conflicts);
public sealed record PersonRef(string UserName, string FullName);
public sealed record EventDto(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Content, string? Place, string? Room, string? Car,
    List<PersonRef> Presiding, List<PersonRef> Attendees, List<string> Departments, string? Guests, string? PreparingDepartment, string? Note, string Status,
    string StatusText, bool Changed, string? CancelReason, List<string> Bookings, bool CanEdit);
public sealed record WeekDto(string OrganizationCode, string OrganizationName, DateOnly WeekStart, string Status, string StatusText, bool IsPublic,
    DateTimeOffset? PublishedAt, List<EventDto> Events, bool CanEdit, bool CanPropose, bool CanApprove);

/// <summary>
/// Lịch công tác tuần của lãnh đạo (seed 000 phase II, target 10): the office (the organ's clerks, its heads) registers the
/// leaders' engagements of a week, departments' heads propose theirs, the head approves and publishes the week to the
/// organ; from then on every change is marked and told to those concerned. A leader in two places at once, or a room or
/// car taken twice, is warned of when it is saved. One trail, one notification path with the rest of the work.
/// </summary>
public sealed class Schedules(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, TimeProvider time)
{
    public async Task<WeekDto> WeekAsync(string? organizationCode, DateOnly? week, CancellationToken ct)
    {
        var org = await OrganAsync(organizationCode, ct);
        if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var monday = ScheduleWeek.MondayOf(week ?? Formats.Today(time));
        var w = await db.ScheduleWeeks.AsNoTracking().FirstOrDefaultAsync(x => x.OrganizationId == org.Id && x.WeekStart == monday, ct);
        var office = await access.IsOfficeAsync(org.Id, ct);
        var led = await LedDepartmentsAsync(org.Id, ct);
        var published = w?.Status == ScheduleWeekStatus.Published;
        var me = current.UserId;
        var events = await db.ScheduleEvents.AsNoTracking().Where(e => e.OrganizationId == org.Id && e.WeekStart == monday).OrderBy(e => e.StartsAt).ToListAsync(ct);
        // The organ sees the week once published; the office sees it all along; a department's head sees the proposals of the department.
        events = events.Where(e => office
            || (published && e.Status != ScheduleEventStatus.Proposed && (e.Status != ScheduleEventStatus.Cancelled || e.ChangedAt != null))
            || (e.Status == ScheduleEventStatus.Proposed && (e.ProposedByUserId == me || (e.PreparingDepartmentId is { } d && led.Contains(d))))).ToList();
        return new WeekDto(org.Code, org.Name, monday, (w?.Status ?? ScheduleWeekStatus.Draft).ToString(), published ? "Đã duyệt, ban hành" : "Dự thảo",
            w?.IsPublic ?? false, w?.PublishedAt, await DtosAsync(events, office, ct), office, led.Count > 0 || office,
            !published && await access.HeadGrantAsync(org.Id, ct) is not null);
    }

    /// <summary>The office registers an engagement; a department's head proposes one for the office to take in.</summary>
    public async Task<EventSaved> CreateAsync(EventRequest r, CancellationToken ct)
    {
        var org = await OrganAsync(r.OrganizationCode, ct);
        var office = await access.IsOfficeAsync(org.Id, ct);
        var led = await LedDepartmentsAsync(org.Id, ct);
        if (!office && led.Count == 0) throw new DomainException(Error.Forbidden);
        var (starts, ends) = Times(r);
        var preparing = r.PreparingDepartmentCode is { Length: > 0 } code
            ? await OrganMembers.DepartmentAsync(db, org.Id, code, ct) ?? throw new DomainException(ScheduleErrors.DepartmentUnknown)
            : (Guid?)null;
        if (!office)
        {
            // A proposal is the department's: its head proposes for it.
            preparing ??= led[0];
            if (!led.Contains(preparing.Value)) throw new DomainException(Error.Forbidden);
        }
        var now = time.GetUtcNow();
        await RequireResourcesAsync(org.Id, r.RoomId, r.CarId, ct);
        var e = new ScheduleEvent(org.Id, starts, ends, r.Content, r.Place, r.RoomId, r.CarId, preparing, r.Guests, r.Note,
            office ? ScheduleEventStatus.Scheduled : ScheduleEventStatus.Proposed, current.UserId!.Value, now);
        db.ScheduleEvents.Add(e);
        await SetParticipantsAsync(e, org.Id, r, ct);
        await BookAsync(e, ct);
        if (!office)
            notify.Tell(await Notifier.HoldersAsync(db, [org.Id], Role.Clerk, ct), NotificationKinds.ScheduleProposed,
                $"Đề xuất lịch công tác {When(e)}: {Work.WorkReminders.Short(e.Content)}", Link(org.Code, e.WeekStart));
        else if (await PublishedAsync(org.Id, e.WeekStart, ct))
        {
            e.MarkChanged(now);
            await TellChangedAsync(e, org.Code, "Bổ sung lịch công tác", ct);
        }
        db.Trail.Add(new Work.TrailEntry("schedule", e.Id, current.UserId!.Value, null, office ? "registered" : "proposed", e.Content, now));
        audit.Record(office ? "schedule.event.registered" : "schedule.event.proposed", org.Id, "schedule-event", e.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new EventSaved(e.Id, await ConflictsAsync(e, ct));
    }

    /// <summary>The office changes an engagement (the proposer too, while it is a proposal); after publication it is marked and those concerned are told.</summary>
    public async Task<EventSaved> UpdateAsync(Guid id, EventRequest r, CancellationToken ct)
    {
        var e = await db.ScheduleEvents.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(ScheduleErrors.EventNotFound);
        var office = await access.IsOfficeAsync(e.OrganizationId, ct);
        if (!office && !(e.Status == ScheduleEventStatus.Proposed && e.ProposedByUserId == current.UserId)) throw new DomainException(await NotFoundOrForbiddenAsync(e, ct));
        if (e.Status == ScheduleEventStatus.Cancelled) throw new DomainException(ScheduleErrors.Cancelled);
        var (starts, ends) = Times(r);
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == e.OrganizationId, ct);
        var preparing = r.PreparingDepartmentCode is { Length: > 0 } code
            ? await OrganMembers.DepartmentAsync(db, org.Id, code, ct) ?? throw new DomainException(ScheduleErrors.DepartmentUnknown)
            : e.Status == ScheduleEventStatus.Proposed ? e.PreparingDepartmentId : null;
        await RequireResourcesAsync(org.Id, r.RoomId, r.CarId, ct);
        var before = await ConcernedAsync(e, ct);
        var oldWeek = e.WeekStart;
        e.Set(starts, ends, r.Content, r.Place, r.RoomId, r.CarId, preparing, r.Guests, r.Note);
        await db.ScheduleParticipants.Where(p => p.EventId == e.Id).ExecuteDeleteAsync(ct);
        await SetParticipantsAsync(e, org.Id, r, ct);
        await BookAsync(e, ct);
        var now = time.GetUtcNow();
        if (e.Status == ScheduleEventStatus.Scheduled && (await PublishedAsync(org.Id, e.WeekStart, ct) || await PublishedAsync(org.Id, oldWeek, ct)))
        {
            e.MarkChanged(now);
            await TellChangedAsync(e, org.Code, "Thay đổi lịch công tác", ct, before);
        }
        db.Trail.Add(new Work.TrailEntry("schedule", e.Id, current.UserId!.Value, null, "changed", e.Content, now));
        audit.Record("schedule.event.changed", org.Id, "schedule-event", e.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new EventSaved(e.Id, await ConflictsAsync(e, ct));
    }

    /// <summary>The office takes a department's proposal into the week.</summary>
    public async Task<EventSaved> AcceptAsync(Guid id, CancellationToken ct)
    {
        var e = await OfficeEventAsync(id, ct);
        e.Schedule();
        var now = time.GetUtcNow();
        var code = await db.Organizations.AsNoTracking().Where(o => o.Id == e.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        notify.Tell([e.ProposedByUserId], NotificationKinds.ScheduleChanged, $"Đề xuất lịch công tác đã được đưa vào lịch tuần: {Work.WorkReminders.Short(e.Content)}",
            Link(code, e.WeekStart));
        if (await PublishedAsync(e.OrganizationId, e.WeekStart, ct))
        {
            e.MarkChanged(now);
            await TellChangedAsync(e, code, "Bổ sung lịch công tác", ct);
        }
        db.Trail.Add(new Work.TrailEntry("schedule", e.Id, current.UserId!.Value, null, "accepted", null, now));
        audit.Record("schedule.event.accepted", e.OrganizationId, "schedule-event", e.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new EventSaved(e.Id, await ConflictsAsync(e, ct));
    }

    /// <summary>The office cancels an engagement (or declines a proposal); once published, calendars learn it is cancelled.</summary>
    public async Task CancelAsync(Guid id, CancelEventRequest r, CancellationToken ct)
    {
        var e = await OfficeEventAsync(id, ct);
        var wasProposal = e.Status == ScheduleEventStatus.Proposed;
        e.Cancel(r.Reason);
        var now = time.GetUtcNow();
        var code = await db.Organizations.AsNoTracking().Where(o => o.Id == e.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        if (wasProposal)
            notify.Tell([e.ProposedByUserId], NotificationKinds.ScheduleChanged, $"Đề xuất lịch công tác không được đưa vào lịch tuần: {Work.WorkReminders.Short(e.Content)}",
                Link(code, e.WeekStart));
        else if (await PublishedAsync(e.OrganizationId, e.WeekStart, ct))
        {
            e.MarkChanged(now);
            await TellChangedAsync(e, code, "Hủy lịch công tác", ct);
        }
        db.Trail.Add(new Work.TrailEntry("schedule", e.Id, current.UserId!.Value, null, "cancelled", e.CancelReason, now));
        audit.Record("schedule.event.cancelled", e.OrganizationId, "schedule-event", e.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The head approves the week: published to the organ (and on its public page when the head says so); those in it are told.</summary>
    public async Task ApproveAsync(ApproveWeekRequest r, CancellationToken ct)
    {
        var org = await OrganAsync(r.OrganizationCode, ct);
        if (await access.HeadGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        var monday = ScheduleWeek.MondayOf(r.WeekStart ?? Formats.Today(time));
        var w = await db.ScheduleWeeks.FirstOrDefaultAsync(x => x.OrganizationId == org.Id && x.WeekStart == monday, ct);
        if (w is null) db.ScheduleWeeks.Add(w = new ScheduleWeek(org.Id, monday));
        var now = time.GetUtcNow();
        w.Publish(current.UserId!.Value, r.IsPublic, now);
        var events = await db.ScheduleEvents.AsNoTracking().Where(e => e.OrganizationId == org.Id && e.WeekStart == monday && e.Status == ScheduleEventStatus.Scheduled)
            .Select(e => e.Id).ToListAsync(ct);
        var people = new HashSet<Guid>();
        foreach (var id in events) people.UnionWith(await ConcernedAsync(id, ct));
        notify.Tell(people, NotificationKinds.SchedulePublished, $"Lịch công tác tuần từ {Formats.Date(monday)} của {org.Name} đã được duyệt, ban hành",
            Link(org.Code, monday));
        db.Trail.Add(new Work.TrailEntry("schedule-week", w.Id, current.UserId!.Value, null, "published", r.IsPublic ? "công khai" : null, now));
        audit.Record("schedule.week.published", org.Id, "schedule-week", w.Id.ToString(), new { week = monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.IsPublic });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new DomainException(ScheduleErrors.AlreadyPublished); // approved twice at once: the unique week holds
        }
    }

    public sealed record PublicEvent(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Content, string? Place, string Presiding, bool Cancelled);
    public sealed record PublicWeek(DateOnly WeekStart, List<PublicEvent> Events);

    /// <summary>
    /// For the organ's public page, without signing in: this week's and next week's schedules that the head chose to make
    /// public when approving them — what, when, where, who presides; never who else attends, nor anything not published.
    /// </summary>
    public async Task<(string Name, List<PublicWeek> Weeks)?> PublicAsync(string code, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code && o.IsActive, ct);
        if (org is null) return null;
        var monday = ScheduleWeek.MondayOf(Formats.Today(time));
        var weeks = await db.ScheduleWeeks.AsNoTracking()
            .Where(w => w.OrganizationId == org.Id && w.IsPublic && w.Status == ScheduleWeekStatus.Published && (w.WeekStart == monday || w.WeekStart == monday.AddDays(7)))
            .OrderBy(w => w.WeekStart).Select(w => w.WeekStart).ToListAsync(ct);
        var result = new List<PublicWeek>();
        foreach (var week in weeks)
        {
            var events = await db.ScheduleEvents.AsNoTracking().Where(e => e.OrganizationId == org.Id && e.WeekStart == week
                && (e.Status == ScheduleEventStatus.Scheduled || (e.Status == ScheduleEventStatus.Cancelled && e.ChangedAt != null))).OrderBy(e => e.StartsAt).ToListAsync(ct);
            var ids = events.Select(e => e.Id).ToList();
            var presiding = await (from p in db.ScheduleParticipants.AsNoTracking()
                                   join u in db.Users on p.UserId equals u.Id
                                   where ids.Contains(p.EventId) && p.Presides
                                   select new { p.EventId, u.FullName }).ToListAsync(ct);
            result.Add(new PublicWeek(week, events.Select(e => new PublicEvent(e.StartsAt, e.EndsAt, e.Content, e.Place,
                string.Join(", ", presiding.Where(p => p.EventId == e.Id).Select(p => p.FullName)), e.Status == ScheduleEventStatus.Cancelled)).ToList()));
        }
        return (org.Name, result);
    }

    /// <summary>The week as it is printed (Lịch công tác tuần): a row per engagement under its day, PDF or Excel.</summary>
    public async Task<ExportedFile> ExportAsync(string? organizationCode, DateOnly? week, ExportFormat format, CancellationToken ct)
    {
        var w = await WeekAsync(organizationCode, week, ct);
        var rows = new List<PrintedRow>();
        foreach (var day in w.Events.Where(e => e.Status != nameof(ScheduleEventStatus.Proposed)).GroupBy(e => Local(e.StartsAt).Date))
        {
            rows.Add(new PrintedRow([$"{DayName(day.Key.DayOfWeek)}, {day.Key:dd/MM/yyyy}"], Strong: true, Span: true));
            foreach (var e in day)
                rows.Add(new PrintedRow([$"{Local(e.StartsAt):HH\\:mm} – {Local(e.EndsAt):HH\\:mm}",
                    (e.Status == nameof(ScheduleEventStatus.Cancelled) ? "[HỦY] " : e.Changed ? "[THAY ĐỔI] " : "") + e.Content,
                    string.Join(", ", e.Presiding.Select(p => p.FullName)),
                    string.Join(", ", e.Attendees.Select(p => p.FullName).Concat(e.Departments).Concat(e.Guests is null ? [] : [e.Guests])),
                    string.Join(", ", new[] { e.Place, e.Room }.Where(x => x is not null)), e.PreparingDepartment]));
        }
        var table = new PrintedTable(w.OrganizationName, "LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO",
            [$"Từ ngày {Formats.Date(w.WeekStart)} đến ngày {Formats.Date(w.WeekStart.AddDays(6))}", w.StatusText],
            [new("Thời gian", 12, true), new("Nội dung", 44), new("Chủ trì", 18), new("Thành phần", 30), new("Địa điểm", 18), new("Đơn vị chuẩn bị", 16)],
            rows, NumberColumns: false, SheetName: "Lịch công tác");
        audit.Record("schedule.week.exported", null, "schedule-week", w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new { organization = w.OrganizationCode, format = format.ToString().ToLowerInvariant() });
        await db.SaveChangesAsync(ct);
        return Export.Render(table, format, $"Lịch công tác tuần {w.WeekStart:dd-MM-yyyy} - {w.OrganizationCode}");
    }

    internal static DateTime Local(DateTimeOffset t) => t.ToOffset(Formats.VietnamOffset).DateTime;

    internal static string DayName(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => "Thứ Hai",
        DayOfWeek.Tuesday => "Thứ Ba",
        DayOfWeek.Wednesday => "Thứ Tư",
        DayOfWeek.Thursday => "Thứ Năm",
        DayOfWeek.Friday => "Thứ Sáu",
        DayOfWeek.Saturday => "Thứ Bảy",
        _ => "Chủ nhật",
    };

    private static string When(ScheduleEvent e) => $"{Local(e.StartsAt):HH\\:mm dd/MM/yyyy}";

    internal static string Link(string organCode, DateOnly week) => $"/schedule?organizationCode={organCode}&week={week:yyyy-MM-dd}";

    private static (DateTimeOffset Starts, DateTimeOffset Ends) Times(EventRequest r)
    {
        if (r.StartsAt is not { } s || r.EndsAt is not { } e) throw new DomainException(ScheduleErrors.Invalid(["Nhập giờ bắt đầu và giờ kết thúc."]));
        return (s, e);
    }

    /// <summary>
    /// What clashes with it: another engagement not cancelled, overlapping in time, with a person in common (presiding or
    /// attending, in any organ's schedule) or the same room or car.
    /// </summary>
    public async Task<List<string>> ConflictsAsync(ScheduleEvent e, CancellationToken ct)
    {
        if (e.Status == ScheduleEventStatus.Cancelled) return [];
        var people = await db.ScheduleParticipants.AsNoTracking().Where(p => p.EventId == e.Id && p.UserId != null).Select(p => p.UserId!.Value).ToListAsync(ct);
        var overlapping = db.ScheduleEvents.AsNoTracking().Where(o => o.Id != e.Id && o.Status != ScheduleEventStatus.Cancelled
            && o.StartsAt < e.EndsAt && e.StartsAt < o.EndsAt);
        var result = new List<string>();
        var byPerson = await (from o in overlapping
                              join p in db.ScheduleParticipants on o.Id equals p.EventId
                              join u in db.Users on p.UserId equals u.Id
                              where people.Contains(u.Id)
                              orderby o.StartsAt, u.FullName
                              select new { u.FullName, o.Content, o.StartsAt, o.EndsAt }).Take(20).ToListAsync(ct);
        result.AddRange(byPerson.Select(x => $"Đ/c {x.FullName} đã có lịch {Local(x.StartsAt):HH\\:mm}–{Local(x.EndsAt):HH\\:mm} ngày {Local(x.StartsAt):dd/MM/yyyy}: {Work.WorkReminders.Short(x.Content)}"));
        foreach (var (resource, label) in new[] { (e.RoomId, "Phòng họp"), (e.CarId, "Xe") })
        {
            if (resource is not { } rid) continue;
            var taken = await (from o in overlapping
                               join r in db.ScheduleResources on rid equals r.Id
                               where o.RoomId == rid || o.CarId == rid
                               orderby o.StartsAt
                               select new { r.Name, o.Content, o.StartsAt }).Take(10).ToListAsync(ct);
            result.AddRange(taken.Select(x => $"{label} {x.Name} đã được đặt {Local(x.StartsAt):HH\\:mm dd/MM/yyyy}: {Work.WorkReminders.Short(x.Content)}"));
        }
        return result;
    }

    private async Task SetParticipantsAsync(ScheduleEvent e, Guid orgId, EventRequest r, CancellationToken ct)
    {
        var seen = new HashSet<(Guid?, Guid?)>();
        foreach (var (names, presides) in new[] { (r.Presiding, true), (r.Attendees, false) })
            foreach (var name in (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct())
            {
                var user = await OrganMembers.PersonAsync(db, orgId, name, null, null, ct) ?? throw new DomainException(ScheduleErrors.PersonUnknown);
                if (seen.Add((user, null))) db.ScheduleParticipants.Add(new ScheduleParticipant(e.Id, user, null, presides));
            }
        foreach (var code in (r.Departments ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct())
        {
            var dept = await OrganMembers.DepartmentAsync(db, orgId, code, ct) ?? throw new DomainException(ScheduleErrors.DepartmentUnknown);
            if (seen.Add((null, dept))) db.ScheduleParticipants.Add(new ScheduleParticipant(e.Id, null, dept, false));
        }
    }

    private async Task RequireResourcesAsync(Guid orgId, Guid? roomId, Guid? carId, CancellationToken ct)
    {
        if (roomId is { } room && !await db.ScheduleResources.AnyAsync(r => r.Id == room && r.OrganizationId == orgId && r.Kind == ResourceKind.Room && r.IsActive, ct))
            throw new DomainException(ScheduleErrors.ResourceNotFound);
        if (carId is { } car && !await db.ScheduleResources.AnyAsync(r => r.Id == car && r.OrganizationId == orgId && r.Kind == ResourceKind.Car && r.IsActive, ct))
            throw new DomainException(ScheduleErrors.ResourceNotFound);
    }

    /// <summary>A booking asked of each resource's approver for the room and the car it names; a pending one it no longer names is withdrawn.</summary>
    private async Task BookAsync(ScheduleEvent e, CancellationToken ct)
    {
        var wanted = new[] { e.RoomId, e.CarId }.OfType<Guid>().ToList();
        var existing = await db.ResourceBookings.Where(b => b.EventId == e.Id).ToListAsync(ct);
        db.ResourceBookings.RemoveRange(existing.Where(b => !wanted.Contains(b.ResourceId) && b.Status == BookingStatus.Pending));
        foreach (var rid in wanted.Where(w => existing.All(b => b.ResourceId != w)))
        {
            db.ResourceBookings.Add(new ResourceBooking(e.Id, rid, time.GetUtcNow()));
            var res = await db.ScheduleResources.AsNoTracking().FirstAsync(r => r.Id == rid, ct);
            notify.Tell([res.ApproverUserId], NotificationKinds.BookingAsked, $"Đề nghị dùng {res.Name} {When(e)}: {Work.WorkReminders.Short(e.Content)}", "/schedule/resources");
        }
    }

    private async Task<bool> PublishedAsync(Guid orgId, DateOnly week, CancellationToken ct) =>
        await db.ScheduleWeeks.AnyAsync(w => w.OrganizationId == orgId && w.WeekStart == week && w.Status == ScheduleWeekStatus.Published, ct);

    private Task<HashSet<Guid>> ConcernedAsync(ScheduleEvent e, CancellationToken ct) => ConcernedAsync(e.Id, ct);

    /// <summary>Those an engagement concerns: who presides and attends, and the heads of the departments attending or preparing it.</summary>
    private async Task<HashSet<Guid>> ConcernedAsync(Guid eventId, CancellationToken ct)
    {
        var parts = await db.ScheduleParticipants.AsNoTracking().Where(p => p.EventId == eventId).ToListAsync(ct);
        var set = parts.Where(p => p.UserId != null).Select(p => p.UserId!.Value).ToHashSet();
        var depts = parts.Where(p => p.DepartmentId != null).Select(p => p.DepartmentId!.Value).ToList();
        var preparing = await db.ScheduleEvents.AsNoTracking().Where(x => x.Id == eventId).Select(x => x.PreparingDepartmentId).FirstOrDefaultAsync(ct);
        if (preparing is { } pd) depts.Add(pd);
        foreach (var d in depts.Distinct()) set.UnionWith(await Notifier.DepartmentHeadsAsync(db, d, ct));
        return set;
    }

    private async Task TellChangedAsync(ScheduleEvent e, string organCode, string what, CancellationToken ct, HashSet<Guid>? before = null)
    {
        var people = await ConcernedAsync(e, ct);
        // The participants being saved now are not in the database yet: take them from the unit of work too.
        people.UnionWith(db.ChangeTracker.Entries<ScheduleParticipant>().Where(x => x.State == EntityState.Added && x.Entity.EventId == e.Id && x.Entity.UserId != null)
            .Select(x => x.Entity.UserId!.Value));
        if (before is not null) people.UnionWith(before);
        notify.Tell(people, NotificationKinds.ScheduleChanged, $"{what} {When(e)}: {Work.WorkReminders.Short(e.Content)}", Link(organCode, e.WeekStart));
    }

    private async Task<List<EventDto>> DtosAsync(List<ScheduleEvent> events, bool office, CancellationToken ct)
    {
        var ids = events.Select(e => e.Id).ToList();
        var parts = await (from p in db.ScheduleParticipants.AsNoTracking()
                           join u in db.Users on p.UserId equals u.Id into us
                           from u in us.DefaultIfEmpty()
                           join d in db.Departments on p.DepartmentId equals d.Id into ds
                           from d in ds.DefaultIfEmpty()
                           where ids.Contains(p.EventId)
                           select new { p.EventId, p.Presides, UserName = u == null ? null : u.UserName, FullName = u == null ? null : u.FullName, Dept = d == null ? null : d.Name })
            .ToListAsync(ct);
        var resourceIds = events.SelectMany(e => new[] { e.RoomId, e.CarId }).OfType<Guid>().Distinct().ToList();
        var resources = await db.ScheduleResources.AsNoTracking().Where(r => resourceIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var deptIds = events.Select(e => e.PreparingDepartmentId).OfType<Guid>().Distinct().ToList();
        var depts = await db.Departments.AsNoTracking().Where(d => deptIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var bookings = await (from b in db.ResourceBookings.AsNoTracking()
                              join r in db.ScheduleResources on b.ResourceId equals r.Id
                              where ids.Contains(b.EventId)
                              select new { b.EventId, r.Name, b.Status }).ToListAsync(ct);
        var me = current.UserId;
        return events.Select(e => new EventDto(e.Id, e.StartsAt, e.EndsAt, e.Content, e.Place,
            e.RoomId is { } room ? resources.GetValueOrDefault(room) : null, e.CarId is { } car ? resources.GetValueOrDefault(car) : null,
            parts.Where(p => p.EventId == e.Id && p.Presides && p.UserName != null).Select(p => new PersonRef(p.UserName!, p.FullName!)).ToList(),
            parts.Where(p => p.EventId == e.Id && !p.Presides && p.UserName != null).Select(p => new PersonRef(p.UserName!, p.FullName!)).ToList(),
            parts.Where(p => p.EventId == e.Id && p.Dept != null).Select(p => p.Dept!).ToList(), e.Guests,
            e.PreparingDepartmentId is { } pd ? depts.GetValueOrDefault(pd) : null, e.Note, e.Status.ToString(), StatusText(e.Status), e.ChangedAt is not null,
            e.CancelReason,
            bookings.Where(b => b.EventId == e.Id).Select(b => $"{b.Name}: {(b.Status switch { BookingStatus.Approved => "đã duyệt", BookingStatus.Refused => "không duyệt", _ => "chờ duyệt" })}").ToList(),
            e.Status != ScheduleEventStatus.Cancelled && (office || (e.Status == ScheduleEventStatus.Proposed && e.ProposedByUserId == me)))).ToList();
    }

    public static string StatusText(ScheduleEventStatus s) => s switch
    {
        ScheduleEventStatus.Proposed => "Đề xuất",
        ScheduleEventStatus.Scheduled => "Trong lịch",
        ScheduleEventStatus.Cancelled => "Đã hủy",
        _ => s.ToString(),
    };

    private async Task<ScheduleEvent> OfficeEventAsync(Guid id, CancellationToken ct)
    {
        var e = await db.ScheduleEvents.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(ScheduleErrors.EventNotFound);
        if (!await access.IsOfficeAsync(e.OrganizationId, ct)) throw new DomainException(await NotFoundOrForbiddenAsync(e, ct));
        return e;
    }

    /// <summary>People of the organ who may see it are refused (403); anyone else finds nothing (404).</summary>
    private async Task<Error> NotFoundOrForbiddenAsync(ScheduleEvent e, CancellationToken ct) =>
        await access.MemberGrantAsync(e.OrganizationId, ct) is null ? ScheduleErrors.EventNotFound : Error.Forbidden;

    private async Task<List<Guid>> LedDepartmentsAsync(Guid organizationId, CancellationToken ct) =>
        (await current.GrantsAsync(ct)).Where(g => g.Role == Role.DepartmentHead && g.OrganizationId == organizationId && g.DepartmentId != null)
            .Select(g => g.DepartmentId!.Value).Distinct().ToList();

    private async Task<Organization> OrganAsync(string? code, CancellationToken ct) => await db.Organizations.AsNoTracking().ByCodeAsync(code ?? "", ct);
}
