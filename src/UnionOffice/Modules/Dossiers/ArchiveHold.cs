using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

/// <summary>
/// Phong tỏa (NĐ30 Phụ lục VI IV.1g): a set of dossiers frozen against any change — filing, taking out, closing, handing
/// over, another keeper, keeping back, destruction — on the order of an authority (an inspection, an investigation), by
/// the organ's head, until the head lifts it with a reason.
/// </summary>
public sealed class ArchiveHold : IVersioned
{
    private ArchiveHold() { }

    public ArchiveHold(Guid organizationId, string? reference, string? reason, Guid byUserId, DateTimeOffset now)
    {
        var r = TextRules.OneLine(reference);
        var why = TextRules.OneLine(reason);
        var problems = new List<string>();
        if (r.Length == 0) problems.Add("Ghi rõ văn bản yêu cầu phong tỏa (số, ngày, cơ quan ban hành).");
        if (r.Length > 300) problems.Add("Căn cứ phong tỏa quá dài (tối đa 300 ký tự).");
        if (why.Length > 500) problems.Add("Lý do quá dài (tối đa 500 ký tự).");
        if (problems.Count > 0) throw new DomainException(DossierErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Reference = r;
        Reason = why.Length == 0 ? null : why;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The authority's order: "Quyết định số 12/QĐ-UBKT ngày 01/12/2026 của Ủy ban Kiểm tra".</summary>
    public string Reference { get; private set; } = "";
    public string? Reason { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? LiftedByUserId { get; private set; }
    public DateTimeOffset? LiftedAt { get; private set; }
    public string? LiftReason { get; private set; }

    internal void Lift(string? reason, Guid by, DateTimeOffset now)
    {
        if (LiftedAt is not null) throw new DomainException(DossierErrors.HoldLifted);
        var r = TextRules.OneLine(reason);
        if (r.Length == 0) throw new DomainException(DossierErrors.Invalid(["Ghi rõ căn cứ, lý do gỡ phong tỏa."]));
        if (r.Length > 500) throw new DomainException(DossierErrors.Invalid(["Lý do quá dài (tối đa 500 ký tự)."]));
        LiftReason = r;
        LiftedByUserId = by;
        LiftedAt = now;
    }
}

public sealed class ArchiveHoldItem
{
    private ArchiveHoldItem() { }

    public ArchiveHoldItem(Guid holdId, Guid dossierId)
    {
        Id = Guid.CreateVersion7();
        HoldId = holdId;
        DossierId = dossierId;
    }

    public Guid Id { get; private set; }
    public Guid HoldId { get; private set; }
    public Guid DossierId { get; private set; }
}

public enum DisposalStatus
{
    /// <summary>The archive lists dossiers whose retention has ended.</summary>
    Draft = 0,
    /// <summary>The appraisal council's conclusion recorded (Hội đồng xác định giá trị tài liệu).</summary>
    Appraised = 1,
    /// <summary>The head decided the destruction (Quyết định hủy tài liệu hết giá trị).</summary>
    Approved = 2,
    /// <summary>Destroyed, with the signed destruction record.</summary>
    Destroyed = 3,
}

/// <summary>
/// Hủy tài liệu hết giá trị: dossiers of the archive whose retention has ended are listed by the archive, appraised by the
/// organ's appraisal council (its conclusion recorded), their destruction decided by the head, and only then destroyed,
/// under a destruction record the archivist signs. Nothing is destroyed without the three; a frozen dossier never is.
/// </summary>
public sealed class DisposalList : IVersioned
{
    private DisposalList() { }

    public DisposalList(Guid organizationId, Guid byUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public DisposalStatus Status { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The appraisal council's conclusion (members, opinion, date of its meeting).</summary>
    public string? Appraisal { get; private set; }
    public DateTimeOffset? AppraisedAt { get; private set; }
    /// <summary>The head's decision: "Quyết định số 15/QĐ-LĐLĐ ngày …".</summary>
    public string? Decision { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? RecordSha256 { get; private set; }
    public Guid? DestroyedByUserId { get; private set; }
    public DateTimeOffset? DestroyedAt { get; private set; }

    public static string StatusText(DisposalStatus s) => s switch
    {
        DisposalStatus.Draft => "Chờ Hội đồng xác định giá trị tài liệu",
        DisposalStatus.Appraised => "Chờ lãnh đạo quyết định hủy",
        DisposalStatus.Approved => "Đã có quyết định hủy, chờ hủy",
        DisposalStatus.Destroyed => "Đã hủy",
        _ => s.ToString(),
    };

    private void Require(DisposalStatus s, string step)
    {
        if (Status != s) throw new DomainException(new Error("DISPOSAL_WRONG_STATUS", $"Không thể {step}: danh mục hủy đang ở trạng thái \"{StatusText(Status)}\".", 409));
    }

    internal void Appraise(string? appraisal, DateTimeOffset now)
    {
        Require(DisposalStatus.Draft, "ghi kết luận thẩm định");
        var a = (appraisal ?? "").Trim();
        if (a.Length == 0) throw new DomainException(DossierErrors.Invalid(["Ghi kết luận của Hội đồng xác định giá trị tài liệu."]));
        if (a.Length > 2000) throw new DomainException(DossierErrors.Invalid(["Kết luận quá dài (tối đa 2000 ký tự)."]));
        Appraisal = a;
        AppraisedAt = now;
        Status = DisposalStatus.Appraised;
    }

    internal void Approve(string? decision, Guid by, DateTimeOffset now)
    {
        Require(DisposalStatus.Appraised, "quyết định hủy");
        var d = TextRules.OneLine(decision);
        if (d.Length == 0) throw new DomainException(DossierErrors.Invalid(["Ghi số, ngày của quyết định hủy tài liệu hết giá trị."]));
        if (d.Length > 300) throw new DomainException(DossierErrors.Invalid(["Quyết định quá dài (tối đa 300 ký tự)."]));
        Decision = d;
        DecidedByUserId = by;
        DecidedAt = now;
        Status = DisposalStatus.Approved;
    }

    internal void Destroyed(string recordSha256, Guid by, DateTimeOffset now)
    {
        Require(DisposalStatus.Approved, "hủy tài liệu");
        RecordSha256 = recordSha256;
        DestroyedByUserId = by;
        DestroyedAt = now;
        Status = DisposalStatus.Destroyed;
    }
}

public sealed class DisposalItem
{
    private DisposalItem() { }

    public DisposalItem(Guid listId, Guid dossierId, int order)
    {
        Id = Guid.CreateVersion7();
        ListId = listId;
        DossierId = dossierId;
        Order = order;
    }

    public Guid Id { get; private set; }
    public Guid ListId { get; private set; }
    public Guid DossierId { get; private set; }
    public int Order { get; private set; }
}
