using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Clinics;

/// <summary>The current user's clinics (all of them for the operator): another clinic is invisible, even its name.</summary>
public static class ListClinics
{
    public sealed record Query : IQuery<Result<IReadOnlyList<Item>>>;

    public sealed record Item(int Id, string Code, string Name, string TimeZone, int Members, bool RequireTwoFactor);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<IReadOnlyList<Item>>>
    {
        public async Task<Result<IReadOnlyList<Item>>> Handle(Query query, CancellationToken cancellationToken) =>
            Result.Ok(await ReadAsync(db, scope, cancellationToken));
    }

    /// <summary>The list itself, for the forms whose page shows it (<see cref="IFormPage{TForm}"/>).</summary>
    internal static async Task<IReadOnlyList<Item>> ReadAsync(RegistryDbContext db, ClinicScope scope, CancellationToken cancellationToken)
    {
        var clinics = db.Clinics.AsNoTracking();
        if (!scope.IsOperator)
        {
            var own = await scope.ClinicIdsAsync(cancellationToken);
            clinics = clinics.Where(c => own.Contains(c.Id));
        }
        return await clinics
            .OrderBy(c => c.Name)
            .Select(c => new Item(c.Id, c.Code, c.Name, c.TimeZone, db.ClinicMemberships.Count(m => m.ClinicId == c.Id), c.RequireTwoFactor))
            .ToListAsync(cancellationToken);
    }
}
