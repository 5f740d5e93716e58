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
/// closed (a missed follow-up caught up by phone); refused when answered or cancelled; a stale form conflicts.
/// </summary>
public static class RecordPhoneAnswer
{
    public sealed class Command : FollowUpAnswerForm, ICommand<Result>
    {
        public long Id { get; set; }
        /// <summary>The follow-up's row version (xmin) when the form was opened.</summary>
        public uint Version { get; set; }
        /// <summary>The follow-up the form is about, for showing it again; never bound from the post.</summary>
        [BindNever]
        public GetFollowUp.Model? FollowUp { get; set; }
        public string AuditAction => "RecordFollowUpAnswer";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpAnswerValidator());
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public const string SkipReason = "Follow-up answered";

        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.WorkFollowUps))
            {
                return Result.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id && clinics.Contains(f.ClinicId), cancellationToken);
            if (followUp is null)
            {
                return Result.NotFound();
            }
            var now = clock.GetUtcNow();
            if (followUp.Answer(command.ToAnswer(), AnswerSource.Phone, user.UserName, now) is { } refusal)
            {
                return followUp.Status is FollowUpStatus.Answered or FollowUpStatus.Cancelled
                    ? Result.Conflict(refusal)
                    : Result.Invalid("", refusal);
            }
            db.Entry(followUp).Property(f => f.Version).OriginalValue = command.Version;
            await db.SaveChangesAsync(cancellationToken);
            // Reminders still waiting have nothing left to ask.
            await followUps.SkipPendingRemindersAsync(followUp.Id, SkipReason, cancellationToken);
            return Result.Ok(followUp.Id.ToString());
        }
    }
}
