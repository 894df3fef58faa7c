namespace UnionOffice.Modules.Notifications;

/// <summary>
/// A message to one person inside the product: work given to them, a chase, a reminder before or after a deadline.
/// Generic on purpose (incoming now; outgoing, tasks and meetings later). A reminder carries a dedup key so that
/// the reminder job, run by any node any number of times, tells each person each thing once.
/// </summary>
public sealed class Notification
{
    private Notification() { }

    public Notification(Guid userId, string kind, string title, string? link, DateTimeOffset now, string? dedupKey = null)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Kind = kind;
        Title = title.Length > 300 ? title[..300] : title;
        Link = link;
        CreatedAt = now;
        DedupKey = dedupKey;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Link { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }
    public string? DedupKey { get; private set; }
    /// <summary>When the e-mail copy went out (null: not sent, or no mail server configured).</summary>
    public DateTimeOffset? MailedAt { get; private set; }
    /// <summary>When it was sent to the person's devices as a push message (null: not yet, or they have none).</summary>
    public DateTimeOffset? PushedAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public void MarkMailed(DateTimeOffset now) => MailedAt = now;
}

public static class NotificationKinds
{
    public const string Assigned = "assigned";
    public const string Returned = "returned";
    public const string Chased = "chased";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string ExtensionRequested = "extension-requested";
    public const string ExtensionDecided = "extension-decided";
    public const string Reassigned = "reassigned";
    public const string DraftToReview = "draft-to-review";
    public const string DraftReturned = "draft-returned";
    public const string CommentAsked = "comment-asked";
    public const string DocumentArrived = "document-arrived";
    public const string DeliveryDecided = "delivery-decided";
    public const string DocumentRecalled = "document-recalled";
    /// <summary>An incoming document the person directed is finished — said with the co-handlers' parts still open.</summary>
    public const string IncomingDone = "incoming-done";
    public const string TaskReported = "task-reported";
    public const string TaskAccepted = "task-accepted";
    public const string TaskCancelled = "task-cancelled";
    public const string ArchiveDue = "archive-due";
    public const string ArchiveSent = "archive-sent";
    public const string ArchiveReturned = "archive-returned";
    public const string ArchiveRecord = "archive-record";
    public const string ArchiveReceived = "archive-received";
    public const string ConsultAsked = "consult-asked";
    public const string ConsultDecided = "consult-decided";
    public const string ScheduleProposed = "schedule-proposed";
    public const string SchedulePublished = "schedule-published";
    public const string ScheduleChanged = "schedule-changed";
    public const string BookingAsked = "booking-asked";
    public const string BookingDecided = "booking-decided";
    public const string MeetingInvited = "meeting-invited";
    public const string MeetingAnswered = "meeting-answered";
    public const string MeetingMaterial = "meeting-material";
    public const string ReportRequested = "report-requested";
    public const string WeeklySummary = "weekly-summary";
}
