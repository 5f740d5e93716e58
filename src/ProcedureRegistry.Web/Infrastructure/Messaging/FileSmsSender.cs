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
                await AppendOwnerOnlyAsync(path, line, cancellationToken);
            }
            finally
            {
                FileLock.Release();
            }
            logger.LogInformation("SMS reminder {ReminderId} written to the development outbox", reminder.ReminderId);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The outbox holds phone numbers and patient links (each a credential): readable and writable by the app's own
    /// user only (mode 600), also when the file was there before with a looser mode.
    /// </summary>
    private static async Task AppendOwnerOnlyAsync(string path, string line, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
            options.UnixCreateMode = OwnerOnly;
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
        }
        await using var file = new FileStream(path, options);
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken);
    }
}
