using UnionOffice.Common;

namespace UnionOffice.Modules.Dossiers;

public enum CatalogueStatus
{
    Draft = 0,
    /// <summary>Approved by the head (NĐ30 Điều 28.2).</summary>
    Approved = 1,
    /// <summary>Sent to the departments at the start of the year: people open their dossiers from it.</summary>
    Issued = 2,
}

/// <summary>
/// Danh mục hồ sơ of an organ for a year (NĐ30 Phụ lục V I–II): big headings (Roman numerals, with an abbreviation) by
/// department or field, sub-headings (Arabic numerals), and in them the dossiers planned — number and notation, title,
/// retention, who keeps it. Drafted by the office, approved by the head, issued; it does not change afterwards.
/// </summary>
public sealed class FileCatalog : IVersioned
{
    private FileCatalog() { }

    public FileCatalog(Guid organizationId, int year, bool numberPerHeading, Guid byUserId, DateTimeOffset now)
    {
        if (year is < 2000 or > 2100) throw new DomainException(DossierErrors.Invalid(["Năm của danh mục không hợp lệ."]));
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Year = year;
        NumberPerHeading = numberPerHeading;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public int Version { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Year { get; private set; }
    /// <summary>Phụ lục V I.2: numbers run through the whole catalogue from 01, or from 01 within each big heading.</summary>
    public bool NumberPerHeading { get; private set; }
    public CatalogueStatus Status { get; private set; }
    /// <summary>The decision that approved it ("Quyết định số … ngày …"), printed under the title.</summary>
    public string? Decision { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? ApprovedByUserId { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public DateTimeOffset? IssuedAt { get; private set; }

    internal void RequireDraft(string step)
    {
        if (Status != CatalogueStatus.Draft) throw new DomainException(DossierErrors.CatalogueWrongStatus(Status, step));
    }

    internal void Approve(string? decision, Guid byUserId, DateTimeOffset now)
    {
        RequireDraft("phê duyệt");
        var d = (decision ?? "").Trim();
        if (d.Length > 300) throw new DomainException(DossierErrors.Invalid(["Quyết định ban hành quá dài (tối đa 300 ký tự)."]));
        Decision = d.Length == 0 ? null : d;
        ApprovedByUserId = byUserId;
        ApprovedAt = now;
        Status = CatalogueStatus.Approved;
    }

    internal void Issue(DateTimeOffset now)
    {
        if (Status != CatalogueStatus.Approved) throw new DomainException(DossierErrors.CatalogueWrongStatus(Status, "ban hành"));
        IssuedAt = now;
        Status = CatalogueStatus.Issued;
    }
}

/// <summary>A heading of the catalogue: big (no parent; Roman numeral, abbreviation used in notations) or small (Arabic numeral).</summary>
public sealed class CatalogHeading
{
    private CatalogHeading() { }

    public CatalogHeading(Guid catalogId, Guid? parentId, int order, string? title, string? abbreviation, Guid? departmentId)
    {
        var t = TextRules.OneLine(title);
        var a = TextRules.OneLine(abbreviation).ToUpperInvariant();
        var problems = new List<string>();
        if (t.Length == 0) problems.Add("Tên đề mục không được để trống.");
        if (t.Length > 300) problems.Add("Tên đề mục quá dài (tối đa 300 ký tự).");
        if (parentId is null && (a.Length == 0 || a.Length > 10 || a.Any(c => !char.IsLetterOrDigit(c))))
            problems.Add("Đề mục lớn cần chữ viết tắt ngắn (1–10 chữ, số, không dấu cách), dùng trong ký hiệu hồ sơ.");
        if (problems.Count > 0) throw new DomainException(DossierErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        CatalogId = catalogId;
        ParentId = parentId;
        Order = order;
        Title = t;
        Abbreviation = parentId is null ? a : null;
        DepartmentId = departmentId;
    }

    public Guid Id { get; private set; }
    public Guid CatalogId { get; private set; }
    public Guid? ParentId { get; private set; }
    public int Order { get; private set; }
    public string Title { get; private set; } = "";
    public string? Abbreviation { get; private set; }
    public Guid? DepartmentId { get; private set; }
}

/// <summary>A dossier planned in the catalogue: its number within the catalogue (or big heading), title, retention, keeper.</summary>
public sealed class CatalogEntry
{
    private CatalogEntry() { }

    public CatalogEntry(Guid catalogId, Guid headingId, int order, string? title, int? retentionYears, Guid keeperUserId, string? note)
    {
        var t = TextRules.OneLine(title);
        var n = TextRules.OneLine(note);
        var problems = new List<string>();
        if (t.Length == 0) problems.Add("Tiêu đề hồ sơ không được để trống.");
        if (t.Length > 500) problems.Add("Tiêu đề hồ sơ quá dài (tối đa 500 ký tự).");
        if (retentionYears is < 1 or > 100) problems.Add("Thời hạn bảo quản là vĩnh viễn hoặc từ 1 đến 100 năm.");
        if (n.Length > 300) problems.Add("Ghi chú quá dài (tối đa 300 ký tự).");
        if (problems.Count > 0) throw new DomainException(DossierErrors.Invalid(problems));
        Id = Guid.CreateVersion7();
        CatalogId = catalogId;
        HeadingId = headingId;
        Order = order;
        Title = t;
        RetentionYears = retentionYears;
        KeeperUserId = keeperUserId;
        Note = n.Length == 0 ? null : n;
    }

    public Guid Id { get; private set; }
    public Guid CatalogId { get; private set; }
    public Guid HeadingId { get; private set; }
    public int Order { get; private set; }
    /// <summary>Given when the catalogue is approved, with the notation ("01.TCCB"): the order of the approved catalogue.</summary>
    public int? Number { get; private set; }
    public string? Notation { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>Null: vĩnh viễn (permanent).</summary>
    public int? RetentionYears { get; private set; }
    public Guid KeeperUserId { get; private set; }
    public string? Note { get; private set; }

    internal void Numbered(int number, string abbreviation)
    {
        Number = number;
        Notation = $"{number:00}.{abbreviation}";
    }
}

public static class DossierText
{
    public static string Retention(int? years) => years is { } y ? $"{y} năm" : "Vĩnh viễn";

    public static string Status(CatalogueStatus s) => s switch
    {
        CatalogueStatus.Draft => "Dự thảo",
        CatalogueStatus.Approved => "Đã phê duyệt",
        CatalogueStatus.Issued => "Đã ban hành",
        _ => s.ToString(),
    };

    public static string Status(DossierStatus s) => s switch
    {
        DossierStatus.Open => "Đang lập",
        DossierStatus.Closed => "Đã kết thúc",
        DossierStatus.Transferring => "Đang nộp lưu",
        DossierStatus.Archived => "Đã nộp lưu",
        DossierStatus.Destroyed => "Đã hủy (hết thời hạn bảo quản)",
        _ => s.ToString(),
    };

    public static string Action(string action) => action switch
    {
        "opened" => "Mở hồ sơ",
        "filed" => "Đưa văn bản vào hồ sơ",
        "file-added" => "Thêm tài liệu vào hồ sơ",
        "record-filed" => "Đưa hồ sơ cuộc họp vào hồ sơ",
        "removed" => "Rút văn bản khỏi hồ sơ",
        "closed" => "Kết thúc hồ sơ",
        "sent-to-archive" => "Nộp lưu vào Lưu trữ cơ quan",
        "returned-by-archive" => "Lưu trữ cơ quan trả lại để hoàn thiện",
        "archived" => "Lưu trữ cơ quan đã nhận (biên bản giao nhận có chữ ký số hai bên)",
        "kept-back" => "Lãnh đạo đồng ý giữ lại",
        "keeper-changed" => "Giao người khác giữ hồ sơ",
        "sent" => "Gửi nộp lưu",
        "accepted" => "Nhận hồ sơ",
        "returned" => "Trả lại hồ sơ",
        "recorded" => "Lập biên bản giao nhận",
        "signed-by-giver" => "Bên giao ký số biên bản",
        "signed-by-receiver" => "Bên nhận ký số biên bản",
        "consult-asked" => "Đề nghị khai thác hồ sơ",
        "consult-approved" => "Duyệt đề nghị khai thác",
        "consult-refused" => "Từ chối đề nghị khai thác",
        "frozen" => "Phong tỏa hồ sơ",
        "unfrozen" => "Gỡ phong tỏa hồ sơ",
        "destroyed" => "Hủy hồ sơ hết thời hạn bảo quản",
        _ => action,
    };

    private static readonly string[] Romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"];

    public static string Roman(int n) => n >= 1 && n <= Romans.Length ? Romans[n - 1] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
