using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Patients;

/// <summary>The clinics the signed-in user belongs to, for the clinic choice on patient forms.</summary>
public static class ListMyClinics
{
    public sealed record Query : IQuery<Result<IReadOnlyList<Item>>>;

    public sealed record Item(int Id, string Code, string Name);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<IReadOnlyList<Item>>>
    {
        public async Task<Result<IReadOnlyList<Item>>> Handle(Query query, CancellationToken cancellationToken) =>
            Result.Ok(await ReadAsync(db, scope, cancellationToken));
    }

    /// <summary>The list itself, for the forms whose page shows it (<see cref="IFormPage{TForm}"/>).</summary>
    internal static async Task<IReadOnlyList<Item>> ReadAsync(RegistryDbContext db, ClinicScope scope, CancellationToken cancellationToken)
    {
        var ids = await scope.ClinicIdsAsync(cancellationToken);
        return await db.Clinics.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new Item(c.Id, c.Code, c.Name)).ToListAsync(cancellationToken);
    }
}
