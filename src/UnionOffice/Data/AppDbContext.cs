using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityUserContext<AppUser, Guid>(options)
{
    private readonly List<AuditEntry> _pendingAudit = [];

    /// <summary>The audit chain's head while this context's transaction holds the chain's lock (AuditChain.LockAsync).</summary>
    internal AuditChain.AuditHead? HeldAuditHead { get; set; }

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Modules.Incoming.IncomingRegister> IncomingRegisters => Set<Modules.Incoming.IncomingRegister>();
    public DbSet<Modules.Incoming.IncomingDocument> IncomingDocuments => Set<Modules.Incoming.IncomingDocument>();
    public DbSet<Modules.Incoming.IncomingAssignment> IncomingAssignments => Set<Modules.Incoming.IncomingAssignment>();
    public DbSet<Modules.Incoming.IncomingTrailEntry> IncomingTrail => Set<Modules.Incoming.IncomingTrailEntry>();
    public DbSet<Modules.Incoming.ReceivedDocument> ReceivedDocuments => Set<Modules.Incoming.ReceivedDocument>();
    public DbSet<Modules.Incoming.ReceivedFile> ReceivedFiles => Set<Modules.Incoming.ReceivedFile>();
    public DbSet<Modules.Files.DocumentFile> DocumentFiles => Set<Modules.Files.DocumentFile>();
    public DbSet<Modules.Work.DeadlineExtension> DeadlineExtensions => Set<Modules.Work.DeadlineExtension>();
    public DbSet<Modules.Work.TrailEntry> Trail => Set<Modules.Work.TrailEntry>();
    public DbSet<Modules.Work.WorkTask> Tasks => Set<Modules.Work.WorkTask>();
    public DbSet<Modules.Work.TaskAssignee> TaskAssignees => Set<Modules.Work.TaskAssignee>();
    public DbSet<Modules.Work.TaskReport> TaskReports => Set<Modules.Work.TaskReport>();
    public DbSet<Modules.Work.DiaryEntry> DiaryEntries => Set<Modules.Work.DiaryEntry>();
    public DbSet<Modules.Work.DiaryWeek> DiaryWeeks => Set<Modules.Work.DiaryWeek>();
    public DbSet<Modules.Work.WorkPlan> WorkPlans => Set<Modules.Work.WorkPlan>();
    public DbSet<Modules.Work.WorkPlanItem> WorkPlanItems => Set<Modules.Work.WorkPlanItem>();
    public DbSet<Modules.Dossiers.FileCatalog> FileCatalogs => Set<Modules.Dossiers.FileCatalog>();
    public DbSet<Modules.Dossiers.CatalogHeading> CatalogHeadings => Set<Modules.Dossiers.CatalogHeading>();
    public DbSet<Modules.Dossiers.CatalogEntry> CatalogEntries => Set<Modules.Dossiers.CatalogEntry>();
    public DbSet<Modules.Dossiers.Dossier> Dossiers => Set<Modules.Dossiers.Dossier>();
    public DbSet<Modules.Dossiers.DossierItem> DossierItems => Set<Modules.Dossiers.DossierItem>();
    public DbSet<Modules.Dossiers.ArchiveTransfer> ArchiveTransfers => Set<Modules.Dossiers.ArchiveTransfer>();
    public DbSet<Modules.Dossiers.ArchiveTransferItem> ArchiveTransferItems => Set<Modules.Dossiers.ArchiveTransferItem>();
    public DbSet<Modules.Dossiers.ConsultRequest> ConsultRequests => Set<Modules.Dossiers.ConsultRequest>();
    public DbSet<Modules.Dossiers.ArchiveHold> ArchiveHolds => Set<Modules.Dossiers.ArchiveHold>();
    public DbSet<Modules.Dossiers.ArchiveHoldItem> ArchiveHoldItems => Set<Modules.Dossiers.ArchiveHoldItem>();
    public DbSet<Modules.Dossiers.DisposalList> DisposalLists => Set<Modules.Dossiers.DisposalList>();
    public DbSet<Modules.Dossiers.DisposalItem> DisposalItems => Set<Modules.Dossiers.DisposalItem>();
    public DbSet<Modules.Schedules.ScheduleWeek> ScheduleWeeks => Set<Modules.Schedules.ScheduleWeek>();
    public DbSet<Modules.Schedules.ScheduleEvent> ScheduleEvents => Set<Modules.Schedules.ScheduleEvent>();
    public DbSet<Modules.Schedules.ScheduleParticipant> ScheduleParticipants => Set<Modules.Schedules.ScheduleParticipant>();
    public DbSet<Modules.Schedules.ScheduleResource> ScheduleResources => Set<Modules.Schedules.ScheduleResource>();
    public DbSet<Modules.Schedules.ResourceBooking> ResourceBookings => Set<Modules.Schedules.ResourceBooking>();
    public DbSet<Modules.Schedules.CalendarFeed> CalendarFeeds => Set<Modules.Schedules.CalendarFeed>();
    public DbSet<Modules.Meetings.Meeting> Meetings => Set<Modules.Meetings.Meeting>();
    public DbSet<Modules.Meetings.AgendaItem> AgendaItems => Set<Modules.Meetings.AgendaItem>();
    public DbSet<Modules.Meetings.Invitee> Invitees => Set<Modules.Meetings.Invitee>();
    public DbSet<Modules.Meetings.MeetingVote> MeetingVotes => Set<Modules.Meetings.MeetingVote>();
    public DbSet<Modules.Meetings.Ballot> Ballots => Set<Modules.Meetings.Ballot>();
    public DbSet<Modules.Meetings.SecretChoice> SecretChoices => Set<Modules.Meetings.SecretChoice>();
    public DbSet<Modules.Meetings.MeetingMaterial> MeetingMaterials => Set<Modules.Meetings.MeetingMaterial>();
    public DbSet<Modules.Meetings.MaterialNote> MaterialNotes => Set<Modules.Meetings.MaterialNote>();
    public DbSet<Modules.Meetings.SpeakRequest> SpeakRequests => Set<Modules.Meetings.SpeakRequest>();
    public DbSet<Modules.Meetings.MaterialOpinion> MaterialOpinions => Set<Modules.Meetings.MaterialOpinion>();
    public DbSet<Modules.Meetings.MeetingPaper> MeetingPapers => Set<Modules.Meetings.MeetingPaper>();
    public DbSet<Modules.Reports.ReportForm> ReportForms => Set<Modules.Reports.ReportForm>();
    public DbSet<Modules.Reports.ReportField> ReportFields => Set<Modules.Reports.ReportField>();
    public DbSet<Modules.Reports.ReportRequest> ReportRequests => Set<Modules.Reports.ReportRequest>();
    public DbSet<Modules.Reports.ReportValue> ReportValues => Set<Modules.Reports.ReportValue>();
    public DbSet<Modules.Notifications.Notification> Notifications => Set<Modules.Notifications.Notification>();
    public DbSet<Modules.Outgoing.RecipientList> RecipientLists => Set<Modules.Outgoing.RecipientList>();
    public DbSet<Modules.Notifications.PushDevice> PushDevices => Set<Modules.Notifications.PushDevice>();
    public DbSet<Modules.Notifications.PushKey> PushKeys => Set<Modules.Notifications.PushKey>();
    public DbSet<Modules.Incoming.SavedSearch> SavedSearches => Set<Modules.Incoming.SavedSearch>();
    public DbSet<Modules.Search.FileText> FileTexts => Set<Modules.Search.FileText>();
    public DbSet<Modules.Search.SearchEntry> SearchEntries => Set<Modules.Search.SearchEntry>();
    public DbSet<Modules.Outgoing.OutgoingRegister> OutgoingRegisters => Set<Modules.Outgoing.OutgoingRegister>();
    public DbSet<Modules.Outgoing.OutgoingDocument> OutgoingDocuments => Set<Modules.Outgoing.OutgoingDocument>();
    public DbSet<Modules.Outgoing.OutgoingVersion> OutgoingVersions => Set<Modules.Outgoing.OutgoingVersion>();
    public DbSet<Modules.Outgoing.OutgoingAppendix> OutgoingAppendices => Set<Modules.Outgoing.OutgoingAppendix>();
    public DbSet<Modules.Outgoing.OutgoingTrailEntry> OutgoingTrail => Set<Modules.Outgoing.OutgoingTrailEntry>();
    public DbSet<Modules.Outgoing.OutgoingComment> OutgoingComments => Set<Modules.Outgoing.OutgoingComment>();
    public DbSet<Modules.Outgoing.Delivery> Deliveries => Set<Modules.Outgoing.Delivery>();
    public DbSet<Modules.Outgoing.DocumentTypePolicy> DocumentTypePolicies => Set<Modules.Outgoing.DocumentTypePolicy>();
    public DbSet<Modules.Exchange.ExchangeMessage> ExchangeMessages => Set<Modules.Exchange.ExchangeMessage>();
    public DbSet<Modules.Exchange.ExchangeEvent> ExchangeEvents => Set<Modules.Exchange.ExchangeEvent>();
    public DbSet<Modules.Signing.SigningCertificate> SigningCertificates => Set<Modules.Signing.SigningCertificate>();
    public DbSet<Modules.Signing.PendingSignature> PendingSignatures => Set<Modules.Signing.PendingSignature>();
    public DbSet<Modules.Signing.TrustAnchor> TrustAnchors => Set<Modules.Signing.TrustAnchor>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Queues an audit entry; it is chained and written atomically with the next SaveChanges.</summary>
    internal void AddAudit(AuditEntry entry) => _pendingAudit.Add(entry);

    /// <summary>The audit entries queued and not yet appended to the chain (AuditChain takes them when it appends).</summary>
    internal List<AuditEntry> PendingAudit => _pendingAudit;

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        SaveAsync(acceptAllChangesOnSuccess, appendAudit: true, cancellationToken);

    /// <summary>
    /// Saves the changes but leaves the queued audit entries for later in the same transaction: work written before the
    /// audit chain's lock is taken, so the lock is not held while it is written (<see cref="SaveAuditLastAsync"/>,
    /// registering an incoming document).
    /// </summary>
    /// <para>Without EF Core's savepoint around the save (SAVEPOINT, then RELEASE: two statements on PostgreSQL): both
    /// callers give up the whole transaction when this save fails, so there is nothing to roll back to.</para>
    internal async Task<int> SaveKeepingAuditAsync(CancellationToken cancellationToken)
    {
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = false;
        try
        {
            return await SaveAsync(acceptAllChangesOnSuccess: true, appendAudit: false, cancellationToken);
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// Saves the changes and their audit entries, the entries last, and commits: the changes first without the chain's
    /// lock, then on PostgreSQL the lock and the entries (chained by the database) in one round trip, then COMMIT — so
    /// the chain is held for one round trip and the commit instead of the whole save. For a save that ends its
    /// transaction: one of its own, or the caller's, which must commit right after and write nothing more (the holder
    /// of the chain's lock must never wait for a row lock: others wait for the chain holding theirs).
    /// </summary>
    internal async Task SaveAuditLastAsync(CancellationToken cancellationToken)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await SaveKeepingAuditAsync(cancellationToken);
            if (IsPostgres) await AuditChain.LockThenAsync(this, null, [], cancellationToken, append: true);
            else await SaveChangesAsync(cancellationToken); // SQLite: the transaction already serialises writers
            if (own is not null) await own.CommitAsync(cancellationToken);
        }
        catch
        {
            _pendingAudit.Clear(); // the transaction is lost with them
            HeldAuditHead = null;
            throw;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>
    /// Every text written is clean and in NFC (<see cref="TextRules"/>), whatever door it came in by: PostgreSQL refuses
    /// a NUL with an error the user would see as a 500, and one word typed in two Unicode forms would not be found by
    /// search. People's text was refused at the request's edge already (Refusals, the JSON reader, upload forms), so what
    /// is cleaned here is machines' — an edXML subject, a peer's or a mail server's answer, a row saved before these rules
    /// — dropping its control characters rather than failing the whole unit of work over them (a message from the axis
    /// would otherwise never be taken). The audit's entries are written as they are (their hash covers them;
    /// <see cref="Modules.Audit.Auditor"/> cleans what it is given).
    /// </summary>
    private void CleanText()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || entry.Entity is AuditEntry) continue;
            foreach (var p in entry.Properties)
            {
                if (p.CurrentValue is not string s || (entry.State == EntityState.Modified && !p.IsModified)) continue;
                if (!TextRules.IsClean(s, allowFormFeed: true) || !s.IsNormalized(System.Text.NormalizationForm.FormC)) p.CurrentValue = TextRules.Sanitize(s);
            }
        }
    }

    private async Task<int> SaveAsync(bool acceptAllChangesOnSuccess, bool appendAudit, CancellationToken cancellationToken)
    {
        CleanText();
        foreach (var e in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
            e.Property(nameof(IVersioned.Version)).CurrentValue = (int)e.Property(nameof(IVersioned.Version)).OriginalValue! + 1;
        try
        {
            return appendAudit
                ? await SaveWithAuditAsync(acceptAllChangesOnSuccess, cancellationToken)
                : await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.Any(x => x.Entity is IVersioned))
        {
            throw new DomainException(Concurrency.Conflict);
        }
    }

    private async Task<int> SaveWithAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (_pendingAudit.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var own = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await AuditChain.AppendAsync(this, _pendingAudit, cancellationToken);
            _pendingAudit.Clear();
            var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return n;
        }
        catch
        {
            foreach (var e in AuditEntries.Local.Where(e => Entry(e).State == EntityState.Added).ToList())
                Entry(e).State = EntityState.Detached;
            _pendingAudit.Clear();
            HeldAuditHead = null; // the entries appended to it were not saved
            throw;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    // Contexts are pooled (DatabaseSetup.AddAppDatabase): disposing returns this instance for another request, which
    // must not inherit this one's unsaved audit entries or its hold on the chain's head.
    public override void Dispose()
    {
        ForgetRequest();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ForgetRequest();
        return base.DisposeAsync();
    }

    private void ForgetRequest()
    {
        _pendingAudit.Clear();
        HeldAuditHead = null;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        _pendingAudit.Count == 0
            ? base.SaveChanges(acceptAllChangesOnSuccess)
            : throw new InvalidOperationException("Audited changes must be saved with SaveChangesAsync.");

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset stored as text; all instants are UTC, so ticks order correctly.
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    /// <summary>
    /// The Identity schema with passkeys (version 3), whatever host builds the model first. EF Core caches a context's model
    /// for the whole process, and Identity otherwise reads the version from the options of the host that happens to build
    /// it: a host without the accounts module (a tool, a test of the connection string) built it without passkeys and
    /// every later host in the process inherited that model (seen as "does not include IdentityUserPasskey" on PostgreSQL
    /// when such a test ran first).
    /// </summary>
    protected override Version SchemaVersion => Microsoft.AspNetCore.Identity.IdentitySchemaVersions.Version3;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's part of the model; its schema version (3: with passkeys) comes from IdentityOptions.Stores.
        base.OnModelCreating(builder);
        if (IsPostgres) builder.HasPostgresExtension("btree_gin"); // GIN on (OrganizationId, Vector), migration 0010
        builder.Entity<AppUser>(u =>
        {
            u.Property(x => x.FullName).HasMaxLength(200).IsRequired();
            u.Property(x => x.SearchKey).HasMaxLength(300).IsRequired();
            u.Property(x => x.StatusReason).HasMaxLength(500);
            u.Property(x => x.JobTitle).HasMaxLength(200);
            u.Property(x => x.DirectoryContact).HasDefaultValue(ContactVisibility.Organ);
            u.HasIndex(x => x.HomeOrganizationId);
            u.HasOne<Organization>().WithMany().HasForeignKey(x => x.HomeOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Organization>(o =>
        {
            o.Property(x => x.Code).HasMaxLength(40).IsRequired();
            o.Property(x => x.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
            o.Property(x => x.UserNameSuffix).HasMaxLength(16).IsRequired();
            o.Property(x => x.OtpRequiredRoles).HasMaxLength(200).IsRequired();
            o.HasIndex(x => x.Code).IsUnique();
            o.HasIndex(x => x.ParentId);
            o.HasOne<Organization>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Department>(d =>
        {
            d.Property(x => x.Code).HasMaxLength(16).IsRequired();
            d.Property(x => x.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
            d.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<RoleAssignment>(r =>
        {
            r.HasIndex(x => new { x.UserId, x.OrganizationId, x.Role });
            r.HasIndex(x => new { x.OrganizationId, x.Role });
            r.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Delegation>(d =>
        {
            d.Property(x => x.Reason).HasMaxLength(500);
            d.Property(x => x.DocumentTypes).HasMaxLength(500);
            d.Property(x => x.Kind).HasDefaultValue(DelegationKind.Role);
            d.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            d.HasIndex(x => new { x.ToUserId, x.Status });
            d.HasIndex(x => new { x.OrganizationId, x.Status });
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.FromUserId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ToUserId).OnDelete(DeleteBehavior.Restrict);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        Modules.Incoming.IncomingModel.Configure(builder);
        Modules.Outgoing.OutgoingModel.Configure(builder);
        Modules.Exchange.ExchangeModel.Configure(builder);
        Modules.Work.WorkModel.Configure(builder);
        Modules.Dossiers.DossierModel.Configure(builder);
        Modules.Schedules.ScheduleModel.Configure(builder);
        Modules.Meetings.MeetingModel.Configure(builder);
        Modules.Reports.ReportModel.Configure(builder);
        builder.Entity<Modules.Files.DocumentFile>(f =>
        {
            f.Property(x => x.OwnerType).HasMaxLength(20).IsRequired();
            f.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
            f.Property(x => x.ContentType).HasMaxLength(100).IsRequired();
            f.Property(x => x.FileName).HasMaxLength(200).IsRequired();
            f.HasIndex(x => new { x.OwnerType, x.OwnerId });
            f.HasIndex(x => x.Sha256);
            f.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UploadedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Modules.Notifications.Notification>(n =>
        {
            n.Property(x => x.Kind).HasMaxLength(40).IsRequired();
            n.Property(x => x.Title).HasMaxLength(300).IsRequired();
            n.Property(x => x.Link).HasMaxLength(300);
            n.Property(x => x.DedupKey).HasMaxLength(200);
            n.HasIndex(x => new { x.UserId, x.ReadAt });
            n.HasIndex(x => new { x.UserId, x.CreatedAt });
            n.HasIndex(x => x.DedupKey).IsUnique();
            n.HasIndex(x => x.MailedAt);
            n.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Modules.Notifications.PushDevice>(d =>
        {
            d.Property(x => x.Endpoint).HasMaxLength(1000).IsRequired();
            d.Property(x => x.P256dh).HasMaxLength(100).IsRequired();
            d.Property(x => x.Auth).HasMaxLength(50).IsRequired();
            d.Property(x => x.Name).HasMaxLength(100).IsRequired();
            d.Property(x => x.LastError).HasMaxLength(300);
            d.HasIndex(x => x.Endpoint).IsUnique();
            d.HasIndex(x => x.UserId);
            d.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Modules.Outgoing.RecipientList>(l =>
        {
            l.Property(x => x.Name).HasMaxLength(100).IsRequired();
            l.Property(x => x.Codes).HasMaxLength(4000).IsRequired();
            l.Ignore(x => x.CodeList);
            l.HasIndex(x => new { x.OrganizationId, x.Name }).IsUnique();
            l.HasOne<Modules.Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            l.HasOne<AppUser>().WithMany().HasForeignKey(x => x.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Modules.Notifications.PushKey>(k =>
        {
            k.Property(x => x.Id).ValueGeneratedNever();
            k.Property(x => x.PublicKey).HasMaxLength(100).IsRequired();
            k.Property(x => x.PrivateKey).HasMaxLength(2000).IsRequired();
        });
        builder.Entity<Modules.Search.FileText>(t =>
        {
            t.HasKey(x => x.Sha256);
            t.Property(x => x.Sha256).HasMaxLength(64);
            t.Property(x => x.ContentType).HasMaxLength(100).IsRequired();
            t.Property(x => x.Method).HasMaxLength(20);
            t.Property(x => x.Error).HasMaxLength(1000);
            t.HasIndex(x => new { x.State, x.UpdatedAt });
        });
        builder.Entity<Modules.Search.SearchEntry>(e =>
        {
            e.HasKey(x => new { x.OwnerType, x.OwnerId });
            e.Property(x => x.OwnerType).HasMaxLength(20);
            e.Property(x => x.Text).IsRequired();
            e.HasIndex(x => x.OrganizationId);
            // PostgreSQL keeps the words as a generated tsvector with a GIN index; SQLite matches on the text itself.
            // GIN on (OrganizationId, Vector) with btree_gin (migration 0010): serves a search of every organ (on Vector
            // alone: a multicolumn GIN index is as good on any of its columns) and of one organ.
            if (IsPostgres) e.HasGeneratedTsVectorColumn(x => x.Vector!, "simple", x => new { x.Text })
                .HasIndex(x => new { x.OrganizationId, x.Vector }).HasMethod("GIN");
            else e.Ignore(x => x.Vector);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.HasKey(x => x.Sequence);
            a.Property(x => x.Sequence).ValueGeneratedNever();
            a.Property(x => x.Action).HasMaxLength(80).IsRequired();
            a.Property(x => x.ActorUserName).HasMaxLength(256);
            a.Property(x => x.TargetType).HasMaxLength(60);
            a.Property(x => x.TargetId).HasMaxLength(100);
            a.Property(x => x.Details).HasMaxLength(4000);
            a.Property(x => x.IpAddress).HasMaxLength(64);
            a.Property(x => x.PreviousHash).HasMaxLength(64).IsRequired();
            a.Property(x => x.Hash).HasMaxLength(64).IsRequired();
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.OrganizationId, x.Sequence });
            a.HasIndex(x => new { x.ActorUserId, x.Sequence });
        });
    }
}
