using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Respond;

/// <summary>Why a reminder link cannot be used; the patient's page picks its message and status from it.</summary>
public enum LinkUnavailableReason
{
    NotValid,
    Expired,
    AlreadyAnswered,
    NotOpenYet,
    NoLongerNeeded,
}

/// <summary>
/// What the patient's page needs after any request through the link: the open form's clinic and closing time, or
/// why the link cannot be used. A failed result carries it too, so that the page is shown again without a second request.
/// </summary>
public sealed record LinkPage(string? ClinicName, DateTimeOffset? ClosesAt, LinkUnavailableReason? Unavailable)
{
    public static LinkPage UnavailableBecause(LinkUnavailableReason reason) => new(null, null, reason);
}

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

    public static string Message(LinkUnavailableReason reason) => reason switch
    {
        LinkUnavailableReason.Expired => Expired,
        LinkUnavailableReason.AlreadyAnswered => AlreadyAnswered,
        LinkUnavailableReason.NotOpenYet => NotOpenYet,
        LinkUnavailableReason.NoLongerNeeded => NoLongerNeeded,
        _ => NotValid,
    };

    /// <summary>
    /// Why a failed request through the link ended: the reason its result carries, or, for a failure decided before
    /// the link was looked at (two submissions racing), a conflict reads as already answered and anything else as not valid.
    /// </summary>
    public static LinkUnavailableReason ReasonFor(Result<LinkPage> failure) =>
        failure.Value?.Unavailable ?? (failure.Outcome == Outcome.Conflict ? LinkUnavailableReason.AlreadyAnswered : LinkUnavailableReason.NotValid);

    public sealed record Open(FollowUp FollowUp, string ClinicName)
    {
        public LinkPage Page => new(ClinicName, FollowUp.ClosesAt, null);
    }

    /// <summary>The refusal of a link that cannot be used: not found for a link that is not valid, a conflict otherwise.</summary>
    public static Result<LinkPage> Refusal(LinkUnavailableReason reason) => Result<LinkPage>.Refused(
        reason == LinkUnavailableReason.NotValid ? Fail.NotFound() : Fail.Conflict(Message(reason)),
        LinkPage.UnavailableBecause(reason));

    /// <summary>The open follow-up behind the token, or why there is none.</summary>
    public static async Task<(Open? Open, LinkUnavailableReason Reason)> ResolveAsync(RegistryDbContext db, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!ReminderToken.IsWellFormed(token))
        {
            return (null, LinkUnavailableReason.NotValid);
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
            return (null, LinkUnavailableReason.NotValid);
        }
        var followUp = found.FollowUp;
        return followUp.Status switch
        {
            FollowUpStatus.Answered => (null, LinkUnavailableReason.AlreadyAnswered),
            FollowUpStatus.Cancelled => (null, LinkUnavailableReason.NoLongerNeeded),
            FollowUpStatus.Missed => (null, LinkUnavailableReason.Expired),
            _ when now >= followUp.ClosesAt => (null, LinkUnavailableReason.Expired),
            _ when now < followUp.OpensAt => (null, LinkUnavailableReason.NotOpenYet),
            _ => (new Open(followUp, found.ClinicName), default),
        };
    }
}
