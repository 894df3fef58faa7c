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
/// <para>Two locks serialise registrations: the register row (per organ and year) and the audit chain's (global, taken
/// first, ADR 0003). Everything that does not need them is written before they are taken: the document with a stand-in
/// number, its search entry and trail (<see cref="IncomingDocument.AwaitNumber"/>). Then on PostgreSQL one round trip
/// takes the audit lock, the number, writes it into the document and its trail and appends the audit entry (chained by
/// the database, its details built from the number), and the transaction commits: both locks are held for that round
/// trip and the commit only.</para>
/// </summary>
public sealed class RegisterIncomingDocument(AppDbContext db, AccessPolicy access, Auditor audit, TimeProvider time)
{
    /// <param name="prepare">Work that must commit with the registration, written before the number is taken (the
    /// document has no number yet): an electronic arrival accepted, its files attached.</param>
    /// <param name="within">Work that needs the number and must commit with it (the sender told of it), run after the
    /// number is taken: both locks are held while it runs, so keep it short.</param>
    public async Task<RegisteredIncoming> HandleAsync(RegisterIncomingRequest r, CancellationToken ct,
        Func<IncomingDocument, Act, Task>? prepare = null, Func<IncomingDocument, Act, Task>? within = null)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(r.OrganizationCode, ct);
        var clerk = await access.ClerkGrantAsync(org.Id, ct) ?? throw new DomainException(Error.Forbidden);
        var now = time.GetUtcNow();
        var today = Formats.Today(time);
        var doc = IncomingDocument.Register(org.Id, new IncomingDocument.Fields(
            r.IssuerName, r.IssuerCode, r.CodeNumber, r.CodeNotation, r.IssuedDate, r.TypeName, r.Subject, r.Language,
            r.PageAmount, r.Description, r.SignerPosition, r.SignerName, r.Urgency, r.Secrecy, r.ToPlaces, r.DueDate),
            r.ArrivalDate ?? today, today, clerk.UserId, clerk.OnBehalfOfUserId, now);

        // The same document given once by its issuer's code and once by its name is the same document (review finding 16):
        // keyed by the code when the issuer is an organ of the directory, and matched under every name it goes by.
        var issuers = await IssuerNames.AliasesAsync(db, doc.IssuerCode, doc.IssuerName, ct);
        doc.KeyByIssuer(issuers[0]);
        if (!r.AcknowledgeDuplicate)
        {
            var keys = issuers.Select(i => IncomingDocument.DuplicateKeyOf(i, doc.CodeNumber, doc.CodeNotation)).Distinct().ToList();
            var earlier = await db.IncomingDocuments.AsNoTracking()
                .Where(d => d.OrganizationId == org.Id && keys.Contains(d.DuplicateKey))
                .OrderBy(d => d.RegisteredAt).Select(d => new { d.ArrivalNumber, d.ArrivalDate }).FirstOrDefaultAsync(ct);
            if (earlier is not null) throw new DomainException(IncomingErrors.Duplicate(earlier.ArrivalNumber, earlier.ArrivalDate));
        }

