using UnionOffice.Common;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

/// <summary>Độ khẩn (NĐ30): Hỏa tốc first.</summary>
public enum Urgency
{
    Normal = 0,
    Urgent = 1,       // Khẩn
    VeryUrgent = 2,   // Thượng khẩn
    Immediate = 3,    // Hỏa tốc
}

public enum IncomingStatus
{
    /// <summary>Registered with its arrival number; waits to be presented to the head.</summary>
    Registered = 0,
    /// <summary>Presented (trình) to the head; waits for direction.</summary>
    Presented = 1,
    /// <summary>Directed: lead, co-handlers and readers assigned (status 04 towards the sender).</summary>
    Assigned = 2,
    /// <summary>Someone has started handling it (05).</summary>
    InProgress = 3,
    /// <summary>The lead has finished (06).</summary>
    Done = 4,
}

/// <summary>Sổ văn bản đến of an organ for one year: the arrival number runs 1, 2, 3 … through the year.</summary>
public sealed class IncomingRegister : Registers.IYearRegister
{
    private IncomingRegister() { }

    public IncomingRegister(Guid organizationId, int year)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Year = year;
        Name = $"Sổ đăng ký văn bản đến năm {year}";
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The last arrival number given; advanced only by an atomic update inside the registering transaction.</summary>
    public long LastNumber { get; private set; }
}

