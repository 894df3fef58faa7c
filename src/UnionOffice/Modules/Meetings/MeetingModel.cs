using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Meetings;

/// <summary>The bodies whose meetings the organ holds (Điều lệ Công đoàn Việt Nam) and the office's own.</summary>
public enum MeetingBody
{
    BanChapHanh = 0,
    BanThuongVu = 1,
    DoanChuTich = 2,
    ThuongTruc = 3,
    UyBanKiemTra = 4,
    GiaoBan = 5,
    Other = 6,
}

public enum MeetingStatus
{
    Draft = 0,
    /// <summary>Invitations sent; invitees answer.</summary>
    Convened = 1,
    /// <summary>Under way: attendance, votes.</summary>
    InProgress = 2,
    Closed = 3,
    Cancelled = 4,
}

/// <summary>
/// A meeting of one of the organ's bodies or of its office: convened with its agenda and invitees — the body's members,
/// who vote, and others inside or outside the system, who do not — held with attendance and votes under the body's
/// rules of quorum and majority, and closed.
/// </summary>
public sealed class Meeting : IVersioned
{
    private Meeting() { }

    public Meeting(Guid organizationId, MeetingBody body, string? title, DateTimeOffset startsAt, DateTimeOffset endsAt, string? place, Guid presidingUserId,
        int quorumNumerator, int quorumDenominator, bool majorityOfMembers, Guid byUserId, DateTimeOffset now)
    {
        var t = TextRules.OneLine(title);
        var p = TextRules.OneLine(place);
        var problems = new List<string>();
        if (!Enum.IsDefined(body)) problems.Add("Chọn cơ quan họp (Ban Chấp hành, Ban Thường vụ…).");
        if (t.Length is 0 or > 500) problems.Add("Tên cuộc họp từ 1 đến 500 ký tự.");
        if (p.Length > 300) problems.Add("Địa điểm quá dài (tối đa 300 ký tự).");
        if (endsAt <= startsAt) problems.Add("Giờ kết thúc phải sau giờ bắt đầu.");
        if (quorumDenominator is < 1 or > 100 || quorumNumerator < 1 || quorumNumerator > quorumDenominator)
            problems.Add("Tỷ lệ tối thiểu có mặt là một phân số từ 1/100 đến 1 (ví dụ 2/3).");
        if (problems.Count > 0) throw new DomainException(MeetingErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Body = body;
        Title = t;
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        Place = p.Length == 0 ? null : p;
        PresidingUserId = presidingUserId;
        QuorumNumerator = quorumNumerator;
        QuorumDenominator = quorumDenominator;
        MajorityOfMembers = majorityOfMembers;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public MeetingBody Body { get; private set; }
    public string Title { get; private set; } = "";
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string? Place { get; private set; }
    public Guid PresidingUserId { get; private set; }
    /// <summary>The share of the body's members who must be present for it to decide, as a fraction (2/3 for the Charter's bodies).</summary>
    public int QuorumNumerator { get; private set; }
    public int QuorumDenominator { get; private set; }
    /// <summary>A decision passes with more than half of all the body's members (true) or of those present who vote (false).</summary>
    public bool MajorityOfMembers { get; private set; }
    public MeetingStatus Status { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Its engagement in the organ's weekly schedule, made when it is convened.</summary>
    public Guid? ScheduleEventId { get; private set; }
    /// <summary>The dossier its record (agenda, attendance, votes, materials, papers) was filed into, once the meeting closed.</summary>
    public Guid? RecordDossierId { get; private set; }

    public static string BodyName(MeetingBody b) => b switch
    {
        MeetingBody.BanChapHanh => "Hội nghị Ban Chấp hành",
        MeetingBody.BanThuongVu => "Hội nghị Ban Thường vụ",
        MeetingBody.DoanChuTich => "Họp Đoàn Chủ tịch",
        MeetingBody.ThuongTruc => "Họp Thường trực",
        MeetingBody.UyBanKiemTra => "Họp Ủy ban Kiểm tra",
        MeetingBody.GiaoBan => "Giao ban",
        _ => "Cuộc họp",
    };

    public static string StatusText(MeetingStatus s) => s switch
    {
        MeetingStatus.Draft => "Đang chuẩn bị",
        MeetingStatus.Convened => "Đã triệu tập",
        MeetingStatus.InProgress => "Đang họp",
        MeetingStatus.Closed => "Đã kết thúc",
        MeetingStatus.Cancelled => "Đã hủy",
        _ => s.ToString(),
    };

    /// <summary>How many members present make the quorum of the body's rule (rounded up): 6 of 9 for two thirds.</summary>
    public int QuorumNeeded(int members) => (members * QuorumNumerator + QuorumDenominator - 1) / QuorumDenominator;

    internal void Require(MeetingStatus s, string step)
    {
        if (Status != s) throw new DomainException(MeetingErrors.WrongStatus(StatusText(Status), step));
    }

    internal void Convene(Guid? scheduleEventId)
    {
        Require(MeetingStatus.Draft, "triệu tập");
        Status = MeetingStatus.Convened;
        ScheduleEventId = scheduleEventId;
    }

    internal void Start()
    {
        Require(MeetingStatus.Convened, "khai mạc");
        Status = MeetingStatus.InProgress;
    }

    internal void Close()
    {
        Require(MeetingStatus.InProgress, "bế mạc");
        Status = MeetingStatus.Closed;
    }

    internal void FiledInto(Guid dossierId)
    {
        Require(MeetingStatus.Closed, "đưa hồ sơ cuộc họp vào hồ sơ công việc");
        if (RecordDossierId is not null) throw new DomainException(new Error("MEETING_ALREADY_FILED", "Hồ sơ cuộc họp này đã được đưa vào hồ sơ công việc.", 409));
        RecordDossierId = dossierId;
    }
}

public sealed class AgendaItem
{
    private AgendaItem() { }

    public AgendaItem(Guid meetingId, int order, string? title, string? presenter)
    {
        var t = TextRules.OneLine(title);
        var p = TextRules.OneLine(presenter);
        if (t.Length is 0 or > 500) throw new DomainException(MeetingErrors.Invalid(["Mỗi nội dung chương trình từ 1 đến 500 ký tự."]));
        if (p.Length > 200) throw new DomainException(MeetingErrors.Invalid(["Người trình bày quá dài (tối đa 200 ký tự)."]));
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        Order = order;
        Title = t;
        Presenter = p.Length == 0 ? null : p;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public int Order { get; private set; }
    public string Title { get; private set; } = "";
    public string? Presenter { get; private set; }
}

public enum InviteeResponse
{
    Pending = 0,
    Accepted = 1,
    Declined = 2,
    /// <summary>Sends someone in their place (cử người dự thay): the substitute attends, without the member's vote.</summary>
    Substitute = 3,
}

/// <summary>
/// Someone invited: a person of the system (the body's member, who votes, or another invitee) or someone outside it,
/// named; their answer, their substitute, and whether they are present.
/// </summary>
public sealed class Invitee : IVersioned
{
    private Invitee() { }

    public Invitee(Guid meetingId, Guid? userId, string? externalName, string? externalOrgan, bool isMember, string? externalEmail = null)
    {
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        UserId = userId;
        var n = TextRules.OneLine(externalName);
        var o = TextRules.OneLine(externalOrgan);
        if (userId is null && (n.Length is 0 or > 200 || o.Length > 300)) throw new DomainException(MeetingErrors.Invalid(["Khách mời ngoài hệ thống cần họ tên (tối đa 200 ký tự) và cơ quan."]));
        ExternalName = userId is null ? n : null;
        ExternalOrgan = userId is null && o.Length > 0 ? o : null;
        var e = (externalEmail ?? "").Trim().ToLowerInvariant();
        if (userId is null && e.Length > 0 && (e.Length > 200 || !System.Net.Mail.MailAddress.TryCreate(e, out _)))
            throw new DomainException(MeetingErrors.Invalid([$"Địa chỉ thư điện tử của khách mời \"{(e.Length > 60 ? e[..60] + "…" : e)}\" không hợp lệ."]));
        ExternalEmail = userId is null && e.Length > 0 ? e : null;
        IsMember = isMember && userId is not null;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid? UserId { get; private set; }
    public string? ExternalName { get; private set; }
    public string? ExternalOrgan { get; private set; }
    /// <summary>Where someone outside the system receives the Giấy mời (sent by e-mail when it is issued through the outgoing flow).</summary>
    public string? ExternalEmail { get; private set; }
    /// <summary>A member of the body: counts for the quorum and votes.</summary>
    public bool IsMember { get; private set; }
    public InviteeResponse Response { get; private set; }
    public Guid? SubstituteUserId { get; private set; }
    public string? ResponseNote { get; private set; }
    public DateTimeOffset? RespondedAt { get; private set; }
    public bool Present { get; private set; }
    public DateTimeOffset? PresentAt { get; private set; }

    internal void Respond(InviteeResponse response, Guid? substitute, string? note, DateTimeOffset now)
    {
        if (response is InviteeResponse.Pending || !Enum.IsDefined(response)) throw new DomainException(MeetingErrors.Invalid(["Chọn: dự, không dự hoặc cử người dự thay."]));
        var n = TextRules.OneLine(note);
        if (n.Length > 500) throw new DomainException(MeetingErrors.Invalid(["Ghi chú quá dài (tối đa 500 ký tự)."]));
        if (response == InviteeResponse.Declined && n.Length == 0) throw new DomainException(MeetingErrors.Invalid(["Ghi rõ lý do vắng mặt."]));
        if (response == InviteeResponse.Substitute && substitute is null) throw new DomainException(MeetingErrors.Invalid(["Chọn người dự thay."]));
        Response = response;
        SubstituteUserId = response == InviteeResponse.Substitute ? substitute : null;
        ResponseNote = n.Length == 0 ? null : n;
        RespondedAt = now;
    }

    internal void Attend(bool present, DateTimeOffset now)
    {
        Present = present;
        PresentAt = present ? now : null;
    }
}

public enum VoteChoice
{
    Yes = 0,
    No = 1,
    Abstain = 2,
}

public enum VoteStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>
/// Biểu quyết: a question put to the body's members present, open (each ballot shows how its voter voted) or secret (a
/// ballot shows only that its voter voted; the choices are kept apart, without their voters). Closed, its result is
/// computed and kept: passed when the yes votes are more than half of the base the body's rules name.
/// </summary>
public sealed class MeetingVote : IVersioned
{
    private MeetingVote() { }

    public MeetingVote(Guid meetingId, Guid? agendaItemId, string? question, bool secret, DateTimeOffset now)
    {
        var q = TextRules.OneLine(question);
        if (q.Length is 0 or > 1000) throw new DomainException(MeetingErrors.Invalid(["Nội dung biểu quyết từ 1 đến 1000 ký tự."]));
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        AgendaItemId = agendaItemId;
        Question = q;
        Secret = secret;
        OpenedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid? AgendaItemId { get; private set; }
    public string Question { get; private set; } = "";
    public bool Secret { get; private set; }
    public VoteStatus Status { get; private set; }
    public DateTimeOffset OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public int? Yes { get; private set; }
    public int? No { get; private set; }
    public int? Abstain { get; private set; }
    /// <summary>Members of the body present when it closed, and the whole body: the bases of the quorum and the majority.</summary>
    public int? Present { get; private set; }
    public int? Members { get; private set; }
    public bool? Passed { get; private set; }

    /// <summary>The result, counted once the vote was closed in the database (no ballot can arrive after that).</summary>
    internal void Record(int yes, int no, int abstain, int present, int members, bool quorate, bool majorityOfMembers, DateTimeOffset now)
    {
        Yes = yes;
        No = no;
        Abstain = abstain;
        Present = present;
        Members = members;
        var bases = majorityOfMembers ? members : yes + no + abstain;
        Passed = quorate && yes * 2 > bases;
        Status = VoteStatus.Closed;
        ClosedAt = now;
    }
}

/// <summary>That a member voted (one per member and vote, the unique key says so); how, only when the vote is open.</summary>
public sealed class Ballot
{
    private Ballot() { }

    public Ballot(Guid voteId, Guid voterUserId, VoteChoice? choice, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        VoteId = voteId;
        VoterUserId = voterUserId;
        Choice = choice;
        CastAt = now;
    }

    public Guid Id { get; private set; }
    public Guid VoteId { get; private set; }
    public Guid VoterUserId { get; private set; }
    /// <summary>Null in a secret vote.</summary>
    public VoteChoice? Choice { get; private set; }
    public DateTimeOffset CastAt { get; private set; }
}

/// <summary>
/// A secret vote's choice, apart from who made it: a random identifier (not time-ordered) and no time, written in the same
/// transaction as the voter's ballot, so it exists exactly when the ballot does.
/// </summary>
public sealed class SecretChoice
{
    private SecretChoice() { }

    public SecretChoice(Guid voteId, VoteChoice choice)
    {
        Id = Guid.NewGuid();
        VoteId = voteId;
        Choice = choice;
    }

    public Guid Id { get; private set; }
    public Guid VoteId { get; private set; }
    public VoteChoice Choice { get; private set; }
}

/// <summary>Đăng ký phát biểu: someone present asks to speak on a topic; the presiding person gives the floor in turn.</summary>
public sealed class SpeakRequest
{
    private SpeakRequest() { }

    public SpeakRequest(Guid meetingId, Guid userId, string? topic, DateTimeOffset now)
    {
        var t = TextRules.OneLine(topic);
        if (t.Length > 300) throw new DomainException(MeetingErrors.Invalid(["Nội dung phát biểu quá dài (tối đa 300 ký tự)."]));
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        UserId = userId;
        Topic = t.Length == 0 ? null : t;
        RequestedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid UserId { get; private set; }
    public string? Topic { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? SpokeAt { get; private set; }

    internal void Spoke(DateTimeOffset now) => SpokeAt ??= now;
}

/// <summary>
/// Tài liệu họp: a PDF for the meeting (or one agenda item), in versions (a series keeps the first version's id), seen by
/// the invitees only once the office releases it, downloadable only where the office allows; marked with the reader's name
/// on every page whenever opened.
/// </summary>
public sealed class MeetingMaterial : IVersioned
{
    private MeetingMaterial() { }

    public MeetingMaterial(Guid meetingId, Guid? agendaItemId, Guid? seriesId, int number, string? title, Guid fileId, bool downloadable, Guid byUserId, DateTimeOffset now,
        bool forOpinion = false)
    {
        var t = TextRules.OneLine(title);
        if (t.Length is 0 or > 300) throw new DomainException(MeetingErrors.Invalid(["Tên tài liệu từ 1 đến 300 ký tự."]));
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        AgendaItemId = agendaItemId;
        SeriesId = seriesId ?? Id;
        Number = number;
        Title = t;
        FileId = fileId;
        Downloadable = downloadable;
        ForOpinion = forOpinion;
        UploadedByUserId = byUserId;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid? AgendaItemId { get; private set; }
    /// <summary>The first version's id: every version of one material shares it.</summary>
    public Guid SeriesId { get; private set; }
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public Guid FileId { get; private set; }
    public bool Downloadable { get; private set; }
    /// <summary>A draft put to the meeting for opinions (góp ý dự thảo): each invitee gives theirs, the office and the presiding person read them all.</summary>
    public bool ForOpinion { get; private set; }
    public bool Released { get; private set; }
    public DateTimeOffset? ReleasedAt { get; private set; }
    public Guid UploadedByUserId { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }

    internal void Release(DateTimeOffset now)
    {
        if (Released) throw new DomainException(MeetingErrors.MaterialReleased);
        Released = true;
        ReleasedAt = now;
    }
}

/// <summary>A person's own notes on a material (all its versions): nobody else reads them.</summary>
public sealed class MaterialNote
{
    private MaterialNote() { }

    public MaterialNote(Guid seriesId, Guid userId)
    {
        Id = Guid.CreateVersion7();
        SeriesId = seriesId;
        UserId = userId;
    }

    public Guid Id { get; private set; }
    public Guid SeriesId { get; private set; }
    public Guid UserId { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    internal void Write(string? text, DateTimeOffset now)
    {
        var t = (text ?? "").Trim();
        if (t.Length > 10_000) throw new DomainException(MeetingErrors.Invalid(["Ghi chú quá dài (tối đa 10.000 ký tự)."]));
        Text = t;
        UpdatedAt = now;
    }
}

/// <summary>An invitee's opinion on a draft put to the meeting (one per person and material, rewritten until the meeting closes).</summary>
public sealed class MaterialOpinion
{
    private MaterialOpinion() { }

    public MaterialOpinion(Guid meetingId, Guid seriesId, Guid userId)
    {
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        SeriesId = seriesId;
        UserId = userId;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public Guid SeriesId { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>The version of the draft the opinion was given on.</summary>
    public int OnNumber { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset GivenAt { get; private set; }

    internal void Give(string? text, int onNumber, DateTimeOffset now)
    {
        var t = TextRules.Clean(text ?? "").Trim();
        if (t.Length is 0 or > 10_000) throw new DomainException(MeetingErrors.Invalid(["Ý kiến góp ý từ 1 đến 10.000 ký tự."]));
        Text = t;
        OnNumber = onNumber;
        GivenAt = now;
    }
}

/// <summary>Which of a meeting's papers an outgoing draft is (NĐ30 Phụ lục III: Giấy mời, Biên bản, Thông báo).</summary>
public enum MeetingPaperKind
{
    Invitation = 0,
    Minutes = 1,
    Conclusion = 2,
}

/// <summary>
/// A paper of the meeting drafted from its record and gone through the outgoing flow (reviewed, signed, numbered,
/// issued like any document): the Giấy mời before it, the Biên bản and the Thông báo kết luận after it.
/// </summary>
public sealed class MeetingPaper
{
    private MeetingPaper() { }

    public MeetingPaper(Guid meetingId, MeetingPaperKind kind, Guid documentId, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        MeetingId = meetingId;
        Kind = kind;
        DocumentId = documentId;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public MeetingPaperKind Kind { get; private set; }
    public Guid DocumentId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static string KindName(MeetingPaperKind k) => k switch
    {
        MeetingPaperKind.Invitation => "Giấy mời",
        MeetingPaperKind.Minutes => "Biên bản",
        _ => "Thông báo kết luận",
    };
}

public static class MeetingErrors
{
    public static Error Invalid(IEnumerable<string> problems) => new("MEETING_INVALID", string.Join(" ", problems));
    public static readonly Error NotFound = new("MEETING_NOT_FOUND", "Không tìm thấy cuộc họp.", 404);
    public static Error WrongStatus(string status, string step) => new("MEETING_WRONG_STATUS", $"Không thể {step}: cuộc họp đang ở trạng thái \"{status}\".", 409);
    public static readonly Error PersonUnknown = new("MEETING_PERSON_UNKNOWN", "Người được mời phải có tài khoản tại cơ quan triệu tập (kể cả ủy viên của cơ quan khác).", 400);
    public static readonly Error NotInvited = new("MEETING_NOT_INVITED", "Bạn không có trong danh sách mời của cuộc họp này.", 403);
    public static readonly Error VoteNotFound = new("VOTE_NOT_FOUND", "Không tìm thấy nội dung biểu quyết.", 404);
    public static readonly Error VoteClosed = new("VOTE_CLOSED", "Biểu quyết đã kết thúc.", 409);
    public static readonly Error AlreadyVoted = new("VOTE_ALREADY_CAST", "Bạn đã biểu quyết nội dung này.", 409);
    public static readonly Error MaterialNotFound = new("MATERIAL_NOT_FOUND", "Không tìm thấy tài liệu họp.", 404);
    public static readonly Error MaterialReleased = new("MATERIAL_RELEASED", "Tài liệu này đã được phát hành.", 409);
    public static readonly Error MaterialNotPdf = new("MATERIAL_NOT_PDF", "Tài liệu họp phải là tệp PDF (để xem trên điện thoại, máy tính bảng và đánh dấu tên người xem trên từng trang).", 415);
    public static readonly Error MaterialNoDownload = new("MATERIAL_NO_DOWNLOAD", "Văn phòng không cho phép tải tài liệu này về; hãy xem trực tiếp trên trang.", 403);
    public static readonly Error NotForOpinion = new("MATERIAL_NOT_FOR_OPINION", "Tài liệu này không được đưa ra xin ý kiến.", 409);
    public static readonly Error PaperExists = new("MEETING_PAPER_EXISTS", "Cuộc họp đã có dự thảo văn bản này đang xử lý; hãy tiếp tục dự thảo đó (hoặc hủy nó trước khi soạn lại).", 409);
    public static readonly Error NotKeeper = new("MEETING_FILE_NOT_KEEPER", "Chỉ người lập hồ sơ mới đưa được hồ sơ cuộc họp vào hồ sơ đó.", 403);
    public static readonly Error NotVoter = new("VOTE_NOT_A_MEMBER", "Chỉ ủy viên của cơ quan họp có mặt mới được biểu quyết.", 403);
}

internal static class MeetingModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Meeting>(m =>
        {
            m.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            m.Property(x => x.Title).HasMaxLength(500).IsRequired();
            m.Property(x => x.Place).HasMaxLength(300);
            m.HasIndex(x => new { x.OrganizationId, x.StartsAt });
            m.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            m.HasOne<AppUser>().WithMany().HasForeignKey(x => x.PresidingUserId).OnDelete(DeleteBehavior.Restrict);
            m.HasOne<Dossiers.Dossier>().WithMany().HasForeignKey(x => x.RecordDossierId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AgendaItem>(a =>
        {
            a.Property(x => x.Title).HasMaxLength(500).IsRequired();
            a.Property(x => x.Presenter).HasMaxLength(200);
            a.HasIndex(x => new { x.MeetingId, x.Order });
            a.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Invitee>(i =>
        {
            i.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            i.Property(x => x.ExternalName).HasMaxLength(200);
            i.Property(x => x.ExternalOrgan).HasMaxLength(300);
            i.Property(x => x.ExternalEmail).HasMaxLength(200);
            i.Property(x => x.ResponseNote).HasMaxLength(500);
            i.HasIndex(x => x.MeetingId);
            i.HasIndex(x => new { x.UserId, x.MeetingId });
            i.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
            i.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MeetingVote>(v =>
        {
            v.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            v.Property(x => x.Question).HasMaxLength(1000).IsRequired();
            v.HasIndex(x => x.MeetingId);
            v.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Ballot>(b =>
        {
            b.HasIndex(x => new { x.VoteId, x.VoterUserId }).IsUnique();
            b.HasOne<MeetingVote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.VoterUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MeetingMaterial>(m =>
        {
            m.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            m.Property(x => x.Title).HasMaxLength(300).IsRequired();
            m.HasIndex(x => new { x.MeetingId, x.SeriesId, x.Number }).IsUnique();
            m.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SpeakRequest>(r =>
        {
            r.Property(x => x.Topic).HasMaxLength(300);
            r.HasIndex(x => new { x.MeetingId, x.RequestedAt });
            r.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MaterialNote>(n =>
        {
            n.Property(x => x.Text).IsRequired();
            n.HasIndex(x => new { x.SeriesId, x.UserId }).IsUnique();
            n.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MaterialOpinion>(o =>
        {
            o.Property(x => x.Text).IsRequired();
            o.HasIndex(x => new { x.SeriesId, x.UserId }).IsUnique();
            o.HasIndex(x => x.MeetingId);
            o.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
            o.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MeetingPaper>(p =>
        {
            p.HasIndex(x => new { x.MeetingId, x.Kind });
            p.HasIndex(x => x.DocumentId).IsUnique();
            p.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Outgoing.OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SecretChoice>(c =>
        {
            c.HasIndex(x => x.VoteId);
            c.HasOne<MeetingVote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
