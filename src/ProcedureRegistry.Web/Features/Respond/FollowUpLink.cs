using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Respond;

/// <summary>
/// Resolves the token of a reminder link to its follow-up: by the token's hash, and only while the follow-up is
/// waiting for an answer and its window is open. Every other case gets a message that says nothing about the
/// patient or the procedure.
/// </summary>
public static class FollowUpLink
{
    public const string NotValid = "This link is not valid. Please check that you copied the whole link from the message.";
    public const string Expired = "This link has expired: the time to answer this follow-up is over. Thank you all the same; the clinic may call you.";
    public const string AlreadyAnswered = "This follow-up has already been answered. Thank you!";
    public const string NotOpenYet = "This follow-up is not open yet. Please use the link from your next reminder.";
    public const string NoLongerNeeded = "This follow-up is no longer needed. Thank you.";

    public sealed record Open(FollowUp FollowUp, string ClinicName);

    public static async Task<Result<Open>> ResolveAsync(RegistryDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!ReminderToken.IsWellFormed(token))
        {
            return Fail.NotFound();
        }
        var hash = ReminderToken.Hash(token!);
        var found = await (from r in db.ReminderMessages
                           join f in db.FollowUps on r.FollowUpId equals f.Id
                           join c in db.Clinics on f.ClinicId equals c.Id
                           where r.TokenHash == hash
                           select new { FollowUp = f, ClinicName = c.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Fail.NotFound();
        }
        var followUp = found.FollowUp;
        return followUp.Status switch
        {
            FollowUpStatus.Answered => Fail.Conflict(AlreadyAnswered),
            FollowUpStatus.Cancelled => Fail.Conflict(NoLongerNeeded),
            FollowUpStatus.Missed => Fail.Conflict(Expired),
            _ when now >= followUp.ClosesAt => Fail.Conflict(Expired),
            _ when now < followUp.OpensAt => Fail.Conflict(NotOpenYet),
            _ => Result.Ok(new Open(followUp, found.ClinicName), followUp.Id.ToString()),
        };
    }
}
