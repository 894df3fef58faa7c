using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Dossiers;

internal static class DossierModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<FileCatalog>(c =>
        {
            c.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            c.Property(x => x.Decision).HasMaxLength(300);
            c.HasIndex(x => new { x.OrganizationId, x.Year }).IsUnique();
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CatalogHeading>(h =>
        {
            h.Property(x => x.Title).HasMaxLength(300).IsRequired();
            h.Property(x => x.Abbreviation).HasMaxLength(10);
            h.HasIndex(x => new { x.CatalogId, x.ParentId, x.Order });
            h.HasOne<FileCatalog>().WithMany().HasForeignKey(x => x.CatalogId).OnDelete(DeleteBehavior.Restrict);
            h.HasOne<CatalogHeading>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<CatalogEntry>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(500).IsRequired();
            e.Property(x => x.Notation).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(300);
            e.HasIndex(x => new { x.CatalogId, x.HeadingId, x.Order });
            e.HasIndex(x => x.KeeperUserId);
            e.HasOne<FileCatalog>().WithMany().HasForeignKey(x => x.CatalogId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CatalogHeading>().WithMany().HasForeignKey(x => x.HeadingId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.KeeperUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Dossier>(d =>
        {
            d.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            d.Property(x => x.Notation).HasMaxLength(20).IsRequired();
            d.Property(x => x.Title).HasMaxLength(500).IsRequired();
            d.Property(x => x.Rights).HasMaxLength(30).IsRequired();
            d.Property(x => x.Language).HasMaxLength(50).IsRequired();
            d.Property(x => x.Description).HasMaxLength(500);
            d.HasIndex(x => new { x.KeeperUserId, x.Year });
            d.HasIndex(x => new { x.OrganizationId, x.Year, x.Status });
            d.HasIndex(x => x.CatalogEntryId).IsUnique();
            d.HasIndex(x => new { x.OrganizationId, x.Status, x.HandoverDue });
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<CatalogEntry>().WithMany().HasForeignKey(x => x.CatalogEntryId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.KeeperUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DossierItem>(i =>
        {
            i.HasIndex(x => new { x.DossierId, x.Kind, x.RefId }).IsUnique();
            i.HasIndex(x => new { x.Kind, x.RefId });
            i.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ArchiveTransfer>(t =>
        {
            t.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            t.Property(x => x.Note).HasMaxLength(500);
            t.Property(x => x.Condition).HasMaxLength(300);
            t.Property(x => x.RecordSha256).HasMaxLength(64);
            t.HasIndex(x => new { x.OrganizationId, x.Status });
            t.HasIndex(x => x.GiverUserId);
            t.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            t.HasOne<AppUser>().WithMany().HasForeignKey(x => x.GiverUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ArchiveTransferItem>(i =>
        {
            i.Property(x => x.Reason).HasMaxLength(500);
            i.HasIndex(x => new { x.TransferId, x.DossierId }).IsUnique();
            i.HasIndex(x => x.DossierId);
            i.HasOne<ArchiveTransfer>().WithMany().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Restrict);
            i.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });
            builder.Entity<ConsultRequest>(c =>
        {
            c.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            c.Property(x => x.Purpose).HasMaxLength(500).IsRequired();
            c.Property(x => x.Note).HasMaxLength(500);
            c.HasIndex(x => new { x.DossierId, x.RequesterUserId, x.Status });
            c.HasIndex(x => new { x.OrganizationId, x.Status });
            c.HasIndex(x => x.RequesterUserId);
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RequesterUserId).OnDelete(DeleteBehavior.Restrict);
        });
            builder.Entity<ArchiveHold>(h =>
        {
            h.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            h.Property(x => x.Reference).HasMaxLength(300).IsRequired();
            h.Property(x => x.Reason).HasMaxLength(500);
            h.Property(x => x.LiftReason).HasMaxLength(500);
            h.HasIndex(x => x.OrganizationId);
            h.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ArchiveHoldItem>(i =>
        {
            i.HasIndex(x => new { x.HoldId, x.DossierId }).IsUnique();
            i.HasIndex(x => x.DossierId);
            i.HasOne<ArchiveHold>().WithMany().HasForeignKey(x => x.HoldId).OnDelete(DeleteBehavior.Restrict);
            i.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DisposalList>(l =>
        {
            l.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            l.Property(x => x.Appraisal).HasMaxLength(2000);
            l.Property(x => x.Decision).HasMaxLength(300);
            l.Property(x => x.RecordSha256).HasMaxLength(64);
            l.HasIndex(x => new { x.OrganizationId, x.Status });
            l.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DisposalItem>(i =>
        {
            i.HasIndex(x => new { x.ListId, x.DossierId }).IsUnique();
            i.HasIndex(x => x.DossierId);
            i.HasOne<DisposalList>().WithMany().HasForeignKey(x => x.ListId).OnDelete(DeleteBehavior.Restrict);
            i.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
