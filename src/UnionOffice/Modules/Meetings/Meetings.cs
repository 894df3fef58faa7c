using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Schedules;

namespace UnionOffice.Modules.Meetings;

public sealed record AgendaRequest(string? Title, string? Presenter);
public sealed record ExternalGuest(string? Name, string? Organ, string? Email = null);
public sealed record MeetingRequest(string? OrganizationCode, MeetingBody Body, string? Title, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Place,
    string? PresidingUserName, int? QuorumNumerator, int? QuorumDenominator, bool? MajorityOfMembers, List<AgendaRequest>? Agenda, List<string>? Members, List<string>? Guests,
    List<ExternalGuest>? Externals);
public sealed record RespondRequest(InviteeResponse Response, string? SubstituteUserName, string? Note);
public sealed record AttendanceRequest(Guid InviteeId, bool Present);
public sealed record VoteRequest(Guid? AgendaItemId, string? Question, bool Secret);
public sealed record BallotRequest(VoteChoice Choice);
public sealed record InviteeDto(Guid Id, string Name, string? Organ, bool IsMember, string Response, string ResponseText, string? Substitute, string? Note, bool Present);
public sealed record VoteDto(Guid Id, string Question, bool Secret, string Status, int Cast, bool Voted, int? Yes, int? No, int? Abstain, int? Present, int? Members,
    bool? Passed, List<BallotDto>? Ballots);
public sealed record BallotDto(string Voter, string Choice);
public sealed record QuorumDto(int Members, int Present, int Needed, bool Reached);
public sealed record MeetingListItem(Guid Id, string Body, string Title, DateTimeOffset StartsAt, string Status, string StatusText, string? MyResponse);
public sealed record MeetingDto(Guid Id, string OrganizationCode, string OrganizationName, string Body, string BodyName, string Title, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string? Place, string Presiding, string Status, string StatusText, string QuorumRule, bool MajorityOfMembers,
    List<AgendaRequest> Agenda, List<InviteeDto> Invitees, QuorumDto Quorum, List<VoteDto> Votes, Guid? MyInviteeId, bool CanManage, bool CanVote,
    List<MeetingTaskDto> Tasks, List<SpeakerDto> Speakers, Guid? RecordDossierId = null);
public sealed record SpeakerDto(Guid Id, string Name, string? Topic, DateTimeOffset RequestedAt, bool Spoke);
public sealed record SpeakRequestBody(string? Topic);
public sealed record MeetingTaskDto(Guid Id, string Title, DateOnly? Deadline, string Status);

