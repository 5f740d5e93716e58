using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Domain.FollowUps;

/// <summary>What the dispatcher knows about a due reminder when it claims it.</summary>
public sealed record ReminderCandidate(
    FollowUpStatus FollowUpStatus,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    bool ReminderConsent,
    ReminderChannel Channel,
    string? Email,
    string? Phone,
    DateOnly? DiedOn,
    string TimeZone);

/// <summary>Send now, wait until later, or do not send at all (and why).</summary>
public abstract record ReminderDecision
{
    private ReminderDecision() { }

    public sealed record Send(ReminderChannel Channel, string Address) : ReminderDecision;
    public sealed record Postpone(DateTimeOffset Until) : ReminderDecision;
    public sealed record Skip(string Reason) : ReminderDecision;

    /// <summary>
    /// Decided at the moment of sending, from the current rows, so that a consent withdrawn, an answer given or a
    /// window moved since the reminder was planned is respected; and never inside the patient's quiet hours.
    /// </summary>
    public static ReminderDecision Decide(ReminderCandidate c, DateTimeOffset now, QuietHours quiet)
    {
        if (c.FollowUpStatus != FollowUpStatus.Scheduled)
        {
            return new Skip($"Follow-up {c.FollowUpStatus.ToString().ToLowerInvariant()}");
        }
        if (now >= c.ClosesAt)
        {
            return new Skip("Window closed");
        }
        if (c.DiedOn is not null)
        {
            return new Skip("Patient died");
        }
        if (!c.ReminderConsent || c.Channel == ReminderChannel.None)
        {
            return new Skip("No consent to reminders");
        }
        var address = c.Channel == ReminderChannel.Email ? c.Email : c.Phone;
        if (string.IsNullOrWhiteSpace(address))
        {
            return new Skip($"No {(c.Channel == ReminderChannel.Email ? "email address" : "phone number")}");
        }
        if (now < c.OpensAt)
        {
            return new Postpone(quiet.NextAllowed(c.OpensAt, Zone(c.TimeZone)));
        }
        var allowed = quiet.NextAllowed(now, Zone(c.TimeZone));
        if (allowed > now)
        {
            return allowed < c.ClosesAt ? new Postpone(allowed) : new Skip("Window closes during quiet hours");
        }
        return new Send(c.Channel, address);
    }

    private static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
