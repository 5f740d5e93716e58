using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// A coordinator cancels a follow-up that will not be answered (e.g. the patient asked to stop, or moved away), with
/// a reason; its reminders still waiting are skipped. Only a follow-up waiting for an answer can be cancelled. A refusal
/// comes back with the follow-up's page, to show the confirmation again.
/// </summary>
public static class CancelFollowUp
{
    public const int ReasonMaxLength = 200;

    public sealed class Command : ICommand<Result<GetFollowUp.Model>>, IValidatedByItsHandler
    {
        public long Id { get; set; }
        public uint Version { get; set; }
        public string? Reason { get; set; }
        public string AuditAction => "CancelFollowUp";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for cancelling is required.")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for cancelling must be at least 3 characters.")
                .MaximumLength(ReasonMaxLength).WithMessage($"Reason for cancelling must be at most {ReasonMaxLength} characters.");
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, FollowUpPlanner followUps, InputErrors<Command> input, TimeProvider clock)
        : IRequestHandler<Command, Result<GetFollowUp.Model>>
    {
        public const string SkipReason = "Follow-up cancelled";

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
            if (!followUp.Cancel(command.Reason!.Trim()))
            {
                return await RefusedAsync(Fail.Conflict($"Only a follow-up waiting for an answer can be cancelled; this one is {followUp.Status.ToString().ToLowerInvariant()}."));
            }
            // A stale form conflicts here, where its page can be shown; the database checks the version again on save (a race).
            if (followUp.Version != command.Version)
            {
                return await RefusedAsync(Fail.Stale());
            }
            await db.SaveChangesAsync(cancellationToken);
            await followUps.SkipPendingRemindersAsync(followUp.Id, SkipReason, cancellationToken);
            return Result<GetFollowUp.Model>.Done(followUp.Id.ToString());

            async Task<Result<GetFollowUp.Model>> RefusedAsync(FailedResult failure) => Result<GetFollowUp.Model>.Refused(failure,
                (await GetFollowUp.ReadAsync(db, scope, command.Id, clock.GetUtcNow(), cancellationToken))!);
        }
    }
}
