using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public enum ConsultStatus
{
    Pending = 0,
    Approved = 1,
    Refused = 2,
    /// <summary>Ended before its time by the person who asked, or by the head.</summary>
    Ended = 3,
}

/// <summary>
/// Đề nghị khai thác hồ sơ lưu trữ (NĐ30 Phụ lục VI III.6c): someone of the organ asks to read a dossier in the archive,
/// saying why and until when; the organ's head (or whoever the head delegates to) approves — for at most the time asked
/// and never longer than <see cref="MaxDays"/> — or refuses with a reason. While approved, the person reads the dossier
/// and its files; every reading is logged (III.6l).
/// </summary>
public sealed class ConsultRequest : IVersioned
{
    public const int MaxDays = 30;

    private ConsultRequest() { }

    public ConsultRequest(Guid organizationId, Guid dossierId, Guid requesterUserId, string? purpose, DateOnly until, DateOnly today, DateTimeOffset now)
    {
        var p = TextRules.OneLine(purpose);
        var problems = new List<string>();
        if (p.Length == 0) problems.Add("Ghi rõ mục đích khai thác hồ sơ.");
        if (p.Length > 500) problems.Add("Mục đích quá dài (tối đa 500 ký tự).");
        if (until < today || until > today.AddDays(MaxDays)) problems.Add($"Thời hạn khai thác từ hôm nay đến tối đa {MaxDays} ngày.");
        if (problems.Count > 0) throw new DomainException(DossierErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        DossierId = dossierId;
        RequesterUserId = requesterUserId;
        Purpose = p;
        RequestedUntil = until;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid DossierId { get; private set; }
    public Guid RequesterUserId { get; private set; }
    public string Purpose { get; private set; } = "";
    public DateOnly RequestedUntil { get; private set; }
    public ConsultStatus Status { get; private set; }
    public Guid? DeciderUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    /// <summary>The last day the person may read the dossier, as approved.</summary>
    public DateOnly? ValidUntil { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static string StatusText(ConsultStatus s) => s switch
    {
        ConsultStatus.Pending => "Chờ duyệt",
        ConsultStatus.Approved => "Đã duyệt",
        ConsultStatus.Refused => "Từ chối",
        ConsultStatus.Ended => "Đã kết thúc",
        _ => s.ToString(),
    };

    public bool IsActive(DateOnly today) => Status == ConsultStatus.Approved && ValidUntil >= today;

    internal void Decide(bool approve, DateOnly? until, string? note, Guid by, DateOnly today, DateTimeOffset now)
    {
        if (Status != ConsultStatus.Pending) throw new DomainException(DossierErrors.ConsultDecided);
        var n = TextRules.OneLine(note);
        if (!approve && n.Length == 0) throw new DomainException(DossierErrors.Invalid(["Ghi rõ lý do từ chối."]));
        if (n.Length > 500) throw new DomainException(DossierErrors.Invalid(["Ghi chú quá dài (tối đa 500 ký tự)."]));
        if (approve)
        {
            var last = until ?? RequestedUntil;
            if (last < today || last > RequestedUntil) throw new DomainException(DossierErrors.Invalid([$"Thời hạn được khai thác từ hôm nay đến ngày đề nghị ({Formats.Date(RequestedUntil)})."]));
            ValidUntil = last;
        }
        Status = approve ? ConsultStatus.Approved : ConsultStatus.Refused;
        Note = n.Length == 0 ? null : n;
        DeciderUserId = by;
        DecidedAt = now;
    }

    internal void End()
    {
        if (Status is not (ConsultStatus.Pending or ConsultStatus.Approved)) throw new DomainException(DossierErrors.ConsultDecided);
        Status = ConsultStatus.Ended;
    }
}
