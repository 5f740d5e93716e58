using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

public static class SignOut
{
    public sealed class Command : IAudited<Result>
    {
        public string AuditAction => "SignOut";
    }

    internal sealed class Handler(SignInManager<AppUser> signIn, ICurrentUser user) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var userId = user.UserId;
            await signIn.SignOutAsync();
            return Result.Ok(userId);
        }
    }
}
