using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>The blinded protocols of the user's clinics, with how many kits each has and how many are given out. No arm is shown.</summary>
public static class ListBlindedProtocols
{
    public sealed record Query : IQuery<Result<Model>>;

    public sealed record Row(
        int Id, string Clinic, string Name, ControlledDesign Design, BlockAgent PlaceboComparator, Stratification Stratification,
        int[] BlockSizes, int KitsPerStratum, DateTimeOffset? StartedAt, string? StartedBy, int Kits, int Allocated, uint Version);

    public sealed record Model(IReadOnlyList<Row> Protocols, bool CanSeeLists);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.DefineBlindedProtocols) && !scope.Can(Capability.PrepareBlocks))
            {
                return Fail.Forbidden();
            }
            return Result.Ok(await ReadAsync(db, scope, cancellationToken));
        }
    }

    /// <summary>The page itself, which a refused start shows again.</summary>
    internal static async Task<Model> ReadAsync(RegistryDbContext db, ClinicScope scope, CancellationToken cancellationToken)
    {
        {
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var rows = await (from p in db.ControlledBlockProtocols
                              join c in db.Clinics on p.ClinicId equals c.Id
                              where clinics.Contains(p.ClinicId)
                              orderby c.Name, p.Name
                              select new Row(p.Id, c.Name, p.Name, p.Design, p.PlaceboComparator, p.Stratification, p.BlockSizes, p.KitsPerStratum,
                                  p.StartedAt, p.StartedByName,
                                  db.BlindedKits.Count(k => k.ProtocolId == p.Id),
                                  db.KitAllocations.Count(a => a.Kit!.ProtocolId == p.Id), p.Version))
                .AsNoTracking().ToListAsync(cancellationToken);
            return new Model(rows, scope.Can(Capability.PrepareBlocks));
        }
    }
}
