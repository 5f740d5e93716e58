using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>An Admin lets a deactivated account sign in again (with its existing password).</summary>
public static class ReactivateUser
{
    public sealed class Command : ICommand<Result>
    {
        public string? UserId { get; set; }
        public string AuditAction => "ReactivateUser";
    }

    internal sealed class Handler(AdministeredUsers administered, UserManager<AppUser> users) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await administered.FindAsync(command.UserId, cancellationToken) is not { } user)
            {
                return Result.NotFound();
            }
            if (user.DeactivatedAt is null)
            {
                return Result.Ok(user.Id);
            }
            user.DeactivatedAt = null;
            var saved = await users.UpdateAsync(user);
            return saved.Succeeded ? Result.Ok(user.Id) : UserSaveFailure.Of(saved);
        }
    }
}
