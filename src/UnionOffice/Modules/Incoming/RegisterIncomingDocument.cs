using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Incoming;

public sealed record RegisterIncomingRequest(
    string OrganizationCode, string? IssuerName, string? IssuerCode, string? CodeNumber, string? CodeNotation,
    DateOnly? IssuedDate, string? TypeName, string? Subject, string? Language, int? PageAmount, string? Description,
    string? SignerPosition, string? SignerName, Urgency Urgency, string? Secrecy, string? ToPlaces, DateOnly? DueDate,
    DateOnly? ArrivalDate, bool AcknowledgeDuplicate);

public sealed record RegisteredIncoming(Guid Id, int Year, long ArrivalNumber, DateOnly ArrivalDate);

/// <summary>
/// The clerk registers an arrived document (NĐ30 Điều 22): rules checked, duplicates flagged (Phụ lục VI I.1.h),
/// then the next arrival number of the year's register is taken and the document saved in one transaction.
/// The number is advanced by an atomic UPDATE … RETURNING on the register row, which PostgreSQL locks and SQLite
/// serialises, so concurrent clerks never get the same number; a failure rolls the number back, so none is skipped.
/// On PostgreSQL the audit chain's lock is taken before the register row (see HandleAsync).
/// </summary>
public sealed class RegisterIncomingDocument(AppDbContext db, AccessPolicy access, Auditor audit, TimeProvider time)
{
    /// <param name="within">Work that must commit with the registration or not at all (an electronic arrival accepted:
    /// its files attached, its delivery marked), run inside the transaction after the number is taken.</param>
    public async Task<RegisteredIncoming> HandleAsync(RegisterIncomingRequest r, CancellationToken ct,
        Func<IncomingDocument, Act, Task>? within = null)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode, ct);
        var clerk = await access.ClerkGrantAsync(org.Id, ct) ?? throw new DomainException(Error.Forbidden);
        var now = time.GetUtcNow();
        var today = Formats.Today(time);
        var doc = IncomingDocument.Register(org.Id, new IncomingDocument.Fields(
            r.IssuerName, r.IssuerCode, r.CodeNumber, r.CodeNotation, r.IssuedDate, r.TypeName, r.Subject, r.Language,
            r.PageAmount, r.Description, r.SignerPosition, r.SignerName, r.Urgency, r.Secrecy, r.ToPlaces, r.DueDate),
            r.ArrivalDate ?? today, today, clerk.UserId, clerk.OnBehalfOfUserId, now);

        if (!r.AcknowledgeDuplicate)
        {
            var earlier = await db.IncomingDocuments.AsNoTracking()
                .Where(d => d.OrganizationId == org.Id && d.DuplicateKey == doc.DuplicateKey)
                .OrderBy(d => d.RegisteredAt).Select(d => new { d.ArrivalNumber, d.ArrivalDate }).FirstOrDefaultAsync(ct);
            if (earlier is not null) throw new DomainException(IncomingErrors.Duplicate(earlier.ArrivalNumber, earlier.ArrivalDate));
        }

        var register = await RegisterOfYearAsync(org.Id, today.Year, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await Registers.YearRegisters.NextNumberAsync(db, "IncomingRegisters", register, auditLockFirst: true, ct);
        doc.Number(register, number);
        db.IncomingDocuments.Add(doc);
        db.SearchEntries.Add(Search.SearchIndex.ForIncoming(doc, now));
        db.IncomingTrail.Add(new IncomingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "registered", $"Số đến {number}", now));
        audit.Record(AuditActions.IncomingRegistered, org.Id, "incoming", doc.Id.ToString(),
            new { number, year = today.Year },
            onBehalfOf: clerk.OnBehalfOfUserId);
        if (within is not null) await within(doc, clerk);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RegisteredIncoming(doc.Id, today.Year, number, doc.ArrivalDate);
    }

    private Task<Guid> RegisterOfYearAsync(Guid organizationId, int year, CancellationToken ct) =>
        Registers.YearRegisters.OfYearAsync(db, db.IncomingRegisters, organizationId, year, () => new IncomingRegister(organizationId, year), ct);
}

/// <summary>An organ with incoming documents is never deleted.</summary>
internal sealed class IncomingUsage(AppDbContext db) : IOrganizationUsage
{
    public async Task<string?> ReasonInUseAsync(Guid organizationId, CancellationToken ct) =>
        await db.IncomingDocuments.AnyAsync(d => d.OrganizationId == organizationId, ct) ? "đã có văn bản đến" : null;
}
