using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.Blinding;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Procedures;

/// <summary>A procedure with what the domain reads from it: the block's relief and class, the pair's concordance, plausibility warnings.</summary>
public static class GetProcedure
{
    public sealed record Query(int Id) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewProcedure";
    }

    public sealed record Correction(int Number, DateTimeOffset ChangedAt, string ChangedBy, string What, string Reason, string Previous);

    public sealed record Model(
        Procedure Procedure,
        string PatientLabel,
        string TimeZone,
        BlockResult? Block,
        ReliefThreshold Threshold,
        string? PairReading,
        int? PairedWithId,
        IReadOnlyList<string> Warnings,
        IReadOnlyList<Correction> Corrections,
        bool CanChange,
        IReadOnlyList<FollowUpRow>? FollowUps = null,
        BlockBlinding? Blinding = null) : IShowsPatients
    {
        IEnumerable<int> IShowsPatients.PatientIdsShown => [Procedure.PatientId];
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, BlockAnalysis analysis) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ViewPatients))
            {
                return Fail.Forbidden();
            }
            var model = await ReadAsync(db, scope, analysis, query.Id, cancellationToken);
            return model is null ? Fail.NotFound() : Result.Ok(model, model.Procedure.Id.ToString());
        }
    }

    /// <summary>The procedure's page, or null when it is not one of the user's clinics'. The commands on it show it again when refused.</summary>
    internal static async Task<Model?> ReadAsync(RegistryDbContext db, ClinicScope scope, BlockAnalysis analysis, int id, CancellationToken cancellationToken)
    {
        var clinics = await scope.ClinicIdsAsync(cancellationToken);
        var procedure = await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && clinics.Contains(p.ClinicId), cancellationToken);
        if (procedure is null)
        {
            return null;
        }
        var patient = await (from p in db.Patients join c in db.Clinics on p.ClinicId equals c.Id
                             where p.Id == procedure.PatientId
                             select new { Label = p.FamilyName.ToUpper() + ", " + p.GivenName + " (MRN " + p.Mrn + ")", c.TimeZone })
            .SingleAsync(cancellationToken);

        BlockResult? block = null;
        string? pairReading = null;
        int? pairedWith = null;
        BlockBlinding? blinding = null;
        if (procedure.Kind == ProcedureKind.DiagnosticBlock)
        {
            block = analysis.Analyse(procedure);
            // The partner is named by the later block; the earlier one finds it the other way round.
            var partner = procedure.PartnerProcedureId is { } partnerId
                ? await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, cancellationToken)
                : await db.Procedures.AsNoTracking().Where(p => p.PartnerProcedureId == procedure.Id && p.VoidedAt == null)
                    .OrderBy(p => p.PerformedAt).FirstOrDefaultAsync(cancellationToken);
            // A blinded block's agent is blanked before anything reads it; so is the pair's reading, which would tell it.
            var blinded = await BlindedBlocks.ReadAsync(db, [procedure.Id, .. partner is null ? Array.Empty<int>() : [partner.Id]],
                scope.Can(Capability.PrepareBlocks), cancellationToken);
            blinding = blinded.GetValueOrDefault(procedure.Id);
            BlindedBlocks.Conceal(procedure, blinded);
            if (partner is not null)
            {
                BlindedBlocks.Conceal(partner, blinded);
            }
            if (partner is not null && !partner.IsVoided && !procedure.IsVoided)
            {
                pairReading = analysis.PairReading(procedure, partner);
                pairedWith = partner.Id;
            }
        }

        var corrections = await db.ProcedureRevisions.AsNoTracking().Where(r => r.ProcedureId == procedure.Id)
            .OrderByDescending(r => r.Number)
            .Select(r => new Correction(r.Number, r.ChangedAt, r.ChangedByName, r.What, r.Reason, r.PreviousJson))
            .ToListAsync(cancellationToken);
        var followUps = (await db.FollowUps.AsNoTracking().Where(f => f.ProcedureId == procedure.Id).Rows(db).ToListAsync(cancellationToken))
            .OrderBy(f => f.DueAt).ToList();
        return new Model(procedure, patient.Label, patient.TimeZone, block, analysis.Threshold, pairReading, pairedWith,
            Warnings(procedure), corrections, scope.Can(Capability.LogProcedures), followUps, blinding);
    }

    private static IReadOnlyList<string> Warnings(Procedure p) => p.Kind switch
    {
        ProcedureKind.DiagnosticBlock when p.Technique is { } t && p.VolumeMlPerTarget is { } v => ProcedureLimits.VolumeWarnings(t, v),
        ProcedureKind.SteroidInjection when p.Steroid is { } s && p.SteroidDoseMg is { } mg => ProcedureLimits.SteroidDoseWarnings(s, mg),
        ProcedureKind.RfDenervation when p.RfMode is { } m && p.TemperatureC is { } c && p.LesionSeconds is { } sec => ProcedureLimits.RfWarnings(m, c, sec),
        _ => [],
    };
}
