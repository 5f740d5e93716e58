using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Assessments;

/// <summary>A clinician records an assessment against the four Maigne criteria (clinical reference §1).</summary>
public static class RecordAssessment
{
    public const int SegmentRows = 3;

    /// <summary>A blank form for a patient of the user's clinics, dated today.</summary>
    public sealed record Query(int PatientId) : IAudited<Result<Command>>
    {
        public string AuditAction => "ViewAssessmentForm";
    }

    public sealed class TerritoryInput
    {
        public bool Painful { get; set; }
        public Side? Side { get; set; }
        public List<SkinSign> SkinSigns { get; set; } = [];
    }

    public sealed class SegmentInput
    {
        public string? Segment { get; set; }
        public Side? Side { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(Segment) && Side is null;
    }

    public sealed class Command : ICommand<Result<int>>, IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [PatientId];
        public int PatientId { get; set; }
        public string PatientLabel { get; set; } = "";
        public DateOnly? AssessedOn { get; set; }
        /// <summary>Indexed by <see cref="Territory"/>: anterior, posterior, lateral.</summary>
        public List<TerritoryInput> Territories { get; set; } = [new(), new(), new()];
        public bool RadiatesBelowKnee { get; set; }
        public bool? SpontaneousPainAtLevel { get; set; }
        public List<SegmentInput> TenderSegments { get; set; } = Rows();
        public bool LevelVeiled { get; set; }
        public ImagingModality Imaging { get; set; } = ImagingModality.None;
        public string? ImagingFindings { get; set; }
        public string? ImagingSuggestedSegment { get; set; }
        public List<SegmentInput> SuspectedSegments { get; set; } = Rows();
        public int? BaselinePain { get; set; }
        public int? OswestryIndex { get; set; }
        public string? Notes { get; set; }
        /// <summary>Set when the form corrects a recorded assessment.</summary>
        public int? CorrectingId { get; set; }
        public uint Version { get; set; }
        public string? Reason { get; set; }
        public string AuditAction => "RecordAssessment";

        private static List<SegmentInput> Rows() => [.. Enumerable.Range(0, SegmentRows).Select(_ => new SegmentInput())];

        public AssessmentFindings ToFindings() => new()
        {
            Territories = [.. Territories.Select((t, i) => (t, i)).Where(x => x.t.Painful)
                .Select(x => new TerritoryFinding((Territory)x.i, x.t.Side!.Value, x.t.SkinSigns.Aggregate(SkinSign.None, (a, s) => a | s)))],
            RadiatesBelowKnee = RadiatesBelowKnee,
            SpontaneousPainAtLevel = SpontaneousPainAtLevel == true,
            TenderSegments = Segments(TenderSegments),
            LevelVeiled = LevelVeiled,
            Imaging = Imaging,
            ImagingFindings = ImagingFindings,
            ImagingSuggestedSegment = string.IsNullOrWhiteSpace(ImagingSuggestedSegment) ? null : SpinalSegment.Parse(ImagingSuggestedSegment),
            SuspectedSegments = Segments(SuspectedSegments),
        };

