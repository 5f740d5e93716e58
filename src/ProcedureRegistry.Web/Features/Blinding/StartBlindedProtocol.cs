using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Blinding;

/// <summary>
/// Starts a protocol: its allocation list is drawn now, with the cryptographic generator, and stored; from then on the
/// protocol and its list never change.
/// </summary>
public static class StartBlindedProtocol
{
    public sealed class Command : ICommand<Result<ListBlindedProtocols.Model>>
    {
        public int Id { get; set; }
        public uint Version { get; set; }
        public string AuditAction => "StartBlindedProtocol";
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, Result<ListBlindedProtocols.Model>>
    {
        public async Task<Result<ListBlindedProtocols.Model>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.DefineBlindedProtocols))
            {
                return Fail.Forbidden();
            }
            var clinics = await scope.ClinicIdsAsync(cancellationToken);
            var protocol = await db.ControlledBlockProtocols.SingleOrDefaultAsync(p => p.Id == command.Id && clinics.Contains(p.ClinicId), cancellationToken);
            if (protocol is null)
            {
                return Fail.NotFound();
            }
            if (protocol.IsStarted)
            {
                return Result<ListBlindedProtocols.Model>.Refused(
                    Fail.Invalid("", $"\u201c{protocol.Name}\u201d was started on {protocol.StartedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC; its list is drawn once."),
                    await ListBlindedProtocols.ReadAsync(db, scope, cancellationToken));
            }
            db.Entry(protocol).Property(p => p.Version).OriginalValue = command.Version;
            db.BlindedKits.AddRange(protocol.Start(clock.GetUtcNow(), user.UserName));
            await db.SaveChangesAsync(cancellationToken);
            return Result<ListBlindedProtocols.Model>.Done(protocol.Id.ToString());
        }
    }
}
