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

/// <summary>A procedure logged in error is voided with a reason: it stays in the record, struck through, and counts nowhere.</summary>
public static class VoidProcedure
{
    public sealed class Command : ICommand<Result>
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

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, FollowUpPlanner followUps, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.LogProcedures))
            {
                return Result.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (procedure is null)
            {
                return Result.NotFound();
            }
            if (procedure.IsVoided)
            {
                return Result.Invalid("", "This procedure is already voided.");
            }
            // A comparative pair or placebo control must not lose its earlier block while the later one still counts:
            // the later block names it, reports read the pair, and an export would point at a row it leaves out.
            var dependent = await db.Procedures.AsNoTracking()
                .Where(p => p.PartnerProcedureId == procedure.Id && p.VoidedAt == null)
                .OrderBy(p => p.PerformedAt).Select(p => new { p.Id, p.Sequence }).FirstOrDefaultAsync(cancellationToken);
            if (dependent is not null)
            {
                var kind = dependent.Sequence == Domain.Clinical.BlockSequence.PlaceboControlled ? "placebo-controlled" : "confirmatory";
                return Result.Invalid("", $"The {kind} block #{dependent.Id} names this block as its partner: void or correct that block first.");
            }
            db.Entry(procedure).Property(p => p.Version).OriginalValue = command.Version;
            procedure.Void(command.Reason!, user.UserName, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await followUps.CancelForProcedureAsync(procedure.Id, FollowUpPlanner.ReasonVoided, cancellationToken);
            return Result.Ok(procedure.Id.ToString());
        }
    }
}
