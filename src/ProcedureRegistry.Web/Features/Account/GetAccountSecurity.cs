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
        public async Task<Result<Model>> Handle(Query query, CancellationToken cancellationToken) =>
            await users.SignedInAsync(current) is { } user ? Result.Ok(await ReadAsync(users, rules, user, cancellationToken), user.Id) : Fail.NotFound();
    }

    /// <summary>The page of <paramref name="user"/>; the commands on it show it again when refused.</summary>
    internal static async Task<Model> ReadAsync(UserManager<AppUser> users, TwoFactorRules rules, AppUser user, CancellationToken cancellationToken)
    {
        var enabled = await users.GetTwoFactorEnabledAsync(user);
        return new Model(user.Email!, enabled, enabled ? await users.CountRecoveryCodesAsync(user) : 0,
            await rules.RequirementAsync(user, cancellationToken));
    }
}
