using UnionOffice.Common;
using UnionOffice.Modules.Incoming;

namespace UnionOffice.Modules.Outgoing;

/// <summary>Where a draft stands on its way to being issued (NĐ30 Điều 10–16).</summary>
public enum OutgoingStatus
{
    /// <summary>The author writes it; also where a returned draft comes back to.</summary>
    Drafting = 0,
    /// <summary>The department head checks the content.</summary>
    ContentReview = 1,
    /// <summary>The clerk checks the form (thể thức, kỹ thuật trình bày).</summary>
    FormatReview = 2,
    /// <summary>Waits for the signer (the head) to approve and sign.</summary>
    AwaitingSignature = 3,
    /// <summary>Signed by the head; waits for the clerk to number and issue it.</summary>
    Signed = 4,
    /// <summary>Numbered, sealed with the organ's signature and sent.</summary>
    Issued = 5,
    /// <summary>Taken back (thu hồi) after issue; the copies received are frozen.</summary>
    Recalled = 6,
    /// <summary>
    /// Signed by the head on paper and numbered in the register (the number and date written on the paper, the seal
    /// stamped); waits for the clerk to scan it and issue the electronic copy with the organ's signature (NĐ30 Điều 18.6, 25.1c).
    /// </summary>
    PaperSigned = 7,
}

/// <summary>Sổ đăng ký văn bản đi of an organ for one year: numbers run 1, 2, 3 … through the year (NĐ30 Điều 15).</summary>
public sealed class OutgoingRegister : Registers.IYearRegister
{
    private OutgoingRegister() { }

    public OutgoingRegister(Guid organizationId, int year)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Year = year;
        Name = $"Sổ đăng ký văn bản đi năm {year}";
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    public string Name { get; private set; } = "";
    public long LastNumber { get; private set; }
}

/// <summary>
/// A văn bản đi from its first draft to its issue: the metadata of NĐ30 Phụ lục VI Part II §I, the current version of
/// its text, who reviews, signs and issues it. The number is given only at issue, from the organ's register of the year.
/// </summary>
public sealed class OutgoingDocument : IVersioned
{
    private OutgoingDocument() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The drafting department (đơn vị soạn thảo): its code ends the notation of a công văn (…/LĐLĐ-VP).</summary>
    public Guid? DepartmentId { get; private set; }
    public Guid AuthorUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string TypeName { get; private set; } = "";
    /// <summary>The type's abbreviation in the notation (QĐ, KH, TB …); null for a công văn.</summary>
    public string? TypeCode { get; private set; }
    public string Subject { get; private set; } = "";
    public Urgency Urgency { get; private set; }
    public Guid SignerUserId { get; private set; }
    /// <summary>Ký thay / thừa lệnh / thừa ủy quyền written above the signer's title, if any.</summary>
    public string? SignerAuthority { get; private set; }
    public string? SignerPosition { get; private set; }
    /// <summary>
    /// The collective body the signer signs for, "TM." (thay mặt) — Ban Chấp hành, Ban Thường vụ, Đoàn Chủ tịch, Ủy ban
    /// Kiểm tra (NĐ30 Điều 13.2: an organ working as a collective); chosen on the draft, written above the signer's own
    /// title ("TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH", seed 002). Null: the signer signs for the organ's head or in their own name.
    /// </summary>
    public string? Collective { get; private set; }
    public string? ToPlaces { get; private set; }
    public Guid? ReplyToIncomingId { get; private set; }
    /// <summary>The task this draft was written for, when it was (issue 18: outgoing documents drafted for a task link to it).</summary>
    public Guid? TaskId { get; private set; }
    /// <summary>An issued document of the organ this one replaces (thay thế): recalled when this one is issued.</summary>
    public Guid? ReplacesId { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public OutgoingStatus Status { get; private set; }
    public string? ReturnReason { get; private set; }
    /// <summary>The version the reviewers and the signer see (1, 2, 3 …).</summary>
    public int CurrentVersion { get; private set; }
    public DateTimeOffset? SignedAt { get; private set; }
    public Guid? SignedByUserId { get; private set; }
    public Guid? SignedOnBehalfOfUserId { get; private set; }
    /// <summary>The head-signed PDF (before the number): content hash in the file store.</summary>
    public string? SignedSha256 { get; private set; }
    /// <summary>The signature image drawn in the head's block (file store hash): the organ's seal is placed over it at issue.</summary>
    public string? SignerImageSha256 { get; private set; }
    public Guid? RegisterId { get; private set; }
    public long? Number { get; private set; }
    public string? Notation { get; private set; }
    public DateOnly? IssuedDate { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }
    public Guid? IssuedByUserId { get; private set; }
    /// <summary>The issued PDF (number, date and the organ's signature added): the document every recipient gets.</summary>
    public string? IssuedSha256 { get; private set; }
    public DateTimeOffset? RecalledAt { get; private set; }
    public string? RecallReason { get; private set; }
    public string SearchKey { get; private set; } = "";
    /// <summary>The author proposes it for the organ's public page; nothing is published unless the clerk confirms at issue.</summary>
    public bool PublishRequested { get; private set; }
    /// <summary>When the clerk published it (confirmed at issue); null while not on the public page.</summary>
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid? PublishedByUserId { get; private set; }

    /// <param name="Publish">The author proposes publication on the organ's page; <c>MayPublish</c> of the organ's rule for the type must allow it.</param>
    public sealed record Fields(string? TypeName, string? Subject, Urgency Urgency, string? Secrecy, Guid SignerUserId,
        string? SignerPosition, string? ToPlaces, Guid? ReplyToIncomingId, DateOnly? DueDate, Guid? ReplacesId = null, bool Publish = false, bool MayPublish = false,
        string? Collective = null, Guid? TaskId = null);

    public static OutgoingDocument Create(Guid organizationId, Guid? departmentId, Guid authorUserId, Fields f, DateOnly today, DateTimeOffset now)
    {
        var d = new OutgoingDocument
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            DepartmentId = departmentId,
            AuthorUserId = authorUserId,
            CreatedAt = now,
            Status = OutgoingStatus.Drafting,
        };
        d.Apply(f, today);
        d.TaskId = f.TaskId; // set once: editing the metadata later does not move the draft to another task
        return d;
    }

