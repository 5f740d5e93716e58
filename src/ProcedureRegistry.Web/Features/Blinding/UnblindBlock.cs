using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Procedures;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>
/// Emergency unblinding of one blinded block before its diary is complete, with the reason; audited, and kept
/// (append-only). A refusal comes back with the block's page.
/// </summary>
public static class UnblindBlock
{
    public sealed class Command : ICommand<Result<GetProcedure.Model>>, IValidatedByItsHandler
    {
        public int Id { get; set; }
        public string? Reason { get; set; }
        public string AuditAction => "UnblindBlock";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for unblinding is required (e.g. \"suspected local anesthetic toxicity\").")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for unblinding must be at least 3 characters.")
                .MaximumLength(BlockUnblinding.ReasonMaxLength).WithMessage($"Reason for unblinding must be at most {BlockUnblinding.ReasonMaxLength} characters.");
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, BlockAnalysis analysis, ICurrentUser user, TimeProvider clock,
        InputErrors<Command> input) : IRequestHandler<Command, Result<GetProcedure.Model>>
    {
        public async Task<Result<GetProcedure.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.LogProcedures))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var block = await db.Procedures.AsNoTracking()
                .SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId) && p.Kind == ProcedureKind.DiagnosticBlock, cancellationToken);
            if (block is null)
            {
                return Fail.NotFound();
            }
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return await RefusedAsync(invalid);
            }
            var blinding = (await BlindedBlocks.ReadAsync(db, [block.Id], isPreparer: false, cancellationToken)).GetValueOrDefault(block.Id);
            if (blinding is null)
            {
                return await RefusedAsync(Fail.Invalid("", "This block is not blinded: its agent is on its page."));
            }
            if (blinding.Unblinded)
            {
                return await RefusedAsync(Fail.Invalid("", $"This block was already unblinded on {blinding.UnblindedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
            }
            if (blinding.DiaryComplete)
            {
                return await RefusedAsync(Fail.Invalid("", "This block's diary is complete, so its agent is already shown: no unblinding is needed."));
            }
            db.BlockUnblindings.Add(new BlockUnblinding(block.Id, command.Reason!, clock.GetUtcNow(), user.UserName));
            await db.SaveChangesAsync(cancellationToken);
            return Result<GetProcedure.Model>.Done(block.Id.ToString());

            async Task<Result<GetProcedure.Model>> RefusedAsync(FailedResult failure) =>
                Result<GetProcedure.Model>.Refused(failure, (await GetProcedure.ReadAsync(db, scope, analysis, command.Id, cancellationToken))!);
        }
    }
}
