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
/// reminder to send a fresh link token (its hash stored before the message leaves); and sends through a few
/// parallel connections per channel. A reminder is marked Sent only after the server accepted it, one row at a
/// time; a refused or failed delivery stays Pending with a backoff, and turns Failed after
/// <see cref="ReminderMessage.MaxDeliveryTries"/> tries. On shutdown, the message in flight is finished and
/// marked, and the rest of the claim is released for the next run.
/// </summary>
public sealed class ReminderDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<IReminderSender> senders,
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

    private const string ReleaseSql = """
        UPDATE reminder_messages SET claimed_by = NULL, claimed_until = NULL
        WHERE claimed_by = $1 AND status = 'Pending'
        """;

    private sealed record Work(long Id, OutgoingReminder Reminder);

    private sealed class Counters
    {
        public int Claimed, Sent, Failed, Skipped, Postponed;
    }

    public async Task<DispatchSummary> DispatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimant = $"{Guid.NewGuid():N}@{Environment.MachineName}:{Environment.ProcessId}";
        claimant = claimant.Length > 100 ? claimant[..100] : claimant;
        var counters = new Counters();
        var stopClaimingAt = clock.GetUtcNow().AddSeconds(settings.RunBudgetSeconds);
        var queues = senders.ToDictionary(s => s.Channel, _ => Channel.CreateBounded<Work>(Math.Max(1, settings.BatchSize)));
        var workers = senders.SelectMany(sender =>
                Enumerable.Range(0, sender.Channel == ReminderChannel.Email ? Math.Max(1, settings.EmailConnections) : 1)
                    .Select(_ => SendAllAsync(sender, queues[sender.Channel].Reader, claimant, counters, cancellationToken)))
            .ToList();
        try
        {
            while (!cancellationToken.IsCancellationRequested && clock.GetUtcNow() < stopClaimingAt)
            {
                var claimed = await ClaimAsync(claimant, settings, cancellationToken);
                if (claimed.Count == 0)
                {
                    break;
                }
                Interlocked.Add(ref counters.Claimed, claimed.Count);
                await RouteAsync(claimed, claimant, settings, queues, counters, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: what was claimed and not sent is released below.
        }
        finally
        {
            foreach (var queue in queues.Values)
            {
                queue.Writer.TryComplete();
            }
            await Task.WhenAll(workers);
            await ReleaseAsync(claimant);
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

    /// <summary>Decides each claimed reminder; skips and postpones in two statements; queues the rest with fresh tokens.</summary>
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
                    var token = ReminderToken.New();
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

    /// <summary>One sending worker: its own connection to the channel and to the database, until the queue ends.</summary>
    private async Task SendAllAsync(IReminderSender sender, ChannelReader<Work> queue, string claimant, Counters counters, CancellationToken cancellationToken)
    {
        await Task.Yield();
        IReminderSession? session = null;
        var accepted = new List<(long Id, DateTimeOffset At)>(MarkSentEvery);
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        try
        {
            while (await WaitToReadAsync(queue, cancellationToken))
            {
                while (!cancellationToken.IsCancellationRequested && queue.TryRead(out var work))
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
                        await MarkFailedAsync(connection, work, exception, claimant);
                        Interlocked.Increment(ref counters.Failed);
                        if (session is not null && exception is not MailKit.Net.Smtp.SmtpCommandException)
                        {
                            await session.DisposeAsync();
                            session = null;
                        }
                        continue;
                    }
                    accepted.Add((work.Id, clock.GetUtcNow()));
                    if (accepted.Count >= MarkSentEvery)
                    {
                        await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
                    }
                }
                await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await MarkSentAsync(connection, accepted, sender.Channel, claimant, counters);
            if (session is not null)
            {
                await session.DisposeAsync();
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

    private async Task MarkFailedAsync(NpgsqlConnection connection, Work work, Exception exception, string claimant)
    {
        logger.LogWarning(exception, "Reminder {ReminderId} was not delivered", work.Id);
        await using var command = new NpgsqlCommand(MarkFailedSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = work.Id });
        var message = exception is MailKit.Net.Smtp.SmtpCommandException smtp
            ? $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode}): {smtp.Message}"
            : $"{exception.GetType().Name}: {exception.Message}";
        command.Parameters.Add(new NpgsqlParameter { Value = message.Length > 500 ? message[..500] : message });
        // The backoff grows with the tries already made; the row's own count is read in the statement.
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() + ReminderMessage.RetryDelay(await TriesAsync(connection, work.Id) + 1) });
        command.Parameters.Add(new NpgsqlParameter { Value = work.Reminder.Channel.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = ReminderMessage.MaxDeliveryTries });
        command.Parameters.Add(new NpgsqlParameter { Value = claimant });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
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
