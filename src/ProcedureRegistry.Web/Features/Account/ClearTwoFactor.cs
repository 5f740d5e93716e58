using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>
/// The operator's way back in for someone who lost both their phone and their recovery codes (command line only):
/// turns two-factor sign-in off and retires the key and codes. The security stamp changes, so the user's sessions
/// end; an Admin, or staff of a clinic that requires it, is asked to enrol again right after the password step.
/// </summary>
public static class ClearTwoFactor
{
    public sealed class Command : ICommand<Result>
    {
        public string? Email { get; set; }
        public string AuditAction => "ClearTwoFactor";
    }

    internal sealed class Handler(UserManager<AppUser> users) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = command.Email is { Length: > 0 } email ? await users.FindByEmailAsync(email) : null;
            if (user is null)
            {
                return Result.NotFound();
            }
            await users.RetireTwoFactorAsync(user);
            return Result.Ok(user.Id);
        }
    }
}
