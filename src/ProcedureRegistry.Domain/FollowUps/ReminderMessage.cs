using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Domain.FollowUps;

public enum ReminderStatus
{
    /// <summary>Waiting for its time (or for a retry after a failed delivery).</summary>
    Pending,
    /// <summary>Accepted by the mail server (or the SMS sink).</summary>
    Sent,
    /// <summary>Refused for good (5xx) or failed on every try; a coordinator sees it on the worklist and may retry it.</summary>
    Failed,
    /// <summary>Not sent: answered, cancelled, closed, or no consent or contact when its time came.</summary>
    Skipped,
}

/// <summary>
/// One reminder of one follow-up: attempt 1 when the window opens, attempt 2 if still unanswered some days later,
/// further attempts when a coordinator resends. (follow_up_id, attempt) is unique, so a reminder exists once; a
/// dispatcher claims due rows with FOR UPDATE SKIP LOCKED, so it is sent once even with several app instances.
/// Each row has its own link token, derived from its id (the same on a resend of the row); only its SHA-256 hash is stored.
/// </summary>
public sealed class ReminderMessage
{
    public const int MaxDeliveryTries = 6;

    private ReminderMessage() { }

    public ReminderMessage(long followUpId, int attempt, DateTimeOffset sendAfter, DateTimeOffset createdAt, string? requestedByName = null)
    {
        FollowUpId = followUpId;
        Attempt = attempt;
        SendAfter = sendAfter;
        CreatedAt = createdAt;
        RequestedByName = requestedByName;
        Status = ReminderStatus.Pending;
    }

    public long Id { get; private set; }
    public long FollowUpId { get; private set; }
    public int Attempt { get; private set; }
    public ReminderStatus Status { get; private set; }
    public ReminderChannel? Channel { get; private set; }
    public DateTimeOffset SendAfter { get; private set; }
    public int Tries { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? SkipReason { get; private set; }
    public string? ClaimedBy { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }
    public byte[]? TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>The coordinator who asked for a resend; null for the scheduled reminders.</summary>
    public string? RequestedByName { get; private set; }

    /// <summary>
    /// A coordinator retries a failed reminder (after fixing the address, say): it waits to be sent again now, with its
    /// tries counted afresh. The reason it failed stays in <see cref="LastError"/> until the next try.
    /// </summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != ReminderStatus.Failed)
        {
            throw new InvalidOperationException("Only a failed reminder is retried.");
        }
        Status = ReminderStatus.Pending;
        Tries = 0;
        SendAfter = now;
        ClaimedBy = null;
        ClaimedUntil = null;
    }

    /// <summary>Backoff after the n-th failed delivery: 1, 5, 15, 30, 60 minutes.</summary>
    public static TimeSpan RetryDelay(int failedTries) => failedTries switch
    {
        <= 1 => TimeSpan.FromMinutes(1),
        2 => TimeSpan.FromMinutes(5),
        3 => TimeSpan.FromMinutes(15),
        4 => TimeSpan.FromMinutes(30),
        _ => TimeSpan.FromMinutes(60),
    };
}
