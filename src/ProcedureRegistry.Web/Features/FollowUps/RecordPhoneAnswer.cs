using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
/// A coordinator records the answer a patient gave on the phone: the same four questions and rules as the patient's
/// page, marked as taken by phone with the coordinator's name. Possible once the window has opened, also after it
/// closed (a missed follow-up caught up by phone); refused when answered or cancelled; a stale form conflicts. A refusal
/// comes back with the follow-up's page, to show the form again.
/// </summary>
public static class RecordPhoneAnswer
{
    public sealed class Command : FollowUpAnswerForm, ICommand<Result<GetFollowUp.Model>>, IValidatedByItsHandler
    {
        public long Id { get; set; }
        /// <summary>The follow-up's row version (xmin) when the form was opened.</summary>
        public uint Version { get; set; }
        /// <summary>The follow-up the form is about, for showing it (its query, or a refusal's page); never bound from the post.</summary>
        [BindNever]
        public GetFollowUp.Model? FollowUp { get; set; }
        public string AuditAction => "RecordFollowUpAnswer";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpAnswerValidator());
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock,
        InputErrors<Command> input) : IRequestHandler<Command, Result<GetFollowUp.Model>>
    {
        public const string SkipReason = "Follow-up answered";

        public async Task<Result<GetFollowUp.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.WorkFollowUps))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id && clinics.Contains(f.ClinicId), cancellationToken);
            if (followUp is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            var now = clock.GetUtcNow();
            if (followUp.Answer(command.ToAnswer(), AnswerSource.Phone, user.UserName, now) is { } refusal)
            {
                return await RefusedAsync(followUp.Status is FollowUpStatus.Answered or FollowUpStatus.Cancelled
                    ? Fail.Conflict(refusal)
                    : Fail.Invalid("", refusal));
            }
            // A stale form conflicts here, where its page can be shown; the database checks the version again on save (a race).
            if (followUp.Version != command.Version)
            {
                return await RefusedAsync(Fail.Stale());
            }
            await db.SaveChangesAsync(cancellationToken);
            // Reminders still waiting have nothing left to ask.
            await followUps.SkipPendingRemindersAsync(followUp.Id, SkipReason, cancellationToken);
            return Result<GetFollowUp.Model>.Done(followUp.Id.ToString());

            async Task<Result<GetFollowUp.Model>> RefusedAsync(FailedResult failure) => Result<GetFollowUp.Model>.Refused(failure,
                (await GetFollowUp.ReadAsync(db, scope, command.Id, clock.GetUtcNow(), cancellationToken))!);
        }
    }
}
