using Microsoft.Extensions.Options;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Infrastructure.Messaging;

public sealed class SmsOptions
{
    /// <summary>The development sink: one line per SMS (time, number, text) appended to this file.</summary>
    public string OutboxPath { get; set; } = Path.Combine(".data", "sms-outbox.log");
}

/// <summary>
/// The SMS channel for development and tests: no SMS provider is reachable from these machines, so messages are
/// written to a file and the log. A real provider implements <see cref="IReminderSender"/> the same way.
/// </summary>
public sealed class FileSmsSender(IOptions<SmsOptions> options, ILogger<FileSmsSender> logger) : IReminderSender
{
    private static readonly SemaphoreSlim FileLock = new(1, 1);

    public ReminderChannel Channel => ReminderChannel.Sms;

    public Task<IReminderSession> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReminderSession>(new Session(options.Value.OutboxPath, logger));

    private sealed class Session(string path, ILogger logger) : IReminderSession
    {
        public async Task SendAsync(OutgoingReminder reminder, CancellationToken cancellationToken)
        {
            var line = $"{DateTimeOffset.UtcNow:O}\t{reminder.ReminderId}\t{reminder.Address}\t{ReminderText.Sms(reminder)}{Environment.NewLine}";
            await FileLock.WaitAsync(cancellationToken);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.AppendAllTextAsync(path, line, cancellationToken);
            }
            finally
            {
                FileLock.Release();
            }
            logger.LogInformation("SMS reminder {ReminderId} written to the development outbox", reminder.ReminderId);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