    /// <summary>The author changes the metadata while the draft is theirs.</summary>
    public void Update(Fields f, DateOnly today)
    {
        RequireStatus(OutgoingStatus.Drafting, "sửa dự thảo");
        Apply(f, today);
    }

    private void Apply(Fields f, DateOnly today)
    {
        IncomingDocument.RefuseSecret(f.Secrecy);
        IncomingDocument.RefuseComplaint(null, f.Subject);
        var errors = new List<string>();
        var type = DocumentTypes.Find(f.TypeName);
        if (type is null) errors.Add($"Tên loại văn bản \"{f.TypeName}\" không có trong danh mục (Phụ lục III Nghị định 30 và các loại văn bản của Công đoàn).");
        var subject = Clean(f.Subject);
        if (subject.Length == 0) errors.Add("Trích yếu nội dung không được để trống.");
        else if (subject.Length > 500) errors.Add("Trích yếu nội dung quá dài (tối đa 500 ký tự).");
        var toPlaces = Clean(f.ToPlaces);
        if (toPlaces.Length > 1000) errors.Add("Nơi nhận quá dài (tối đa 1000 ký tự).");
        var position = Clean(f.SignerPosition);
        if (position.Length > 100) errors.Add("Chức vụ người ký quá dài (tối đa 100 ký tự).");
        if (f.DueDate is { } due && due < today) errors.Add("Hạn trả lời không thể ở quá khứ.");
        if (!Enum.IsDefined(f.Urgency)) errors.Add("Độ khẩn không hợp lệ (Normal, Urgent, VeryUrgent, Immediate).");
        var collective = CollectiveBodies.Find(f.Collective);
        if (Clean(f.Collective).Length > 0 && collective is null)
            errors.Add($"Tập thể ký thay mặt \"{Clean(f.Collective)}\" không có trong danh mục ({string.Join(", ", CollectiveBodies.All)}).");
        if (errors.Count > 0) throw new DomainException(OutgoingErrors.Invalid(errors));
        if (f.Publish && !f.MayPublish) throw new DomainException(DocumentPolicies.NotPublishable);
        TypeName = type!.Name;
        TypeCode = type.Code;
        Subject = subject;
        Urgency = f.Urgency;
        PublishRequested = f.Publish;
        SignerUserId = f.SignerUserId;
        SignerPosition = position.Length == 0 ? null : position;
        Collective = collective;
        ToPlaces = toPlaces.Length == 0 ? null : toPlaces;
        ReplyToIncomingId = f.ReplyToIncomingId;
        ReplacesId = f.ReplacesId;
        DueDate = f.DueDate;
        SearchKey = VietnameseText.Fold($"{TypeName} {Subject} {Notation}");
    }

    internal void NewVersion(int number) => CurrentVersion = number;

    /// <summary>The author sends it on: to the department head when the draft has a department, else straight to the clerk.</summary>
    public void Submit(bool hasContentReviewer)
    {
        RequireStatus(OutgoingStatus.Drafting, "trình duyệt");
        if (CurrentVersion == 0) throw new DomainException(OutgoingErrors.NoFile);
        Status = hasContentReviewer ? OutgoingStatus.ContentReview : OutgoingStatus.FormatReview;
        ReturnReason = null;
    }

