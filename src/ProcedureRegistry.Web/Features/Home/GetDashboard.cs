using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Home;

/// <summary>The signed-in user's landing page: who they are, their clinics, and what their roles let them do.</summary>
public static class GetDashboard
{
    public sealed record Query : IQuery<Result<Model>>;

    public sealed record Model(
        string DisplayName,
        string Email,
        IReadOnlyList<string> Roles,
        IReadOnlyList<string> Clinics,
        IReadOnlyCollection<Capability> Capabilities);

    internal sealed class Handler(RegistryDbContext db, ICurrentUser user) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            var me = await db.Users.AsNoTracking()
                .Where(u => u.Id == user.UserId)
                .Select(u => new { u.DisplayName, u.Email })
                .SingleOrDefaultAsync(cancellationToken);
            if (me is null)
            {
                return Fail.NotFound();
            }

            var roles = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               where ur.UserId == user.UserId
                               orderby r.Name
                               select r.Name!).ToListAsync(cancellationToken);
            var clinics = await (from m in db.ClinicMemberships
                                 join c in db.Clinics on m.ClinicId equals c.Id
                                 where m.UserId == user.UserId
                                 orderby c.Name
                                 select c.Name).ToListAsync(cancellationToken);
            var capabilities = Enum.GetValues<Capability>().Where(c => Permissions.Allows(roles, c)).ToList();
            return Result.Ok(new Model(me.DisplayName, me.Email ?? "", roles, clinics, capabilities));
        }
    }
}
