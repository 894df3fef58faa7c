using Microsoft.EntityFrameworkCore;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Work;

internal static class WorkModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<TrailEntry>(t =>
        {
            t.ToTable("Trail");
            t.Property(x => x.Scope).HasMaxLength(20).IsRequired();
            t.Property(x => x.Action).HasMaxLength(40).IsRequired();
            t.Property(x => x.Text).HasMaxLength(2000);
            t.HasIndex(x => new { x.SubjectId, x.At });
        });
        builder.Entity<DeadlineExtension>(e =>
        {
            e.Property(x => x.Scope).HasMaxLength(20).IsRequired().HasDefaultValue(WorkScopes.Incoming);
            e.Property(x => x.Reason).HasMaxLength(1000).IsRequired();
            e.Property(x => x.DecisionNote).HasMaxLength(1000);
            e.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            e.HasIndex(x => new { x.AssignmentId, x.Status });
            e.HasIndex(x => x.WorkId);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<WorkTask>(t =>
        {
            t.ToTable("Tasks");
            t.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            t.Property(x => x.Title).HasMaxLength(500).IsRequired();
            t.Property(x => x.Description).HasMaxLength(4000);
            t.Property(x => x.OriginNote).HasMaxLength(1000);
            t.Property(x => x.Result).HasMaxLength(4000);
            t.Property(x => x.ReturnReason).HasMaxLength(1000);
            t.Property(x => x.CancelReason).HasMaxLength(1000);
            t.Property(x => x.SearchKey).HasMaxLength(1000).IsRequired();
            // A person's list (lead person), a department's list (lead department), the giver's list, a head's figures.
            t.HasIndex(x => new { x.LeadUserId, x.Status, x.Deadline });
            t.HasIndex(x => new { x.LeadDepartmentId, x.Status, x.Deadline });
            t.HasIndex(x => new { x.GivenByUserId, x.Status });
            t.HasIndex(x => new { x.OrganizationId, x.Status, x.Deadline });
            t.HasIndex(x => new { x.OrganizationId, x.Status, x.DoneAt });
            t.HasIndex(x => x.ParentTaskId);
            t.HasIndex(x => new { x.Origin, x.OriginId });
            t.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            t.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.ParentTaskId).OnDelete(DeleteBehavior.Restrict);
            t.HasOne<AppUser>().WithMany().HasForeignKey(x => x.GivenByUserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<TaskAssignee>(a =>
        {
            a.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            a.Property(x => x.Note).HasMaxLength(2000);
            a.HasIndex(x => x.TaskId);
            a.HasIndex(x => new { x.UserId, x.Status });
            a.HasIndex(x => new { x.DepartmentId, x.Status });
            a.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            a.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DiaryEntry>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            e.Property(x => x.Text).HasMaxLength(DiaryEntry.MaxText).IsRequired();
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.Scope).HasMaxLength(20);
            e.HasIndex(x => new { x.UserId, x.Day });
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<DiaryWeek>(w =>
        {
            w.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            w.Property(x => x.Comment).HasMaxLength(2000);
            w.HasIndex(x => new { x.UserId, x.WeekStart }).IsUnique();
            w.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<WorkPlan>(p =>
        {
            p.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(0);
            p.Property(x => x.Title).HasMaxLength(300).IsRequired();
            p.Ignore(x => x.Start);
            p.Ignore(x => x.End);
            p.Ignore(x => x.PeriodText);
            p.HasIndex(x => new { x.OrganizationId, x.Year });
            p.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<WorkPlanItem>(i =>
        {
            i.Property(x => x.Title).HasMaxLength(500).IsRequired();
            i.Property(x => x.Description).HasMaxLength(4000);
            i.HasIndex(x => new { x.PlanId, x.Order });
            i.HasOne<WorkPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<TaskReport>(r =>
        {
            r.Property(x => x.Kind).HasMaxLength(20).IsRequired();
            r.Property(x => x.Text).HasMaxLength(4000).IsRequired();
            r.HasIndex(x => new { x.TaskId, x.At });
            r.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
