using System.Text.Json;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Accounts;

namespace UnionOffice.Modules.Audit;

/// <summary>Records what the current person did; the entry is written with the change it describes (same SaveChanges).</summary>
public sealed class Auditor(AppDbContext db, CurrentUser current, TimeProvider time)
{
    /// <returns>The entry queued (chained when it is saved).</returns>
    public AuditEntry Record(string action, Guid? organizationId, string? targetType = null, string? targetId = null,
        object? details = null, bool succeeded = true, AppUser? actor = null, Guid? onBehalfOf = null, string? actorName = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            Action = action,
            ActorUserId = actor?.Id ?? current.UserId,
            ActorUserName = Clean(actorName ?? actor?.UserName ?? current.UserNameHint),
            OnBehalfOfUserId = onBehalfOf,
            OrganizationId = organizationId,
            TargetType = targetType,
            TargetId = Clean(targetId),
            Details = details switch
            {
                null => null,
                string s => Truncate(Clean(s)!),
                _ => Json(details),
            },
            IpAddress = current.IpAddress,
            Succeeded = succeeded,
        };
        db.AddAudit(entry);
        return entry;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Details as the log keeps them, for an entry whose details are known only after it was queued.</summary>
    public static string Json(object details) => Truncate(JsonSerializer.Serialize(details, JsonOptions));

    private static string Truncate(string s) => s.Length <= 4000 ? s : s[..4000];

    /// <summary>What a request named (a user name typed at login): kept readable, without what the database cannot store.</summary>
    private static string? Clean(string? s) => s is null ? null : Common.TextRules.Sanitize(s);
}
