using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>An Admin adds a follow-up point to a procedure kind's protocol; procedures logged afterwards get it.</summary>
public static class AddProtocolPoint
{
    public sealed class Command : ProtocolPointForm, ICommand<Result<int>>
    {
        public ProcedureKind? Kind { get; set; }
        public string AuditAction => "AddProtocolPoint";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).NotNull().WithMessage("Procedure kind is required.")
                .IsInEnum().WithMessage("Procedure kind must be a diagnostic block, a steroid injection or an RF denervation.");
            Include(new ProtocolPointFormValidator());
        }
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Command, Result<int>>
    {
        public async Task<Result<int>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageProtocols))
            {
                return Fail.Forbidden();
            }
            var kind = command.Kind!.Value;
            var label = command.Label!.Trim();
            if (await db.FollowUpProtocolPoints.AnyAsync(p => p.Kind == kind && p.Label == label, cancellationToken))
            {
                return Fail.Invalid(nameof(Command.Label), $"Label: the {EditProtocolPoint.Words(kind)} protocol already has a point labelled \u201c{label}\u201d.");
            }
            var point = new FollowUpProtocolPoint(kind, label, command.DaysAfter!.Value, command.WindowDaysBefore!.Value, command.WindowDaysAfter!.Value);
            db.FollowUpProtocolPoints.Add(point);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(point.Id, point.Id.ToString());
        }
    }
}
