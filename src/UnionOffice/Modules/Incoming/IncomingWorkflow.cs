using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Notifications;
using UnionOffice.Modules.Work;

namespace UnionOffice.Modules.Incoming;

public sealed record PresentRequest(string? HeadUserName);
public sealed record TargetRequest(string Kind, string? DepartmentCode, string? UserName);
public sealed record DirectRequest(string? Direction, DateOnly? Deadline, IReadOnlyList<TargetRequest>? Targets);
public sealed record ForwardRequest(string? UserName, DateOnly? Deadline);
public sealed record HandlingRequest(string? Text);
public sealed record ReassignRequest(string? DepartmentCode, string? UserName, string? Reason);
public sealed record ExtensionRequest(DateOnly? Deadline, string? Reason);
public sealed record ExtensionDecision(bool Grant, string? Note);
public sealed record ExtensionDto(Guid Id, Guid AssignmentId, DateOnly CurrentDeadline, DateOnly RequestedDeadline, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote);

/// <summary>
/// The steps after registration (NĐ30 Điều 23–24): the clerk presents, the head directs, a department head forwards,
/// the assignee records an opinion, finishes or returns. Each step checks who may take it, changes the entities through
/// their guarded methods and writes the processing trail and the audit log in one transaction.
/// </summary>
public sealed class IncomingWorkflow(AppDbContext db, AccessPolicy access, CurrentUser current, Auditor audit, Notifier notify, DiaryRecorder diary, TimeProvider time)
{
    public async Task PresentAsync(Guid id, PresentRequest r, CancellationToken ct)
    {
        var doc = await DocumentAsync(id, ct);
        var clerk = await access.ClerkGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden);
        Guid? head = null;
        if (!string.IsNullOrWhiteSpace(r.HeadUserName))
            head = await MemberAsync(doc.OrganizationId, r.HeadUserName, Role.Head, null, ct) ?? throw new DomainException(IncomingErrors.AssigneeOutside);
        doc.Present(head, time.GetUtcNow());
        notify.Tell(head is { } h ? [h] : await HeadsAsync(doc.OrganizationId, ct), NotificationKinds.Assigned, $"Văn bản đến số {doc.ArrivalNumber} trình xin ý kiến chỉ đạo: {Short(doc.Subject)}", Link(doc));
        await SaveAsync(doc, clerk.UserId, clerk.OnBehalfOfUserId, "presented", head is null ? null : $"Trình {await Organizations.OrganMembers.NameAsync(db, null, head, ct)}", ct);
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
                var dept = await Organizations.OrganMembers.DepartmentAsync(db, doc.OrganizationId, t.DepartmentCode, ct)
                    ?? throw new DomainException(IncomingErrors.AssigneeOutside);
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
        foreach (var a in assignments) await TellAssigneeAsync(a, doc, NotificationKinds.Assigned, $"Được giao {IncomingText.Kind(a.Kind.ToString()).ToLowerInvariant()}", ct);
        await SaveAsync(doc, me, head.OnBehalfOfUserId, "directed", doc.Direction, ct);
    }

    public async Task ForwardAsync(Guid assignmentId, ForwardRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var dh = await access.DepartmentHeadGrantAsync(doc.OrganizationId, a.DepartmentId, ct) ?? throw new DomainException(Error.Forbidden);
        var officer = await MemberAsync(doc.OrganizationId, r.UserName, null, a.DepartmentId, ct) ?? throw new DomainException(IncomingErrors.OfficerOutsideDepartment);
        var child = a.Forward(officer, r.Deadline, current.UserId!.Value, dh.OnBehalfOfUserId, time.GetUtcNow());
        db.IncomingAssignments.Add(child);
        await TellAssigneeAsync(child, doc, NotificationKinds.Assigned, $"Được giao {IncomingText.Kind(child.Kind.ToString()).ToLowerInvariant()}", ct);
        doc.MarkInProgress();
        await SaveAsync(doc, current.UserId!.Value, dh.OnBehalfOfUserId, "forwarded", $"Chuyển {await Organizations.OrganMembers.NameAsync(db, null, officer, ct)}", ct);
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
        if (lead.Kind == AssignmentKind.Lead && lead.Status == AssignmentStatus.Done)
        {
            doc.MarkDone(now);
            // The lead's result finishes the document; co-handlers' parts still open stay open for them to report, and
            // the trail and the one who directed it say so (issue 22 §5: the document looked done while a part was not).
            var open = await OpenCoHandlerPartsAsync(doc.Id, ct);
            if (open.Count > 0)
            {
                var names = string.Join(", ", open);
                if (names.Length > 1900) names = names[..1899] + "…";
                db.IncomingTrail.Add(new IncomingTrailEntry(doc.Id, current.UserId!.Value, acting, "co-handlers-open", $"Còn phần phối hợp chưa xong: {names}",
                    now.AddMilliseconds(1))); // after the completion it follows (SQLite keeps 0.1 ms)
                notify.Tell([lead.AssignedOnBehalfOfUserId ?? lead.AssignedByUserId], NotificationKinds.IncomingDone,
                    $"Văn bản đến số {doc.ArrivalNumber} đã hoàn thành; còn phần phối hợp chưa xong: {names}", Link(doc));
            }
        }
        else doc.MarkInProgress();
        await SaveAsync(doc, current.UserId!.Value, acting, "completed", a.Opinion, ct);
    }

    /// <summary>The co-handlers (departments or people) whose part of the document is still open, by name.</summary>
    public async Task<List<string>> OpenCoHandlerPartsAsync(Guid documentId, CancellationToken ct) =>
        (await IncomingPageQueries.AssignmentsAsync(db, documentId, ct))
            .Where(x => x.Kind == nameof(AssignmentKind.CoHandler) && x.ParentId is null
                        && x.Status is nameof(AssignmentStatus.Open) or nameof(AssignmentStatus.InProgress))
            .Select(x => x.Assignee).ToList();

    public async Task ReturnAsync(Guid assignmentId, HandlingRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var acting = await ActingAsync(a, doc, ct);
        a.Return(r.Text, time.GetUtcNow());
        // The lead giving the work back returns the document to the head, who directs it again.
        if (a.Kind == AssignmentKind.Lead && a.ParentAssignmentId is null) doc.BackToHead();
        notify.Tell([a.AssignedByUserId], NotificationKinds.Returned, $"Văn bản đến số {doc.ArrivalNumber} bị trả lại: {Short(a.ReturnReason)}", Link(doc));
        await SaveAsync(doc, current.UserId!.Value, acting, "returned", a.ReturnReason, ct);
    }

    /// <summary>
    /// The one who gave a piece of work gives it to another department or person instead (same kind, same deadline);
    /// what had been forwarded from it inside the old department ends with it.
    /// </summary>
    public async Task<Guid> ReassignAsync(Guid assignmentId, ReassignRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var (by, parent) = await AssignerAsync(a, doc, ct);
        var reason = (r.Reason ?? "").Trim();
        if (reason.Length > 1000) throw new DomainException(IncomingErrors.Invalid(["Lý do quá dài (tối đa 1000 ký tự)."]));
        Guid? dept = null, user = null;
        if (!string.IsNullOrWhiteSpace(r.DepartmentCode))
        {
            // Inside a department the work goes to another of its officers, not to another department.
            if (parent is not null) throw new DomainException(IncomingErrors.OfficerOutsideDepartment);
            dept = await Organizations.OrganMembers.DepartmentAsync(db, doc.OrganizationId, r.DepartmentCode, ct)
                ?? throw new DomainException(IncomingErrors.AssigneeOutside);
        }
        else
        {
            user = await MemberAsync(doc.OrganizationId, r.UserName, null, parent?.DepartmentId, ct)
                ?? throw new DomainException(parent is null ? IncomingErrors.AssigneeOutside : IncomingErrors.OfficerOutsideDepartment);
        }
        var now = time.GetUtcNow();
        var next = a.Reassign(dept, user, current.UserId!.Value, by.OnBehalfOfUserId, now);
        db.IncomingAssignments.Add(next);
        foreach (var child in await db.IncomingAssignments.Where(x => x.ParentAssignmentId == a.Id).ToListAsync(ct))
        {
            if (!child.IsOpen) continue;
            child.EndBecauseParentReassigned(now);
            await TellAssigneeAsync(child, doc, NotificationKinds.Reassigned, "Việc đã được giao cho đơn vị khác", ct);
        }
        await TellAssigneeAsync(next, doc, NotificationKinds.Reassigned, $"Được giao {IncomingText.Kind(next.Kind.ToString()).ToLowerInvariant()} (giao lại)", ct);
        await TellAssigneeAsync(a, doc, NotificationKinds.Reassigned, "Việc đã được giao cho người khác", ct);
        var who = await Organizations.OrganMembers.NameAsync(db, dept, user, ct);
        await SaveAsync(doc, current.UserId!.Value, by.OnBehalfOfUserId, "reassigned", reason.Length == 0 ? $"Giao lại cho {who}" : $"Giao lại cho {who}: {reason}", ct);
        return next.Id;
    }

    /// <summary>Whoever answers for a piece of work asks the one who gave it for a later deadline, with a reason.</summary>
    public async Task<Guid> RequestExtensionAsync(Guid assignmentId, ExtensionRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        var acting = await ActingAsync(a, doc, ct);
        if (r.Deadline is not { } wanted) throw new DomainException(IncomingErrors.Invalid(["Thời hạn đề nghị không được để trống."]));
        if (await db.DeadlineExtensions.AnyAsync(e => e.Scope == WorkScopes.Incoming && e.AssignmentId == a.Id && e.Status == ExtensionStatus.Pending, ct))
            throw new DomainException(WorkErrors.ExtensionPending);
        var ext = new DeadlineExtension(WorkScopes.Incoming, a.DocumentId, a.Id, a.Deadline, wanted, r.Reason, Formats.Today(time), current.UserId!.Value, time.GetUtcNow());
        db.DeadlineExtensions.Add(ext);
        notify.Tell(await DecidersAsync(a, doc, ct), NotificationKinds.ExtensionRequested,
            $"Đề nghị gia hạn văn bản đến số {doc.ArrivalNumber} đến {Formats.Date(wanted)}: {Short(ext.Reason)}", Link(doc));
        await SaveAsync(doc, current.UserId!.Value, acting, "extension-requested", $"Đề nghị gia hạn từ {Formats.Date(ext.CurrentDeadline)} đến {Formats.Date(wanted)}: {ext.Reason}", ct);
        return ext.Id;
    }

    /// <summary>The one who gave the work grants (the deadline moves) or refuses (with a reason) the extension.</summary>
    public async Task DecideExtensionAsync(Guid extensionId, ExtensionDecision r, CancellationToken ct)
    {
        var ext = await db.DeadlineExtensions.FirstOrDefaultAsync(e => e.Id == extensionId && e.Scope == WorkScopes.Incoming, ct) ?? throw new DomainException(WorkErrors.ExtensionNotFound);
        var (a, doc) = await AssignmentAsync(ext.AssignmentId, ct);
        var (by, parent) = await AssignerAsync(a, doc, ct);
        if (ext.Status != ExtensionStatus.Pending) throw new DomainException(WorkErrors.ExtensionDecided);
        if (r.Grant && parent?.Deadline is { } limit && ext.RequestedDeadline > limit) throw new DomainException(IncomingErrors.DeadlineAfterParent(limit));
        ext.Decide(r.Grant, r.Note, current.UserId!.Value, by.OnBehalfOfUserId, time.GetUtcNow());
        if (r.Grant) a.ExtendTo(ext.RequestedDeadline);
        notify.Tell([ext.RequestedByUserId], NotificationKinds.ExtensionDecided,
            r.Grant ? $"Đồng ý gia hạn văn bản đến số {doc.ArrivalNumber} đến {Formats.Date(ext.RequestedDeadline)}"
                    : $"Không đồng ý gia hạn văn bản đến số {doc.ArrivalNumber}: {Short(ext.DecisionNote)}", Link(doc));
        await SaveAsync(doc, current.UserId!.Value, by.OnBehalfOfUserId, r.Grant ? "extension-granted" : "extension-refused",
            r.Grant ? $"Gia hạn đến {Formats.Date(ext.RequestedDeadline)}" : ext.DecisionNote, ct);
    }

    public async Task<List<ExtensionDto>> ExtensionsAsync(Guid documentId, CancellationToken ct)
    {
        await DocumentAsync(documentId, ct, reading: true); // a recalled copy's history is read like the rest of it
        return await (from e in db.DeadlineExtensions.AsNoTracking()
                      join u in db.Users on e.RequestedByUserId equals u.Id
                      join d in db.Users on e.DecidedByUserId equals d.Id into dj
                      from d in dj.DefaultIfEmpty()
                      where e.Scope == WorkScopes.Incoming && e.WorkId == documentId
                      orderby e.RequestedAt
                      select new ExtensionDto(e.Id, e.AssignmentId, e.CurrentDeadline, e.RequestedDeadline, e.Reason, u.UserName!, e.RequestedAt,
                          e.Status.ToString(), d == null ? null : d.UserName, e.DecidedAt, e.DecisionNote)).ToListAsync(ct);
    }

    /// <summary>
    /// Đôn đốc: the head (any work on the organ's document) or the department head (work of the department, and what it
    /// forwarded) reminds whoever answers for an open piece of work; they are notified, and the trail keeps it.
    /// </summary>
    public async Task ChaseAsync(Guid assignmentId, HandlingRequest r, CancellationToken ct)
    {
        var (a, doc) = await AssignmentAsync(assignmentId, ct);
        if (!a.IsOpen || a.Kind == AssignmentKind.ForInformation) throw new DomainException(IncomingErrors.ChaseClosed);
        Guid? onBehalfOf;
        if (await access.HeadGrantAsync(doc.OrganizationId, ct) is { } head) onBehalfOf = head.OnBehalfOfUserId;
        else
        {
            var dept = a.DepartmentId;
            if (dept is null && a.ParentAssignmentId is { } pid)
                dept = await db.IncomingAssignments.Where(x => x.Id == pid).Select(x => x.DepartmentId).FirstOrDefaultAsync(ct);
            // A department head chases the officers the department's work was forwarded to, not the department itself.
            if (a.DepartmentId is not null) dept = null;
            var dh = await access.DepartmentHeadGrantAsync(doc.OrganizationId, dept, ct) ?? throw new DomainException(Error.Forbidden);
            onBehalfOf = dh.OnBehalfOfUserId;
        }
        var text = (r.Text ?? "").Trim();
        if (text.Length > 1000) throw new DomainException(IncomingErrors.Invalid(["Nội dung đôn đốc quá dài (tối đa 1000 ký tự)."]));
        var message = text.Length == 0 ? $"Đôn đốc xử lý văn bản đến số {doc.ArrivalNumber}" + (a.Deadline is { } d ? $", hạn {Formats.Date(d)}" : "")
                                       : $"Đôn đốc xử lý văn bản đến số {doc.ArrivalNumber}: {Short(text)}";
        await TellAssigneeAsync(a, doc, NotificationKinds.Chased, message, ct, prefixed: true);
        await SaveAsync(doc, current.UserId!.Value, onBehalfOf, "chased", text.Length == 0 ? null : text, ct);
    }

    /// <summary>Who gave a piece of work and decides on it: the head for the head's assignments, the department head inside a department.</summary>
    private async Task<(Grant By, IncomingAssignment? Parent)> AssignerAsync(IncomingAssignment a, IncomingDocument doc, CancellationToken ct)
    {
        if (a.ParentAssignmentId is not { } pid)
            return (await access.HeadGrantAsync(doc.OrganizationId, ct) ?? throw new DomainException(Error.Forbidden), null);
        var parent = await db.IncomingAssignments.FirstAsync(x => x.Id == pid, ct);
        var dh = await access.DepartmentHeadGrantAsync(doc.OrganizationId, parent.DepartmentId, ct) ?? throw new DomainException(Error.Forbidden);
        return (new Grant(doc.OrganizationId, Role.DepartmentHead, parent.DepartmentId, dh.OnBehalfOfUserId, null), parent);
    }

    private async Task<List<Guid>> DecidersAsync(IncomingAssignment a, IncomingDocument doc, CancellationToken ct)
    {
        if (a.ParentAssignmentId is not { } pid) return await HeadsAsync(doc.OrganizationId, ct);
        var dept = await db.IncomingAssignments.Where(x => x.Id == pid).Select(x => x.DepartmentId).FirstOrDefaultAsync(ct);
        return dept is { } d ? await notify.DepartmentHeadsAsync(d, ct) : [];
    }

    private Task<List<Guid>> HeadsAsync(Guid organizationId, CancellationToken ct) => Notifier.HoldersAsync(db, [organizationId], Role.Head, ct);

    private async Task TellAssigneeAsync(IncomingAssignment a, IncomingDocument doc, string kind, string what, CancellationToken ct, bool prefixed = false)
    {
        var to = a.UserId is { } u ? [u] : await notify.DepartmentHeadsAsync(a.DepartmentId!.Value, ct);
        var title = prefixed ? what : $"{what} văn bản đến số {doc.ArrivalNumber}: {Short(doc.Subject)}";
        notify.Tell(to, kind, title, Link(doc));
    }

    private static string Link(IncomingDocument doc) => $"/incoming/{doc.Id}";

    private static string Short(string? text) => text is null ? "" : text.Length > 120 ? text[..117] + "…" : text;

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

    /// <param name="reading">Only to read: a recalled copy is read (its register line, trail, history stay), not handled.</param>
    private async Task<IncomingDocument> DocumentAsync(Guid id, CancellationToken ct, bool reading = false)
    {
        var doc = await db.IncomingDocuments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(IncomingErrors.NotFound);
        if (!await access.CanReadIncomingDocumentAsync(doc.OrganizationId, doc.Id, ct)) throw new DomainException(IncomingErrors.NotFound);
        if (doc.RecalledAt is not null && !reading) throw new DomainException(IncomingErrors.Recalled);
        return doc;
    }

    private async Task<(IncomingAssignment, IncomingDocument)> AssignmentAsync(Guid id, CancellationToken ct)
    {
        var a = await db.IncomingAssignments.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new DomainException(IncomingErrors.AssignmentNotFound);
        return (a, await DocumentAsync(a.DocumentId, ct));
    }

    private Task<Guid?> MemberAsync(Guid organizationId, string? userName, Role? role, Guid? departmentId, CancellationToken ct) =>
        Organizations.OrganMembers.PersonAsync(db, organizationId, userName, role, departmentId, ct);

    private async Task SaveAsync(IncomingDocument doc, Guid actor, Guid? onBehalfOf, string action, string? text, CancellationToken ct)
    {
        db.IncomingTrail.Add(new IncomingTrailEntry(doc.Id, actor, onBehalfOf, action, text, time.GetUtcNow()));
        diary.Record(doc.OrganizationId, WorkScopes.Incoming, doc.Id, action, $"{IncomingText.Action(action)} văn bản đến số {doc.ArrivalNumber}: {Short(doc.Subject)}");
        // The audit log (read by administrators) records the act, not the content: directions and opinions stay in the trail.
        audit.Record($"incoming.{action}", doc.OrganizationId, "incoming", doc.Id.ToString(), onBehalfOf: onBehalfOf);
        await db.SaveChangesAsync(ct);
    }
}
