using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;

namespace UnionOffice.Modules.Work;

/// <summary>
/// Adds to the acting person's diary what they just did, in the caller's unit of work (it is saved with the step, or not
/// at all): the modules call it where they write their trail, with the words a person would write ("Báo cáo hoàn thành:
/// Báo cáo quý IV"). Only steps that are work of the person's day are recorded — not every file attached or field edited.
/// </summary>
public sealed class DiaryRecorder(AppDbContext db, CurrentUser current, TimeProvider time)
{
    /// <summary>Steps of each kind of work that go into the diary.</summary>
    private static readonly Dictionary<string, HashSet<string>> Recorded = new()
    {
        [WorkScopes.Task] = ["given", "subtask-given", "progress", "part-done", "reported", "accepted", "returned", "reassigned", "cancelled", "chased", "extension-requested", "extension-granted", "extension-refused"],
        [WorkScopes.Incoming] = ["presented", "directed", "forwarded", "opinion", "completed", "returned", "reassigned", "chased", "extension-requested", "extension-granted", "extension-refused"],
        ["plan"] = ["issued"],
        ["outgoing"] = ["created", "submitted", "content-approved", "format-approved", "returned", "signed", "issued", "recalled", "commented"],
    };

    public void Record(Guid? organizationId, string scope, Guid subjectId, string action, string text)
    {
        if (current.UserId is not { } me || !Recorded.TryGetValue(scope, out var steps) || !steps.Contains(action)) return;
        db.DiaryEntries.Add(DiaryEntry.FromWork(me, organizationId, Formats.Today(time), text, action, scope, subjectId, time.GetUtcNow()));
    }
}