    /// <summary>The reviewer of the current step agrees: content → format → signature.</summary>
    public void Approve(OutgoingStatus step)
    {
        RequireStatus(step, "đồng ý");
        Status = step switch
        {
            OutgoingStatus.ContentReview => OutgoingStatus.FormatReview,
            OutgoingStatus.FormatReview => OutgoingStatus.AwaitingSignature,
            _ => throw new DomainException(OutgoingErrors.WrongStatus(Status, "đồng ý")),
        };
    }

    /// <summary>Back to the author with the reason (trả lại), from any review step or from the signer.</summary>
    public void Return(string? reason)
    {
        if (Status is not (OutgoingStatus.ContentReview or OutgoingStatus.FormatReview or OutgoingStatus.AwaitingSignature))
            throw new DomainException(OutgoingErrors.WrongStatus(Status, "trả lại"));
        var r = Clean(reason);
        if (r.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Phải ghi lý do trả lại."]));
        if (r.Length > 1000) throw new DomainException(OutgoingErrors.Invalid(["Lý do trả lại quá dài (tối đa 1000 ký tự)."]));
        Status = OutgoingStatus.Drafting;
        ReturnReason = r;
    }

    /// <summary>Signed: the authority and title recorded as the document shows them (a deputy's own title under "KT.").</summary>
    public void MarkSigned(string sha256, string? imageSha256, Guid byUserId, Guid? onBehalfOf, string? authority, string position, DateTimeOffset now)
    {
        SignerImageSha256 = imageSha256;
        RequireStatus(OutgoingStatus.AwaitingSignature, "ký");
        Status = OutgoingStatus.Signed;
        SignedSha256 = sha256;
        SignedByUserId = byUserId;
        SignedOnBehalfOfUserId = onBehalfOf;
        SignerAuthority = authority;
        SignerPosition = position;
        SignedAt = now;
    }

    /// <summary>The notation of NĐ30 Phụ lục I: 12/QĐ-LĐLĐ for a typed document, 13/LĐLĐ-VP for a công văn.</summary>
    public string NotationFor(string organAbbreviation, string? departmentCode) =>
        TypeCode is null
            ? departmentCode is null ? organAbbreviation : $"{organAbbreviation}-{departmentCode}"
            : $"{TypeCode}-{organAbbreviation}";

    /// <summary>The head signed the paper; the clerk numbers it in the register (seed 002 Điều 8.3b, NĐ30 Điều 18.6).</summary>
    public void MarkSignedOnPaper(Guid registerId, long number, string notation, DateOnly date, DateTimeOffset now)
    {
        RequireStatus(OutgoingStatus.AwaitingSignature, "ghi nhận ký trên giấy");
        Status = OutgoingStatus.PaperSigned;
        SignedOnPaper = true;
        SignedByUserId = SignerUserId;
        SignedAt = now;
        AssignNumber(registerId, number, notation, date);
    }

    /// <summary>The scan of the signed paper, with the organ's signature, is the issued electronic copy.</summary>
    public void MarkPaperIssued(string sha256, Guid byUserId, DateTimeOffset now)
    {
        RequireStatus(OutgoingStatus.PaperSigned, "phát hành bản số hóa");
        Status = OutgoingStatus.Issued;
        IssuedSha256 = sha256;
        IssuedByUserId = byUserId;
        IssuedAt = now;
    }

    /// <summary>The head signed on paper; what was issued electronically is the scan with the organ's signature.</summary>
    public bool SignedOnPaper { get; private set; }

    public void MarkIssued(Guid registerId, long number, string notation, DateOnly date, string sha256, Guid byUserId, DateTimeOffset now)
    {
        RequireStatus(OutgoingStatus.Signed, "phát hành");
        Status = OutgoingStatus.Issued;
        AssignNumber(registerId, number, notation, date);
        IssuedSha256 = sha256;
        IssuedByUserId = byUserId;
        IssuedAt = now;
    }

    /// <summary>The register's number, the notation and the date the document carries (at issue, or when signed on paper).</summary>
    private void AssignNumber(Guid registerId, long number, string notation, DateOnly date)
    {
        RegisterId = registerId;
        Number = number;
        Notation = notation;
        IssuedDate = date;
        SearchKey = VietnameseText.Fold($"{TypeName} {Subject} {Code(number, notation)}");
    }

    /// <summary>
    /// The clerk confirms at issue what the author proposed: the document goes on the organ's public page. Only an issued
    /// document the author proposed and the organ's rule allows (checked again now: the rule may have changed since).
    /// </summary>
    public void Publish(bool mayPublish, Guid byUserId, DateTimeOffset now)
    {
        RequireStatus(OutgoingStatus.Issued, "đăng công khai");
        if (!PublishRequested) throw new DomainException(OutgoingErrors.PublishNotRequested);
        if (!mayPublish) throw new DomainException(DocumentPolicies.NotPublishable);
        PublishedAt = now;
        PublishedByUserId = byUserId;
    }

    /// <summary>Taken off the public page (a recall does it too); the document stays issued.</summary>
    public void Unpublish()
    {
        if (PublishedAt is null) throw new DomainException(OutgoingErrors.NotPublished);
        PublishedAt = null;
        PublishedByUserId = null;
    }

    /// <summary>A document's number as NĐ30 Phụ lục I II.3c writes it: with a leading zero under 10 ("05"), else as it is ("12").</summary>
    public static string NumberText(long number) => number < 10 ? number.ToString("00", System.Globalization.CultureInfo.InvariantCulture)
        : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"05/QĐ-LĐLĐ", "12/LĐLĐ-VP": the number and notation as the document, the registers and the API show them.</summary>
    public static string Code(long number, string notation) => $"{NumberText(number)}/{notation}";

    /// <summary>The issued file's name: "12-QĐ-LĐLĐ.pdf" (the notation's slash would be a directory).</summary>
    public static string IssuedFileName(long? number, string? notation) => $"{(number is { } n ? NumberText(n) : "")}-{notation}.pdf".Replace('/', '-');

    public void Recall(string? reason, DateTimeOffset now)
    {
        RequireStatus(OutgoingStatus.Issued, "thu hồi");
        var r = Clean(reason);
        if (r.Length == 0) throw new DomainException(OutgoingErrors.Invalid(["Phải ghi lý do thu hồi."]));
        Status = OutgoingStatus.Recalled;
        PublishedAt = null;
        PublishedByUserId = null;
        RecallReason = r.Length > 1000 ? r[..1000] : r;
        RecalledAt = now;
    }

    private void RequireStatus(OutgoingStatus expected, string step)
    {
        if (Status != expected) throw new DomainException(OutgoingErrors.WrongStatus(Status, step));
    }

    internal static string Clean(string? v) =>
        TextRules.OneLine(v);
}

/// <summary>One version of the draft's text: the PDF reviewers read and the head signs, and the DOCX it came from.</summary>
public sealed class OutgoingVersion
{
    private OutgoingVersion() { }

