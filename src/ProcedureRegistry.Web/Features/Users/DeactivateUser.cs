using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// An Admin deactivates an account: it can no longer sign in (<see cref="ActiveAccountConfirmation"/>), and its new
/// security stamp ends its open sessions. Nothing of the user is deleted; the audit trail keeps naming them. An Admin
/// cannot deactivate themselves (see <see cref="Domain.Access.UserAdministration.CheckOwnChange"/> for why). A refusal
/// comes back with whom it is about, to show the confirmation again.
/// </summary>
public static class DeactivateUser
{
    public sealed class Command : ICommand<Result<FindUser.Target>>, IValidatedByItsHandler
    {
        public string? UserId { get; set; }
        public string AuditAction => "DeactivateUser";
    }

    public const string OwnAccount = "You cannot deactivate your own account: another Admin of your clinics must do it.";

    internal sealed class Handler(AdministeredUsers administered, UserManager<AppUser> users, ICurrentUser current, TimeProvider clock,
        InputErrors<Command> input) : IRequestHandler<Command, Result<FindUser.Target>>
    {
        public async Task<Result<FindUser.Target>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(command.UserId, cancellationToken) is not { } user)
            {
                return Fail.NotFound();
            }
            var target = FindUser.TargetOf(user);
            if (await input.RefusalAsync(command, cancellationToken) is { } invalid)
            {
                return Result<FindUser.Target>.Refused(invalid, target);
            }
            if (user.Id == current.UserId)
            {
                return Result<FindUser.Target>.Refused(Fail.Invalid("", OwnAccount), target);
            }
            if (user.DeactivatedAt is not null)
            {
                return Result<FindUser.Target>.Done(user.Id);
            }
            user.DeactivatedAt = clock.GetUtcNow();
            var saved = await users.UpdateSecurityStampAsync(user);
            return saved.Succeeded ? Result<FindUser.Target>.Done(user.Id) : Result<FindUser.Target>.Refused(UserSaveFailure.Of(saved).AsFailure(), target);
        }
    }
}
