using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.ScaleOut;

/// <summary>
/// Reminders under the conditions of production: two app instances with Hangfire servers on one database, and an
/// instance stopped in the middle of a dispatch. Every due reminder must reach the SMTP server exactly once.
/// </summary>
public sealed class ReminderDispatchTests : IAsyncLifetime
{
    private readonly SmtpSink _smtp = new();
    private readonly List<RegistryFactory> _instances = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await _smtp.StartListeningAsync();
        _connectionString = await TestDatabases.CreateAsync(nameof(ReminderDispatchTests));
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await _smtp.DisposeAsync();
    }

    private RegistryFactory Instance(string name, bool hangfireServer)
    {
        var instance = new RegistryFactory(_connectionString, new Dictionary<string, string?>(_smtp.AppSettings)
        {
            ["Hangfire:ServerEnabled"] = hangfireServer ? "true" : "false",
            ["Hangfire:ServerName"] = name,
            ["Hangfire:WorkerCount"] = "3",
            ["Hangfire:QueuePollMilliseconds"] = "100",
            ["FollowUps:RecurringJobEnabled"] = "false",
            // These tests run on the real clock, at any hour: no quiet hours here (they have tests of their own).
            ["FollowUps:QuietHoursStart"] = "00:00",
            ["FollowUps:QuietHoursEnd"] = "00:00",
            // Small batches and two connections each, so that the instances interleave.
            ["FollowUps:BatchSize"] = "40",
            ["FollowUps:EmailConnections"] = "2",
            // A short lease, so that rows an instance could not release (a stop that was not graceful) return soon.
            ["FollowUps:ClaimLeaseSeconds"] = "10",
        });
        _instances.Add(instance);
        _ = instance.Server;
        return instance;
    }

    private Task<long> ScalarAsync(string sql) => ReminderData.ScalarAsync(_connectionString, sql);

    private void AssertEachDeliveredOnce(int expected, string clinic)
    {
        var ours = _smtp.Messages.Where(m => m.To.Mailboxes.Single().Address.EndsWith($".{clinic.ToLowerInvariant()}@example.test")).ToList();
        Assert.Equal(expected, ours.Count);
        Assert.Equal(expected, ours.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(expected, ours.Select(m => m.MessageId).Distinct().Count());
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_instances_with_Hangfire_servers_send_every_due_reminder_exactly_once()
    {
        const int count = 600;
        var a = Instance("reminders-a", hangfireServer: true);
        var b = Instance("reminders-b", hangfireServer: true);
        await ReminderData.SeedOpenFollowUpsAsync(_connectionString, "TWO", count, DateTimeOffset.UtcNow);

        // Several runs of the job on each instance at once, as overlapping minutes or a backlog would give.
        foreach (var instance in new[] { a, b, a, b, a, b })
        {
            instance.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FollowUpScheduler>(s => s.RunAsync(CancellationToken.None));
        }
        const string sentSql = "SELECT count(*) FROM reminder_messages r JOIN follow_ups f ON f.id = r.follow_up_id JOIN clinics c ON c.id = f.clinic_id WHERE c.code = 'TWO' AND r.status = 'Sent'";
        const string busySql = "SELECT count(*) FROM hangfire.job WHERE statename IN ('Enqueued', 'Processing')";
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (await ScalarAsync(sentSql) < count && DateTime.UtcNow < deadline)
        {
            // When every run has ended and some rows are still due (a run that stopped on an error, a lease not
            // yet lapsed), the next minute's run picks them up: here, another run on each instance.
            if (await ScalarAsync(busySql) == 0)
            {
                await Task.Delay(1000);
                foreach (var instance in new[] { a, b })
                {
                    instance.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FollowUpScheduler>(s => s.RunAsync(CancellationToken.None));
                }
            }
            await Task.Delay(200);
        }
        await WaitUntilAsync(async () => await ScalarAsync(busySql) == 0, 30);

        AssertEachDeliveredOnce(count, "TWO");
        Assert.Equal(count, await ScalarAsync(sentSql));
        Assert.Equal(count, await ScalarAsync("SELECT count(*) FROM reminder_messages r JOIN follow_ups f ON f.id = r.follow_up_id JOIN clinics c ON c.id = f.clinic_id WHERE c.code = 'TWO'"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM reminder_messages WHERE claimed_by IS NOT NULL"));
        // Both servers ran the job.
        Assert.Equal(2, await ScalarAsync(
            "SELECT count(DISTINCT split_part(data->>'ServerId', ':', 1)) FROM hangfire.state WHERE name = 'Processing'"));
    }

    [Fact]
    public async Task An_instance_stopped_in_the_middle_of_a_dispatch_loses_and_repeats_nothing()
    {
        const int count = 400;
        await ReminderData.SeedOpenFollowUpsAsync(_connectionString, "STOP", count, DateTimeOffset.UtcNow);
        _smtp.DelayPerMessage = TimeSpan.FromMilliseconds(5);
        try
        {
            var first = Instance("stopping", hangfireServer: true);
            first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FollowUpScheduler>(s => s.RunAsync(CancellationToken.None));
            await WaitUntilAsync(() => Task.FromResult(_smtp.Count >= 60), 60);

            // Stop the app (Hangfire cancels the running job) while the dispatch is under way.
            await first.DisposeAsync();
            _instances.Remove(first);
            var before = _smtp.Count;
            Assert.InRange(before, 60, count - 1);
            // What the server accepted is marked sent, and nothing else is.
            Assert.Equal(before, await ScalarAsync("SELECT count(*) FROM reminder_messages WHERE status = 'Sent'"));
            // A graceful stop releases the rest of its claim; should it not have, the lease runs out.
            await WaitUntilAsync(async () => await ScalarAsync("SELECT count(*) FROM reminder_messages WHERE claimed_until > now()") == 0, 20);
        }
        finally
        {
            _smtp.DelayPerMessage = TimeSpan.Zero;
        }

        // Started again, it carries on from where the database says it stopped.
        var second = Instance("restarted", hangfireServer: false);
        await second.Services.GetRequiredService<FollowUpScheduler>().RunAsync(CancellationToken.None);

        AssertEachDeliveredOnce(count, "STOP");
        Assert.Equal(count, await ScalarAsync("SELECT count(*) FROM reminder_messages WHERE status = 'Sent' AND attempt = 1"));
    }
}
