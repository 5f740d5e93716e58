using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
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
        IReadOnlyCollection<Capability> Capabilities,
        FollowUpCounts? FollowUps = null);

    /// <summary>What waits on the worklist today, for users who work it.</summary>
    public sealed record FollowUpCounts(int DueToday, int Overdue, int FailedReminders);

    internal sealed class Handler(RegistryDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, Result<Model>>
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
            FollowUpCounts? followUps = null;
            if (capabilities.Contains(Capability.WorkFollowUps))
            {
                var clinicIds = await db.ClinicMemberships.Where(m => m.UserId == user.UserId).Select(m => m.ClinicId).ToListAsync(cancellationToken);
                var now = clock.GetUtcNow();
                var days = await FollowUpRows.TodayAsync(db, clinicIds, now, cancellationToken);
                var mine = db.FollowUps.AsNoTracking().InClinics(clinicIds);
                followUps = new FollowUpCounts(
                    await mine.InBucket(WorklistBucket.DueToday, days, now).CountAsync(cancellationToken),
                    await mine.InBucket(WorklistBucket.Overdue, days, now).CountAsync(cancellationToken),
                    await mine.WithFailedReminder(db, now).CountAsync(cancellationToken));
            }
            return Result.Ok(new Model(me.DisplayName, me.Email ?? "", roles, clinics, capabilities, followUps));
        }
    }
}
