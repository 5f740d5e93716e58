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
/// cannot deactivate themselves (see <see cref="Domain.Access.UserAdministration.CheckOwnChange"/> for why).
/// </summary>
public static class DeactivateUser
{
    public sealed class Command : ICommand<Result>
    {
        public string? UserId { get; set; }
        public string AuditAction => "DeactivateUser";
    }

    public const string OwnAccount = "You cannot deactivate your own account: another Admin of your clinics must do it.";

    internal sealed class Handler(AdministeredUsers administered, UserManager<AppUser> users, ICurrentUser current, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(command.UserId, cancellationToken) is not { } user)
            {
                return Result.NotFound();
            }
            if (user.Id == current.UserId)
            {
                return Result.Invalid("", OwnAccount);
            }
            if (user.DeactivatedAt is not null)
            {
                return Result.Ok(user.Id);
            }
            user.DeactivatedAt = clock.GetUtcNow();
            var saved = await users.UpdateSecurityStampAsync(user);
            return saved.Succeeded ? Result.Ok(user.Id) : UserSaveFailure.Of(saved);
        }
    }
}
