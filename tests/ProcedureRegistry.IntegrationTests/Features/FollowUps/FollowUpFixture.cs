using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using ProcedureRegistry.IntegrationTests.Infrastructure;
using ProcedureRegistry.Web.Jobs;

namespace ProcedureRegistry.IntegrationTests.Features.FollowUps;

/// <summary>The app with a clock the tests set (<see cref="ClockedAppFixture"/>) and a real SMTP server on loopback; the follow-up job is run by hand.</summary>
public class FollowUpFixture : ClockedAppFixture
{
    public SmtpSink Smtp { get; } = new();
    public string SmsOutbox { get; } = Path.Combine(Path.GetTempPath(), $"sms-{Guid.NewGuid():N}.log");

    protected virtual int PatientLinkPerMinute => 10_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(Smtp.AppSettings)
    {
        ["FollowUps:PublicBaseUrl"] = "https://localhost",
        ["FollowUps:EmailConnections"] = "2",
        ["Sms:OutboxPath"] = SmsOutbox,
        ["RateLimits:PatientLinkPerMinute"] = PatientLinkPerMinute.ToString(),
    };

    /// <summary>What the dispatcher logged (every level), to count its warnings.</summary>
    public DispatcherLog Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<ILogger<ReminderDispatcher>>(Log);
    }

    public override async Task InitializeAsync()
    {
        await Smtp.StartListeningAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        File.Delete(SmsOutbox);
    }

    /// <summary>One run of the every-minute job, at the clock's time.</summary>
    public async Task<FollowUpRunSummary> RunJobAsync() =>
        await Factory.Services.GetRequiredService<FollowUpScheduler>().RunAsync(CancellationToken.None);

    public IReadOnlyList<MimeMessage> MailTo(string address) =>
        [.. Smtp.Messages.Where(m => m.To.Mailboxes.Any(b => b.Address == address))];

    public static string LinkIn(MimeMessage message) =>
        System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https://localhost(/r/[A-Za-z0-9_-]+)").Groups[1].Value;
}

public sealed class DispatcherLog : ILogger<ReminderDispatcher>
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}
