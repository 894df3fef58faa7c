using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Schedules;

public sealed record ResourceRequest(string? OrganizationCode, ResourceKind Kind, string? Name, string? ApproverUserName);
public sealed record ResourceDto(Guid Id, string Kind, string Name, string Approver);
public sealed record BookingDecisionRequest(bool Approve, string? Note);
public sealed record BookingDto(Guid Id, string Resource, Guid EventId, string Content, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? Note, bool CanDecide);
public sealed record FeedRequest(string? OrganizationCode);
public sealed record FeedCreated(Guid Id, string Url);
public sealed record FeedDto(Guid Id, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? LastReadAt);

/// <summary>Meeting rooms and cars of an organ, each with the person who approves its bookings.</summary>
public sealed class ScheduleResources(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, TimeProvider time)
{
    public async Task<Guid> CreateAsync(ResourceRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        if (!await access.IsOfficeAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        if (!Enum.IsDefined(r.Kind)) throw new DomainException(ScheduleErrors.Invalid(["Chọn loại: phòng họp hoặc xe."]));
        var approver = await OrganMembers.PersonAsync(db, org.Id, r.ApproverUserName, null, null, ct) ?? throw new DomainException(ScheduleErrors.PersonUnknown);
        var res = new ScheduleResource(org.Id, r.Kind, r.Name, approver);
        db.ScheduleResources.Add(res);
        audit.Record("schedule.resource.created", org.Id, "schedule-resource", res.Id.ToString());
        await db.SaveChangesAsync(ct);
        return res.Id;
    }

    public async Task<List<ResourceDto>> ListAsync(string? organizationCode, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
        return await (from r in db.ScheduleResources.AsNoTracking()
                      join u in db.Users on r.ApproverUserId equals u.Id
                      where r.OrganizationId == org.Id && r.IsActive
                      orderby r.Kind, r.Name
                      select new ResourceDto(r.Id, r.Kind.ToString(), r.Name, u.FullName)).ToListAsync(ct);
    }

    /// <summary>Bookings the person decides (of the resources they approve), newest first.</summary>
    public async Task<List<BookingDto>> ToDecideAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        return await (from b in db.ResourceBookings.AsNoTracking()
                      join r in db.ScheduleResources on b.ResourceId equals r.Id
                      join e in db.ScheduleEvents on b.EventId equals e.Id
                      where r.ApproverUserId == me
                      orderby b.CreatedAt descending
                      select new BookingDto(b.Id, r.Name, e.Id, e.Content, e.StartsAt, e.EndsAt, b.Status.ToString(), b.Note, b.Status == BookingStatus.Pending))
            .Take(200).ToListAsync(ct);
    }

