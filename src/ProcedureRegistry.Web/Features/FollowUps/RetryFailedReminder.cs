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
/// A coordinator retries the failed reminder of a follow-up (the "Failed reminders" tab): the same row waits to be
/// sent again now, so its link is the one it would have had. Only while the follow-up waits, its window is open, the
/// patient can be reached, and its latest reminder is the failed one.
/// </summary>
public static class RetryFailedReminder
{
    public sealed class Command : ICommand<Result<GetFollowUp.Model>>, IValidatedByItsHandler
    {
        public long Id { get; set; }
        public string AuditAction => "RetryReminder";
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, TimeProvider clock, InputErrors<Command> input)
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
                               select new ReminderCandidate(f.Status, f.OpensAt, f.ClosesAt, p.ReminderConsent, p.PreferredChannel,
                                   p.Email, p.Phone, p.DiedOn, p.TimeZone)).SingleOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            var now = clock.GetUtcNow();
            var latest = await db.ReminderMessages.Where(r => r.FollowUpId == command.Id).OrderByDescending(r => r.Attempt)
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is not { Status: ReminderStatus.Failed })
            {
                return await RefusedAsync(Fail.Invalid("", "This follow-up has no failed reminder to retry."));
            }
            if (ResendReminder.Refusal(found, oneAlreadyWaiting: false, now) is { } refusal)
            {
                return await RefusedAsync(Fail.Invalid("", refusal));
            }
            latest.Retry(now);
            await db.SaveChangesAsync(cancellationToken);
            return Result<GetFollowUp.Model>.Done(command.Id.ToString());

            async Task<Result<GetFollowUp.Model>> RefusedAsync(FailedResult failure) => Result<GetFollowUp.Model>.Refused(failure,
                (await GetFollowUp.ReadAsync(db, scope, command.Id, clock.GetUtcNow(), cancellationToken))!);
        }
    }
}
