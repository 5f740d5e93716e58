using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Infrastructure.Messaging;

/// <summary>A reminder ready to go: where, through which channel, and the text's few parts.</summary>
public sealed record OutgoingReminder(long ReminderId, ReminderChannel Channel, string Address, string ClinicName, string Link, DateTimeOffset ExpiresAt);

/// <summary>
/// A delivery channel (email, SMS). The dispatcher opens one session per sending worker and sends many reminders
/// through it, so that a connection is reused.
/// </summary>
public interface IReminderSender
{
    ReminderChannel Channel { get; }

    Task<IReminderSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IReminderSession : IAsyncDisposable
{
    /// <summary>Returns when the server (or sink) accepted the message; throws when it did not.</summary>
    Task SendAsync(OutgoingReminder reminder, CancellationToken cancellationToken);
}

/// <summary>What the message says: the clinic's name, a greeting and the link; no diagnosis, no procedure.</summary>
public static class ReminderText
{
    public static string Subject(OutgoingReminder r) => $"{r.ClinicName}: how are you since your visit?";

    public static string EmailBody(OutgoingReminder r) =>
        $"""
        Hello,

        {r.ClinicName} would like to know how you are since your recent visit. It takes about a minute:

        {r.Link}

        The link is for you alone, works once, and expires on {r.ExpiresAt.UtcDateTime:d MMMM yyyy}.
        If you did not expect this message, you can ignore it.

        {r.ClinicName}
        """;

    public static string Sms(OutgoingReminder r) => $"{r.ClinicName}: how are you since your visit? Please answer here: {r.Link}";
}

/// <summary>What a failed delivery means for the reminder.</summary>
public enum DeliveryFault
{
    /// <summary>The server refused this message for good (SMTP 5xx: user unknown, mailbox unavailable): fail it now.</summary>
    Permanent,
    /// <summary>The server asked to try later (SMTP 4xx): back off, the try does not count.</summary>
    Transient,
    /// <summary>The server could not be reached or dropped the connection: back off, the try does not count; a few in a row pause the run.</summary>
    Connection,
}

/// <summary>A delivery that failed for a known reason (a sender's own classification); anything else is unexpected.</summary>
public sealed class ReminderDeliveryException(DeliveryFault fault, string reason, Exception? inner = null)
    : Exception(reason, inner)
{
    public DeliveryFault Fault { get; } = fault;
}