    public async Task DecideAsync(Guid id, BookingDecisionRequest r, CancellationToken ct)
    {
        var b = await db.ResourceBookings.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(ScheduleErrors.BookingNotFound);
        var res = await db.ScheduleResources.AsNoTracking().FirstAsync(x => x.Id == b.ResourceId, ct);
        if (res.ApproverUserId != current.UserId) throw new DomainException(ScheduleErrors.BookingNotFound);
        b.Decide(r.Approve, r.Note, current.UserId!.Value, time.GetUtcNow());
        var e = await db.ScheduleEvents.AsNoTracking().FirstAsync(x => x.Id == b.EventId, ct);
        var code = await db.Organizations.AsNoTracking().Where(o => o.Id == e.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        var office = (await Notifier.HoldersAsync(db, [e.OrganizationId], Accounts.Role.Clerk, ct)).Append(e.ProposedByUserId);
        notify.Tell(office, NotificationKinds.BookingDecided, $"{res.Name} {(r.Approve ? "đã được duyệt" : "không được duyệt")} cho: {Work.WorkReminders.Short(e.Content)}",
            Schedules.Link(code, e.WeekStart));
        audit.Record(r.Approve ? "schedule.booking.approved" : "schedule.booking.refused", e.OrganizationId, "schedule-booking", b.Id.ToString());
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Calendar subscriptions for phones and desktop calendars (RFC 5545): a secret link per person and scope — their own
/// engagements, or an organ's schedule — shown once, kept only as its SHA-256, revoked at will. The feed carries published
/// weeks only, cancelled engagements as CANCELLED so calendars drop them, and a SEQUENCE that grows with every change.
/// </summary>
public sealed class CalendarFeeds(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, TimeProvider time)
{
    public async Task<FeedCreated> CreateAsync(FeedRequest r, string baseUrl, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        Guid? orgId = null;
        if (r.OrganizationCode is { Length: > 0 } code)
        {
            var org = await db.Organizations.AsNoTracking().ByCodeAsync(code, ct);
            if (await access.MemberGrantAsync(org.Id, ct) is null) throw new DomainException(Error.Forbidden);
            orgId = org.Id;
        }
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeed(me, orgId, Hash(secret), time.GetUtcNow());
        db.CalendarFeeds.Add(feed);
        audit.Record("calendar.feed.created", orgId, "calendar-feed", feed.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new FeedCreated(feed.Id, $"{baseUrl.TrimEnd('/')}/lich/{secret}.ics");
    }

    public async Task<List<FeedDto>> MineAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        return (await (from f in db.CalendarFeeds.AsNoTracking()
                       join o in db.Organizations on f.OrganizationId equals o.Id into os
                       from o in os.DefaultIfEmpty()
                       where f.UserId == me && f.RevokedAt == null
                       orderby f.CreatedAt descending
                       select new { f.Id, Org = o == null ? null : o.Name, f.CreatedAt, f.LastReadAt }).ToListAsync(ct))
            .Select(f => new FeedDto(f.Id, f.Org is null ? "Lịch của tôi" : $"Lịch công tác {f.Org}", f.CreatedAt, f.LastReadAt)).ToList();
    }

    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        var f = await db.CalendarFeeds.FirstOrDefaultAsync(x => x.Id == id && x.UserId == current.UserId, ct) ?? throw new DomainException(ScheduleErrors.FeedNotFound);
        f.Revoke(time.GetUtcNow());
        audit.Record("calendar.feed.revoked", f.OrganizationId, "calendar-feed", f.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The feed for a secret, or null (unknown or revoked, or its owner no longer works there): the caller answers 404.</summary>
    public async Task<string?> ReadAsync(string secret, CancellationToken ct)
    {
        if (secret.Length is < 20 or > 100) return null;
        var hash = Hash(secret);
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct);
        if (feed is null) return null;
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == feed.UserId).Select(u => u.Status).FirstAsync(ct);
        if (owner != Accounts.AccountStatus.Active) return null;
        // Still a member of the organ whose schedule it shows.
        if (feed.OrganizationId is { } org && !await db.RoleAssignments.AnyAsync(r => r.UserId == feed.UserId && r.OrganizationId == org, ct)) return null;
        var now = time.GetUtcNow();
        var since = now.AddDays(-31);
        var until = now.AddDays(120);
        var published = db.ScheduleWeeks.Where(w => w.Status == ScheduleWeekStatus.Published);
        var q = from e in db.ScheduleEvents.AsNoTracking()
                join w in published on new { e.OrganizationId, e.WeekStart } equals new { w.OrganizationId, w.WeekStart }
                where e.Status != ScheduleEventStatus.Proposed && e.EndsAt >= since && e.StartsAt <= until
                select e;
        if (feed.OrganizationId is { } o) q = q.Where(e => e.OrganizationId == o);
        else
        {
            var depts = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == feed.UserId && r.DepartmentId != null).Select(r => r.DepartmentId!.Value).ToListAsync(ct);
            var user = feed.UserId;
            q = q.Where(e => db.ScheduleParticipants.Any(p => p.EventId == e.Id && (p.UserId == user || (p.DepartmentId != null && depts.Contains(p.DepartmentId.Value)))));
        }
        var events = await q.OrderBy(e => e.StartsAt).Take(2000).ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var presiding = await (from p in db.ScheduleParticipants.AsNoTracking()
                               join u in db.Users on p.UserId equals u.Id
                               where ids.Contains(p.EventId) && p.Presides
                               select new { p.EventId, u.FullName }).ToListAsync(ct);
        var rooms = await db.ScheduleResources.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var name = feed.OrganizationId is { } oid
            ? "Lịch công tác – " + await db.Organizations.AsNoTracking().Where(x => x.Id == oid).Select(x => x.Name).FirstAsync(ct)
            : "Lịch công tác của tôi";
        feed.Read(now);
        await db.SaveChangesAsync(ct);
        return ICalendar.Write(name, now, events.Select(e => new ICalendar.Event(e.Id, e.Sequence, e.StartsAt, e.EndsAt, e.Content,
            string.Join(", ", new[] { e.Place, e.RoomId is { } r ? rooms.GetValueOrDefault(r) : null }.Where(x => x is not null)),
            Description(presiding.Where(p => p.EventId == e.Id).Select(p => p.FullName), e), e.Status == ScheduleEventStatus.Cancelled, e.CreatedAt)));
    }

    private static string Description(IEnumerable<string> presiding, ScheduleEvent e)
    {
        var lines = new List<string>();
        var p = string.Join(", ", presiding);
        if (p.Length > 0) lines.Add($"Chủ trì: {p}");
        if (e.Guests is not null) lines.Add($"Thành phần: {e.Guests}");
        if (e.Note is not null) lines.Add(e.Note);
        if (e.CancelReason is not null) lines.Add($"Hủy: {e.CancelReason}");
        return string.Join("\n", lines);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

/// <summary>RFC 5545 text: CRLF lines folded at 75 octets, TEXT values escaped, times in UTC.</summary>
public static class ICalendar
{
    public sealed record Event(Guid Id, int Sequence, DateTimeOffset Starts, DateTimeOffset Ends, string Summary, string Location, string Description, bool Cancelled,
        DateTimeOffset Created);

    public static string Write(string name, DateTimeOffset now, IEnumerable<Event> events)
    {
        var sb = new StringBuilder();
        void Line(string s) => Fold(sb, s);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//UnionOffice//Lich cong tac//VI");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(name));
        Line("X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line($"UID:{e.Id:D}@unionoffice");
            Line("DTSTAMP:" + Utc(now));
            Line("CREATED:" + Utc(e.Created));
            Line("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line("DTSTART:" + Utc(e.Starts));
            Line("DTEND:" + Utc(e.Ends));
            Line("SUMMARY:" + Escape(e.Summary));
            if (e.Location.Length > 0) Line("LOCATION:" + Escape(e.Location));
            if (e.Description.Length > 0) Line("DESCRIPTION:" + Escape(e.Description));
            Line("STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return sb.ToString();
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string s) =>
        PrintedTable.Clean(s).Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\n").Replace("\n", "\\n");

    /// <summary>Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a UTF-8 character.</summary>
    private static void Fold(StringBuilder sb, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var n = rune.Utf8SequenceLength;
            if (octets + n > 75)
            {
                sb.Append("\r\n ");
                octets = 1;
            }
            sb.Append(rune.ToString());
            octets += n;
        }
        sb.Append("\r\n");
    }
}
