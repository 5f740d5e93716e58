using System.Text.Json;
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

/// <summary>
/// Corrects a recorded assessment through the same form and rules as recording it; the assessment as it was is kept
/// with who, when and why, and a stale form is refused.
/// </summary>
public static class CorrectAssessment
{
    public sealed record Query(int Id) : IAudited<Result<RecordAssessment.Command>>
    {
        public string AuditAction => "ViewAssessmentCorrectionForm";
    }

    public sealed class Command : ICommand<Result>
    {
        public int Id { get; init; }
        public required RecordAssessment.Command Form { get; init; }
        public string AuditAction => "CorrectAssessment";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(RecordAssessment.Validator record)
        {
            RuleFor(c => c.Form.Reason).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Reason for the correction is required: it is kept with the previous version.")
                .Must(r => r!.Trim().Length >= 3).WithMessage("Reason for the correction must be at least 3 characters.")
                .MaximumLength(500).WithMessage("Reason for the correction must be at most 500 characters.")
                .OverridePropertyName(nameof(RecordAssessment.Command.Reason));
            RuleFor(c => c).CustomAsync(async (command, context, cancellationToken) =>
            {
                foreach (var error in (await record.ValidateAsync(command.Form, cancellationToken)).Errors)
                {
                    context.AddFailure(error.PropertyName, error.ErrorMessage);
                }
            });
        }
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<RecordAssessment.Command>>
    {
        public async Task<Result<RecordAssessment.Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var a = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == query.Id && clinics.Contains(x.ClinicId), cancellationToken);
            if (a is null)
            {
                return Fail.NotFound();
            }
            var label = await db.Patients.Where(p => p.Id == a.PatientId)
                .Select(p => p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")").SingleAsync(cancellationToken);
            static List<RecordAssessment.SegmentInput> Rows(IEnumerable<AssessmentSegment> segments)
            {
                var rows = segments.Select(s => new RecordAssessment.SegmentInput { Segment = s.Segment, Side = s.Side }).ToList();
                rows.AddRange(Enumerable.Range(0, Math.Max(0, RecordAssessment.SegmentRows - rows.Count)).Select(_ => new RecordAssessment.SegmentInput()));
                return rows;
            }
            return Result.Ok(new RecordAssessment.Command
            {
                PatientId = a.PatientId,
                PatientLabel = label,
                AssessedOn = a.AssessedOn,
                Territories = [.. Enum.GetValues<Territory>().Select(t => a.Territories.FirstOrDefault(x => x.Territory == t) is { } found
                    ? new RecordAssessment.TerritoryInput { Painful = true, Side = found.Side, SkinSigns = [.. Enum.GetValues<SkinSign>().Where(s => s != SkinSign.None && found.SkinSigns.HasFlag(s))] }
                    : new RecordAssessment.TerritoryInput())],
                RadiatesBelowKnee = a.RadiatesBelowKnee,
                SpontaneousPainAtLevel = a.SpontaneousPainAtLevel,
                TenderSegments = Rows(a.TenderSegments),
                LevelVeiled = a.LevelVeiled,
                Imaging = a.Imaging,
                ImagingFindings = a.ImagingFindings,
                ImagingSuggestedSegment = a.ImagingSuggestedSegment,
                SuspectedSegments = Rows(a.SuspectedSegments),
                BaselinePain = a.BaselinePain,
                OswestryIndex = a.OswestryIndex,
                Notes = a.Notes,
                CorrectingId = a.Id,
                Version = a.Version,
            });
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.RecordAssessments))
            {
                return Result.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == command.Id && clinics.Contains(a.ClinicId), cancellationToken);
            if (assessment is null)
            {
                return Result.NotFound();
            }
            var dateOfBirth = await db.Patients.Where(p => p.Id == assessment.PatientId).Select(p => p.DateOfBirth).SingleAsync(cancellationToken);
            if (command.Form.AssessedOn < dateOfBirth)
            {
                return Result.Invalid(nameof(RecordAssessment.Command.AssessedOn), "Date of the assessment cannot be before the patient's date of birth.");
            }

            var previous = JsonSerializer.Serialize(new
            {
                assessment.AssessedOn, assessment.Findings, assessment.BaselinePain, assessment.OswestryIndex, assessment.Notes,
            });
            db.Entry(assessment).Property(a => a.Version).OriginalValue = command.Form.Version;
            var number = await db.AssessmentRevisions.CountAsync(r => r.AssessmentId == assessment.Id, cancellationToken) + 1;
            db.AssessmentRevisions.Add(new AssessmentRevision(assessment.Id, number, previous, command.Form.Reason!.Trim(), user.UserId, user.UserName, clock.GetUtcNow()));
            assessment.Apply(command.Form.AssessedOn!.Value, command.Form.ToFindings(), command.Form.BaselinePain!.Value, command.Form.OswestryIndex, command.Form.Notes);
            // Owned rows may be all that changed; the parent row changes too, so that its xmin moves.
            db.Entry(assessment).Property(a => a.AssessedOn).IsModified = true;
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(assessment.Id.ToString());
        }
    }
}
