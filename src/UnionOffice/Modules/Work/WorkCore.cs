namespace UnionOffice.Modules.Work;

/// <summary>How a department or person is given a piece of work: the one core of every assignment (incoming directions, tasks).</summary>
public enum AssignmentKind
{
    Lead = 0,            // chủ trì
    CoHandler = 1,       // phối hợp
    ForInformation = 2,  // để biết
}

public enum AssignmentStatus
{
    Open = 0,
    InProgress = 1,
    Done = 2,
    Returned = 3,
    /// <summary>Given to someone else by the one who assigned it; the new assignment carries the work on.</summary>
    Reassigned = 4,
    /// <summary>A co-handler's part still open when the task it belongs to was accepted or cancelled: it ends with the task.</summary>
    Ended = 5,
}

/// <summary>What a shared record (trail entry, deadline extension) belongs to.</summary>
public static class WorkScopes
{
    public const string Incoming = "incoming";
    public const string Task = "task";
}
