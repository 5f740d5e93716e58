using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
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

    public sealed record Model(Assessment Assessment, string PatientLabel, DiagnosisEvaluation Evaluation, IReadOnlyList<BlockAtSegment> Blocks);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
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

            // Diagnostic blocks join the evaluation once procedures are logged (issue 3, procedures slice).
            IReadOnlyList<BlockAtSegment> blocks = [];
            var evaluation = DiagnosisRules.Evaluate(assessment.Findings, blocks);
            return Result.Ok(new Model(assessment, patient, evaluation, blocks), assessment.Id.ToString());
        }
    }
}
