using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public enum DossierStatus
{
    Open = 0,
    /// <summary>Kết thúc hồ sơ: reviewed and closed by its keeper; nothing is added or taken out afterwards.</summary>
    Closed = 1,
    /// <summary>Sent to the organ's archive with a handover list; the archive is checking it (NĐ30 Điều 30.3b).</summary>
    Transferring = 2,
    /// <summary>Received by the organ's archive under a handover record signed by both sides.</summary>
    Archived = 3,
    /// <summary>Destroyed when its retention ended, under the appraisal and the head's decision; only its line remains.</summary>
    Destroyed = 4,
}

public enum DossierItemKind
{
    Incoming = 0,
    Outgoing = 1,
    /// <summary>Another file (a photo, a recording, a note) stored with the dossier.</summary>
    File = 2,
}

/// <summary>
/// Hồ sơ công việc (NĐ30 Điều 29, Phụ lục VI Phần II §III): opened by the person given the work, from the year's catalogue
/// or, when it is not there, with the title, notation and retention they set; documents of the organ are filed into it by
/// reference (a document may be in several people's dossiers without a copy, III.4e) and numbered in time order (III.4b).
/// </summary>
public sealed class Dossier : IVersioned
{
    private Dossier() { }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>FileCatalog: the year the dossier was formed.</summary>
    public int Year { get; private set; }
    public Guid? CatalogEntryId { get; private set; }
    /// <summary>FileNotation, e.g. "01.TCCB".</summary>
    public string Notation { get; private set; } = "";
    public string Title { get; private set; } = "";
    /// <summary>Maintenance: null is vĩnh viễn.</summary>
    public int? RetentionYears { get; private set; }
    /// <summary>Rights: chế độ sử dụng.</summary>
    public string Rights { get; private set; } = "Hạn chế";
    public string Language { get; private set; } = "Tiếng Việt";
    public Guid KeeperUserId { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly? EndDate { get; private set; }
    public string? Description { get; private set; }
    public DossierStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>
    /// When a closed dossier is due at the organ's archive: a year after its work ended (NĐ30 Điều 30.2b), later when the
    /// head lets the unit keep it (Điều 31.3d, at most two years more). Null for dossiers kept less than five years, which
    /// stay with the unit (Điều 31.3c), and for open ones.
    /// </summary>
    public DateOnly? HandoverDue { get; private set; }
    public DateTimeOffset? ArchivedAt { get; private set; }

    public static Dossier Open(Guid organizationId, int year, Guid? catalogEntryId, string? notation, string? title, int? retentionYears, Guid keeperUserId,
        DateOnly start, string? description, DateTimeOffset now)
    {
        var n = TextRules.OneLine(notation);
        var t = TextRules.OneLine(title);
        var d = (description ?? "").Trim();
        var problems = new List<string>();
        if (n.Length == 0) problems.Add("Số và ký hiệu hồ sơ không được để trống.");
        if (n.Length > 20) problems.Add("Số và ký hiệu hồ sơ quá dài (tối đa 20 ký tự).");
        if (t.Length == 0) problems.Add("Tiêu đề hồ sơ không được để trống.");
        if (t.Length > 500) problems.Add("Tiêu đề hồ sơ quá dài (tối đa 500 ký tự).");
        if (retentionYears is < 1 or > 100) problems.Add("Thời hạn bảo quản là vĩnh viễn hoặc từ 1 đến 100 năm.");
        if (d.Length > 500) problems.Add("Ghi chú quá dài (tối đa 500 ký tự).");
        if (problems.Count > 0) throw new DomainException(DossierErrors.Invalid(problems));
        return new Dossier
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, Year = year, CatalogEntryId = catalogEntryId, Notation = n, Title = t,
            RetentionYears = retentionYears, KeeperUserId = keeperUserId, StartDate = start, Description = d.Length == 0 ? null : d, CreatedAt = now,
        };
    }

    internal void RequireOpen()
    {
        if (Status != DossierStatus.Open) throw new DomainException(DossierErrors.Closed);
    }

