using ProcedureRegistry.Domain.FollowUps;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>Settings of the follow-up reminders (section "FollowUps" of the configuration).</summary>
public sealed class FollowUpOptions
{
    /// <summary>The address patients reach the app at; reminder links are built on it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    public TimeOnly QuietHoursStart { get; set; } = QuietHours.Default.Start;
    public TimeOnly QuietHoursEnd { get; set; } = QuietHours.Default.End;
    /// <summary>Days after the first reminder before the one further reminder, if still unanswered.</summary>
    public int SecondReminderAfterDays { get; set; } = 3;
    /// <summary>Rows claimed per round trip.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>Parallel connections to the mail server per dispatcher.</summary>
    public int EmailConnections { get; set; } = 4;
    /// <summary>How long a claimed reminder is reserved for the instance that claimed it (then another may take it).</summary>
    public int ClaimLeaseSeconds { get; set; } = 300;
    /// <summary>A dispatch run stops claiming after this long; the next run (every minute) carries on.</summary>
    public int RunBudgetSeconds { get; set; } = 50;
    /// <summary>Register the every-minute recurring job (on instances that run a Hangfire server).</summary>
    public bool RecurringJobEnabled { get; set; } = true;

    public QuietHours QuietHours => new(QuietHoursStart, QuietHoursEnd);
}
