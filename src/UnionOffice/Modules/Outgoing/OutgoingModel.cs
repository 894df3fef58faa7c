using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;
using UnionOffice.Modules.Signing;

namespace UnionOffice.Modules.Outgoing;

internal static class OutgoingModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OutgoingRegister>(r =>
        {
            r.Property(x => x.Name).HasMaxLength(200).IsRequired();
            r.HasIndex(x => new { x.OrganizationId, x.Year }).IsUnique();
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OutgoingDocument>(d =>
        {
            d.Property(x => x.TypeName).HasMaxLength(100).IsRequired();
            d.Property(x => x.TypeCode).HasMaxLength(10);
            d.Property(x => x.Subject).HasMaxLength(500).IsRequired();
            d.Property(x => x.SignerAuthority).HasMaxLength(120);
            d.Property(x => x.SignerPosition).HasMaxLength(100);
            d.Property(x => x.Collective).HasMaxLength(60);
            d.Property(x => x.ToPlaces).HasMaxLength(1000);
            d.Property(x => x.ReturnReason).HasMaxLength(1000);
            d.Property(x => x.SignedSha256).HasMaxLength(64);
            d.Property(x => x.IssuedSha256).HasMaxLength(64);
            d.Property(x => x.SignerImageSha256).HasMaxLength(64);
            d.Property(x => x.Notation).HasMaxLength(30);
            d.Property(x => x.RecallReason).HasMaxLength(1000);
            d.Property(x => x.SearchKey).HasMaxLength(800).IsRequired();
            d.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            d.HasIndex(x => new { x.OrganizationId, x.Status });
            d.HasIndex(x => new { x.AuthorUserId, x.Status });
            d.HasIndex(x => new { x.RegisterId, x.Number }).IsUnique();
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.SignerUserId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<OutgoingRegister>().WithMany().HasForeignKey(x => x.RegisterId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Incoming.IncomingDocument>().WithMany().HasForeignKey(x => x.ReplyToIncomingId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Work.WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.ReplacesId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.PublishedByUserId).OnDelete(DeleteBehavior.Restrict);
            d.HasIndex(x => new { x.OrganizationId, x.PublishedAt });
        });
        builder.Entity<DocumentTypePolicy>(p =>
        {
            p.Property(x => x.TypeName).HasMaxLength(100).IsRequired();
            p.HasIndex(x => new { x.OrganizationId, x.TypeName }).IsUnique();
            p.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UpdatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OutgoingVersion>(v =>
        {
            v.Property(x => x.PdfSha256).HasMaxLength(64).IsRequired();
            v.Property(x => x.SourceSha256).HasMaxLength(64);
            v.Property(x => x.FileName).HasMaxLength(200).IsRequired();
            v.Property(x => x.Note).HasMaxLength(500);
            v.HasIndex(x => new { x.DocumentId, x.Number }).IsUnique();
            v.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OutgoingAppendix>(a =>
        {
            a.Property(x => x.FileName).HasMaxLength(200).IsRequired();
            a.Property(x => x.PdfSha256).HasMaxLength(64).IsRequired();
            a.Property(x => x.SourceSha256).HasMaxLength(64);
            a.Property(x => x.IssuedSha256).HasMaxLength(64);
            a.HasIndex(x => new { x.DocumentId, x.Order });
            a.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OutgoingTrailEntry>(t =>
        {
            t.Property(x => x.Action).HasMaxLength(40).IsRequired();
            t.Property(x => x.Text).HasMaxLength(2000);
            t.HasIndex(x => new { x.DocumentId, x.At });
            t.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<OutgoingComment>(c =>
        {
            c.Property(x => x.Question).HasMaxLength(1000);
            c.Property(x => x.Answer).HasMaxLength(4000);
            c.HasIndex(x => x.DocumentId);
            c.HasIndex(x => new { x.AskedUserId, x.AnsweredAt });
            c.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<AppUser>().WithMany().HasForeignKey(x => x.AskedUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Delivery>(d =>
        {
            d.Property(x => x.RecipientCode).HasMaxLength(40);
            d.Property(x => x.RecipientName).HasMaxLength(250).IsRequired();
            d.Property(x => x.Email).HasMaxLength(200);
            d.Property(x => x.VerificationSummary).HasMaxLength(1000);
            d.Property(x => x.RefuseReason).HasMaxLength(1000);
            d.Property(x => x.FailureReason).HasMaxLength(1000);
            d.Property(x => x.RemoteStatusText).HasMaxLength(1000);
            d.HasIndex(x => x.ExchangeMessageId);
            d.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            d.HasIndex(x => x.DocumentId);
            d.HasIndex(x => new { x.Kind, x.State });
            d.HasIndex(x => new { x.RecipientOrganizationId, x.State });
            d.HasOne<OutgoingDocument>().WithMany().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.RecipientOrganizationId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Incoming.IncomingDocument>().WithMany().HasForeignKey(x => x.IncomingDocumentId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.PaperSentByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SigningCertificate>(c =>
        {
            c.Property(x => x.Subject).HasMaxLength(500).IsRequired();
            c.Property(x => x.Issuer).HasMaxLength(500).IsRequired();
            c.Property(x => x.Thumbprint).HasMaxLength(64).IsRequired();
            c.Property(x => x.SerialNumber).HasMaxLength(100).IsRequired();
            c.Property(x => x.ImageSha256).HasMaxLength(64);
            c.Property(x => x.ProtectedPkcs12).IsRequired();
            c.Property(x => x.ChainPem).HasMaxLength(20000);
            c.Property(x => x.KeyReference).HasMaxLength(300);
            c.HasIndex(x => new { x.UserId, x.IsActive });
            c.HasIndex(x => new { x.OrganizationId, x.IsActive });
            c.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PendingSignature>(p =>
        {
            p.Property(x => x.Purpose).HasMaxLength(40).IsRequired();
            p.Property(x => x.PreparedPdf).IsRequired();
            p.Property(x => x.Digest).IsRequired();
            p.Property(x => x.Details).HasMaxLength(4000).IsRequired();
            p.Property(x => x.RemoteTransactionId).HasMaxLength(200);
            p.Property(x => x.Error).HasMaxLength(1000);
            p.Property(x => x.ResultSha256).HasMaxLength(64);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasIndex(x => new { x.UserId, x.State });
            p.HasIndex(x => x.BatchId);
            p.HasIndex(x => new { x.State, x.RemoteTransactionId });
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<SigningCertificate>().WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<TrustAnchor>(a =>
        {
            a.Property(x => x.Name).HasMaxLength(300).IsRequired();
            a.Property(x => x.Certificate).IsRequired();
        });
    }
}
