using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>
/// Reminders when something breaks mid-dispatch: the database drops every connection of the app while messages are
/// going out. What the mail server accepted but could not be marked is sent again later; each repeat must carry the
/// first copy's link and Message-ID, no more than one marking group per connection is repeated, and every link works.
/// </summary>
public sealed class ReminderOutageTests(FollowUpFixture app, ITestOutputHelper output) : IClassFixture<FollowUpFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private const int EmailConnections = 2; // FollowUpFixture's setting

    private Task<long> ScalarAsync(string sql) => ReminderData.ScalarAsync(app.ConnectionString, sql);

    private async Task DropAppConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Connections_dropped_mid_dispatch_repeat_at_most_one_marking_group_per_connection_with_the_same_link()
    {
        const int count = 300;
        const string clinic = "DROP";
        app.Clock.Now = Now;
        await ReminderData.SeedOpenFollowUpsAsync(app.ConnectionString, clinic, count, Now);
        var ours = () => app.Smtp.Messages.Where(m => m.To.Mailboxes.Single().Address.EndsWith(".drop@example.test")).ToList();

        app.Smtp.DelayPerMessage = TimeSpan.FromMilliseconds(4);
        try
        {
            var run = Task.Run(app.RunJobAsync);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (ours().Count < 70 && !run.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
            await DropAppConnectionsAsync();
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception exception) when (exception is not TimeoutException)
            {
                // The run may end on the lost connection; the next one carries on.
            }
        }
        finally
        {
            app.Smtp.DelayPerMessage = TimeSpan.Zero;
        }
        var firstRun = ours().Count;
        Assert.InRange(firstRun, 70, count - 1);

        // Later runs (after any lease has lapsed) send the rest.
        for (var minutes = 1; minutes <= 15 && await ScalarAsync(
                 "SELECT count(*) FROM reminder_messages r JOIN follow_ups f ON f.id = r.follow_up_id JOIN clinics c ON c.id = f.clinic_id WHERE c.code = 'DROP' AND r.status = 'Sent'") < count;
             minutes += 7)
        {
            app.Clock.Now = Now.AddMinutes(minutes);
            await app.RunJobAsync();
        }

        var mail = ours();
        var byMessageId = mail.GroupBy(m => m.MessageId).ToList();
        Assert.Equal(count, byMessageId.Count);
        var duplicates = mail.Count - count;
        output.WriteLine($"{firstRun} accepted before the connections were dropped; {duplicates} sent twice (limit {ReminderDispatcher.MarkSentEvery * EmailConnections})");
        Assert.InRange(duplicates, 0, ReminderDispatcher.MarkSentEvery * EmailConnections);
        // A repeat carries the first copy's link.
        Assert.All(byMessageId, group => Assert.Single(group.Select(FollowUpFixture.LinkIn).Distinct()));
        Assert.Equal(count, await ScalarAsync(
            "SELECT count(*) FROM reminder_messages r JOIN follow_ups f ON f.id = r.follow_up_id JOIN clinics c ON c.id = f.clinic_id WHERE c.code = 'DROP' AND r.status = 'Sent'"));
        // Every link works: the repeated ones first, then a sample of the others.
        var patient = app.Factory.CreateBrowserLikeClient();
        foreach (var group in byMessageId.OrderByDescending(g => g.Count()).Take(80))
        {
            var response = await patient.GetAsync(FollowUpFixture.LinkIn(group.First()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_unreachable_mail_server_pauses_the_run_after_a_few_tries_with_one_warning_and_fails_nothing()
    {
        const int count = 200;
        var start = Now.AddDays(2);
        app.Clock.Now = start;
        await ReminderData.SeedOpenFollowUpsAsync(app.ConnectionString, "DOWN", count, start);
        const string ours = "FROM reminder_messages r JOIN follow_ups f ON f.id = r.follow_up_id JOIN clinics c ON c.id = f.clinic_id WHERE c.code = 'DOWN'";
        await app.Smtp.StopAsync();
        try
        {
            app.Log.Entries.Clear();
            await app.RunJobAsync();
            // A few tries, not one per due reminder; nothing used up a try, nothing failed, nothing is left claimed.
            var tried = await ScalarAsync($"SELECT count(*) {ours} AND r.last_error IS NOT NULL");
            output.WriteLine($"{tried} of {count} tried while the server was down; {app.Log.Entries.Count(e => e.Level >= LogLevel.Warning)} warnings");
            Assert.InRange(tried, ReminderDispatcher.PauseAfterConnectionFailures, ReminderDispatcher.PauseAfterConnectionFailures + EmailConnections);
            Assert.Equal(count, await ScalarAsync($"SELECT count(*) {ours} AND r.status = 'Pending' AND r.tries = 0 AND r.claimed_by IS NULL"));
            var warning = Assert.Single(app.Log.Entries, e => e.Level >= LogLevel.Warning);
            Assert.Contains("paused", warning.Message);
            Assert.Null(warning.Exception);

            // An outage of hours (a run a minute apart, here every 20 minutes) fails none of them.
            for (var minutes = 20; minutes <= 240; minutes += 20)
            {
                app.Clock.Now = start.AddMinutes(minutes);
                await app.RunJobAsync();
            }
            Assert.Equal(0, await ScalarAsync($"SELECT count(*) {ours} AND (r.status <> 'Pending' OR r.tries > 0)"));
        }
        finally
        {
            await app.Smtp.StartListeningAsync();
        }

        app.Clock.Now = start.AddMinutes(250);
        await app.RunJobAsync();
        Assert.Equal(count, await ScalarAsync($"SELECT count(*) {ours} AND r.status = 'Sent' AND r.tries = 1"));
    }
}
