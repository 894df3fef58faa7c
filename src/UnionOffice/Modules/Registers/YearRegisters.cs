using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Registers;

/// <summary>A register (sổ) of an organ for one year whose numbers run 1, 2, 3 … (incoming arrivals, outgoing documents).</summary>
public interface IYearRegister
{
    Guid Id { get; }
    Guid OrganizationId { get; }
    int Year { get; }
}

/// <summary>
/// The one way registers give numbers (NĐ30: continuous in the year, never duplicated or skipped). Inside the caller's
/// transaction the next number is taken by an atomic UPDATE … RETURNING on the register row, which stays locked until
/// commit, so a rollback gives the number back.
/// </summary>
public static class YearRegisters
{
    /// <summary>The register of the year, created on its first use (of concurrent creators one wins, the others read it).</summary>
    public static async Task<Guid> OfYearAsync<T>(AppDbContext db, DbSet<T> registers, Guid organizationId, int year, Func<T> create, CancellationToken ct)
        where T : class, IYearRegister
    {
        var id = await registers.Where(x => x.OrganizationId == organizationId && x.Year == year).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        if (id is { } existing) return existing;
        var register = create();
        registers.Add(register);
        try
        {
            await db.SaveChangesAsync(ct);
            return register.Id;
        }
        catch (DbUpdateException)
        {
            db.Entry(register).State = EntityState.Detached;
            return await registers.Where(x => x.OrganizationId == organizationId && x.Year == year).Select(x => x.Id).SingleAsync(ct);
        }
    }

    /// <summary>
    /// The next number of the register (table "IncomingRegisters" or "OutgoingRegisters"); call inside a transaction.
    /// <paramref name="auditLockFirst"/> (PostgreSQL): take the audit chain's global lock first, in the same round trip,
    /// when the transaction goes quickly from the number to its commit (registering) — nobody then queues for the audit
    /// lock while holding a register row. A caller that does slow work between the number and the commit (issuing signs
    /// a PDF) passes false, so only its own register row, not every audited write, waits for that work. (Registering an
    /// incoming document on PostgreSQL takes its number in the audit lock's batch itself, with the rows that carry it:
    /// RegisterIncomingDocument.)
    /// </summary>
    public static async Task<long> NextNumberAsync(AppDbContext db, string table, Guid registerId, bool auditLockFirst, CancellationToken ct)
    {
        if (table is not ("IncomingRegisters" or "OutgoingRegisters")) throw new ArgumentOutOfRangeException(nameof(table), table, "Not a register table.");
        var next = $"UPDATE \"{table}\" SET \"LastNumber\" = \"LastNumber\" + 1 WHERE \"Id\" = @register RETURNING \"LastNumber\"";
        if (auditLockFirst && db.IsPostgres)
            return (long)(await AuditChain.LockThenAsync(db, next, [("register", registerId)], ct) ?? throw new InvalidOperationException("The register is gone."));
        return (await db.Database.SqlQueryRaw<long>(next.Replace("@register", "{0}", StringComparison.Ordinal), registerId).ToListAsync(ct)).Single();
    }
}
