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

/// <summary>Logs a medial-branch radiofrequency denervation (§4): mode, temperature, lesions, electrode, stimulation testing.</summary>
public static class LogRfDenervation
{
    public sealed record Query(int PatientId) : IAudited<Result<Command>>
    {
        public string AuditAction => "ViewProcedureForm";
    }

    public sealed class Command : ProcedureForm, ICommand<Result<int>>
    {
        public RfMode? Mode { get; set; } = RfMode.ConventionalThermal;
        public decimal? TemperatureC { get; set; } = 80m;
        public int? LesionSeconds { get; set; } = 90;
        public int? LesionsPerNerve { get; set; } = 2;
        public int? ElectrodeGauge { get; set; } = 18;
        public decimal? ActiveTipMm { get; set; } = 10m;
        public bool SensoryStimulationTested { get; set; }
        public bool MotorStimulationTested { get; set; }
        public string AuditAction => "LogRfDenervation";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new ProcedureFormValidator());
            RuleFor(c => c.Mode).NotNull().WithMessage("RF mode is required.").IsInEnum().WithMessage("RF mode must be conventional thermal, pulsed or cooled.");
            RuleFor(c => c.TemperatureC).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Temperature (°C) is required.")
                .Must(t => IsValidRfTemperature(t!.Value)).WithMessage($"Temperature must be between {RfTemperatureMinC:0} and {RfTemperatureMaxC:0} °C.");
            RuleFor(c => c.LesionSeconds).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Lesion duration (s) is required.")
                .Must(s => IsValidRfLesionSeconds(s!.Value)).WithMessage($"Lesion duration must be between {RfLesionSecondsMin} and {RfLesionSecondsMax} s.");
            RuleFor(c => c.LesionsPerNerve).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Lesions per nerve is required.")
                .Must(n => IsValidLesionsPerNerve(n!.Value)).WithMessage($"Lesions per nerve must be between {LesionsPerNerveMin} and {LesionsPerNerveMax}.");
            RuleFor(c => c.ElectrodeGauge).Must(g => g is null || IsValidElectrodeGauge(g.Value))
                .WithMessage($"Electrode gauge must be between {ElectrodeGaugeMin} and {ElectrodeGaugeMax} G.");
            RuleFor(c => c.ActiveTipMm).Must(t => t is null || IsValidActiveTip(t.Value))
                .WithMessage($"Active tip must be between {ActiveTipMinMm:0} and {ActiveTipMaxMm:0} mm.");
        }
    }

    internal sealed class QueryHandler(ProcedureRecorder recorder) : IRequestHandler<Query, Result<Command>>
    {
        public Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken) =>
            recorder.NewFormAsync<Command>(query.PatientId, cancellationToken);
    }

    internal static void Apply(Command command, Procedure rf)
    {
        rf.RfMode = command.Mode;
        rf.TemperatureC = command.TemperatureC;
        rf.LesionSeconds = command.LesionSeconds;
        rf.LesionsPerNerve = command.LesionsPerNerve;
        rf.ElectrodeGauge = command.ElectrodeGauge;
        rf.ActiveTipMm = command.ActiveTipMm;
        rf.SensoryStimulationTested = command.SensoryStimulationTested;
        rf.MotorStimulationTested = command.MotorStimulationTested;
    }

    internal static void Fill(Command form, Procedure rf)
    {
        form.Mode = rf.RfMode;
        form.TemperatureC = rf.TemperatureC;
        form.LesionSeconds = rf.LesionSeconds;
        form.LesionsPerNerve = rf.LesionsPerNerve;
        form.ElectrodeGauge = rf.ElectrodeGauge;
        form.ActiveTipMm = rf.ActiveTipMm;
        form.SensoryStimulationTested = rf.SensoryStimulationTested == true;
        form.MotorStimulationTested = rf.MotorStimulationTested == true;
    }

    internal sealed class Handler(ProcedureRecorder recorder, RegistryDbContext db, FollowUpPlanner followUps) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            var started = await recorder.StartAsync(ProcedureKind.RfDenervation, command, cancellationToken);
            if (!started.Succeeded)
            {
                return started.AsFailure();
            }
            var rf = started.Value!;
            Apply(command, rf);
            db.Procedures.Add(rf);
            await followUps.PlanAsync(rf, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(rf.Id, rf.Id.ToString());
        }
    }
}
