using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// A coordinator asks for one more reminder: a new outbox row (next attempt number, due now) that the dispatcher
/// sends within a minute, outside the patient's quiet hours. Only while the follow-up waits for an answer, its window
/// is open and the patient consents and can be reached; not while another reminder is about to go. A refusal comes
/// back with the follow-up's page, to show it again with the reason.
/// </summary>
public static class ResendReminder
{
    public sealed class Command : ICommand<Result<GetFollowUp.Model>>, IValidatedByItsHandler
    {
        public long Id { get; set; }
        public string AuditAction => "ResendReminder";
    }

    /// <summary>Why no reminder can be sent now, or null when one can. The same rules the dispatcher applies, without quiet hours.</summary>
    public static string? Refusal(ReminderCandidate candidate, bool oneAlreadyWaiting, DateTimeOffset now)
    {
        if (candidate.FollowUpStatus == FollowUpStatus.Scheduled && now < candidate.OpensAt)
        {
            return $"The answer window is not open yet: it opens on {FollowUpRows.LocalDate(candidate.OpensAt, candidate.TimeZone):yyyy-MM-dd}.";
        }
        var noQuietHours = new QuietHours(TimeOnly.MinValue, TimeOnly.MinValue);
        if (ReminderDecision.Decide(candidate, now, noQuietHours) is ReminderDecision.Skip skip)
        {
            return $"No reminder can be sent: {char.ToLowerInvariant(skip.Reason[0])}{skip.Reason[1..]}.";
        }
        return oneAlreadyWaiting ? "A reminder is already waiting to be sent; the dispatcher sends it within a minute." : null;
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock, InputErrors<Command> input)
        : IRequestHandler<Command, Result<GetFollowUp.Model>>
    {
        public async Task<Result<GetFollowUp.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.WorkFollowUps))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var found = await (from f in db.FollowUps
                               join p in db.Patients on f.PatientId equals p.Id
                               where f.Id == command.Id && clinics.Contains(f.ClinicId)
                               select new
                               {
                                   Candidate = new ReminderCandidate(f.Status, f.OpensAt, f.ClosesAt, p.ReminderConsent, p.PreferredChannel,
                                       p.Email, p.Phone, p.DiedOn, p.TimeZone),
                               }).SingleOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            var now = clock.GetUtcNow();
            var reminders = await db.ReminderMessages.Where(r => r.FollowUpId == command.Id)
                .Select(r => new { r.Attempt, r.Status, r.SendAfter, r.RequestedByName }).ToListAsync(cancellationToken);
            var waiting = reminders.Any(r => r.Status == ReminderStatus.Pending && (r.SendAfter <= now || r.RequestedByName is not null));
            if (Refusal(found.Candidate, waiting, now) is { } refusal)
            {
                return await RefusedAsync(Fail.Invalid("", refusal));
            }
            // (follow_up_id, attempt) is unique: two coordinators resending at once get one row and one conflict (409).
            var attempt = reminders.Count == 0 ? 1 : reminders.Max(r => r.Attempt) + 1;
            db.ReminderMessages.Add(new ReminderMessage(command.Id, attempt, now, now, user.UserName));
            await db.SaveChangesAsync(cancellationToken);
            return Result<GetFollowUp.Model>.Done(command.Id.ToString());

            async Task<Result<GetFollowUp.Model>> RefusedAsync(FailedResult failure) => Result<GetFollowUp.Model>.Refused(failure,
                (await GetFollowUp.ReadAsync(db, scope, command.Id, clock.GetUtcNow(), cancellationToken))!);
        }
    }
}
