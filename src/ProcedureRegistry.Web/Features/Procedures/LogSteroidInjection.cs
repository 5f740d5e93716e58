using FluentValidation;
using MediatR;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;
using static ProcedureRegistry.Domain.Clinical.ProcedureLimits;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>Logs a steroid injection, intra-articular or at the medial branch, with or without local anesthetic (§4).</summary>
public static class LogSteroidInjection
{
    public sealed record Query(int PatientId) : IAudited<Result<Command>>
    {
        public string AuditAction => "ViewProcedureForm";
    }

    public sealed class Command : ProcedureForm, ICommand<Result<int>>
    {
        public BlockTechnique? Technique { get; set; } = BlockTechnique.IntraArticular;
        public Steroid? Steroid { get; set; }
        public decimal? DoseMg { get; set; }
        /// <summary>Local anesthetic mixed in, if any (not saline).</summary>
        public BlockAgent? MixedAnesthetic { get; set; }
        public decimal? ConcentrationPercent { get; set; }
        public decimal? VolumeMlPerTarget { get; set; }
        public string AuditAction => "LogSteroidInjection";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new ProcedureFormValidator());
            RuleFor(c => c.Technique).NotNull().WithMessage("Technique is required.").IsInEnum().WithMessage("Technique must be intra-articular or medial branch.");
            RuleFor(c => c.Steroid).NotNull().WithMessage("Steroid is required.").IsInEnum().WithMessage("Steroid must be triamcinolone, methylprednisolone, dexamethasone or betamethasone.");
            RuleFor(c => c.DoseMg).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Steroid dose (mg) is required.")
                .Must(d => IsValidSteroidDose(d!.Value)).WithMessage($"Steroid dose must be above 0 and at most {SteroidDoseMaxMg} mg.");
            RuleFor(c => c.MixedAnesthetic).NotEqual(BlockAgent.Saline).WithMessage("Local anesthetic mixed in: saline is not a local anesthetic.")
                .IsInEnum().WithMessage("Local anesthetic mixed in is not one of the listed ones.");
            RuleFor(c => c.ConcentrationPercent).NotNull().When(c => c.MixedAnesthetic is not null)
                .WithMessage("Concentration (%) of the local anesthetic is required.");
            RuleFor(c => c.ConcentrationPercent).Must(c => c is null || IsValidAgentConcentration(c.Value))
                .WithMessage($"Concentration must be above 0 and at most {AgentConcentrationMaxPercent} %.");
            RuleFor(c => c.VolumeMlPerTarget).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Volume per target (mL) is required.")
                .Must(v => IsValidBlockVolume(v!.Value)).WithMessage($"Volume per target must be above 0 and at most {BlockVolumeMaxMl} mL.");
        }
    }

    internal sealed class QueryHandler(ProcedureRecorder recorder) : IRequestHandler<Query, Result<Command>>
    {
        public Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken) =>
            recorder.NewFormAsync<Command>(query.PatientId, cancellationToken);
    }

    internal static void Apply(Command command, Procedure injection)
    {
        injection.Technique = command.Technique;
        injection.Steroid = command.Steroid;
        injection.SteroidDoseMg = command.DoseMg;
        injection.Agent = command.MixedAnesthetic;
        injection.ConcentrationPercent = command.MixedAnesthetic is null ? null : command.ConcentrationPercent;
        injection.VolumeMlPerTarget = command.VolumeMlPerTarget;
    }

    internal static void Fill(Command form, Procedure injection)
    {
        form.Technique = injection.Technique;
        form.Steroid = injection.Steroid;
        form.DoseMg = injection.SteroidDoseMg;
        form.MixedAnesthetic = injection.Agent;
        form.ConcentrationPercent = injection.ConcentrationPercent;
        form.VolumeMlPerTarget = injection.VolumeMlPerTarget;
    }

    internal sealed class Handler(ProcedureRecorder recorder, RegistryDbContext db, FollowUpPlanner followUps) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var started = await recorder.StartAsync(ProcedureKind.SteroidInjection, command, cancellationToken);
            if (!started.Succeeded)
            {
                return started.AsFailure();
            }
            var injection = started.Value!;
            Apply(command, injection);
            db.Procedures.Add(injection);
            await followUps.PlanAsync(injection, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(injection.Id, injection.Id.ToString());
        }
    }
}
