using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;

namespace UnionOffice.Modules.Incoming;

public sealed record PresentRequest(string? HeadUserName);
public sealed record TargetRequest(string Kind, string? DepartmentCode, string? UserName);
public sealed record DirectRequest(string? Direction, DateOnly? Deadline, IReadOnlyList<TargetRequest>? Targets);
public sealed record ForwardRequest(string? UserName, DateOnly? Deadline);
public sealed record HandlingRequest(string? Text);

/// <summary>
/// The steps after registration (NĐ30 Điều 23–24): the clerk presents, the head directs, a department head forwards,
/// the assignee records an opinion, finishes or returns. Each step checks who may take it, changes the entities through
/// their guarded methods and writes the processing trail and the audit log in one transaction.
/// </summary>
public sealed class IncomingWorkflow(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, TimeProvider time)
{
    public async Task PresentAsync(Guid id, PresentRequest r, CancellationToken ct)
    {
        var doc = await DocumentAsync(id, ct);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        Guid? head = null;
        if (!string.IsNullOrWhiteSpace(r.HeadUserName))
            head = await MemberAsync(doc.OrganizationId, r.HeadUserName, Role.Head, null, ct) ?? throw new DomainException(IncomingErrors.AssigneeOutside);
        doc.Present(head, time.GetUtcNow());
        await SaveAsync(doc, clerk.UserId, clerk.OnBehalfOfUserId, "presented", head is null ? null : $"Trình {r.HeadUserName!.Trim()}", ct);
    }

    public async Task DirectAsync(Guid id, DirectRequest r, CancellationToken ct)
    {
        var doc = await DocumentAsync(id, ct);
        var head = await access.HeadGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        var targets = new List<IncomingDocument.Target>();
        foreach (var t in r.Targets ?? [])
        {
            if (!Enum.TryParse<AssignmentKind>(t.Kind, true, out var kind) || !Enum.IsDefined(kind))
                throw new DomainException(IncomingErrors.Invalid([$"Hình thức giao \"{t.Kind}\" không hợp lệ (Lead, CoHandler, ForInformation)."]));
            if (!string.IsNullOrWhiteSpace(t.DepartmentCode))
            {
                var code = t.DepartmentCode.Trim().ToUpperInvariant();
                var dept = await db.Departments.Where(d => d.OrganizationId == doc.OrganizationId && d.Code == code && d.IsActive)
                    .Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct) ?? throw new DomainException(IncomingErrors.AssigneeOutside);
                targets.Add(new(kind, dept, null));
            }
            else
            {
                var user = await MemberAsync(doc.OrganizationId, t.UserName, null, null, ct) ?? throw new DomainException(IncomingErrors.AssigneeOutside);
                targets.Add(new(kind, null, user));
            }
        }
        var me = current.UserId!.Value;
        var assignments = doc.Direct(r.Direction, r.Deadline, targets, Formats.Today(time), me, head.OnBehalfOfUserId, time.GetUtcNow());
        db.IncomingAssignments.AddRange(assignments);
        await SaveAsync(doc, me, head.OnBehalfOfUserId, "directed", doc.Direction, ct);
    }

    public async Task ForwardAsync(Guid assignmentId, ForwardRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var dh = await access.DepartmentHeadGrantAsync(doc.OrganizationId, a.DepartmentId, ct) ?? throw new DomainException(Error.Forbidden);
        var officer = await MemberAsync(doc.OrganizationId, r.UserName, null, a.DepartmentId, ct) ?? throw new DomainException(IncomingErrors.OfficerOutsideDepartment);
        var child = a.Forward(officer, r.Deadline, current.UserId!.Value, dh.OnBehalfOfUserId, time.GetUtcNow());
        db.IncomingAssignments.Add(child);
        doc.MarkInProgress();
        await SaveAsync(doc, current.UserId!.Value, dh.OnBehalfOfUserId, "forwarded", $"Chuyển {r.UserName}", ct);
    }

    public async Task OpinionAsync(Guid assignmentId, HandlingRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var acting = await ActingAsync(a, doc, ct);
        a.RecordOpinion(r.Text);
        doc.MarkInProgress();
        await SaveAsync(doc, current.UserId!.Value, acting, "opinion", a.Opinion, ct);
    }

    public async Task CompleteAsync(Guid assignmentId, HandlingRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var acting = await ActingAsync(a, doc, ct);
        var now = time.GetUtcNow();
        a.Complete(r.Text, now);
        // A forwarded piece of work finishes its department's assignment; the lead finishing finishes the document.
        var lead = a;
        while (lead.ParentAssignmentId is { } parentId)
        {
            lead = await db.IncomingAssignments.FirstAsync(x => x.Id == parentId, ct);
            lead.CompleteBecauseChildDone(now);
        }
        if (lead.Kind == AssignmentKind.Lead && lead.Status == AssignmentStatus.Done) doc.MarkDone(now); else doc.MarkInProgress();
        await SaveAsync(doc, current.UserId!.Value, acting, "completed", a.Opinion, ct);
    }

    public async Task ReturnAsync(Guid assignmentId, HandlingRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var acting = await ActingAsync(a, doc, ct);
        a.Return(r.Text, time.GetUtcNow());
        // The lead giving the work back returns the document to the head, who directs it again.
        if (a.Kind == AssignmentKind.Lead && a.ParentAssignmentId is null) doc.BackToHead();
        await SaveAsync(doc, current.UserId!.Value, acting, "returned", a.ReturnReason, ct);
    }

    /// <summary>The assignee acts: the person it names, or for a department the department head (own or delegated).</summary>
    private async Task<Guid?> ActingAsync(IncomingAssignment a, IncomingDocument doc, CancellationToken ct)
    {
        if (a.UserId is { } u)
        {
            if (u == current.UserId) return null;
            throw new DomainException(Error.Forbidden);
        }
        var dh = await access.DepartmentHeadGrantAsync(doc.OrganizationId, a.DepartmentId, ct) ?? throw new DomainException(Error.Forbidden);
        return dh.OnBehalfOfUserId;
    }

    private async Task<IncomingDocument> DocumentAsync(Guid id, CancellationToken ct)
    {
        var doc = await db.IncomingDocuments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        return doc;
    }

    private async Task<(IncomingAssignment, IncomingDocument)> AssignmentAsync(Guid id, CancellationToken ct)
    {
        var a = await db.IncomingAssignments.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(IncomingErrors.AssignmentNotFound);
        return (a, await DocumentAsync(a.DocumentId, ct));
    }

    /// <summary>An active account holding a role in the organ (of the given kind, in the given department), by user name.</summary>
    private async Task<Guid?> MemberAsync(Guid organizationId, string? userName, Role? role, Guid? departmentId, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        return await (from u in db.Users
                      join r in db.RoleAssignments on u.Id equals r.UserId
                      where u.UserName == name && u.Status == AccountStatus.Active && r.OrganizationId == organizationId
                            && (role == null || r.Role == role) && (departmentId == null || r.DepartmentId == departmentId)
                      select (Guid?)u.Id).FirstOrDefaultAsync(ct);
    }

    private async Task SaveAsync(IncomingDocument doc, Guid actor, Guid? onBehalfOf, string action, string? text, CancellationToken ct)
    {
        db.IncomingTrail.Add(new IncomingTrailEntry(doc.Id, actor, onBehalfOf, action, text, time.GetUtcNow()));
        // The audit log (read by administrators) records the act, not the content: directions and opinions stay in the trail.
        audit.Record($"incoming.{action}", doc.OrganizationId, "incoming", doc.Id.ToString(), onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
    }
}
