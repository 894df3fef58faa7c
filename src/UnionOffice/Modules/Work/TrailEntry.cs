namespace UnionOffice.Modules.Work;

/// <summary>
/// The processing trail (NĐ30 Phụ lục VI I.5.a): who did what to a piece of work, when, on whose behalf. One table for
/// every kind of work that has no trail of its own yet (tasks now; dossiers, meetings next) — <see cref="Scope"/> names
/// the kind, <see cref="SubjectId"/> the thing. Readers check access on the subject before they read its trail.
/// </summary>
public sealed class TrailEntry
{
    private TrailEntry() { }

    public TrailEntry(string scope, Guid subjectId, Guid actorUserId, Guid? onBehalfOf, string action, string? text, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        Scope = scope;
        SubjectId = subjectId;
        ActorUserId = actorUserId;
        OnBehalfOfUserId = onBehalfOf;
        Action = action;
        Text = text is { Length: > 2000 } ? text[..2000] : text;
        At = at;
    }

    public Guid Id { get; private set; }
    public string Scope { get; private set; } = "";
    public Guid SubjectId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorUserId { get; private set; }
    public Guid? OnBehalfOfUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string? Text { get; private set; }
}
