using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Common.Pdf;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Outgoing;

namespace UnionOffice.Modules.Meetings;

/// <param name="Text">What the person adds to the composed text: the conclusions as the presiding person gave them, a note to the invitation.</param>
public sealed record PaperRequest(MeetingPaperKind Kind, string? SignerUserName, string? Text, List<RecipientRequest>? Recipients);
public sealed record MeetingPaperDto(Guid DocumentId, string Kind, string KindName, string Subject, string Status, string StatusText, string? Code, DateOnly? IssuedDate);
public sealed record FileRecordRequest(Guid DossierId);

/// <summary>
/// A meeting's papers through the outgoing flow (issue 19 §2, §5) and its record into a work dossier. The office drafts
/// the Giấy mời before the meeting and the Biên bản and Thông báo kết luận after it: the system composes the first
/// version from what the meeting holds (time, place, agenda, who was invited and who came, the quorum, the votes and
/// their results, who spoke, the conclusions given as tasks) in the layout of NĐ30 Phụ lục I, with the number and date
/// left blank; from there the draft is reviewed, signed, numbered and issued like any document — nothing is issued
/// without the people of that flow. Once closed, the meeting's record — a sheet of its agenda, attendance, votes,
/// speakers and materials (with their SHA-256), every released material, and its issued papers — goes into a dossier
/// the person keeps, in one step.
/// </summary>
public sealed class MeetingPapers(AppDbContext db, CurrentUser current, Auditor audit, Meetings meetings, OutgoingDrafts drafts, Dossiers.DossierService dossiers,
    IFileStore store, TimeProvider time)
{
    public async Task<Guid> DraftAsync(Guid meetingId, PaperRequest r, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        if (!manage) throw new DomainException(Error.Forbidden);
        if (!Enum.IsDefined(r.Kind)) throw new DomainException(MeetingErrors.Invalid(["Loại văn bản của cuộc họp không hợp lệ (Invitation, Minutes, Conclusion)."]));
        // The invitation goes before the meeting; the minutes and the conclusions once it has been held.
        if (r.Kind == MeetingPaperKind.Invitation && m.Status is not (MeetingStatus.Draft or MeetingStatus.Convened))
            throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), "soạn giấy mời"));
        if (r.Kind != MeetingPaperKind.Invitation && m.Status != MeetingStatus.Closed)
            throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), $"soạn {MeetingPaper.KindName(r.Kind).ToLower(Formats.Vi)}"));
        // One of each under way: a recalled one may be drafted again.
        if (await (from p in db.MeetingPapers
                   join d in db.OutgoingDocuments on p.DocumentId equals d.Id
                   where p.MeetingId == m.Id && p.Kind == r.Kind && d.Status != OutgoingStatus.Recalled
                   select p.Id).AnyAsync(ct))
            throw new DomainException(MeetingErrors.PaperExists);
        var text = TextRules.Clean(r.Text ?? "").Trim();
        if (text.Length > 20_000) throw new DomainException(MeetingErrors.Invalid(["Nội dung bổ sung quá dài (tối đa 20.000 ký tự)."]));

        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrganizationId, ct);
        var parent = org.ParentId is { } pid ? await db.Organizations.AsNoTracking().Where(o => o.Id == pid).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var record = await RecordAsync(m, ct);
        var (typeName, typeTitle, summary, body, recipients) = r.Kind switch
        {
            MeetingPaperKind.Invitation => ("Giấy mời", "Giấy mời", $"Dự {LowerFirst(Meeting.BodyName(m.Body))}: {m.Title}", Invitation(org.Name, m, record, text),
                (string[])["- Như thành phần mời;", "- Lưu: VT."]),
            MeetingPaperKind.Minutes => ("Biên bản", "Biên bản", $"{Meeting.BodyName(m.Body)}: {m.Title}", Minutes(org.Name, m, record, text),
                ["- Các đồng chí dự họp;", "- Lưu: VT, hồ sơ cuộc họp."]),
            _ => ("Thông báo", "Thông báo", $"Kết luận {LowerFirst(Meeting.BodyName(m.Body))}: {m.Title}", Conclusion(org.Name, m, record, text),
                ["- Các đồng chí dự họp;", "- Các ban, đơn vị liên quan;", "- Lưu: VT."]),
        };
        var type = DocumentTypes.Find(typeName)!;
        var notation = $"{type.Code}-{OrganAbbreviations.Of(org)}";
        var now = time.GetUtcNow();
        var pdf = Nd30Draft.Compose(new Nd30DraftData(parent, org.Name, notation, OrganAbbreviations.Place(org), Formats.Today(time).Year, typeTitle, summary, body, recipients), now);
        var signer = string.IsNullOrWhiteSpace(r.SignerUserName) ? record.PresidingUserName : r.SignerUserName;
        var collective = r.Kind == MeetingPaperKind.Minutes ? null : Collective(m.Body);
        // Sent, unless the person says otherwise, to the other organs of the system whose people are invited (a committee
        // member of another organ is invited through their own organ) and by e-mail to the guests outside it who gave an
        // address — the minutes, too, go to those who took part.
        var sendTo = r.Recipients ?? await DefaultRecipientsAsync(m, ct);
        var request = new DraftRequest(org.Code, typeName, summary.Length > 500 ? summary[..497] + "…" : summary, Incoming.Urgency.Normal, null,
            signer, null, string.Join("\n", recipients), null, null, sendTo, Collective: collective);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var id = await drafts.CreateComposedAsync(request, pdf, $"{VietnameseText.Fold(typeName).Replace(' ', '-')}-{m.Id.ToString()[..8]}.pdf",
                "Soạn tự động từ dữ liệu cuộc họp", ct);
            db.MeetingPapers.Add(new MeetingPaper(m.Id, r.Kind, id, current.UserId!.Value, now));
            db.Trail.Add(new Work.TrailEntry("meeting", m.Id, current.UserId!.Value, null, "paper-drafted", MeetingPaper.KindName(r.Kind), now));
            audit.Record("meeting.paper.drafted", m.OrganizationId, "meeting", m.Id.ToString(), new { kind = r.Kind.ToString(), document = id });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return id;
        });
    }

    /// <summary>The meeting's papers: every one for those who run it; the issued ones for its invitees.</summary>
    public async Task<List<MeetingPaperDto>> ListAsync(Guid meetingId, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        var rows = await (from p in db.MeetingPapers.AsNoTracking()
                          join d in db.OutgoingDocuments on p.DocumentId equals d.Id
                          where p.MeetingId == m.Id && (manage || d.Status == OutgoingStatus.Issued)
                          orderby p.CreatedAt
                          select new { p.Kind, d.Id, d.Subject, d.Status, d.Number, d.Notation, d.IssuedDate }).ToListAsync(ct);
        return rows.Select(x => new MeetingPaperDto(x.Id, x.Kind.ToString(), MeetingPaper.KindName(x.Kind), x.Subject, x.Status.ToString(), OutgoingText.Status(x.Status),
            x.Number is { } n && x.Notation is not null ? OutgoingDocument.Code(n, x.Notation) : null, x.IssuedDate)).ToList();
    }

    /// <summary>
    /// The closed meeting's record into a dossier the current person keeps, once and entirely: the record sheet (PDF), every
    /// released material (latest version of each), and its issued papers by reference.
    /// </summary>
    public async Task FileRecordAsync(Guid meetingId, FileRecordRequest r, CancellationToken ct)
    {
        var (read, manage) = await meetings.ReadableAsync(meetingId, ct);
        if (!manage) throw new DomainException(Error.Forbidden);
        var dossier = await db.Dossiers.AsNoTracking().Where(d => d.Id == r.DossierId).Select(d => new { d.OrganizationId, d.KeeperUserId }).FirstOrDefaultAsync(ct);
        if (dossier is null || dossier.OrganizationId != read.OrganizationId) throw new DomainException(Dossiers.DossierErrors.NotFound);
        if (dossier.KeeperUserId != current.UserId) throw new DomainException(MeetingErrors.NotKeeper);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var m = await db.Meetings.FirstAsync(x => x.Id == meetingId, ct);
            m.FiledInto(r.DossierId);
            // The meeting's row first: a second click waits on it and then finds it changed (409), before filing anything.
            await db.SaveChangesAsync(ct);
            var record = await RecordAsync(m, ct);
            var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == m.OrganizationId, ct);
            var now = time.GetUtcNow();
            var sheet = PdfTableWriter.ToBytes(Sheet(org.Name, m, record), now);
            using var ms = new MemoryStream(sheet, writable: false);
            var content = await store.PutAsync(ms, "ho-so-cuoc-hop.pdf", ct);
            var files = new List<(string, string)> { ($"Hồ sơ cuộc họp – {OutgoingDrafts.Short(m.Title)}.pdf", content.Sha256) };
            files.AddRange(record.Materials.Select(x => ($"{OutgoingDrafts.Short(x.Title)}{(x.Number > 1 ? $" (bản {x.Number})" : "")}.pdf", x.Sha256)));
            var issued = record.Papers.Where(p => p.Status == OutgoingStatus.Issued).Select(p => p.DocumentId).ToList();
            // Dated the day it was held (never later than today: a meeting closed ahead of its planned day is dated when it closed).
            var held = DateOnly.FromDateTime(Schedules.Schedules.Local(m.StartsAt));
            var today = Formats.Today(time);
            await dossiers.FileRecordAsync(r.DossierId, files, issued, held > today ? today : held, $"{Meeting.BodyName(m.Body)}: {m.Title}", ct);
            db.Trail.Add(new Work.TrailEntry("meeting", m.Id, current.UserId!.Value, null, "record-filed", null, now));
            audit.Record("meeting.record.filed", m.OrganizationId, "meeting", m.Id.ToString(), new { dossier = r.DossierId, files = files.Count, papers = issued.Count });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    private async Task<List<RecipientRequest>> DefaultRecipientsAsync(Meeting m, CancellationToken ct)
    {
        var invited = db.Invitees.Where(i => i.MeetingId == m.Id && i.UserId != null).Select(i => i.UserId);
        var organs = (await (from ra in db.RoleAssignments.AsNoTracking()
                             join o in db.Organizations on ra.OrganizationId equals o.Id
                             where invited.Contains(ra.UserId) && ra.OrganizationId != m.OrganizationId && o.IsActive
                             select o.Code).Distinct().ToListAsync(ct))
            .Order(StringComparer.Ordinal).Select(code => new RecipientRequest(code, null, null));
        var guests = (await db.Invitees.AsNoTracking().Where(i => i.MeetingId == m.Id && i.UserId == null && i.ExternalEmail != null)
                .Select(i => new { i.ExternalName, i.ExternalOrgan, i.ExternalEmail }).ToListAsync(ct))
            .Select(i => new RecipientRequest(null, i.ExternalOrgan is null ? i.ExternalName : $"{i.ExternalName}, {i.ExternalOrgan}", i.ExternalEmail));
        return organs.Concat(guests).ToList();
    }

    // ----- what the meeting holds, as the papers say it -----

    private sealed record Person(string Name, string? Organ, bool IsMember, InviteeResponse Response, string? Substitute, string? Note, bool Present);
    private sealed record VoteLine(string Question, bool Secret, VoteStatus Status, int? Yes, int? No, int? Abstain, int? Present, int? Members, bool? Passed);
    private sealed record TaskLine(string Title, DateOnly? Deadline, string? Lead);
    private sealed record MaterialLine(string Title, int Number, string Sha256, string? AgendaItem, int Opinions);
    private sealed record PaperLine(Guid DocumentId, MeetingPaperKind Kind, OutgoingStatus Status, string? Code);
    private sealed record Record(string PresidingName, string PresidingUserName, List<AgendaItem> Agenda, List<Person> People, List<VoteLine> Votes,
        List<(string Name, string? Topic)> Speakers, List<TaskLine> Tasks, List<MaterialLine> Materials, List<PaperLine> Papers, DateTimeOffset? ClosedAt,
        int QuorumNeeded);

    private async Task<Record> RecordAsync(Meeting m, CancellationToken ct)
    {
        var presiding = await db.Users.AsNoTracking().Where(u => u.Id == m.PresidingUserId).Select(u => new { u.FullName, u.UserName }).FirstAsync(ct);
        var agenda = await db.AgendaItems.AsNoTracking().Where(a => a.MeetingId == m.Id).OrderBy(a => a.Order).ToListAsync(ct);
        var people = await (from i in db.Invitees.AsNoTracking()
                            join u in db.Users on i.UserId equals u.Id into us
                            from u in us.DefaultIfEmpty()
                            join s in db.Users on i.SubstituteUserId equals s.Id into ss
                            from s in ss.DefaultIfEmpty()
                            where i.MeetingId == m.Id
                            orderby i.IsMember descending
                            select new Person(u == null ? i.ExternalName! : u.FullName, i.ExternalOrgan, i.IsMember, i.Response, s == null ? null : s.FullName, i.ResponseNote,
                                i.Present)).ToListAsync(ct);
        var votes = (await db.MeetingVotes.AsNoTracking().Where(v => v.MeetingId == m.Id).OrderBy(v => v.OpenedAt).ToListAsync(ct))
            .Select(v => new VoteLine(v.Question, v.Secret, v.Status, v.Yes, v.No, v.Abstain, v.Present, v.Members, v.Passed)).ToList();
        var speakers = (await (from s in db.SpeakRequests.AsNoTracking()
                               join u in db.Users on s.UserId equals u.Id
                               where s.MeetingId == m.Id && s.SpokeAt != null
                               orderby s.SpokeAt
                               select new { u.FullName, s.Topic }).ToListAsync(ct)).Select(x => (x.FullName, (string?)x.Topic)).ToList();
        var tasks = await (from t in db.Tasks.AsNoTracking()
                           where t.Origin == Work.WorkOrigin.Meeting && t.OriginId == m.Id && t.ParentTaskId == null
                           orderby t.GivenAt
                           select new TaskLine(t.Title, t.Deadline,
                               (from a in db.TaskAssignees
                                where a.TaskId == t.Id && a.Kind == Work.AssignmentKind.Lead
                                join d in db.Departments on a.DepartmentId equals d.Id into ds
                                from d in ds.DefaultIfEmpty()
                                join u in db.Users on a.UserId equals u.Id into us
                                from u in us.DefaultIfEmpty()
                                select u != null ? u.FullName : d.Name).FirstOrDefault())).ToListAsync(ct);
        // The latest released version of each material, with the opinions given on it.
        var released = await (from x in db.MeetingMaterials.AsNoTracking()
                              join f in db.DocumentFiles on x.FileId equals f.Id
                              join a in db.AgendaItems on x.AgendaItemId equals a.Id into aa
                              from a in aa.DefaultIfEmpty()
                              where x.MeetingId == m.Id && x.Released
                              select new { x.SeriesId, x.Number, x.Title, f.Sha256, Agenda = a == null ? null : a.Title }).ToListAsync(ct);
        var opinions = await db.MaterialOpinions.AsNoTracking().Where(o => o.MeetingId == m.Id).GroupBy(o => o.SeriesId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var materials = released.GroupBy(x => x.SeriesId).Select(g => g.OrderByDescending(x => x.Number).First())
            .Select(x => new MaterialLine(x.Title, x.Number, x.Sha256, x.Agenda, opinions.GetValueOrDefault(x.SeriesId))).ToList();
        var papers = await (from p in db.MeetingPapers.AsNoTracking()
                            join d in db.OutgoingDocuments on p.DocumentId equals d.Id
                            where p.MeetingId == m.Id
                            orderby p.CreatedAt
                            select new { p.DocumentId, p.Kind, d.Status, d.Number, d.Notation }).ToListAsync(ct);
        var closedAt = await db.Trail.AsNoTracking().Where(t => t.Scope == "meeting" && t.SubjectId == m.Id && t.Action == "closed")
            .OrderByDescending(t => t.At).Select(t => (DateTimeOffset?)t.At).FirstOrDefaultAsync(ct);
        var members = people.Count(p => p.IsMember);
        return new Record(presiding.FullName, presiding.UserName!, agenda, people, votes, speakers, tasks, materials,
            papers.Select(p => new PaperLine(p.DocumentId, p.Kind, p.Status, p.Number is { } n && p.Notation is not null ? OutgoingDocument.Code(n, p.Notation) : null)).ToList(),
            closedAt, m.QuorumNeeded(members));
    }

    private static List<Nd30Paragraph> Invitation(string organ, Meeting m, Record r, string text)
    {
        var body = new List<Nd30Paragraph> { new($"{organ} trân trọng kính mời:") };
        var inside = r.People.Where(p => p.Organ is null).ToList();
        if (inside.Count > 15)
            body.Add(new($"- Các đồng chí ủy viên và khách mời có tên trong danh sách mời trên phần mềm ({inside.Count} đồng chí);", Nd30Style.Item));
        else
            body.AddRange(inside.Select(p => new Nd30Paragraph($"- Đồng chí {p.Name}{(p.IsMember ? "" : " (khách mời)")};", Nd30Style.Item)));
        body.AddRange(r.People.Where(p => p.Organ is not null).Select(p => new Nd30Paragraph($"- Ông (bà) {p.Name}, {p.Organ};", Nd30Style.Item)));
        body.Add(new($"Đến dự {LowerFirst(Meeting.BodyName(m.Body))}: {m.Title}."));
        body.Add(new($"Thời gian: {When(m.StartsAt)}."));
        if (m.Place is not null) body.Add(new($"Địa điểm: {m.Place}."));
        body.Add(new($"Chủ trì: đồng chí {r.PresidingName}."));
        if (r.Agenda.Count > 0)
        {
            body.Add(new("Nội dung:"));
            body.AddRange(r.Agenda.Select(a => new Nd30Paragraph($"{a.Order}. {a.Title}{(a.Presenter is null ? "" : $" (trình bày: {a.Presenter})")};", Nd30Style.Item)));
        }
        body.AddRange(Paragraphs(text));
        body.Add(new("Tài liệu họp được phát hành trên phần mềm văn phòng điện tử, mục Cuộc họp; đề nghị các đồng chí xác nhận tham dự trên phần mềm."));
        body.Add(new("Rất mong các đồng chí đến dự đúng thời gian./."));
        return body;
    }

    private static List<Nd30Paragraph> Minutes(string organ, Meeting m, Record r, string text)
    {
        var members = r.People.Where(p => p.IsMember).ToList();
        var present = members.Count(p => p.Present);
        var body = new List<Nd30Paragraph>
        {
            new($"Thời gian: bắt đầu {When(m.StartsAt)}."),
        };
        if (m.Place is not null) body.Add(new($"Địa điểm: {m.Place}."));
        body.Add(new("I. THÀNH PHẦN", Nd30Style.Heading));
        body.Add(new($"Chủ trì: đồng chí {r.PresidingName}."));
        if (members.Count > 0)
        {
            body.Add(new($"Ủy viên có mặt: {present}/{members.Count} đồng chí (cần {r.QuorumNeeded} để đủ điều kiện biểu quyết): " +
                $"{(present >= r.QuorumNeeded ? "đủ" : "không đủ")} số lượng theo quy định."));
            body.AddRange(members.Where(p => p.Present).Select(p => new Nd30Paragraph($"- {p.Name};", Nd30Style.Item)));
            var absent = members.Where(p => !p.Present).ToList();
            if (absent.Count > 0)
            {
                body.Add(new("Vắng mặt:"));
                body.AddRange(absent.Select(p => new Nd30Paragraph($"- {p.Name}{Reason(p)};", Nd30Style.Item)));
            }
        }
        var guests = r.People.Where(p => !p.IsMember && p.Present).ToList();
        if (guests.Count > 0)
        {
            body.Add(new("Khách mời có mặt:"));
            body.AddRange(guests.Select(p => new Nd30Paragraph($"- {p.Name}{(p.Organ is null ? "" : $", {p.Organ}")};", Nd30Style.Item)));
        }
        body.Add(new("II. NỘI DUNG", Nd30Style.Heading));
        if (r.Agenda.Count > 0)
        {
            body.Add(new("Hội nghị đã nghe và thảo luận các nội dung:"));
            body.AddRange(r.Agenda.Select(a => new Nd30Paragraph($"{a.Order}. {a.Title}{(a.Presenter is null ? "" : $" (trình bày: {a.Presenter})")};", Nd30Style.Item)));
        }
        foreach (var x in r.Materials.Where(x => x.Opinions > 0))
            body.Add(new($"Dự thảo \"{x.Title}\" (bản {x.Number}) nhận được {x.Opinions} ý kiến góp ý của đại biểu trên phần mềm."));
        if (r.Speakers.Count > 0)
        {
            body.Add(new("Ý kiến phát biểu:"));
            body.AddRange(r.Speakers.Select(s => new Nd30Paragraph($"- Đồng chí {s.Name}{(s.Topic is null ? "" : $": {s.Topic}")};", Nd30Style.Item)));
        }
        if (r.Votes.Count > 0)
        {
            body.Add(new("III. KẾT QUẢ BIỂU QUYẾT", Nd30Style.Heading));
            var n = 0;
            foreach (var v in r.Votes) body.Add(new($"{++n}. {v.Question}{(v.Secret ? " (bỏ phiếu kín)" : "")}: {VoteResult(v)}"));
        }
        body.Add(new($"{(r.Votes.Count > 0 ? "IV" : "III")}. KẾT LUẬN", Nd30Style.Heading));
        body.AddRange(Paragraphs(text));
        body.AddRange(r.Tasks.Select(t => new Nd30Paragraph($"- {t.Title}{(t.Lead is null ? "" : $" (chủ trì: {t.Lead})")}{(t.Deadline is null ? "" : $", hạn {Formats.Date(t.Deadline)}")};",
            Nd30Style.Item)));
        if (text.Length == 0 && r.Tasks.Count == 0) body.Add(new("(Ghi kết luận của người chủ trì.)"));
        body.Add(new($"Cuộc họp kết thúc {(r.ClosedAt is { } c ? $"lúc {Schedules.Schedules.Local(c):HH} giờ {Schedules.Schedules.Local(c):mm}" : "")} cùng ngày./."));
        return body;
    }

    private static List<Nd30Paragraph> Conclusion(string organ, Meeting m, Record r, string text)
    {
        var body = new List<Nd30Paragraph>
        {
            new($"Ngày {Schedules.Schedules.Local(m.StartsAt):dd/MM/yyyy}, {organ} tổ chức {LowerFirst(Meeting.BodyName(m.Body))}: {m.Title}. " +
                $"Đồng chí {r.PresidingName} chủ trì.{(m.Place is null ? "" : $" Địa điểm: {m.Place}.")}"),
        };
        if (r.Agenda.Count > 0)
            body.Add(new($"Sau khi nghe và thảo luận {string.Join("; ", r.Agenda.Select(a => LowerFirst(a.Title)))}, đồng chí chủ trì kết luận như sau:"));
        else body.Add(new("Đồng chí chủ trì kết luận như sau:"));
        var passed = r.Votes.Where(v => v.Passed == true).ToList();
        var n = 0;
        foreach (var p in Paragraphs(text)) body.Add(p with { Text = $"{++n}. {p.Text}" });
        if (passed.Count > 0)
            body.Add(new($"{++n}. Hội nghị đã biểu quyết thông qua: {string.Join("; ", passed.Select(v => v.Question))}."));
        if (r.Tasks.Count > 0)
        {
            body.Add(new($"{++n}. Giao nhiệm vụ:"));
            body.AddRange(r.Tasks.Select(t => new Nd30Paragraph($"- {t.Title}{(t.Lead is null ? "" : $": {t.Lead} chủ trì")}{(t.Deadline is null ? "" : $", hoàn thành trước ngày {Formats.Date(t.Deadline)}")};",
                Nd30Style.Item)));
        }
        body.Add(new($"{organ} thông báo để các đơn vị, cá nhân liên quan biết, thực hiện./."));
        return body;
    }

    /// <summary>The record sheet: the meeting, its agenda, who was invited and came, the votes, who spoke, its materials and papers.</summary>
    private static PrintedTable Sheet(string organ, Meeting m, Record r)
    {
        var rows = new List<PrintedRow>();
        void Section(string title) => rows.Add(new PrintedRow([title, null, null], Strong: true, Span: true));
        Section("I. Chương trình");
        rows.AddRange(r.Agenda.Select(a => new PrintedRow([a.Order.ToString(), a.Title, a.Presenter])));
        Section("II. Thành phần và điểm danh");
        rows.AddRange(r.People.Select((p, i) => new PrintedRow([(i + 1).ToString(), $"{p.Name}{(p.Organ is null ? "" : $", {p.Organ}")}{(p.IsMember ? " (ủy viên)" : "")}",
            p.Present ? "Có mặt" : $"Vắng{Reason(p)}"])));
        Section("III. Biểu quyết");
        rows.AddRange(r.Votes.Select((v, i) => new PrintedRow([(i + 1).ToString(), $"{v.Question}{(v.Secret ? " (bỏ phiếu kín)" : "")}", VoteResult(v)])));
        Section("IV. Phát biểu");
        rows.AddRange(r.Speakers.Select((s, i) => new PrintedRow([(i + 1).ToString(), s.Name, s.Topic])));
        Section("V. Tài liệu họp (bản đã phát hành)");
        rows.AddRange(r.Materials.Select((x, i) => new PrintedRow([(i + 1).ToString(), $"{x.Title} (bản {x.Number}){(x.AgendaItem is null ? "" : $" – {x.AgendaItem}")}",
            $"SHA-256 {x.Sha256}{(x.Opinions > 0 ? $"; {x.Opinions} ý kiến góp ý" : "")}"])));
        Section("VI. Văn bản của cuộc họp");
        rows.AddRange(r.Papers.Select((p, i) => new PrintedRow([(i + 1).ToString(), MeetingPaper.KindName(p.Kind), p.Code ?? OutgoingText.Status(p.Status)])));
        return new PrintedTable(organ, "HỒ SƠ CUỘC HỌP",
            [$"{Meeting.BodyName(m.Body)}: {m.Title}", $"Thời gian: {When(m.StartsAt)}{(m.Place is null ? "" : $"; địa điểm: {m.Place}")}", $"Chủ trì: {r.PresidingName}"],
            [new PrintedColumn("STT", 6, Centered: true), new PrintedColumn("Nội dung", 60), new PrintedColumn("Chi tiết", 50)], rows, NumberColumns: false, Portrait: true);
    }

    private static string VoteResult(VoteLine v) => v.Status != VoteStatus.Closed ? "chưa kết thúc"
        : $"{v.Yes} tán thành, {v.No} không tán thành, {v.Abstain} không biểu quyết; {v.Present}/{v.Members} ủy viên có mặt – {(v.Passed == true ? "thông qua" : "không thông qua")}.";

    private static string Reason(Person p) => p.Response switch
    {
        InviteeResponse.Declined => p.Note is null ? " (có báo vắng)" : $" (lý do: {p.Note})",
        InviteeResponse.Substitute => p.Substitute is null ? " (cử người dự thay)" : $" (cử đồng chí {p.Substitute} dự thay)",
        _ => "",
    };

    private static IEnumerable<Nd30Paragraph> Paragraphs(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => new Nd30Paragraph(t));

    private static string When(DateTimeOffset at)
    {
        var local = Schedules.Schedules.Local(at);
        return $"{local:HH} giờ {local:mm}, {LowerFirst(Schedules.Schedules.DayName(local.DayOfWeek))} ngày {local:dd/MM/yyyy}";
    }

    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLower(s[0], Formats.Vi) + s[1..];

    /// <summary>The collective a Charter body's papers are signed for ("TM. BAN THƯỜNG VỤ"); none for the office's meetings.</summary>
    private static string? Collective(MeetingBody b) => b switch
    {
        MeetingBody.BanChapHanh => "Ban Chấp hành",
        MeetingBody.BanThuongVu => "Ban Thường vụ",
        MeetingBody.DoanChuTich => "Đoàn Chủ tịch",
        MeetingBody.UyBanKiemTra => "Ủy ban Kiểm tra",
        _ => null,
    };
}