    public OutgoingVersion(Guid documentId, int number, string pdfSha256, string? sourceSha256, string fileName, string? note, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        Number = number;
        PdfSha256 = pdfSha256;
        SourceSha256 = sourceSha256;
        FileName = fileName;
        Note = note;
        ByUserId = byUserId;
        At = now;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public int Number { get; private set; }
    public string PdfSha256 { get; private set; } = "";
    public string? SourceSha256 { get; private set; }
    public string FileName { get; private set; } = "";
    public string? Note { get; private set; }
    public Guid ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

public sealed class OutgoingTrailEntry
{
    private OutgoingTrailEntry() { }

    public OutgoingTrailEntry(Guid documentId, Guid actorUserId, Guid? onBehalfOf, string action, string? text, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        ActorUserId = actorUserId;
        OnBehalfOfUserId = onBehalfOf;
        Action = action;
        Text = text is { Length: > 2000 } ? text[..2000] : text;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorUserId { get; private set; }
    public Guid? OnBehalfOfUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string? Text { get; private set; }
}

/// <summary>
/// A phụ lục sent with the document as a separate file (NĐ30 Phụ lục I: attachments in separate files carry the
/// organ's signature only): uploaded by the author while drafting, signed by the organ at issue, delivered with it.
/// </summary>
public sealed class OutgoingAppendix
{
    private OutgoingAppendix() { }

    public OutgoingAppendix(Guid documentId, int order, string fileName, string pdfSha256, string? sourceSha256, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        DocumentId = documentId;
        Order = order;
        FileName = fileName;
        PdfSha256 = pdfSha256;
        SourceSha256 = sourceSha256;
        ByUserId = byUserId;
        At = now;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public int Order { get; private set; }
    public string FileName { get; private set; } = "";
    public string PdfSha256 { get; private set; } = "";
    public string? SourceSha256 { get; private set; }
    /// <summary>The copy the organ signed at issue: what recipients get.</summary>
    public string? IssuedSha256 { get; private set; }
    public Guid ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }

    internal void MarkIssued(string sha256) => IssuedSha256 = sha256;
}
