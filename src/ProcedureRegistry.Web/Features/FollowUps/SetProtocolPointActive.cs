using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// An Admin takes a protocol point out of use, or back into it. Points are never deleted: follow-ups planned from
/// them keep their label and dates, and procedures logged while a point is inactive do not get it.
/// </summary>
public static class SetProtocolPointActive
{
    public sealed class Command : ICommand<Result>
    {
        public int Id { get; set; }
        public uint Version { get; set; }
        public bool Active { get; set; }
        public string AuditAction => Active ? "ActivateProtocolPoint" : "DeactivateProtocolPoint";
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageProtocols))
            {
                return Result.Forbidden();
            }
            var point = await db.FollowUpProtocolPoints.SingleOrDefaultAsync(p => p.Id == command.Id, cancellationToken);
            if (point is null)
            {
                return Result.NotFound();
            }
            db.Entry(point).Property(p => p.Version).OriginalValue = command.Version;
            if (command.Active)
            {
                point.Activate();
            }
            else
            {
                point.Deactivate();
            }
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(point.Id.ToString());
        }
    }
}
