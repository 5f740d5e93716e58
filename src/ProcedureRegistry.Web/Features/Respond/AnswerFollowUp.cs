using FluentValidation;
using MediatR;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Web.Data;
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

    public sealed class Command : ICommand<Result>
    {
        public string? Token { get; set; }
        public int? Pain { get; set; }
        public int? ReliefPercent { get; set; }
        public int? Pgic { get; set; }
        public bool? OtherTreatment { get; set; }
        public string AuditAction => "AnswerFollowUpByLink";

        public FollowUpAnswer ToAnswer() => new(Pain!.Value, ReliefPercent!.Value, Pgic!.Value, OtherTreatment!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Pain).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Pain now is required: choose a number from 0 to 10.")
                .InclusiveBetween(FollowUpAnswer.PainMin, FollowUpAnswer.PainMax).WithMessage("Pain now must be a whole number from 0 to 10.");
            RuleFor(c => c.ReliefPercent).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Relief is required: give a percentage from 0 to 100.")
                .InclusiveBetween(FollowUpAnswer.ReliefMin, FollowUpAnswer.ReliefMax).WithMessage("Relief must be from 0 to 100 %.");
            RuleFor(c => c.Pgic).Cascade(CascadeMode.Stop)
                .NotNull().WithMessage("Global impression of change is required: choose one answer.")
                .InclusiveBetween(FollowUpAnswer.PgicMin, FollowUpAnswer.PgicMax).WithMessage("Global impression of change must be from 1 to 7.");
            RuleFor(c => c.OtherTreatment).NotNull().WithMessage("Other pain treatment: answer yes or no.");
        }
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
