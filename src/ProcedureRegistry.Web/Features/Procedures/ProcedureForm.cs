using ProcedureRegistry.Web.Infrastructure.Auditing;
using FluentValidation;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using static ProcedureRegistry.Domain.Clinical.ProcedureLimits;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>The fields every procedure has, whatever its kind; the three log forms extend it.</summary>
public abstract class ProcedureForm : IShowsPatients
{
    IEnumerable<int> IShowsPatients.PatientIdsShown => [PatientId];

    public const int TargetRows = 4;

    public sealed class TargetInput
    {
        public string? Segment { get; set; }
        public Side? Side { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Segment) && Side is null;
    }

    public int PatientId { get; set; }
    public string PatientLabel { get; set; } = "";
    public int? AssessmentId { get; set; }
    /// <summary>Local date and time at the clinic (its time zone).</summary>
    public DateTime? PerformedAt { get; set; }
    public string? OperatorName { get; set; }
    public Guidance? Guidance { get; set; } = Domain.Clinical.Guidance.Fluoroscopy;
    public bool ConsentRecorded { get; set; }
    public Complication Complication { get; set; } = Complication.None;
    public string? ComplicationOther { get; set; }
    public int? PrePain { get; set; }
    public List<TargetInput> Targets { get; set; } = [.. Enumerable.Range(0, TargetRows).Select(_ => new TargetInput())];
    public string? Notes { get; set; }

    /// <summary>Set when the form corrects a logged procedure rather than logging a new one.</summary>
    public int? CorrectingId { get; set; }
    /// <summary>The row version the correction was loaded from (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
    /// <summary>Why a logged procedure is corrected; kept with its previous version.</summary>
    public string? Reason { get; set; }

    public IReadOnlyList<ProcedureTarget> ToTargets() =>
        [.. Targets.Where(t => !t.IsBlank).Select(t => (SpinalSegment.Parse(t.Segment!).Code, t.Side!.Value)).Distinct()
            .Select(t => new ProcedureTarget(t.Code, t.Value))];
}

public sealed class ProcedureFormValidator : AbstractValidator<ProcedureForm>
{
    public ProcedureFormValidator()
    {
        RuleFor(f => f.PerformedAt).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Date and time of the procedure are required.")
            // Bounds before any time-zone arithmetic: year 1 or 9999 would overflow when converted to UTC.
            .InclusiveBetween(new DateTime(1900, 1, 1), new DateTime(9000, 1, 1))
            .WithMessage("Date and time of the procedure must be between 1900 and the present.");
        RuleFor(f => f.OperatorName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Operator is required.")
            .MaximumLength(256).WithMessage("Operator must be at most 256 characters.");
        RuleFor(f => f.Guidance).NotNull().WithMessage("Guidance is required.").IsInEnum().WithMessage("Guidance must be fluoroscopy, CT or ultrasound.");
        RuleFor(f => f.ConsentRecorded).Equal(true).WithMessage("Consent: confirm that the patient's consent is recorded.");
        RuleFor(f => f.Complication).IsInEnum().WithMessage("Complication is not one of the listed ones.");
        RuleFor(f => f.ComplicationOther).Cascade(CascadeMode.Stop)
            .NotEmpty().When(f => f.Complication == Complication.Other).WithMessage("Complication: describe the other complication.")
            .MaximumLength(500).WithMessage("Complication description must be at most 500 characters.");
        RuleFor(f => f.PrePain).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Pre-procedure pain (0–10) is required.")
            .InclusiveBetween(PainMin, PainMax).WithMessage("Pre-procedure pain must be between 0 and 10.");
        RuleFor(f => f.Targets).Must(t => t.Any(r => !r.IsBlank)).WithMessage("Targets: give at least one segment and side.");
        RuleForEach(f => f.Targets).ChildRules(t =>
        {
            t.RuleFor(r => r.Segment).Must(s => SpinalSegment.TryParse(s, out _)).When(r => !r.IsBlank)
                .WithMessage($"Segment must be a facet segment from {SpinalSegment.All[0].Code} to {SpinalSegment.All[^1].Code} (e.g. T12-L1).");
            t.RuleFor(r => r.Side).NotNull().When(r => !r.IsBlank).WithMessage("Side is required for each target.");
        });
        RuleFor(f => f.Notes).MaximumLength(Procedure.TextMaxLength).WithMessage($"Notes must be at most {Procedure.TextMaxLength} characters.");
    }
}
