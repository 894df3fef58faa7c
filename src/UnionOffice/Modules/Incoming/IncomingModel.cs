using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Incoming;

internal static class IncomingModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<IncomingRegister>(r =>
        {
            r.Property(x => x.Name).HasMaxLength(200).IsRequired();
            r.HasIndex(x => new { x.OrganizationId, x.Year }).IsUnique();
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IncomingDocument>(d =>
        {
            d.Property(x => x.IssuerName).HasMaxLength(200).IsRequired();
            d.Property(x => x.IssuerCode).HasMaxLength(13);
            d.Property(x => x.CodeNumber).HasMaxLength(11).IsRequired();
            d.Property(x => x.CodeNotation).HasMaxLength(30).IsRequired();
            d.Property(x => x.TypeName).HasMaxLength(100).IsRequired();
            d.Property(x => x.Subject).HasMaxLength(500).IsRequired();
            d.Property(x => x.Language).HasMaxLength(30).IsRequired();
            d.Property(x => x.Description).HasMaxLength(500);
            d.Property(x => x.SignerPosition).HasMaxLength(100);
            d.Property(x => x.SignerName).HasMaxLength(50);
            d.Property(x => x.ToPlaces).HasMaxLength(1000);
            d.Property(x => x.SearchKey).HasMaxLength(1200).IsRequired();
            d.Property(x => x.DuplicateKey).HasMaxLength(300).IsRequired();
            d.HasIndex(x => new { x.RegisterId, x.ArrivalNumber }).IsUnique();
            d.HasIndex(x => new { x.OrganizationId, x.DuplicateKey });
            d.HasOne<IncomingRegister>().WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RegisteredByUserId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
