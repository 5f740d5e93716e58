using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

/// <summary>
/// Issue 4's benchmark: N due reminders dispatched by the app's own job to an SMTP server on loopback, against how
/// fast the same server accepts messages from a bare MailKit sending loop with as many connections.
/// Usage: dotnet run -c Release --project tests/ProcedureRegistry.Benchmarks -- reminders [N, default 100000] [connections, default 4]
/// </summary>
public static class ReminderBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        var server = await PostgresServer.InstanceAsync();
        Console.WriteLine($"PostgreSQL: {server.Description}; {Environment.ProcessorCount} cores; {count:N0} reminders; {connections} SMTP connections");

        await using var smtp = await SmtpSink.StartAsync();

        // 1. The bare loop: MailKit straight to the server, no database, same connections, a fifth of the messages.
        var bareCount = Math.Max(1000, count / 5);
        var bare = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => BareLoopAsync(smtp.Port, c, bareCount / connections)));
        bare.Stop();
        var bareRate = bareCount / connections * connections / bare.Elapsed.TotalSeconds;
        Console.WriteLine($"bare MailKit loop: {bareCount:N0} messages in {bare.Elapsed.TotalSeconds:0.00} s = {bareRate:0} messages/s");
        smtp.Clear();

        // 2. The app: due follow-ups in PostgreSQL, the job plans and dispatches them.
        var connectionString = await TestDatabases.CreateAsync("bench_reminders");
        await ReminderData.SeedOpenFollowUpsAsync(connectionString, "BENCH", count, DateTimeOffset.UtcNow);
        await using var app = new RegistryFactory(connectionString, new Dictionary<string, string?>(smtp.AppSettings)
        {
            ["FollowUps:QuietHoursStart"] = "00:00", // the benchmark runs at any hour
            ["FollowUps:QuietHoursEnd"] = "00:00",
            ["FollowUps:EmailConnections"] = connections.ToString(CultureInfo.InvariantCulture),
            ["FollowUps:BatchSize"] = "1000",
            ["FollowUps:RunBudgetSeconds"] = "600",
        });
        _ = app.Server;
        var scheduler = app.Services.GetRequiredService<FollowUpScheduler>();
        var watch = Stopwatch.StartNew();
        var (_, planned) = await scheduler.PlanAsync(CancellationToken.None);
        var planSeconds = watch.Elapsed.TotalSeconds;
        var dispatch = await app.Services.GetRequiredService<ReminderDispatcher>().DispatchAsync(CancellationToken.None);
        watch.Stop();

        var received = smtp.Count;
        var distinct = smtp.Messages.Select(m => m.MessageId).Distinct().Count(); // parsed after the clock stopped
        var sentRows = await ReminderData.ScalarAsync(connectionString, "SELECT count(*) FROM reminder_messages WHERE status = 'Sent'");
        var rate = received / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"planned {planned:N0} reminders in {planSeconds:0.00} s; dispatched {dispatch.Sent:N0} (failed {dispatch.Failed}, skipped {dispatch.Skipped}, postponed {dispatch.Postponed})");
        Console.WriteLine();
        Console.WriteLine("| reminders | wall time (plan + dispatch) | reminders/s | bare MailKit loop, messages/s | ratio | received | duplicates | lost |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {count:N0} | {watch.Elapsed.TotalSeconds:0.0} s | {rate:0} | {bareRate:0} | {rate / bareRate:P0} | {received:N0} | {received - distinct} | {count - Math.Min(count, sentRows)} |");
    }

    private static async Task BareLoopAsync(int port, int connection, int messages)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        client.Capabilities &= ~SmtpCapabilities.Pipelining;
        for (var i = 0; i < messages; i++)
        {
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse("reminders@clinic.test"));
            message.To.Add(MailboxAddress.Parse($"bare{connection}.{i}@example.test"));
            message.Subject = "Clinic BENCH: how are you since your visit?";
            message.MessageId = $"bare-{connection}-{i}@clinic.test";
            message.Body = new TextPart("plain") { Text = "Hello,\n\nA link: https://localhost/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n" };
            await client.SendAsync(message);
        }
        await client.DisconnectAsync(true);
    }
}
