using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Outgoing;

public sealed record PublishedDocument(Guid Id, string TypeName, long Number, string Notation, DateOnly IssuedDate, string Subject);
public sealed record PublishedOrgan(string Code, string Name, IReadOnlyList<PublishedDocument> Documents);

/// <summary>
/// The organ's public page (seed 003, Mục 3, where an organ has such a rule): issued documents that a person decided to
/// publish — proposed by the author, allowed for the type by the organ's own rule, confirmed by the clerk at issue —
/// readable by anyone, without signing in. Nothing is published by default; recalled or withdrawn documents leave the
/// page; nothing else of the organ is shown.
/// </summary>
public sealed class Publication(AppDbContext db, IFileStore store)
{
    public async Task<PublishedOrgan?> OrganAsync(string code, int take, CancellationToken ct)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        var org = await db.Organizations.AsNoTracking().Where(o => o.Code == c && o.IsActive).Select(o => new { o.Id, o.Code, o.Name }).FirstOrDefaultAsync(ct);
        if (org is null) return null;
        var docs = await db.OutgoingDocuments.AsNoTracking()
            .Where(d => d.OrganizationId == org.Id && d.Status == OutgoingStatus.Issued && d.PublishedAt != null)
            .OrderByDescending(d => d.IssuedAt).Take(Math.Clamp(take, 1, 500))
            .Select(d => new PublishedDocument(d.Id, d.TypeName, d.Number!.Value, d.Notation!, d.IssuedDate!.Value, d.Subject)).ToListAsync(ct);
        return new PublishedOrgan(org.Code, org.Name, docs);
    }

    /// <summary>The issued PDF of a published document of the organ; null for anything else (not issued, recalled, not published).</summary>
    public async Task<(string Name, Stream Content)?> FileAsync(string code, Guid id, CancellationToken ct)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        var doc = await db.OutgoingDocuments.AsNoTracking()
            .Where(d => d.Id == id && d.Status == OutgoingStatus.Issued && d.PublishedAt != null && db.Organizations.Any(o => o.Id == d.OrganizationId && o.Code == c && o.IsActive))
            .Select(d => new { d.Number, d.Notation, d.IssuedSha256 }).FirstOrDefaultAsync(ct);
        if (doc?.IssuedSha256 is null) return null;
        return (OutgoingDocument.IssuedFileName(doc.Number, doc.Notation), await store.OpenReadAsync(doc.IssuedSha256, ct));
    }
}
