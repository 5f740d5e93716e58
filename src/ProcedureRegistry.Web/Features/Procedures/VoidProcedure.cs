using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>
/// A procedure logged in error is voided with a reason: it stays in the record, struck through, and counts nowhere. A
/// refusal comes back with the procedure's page, to show the confirmation again.
/// </summary>
public static class VoidProcedure
{
    public sealed class Command : ICommand<Result<GetProcedure.Model>>, IValidatedByItsHandler
    {
        public int Id { get; set; }
        public uint Version { get; set; }
        public string? Reason { get; set; }
        public string AuditAction => "VoidProcedure";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for voiding is required.")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for voiding must be at least 3 characters.")
                .MaximumLength(500).WithMessage("Reason for voiding must be at most 500 characters.");
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, BlockAnalysis analysis, FollowUpPlanner followUps, ICurrentUser user,
        TimeProvider clock, InputErrors<Command> input) : IRequestHandler<Command, Result<GetProcedure.Model>>
    {
        public async Task<Result<GetProcedure.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.LogProcedures))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (procedure is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            if (procedure.IsVoided)
            {
                return await RefusedAsync(Fail.Invalid("", "This procedure is already voided."));
            }
            // A comparative pair or placebo control must not lose its earlier block while the later one still counts:
            // the later block names it, reports read the pair, and an export would point at a row it leaves out.
            var dependent = await db.Procedures.AsNoTracking()
                .Where(p => p.PartnerProcedureId == procedure.Id && p.VoidedAt == null)
                .OrderBy(p => p.PerformedAt).Select(p => new { p.Id, p.Sequence }).FirstOrDefaultAsync(cancellationToken);
            if (dependent is not null)
            {
                var kind = dependent.Sequence == Domain.Clinical.BlockSequence.PlaceboControlled ? "placebo-controlled" : "confirmatory";
                return await RefusedAsync(Fail.Invalid("", $"The {kind} block #{dependent.Id} names this block as its partner: void or correct that block first."));
            }
            // A stale form conflicts here, where its page can be shown; the database checks the version again on save (a race).
            if (procedure.Version != command.Version)
            {
                return await RefusedAsync(Fail.Stale());
            }
            procedure.Void(command.Reason!, user.UserName, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await followUps.CancelForProcedureAsync(procedure.Id, FollowUpPlanner.ReasonVoided, cancellationToken);
            return Result<GetProcedure.Model>.Done(procedure.Id.ToString());

            async Task<Result<GetProcedure.Model>> RefusedAsync(FailedResult failure) =>
                Result<GetProcedure.Model>.Refused(failure, (await GetProcedure.ReadAsync(db, scope, analysis, command.Id, cancellationToken))!);
        }
    }
}