        private static List<SegmentSide> Segments(IEnumerable<SegmentInput> rows) =>
            [.. rows.Where(r => !r.IsBlank).Select(r => new SegmentSide(SpinalSegment.Parse(r.Segment!), r.Side!.Value)).Distinct()];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.AssessedOn).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Date of the assessment is required.")
                .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("Date of the assessment cannot be in the future.");
            RuleFor(c => c.Territories).Must(t => t.Count == 3).WithMessage("Territories: the form must send the three territories.");
            RuleForEach(c => c.Territories).ChildRules(t =>
            {
                t.RuleFor(x => x.Side).NotNull().When(x => x.Painful).WithMessage("Side is required for a painful territory.");
                t.RuleFor(x => x.SkinSigns).Empty().When(x => !x.Painful).WithMessage("Skin signs are recorded only in a painful territory.");
            }).OverridePropertyName("Territories");
            RuleFor(c => c.SpontaneousPainAtLevel).NotNull().WithMessage("Spontaneous pain at the spinal level: answer yes or no.");
            RuleForEach(c => c.TenderSegments).SetValidator(new SegmentRowValidator());
            RuleForEach(c => c.SuspectedSegments).SetValidator(new SegmentRowValidator());
            RuleFor(c => c).Must(c => !(c.LevelVeiled && c.TenderSegments.Any(r => !r.IsBlank)))
                .WithName("LevelVeiled").WithMessage("Level veiled means no tender segment was found: record tender segments or tick veiled, not both.");
            RuleFor(c => c.ImagingSuggestedSegment)
                .Must(s => string.IsNullOrWhiteSpace(s) || SpinalSegment.TryParse(s, out _))
                .WithMessage($"Level suggested by imaging must be a facet segment from {SpinalSegment.All[0].Code} to {SpinalSegment.All[^1].Code}.");
            RuleFor(c => c.Imaging).IsInEnum().WithMessage("Imaging must be none, radiograph, MRI, CT or myelography.");
            RuleFor(c => c).Must(c => c.Imaging != ImagingModality.None || (string.IsNullOrWhiteSpace(c.ImagingFindings) && string.IsNullOrWhiteSpace(c.ImagingSuggestedSegment)))
                .WithName("Imaging").WithMessage("Imaging findings and a suggested level need an imaging modality (not None).");
            RuleFor(c => c.ImagingFindings).MaximumLength(Assessment.FindingsMaxLength).WithMessage($"Imaging findings must be at most {Assessment.FindingsMaxLength} characters.");
            RuleFor(c => c.BaselinePain).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Baseline pain (0–10) is required.")
                .InclusiveBetween(0, 10).WithMessage("Baseline pain must be between 0 and 10.");
            RuleFor(c => c.OswestryIndex).InclusiveBetween(0, 100).When(c => c.OswestryIndex is not null)
                .WithMessage("Oswestry Disability Index must be between 0 and 100 %.");
            RuleFor(c => c.Notes).MaximumLength(Assessment.FindingsMaxLength).WithMessage($"Notes must be at most {Assessment.FindingsMaxLength} characters.");
        }
    }

    public sealed class SegmentRowValidator : AbstractValidator<SegmentInput>
    {
        public SegmentRowValidator()
        {
            RuleFor(r => r.Segment)
                .Must(s => SpinalSegment.TryParse(s, out _)).When(r => !r.IsBlank)
                .WithMessage($"Segment must be a facet segment from {SpinalSegment.All[0].Code} to {SpinalSegment.All[^1].Code} (e.g. T12-L1).");
            RuleFor(r => r.Side).NotNull().When(r => !r.IsBlank).WithMessage("Side is required for a segment.");
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope, TimeProvider clock) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var label = await db.Patients.AsNoTracking()
                .Where(p => p.Id == query.PatientId && clinics.Contains(p.ClinicId))
                .Select(p => p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")")
                .SingleOrDefaultAsync(cancellationToken);
            return label is null
                ? Fail.NotFound()
                : Result.Ok(new Command { PatientId = query.PatientId, PatientLabel = label, AssessedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) });
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.RecordAssessments))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var patient = await db.Patients.AsNoTracking()
                .Where(p => p.Id == command.PatientId && clinics.Contains(p.ClinicId))
                .Select(p => new { p.Id, p.ClinicId, p.DateOfBirth })
                .SingleOrDefaultAsync(cancellationToken);
            if (patient is null)
            {
                return Fail.NotFound();
            }
            if (command.AssessedOn < patient.DateOfBirth)
            {
                return Fail.Invalid(nameof(Command.AssessedOn), "Date of the assessment cannot be before the patient's date of birth.");
            }

            var clinician = await db.Users.Where(u => u.Id == user.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? user.UserName;
            var assessment = new Assessment(patient.ClinicId, patient.Id, command.AssessedOn!.Value, user.UserId, clinician,
                command.ToFindings(), command.BaselinePain!.Value, command.OswestryIndex, command.Notes, clock.GetUtcNow());
            db.Assessments.Add(assessment);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(assessment.Id, assessment.Id.ToString());
        }
    }
}
