using MediatR;
using Microsoft.AspNetCore.Identity;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Account;

/// <summary>The signed-in user's account security page: two-factor status and whether they may turn it off.</summary>
public static class GetAccountSecurity
{
    public sealed record Query : IQuery<Result<Model>>;

    public sealed record Model(string Email, bool TwoFactorEnabled, int RecoveryCodesLeft, TwoFactorRequirement Requirement);

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser current, TwoFactorRules rules) : IRequestHandler<Query, Result<Model>>
    {
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken)
        {
            var user = await users.SignedInAsync(current);
            if (user is null)
            {
                return Fail.NotFound();
            }
            var enabled = await users.GetTwoFactorEnabledAsync(user);
            return Result.Ok(new Model(user.Email!, enabled, enabled ? await users.CountRecoveryCodesAsync(user) : 0,
                await rules.RequirementAsync(user, cancellationToken)), user.Id);
        }
    }
}
