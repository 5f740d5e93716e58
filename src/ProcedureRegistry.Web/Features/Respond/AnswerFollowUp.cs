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
    /// <summary>Opens the link: the form's page, or why the link cannot be used.</summary>
    public sealed class Query : IAudited<Result<LinkPage>>
    {
        public string? Token { get; set; }
        public string AuditAction => "OpenFollowUpLink";
    }

    /// <summary>
    /// The four questions (shared with the coordinators' phone form, rules included) and the link's token. Its result
    /// carries the page whatever the outcome, so a refused answer is shown again from this one request (one audit row).
    /// </summary>
    public sealed class Command : FollowUpAnswerForm, ICommand<Result<LinkPage>>, IValidatedByItsHandler
    {
        public string? Token { get; set; }
        public string AuditAction => "AnswerFollowUpByLink";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new FollowUpAnswerValidator());
    }

    internal sealed class QueryHandler(RegistryDbContext db, TimeProvider clock) : IRequestHandler<Query, Result<LinkPage>>
    {
        public async Task<Result<LinkPage>> Handle(Query query, CancellationToken cancellationToken)
        {
            var (open, reason) = await FollowUpLink.ResolveAsync(db, query.Token, clock.GetUtcNow(), cancellationToken);
            return open is null ? FollowUpLink.Refusal(reason) : Result.Ok(open.Page, open.FollowUp.Id.ToString());
        }
    }

    internal sealed class Handler(RegistryDbContext db, TimeProvider clock, InputErrors<Command> input)
        : IRequestHandler<Command, Result<LinkPage>>
    {
        public async Task<Result<LinkPage>> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var (open, reason) = await FollowUpLink.ResolveAsync(db, command.Token, now, cancellationToken);
            if (open is null)
            {
                return FollowUpLink.Refusal(reason);
            }
            // Validated only now, after the link: a refused answer is shown again on the link's own page.
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return Result<LinkPage>.Refused(invalid, open.Page);
            }
            var followUp = open.FollowUp;
            if (followUp.Answer(command.ToAnswer(), AnswerSource.Patient, null, now) is { } problem)
            {
                return Result<LinkPage>.Refused(Fail.Conflict(problem), LinkPage.UnavailableBecause(LinkUnavailableReason.AlreadyAnswered));
            }
            // Two submissions racing: the second one's update finds the row's version moved and is refused.
            await db.SaveChangesAsync(cancellationToken);
            return Result.Ok(open.Page, followUp.Id.ToString());
        }
    }
}
