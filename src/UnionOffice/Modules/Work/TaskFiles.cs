using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;

namespace UnionOffice.Modules.Work;

public sealed record TaskFileDto(Guid Id, string FileName, string ContentType, long Length, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// Files of a task: what the giver hands over with it, what the people doing it report with (a draft, a table, photos).
/// Stored once by their hash like every file; added by the giver and by whoever holds a part; read by whoever reads the task.
/// </summary>
public sealed class TaskFiles(AppDbContext db, TaskAccess access, TaskSteps steps, CurrentUser current, IFileStore store, Auditor audit, TimeProvider time)
{
    public const string OwnerType = "task";

    public async Task<List<TaskFileDto>> AddAsync(Guid taskId, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var t = await access.ReadableAsync(taskId, ct);
        var act = await access.GiverActAsync(t, ct) ?? await PartHolderAsync(t, ct) ?? throw new DomainException(Error.Forbidden);
        if (t.Status is WorkStatus.Done or WorkStatus.Cancelled) throw new DomainException(WorkErrors.WrongStatus(t.Status, "đính kèm tệp"));
        if (files.Count == 0) throw new DomainException(FileErrors.Missing);
        var added = new List<DocumentFile>();
        foreach (var f in files)
        {
            await using var s = f.OpenReadStream();
            var content = await store.PutAsync(s, f.FileName, ct);
            added.Add(new DocumentFile(OwnerType, t.Id, content, f.FileName, current.UserId!.Value, time.GetUtcNow()));
        }
        db.DocumentFiles.AddRange(added);
        foreach (var a in added) audit.Record("task.file.added", t.OrganizationId, "task", t.Id.ToString(), new { a.Sha256, a.Length }, onBehalfOf: act.OnBehalfOfUserId);
        await steps.SaveAsync(t, act.OnBehalfOfUserId, "file-added", string.Join(", ", added.Select(a => a.FileName)), ct);
        return await ListAsync(taskId, ct);
    }

    public async Task<List<TaskFileDto>> ListAsync(Guid taskId, CancellationToken ct)
    {
        var t = await access.ReadableAsync(taskId, ct);
        return await (from f in db.DocumentFiles.AsNoTracking()
                      join u in db.Users on f.UploadedByUserId equals u.Id
                      where f.OwnerType == OwnerType && f.OwnerId == t.Id
                      orderby f.UploadedAt
                      select new TaskFileDto(f.Id, f.FileName, f.ContentType, f.Length, u.FullName, f.UploadedAt)).ToListAsync(ct);
    }

    /// <summary>A file of a task the person may read; every opening is in the audit log.</summary>
    public async Task<(DocumentFile File, Stream Content)> OpenAsync(Guid taskId, Guid fileId, CancellationToken ct)
    {
        var t = await access.ReadableAsync(taskId, ct);
        var file = await db.DocumentFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId && f.OwnerType == OwnerType && f.OwnerId == t.Id, ct)
            ?? throw new DomainException(FileErrors.NotFound);
        audit.Record("task.file.opened", t.OrganizationId, "task", t.Id.ToString(), new { file.Sha256 });
        await db.SaveChangesAsync(ct);
        return (file, await store.OpenReadAsync(file.Sha256, ct));
    }

    private async Task<Act?> PartHolderAsync(WorkTask t, CancellationToken ct)
    {
        foreach (var p in await db.TaskAssignees.Where(a => a.TaskId == t.Id && a.Kind != AssignmentKind.ForInformation
                     && (a.Status == AssignmentStatus.Open || a.Status == AssignmentStatus.InProgress)).ToListAsync(ct))
            if (await access.PartActAsync(t, p, ct) is { } act) return act;
        return null;
    }
}
