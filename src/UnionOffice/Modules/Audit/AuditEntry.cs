using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionOffice.Modules.Audit;

/// <summary>
/// One line of the append-only audit log. Entries are numbered without gaps and each carries the
/// SHA-256 of its own content and of the previous entry, so an edit or a deletion breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Action { get; set; } = "";
    public Guid? ActorUserId { get; set; }
    public string? ActorUserName { get; set; }
    /// <summary>Set when the actor acted under a delegation: the person on whose behalf.</summary>
    public Guid? OnBehalfOfUserId { get; set; }
    public Guid? OrganizationId { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    public bool Succeeded { get; set; } = true;
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// PostgreSQL: an SQL expression giving <see cref="Details"/> at append time, for details that carry what only the
    /// appending round trip knows (a register's number taken under the chain's lock); null: Details as recorded.
    /// </summary>
    internal string? DetailsSql { get; set; }

    /// <summary>The separator of the hashed fields (U+001F, never in the fields' text).</summary>
    internal const char Separator = '\u001f';

    public string ComputeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(Separator,
            Sequence.ToString(CultureInfo.InvariantCulture), HashedBeforeDetails, Details ?? "", HashedAfterDetails, PreviousHash))));

    // Fixed field order, unambiguous separators; timestamps in UTC ticks so both databases agree. The text hashed is
    // Sequence, the fields before Details, Details, the fields after it, PreviousHash: AuditChain has PostgreSQL compute
    // the same text with the sequence, details and previous hash it finds under the lock.
    internal string HashedBeforeDetails => string.Join(Separator,
        At.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Action, ActorUserId?.ToString() ?? "", ActorUserName ?? "", OnBehalfOfUserId?.ToString() ?? "",
        OrganizationId?.ToString() ?? "", TargetType ?? "", TargetId ?? "");

    internal string HashedAfterDetails => string.Join(Separator, IpAddress ?? "", Succeeded ? "1" : "0");
}
