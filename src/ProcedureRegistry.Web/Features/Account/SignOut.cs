using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>Signs the user out of every session they have, not only this browser.</summary>
public static class SignOut
{
    public sealed class Command : IAudited<Result>
    {
        public string AuditAction => "SignOut";
    }

    internal sealed class Handler(SignInManager<AppUser> signIn, UserManager<AppUser> users, ICurrentUser user) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var userId = user.UserId;
            // Deleting the browser's cookie does not revoke it: a copy would still work. A new security stamp makes
            // every cookie of this user (this one, its copies, the user's other sessions) fail the stamp check that
            // runs on each request.
            if (userId is not null && await users.FindByIdAsync(userId) is { } account)
            {
                await users.UpdateSecurityStampAsync(account);
            }
            await signIn.SignOutAsync();
            return Result.Ok(userId);
        }
    }
}
