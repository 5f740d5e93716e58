using FluentValidation;
using MediatR;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Features.FollowUps;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Respond;

/// <summary>The patient's own answer through the reminder link: accepted once, while the window is open.</summary>
public static class AnswerFollowUp
{
    /// <summary>The form as the patient's page shows it (no patient or procedure detail on it).</summary>
    public sealed class Form
    {
        public string ClinicName { get; set; } = "";
        public DateTimeOffset ClosesAt { get; set; }
    }

    public sealed class Query : IAudited<Result<Form>>
    {
        public string? Token { get; set; }
        public string AuditAction => "OpenFollowUpLink";
    }

    /// <summary>The four questions (shared with the coordinators' phone form, rules included) and the link's token.</summary>
    public sealed class Command : FollowUpAnswerForm, ICommand<Result>
    {
        public string? Token { get; set; }
        public string AuditAction => "AnswerFollowUpByLink";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpAnswerValidator());
    }

    internal sealed class QueryHandler(RegistryDbContext db, TimeProvider clock) : IRequestHandler<Query, Result<Form>>
    {
        public async Task<Result<Form>> Handle(Query query, CancellationToken cancellationToken)
        {
            var link = await FollowUpLink.ResolveAsync(db, query.Token, clock.GetUtcNow(), cancellationToken);
            if (!link.Succeeded)
            {
                return link.AsFailure();
            }
            var open = link.Value!;
            return Result.Ok(new Form { ClinicName = open.ClinicName, ClosesAt = open.FollowUp.ClosesAt }, link.EntityId);
        }
    }

    internal sealed class Handler(RegistryDbContext db, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var link = await FollowUpLink.ResolveAsync(db, command.Token, now, cancellationToken);
            if (!link.Succeeded)
            {
                return Result.Failed(link.AsFailure());
            }
            var followUp = link.Value!.FollowUp;
            if (followUp.Answer(command.ToAnswer(), AnswerSource.Patient, null, now) is { } problem)
            {
                return Result.Conflict(problem);
            }
            // Two submissions racing: the second one's update finds the row's version moved and is refused.
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(followUp.Id.ToString());
        }
    }
}