/// <summary>
/// Meetings of the organ's bodies and of its office (issue 19): convened by the office with their agenda and invitees —
/// the body's members (committee members of other organs hold a CommitteeMember account in the convening organ), others
/// of the system, people outside it — entered into the organ's schedule, answered (coming, not coming with a reason, a
/// substitute), held with attendance and the quorum the body's rules require, and votes counted exactly once.
/// </summary>
public sealed class Meetings(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, Schedules.Schedules schedules, TimeProvider time)
{
    public async Task<Guid> CreateAsync(MeetingRequest r, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode ?? "", ct);
        if (!await access.IsOfficeAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        if (r.StartsAt is not { } starts || r.EndsAt is not { } ends) throw new DomainException(MeetingErrors.Invalid(["Nhập giờ bắt đầu và giờ kết thúc."]));
        var presiding = await PersonAsync(org.Id, r.PresidingUserName, ct);
        // The bodies of the Charter decide with two thirds of their members present and more than half of all members for.
        var charter = r.Body is MeetingBody.BanChapHanh or MeetingBody.BanThuongVu or MeetingBody.DoanChuTich or MeetingBody.UyBanKiemTra;
        var m = new Meeting(org.Id, r.Body, r.Title, starts, ends, r.Place, presiding, r.QuorumNumerator ?? (charter ? 2 : 1), r.QuorumDenominator ?? (charter ? 3 : 2),
            r.MajorityOfMembers ?? charter,
            current.UserId!.Value, time.GetUtcNow());
        db.Meetings.Add(m);
        var order = 0;
        foreach (var a in r.Agenda ?? []) db.AgendaItems.Add(new AgendaItem(m.Id, ++order, a.Title, a.Presenter));
        var seen = new HashSet<Guid>();
        foreach (var (names, member) in new[] { (r.Members, true), (r.Guests, false) })
            foreach (var name in (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                var user = await PersonAsync(org.Id, name, ct);
                if (seen.Add(user)) db.Invitees.Add(new Invitee(m.Id, user, null, null, member));
            }
        foreach (var x in r.Externals ?? []) db.Invitees.Add(new Invitee(m.Id, null, x.Name, x.Organ, false, x.Email));
        // The presiding person is always invited (a member when listed as one).
        if (!seen.Contains(presiding)) db.Invitees.Add(new Invitee(m.Id, presiding, null, null, false));
        db.Trail.Add(new Work.TrailEntry("meeting", m.Id, current.UserId!.Value, null, "created", m.Title, time.GetUtcNow()));
        audit.Record("meeting.created", org.Id, "meeting", m.Id.ToString());
        await db.SaveChangesAsync(ct);
        return m.Id;
    }

    /// <summary>The office convenes: every invitee of the system gets the invitation, and the meeting enters the organ's schedule.</summary>
    public async Task ConveneAsync(Guid id, CancellationToken ct)
    {
        var m = await ManagedAsync(id, ct);
        m.Require(MeetingStatus.Draft, "triệu tập");
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrganizationId, ct);
        var presiding = await db.Users.AsNoTracking().Where(u => u.Id == m.PresidingUserId).Select(u => u.UserName!).FirstAsync(ct);
        var invited = await (from i in db.Invitees.AsNoTracking()
                             join u in db.Users on i.UserId equals u.Id
                             where i.MeetingId == m.Id
                             select new { u.Id, u.UserName }).ToListAsync(ct);
        // Its engagement in the schedule, through the schedule's own rules (clashes, the changes its week's readers are told of).
        var saved = await schedules.CreateAsync(new EventRequest(org.Code, m.StartsAt, m.EndsAt, $"{Meeting.BodyName(m.Body)}: {m.Title}", m.Place, null, null, null,
            [presiding], invited.Where(i => i.UserName != presiding).Select(i => i.UserName!).ToList(), null, null, null), ct);
        m.Convene(saved.Id);
        notify.Tell(invited.Select(i => i.Id), NotificationKinds.MeetingInvited,
            $"Giấy mời: {Meeting.BodyName(m.Body)} – {m.Title}, {Schedules.Schedules.Local(m.StartsAt):HH\\:mm dd/MM/yyyy}{(m.Place is null ? "" : ", " + m.Place)}", $"/meetings/{m.Id}");
        db.Trail.Add(new Work.TrailEntry("meeting", m.Id, current.UserId!.Value, null, "convened", null, time.GetUtcNow()));
        audit.Record("meeting.convened", m.OrganizationId, "meeting", m.Id.ToString(), new { invited = invited.Count });
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<MeetingListItem>> MineAsync(CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var offices = new List<Guid>();
        foreach (var o in (await current.GrantsAsync(ct)).Select(g => g.OrganizationId).Distinct())
            if (await access.IsOfficeAsync(o, ct)) offices.Add(o);
        var rows = await (from m in db.Meetings.AsNoTracking()
                          let mine = db.Invitees.Where(i => i.MeetingId == m.Id && (i.UserId == me || i.SubstituteUserId == me)).Select(i => (InviteeResponse?)i.Response).FirstOrDefault()
                          where (mine != null && m.Status != MeetingStatus.Draft) || offices.Contains(m.OrganizationId) || m.PresidingUserId == me
                          orderby m.StartsAt descending
                          select new { m, mine }).Take(200).ToListAsync(ct);
        return rows.Select(x => new MeetingListItem(x.m.Id, Meeting.BodyName(x.m.Body), x.m.Title, x.m.StartsAt, x.m.Status.ToString(), Meeting.StatusText(x.m.Status),
            x.mine is { } r ? ResponseText(r) : null)).ToList();
    }

    public async Task<MeetingDto> GetAsync(Guid id, CancellationToken ct)
    {
        var (m, manage) = await ReadableAsync(id, ct);
        var me = current.UserId;
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrganizationId, ct);
        var agenda = await db.AgendaItems.AsNoTracking().Where(a => a.MeetingId == m.Id).OrderBy(a => a.Order).Select(a => new AgendaRequest(a.Title, a.Presenter)).ToListAsync(ct);
        var invitees = await (from i in db.Invitees.AsNoTracking()
                              join u in db.Users on i.UserId equals u.Id into us
                              from u in us.DefaultIfEmpty()
                              join s in db.Users on i.SubstituteUserId equals s.Id into ss
                              from s in ss.DefaultIfEmpty()
                              where i.MeetingId == m.Id
                              select new { i, Name = u == null ? i.ExternalName : u.FullName, Substitute = s == null ? null : s.FullName }).ToListAsync(ct);
        var quorum = Quorum(m, invitees.Select(x => x.i).ToList());
        var mine = invitees.FirstOrDefault(x => x.i.UserId == me || x.i.SubstituteUserId == me)?.i;
        var votes = await db.MeetingVotes.AsNoTracking().Where(v => v.MeetingId == m.Id).OrderBy(v => v.OpenedAt).ToListAsync(ct);
        var voteIds = votes.Select(v => v.Id).ToList();
        var ballots = await (from b in db.Ballots.AsNoTracking()
                             join u in db.Users on b.VoterUserId equals u.Id
                             where voteIds.Contains(b.VoteId)
                             select new { b.VoteId, b.VoterUserId, u.FullName, b.Choice }).ToListAsync(ct);
        var presiding = await db.Users.AsNoTracking().Where(u => u.Id == m.PresidingUserId).Select(u => u.FullName).FirstAsync(ct);
        // Its conclusions turned into tasks (tasks whose origin is this meeting).
        var tasks = (await db.Tasks.AsNoTracking().Where(t => t.Origin == Work.WorkOrigin.Meeting && t.OriginId == m.Id && t.ParentTaskId == null)
                .OrderBy(t => t.GivenAt).Select(t => new { t.Id, t.Title, t.Deadline, t.Status }).ToListAsync(ct))
            .Select(t => new MeetingTaskDto(t.Id, t.Title, t.Deadline, Work.WorkText.Status(t.Status))).ToList();
        var speakers = await (from r in db.SpeakRequests.AsNoTracking()
                              join u in db.Users on r.UserId equals u.Id
                              where r.MeetingId == m.Id
                              orderby r.RequestedAt
                              select new SpeakerDto(r.Id, u.FullName, r.Topic, r.RequestedAt, r.SpokeAt != null)).ToListAsync(ct);
        return new MeetingDto(m.Id, org.Code, org.Name, m.Body.ToString(), Meeting.BodyName(m.Body), m.Title, m.StartsAt, m.EndsAt, m.Place, presiding, m.Status.ToString(),
            Meeting.StatusText(m.Status), $"{m.QuorumNumerator}/{m.QuorumDenominator}", m.MajorityOfMembers, agenda,
            invitees.Select(x => new InviteeDto(x.i.Id, x.Name ?? "", x.i.ExternalOrgan, x.i.IsMember, x.i.Response.ToString(), ResponseText(x.i.Response), x.Substitute,
                x.i.ResponseNote, x.i.Present)).ToList(),
            quorum,
            votes.Select(v => new VoteDto(v.Id, v.Question, v.Secret, v.Status.ToString(), ballots.Count(b => b.VoteId == v.Id), ballots.Any(b => b.VoteId == v.Id && b.VoterUserId == me),
                v.Yes, v.No, v.Abstain, v.Present, v.Members, v.Passed,
                // How each voted: an open vote's ballots, once it is closed; a secret vote never says.
                v.Secret || v.Status == VoteStatus.Open ? null
                    : ballots.Where(b => b.VoteId == v.Id).Select(b => new BallotDto(b.FullName, ChoiceText(b.Choice!.Value))).ToList())).ToList(),
            mine?.Id, manage, mine is { IsMember: true, Present: true } && m.Status == MeetingStatus.InProgress, tasks, speakers, manage ? m.RecordDossierId : null);
    }

