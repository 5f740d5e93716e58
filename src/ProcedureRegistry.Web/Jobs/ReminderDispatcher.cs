using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Web.Infrastructure.Messaging;

namespace ProcedureRegistry.Web.Jobs;

public sealed record DispatchSummary(int Claimed, int Sent, int Failed, int Skipped, int Postponed);

/// <summary>
/// Sends the reminders that are due. It claims due rows in batches with FOR UPDATE SKIP LOCKED, reserving them for
/// this instance for a lease, so several dispatchers (threads, app instances) never take the same row; decides each
/// from the current rows (answered, cancelled, consent, quiet hours: <see cref="ReminderDecision"/>); gives each
/// reminder to send its link token, derived from the row (<see cref="ReminderLinkKey"/>), so that a message sent twice
/// carries one link (its hash stored before the message leaves); and sends through a few parallel connections per
/// channel. A reminder is marked Sent only after the server accepted it, in groups of <see cref="MarkSentEvery"/>;
/// when a mark fails (the database is down) every worker stops sending. A refusal for good (5xx) fails the reminder
/// at once; a 4xx reply or an unreachable server defers it without counting a try, and a few connection failures in
/// a row pause the run; anything unexpected counts a try, and turns Failed after
/// <see cref="ReminderMessage.MaxDeliveryTries"/>. On shutdown, the message in flight is finished and marked, and the
/// rest of the claim is released for the next run.
/// </summary>
public sealed class ReminderDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<IReminderSender> senders,
    ReminderLinkKey linkKey,
    TimeProvider clock,
    IOptions<FollowUpOptions> options,
    ILogger<ReminderDispatcher> logger)
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT id FROM reminder_messages
            WHERE status = 'Pending' AND send_after <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
            ORDER BY send_after
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        UPDATE reminder_messages r
        SET claimed_by = $3, claimed_until = $4
        FROM due, follow_ups f, patients p, clinics c
        WHERE r.id = due.id AND f.id = r.follow_up_id AND p.id = f.patient_id AND c.id = f.clinic_id
        RETURNING r.id, f.status, f.opens_at, f.closes_at, p.reminder_consent, p.preferred_channel, p.email, p.phone,
                  p.died_on, p.time_zone, c.name
        """;

    private const string StoreTokensSql = """
        UPDATE reminder_messages r SET token_hash = t.hash
        FROM unnest($1::bigint[], $2::bytea[]) AS t(id, hash)
        WHERE r.id = t.id AND r.claimed_by = $3
        """;

    private const string PostponeSql = """
        UPDATE reminder_messages r SET send_after = t.until, claimed_by = NULL, claimed_until = NULL
        FROM unnest($1::bigint[], $2::timestamptz[]) AS t(id, until)
        WHERE r.id = t.id AND r.claimed_by = $3
        """;

    private const string SkipSql = """
        UPDATE reminder_messages r SET status = 'Skipped', skip_reason = t.reason, claimed_by = NULL, claimed_until = NULL
        FROM unnest($1::bigint[], $2::text[]) AS t(id, reason)
        WHERE r.id = t.id AND r.claimed_by = $3
        """;

    private const string MarkSentSql = """
        UPDATE reminder_messages r
        SET status = 'Sent', sent_at = t.sent_at, channel = $3, tries = tries + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        FROM unnest($1::bigint[], $2::timestamptz[]) AS t(id, sent_at)
        WHERE r.id = t.id AND r.claimed_by = $4
        """;

    /// <summary>
    /// Accepted messages are marked sent in small groups: at most this many, and at once whenever the worker's queue
    /// runs dry, before it fails a message or stops. Only a crash of the process inside that window (a few
    /// milliseconds, at most this many messages per connection) can send a message twice, after its lease.
    /// </summary>
    public const int MarkSentEvery = 32;

    private const string MarkFailedSql = """
        UPDATE reminder_messages
        SET tries = tries + 1, last_error = $2, send_after = $3, channel = $4,
            status = CASE WHEN tries + 1 >= $5 THEN 'Failed' ELSE 'Pending' END,
            claimed_by = NULL, claimed_until = NULL
        WHERE id = $1 AND claimed_by = $6
        """;

    /// <summary>Refused for good (SMTP 5xx): Failed now, with the server's reason.</summary>
    private const string MarkRefusedSql = """
        UPDATE reminder_messages
        SET tries = tries + 1, last_error = $2, channel = $3, status = 'Failed', claimed_by = NULL, claimed_until = NULL
        WHERE id = $1 AND claimed_by = $4
        """;

    /// <summary>Try later (SMTP 4xx, server unreachable): backs off; the try is not counted, so an outage of any length fails nothing.</summary>
    private const string MarkDeferredSql = """
        UPDATE reminder_messages
        SET last_error = $2, send_after = $3, channel = $4, claimed_by = NULL, claimed_until = NULL
        WHERE id = $1 AND claimed_by = $5
        """;

    /// <summary>Connection failures in a row (on one channel, across its workers) after which the run stops sending.</summary>
    public const int PauseAfterConnectionFailures = 3;

    /// <summary>How long a reminder waits after a 4xx reply or an unreachable server.</summary>
    public static readonly TimeSpan DeferredRetryDelay = TimeSpan.FromMinutes(2);

    private const string ReleaseSql = """
        UPDATE reminder_messages SET claimed_by = NULL, claimed_until = NULL
        WHERE claimed_by = $1 AND status = 'Pending'
        """;

    private sealed record Work(long Id, OutgoingReminder Reminder);

    private sealed class Counters
    {
        public int Claimed, Sent, Failed, Skipped, Postponed;
    }

    /// <summary>
    /// What stops a run early: a mark that failed (the database is not answering: every worker stops sending, so no
    /// more than the one unmarked group per connection can go out twice), or a channel whose server is unreachable.
    /// </summary>
    private sealed class Halt
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Dictionary<ReminderChannel, int> _connectionFailures = [];
        private readonly HashSet<ReminderChannel> _paused = [];
        private int _databaseLost;

        public CancellationToken Token => _stop.Token;
        public bool DatabaseLost => Volatile.Read(ref _databaseLost) == 1;
        public bool Stopped => _stop.IsCancellationRequested;

        /// <summary>True for the first caller only, so that one warning is written per run.</summary>
        public bool LoseDatabase()
        {
            var first = Interlocked.Exchange(ref _databaseLost, 1) == 0;
            _stop.Cancel();
            return first;
        }

        public bool IsPaused(ReminderChannel channel)
        {
            lock (_paused)
            {
                return _paused.Contains(channel);
            }
        }

        public void Delivered(ReminderChannel channel)
        {
            lock (_paused)
            {
                _connectionFailures[channel] = 0;
            }
        }

        /// <summary>Counts a connection failure; true when this one pauses the channel (once per run).</summary>
        public bool ConnectionFailed(ReminderChannel channel)
        {
            bool paused;
            lock (_paused)
            {
                _connectionFailures[channel] = _connectionFailures.GetValueOrDefault(channel) + 1;
                paused = _connectionFailures[channel] >= PauseAfterConnectionFailures && _paused.Add(channel);
            }
            if (paused)
            {
                // Stop claiming: what is claimed and not sent is released for the next run.
                _stop.Cancel();
            }
            return paused;
        }
    }

    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimant = $"{Guid.NewGuid():N}@{Environment.MachineName}:{Environment.ProcessId}";
        claimant = claimant.Length > 100 ? claimant[..100] : claimant;
        var counters = new Counters();
        var halt = new Halt();
        var stopClaimingAt = clock.GetUtcNow().AddSeconds(settings.RunBudgetSeconds);
        var queues = senders.ToDictionary(s => s.Channel, _ => Channel.CreateBounded<Work>(Math.Max(1, settings.BatchSize)));
        var workers = senders.SelectMany(sender =>
                Enumerable.Range(0, sender.Channel == ReminderChannel.Email ? Math.Max(1, settings.EmailConnections) : 1)
                    .Select(_ => SendAllAsync(sender, queues[sender.Channel].Reader, claimant, counters, halt, cancellationToken)))
            .ToList();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, halt.Token);
        try
        {
            while (!stopping.IsCancellationRequested && clock.GetUtcNow() < stopClaimingAt)
            {
                var claimed = await ClaimAsync(claimant, settings, stopping.Token);
                if (claimed.Count == 0)
                {
                    break;
                }
                Interlocked.Add(ref counters.Claimed, claimed.Count);
                await RouteAsync(claimed, claimant, settings, queues, counters, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down, or halted: what was claimed and not sent is released below.
        }
        finally
        {
            foreach (var queue in queues.Values)
            {
                queue.Writer.TryComplete();
            }
            await Task.WhenAll(workers);
            if (!halt.DatabaseLost)
            {
                await ReleaseAsync(claimant);
            }
        }
        return new DispatchSummary(counters.Claimed, counters.Sent, counters.Failed, counters.Skipped, counters.Postponed);
    }

    private sealed record Claimed(long Id, ReminderCandidate Candidate, string ClinicName);

    private async Task<List<Claimed>> ClaimAsync(string claimant, FollowUpOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        command.Parameters.Add(new NpgsqlParameter { Value = settings.BatchSize });
        command.Parameters.Add(new NpgsqlParameter { Value = claimant });
        command.Parameters.Add(new NpgsqlParameter { Value = now.AddSeconds(settings.ClaimLeaseSeconds) });
        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var candidate = new ReminderCandidate(
                Enum.Parse<FollowUpStatus>(reader.GetString(1)),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetBoolean(4),
                Enum.Parse<ReminderChannel>(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                reader.GetString(9));
            claimed.Add(new Claimed(reader.GetInt64(0), candidate, reader.GetString(10)));
        }
        return claimed;
    }

    /// <summary>Decides each claimed reminder; skips and postpones in two statements; queues the rest with their tokens.</summary>
    private async Task RouteAsync(List<Claimed> claimed, string claimant, FollowUpOptions settings,
        Dictionary<ReminderChannel, Channel<Work>> queues, Counters counters, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var postponed = new List<(long Id, DateTimeOffset Until)>();
        var skipped = new List<(long Id, string Reason)>();
        var toSend = new List<Work>();
        var hashes = new List<(long Id, byte[] Hash)>();
        var baseUrl = settings.PublicBaseUrl.TrimEnd('/');
        foreach (var item in claimed)
        {
            switch (ReminderDecision.Decide(item.Candidate, now, settings.QuietHours))
            {
                case ReminderDecision.Postpone p:
                    postponed.Add((item.Id, p.Until));
                    break;
                case ReminderDecision.Skip s:
                    skipped.Add((item.Id, s.Reason));
                    break;
                case ReminderDecision.Send send when queues.ContainsKey(send.Channel):
                    // The same row always gets the same token: a message sent again carries the first copy's link.
                    var token = linkKey.TokenFor(item.Id);
                    hashes.Add((item.Id, ReminderToken.Hash(token)));
                    toSend.Add(new Work(item.Id, new OutgoingReminder(item.Id, send.Channel, send.Address, item.ClinicName,
                        $"{baseUrl}/r/{token}", item.Candidate.ClosesAt)));
                    break;
                case ReminderDecision.Send send:
                    skipped.Add((item.Id, $"No {send.Channel} sender configured"));
                    break;
            }
        }
        if (postponed.Count > 0)
        {
            await ExecuteAsync(PostponeSql, cancellationToken,
                postponed.Select(p => p.Id).ToArray(), postponed.Select(p => p.Until).ToArray(), claimant);
            Interlocked.Add(ref counters.Postponed, postponed.Count);
        }
        if (skipped.Count > 0)
        {
            await ExecuteAsync(SkipSql, cancellationToken, skipped.Select(s => s.Id).ToArray(), skipped.Select(s => s.Reason).ToArray(), claimant);
            Interlocked.Add(ref counters.Skipped, skipped.Count);
        }
        if (toSend.Count > 0)
        {
            // The token's hash is in the database before the link leaves.
            await ExecuteAsync(StoreTokensSql, cancellationToken, hashes.Select(h => h.Id).ToArray(), hashes.Select(h => h.Hash).ToArray(), claimant);
            foreach (var work in toSend)
            {
                await queues[work.Reminder.Channel].Writer.WriteAsync(work, cancellationToken);
            }
        }
    }

    /// <summary>One sending worker: its own connection to the channel and to the database, until the queue ends or the run halts.</summary>
    private async Task SendAllAsync(IReminderSender sender, ChannelReader<Work> queue, string claimant, Counters counters, Halt halt,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        IReminderSession? session = null;
        var accepted = new List<(long Id, DateTimeOffset At)>(MarkSentEvery);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            while (await WaitToReadAsync(queue, cancellationToken))
            {
                while (!cancellationToken.IsCancellationRequested && !halt.DatabaseLost && !halt.IsPaused(sender.Channel)
                       && queue.TryRead(out var work))
                {
                    try
                    {
                        session ??= await sender.OpenAsync(CancellationToken.None);
                        // Once started, a message is finished (the mail client's own timeout bounds it), so that
                        // what the server accepted is also marked sent.
                        await session.SendAsync(work.Reminder, CancellationToken.None);
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
                        await MarkUndeliveredAsync(connection, work, exception, claimant, counters, halt);
                        if (session is not null && exception is not ReminderDeliveryException { Fault: not DeliveryFault.Connection })
                        {
                            await session.DisposeAsync();
                            session = null;
                        }
                        continue;
                    }
                    halt.Delivered(sender.Channel);
                    accepted.Add((work.Id, clock.GetUtcNow()));
                    if (accepted.Count >= MarkSentEvery)
                    {
                        await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
                    }
                }
                await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
                if (cancellationToken.IsCancellationRequested || halt.DatabaseLost || halt.IsPaused(sender.Channel))
                {
                    break;
                }
            }
            await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            // The database stopped answering: stop sending at once. What the server accepted and could not be marked
            // (one group at most) is sent again after its lease, with the same link and Message-ID.
            if (halt.LoseDatabase())
            {
                logger.LogWarning("Reminder dispatch stopped: the database did not answer ({Reason}); {Count} accepted reminders could not be marked and will be sent again, with the same link",
                    exception.Message, accepted.Count);
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<bool> WaitToReadAsync(ChannelReader<Work> queue, CancellationToken cancellationToken)
    {
        try
        {
            return await queue.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task MarkSentAsync(NpgsqlConnection connection, List<(long Id, DateTimeOffset At)> accepted, ReminderChannel channel,
        string claimant, Counters counters)
    {
        if (accepted.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand(MarkSentSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = accepted.Select(a => a.At).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = channel.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = claimant });
        var marked = await command.ExecuteNonQueryAsync(CancellationToken.None);
        if (marked < accepted.Count)
        {
            logger.LogWarning("{Count} reminders were sent after their claim had lapsed", accepted.Count - marked);
        }
        Interlocked.Add(ref counters.Sent, accepted.Count);
        accepted.Clear();
    }

    /// <summary>Records a delivery that did not happen, by its kind (<see cref="DeliveryFault"/>); an unexpected one counts a try.</summary>
    private async Task MarkUndeliveredAsync(NpgsqlConnection connection, Work work, Exception exception, string claimant, Counters counters, Halt halt)
    {
        var channel = work.Reminder.Channel.ToString();
        NpgsqlCommand command;
        switch (exception)
        {
            case ReminderDeliveryException { Fault: DeliveryFault.Permanent } refused:
                logger.LogWarning("Reminder {ReminderId} was refused for good: {Reason}", work.Id, refused.Message);
                command = Command(connection, MarkRefusedSql, work.Id, Truncate(refused.Message), channel, claimant);
                Interlocked.Increment(ref counters.Failed);
                break;
            case ReminderDeliveryException { Fault: var fault } deferred:
                if (fault == DeliveryFault.Connection && halt.ConnectionFailed(work.Reminder.Channel))
                {
                    logger.LogWarning("{Channel} reminders paused for this run after {Count} connection failures in a row ({Reason}); the next run tries again",
                        work.Reminder.Channel, PauseAfterConnectionFailures, deferred.Message);
                }
                else
                {
                    logger.LogInformation("Reminder {ReminderId} deferred: {Reason}", work.Id, deferred.Message);
                }
                command = Command(connection, MarkDeferredSql, work.Id, Truncate(deferred.Message), clock.GetUtcNow() + DeferredRetryDelay, channel, claimant);
                Interlocked.Increment(ref counters.Postponed);
                break;
            default:
                logger.LogWarning(exception, "Reminder {ReminderId} was not delivered", work.Id);
                // The backoff grows with the tries already made; the row's own count is read in the statement.
                command = Command(connection, MarkFailedSql, work.Id, Truncate($"{exception.GetType().Name}: {exception.Message}"),
                    clock.GetUtcNow() + ReminderMessage.RetryDelay(await TriesAsync(connection, work.Id) + 1), channel,
                    ReminderMessage.MaxDeliveryTries, claimant);
                Interlocked.Increment(ref counters.Failed);
                break;
        }
        await using (command)
        {
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string Truncate(string message) => message.Length > 500 ? message[..500] : message;

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private static async Task<int> TriesAsync(NpgsqlConnection connection, long id)
    {
        await using var command = new NpgsqlCommand("SELECT tries FROM reminder_messages WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (int)(await command.ExecuteScalarAsync(CancellationToken.None))!;
    }

    private async Task ReleaseAsync(string claimant)
    {
        await using var command = dataSource.CreateCommand(ReleaseSql);
        command.Parameters.Add(new NpgsqlParameter { Value = claimant });
        var released = await command.ExecuteNonQueryAsync(CancellationToken.None);
        if (released > 0)
        {
            logger.LogInformation("Released {Count} claimed reminders for the next run", released);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
