using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public enum TransferStatus
{
    /// <summary>Sent by the keeper with its list (Mục lục hồ sơ, tài liệu nộp lưu); the archive checks each dossier.</summary>
    Sent = 0,
    /// <summary>Every dossier decided, at least one accepted: the handover record is made and waits for the giver's signature.</summary>
    Recorded = 1,
    /// <summary>Signed by the giver (bên giao); waits for the archive's (bên nhận).</summary>
    GiverSigned = 2,
    /// <summary>Signed by both: the accepted dossiers are in the archive.</summary>
    Completed = 3,
    /// <summary>Every dossier returned: nothing was handed over.</summary>
    Returned = 4,
}

public enum TransferDecision
{
    Pending = 0,
    Accepted = 1,
    Returned = 2,
}

/// <summary>
/// Một đợt nộp lưu (NĐ30 Điều 30.3b): a keeper hands closed dossiers to the organ's archive with the list of Phụ lục V III;
/// the archive checks each and accepts or returns it with a reason; both sides sign the handover record of Phụ lục V V
/// (Biên bản giao nhận hồ sơ, tài liệu), the giver first. The record is a PDF kept in the file store, signed in place.
/// </summary>
public sealed class ArchiveTransfer : IVersioned
{
    private ArchiveTransfer() { }

    public ArchiveTransfer(Guid organizationId, Guid giverUserId, Guid? departmentId, string? note, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        GiverUserId = giverUserId;
        DepartmentId = departmentId;
        Note = string.IsNullOrWhiteSpace(note) ? null : TextRules.OneLine(note);
        if (Note is { Length: > 500 }) throw new DomainException(DossierErrors.Invalid(["Ghi chú quá dài (tối đa 500 ký tự)."]));
        SentAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>Bên giao: the keeper who sends the dossiers.</summary>
    public Guid GiverUserId { get; private set; }
    /// <summary>The giver's department, printed as the unit handing over.</summary>
    public Guid? DepartmentId { get; private set; }
    public string? Note { get; private set; }
    public TransferStatus Status { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    /// <summary>Bên nhận: the archivist (or clerk) who checked the dossiers and signs for the archive.</summary>
    public Guid? ReceiverUserId { get; private set; }
    /// <summary>Tình trạng tài liệu giao nộp, as the archive found it.</summary>
    public string? Condition { get; private set; }
    /// <summary>The handover record as it stands (unsigned, then signed by the giver, then by both): its content hash in the file store.</summary>
    public string? RecordSha256 { get; private set; }
    public DateTimeOffset? RecordedAt { get; private set; }
    public DateTimeOffset? GiverSignedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public static string StatusText(TransferStatus s) => s switch
    {
        TransferStatus.Sent => "Chờ Lưu trữ kiểm tra",
        TransferStatus.Recorded => "Chờ bên giao ký biên bản",
        TransferStatus.GiverSigned => "Chờ bên nhận ký biên bản",
        TransferStatus.Completed => "Đã giao nhận",
        TransferStatus.Returned => "Đã trả lại toàn bộ",
        _ => s.ToString(),
    };

    internal void Require(TransferStatus status, string step)
    {
        if (Status != status) throw new DomainException(DossierErrors.TransferWrongStatus(StatusText(Status), step));
    }

    /// <summary>Every dossier decided: the record made (when something was accepted) or the whole transfer returned.</summary>
    internal void Decided(bool anyAccepted, Guid receiverUserId, string? condition, string? recordSha256, DateTimeOffset now)
    {
        Require(TransferStatus.Sent, "lập biên bản");
        ReceiverUserId = receiverUserId;
        if (!anyAccepted)
        {
            Status = TransferStatus.Returned;
            return;
        }
        Condition = condition;
        RecordSha256 = recordSha256;
        RecordedAt = now;
        Status = TransferStatus.Recorded;
    }

    internal void SignedByGiver(string recordSha256, DateTimeOffset now)
    {
        Require(TransferStatus.Recorded, "ký biên bản (bên giao)");
        RecordSha256 = recordSha256;
        GiverSignedAt = now;
        Status = TransferStatus.GiverSigned;
    }

    internal void SignedByReceiver(Guid receiverUserId, string recordSha256, DateTimeOffset now)
    {
        Require(TransferStatus.GiverSigned, "ký biên bản (bên nhận)");
        ReceiverUserId = receiverUserId;
        RecordSha256 = recordSha256;
        CompletedAt = now;
        Status = TransferStatus.Completed;
    }
}

/// <summary>One dossier of a transfer and the archive's decision on it.</summary>
public sealed class ArchiveTransferItem
{
    private ArchiveTransferItem() { }

    public ArchiveTransferItem(Guid transferId, Guid dossierId, int order)
    {
        Id = Guid.CreateVersion7();
        TransferId = transferId;
        DossierId = dossierId;
        Order = order;
    }

    public Guid Id { get; private set; }
    public Guid TransferId { get; private set; }
    public Guid DossierId { get; private set; }
    public int Order { get; private set; }
    public TransferDecision Decision { get; private set; }
    public string? Reason { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    internal void Decide(TransferDecision decision, string? reason, Guid by, DateTimeOffset now)
    {
        if (Decision != TransferDecision.Pending) throw new DomainException(DossierErrors.TransferItemDecided);
        var r = TextRules.OneLine(reason);
        if (decision == TransferDecision.Returned && r.Length == 0) throw new DomainException(DossierErrors.ReasonRequired);
        if (r.Length > 500) throw new DomainException(DossierErrors.Invalid(["Lý do quá dài (tối đa 500 ký tự)."]));
        Decision = decision;
        Reason = r.Length == 0 ? null : r;
        DecidedByUserId = by;
        DecidedAt = now;
    }
}
