namespace UnionOffice.Modules.Files;

/// <summary>A file attached to a document (incoming now; outgoing drafts later). The bytes live in the file store by hash.</summary>
public sealed class DocumentFile
{
    private DocumentFile() { }

    public DocumentFile(string ownerType, Guid ownerId, StoredContent content, string fileName, Guid uploadedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OwnerType = ownerType;
        OwnerId = ownerId;
        Sha256 = content.Sha256;
        Length = content.Length;
        ContentType = content.ContentType;
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/')).Trim();
        FileName = name.Length == 0 ? "tep" : name.Length > 200 ? name[..200] : name;
        UploadedByUserId = uploadedBy;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public string OwnerType { get; private set; } = "";
    public Guid OwnerId { get; private set; }
    public string Sha256 { get; private set; } = "";
    public long Length { get; private set; }
    public string ContentType { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public Guid UploadedByUserId { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
}