        var register = await RegisterOfYearAsync(org.Id, today.Year, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Before the locks: nobody waits while these are written.
        doc.AwaitNumber(register);
        var trail = new IncomingTrailEntry(doc.Id, clerk.UserId, clerk.OnBehalfOfUserId, "registered", TrailText, now);
        db.IncomingDocuments.Add(doc);
        db.SearchEntries.Add(Search.SearchIndex.ForIncoming(doc, now));
        db.IncomingTrail.Add(trail);
        // Queued first, so that the log reads "registered" before what came with it (files, the arrival accepted); its
        // number is filled in below, once taken.
        var registered = audit.Record(AuditActions.IncomingRegistered, org.Id, "incoming", doc.Id.ToString(), onBehalfOf: clerk.OnBehalfOfUserId);
        if (prepare is not null) await prepare(doc, clerk);
        await db.SaveKeepingAuditAsync(ct);

        long number;
        // PostgreSQL without `within`: the entries are appended with the number, which their details take in SQL.
        var append = db.IsPostgres && within is null;
        if (db.IsPostgres)
        {
            // Audit lock, number, the rows that carry it, [the audit entries]: one round trip. Without `within` the
            // entries go in it too and the commit follows at once; with it they are appended when it is saved.
            if (append)
                registered.DetailsSql = $$"""'{"number":' || (SELECT "ArrivalNumber" FROM "IncomingDocuments" WHERE "Id" = @document) || ',"year":{{today.Year}}}'""";
            number = (long)(await AuditChain.LockThenAsync(db, NumberSql,
                [("register", register), ("document", doc.Id), ("trail", trail.Id), ("text", TrailText + " ")], ct, append)
                ?? throw new InvalidOperationException("The register or the document is gone."));
        }
        else
        {
            // SQLite: the transaction (BEGIN IMMEDIATE) already serialises writers; the same rows, one statement each.
            number = await Registers.YearRegisters.NextNumberAsync(db, "IncomingRegisters", register, auditLockFirst: false, ct);
            await db.IncomingDocuments.Where(d => d.Id == doc.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.ArrivalNumber, number), ct);
            await db.IncomingTrail.Where(t => t.Id == trail.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Text, $"{TrailText} {number}"), ct);
        }
        if (!append) registered.Details = Auditor.Json(new { number, year = today.Year });
        // The tracked entities as the rows now are (no change left for a later save).
        var arrival = db.Entry(doc).Property(d => d.ArrivalNumber);
        doc.Number(register, number);
        arrival.OriginalValue = number;
        arrival.IsModified = false;
        var text = db.Entry(trail).Property(t => t.Text);
        text.CurrentValue = text.OriginalValue = $"{TrailText} {number}";
        text.IsModified = false;

        if (within is not null) await within(doc, clerk);
        await db.SaveChangesAsync(ct); // what `within` added, the audit entries not yet appended (none on PostgreSQL without it)
        await tx.CommitAsync(ct);
        return new RegisteredIncoming(doc.Id, today.Year, number, doc.ArrivalDate);
    }

    private const string TrailText = "Số đến";

    /// <summary>
    /// PostgreSQL, under the audit lock: the register's next number (its row locked until commit), written into the
    /// document and its trail entry saved with stand-ins. No row when the document or the entry is missing.
    /// </summary>
    private const string NumberSql = """
        WITH n AS (UPDATE "IncomingRegisters" SET "LastNumber" = "LastNumber" + 1 WHERE "Id" = @register RETURNING "LastNumber"),
             d AS (UPDATE "IncomingDocuments" SET "ArrivalNumber" = n."LastNumber" FROM n WHERE "IncomingDocuments"."Id" = @document RETURNING 1),
             t AS (UPDATE "IncomingTrail" SET "Text" = @text || n."LastNumber" FROM n WHERE "IncomingTrail"."Id" = @trail RETURNING 1)
        SELECT n."LastNumber" FROM n WHERE EXISTS (SELECT 1 FROM d) AND EXISTS (SELECT 1 FROM t)
        """;

    private Task<Guid> RegisterOfYearAsync(Guid organizationId, int year, CancellationToken ct) =>
        Registers.YearRegisters.OfYearAsync(db, db.IncomingRegisters, organizationId, year, () => new IncomingRegister(organizationId, year), ct);
}

/// <summary>An organ with incoming documents is never deleted.</summary>
internal sealed class IncomingUsage(AppDbContext db) : IOrganizationUsage
{
    public async Task<string?> ReasonInUseAsync(Guid organizationId, CancellationToken ct) =>
        await db.IncomingDocuments.AnyAsync(d => d.OrganizationId == organizationId, ct) ? "đã có văn bản đến" : null;
}
