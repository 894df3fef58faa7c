using Microsoft.EntityFrameworkCore;

namespace UnionOffice.Modules.Exchange;

public static class ExchangeModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ExchangeMessage>(m =>
        {
            m.Property(x => x.FromCode).HasMaxLength(40).IsRequired();
            m.Property(x => x.ToCodes).HasMaxLength(4000).IsRequired();
            m.Property(x => x.Route).HasMaxLength(100).IsRequired();
            m.Property(x => x.DocumentKey).HasMaxLength(200);
            m.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
            m.Property(x => x.LastError).HasMaxLength(1000);
            m.Property(x => x.RemoteId).HasMaxLength(200);
            m.Property(x => x.SourceKey).HasMaxLength(300);
            m.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            // The same message from the same sender is stored once, however often it comes.
            m.HasIndex(x => x.SourceKey).IsUnique();
            // The outbox worker's question: what is due.
            m.HasIndex(x => new { x.Direction, x.State, x.NextAttemptAt });
            m.HasIndex(x => x.CreatedAt);
            m.HasIndex(x => x.DocumentKey);
        });
        builder.Entity<ExchangeEvent>(e =>
        {
            e.Property(x => x.Action).HasMaxLength(40).IsRequired();
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => new { x.MessageId, x.At });
            e.HasOne<ExchangeMessage>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