    /// <summary>The keeper, reviewing it, confirms title and retention and closes it; its end date is its latest document's.</summary>
    internal void Close(string? title, int? retentionYears, bool retentionGiven, DateOnly lastDocument, int items, DateTimeOffset now)
    {
        RequireOpen();
        if (items == 0) throw new DomainException(DossierErrors.Empty);
        if (!string.IsNullOrWhiteSpace(title))
        {
            var t = TextRules.OneLine(title);
            if (t.Length > 500) throw new DomainException(DossierErrors.Invalid(["Tiêu đề hồ sơ quá dài (tối đa 500 ký tự)."]));
            Title = t;
        }
        if (retentionGiven)
        {
            if (retentionYears is < 1 or > 100) throw new DomainException(DossierErrors.Invalid(["Thời hạn bảo quản là vĩnh viễn hoặc từ 1 đến 100 năm."]));
            RetentionYears = retentionYears;
        }
        EndDate = lastDocument;
        Status = DossierStatus.Closed;
        ClosedAt = now;
        HandoverDue = RetentionYears is null or >= 5 ? lastDocument.AddYears(1) : null;
    }

    /// <summary>The handover date the law sets (a year after the work ended): what a keep-back counts its two years from.</summary>
    public DateOnly? LegalHandoverDue => EndDate is { } end && (RetentionYears is null or >= 5) ? end.AddYears(1) : null;

    /// <summary>Giữ lại (Điều 31.3d): the head lets the unit keep a due dossier for its work, at most two years past the due date.</summary>
    internal void KeepUntil(DateOnly until, DateOnly today)
    {
        if (Status != DossierStatus.Closed || LegalHandoverDue is not { } due) throw new DomainException(DossierErrors.NotDue);
        if (until <= today || until > due.AddYears(2))
            throw new DomainException(DossierErrors.Invalid([$"Hạn giữ lại phải sau hôm nay và không quá 02 năm kể từ ngày đến hạn nộp lưu ({Formats.Date(due)})."]));
        HandoverDue = until;
    }

    /// <summary>Sent to the archive: nothing changes while it is checked.</summary>
    internal void SendToArchive()
    {
        if (Status != DossierStatus.Closed) throw new DomainException(DossierErrors.NotClosed);
        if (HandoverDue is null) throw new DomainException(DossierErrors.NotDue);
        Status = DossierStatus.Transferring;
    }

    /// <summary>Returned by the archive with its reason: open again, for the keeper to complete and close again.</summary>
    internal void ReturnToKeeper()
    {
        Status = DossierStatus.Open;
        EndDate = null;
        ClosedAt = null;
        HandoverDue = null;
    }

    /// <summary>Received under a handover record both sides signed: the archive keeps it from now on.</summary>
    internal void Archive(DateTimeOffset now)
    {
        Status = DossierStatus.Archived;
        ArchivedAt = now;
    }

    internal void Destroy()
    {
        if (Status != DossierStatus.Archived) throw new DomainException(DossierErrors.NotArchived);
        Status = DossierStatus.Destroyed;
    }

    /// <summary>Another keeper (the first leaves, Điều 31.3đ): any dossier not yet with the archive.</summary>
    internal void HandTo(Guid keeperUserId)
    {
        if (Status is DossierStatus.Transferring or DossierStatus.Archived) throw new DomainException(DossierErrors.WithArchive);
        KeeperUserId = keeperUserId;
    }
}

/// <summary>A document or file in a dossier, by reference; <see cref="Ordinal"/> is its place in time order (DocOrdinal).</summary>
public sealed class DossierItem
{
    private DossierItem() { }

    public DossierItem(Guid dossierId, DossierItemKind kind, Guid refId, DateOnly documentDate, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        DossierId = dossierId;
        Kind = kind;
        RefId = refId;
        DocumentDate = documentDate;
        FiledByUserId = byUserId;
        FiledAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DossierId { get; private set; }
    public DossierItemKind Kind { get; private set; }
    /// <summary>The incoming or outgoing document, or the stored file (DocumentFile).</summary>
    public Guid RefId { get; private set; }
    public DateOnly DocumentDate { get; private set; }
    public int Ordinal { get; private set; }
    public Guid FiledByUserId { get; private set; }
    public DateTimeOffset FiledAt { get; private set; }

    internal void Place(int ordinal) => Ordinal = ordinal;
}
