using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>The follow-up protocol of each procedure kind, for Admins: every point, active or not, by days after.</summary>
public static class ListProtocolPoints
{
    public sealed record Query : IQuery<Result<Model>>;

    public sealed record Point(int Id, string Label, int DaysAfter, int WindowDaysBefore, int WindowDaysAfter, bool Active, uint Version);

    public sealed record Model(IReadOnlyList<(ProcedureKind Kind, IReadOnlyList<Point> Points)> Kinds);

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageProtocols))
            {
                return Fail.Forbidden();
            }
            var points = await db.FollowUpProtocolPoints.AsNoTracking().OrderBy(p => p.DaysAfter).ThenBy(p => p.Id)
                .Select(p => new { p.Kind, Point = new Point(p.Id, p.Label, p.DaysAfter, p.WindowDaysBefore, p.WindowDaysAfter, p.Active, p.Version) })
                .ToListAsync(cancellationToken);
            var kinds = Enum.GetValues<ProcedureKind>()
                .Select(k => (k, (IReadOnlyList<Point>)[.. points.Where(p => p.Kind == k).Select(p => p.Point)]))
                .ToList();
            return Result.Ok(new Model(kinds));
        }
    }
}
