using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Assessments;

/// <summary>An assessment with its evaluation: which criteria are met and why, and the diagnosis status. Audited (part of the patient's record).</summary>
public static class GetAssessment
{
    public sealed record Query(int Id) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewAssessment";
    }

    public sealed record Correction(int Number, DateTimeOffset ChangedAt, string ChangedBy, string Reason);

    public sealed record Model(Assessment Assessment, string PatientLabel, DiagnosisEvaluation Evaluation, IReadOnlyList<BlockAtSegment> Blocks,
        IReadOnlyList<Correction> Corrections, bool CanCorrect) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [Assessment.PatientId];
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, Procedures.BlockAnalysis analysis) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ViewPatients))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var assessment = await db.Assessments.AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == query.Id && clinics.Contains(a.ClinicId), cancellationToken);
            if (assessment is null)
            {
                return Fail.NotFound();
            }
            var patient = await db.Patients.AsNoTracking().Where(p => p.Id == assessment.PatientId)
                .Select(p => p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")").SingleAsync(cancellationToken);

            // Criterion 4: the patient's diagnostic blocks from the day of the assessment on, with a day's margin for
            // time zones (voided ones never count).
            var assessedFrom = new DateTimeOffset(assessment.AssessedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1);
            var procedures = await db.Procedures.AsNoTracking()
                .Where(p => p.PatientId == assessment.PatientId && p.Kind == Domain.Procedures.ProcedureKind.DiagnosticBlock
                    && p.VoidedAt == null && p.PerformedAt >= assessedFrom)
                .ToListAsync(cancellationToken);
            var blocks = analysis.AtSegments(procedures);
            var evaluation = DiagnosisRules.Evaluate(assessment.Findings, blocks);
            var corrections = await db.AssessmentRevisions.AsNoTracking().Where(r => r.AssessmentId == assessment.Id)
                .OrderByDescending(r => r.Number)
                .Select(r => new Correction(r.Number, r.ChangedAt, r.ChangedByName, r.Reason))
                .ToListAsync(cancellationToken);
            return Result.Ok(new Model(assessment, patient, evaluation, blocks, corrections, scope.Can(Capability.RecordAssessments)), assessment.Id.ToString());
        }
    }
}