/// <summary>
/// Văn bản đến, with the metadata of NĐ30 Phụ lục VI Part II §II (field lengths as there). Created only by
/// <see cref="Register"/>, which enforces the rules; later steps (presenting, direction, handling) extend this entity.
/// </summary>
public sealed class IncomingDocument : IVersioned
{
    private IncomingDocument() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid RegisterId { get; private set; }
    public long ArrivalNumber { get; private set; }
    public DateOnly ArrivalDate { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public Guid RegisteredByUserId { get; private set; }
    public Guid? RegisteredOnBehalfOfUserId { get; private set; }
    public string IssuerName { get; private set; } = "";
    public string? IssuerCode { get; private set; }
    public string CodeNumber { get; private set; } = "";
    public string CodeNotation { get; private set; } = "";
    public DateOnly IssuedDate { get; private set; }
    public string TypeName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Language { get; private set; } = "Tiếng Việt";
    public int? PageAmount { get; private set; }
    public string? Description { get; private set; }
    public string? SignerPosition { get; private set; }
    public string? SignerName { get; private set; }
    public Urgency Urgency { get; private set; }
    public string? ToPlaces { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public IncomingStatus Status { get; private set; }
    public DateTimeOffset? PresentedAt { get; private set; }
    public Guid? PresentedToUserId { get; private set; }
    public string? Direction { get; private set; }
    public DateTimeOffset? DirectedAt { get; private set; }
    public Guid? DirectedByUserId { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }
    /// <summary>The sender recalled it (thu hồi): the copy stays for the record, frozen — no further handling.</summary>
    public DateTimeOffset? RecalledAt { get; private set; }
    /// <summary>Issuer, number, notation and subject folded (no diacritics, lower case) for search and duplicate checks.</summary>
    public string SearchKey { get; private set; } = "";
    public string DuplicateKey { get; private set; } = "";
    /// <summary>The document this one answers, as its sender named it (edXML ResponseFor; <see cref="DocumentReference"/>).</summary>
    public string? ReplyToKey { get; private set; }

    /// <summary>Taken from the arrival at acceptance: the sender said what it answers.</summary>
    internal void Answers(string? key) => ReplyToKey = DocumentReference.Parse(key)?.Key;

    public sealed record Fields(
        string? IssuerName, string? IssuerCode, string? CodeNumber, string? CodeNotation, DateOnly? IssuedDate,
        string? TypeName, string? Subject, string? Language, int? PageAmount, string? Description,
        string? SignerPosition, string? SignerName, Urgency Urgency, string? Secrecy, string? ToPlaces, DateOnly? DueDate);

    /// <summary>No official document of the country is older than the country (2 September 1945): an earlier date is a typing mistake.</summary>
    public static readonly DateOnly FirstDay = new(1945, 9, 2);

    /// <summary>Checks everything that does not need the database; the number comes afterwards from the register.</summary>
    public static IncomingDocument Register(Guid organizationId, Fields f, DateOnly arrivalDate, DateOnly today,
        Guid byUserId, Guid? onBehalfOf, DateTimeOffset now)
    {
        RefuseSecret(f.Secrecy);
        RefuseComplaint(f.TypeName, f.Subject);
        var errors = new List<string>();
        string Required(string? v, string field, int max)
        {
            var t = Clean(v);
            if (t.Length == 0) errors.Add($"{field} không được để trống.");
            else if (t.Length > max) errors.Add($"{field} quá dài (tối đa {max} ký tự).");
            return t;
        }
        string? Optional(string? v, string field, int max)
        {
            var t = Clean(v);
            if (t.Length > max) errors.Add($"{field} quá dài (tối đa {max} ký tự).");
            return t.Length == 0 ? null : t;
        }
        var doc = new IncomingDocument
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            IssuerName = Required(f.IssuerName, "Tên cơ quan ban hành", 200),
            IssuerCode = Optional(f.IssuerCode, "Mã định danh cơ quan ban hành", 13)?.ToUpperInvariant(),
            CodeNumber = Required(f.CodeNumber, "Số của văn bản", 11),
            CodeNotation = Required(f.CodeNotation, "Ký hiệu của văn bản", 30),
            TypeName = Required(f.TypeName, "Tên loại văn bản", 100),
            Subject = Required(f.Subject, "Trích yếu nội dung", 500),
            Language = Optional(f.Language, "Ngôn ngữ", 30) ?? "Tiếng Việt",
            Description = Optional(f.Description, "Ghi chú", 500),
            SignerPosition = Optional(f.SignerPosition, "Chức vụ người ký", 100),
            SignerName = Optional(f.SignerName, "Họ tên người ký", 50),
            ToPlaces = Optional(f.ToPlaces, "Đơn vị hoặc người nhận", 1000),
            Urgency = f.Urgency,
            PageAmount = f.PageAmount,
            DueDate = f.DueDate,
            ArrivalDate = arrivalDate,
            RegisteredAt = now,
            RegisteredByUserId = byUserId,
            RegisteredOnBehalfOfUserId = onBehalfOf,
            Status = IncomingStatus.Registered,
        };
        if (f.IssuedDate is not { } issued) errors.Add("Ngày, tháng, năm văn bản không được để trống.");
        else
        {
            doc.IssuedDate = issued;
            if (issued > arrivalDate) errors.Add("Ngày văn bản không thể sau ngày đến.");
            if (issued < FirstDay) errors.Add($"Ngày văn bản {Formats.Date(issued)} không hợp lệ (trước ngày 02/09/1945).");
        }
        if (!Enum.IsDefined(f.Urgency)) errors.Add("Độ khẩn không hợp lệ (Normal, Urgent, VeryUrgent, Immediate).");
        if (arrivalDate > today) errors.Add("Ngày đến không thể ở tương lai.");
        if (arrivalDate.Year != today.Year) errors.Add($"Chỉ đăng ký được văn bản đến trong năm {today.Year} vào sổ năm {today.Year}.");
        if (f.PageAmount is < 1 or > 999) errors.Add("Số trang phải từ 1 đến 999.");
        if (f.DueDate is { } due && due < arrivalDate) errors.Add("Thời hạn giải quyết không thể trước ngày đến.");
        if (errors.Count > 0) throw new DomainException(IncomingErrors.Invalid(errors));
        doc.DuplicateKey = DuplicateKeyOf(doc.IssuerCode ?? doc.IssuerName, doc.CodeNumber, doc.CodeNotation);
        doc.SearchKey = VietnameseText.Fold($"{doc.IssuerName} {doc.CodeNumber}/{doc.CodeNotation} {doc.TypeName} {doc.Subject} {doc.SignerName}");
        return doc;
    }

    /// <summary>The clerk presents the document to the head (NĐ30 Điều 23.1); urgent ones go first in the head's list.</summary>
    public void Present(Guid? toHeadUserId, DateTimeOffset now)
    {
        if (Status != IncomingStatus.Registered) throw new DomainException(IncomingErrors.WrongStatus(Status, "trình"));
        Status = IncomingStatus.Presented;
        PresentedAt = now;
        PresentedToUserId = toHeadUserId;
    }

    public sealed record Target(AssignmentKind Kind, Guid? DepartmentId, Guid? UserId);

    /// <summary>
    /// The head writes the direction (ý kiến chỉ đạo), the deadline and who handles it: exactly one lead,
    /// co-handlers and readers, no one twice (NĐ30 Điều 23.2).
    /// </summary>
    public List<IncomingAssignment> Direct(string? direction, DateOnly? deadline, IReadOnlyList<Target> targets, DateOnly today,
        Guid byUserId, Guid? onBehalfOf, DateTimeOffset now)
    {
        if (Status is not (IncomingStatus.Registered or IncomingStatus.Presented))
            throw new DomainException(IncomingErrors.WrongStatus(Status, "cho ý kiến chỉ đạo"));
        var text = (direction ?? "").Trim();
        var problems = new List<string>();
        if (text.Length == 0) problems.Add("Ý kiến chỉ đạo không được để trống.");
        if (text.Length > 2000) problems.Add("Ý kiến chỉ đạo quá dài (tối đa 2000 ký tự).");
        if (targets.Count(t => t.Kind == AssignmentKind.Lead) != 1) problems.Add("Phải có đúng một đơn vị hoặc cá nhân chủ trì.");
        if (targets.GroupBy(t => (t.DepartmentId, t.UserId)).Any(g => g.Count() > 1)) problems.Add("Mỗi đơn vị, cá nhân chỉ được giao một lần.");
        if (deadline is { } d && d < today) problems.Add("Thời hạn giải quyết không thể ở quá khứ.");
        if (problems.Count > 0) throw new DomainException(IncomingErrors.Invalid(problems));
        Direction = text;
        DueDate = deadline ?? DueDate;
        DirectedAt = now;
        DirectedByUserId = byUserId;
        Status = IncomingStatus.Assigned;
        return targets.Select(t => new IncomingAssignment(Id, t.Kind, t.DepartmentId, t.UserId, DueDate, byUserId, onBehalfOf, null, now)).ToList();
    }

    /// <summary>The lead returned the work: the document waits for the head's direction again.</summary>
    internal void BackToHead()
    {
        if (Status is IncomingStatus.Assigned or IncomingStatus.InProgress) Status = IncomingStatus.Presented;
    }

    internal void MarkInProgress()
    {
        if (Status == IncomingStatus.Assigned) Status = IncomingStatus.InProgress;
    }

    internal void MarkDone(DateTimeOffset now)
    {
        Status = IncomingStatus.Done;
        DoneAt = now;
    }

    internal void Freeze(DateTimeOffset now) => RecalledAt ??= now;

    /// <summary>
    /// Before the number: saved in the registering transaction (seen by nobody else) with a negative stand-in for the
    /// arrival number, taken from the document's own random id so that the unique (RegisterId, ArrivalNumber) of the
    /// register holds; the number replaces it under the register's lock, in the same transaction.
    /// </summary>
    internal void AwaitNumber(Guid registerId)
    {
        RegisterId = registerId;
        ArrivalNumber = -1 - (long)(BitConverter.ToUInt64(Id.ToByteArray(), 8) >> 1);
    }

    internal void Number(Guid registerId, long arrivalNumber)
    {
        RegisterId = registerId;
        ArrivalNumber = arrivalNumber;
    }

    /// <summary>Seed 002 Điều 5: documents classified Mật, Tối mật or Tuyệt mật never enter the system.</summary>
    public static void RefuseSecret(string? secrecy)
    {
        var s = VietnameseText.Fold(secrecy ?? "");
        if (s.Length == 0 || s is "thuong" or "khong" or "binh thuong" or "normal") return;
        throw new DomainException(IncomingErrors.SecretRefused(secrecy!.Trim()));
    }

    /// <summary>
    /// Seed 002 Điều 5: complaints and denunciations (đơn thư khiếu nại, tố cáo — Mật in the inspection sector, Thông tư
    /// 08/2015/TT-BCA Điều 1) stay out of the system like Mật documents. Known by their type ("Đơn khiếu nại", "Đơn thư tố
    /// cáo", "Khiếu nại"…) or by a subject that is the letter itself ("Đơn tố cáo ông …"); a công văn about handling them
    /// ("V/v hướng dẫn giải quyết khiếu nại, tố cáo") is an ordinary document.
    /// </summary>
    public static void RefuseComplaint(string? typeName, string? subject)
    {
        if (IsComplaint(typeName, subject)) throw new DomainException(IncomingErrors.ComplaintRefused);
    }

    public static bool IsComplaint(string? typeName, string? subject)
    {
        var type = VietnameseText.Fold(Words(typeName));
        var about = VietnameseText.Fold(Words(subject));
        static bool Names(string s) => s.Contains("khieu nai", StringComparison.Ordinal) || s.Contains("to cao", StringComparison.Ordinal);
        return type is "don thu"
            || (type.Length > 0 && Names(type))
            || (about.StartsWith("don ", StringComparison.Ordinal) && Names(about));
    }

    private static string Words(string? v) => string.Join(' ', (v ?? "").Split([' ', '\t', '\r', '\n', ',', ';', ':', '.'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The issuer the duplicate key names: the organ's code once it is known (given, or found by its name).</summary>
    internal void KeyByIssuer(string issuer) => DuplicateKey = DuplicateKeyOf(issuer, CodeNumber, CodeNotation);

    public static string DuplicateKeyOf(string issuer, string number, string notation) =>
        VietnameseText.Fold($"{issuer}|{number}|{notation}").Replace(" ", "", StringComparison.Ordinal);

    private static string Clean(string? v) =>
        TextRules.OneLine(v);
}
