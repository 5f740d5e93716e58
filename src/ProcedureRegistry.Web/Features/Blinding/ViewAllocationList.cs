using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>
/// The preparer's view of a started protocol's list: each kit's code and what goes into its syringes, in the order they
/// are to be used within each stratum, and which block took each dose. Audited every time it is shown.
/// </summary>
public static class ViewAllocationList
{
    public sealed record Query(int Id) : IAudited<Result<Model>>
    {
        public string AuditAction => "ViewAllocationList";
    }

    public sealed record Kit(Stratum Stratum, int Position, int PermutedBlock, string KitCode, string Contents, IReadOnlyList<int> Blocks);

    public sealed record Model(int Id, string Name, ControlledDesign Design, DateTimeOffset StartedAt, IReadOnlyList<Kit> Kits);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.PrepareBlocks))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var protocol = await db.ControlledBlockProtocols.AsNoTracking()
                .SingleOrDefaultAsync(p => p.Id == query.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (protocol is null)
            {
                return Fail.NotFound();
            }
            if (protocol.StartedAt is not { } started)
            {
                return Fail.Invalid("", "This protocol has not been started: its list is drawn when it starts.");
            }
            var kits = await db.BlindedKits.AsNoTracking().Where(k => k.ProtocolId == protocol.Id)
                .OrderBy(k => k.Stratum).ThenBy(k => k.Position).ToListAsync(cancellationToken);
            var given = (await db.KitAllocations.AsNoTracking().Where(a => a.Kit!.ProtocolId == protocol.Id)
                    .Select(a => new { a.KitId, a.Dose, a.ProcedureId }).ToListAsync(cancellationToken))
                .ToLookup(a => a.KitId);
            return Result.Ok(new Model(protocol.Id, protocol.Name, protocol.Design, started,
                [.. kits.Select(k => new Kit(k.Stratum, k.Position, k.PermutedBlock, k.KitCode,
                    ControlledDesigns.Describe(k.Arm, protocol.PlaceboComparator),
                    [.. given[k.Id].OrderBy(a => a.Dose).Select(a => a.ProcedureId)]))]), protocol.Id.ToString());
        }
    }
}
