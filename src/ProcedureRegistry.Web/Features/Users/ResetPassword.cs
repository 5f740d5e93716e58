using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Users;

/// <summary>
/// Gives a user a new random password (shown once) and lifts any lockout. The old password stops working at once, and
/// the new security stamp Identity sets ends every open session of the user at its next request.
/// </summary>
public static class ResetPassword
{
    public sealed class Command : ICommand<Result<Done>>
    {
        public string? UserId { get; set; }
        /// <summary>Alternative to <see cref="UserId"/>, for the command line.</summary>
        public string? Email { get; set; }
        public string AuditAction => "ResetPassword";
    }

    public sealed record Done(string Email, string NewPassword);

    internal sealed class Handler(UserManager<AppUser> users, AdministeredUsers administered) : IRequestHandler<Command, Result<Done>>
    {
        public async Task<Result<Done>> Handle(Command command, CancellationToken cancellationToken)
        {
            var userId = command.Email is { Length: > 0 } email ? (await users.FindByEmailAsync(email))?.Id : command.UserId;
            var user = await administered.FindAsync(userId, cancellationToken);
            if (user is null)
            {
                return Fail.NotFound();
            }

            var password = PasswordGenerator.Generate();
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, password);
            if (!reset.Succeeded)
            {
                return Fail.Invalid("", string.Join(" ", reset.Errors.Select(e => e.Description)));
            }
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return Result.Ok(new Done(user.Email!, password), user.Id);
        }
    }
}