    /// <summary>An invitee answers: coming, not coming (with a reason), or sending someone of the organ in their place.</summary>
    public async Task RespondAsync(Guid id, RespondRequest r, CancellationToken ct)
    {
        var m = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(MeetingErrors.NotFound);
        var me = current.UserId!.Value;
        var invitee = await db.Invitees.FirstOrDefaultAsync(i => i.MeetingId == id && i.UserId == me, ct);
        if (invitee is null || m.Status == MeetingStatus.Draft) throw new DomainException(MeetingErrors.NotFound);
        if (m.Status is not (MeetingStatus.Convened or MeetingStatus.InProgress)) throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), "trả lời giấy mời"));
        Guid? substitute = r.Response == InviteeResponse.Substitute
            ? await OrganMembers.PersonAsync(db, m.OrganizationId, r.SubstituteUserName, null, null, ct) ?? throw new DomainException(MeetingErrors.PersonUnknown)
            : null;
        invitee.Respond(r.Response, substitute, r.Note, time.GetUtcNow());
        var office = await Notifier.HoldersAsync(db, [m.OrganizationId], Accounts.Role.Clerk, ct);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.FullName).FirstAsync(ct);
        notify.Tell(office, NotificationKinds.MeetingAnswered, $"{name}: {ResponseText(r.Response)} – {m.Title}", $"/meetings/{m.Id}");
        if (substitute is { } s)
            notify.Tell([s], NotificationKinds.MeetingInvited, $"Bạn được cử dự thay {name}: {Meeting.BodyName(m.Body)} – {m.Title}", $"/meetings/{m.Id}");
        audit.Record("meeting.answered", m.OrganizationId, "meeting", m.Id.ToString(), new { response = r.Response.ToString() });
        await db.SaveChangesAsync(ct);
    }

    public async Task StartAsync(Guid id, CancellationToken ct) => await StepAsync(id, m => m.Start(), "started", ct);

    public async Task CloseAsync(Guid id, CancellationToken ct)
    {
        if (await db.MeetingVotes.AnyAsync(v => v.MeetingId == id && v.Status == VoteStatus.Open, ct))
            throw new DomainException(MeetingErrors.Invalid(["Còn nội dung đang biểu quyết: kết thúc biểu quyết trước khi bế mạc."]));
        await StepAsync(id, m => m.Close(), "closed", ct);
    }

    /// <summary>The office (or the presiding person) takes attendance; an invitee or their substitute may check themselves in once the meeting is under way.</summary>
    public async Task AttendAsync(Guid id, AttendanceRequest r, CancellationToken ct)
    {
        var (m, manage) = await ReadableAsync(id, ct, tracked: false);
        if (m.Status != MeetingStatus.InProgress) throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), "điểm danh"));
        var invitee = await db.Invitees.FirstOrDefaultAsync(i => i.Id == r.InviteeId && i.MeetingId == m.Id, ct) ?? throw new DomainException(MeetingErrors.NotFound);
        var me = current.UserId;
        if (!manage && invitee.UserId != me && invitee.SubstituteUserId != me) throw new DomainException(Error.Forbidden);
        invitee.Attend(r.Present, time.GetUtcNow());
        audit.Record("meeting.attendance", m.OrganizationId, "meeting", m.Id.ToString(), new { invitee = invitee.Id, r.Present });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Someone present (an invitee or a substitute) asks to speak; once each while waiting for the floor.</summary>
    public async Task<Guid> SpeakAsync(Guid id, SpeakRequestBody r, CancellationToken ct)
    {
        var (m, _) = await ReadableAsync(id, ct);
        if (m.Status != MeetingStatus.InProgress) throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), "đăng ký phát biểu"));
        var me = current.UserId!.Value;
        if (!await db.Invitees.AnyAsync(i => i.MeetingId == m.Id && i.Present && (i.UserId == me || i.SubstituteUserId == me), ct))
            throw new DomainException(MeetingErrors.Invalid(["Điểm danh có mặt trước khi đăng ký phát biểu."]));
        if (await db.SpeakRequests.AnyAsync(s => s.MeetingId == m.Id && s.UserId == me && s.SpokeAt == null, ct))
            throw new DomainException(MeetingErrors.Invalid(["Bạn đã đăng ký phát biểu và đang chờ đến lượt."]));
        var request = new SpeakRequest(m.Id, me, r.Topic, time.GetUtcNow());
        db.SpeakRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return request.Id;
    }

    /// <summary>The presiding person (or the office) marks a speaker as heard.</summary>
    public async Task SpokeAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        var m = await ManagedAsync(id, ct);
        var request = await db.SpeakRequests.FirstOrDefaultAsync(s => s.Id == requestId && s.MeetingId == m.Id, ct) ?? throw new DomainException(MeetingErrors.NotFound);
        request.Spoke(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task<Guid> OpenVoteAsync(Guid id, VoteRequest r, CancellationToken ct)
    {
        var m = await ManagedAsync(id, ct);
        m.Require(MeetingStatus.InProgress, "biểu quyết");
        if (r.AgendaItemId is { } a && !await db.AgendaItems.AnyAsync(x => x.Id == a && x.MeetingId == m.Id, ct)) throw new DomainException(MeetingErrors.NotFound);
        var v = new MeetingVote(m.Id, r.AgendaItemId, r.Question, r.Secret, time.GetUtcNow());
        db.MeetingVotes.Add(v);
        audit.Record("meeting.vote.opened", m.OrganizationId, "meeting", m.Id.ToString(), new { vote = v.Id, v.Secret });
        await db.SaveChangesAsync(ct);
        return v.Id;
    }

    /// <summary>
    /// A member present votes, once: the ballot's unique key refuses a second; the check that the vote is still open is an
    /// update of the vote's row in the same transaction, so no ballot lands after the vote was closed and counted.
    /// </summary>
    public async Task CastAsync(Guid voteId, BallotRequest r, CancellationToken ct)
    {
        var v = await db.MeetingVotes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == voteId, ct) ?? throw new DomainException(MeetingErrors.VoteNotFound);
        var me = current.UserId!.Value;
        var voter = await db.Invitees.AsNoTracking().FirstOrDefaultAsync(i => i.MeetingId == v.MeetingId && i.UserId == me, ct);
        if (voter is null && !await db.Invitees.AnyAsync(i => i.MeetingId == v.MeetingId && i.SubstituteUserId == me, ct)) throw new DomainException(MeetingErrors.VoteNotFound);
        if (voter is not { IsMember: true, Present: true } || voter.Response == InviteeResponse.Substitute) throw new DomainException(MeetingErrors.NotVoter);
        if (!Enum.IsDefined(r.Choice)) throw new DomainException(MeetingErrors.Invalid(["Chọn: tán thành, không tán thành hoặc không biểu quyết."]));
        if (v.Status != VoteStatus.Open) throw new DomainException(MeetingErrors.VoteClosed);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Ballots.Add(new Ballot(v.Id, me, v.Secret ? null : r.Choice, time.GetUtcNow()));
            if (v.Secret) db.SecretChoices.Add(new SecretChoice(v.Id, r.Choice));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                throw new DomainException(MeetingErrors.AlreadyVoted);
            }
            if (await db.MeetingVotes.Where(x => x.Id == v.Id && x.Status == VoteStatus.Open).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version), ct) == 0)
            {
                db.ChangeTracker.Clear();
                throw new DomainException(MeetingErrors.VoteClosed);
            }
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>Closes the vote first (its row, so no ballot can follow), then counts in the same transaction and keeps the result.</summary>
    public async Task CloseVoteAsync(Guid voteId, CancellationToken ct)
    {
        var v0 = await db.MeetingVotes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == voteId, ct) ?? throw new DomainException(MeetingErrors.VoteNotFound);
        var m = await ManagedAsync(v0.MeetingId, ct);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.MeetingVotes.Where(x => x.Id == voteId && x.Status == VoteStatus.Open).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, VoteStatus.Closed), ct) == 0)
                throw new DomainException(MeetingErrors.VoteClosed);
            var counts = v0.Secret
                ? await db.SecretChoices.Where(c => c.VoteId == voteId).GroupBy(c => c.Choice).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct)
                : await db.Ballots.Where(b => b.VoteId == voteId).GroupBy(b => b.Choice!.Value).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
            int Of(VoteChoice c) => counts.FirstOrDefault(x => x.Key == c)?.N ?? 0;
            var invitees = await db.Invitees.AsNoTracking().Where(i => i.MeetingId == m.Id).ToListAsync(ct);
            var q = Quorum(m, invitees);
            var v = await db.MeetingVotes.FirstAsync(x => x.Id == voteId, ct);
            v.Record(Of(VoteChoice.Yes), Of(VoteChoice.No), Of(VoteChoice.Abstain), q.Present, q.Members, q.Reached, m.MajorityOfMembers, time.GetUtcNow());
            audit.Record("meeting.vote.closed", m.OrganizationId, "meeting", m.Id.ToString(), new { vote = v.Id, v.Yes, v.No, v.Abstain, v.Passed });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    private static QuorumDto Quorum(Meeting m, List<Invitee> invitees)
    {
        var members = invitees.Count(i => i.IsMember);
        var present = invitees.Count(i => i.IsMember && i.Present);
        var needed = m.QuorumNeeded(members);
        return new QuorumDto(members, present, needed, members > 0 && present >= needed);
    }

    private async Task StepAsync(Guid id, Action<Meeting> step, string action, CancellationToken ct)
    {
        var m = await ManagedAsync(id, ct);
        step(m);
        db.Trail.Add(new Work.TrailEntry("meeting", m.Id, current.UserId!.Value, null, action, null, time.GetUtcNow()));
        audit.Record($"meeting.{action}", m.OrganizationId, "meeting", m.Id.ToString());
        await db.SaveChangesAsync(ct);
    }

    public static string ResponseText(InviteeResponse r) => r switch
    {
        InviteeResponse.Accepted => "Dự",
        InviteeResponse.Declined => "Vắng",
        InviteeResponse.Substitute => "Cử người dự thay",
        _ => "Chưa trả lời",
    };

    public static string ChoiceText(VoteChoice c) => c switch
    {
        VoteChoice.Yes => "Tán thành",
        VoteChoice.No => "Không tán thành",
        _ => "Không biểu quyết",
    };

    private async Task<Guid> PersonAsync(Guid orgId, string? userName, CancellationToken ct) =>
        await OrganMembers.PersonAsync(db, orgId, userName, null, null, ct) ?? throw new DomainException(MeetingErrors.PersonUnknown);

    /// <summary>The meeting for those who run it: the organ's office and the presiding person.</summary>
    private async Task<Meeting> ManagedAsync(Guid id, CancellationToken ct)
    {
        var (m, manage) = await ReadableAsync(id, ct, tracked: true);
        if (!manage) throw new DomainException(Error.Forbidden);
        return m;
    }

    /// <summary>Who may see a meeting: its office and presiding person always; its invitees and their substitutes once it is convened.</summary>
    internal async Task<(Meeting Meeting, bool Manage)> ReadableAsync(Guid id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.Meetings : db.Meetings.AsNoTracking();
        var m = await q.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(MeetingErrors.NotFound);
        var me = current.UserId;
        var manage = m.PresidingUserId == me || await access.IsOfficeAsync(m.OrganizationId, ct);
        if (manage) return (m, true);
        if (m.Status != MeetingStatus.Draft && await db.Invitees.AnyAsync(i => i.MeetingId == m.Id && (i.UserId == me || i.SubstituteUserId == me), ct)) return (m, false);
        throw new DomainException(MeetingErrors.NotFound);
    }
}
