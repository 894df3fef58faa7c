using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Data;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Signing;
using UnionOffice.Pdf.Signing;

namespace UnionOffice.Commands;

/// <summary>
/// Demo signing: a test CA made at first seeding (its root stored as a test trust anchor, trusted only when
/// Signing:TrustTestCertificates is on; its key thrown away), a personal certificate for every demo member of the two
/// organs (heads, deputies and heads of departments with RSA keys as tokens hold them; clerks and officers, who sign
/// handover records and reports, with P-256 keys that take no time to make) and one for each demo organ (used by its
/// clerks), all under one printed PIN. Everything it issues says TEST in its name.
/// </summary>
public static class DemoCertificates
{
    public const string DefaultPin = "123456";

    public static async Task<bool> SeedAsync(IServiceProvider sp, string pin, CancellationToken ct)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        if (await db.TrustAnchors.AnyAsync(a => a.IsTest, ct)) return false;
        var protector = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector(Certificates.ProtectorPurpose);
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        using var ca = TestCertificateAuthority.Create(now);
        db.TrustAnchors.Add(new TrustAnchor(ca.Root.Subject, ca.Root.RawData, isTest: true, now));
        var organs = await db.Organizations.Where(o => o.Code == "I02" || o.Code == "I02.36").ToListAsync(ct);
        var admin = await db.RoleAssignments.Where(r => r.Role == Role.Administrator).Select(r => r.UserId).FirstAsync(ct);
        var store = sp.GetRequiredService<Modules.Files.IFileStore>();
        // The images are a nicety: an installation whose file limit is smaller than them gets text-only signatures.
        async Task<string?> PutAsync(byte[] png)
        {
            using var ms = new MemoryStream(png);
            try
            {
                return (await store.PutAsync(ms, "image.png", ct)).Sha256;
            }
            catch (Common.DomainException)
            {
                return null;
            }
        }
        var seal = await PutAsync(DemoImages.Seal());
        foreach (var org in organs)
        {
            using (var organCert = ca.IssueOrgan(org.Name))
            {
                var entity = Entity(null, org.Id, organCert, protector, pin, admin, now);
                entity.SetImage(seal);
                db.SigningCertificates.Add(entity);
            }
            // Heads and their deputies sign; heads of departments too, when given thừa lệnh / thừa ủy quyền.
            var heads = await (from r in db.RoleAssignments
                               join u in db.Users on r.UserId equals u.Id
                               where r.OrganizationId == org.Id && (r.Role == Role.Head || r.Role == Role.Deputy || r.Role == Role.DepartmentHead)
                               select u).Distinct().ToListAsync(ct);
            foreach (var head in heads)
            {
                using var personal = ca.IssuePerson(head.FullName, org.Name);
                var entity = Entity(head.Id, null, personal, protector, pin, admin, now);
                entity.SetImage(await PutAsync(DemoImages.Signature(head.UserName!.Sum(ch => ch))));
                db.SigningCertificates.Add(entity);
            }
            var headIds = heads.Select(h => h.Id).ToHashSet();
            var staff = await (from r in db.RoleAssignments
                               join u in db.Users on r.UserId equals u.Id
                               where r.OrganizationId == org.Id && (r.Role == Role.Clerk || r.Role == Role.Officer || r.Role == Role.Archivist)
                               select u).Distinct().ToListAsync(ct);
            foreach (var person in staff.Where(p => !headIds.Contains(p.Id)))
            {
                using var personal = ca.IssuePerson(person.FullName, org.Name, keyType: TestKeyType.EcdsaP256);
                db.SigningCertificates.Add(Entity(person.Id, null, personal, protector, pin, admin, now));
            }
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static SigningCertificate Entity(Guid? userId, Guid? orgId, IssuedCertificate issued, IDataProtector protector, string pin, Guid by, DateTimeOffset now)
    {
        var c = issued.Certificate;
        return new SigningCertificate(userId, orgId, c.Subject, c.Issuer, c.Thumbprint, c.SerialNumber, c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime(),
            protector.Protect(issued.ExportPkcs12(pin)), isTest: true, by, now);
    }
}
