using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.FollowUps;

/// <summary>
/// An Admin changes a protocol point's label, due day or window. Procedures logged afterwards get the new point;
/// follow-ups already planned keep theirs. A stale form (someone saved in between) conflicts.
/// </summary>
public static class EditProtocolPoint
{
    public sealed record Query(int Id) : IQuery<Result<Command>>;

    public sealed class Command : ProtocolPointForm, ICommand<Result>
    {
        public int Id { get; set; }
        public uint Version { get; set; }
        /// <summary>Shown on the form; not changeable (a point belongs to one kind).</summary>
        public ProcedureKind Kind { get; set; }
        public string AuditAction => "EditProtocolPoint";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new ProtocolPointFormValidator());
    }

    internal sealed class QueryHandler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<Command>>
    {
        public async Task<Result<Command>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.ManageProtocols))
            {
                return Fail.Forbidden();
            }
            var point = await db.FollowUpProtocolPoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == query.Id, cancellationToken);
            return point is null
                ? Fail.NotFound()
                : Result.Ok(new Command
                {
                    Id = point.Id, Version = point.Version, Kind = point.Kind, Label = point.Label, DaysAfter = point.DaysAfter,
                    WindowDaysBefore = point.WindowDaysBefore, WindowDaysAfter = point.WindowDaysAfter,
                });
        }
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
            var label = command.Label!.Trim();
            if (await db.FollowUpProtocolPoints.AnyAsync(p => p.Kind == point.Kind && p.Label == label && p.Id != point.Id, cancellationToken))
            {
                return Result.Invalid(nameof(Command.Label), $"Label: the {Words(point.Kind)} protocol already has a point labelled \u201c{label}\u201d.");
            }
            db.Entry(point).Property(p => p.Version).OriginalValue = command.Version;
            point.Change(label, command.DaysAfter!.Value, command.WindowDaysBefore!.Value, command.WindowDaysAfter!.Value);
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(point.Id.ToString());
        }
    }

    internal static string Words(ProcedureKind kind) => Infrastructure.Web.EnumOptions.Words(kind.ToString()).ToLowerInvariant()
        .Replace("rf ", "RF ");
}
