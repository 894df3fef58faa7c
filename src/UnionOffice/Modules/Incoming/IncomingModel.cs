using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Incoming;

internal static class IncomingModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ReceivedDocument>(r =>
        {
            r.Property(x => x.SenderCode).HasMaxLength(40).IsRequired();
            r.Property(x => x.SenderName).HasMaxLength(250).IsRequired();
            r.Property(x => x.DocumentKey).HasMaxLength(200);
            r.Property(x => x.CodeNumber).HasMaxLength(20);
            r.Property(x => x.CodeNotation).HasMaxLength(50);
            r.Property(x => x.TypeName).HasMaxLength(100).IsRequired();
            r.Property(x => x.Subject).HasMaxLength(500).IsRequired();
            r.Property(x => x.SignerName).HasMaxLength(50);
            r.Property(x => x.SignerPosition).HasMaxLength(100);
            r.Property(x => x.ToPlaces).HasMaxLength(1000);
            r.Property(x => x.ReplyToKey).HasMaxLength(200);
            r.Property(x => x.VerificationSummary).HasMaxLength(1000);
            r.Property(x => x.RefuseReason).HasMaxLength(1000);
            r.Property(x => x.RecallRequestReason).HasMaxLength(1000);
            r.Property(x => x.UpdateReason).HasMaxLength(1000);
            r.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            r.HasIndex(x => new { x.OrganizationId, x.State });
            r.HasIndex(x => x.SourceDeliveryId);
            r.HasIndex(x => x.InboundMessageId);
            r.HasIndex(x => x.IncomingDocumentId);
            r.HasOne<Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<IncomingDocument>().WithMany().HasForeignKey(x => x.IncomingDocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ReceivedFile>(f =>
        {
            f.HasKey(x => new { x.ReceivedDocumentId, x.Order });
            f.Property(x => x.FileName).HasMaxLength(200).IsRequired();
            f.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
            f.Property(x => x.ContentType).HasMaxLength(100).IsRequired();
            f.HasOne<ReceivedDocument>().WithMany().HasForeignKey(x => x.ReceivedDocumentId).OnDelete(DeleteBehavior.Cascade);
        });
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
            d.Property(x => x.ReplyToKey).HasMaxLength(200);
            d.Property(x => x.SearchKey).HasMaxLength(1200).IsRequired();
            d.Property(x => x.DuplicateKey).HasMaxLength(300).IsRequired();
            d.Property(x => x.Direction).HasMaxLength(2000);
            d.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            d.HasIndex(x => new { x.OrganizationId, x.Status });
            // Finding within an organ, newest first: walked backwards, it stops after a page (0009).
            d.HasIndex(x => new { x.OrganizationId, x.RegisteredAt, x.ArrivalNumber });
            d.HasIndex(x => new { x.RegisterId, x.ArrivalNumber }).IsUnique();
            d.HasIndex(x => new { x.OrganizationId, x.DuplicateKey });
            d.HasOne<IncomingRegister>().WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RegisteredByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IncomingAssignment>(a =>
        {
            a.Property(x => x.Opinion).HasMaxLength(2000);
            a.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            a.Property(x => x.ReturnReason).HasMaxLength(1000);
            a.HasIndex(x => new { x.UserId, x.Status });
            a.HasIndex(x => new { x.DepartmentId, x.Status });
            a.HasIndex(x => x.DocumentId);
            // The list of what a person directed or gave out, newest first — in their own right, or in their name under a
            // delegation: walked from the newest, so a head who directed tens of thousands reads only the first page's.
            a.HasIndex(x => new { x.AssignedByUserId, x.CreatedAt });
            a.HasIndex(x => new { x.AssignedOnBehalfOfUserId, x.CreatedAt });
            a.HasOne<IncomingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<IncomingAssignment>().WithMany().HasForeignKey(x => x.ParentAssignmentId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SavedSearch>(s =>
        {
            s.Property(x => x.Name).HasMaxLength(100).IsRequired();
            s.Property(x => x.Query).HasMaxLength(1000).IsRequired();
            s.HasIndex(x => new { x.UserId, x.Name }).IsUnique();
            s.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<IncomingTrailEntry>(t =>
        {
            t.Property(x => x.Action).HasMaxLength(40).IsRequired();
            t.Property(x => x.Text).HasMaxLength(2000);
            t.HasIndex(x => new { x.DocumentId, x.At });
            t.HasOne<IncomingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
