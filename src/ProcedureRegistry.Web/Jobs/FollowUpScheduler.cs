using Npgsql;

namespace ProcedureRegistry.Web.Jobs;

/// <summary>What one run of the follow-up job did.</summary>
public sealed record FollowUpRunSummary(int MarkedMissed, int RemindersPlanned, DispatchSummary Dispatch);

/// <summary>
/// The every-minute Hangfire job. The database holds what is due; each run brings it up to date in three set-based
/// steps and then dispatches: follow-ups whose window closed unanswered become Missed; a first reminder is planned
/// for each follow-up whose window has opened (patient consenting, alive); the one further reminder for those
/// still unanswered some days after the first was sent. (follow_up_id, attempt) is unique, so runs that overlap,
/// on one instance or several, plan each reminder once. A lost or late run loses nothing: the next one catches up.
/// </summary>
public sealed class FollowUpScheduler(NpgsqlDataSource dataSource, ReminderDispatcher dispatcher, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<FollowUpOptions> options, ILogger<FollowUpScheduler> logger)
{
    public const string RecurringJobId = "follow-up-reminders";

    private const string MarkMissedSql = """
        UPDATE follow_ups SET status = 'Missed'
        WHERE status = 'Scheduled' AND closes_at <= $1
        """;

    private const string PlanFirstRemindersSql = """
        INSERT INTO reminder_messages (follow_up_id, attempt, status, send_after, tries, created_at)
        SELECT f.id, 1, 'Pending', f.opens_at, 0, $1
        FROM follow_ups f
        JOIN patients p ON p.id = f.patient_id
        WHERE f.status = 'Scheduled' AND f.opens_at <= $1 AND f.closes_at > $1
          AND p.reminder_consent AND p.preferred_channel <> 'None' AND p.died_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM reminder_messages r WHERE r.follow_up_id = f.id AND r.attempt = 1)
        ON CONFLICT (follow_up_id, attempt) DO NOTHING
        """;

    private const string PlanSecondRemindersSql = """
        INSERT INTO reminder_messages (follow_up_id, attempt, status, send_after, tries, created_at)
        SELECT f.id, 2, 'Pending', r.sent_at + make_interval(days => $2), 0, $1
        FROM follow_ups f
        JOIN reminder_messages r ON r.follow_up_id = f.id AND r.attempt = 1 AND r.status = 'Sent'
        WHERE f.status = 'Scheduled' AND f.closes_at > $1 AND r.sent_at + make_interval(days => $2) <= $1
          AND NOT EXISTS (SELECT 1 FROM reminder_messages r2 WHERE r2.follow_up_id = f.id AND r2.attempt = 2)
        ON CONFLICT (follow_up_id, attempt) DO NOTHING
        """;

    /// <summary>The job Hangfire runs every minute; also called directly by tests and the benchmark.</summary>
    [Hangfire.AutomaticRetry(Attempts = 0)]
    public async Task<FollowUpRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        var (missed, planned) = await PlanAsync(cancellationToken);
        var dispatch = await dispatcher.DispatchAsync(cancellationToken);
        var summary = new FollowUpRunSummary(missed, planned, dispatch);
        if (missed + planned + dispatch.Claimed > 0)
        {
            logger.LogInformation("Follow-up run: {Missed} missed, {Planned} reminders planned, {Sent} sent, {Failed} failed, {Skipped} skipped, {Postponed} postponed",
                missed, planned, dispatch.Sent, dispatch.Failed, dispatch.Skipped, dispatch.Postponed);
        }
        return summary;
    }

    /// <summary>The planning steps alone: marks missed follow-ups and plans due reminders. Returns (missed, planned).</summary>
    public async Task<(int Missed, int Planned)> PlanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The planning statements read reminder_messages while they insert into it. When its statistics still say
        // "empty" (a new install, a first large batch) the planner picks a nested loop that rescans the growing
        // table for every row: measured here, 100,000 reminders did not finish in 30 s. Hash joins take 1-2 s.
        await ExecuteAsync(connection, "SET LOCAL enable_nestloop = off", cancellationToken);
        var missed = await ExecuteAsync(connection, MarkMissedSql, cancellationToken, now);
        var planned = await ExecuteAsync(connection, PlanFirstRemindersSql, cancellationToken, now);
        planned += await ExecuteAsync(connection, PlanSecondRemindersSql, cancellationToken, now, options.Value.SecondReminderAfterDays);
        await transaction.CommitAsync(cancellationToken);
        return (missed, planned);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
